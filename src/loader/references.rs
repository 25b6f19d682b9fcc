//! Link reference definitions, `[label]: destination`. In running text `[text]` and
//! `[text][label]` are links only when the label is defined somewhere in the body, before or
//! after; otherwise they are literal text, brackets and all. The labels are gathered the first
//! time a paragraph needs one, so bodies that use only inline links never pay for it.

use std::collections::HashSet;

/// The link and footnote labels a body defines.
#[derive(Default)]
pub struct References<'a> {
    body: &'a str,
    labels: Option<Labels>,
}

/// What may follow a definition's line as part of it.
enum Continuation<'a> {
    Nothing,
    /// The label (not yet defined) ended its line at the `:`.
    Destination(&'a str),
    Title,
}

#[derive(Default)]
struct Labels {
    links: HashSet<String>,
    footnotes: HashSet<String>,
}

impl<'a> References<'a> {
    pub fn new(body: &'a str) -> Self {
        Self { body, labels: None }
    }

    pub fn defines(&mut self, label: &str) -> bool {
        self.labels().links.contains(&normalize(label))
    }

    /// Whether `[^label]` is a footnote reference: only when the footnote is defined, as
    /// with links; `[^a-z]` in a regular expression is text.
    pub fn defines_footnote(&mut self, label: &str) -> bool {
        self.labels().footnotes.contains(&normalize(label))
    }

    fn labels(&mut self) -> &Labels {
        let body = self.body;
        self.labels.get_or_insert_with(|| {
            let mut labels = Labels::default();
            // A definition cannot interrupt a paragraph: after a line of prose, `[3]: /u` is
            // more prose. The lines a definition itself runs over (a destination or title
            // on the next line) are not prose.
            let mut after_prose = false;
            let mut expected = Continuation::Nothing;
            for line in body.split('\n') {
                let line = line.trim_start_matches([' ', '\t', '>']);
                let line = line.strip_suffix('\r').unwrap_or(line);
                let was_expected = std::mem::replace(&mut expected, Continuation::Nothing);
                if let Continuation::Destination(_) = was_expected
                    && !is_destination(line)
                {
                    // The label line was prose, and this line may continue it.
                    after_prose = !line.trim().is_empty();
                }
                if let Some(label) = definition_label(line).filter(|_| !after_prose) {
                    expected = if destination_may_follow(line) {
                        // Defined only if a destination follows.
                        Continuation::Destination(label)
                    } else if title_may_follow(line) {
                        labels.links.insert(normalize(label));
                        Continuation::Title
                    } else {
                        labels.links.insert(normalize(label));
                        Continuation::Nothing
                    };
                    continue;
                }
                match was_expected {
                    Continuation::Destination(label) if is_destination(line) => {
                        labels.links.insert(normalize(label));
                        if destination_without_title(line) {
                            expected = Continuation::Title;
                        }
                        continue;
                    }
                    Continuation::Title if is_title(line) => continue,
                    _ => {}
                }
                if let Some((label, _)) = footnote_definition(line) {
                    labels.footnotes.insert(normalize(label));
                }
                after_prose = !line.trim().is_empty() && !line.starts_with(['#', '`', '~']);
            }
            labels
        })
    }
}

/// Labels match ignoring case and runs of blank.
fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The label of the link reference definition `[label]: destination "title"` that `text`
/// is, if it is one.
pub fn definition_label(text: &str) -> Option<&str> {
    definition(text).map(|(label, _)| label)
}

/// Whether the definition line `text` ends before its title, which may then follow on the
/// next line.
pub fn title_may_follow(text: &str) -> bool {
    definition(text).is_some_and(|(_, ends)| ends != LineEnds::AfterTitle)
}

/// Whether the definition line `text` ends at its label's `:`, so that its destination
/// must come on the next line (`[x]: https://…#examples:` does not).
pub fn destination_may_follow(text: &str) -> bool {
    definition(text).is_some_and(|(_, ends)| ends == LineEnds::AtLabel)
}

#[derive(PartialEq, Eq)]
enum LineEnds {
    AtLabel,
    AfterDestination,
    AfterTitle,
}

