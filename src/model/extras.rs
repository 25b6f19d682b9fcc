//! A post's front matter fields that kiji does not interpret.

use std::fmt;

/// Field names with their display strings, in name order, each name once: a map for the
/// handful of fields a post has. Not a `BTreeMap`, whose smallest node is over 500 bytes: half
/// of a Jekyll site's posts have one such field (`layout: post`), and a library of 100,000
/// posts paid for that node 50,000 times.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Extras(Vec<(String, String)>);

impl Extras {
    pub fn new() -> Extras {
        Extras::default()
    }

    pub fn get(&self, name: &str) -> Option<&String> {
        let at = self.find(name).ok()?;
        Some(&self.0[at].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`, giving back the value it replaces.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.find(&name) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (name, value));
                None
            }
        }
    }

    /// Each name and value, in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &String)> {
        self.0.iter().map(|(name, value)| (name, value))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }
}

/// Like a map collected: a name given twice keeps its last value. Sorted once, so a front
/// matter of many fields costs `n log n`, not `n` insertions into a vector.
impl FromIterator<(String, String)> for Extras {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(fields: I) -> Extras {
        let mut fields: Vec<(String, String)> = fields.into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        // Of equal names (kept in the order given) the first stays: it takes the last value.
        fields.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        fields.shrink_to_fit();
        Extras(fields)
    }
}

impl IntoIterator for Extras {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::ops::Index<&str> for Extras {
    type Output = String;

    fn index(&self, name: &str) -> &String {
        self.get(name)
            .unwrap_or_else(|| panic!("no field {name:?} among the extras"))
    }
}

/// As a map prints.
impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    proptest::proptest! {
        /// Built, changed and read as a `BTreeMap` of the same fields is.
        #[test]
        fn extras_behave_as_a_map(
            fields in proptest::collection::vec(("[a-d]{0,2}", "[x-z]{0,2}"), 0..12),
            more in proptest::collection::vec(("[a-d]{0,2}", "[x-z]{0,2}"), 0..6),
        ) {
            let mut extras: Extras = fields.iter().cloned().collect();
            let mut map: BTreeMap<String, String> = fields.into_iter().collect();
            for (name, value) in more {
                proptest::prop_assert_eq!(
                    extras.insert(name.clone(), value.clone()),
                    map.insert(name, value)
                );
            }
            proptest::prop_assert!(extras.iter().eq(map.iter()));
            proptest::prop_assert_eq!(extras.len(), map.len());
            for name in ["", "a", "ab", "d", "e"] {
                proptest::prop_assert_eq!(extras.get(name), map.get(name));
                proptest::prop_assert_eq!(extras.contains_key(name), map.contains_key(name));
            }
            proptest::prop_assert_eq!(format!("{extras:?}"), format!("{map:?}"));
        }
    }
}
