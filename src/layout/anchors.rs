//! Heading ids as site generators make them, so that `#section` and `other.md#section` find
//! the heading a link means: the explicit `{#id}` an author wrote, GitHub/goldmark ids
//! (Hugo's default: letters of every script kept, CJK included) and kramdown's (Jekyll's
//! default: ASCII letters and digits only). A fragment names a heading when it equals any of
//! them, the second heading with the same id being `id-1`, as both generators number them.

use std::collections::HashMap;

use super::Heading;

/// The row of the heading that `fragment` (as written after `#`, percent-encoded or not)
/// names, if any. Linear in the headings' text.
pub fn find(headings: &[Heading], fragment: &str) -> Option<usize> {
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let fragment = fragment.trim();
    if fragment.is_empty() {
        return None;
    }
    let wanted_slug = github_slug(fragment);
    let mut github_seen = HashMap::new();
    let mut kramdown_seen = HashMap::new();
    let mut loose = None;
    for heading in headings {
        let (text, explicit) = (heading.text.as_str(), heading.id.as_deref());
        let github = numbered(github_slug(text), &mut github_seen);
        let kramdown = numbered(kramdown_slug(text), &mut kramdown_seen);
        if explicit == Some(fragment) || github == fragment || kramdown == fragment {
            return Some(heading.row);
        }
        // A fragment written by hand (`#My Section`, `#Ｓｅｃｔｉｏｎ`) as the heading's slug.
        if loose.is_none() && !wanted_slug.is_empty() && github_slug(text) == wanted_slug {
            loose = Some(heading.row);
        }
    }
    loose
}

/// `id`, or `id-n` for the n-th repeat of it, as both generators number repeats.
fn numbered(id: String, seen: &mut HashMap<String, usize>) -> String {
    let count = seen.entry(id.clone()).or_insert(0);
    let out = if *count == 0 {
        id
    } else {
        format!("{id}-{count}")
    };
    *count += 1;
    out
}

/// GitHub's and goldmark's rule: lower case; letters, digits, `-` and `_` kept; spaces
/// become `-`; everything else dropped.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// kramdown's rule without transliteration: leading characters up to the first ASCII letter
/// dropped, then only ASCII letters, digits, spaces and `-` kept, spaces become `-`, lower
/// case; `section` when nothing is left.
pub fn kramdown_slug(text: &str) -> String {
    let from_letter = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let slug: String = from_letter
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(texts: &[&str]) -> Vec<Heading> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // As layout gives them: the `{#id}` taken off the words.
                let (text, id) = match crate::markdown_chars::heading_attributes(t) {
                    Some((at, id)) => (t[..at].trim_end(), id),
                    None => (*t, None),
                };
                Heading {
                    level: 2,
                    text: text.to_string(),
                    id: id.map(str::to_string),
                    row: i * 10,
                }
            })
            .collect()
    }

    #[test]
    fn github_and_goldmark_ids_keep_cjk_and_drop_punctuation() {
        assert_eq!(github_slug("Hello, World!"), "hello-world");
        assert_eq!(
            github_slug("日本語の見出し（その2）"),
            "日本語の見出しその2"
        );
        assert_eq!(github_slug("snake_case and-dash"), "snake_case-and-dash");
    }

    #[test]
    fn kramdown_ids_are_ascii_and_start_with_a_letter() {
        assert_eq!(kramdown_slug("1. Getting Started!"), "getting-started");
        assert_eq!(kramdown_slug("日本語"), "section");
    }

    #[test]
    fn a_fragment_finds_its_heading_by_any_rule() {
        let hs = headings(&["Intro", "日本語の見出し", "Set-up & Use", "Custom {#mine}"]);
        assert_eq!(find(&hs, "intro"), Some(0));
        assert_eq!(find(&hs, "日本語の見出し"), Some(10));
        assert_eq!(
            find(
                &hs,
                "%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E8%A6%8B%E5%87%BA%E3%81%97"
            ),
            Some(10),
            "percent-encoded"
        );
        assert_eq!(
            find(&hs, "set-up--use"),
            Some(20),
            "goldmark keeps both dashes"
        );
        assert_eq!(find(&hs, "mine"), Some(30), "explicit id");
        assert_eq!(find(&hs, "custom"), Some(30));
        assert_eq!(find(&hs, "absent"), None);
        assert_eq!(find(&hs, ""), None);
    }

    #[test]
    fn repeated_headings_are_numbered_from_the_second() {
        let hs = headings(&["Notes", "Other", "Notes"]);
        assert_eq!(find(&hs, "notes"), Some(0));
        assert_eq!(find(&hs, "notes-1"), Some(20));
    }
}