/// The label of a definition and how far its line goes.
fn definition(text: &str) -> Option<(&str, LineEnds)> {
    let inner = text
        .strip_prefix('[')
        .filter(|inner| !inner.starts_with('^'))?;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() && bytes[i] != b']' {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => return None,
            _ => {}
        }
        i += 1;
    }
    let label = inner.get(..i)?;
    if i > 999 || label.trim().is_empty() || bytes.get(i + 1) != Some(&b':') {
        return None;
    }
    let rest = inner[i + 2..].trim_start_matches([' ', '\t']);
    let (destination, after) = match rest.strip_prefix('<') {
        Some(bracketed) => match bracketed.find('>') {
            Some(close) => (&bracketed[..close], &bracketed[close + 1..]),
            None => return None,
        },
        None => {
            let end = rest.find([' ', '\t']).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        }
    };
    // An empty destination is allowed only in `<>`, or when it follows on the next line.
    if destination.is_empty() && !rest.starts_with('<') {
        return rest.is_empty().then_some((label, LineEnds::AtLabel));
    }
    let title = after.trim_matches([' ', '\t']);
    if title.is_empty() {
        return Some((label, LineEnds::AfterDestination));
    }
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    is_title(title).then_some((label, LineEnds::AfterTitle))
}

/// `"title"`, `'title'` or `(title)`, whole.
pub fn is_title(text: &str) -> bool {
    let title = text.trim_matches([' ', '\t']);
    let quoted = |open: char, close: char| {
        title.len() >= 2 && title.starts_with(open) && title.ends_with(close)
    };
    quoted('"', '"') || quoted('\'', '\'') || quoted('(', ')')
}

/// `[^label]: text`: the label and text of a footnote definition.
pub fn footnote_definition(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix("[^")?;
    let close = inner.find(']')?;
    let label = &inner[..close];
    if label.is_empty() || label.contains([' ', '\t', '[']) {
        return None;
    }
    let rest = inner[close + 1..].strip_prefix(':')?;
    Some((label, rest.trim_start_matches([' ', '\t'])))
}

/// Whether `text` is the destination (and title) of a definition whose label ended the line
/// before.
pub fn is_destination(text: &str) -> bool {
    definition_label(&format!("[x]: {text}")).is_some() && !text.trim().is_empty()
}

/// Whether the destination line `text` (see [`is_destination`]) ends before its title.
pub fn destination_without_title(text: &str) -> bool {
    title_may_follow(&format!("[x]: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_recognised_with_or_without_a_title() {
        assert_eq!(definition_label("[docs]: https://docs.rs"), Some("docs"));
        assert_eq!(definition_label("[a b]: <x y> \"T\""), Some("a b"));
        assert_eq!(definition_label("[x]: /u 'title'"), Some("x"));
        // Prose that merely starts like one.
        assert_eq!(definition_label("[注意]: this is important"), None);
        assert_eq!(definition_label("[^1]: a footnote"), None);
        assert_eq!(definition_label("[]: /u"), None);
        // The destination may follow on the next line.
        assert_eq!(definition_label("[`code` label]:"), Some("`code` label"));
        assert!(is_destination("  https://example.com/x \"T\""));
        assert!(!is_destination("some words of prose"));
    }

    #[test]
    fn a_title_may_follow_a_definition_that_has_none() {
        assert!(title_may_follow("[x]: /u"));
        assert!(title_may_follow("[x]:"));
        assert!(!title_may_follow("[x]: /u \"T\""));
        assert!(destination_may_follow("[x]:"));
        assert!(!destination_may_follow("[x]: https://x.y/#examples:"));
        assert!(destination_without_title("  https://example.com/x"));
        assert!(!destination_without_title("https://example.com/x (T)"));
        assert!(is_title("  \"Title on the next line\""));
        assert!(!is_title("\"unclosed"));
    }

    #[test]
    fn a_definition_cannot_interrupt_a_paragraph() {
        let mut refs =
            References::new("[a]: /a\n[b]: {{ liquid }}/b\n[c]: /c\n\n[d]:\n/d\n'T'\n[e]: /e\n");
        assert!(refs.defines("a"));
        // `[b]`'s title is not one, so it is prose, and `[c]` continues that paragraph.
        assert!(!refs.defines("b"));
        assert!(!refs.defines("c"));
        // A destination and a title on lines of their own are the definition's.
        assert!(refs.defines("d"));
        assert!(refs.defines("e"));
        // After a whole destination only a title may follow; a word is prose.
        let mut refs = References::new("[f]: /f\nword\n[g]: /g\n");
        assert!(refs.defines("f"));
        assert!(!refs.defines("g"));
        // A label whose destination never comes defines nothing.
        let mut refs = References::new("[h]:\n\n[i]:\n- item\n\n[j]:\n[k]: /k\n");
        assert!(!refs.defines("h"));
        assert!(!refs.defines("i"));
        assert!(!refs.defines("j"));
        assert!(!refs.defines("k"));
    }

    #[test]
    fn labels_match_ignoring_case_and_spacing() {
        let mut refs = References::new("text [x]\n\n[Rust  Blog]: https://blog.rust-lang.org\n");
        assert!(refs.defines("rust blog"));
        assert!(refs.defines("RUST\nBLOG"));
        assert!(!refs.defines("x"));
    }
}
