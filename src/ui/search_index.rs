//! Which posts a search matches, over the whole library: every post's title, labels and body
//! folded once (on the first search, on every core), and the last answer kept so that a
//! query that only grew narrows the last matches instead of scanning everything again.

use rayon::prelude::*;

use crate::model::Post;

use super::search::{Query, fold};

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Title, labels and body of every post, folded; built on the first search.
    folded: Option<Vec<String>>,
    /// The posts the last query matched, to narrow from as the query grows.
    last: Option<(Query, Vec<usize>)>,
}

impl SearchIndex {
    /// The posts (indices into `posts`, ascending) that `query` matches, or `None` when
    /// there is no query.
    pub fn matches(&mut self, posts: &[Post], query: &Query) -> Option<Vec<usize>> {
        if query.is_empty() {
            self.last = None;
            return None;
        }
        let folded = self.folded.get_or_insert_with(|| {
            posts
                .par_iter()
                .map(|p| {
                    let labels: Vec<&str> = p.labels().collect();
                    fold(&format!("{}\n{}\n{}", p.title, labels.join(" "), p.body))
                })
                .collect()
        });
        let matches: Vec<usize> = match &self.last {
            Some((last, candidates)) if query.refines(last) => candidates
                .par_iter()
                .copied()
                .filter(|&i| query.matches_folded(&folded[i]))
                .collect(),
            _ => (0..folded.len())
                .into_par_iter()
                .filter(|&i| query.matches_folded(&folded[i]))
                .collect(),
        };
        self.last = Some((query.clone(), matches.clone()));
        Some(matches)
    }
}
