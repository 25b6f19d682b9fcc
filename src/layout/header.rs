//! The rows above a post's body: title, then date, author and reading time, then its
//! categories and tags, then a rule. Reading time is `≈ N min` (`~ N min` where ambiguous-width
//! characters are wide) at the reader's rates, with the value the front matter declared beside
//! it when there is one. An author written as a Markdown link (`[Name](https://…)`, as sites'
//! defaults often give it) shows as its name, a link numbered before the body's links
//! ([`link_targets`]).

use super::flow::StyledText;
use super::tree::{InlineItem, SpanStyle};
use super::width::str_width;
use super::{Options, Role, Row, Span};
use crate::model::{Post, ReadingRates};
use crate::style::StructureGlyphs;
use crate::text::sanitize;

pub fn header_rows(post: &Post, rates: ReadingRates, options: &Options) -> Vec<Row> {
    let width = options.width.max(2);
    let amb = options.ambiguous_wide;
    let glyphs = StructureGlyphs::for_terminal(amb);
    let mut rows = Vec::new();
    let mut add = |pieces: Vec<InlineItem>| {
        let flow = StyledText::new(&pieces);
        for row in flow.rows(width, width, amb) {
            rows.push(Row {
                spans: row.spans,
                source_offset: 0,
                scrolls_from: None,
            });
        }
    };
    let piece =
        |text: &str, role: Role| InlineItem::text(sanitize::strip(text), SpanStyle::plain(role), 0);

    let title = post.title.trim();
    if !title.is_empty() {
        add(vec![piece(title, Role::Title)]);
    }

    let plain = |text: String| vec![(text, Role::Metadata)];
    let mut facts: Vec<Vec<(String, Role)>> = Vec::new();
    if let Some(date) = &post.date {
        facts.push(plain(date.to_string()));
    }
    let author = author_pieces(post);
    if !author.is_empty() {
        // Link numbers follow the order of the addresses, as the body's do (see `layout_post`).
        let mut numbers: Vec<&str> = Vec::new();
        let mut pieces = Vec::new();
        for piece in author {
            match piece {
                AuthorPiece::Text(text) => pieces.push((text.to_string(), Role::Metadata)),
                AuthorPiece::Link { text, target } => {
                    let number = match numbers.iter().position(|t| *t == target) {
                        Some(i) => i + 1,
                        None => {
                            numbers.push(target);
                            numbers.len()
                        }
                    };
                    pieces.push((text.to_string(), Role::Link));
                    pieces.push((format!("[{number}]"), Role::LinkRef));
                }
            }
        }
        facts.push(pieces);
    }
    // Folded, the reader shows each passage once, and the estimate counts what it shows.
    let folded = options.fold_repeats && post.repeats.chars > 0;
    let minutes = if folded {
        post.unique_reading_minutes(rates)
    } else {
        post.reading_minutes(rates)
    };
    let approx = glyphs.approx;
    let time = match post.declared_reading_minutes {
        Some(declared) => format!("{approx} {minutes} min (declared {declared} min)"),
        None => format!("{approx} {minutes} min"),
    };
    facts.push(plain(time));
    if folded {
        // A post with a fold says so: a few repeated lines in a long post are not "0%".
        let percent = (post.repeated_ratio(rates) * 100.0).round();
        facts.push(plain(if percent < 1.0 {
            "<1% repeated".to_string()
        } else {
            format!("{percent}% repeated")
        }));
    }
    if post.draft {
        facts.push(plain("draft".to_string()));
    }
    for line in pack_whole(&facts, glyphs.separator, width, amb) {
        add(line
            .into_iter()
            .map(|(text, role)| piece(&text, role))
            .collect());
    }

    // A label that is both a category and a tag (sites often repeat one) is shown once, as
    // the category.
    let is_category = |tag: &str| {
        post.categories
            .iter()
            .any(|c| crate::model::label_key(c) == crate::model::label_key(tag))
    };
    let labels: Vec<String> = post
        .categories
        .iter()
        .map(|c| c.trim().to_string())
        .chain(
            post.tags
                .iter()
                .filter(|t| !is_category(t))
                .map(|t| format!("#{}", t.trim())),
        )
        .filter(|l| !l.is_empty() && l != "#")
        .collect();
    let labels: Vec<Vec<(String, Role)>> =
        labels.into_iter().map(|l| vec![(l, Role::Tag)]).collect();
    for line in pack_whole(&labels, " ", width, amb) {
        add(line
            .into_iter()
            .map(|(text, role)| piece(&text, role))
            .collect());
    }

    let cell = str_width(glyphs.rule, amb).max(1);
    rows.push(Row {
        spans: vec![Span {
            text: glyphs.rule.repeat(width / cell),
            role: Role::Rule,
            inline: Default::default(),
        }],
        source_offset: 0,
        scrolls_from: None,
    });
    rows.push(Row::default());
    rows
}

/// Packs items (each one or more styled pieces) into rows of `width` cells, each item whole (a
/// fact such as `≈ 12 min (declared 10 min)` or a tag such as `#日本語` is never split, though
/// line breaking would split it between ideographs), joined by `separator`. Only an item wider
/// than a row on its own is left for the caller's line breaking to split.
fn pack_whole(
    items: &[Vec<(String, Role)>],
    separator: &str,
    width: usize,
    amb: bool,
) -> Vec<Vec<(String, Role)>> {
    let gap = str_width(separator, amb);
    let mut lines: Vec<Vec<(String, Role)>> = Vec::new();
    let mut used = 0;
    for item in items {
        let last = item.len().saturating_sub(1);
        let pieces: Vec<(String, Role)> = item
            .iter()
            .enumerate()
            .map(|(i, (text, role))| {
                // Only the item's own ends are trimmed: spaces between its pieces stay.
                let text = match (i == 0, i == last) {
                    (true, true) => text.trim(),
                    (true, false) => text.trim_start(),
                    (false, true) => text.trim_end(),
                    (false, false) => text.as_str(),
                };
                (sanitize::strip(text).into_owned(), *role)
            })
            .filter(|(text, _)| !text.is_empty())
            .collect();
        let w: usize = pieces.iter().map(|(t, _)| str_width(t, amb)).sum();
        if pieces.is_empty() {
            continue;
        }
        match lines.last_mut() {
            Some(line) if !line.is_empty() && used + gap + w <= width => {
                line.push((separator.to_string(), Role::Metadata));
                line.extend(pieces);
                used += gap + w;
            }
            _ => {
                lines.push(pieces);
                used = w;
            }
        }
    }
    lines
}

/// A piece of the author field: plain text, or a Markdown link's text and address.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AuthorPiece<'a> {
    Text(&'a str),
    Link { text: &'a str, target: &'a str },
}

/// The author field, trimmed, cut into text and `[Name](address)` links (a title after the
/// address, `"…"`, is dropped; `<address>` loses its brackets). Linear; nothing nests.
fn author_pieces(post: &Post) -> Vec<AuthorPiece<'_>> {
    let Some(author) = post.author.as_deref().map(str::trim) else {
        return Vec::new();
    };
    let mut pieces = Vec::new();
    let mut rest = author;
    while !rest.is_empty() {
        let Some((before, text, target, after)) = next_link(rest) else {
            pieces.push(AuthorPiece::Text(rest));
            break;
        };
        if !before.is_empty() {
            pieces.push(AuthorPiece::Text(before));
        }
        pieces.push(AuthorPiece::Link { text, target });
        rest = after;
    }
    pieces
}

/// The first `[text](target)` in `s`: the text before it, its parts, and the text after it.
fn next_link(s: &str) -> Option<(&str, &str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|i| i + from) {
        let close = open + 1 + s[open + 1..].find(']')?;
        let text = &s[open + 1..close];
        if text.contains('[') || text.trim().is_empty() || !s[close + 1..].starts_with('(') {
            from = open + 1;
            continue;
        }
        let inside_start = close + 2;
        let end = inside_start + s[inside_start..].find(')')?;
        let inside = s[inside_start..end].trim();
        let target = inside.split_whitespace().next().unwrap_or("");
        let target = target
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(target);
        if target.is_empty() {
            from = open + 1;
            continue;
        }
        return Some((&s[..open], text.trim(), target, &s[end + 1..]));
    }
    None
}

/// The addresses the header links to (the author's), in order, each once: the body's link
/// numbers start after them.
pub fn link_targets(post: &Post) -> Vec<String> {
    let mut targets: Vec<String> = Vec::new();
    for piece in author_pieces(post) {
        if let AuthorPiece::Link { target, .. } = piece
            && !targets.iter().any(|t| t == target)
        {
            targets.push(target.to_string());
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PostDate, TextStats};
    use chrono::NaiveDate;

    fn post() -> Post {
        Post {
            path: "p.md".into(),
            title: "記事のタイトル".into(),
            date: Some(PostDate::Day(NaiveDate::from_ymd_opt(2025, 9, 29).unwrap())),
            tags: vec!["Rust".into(), "日本語".into()],
            categories: vec!["技術".into()],
            author: Some("著者".into()),
            excerpt: None,
            declared_reading_minutes: Some(20),
            draft: false,
            lang: None,
            extra: Default::default(),
            body: String::new(),
            body_file: None,
            body_line: 1,
            stats: TextStats {
                cjk_chars: 15_000,
                words: 0,
            },
            repeats: Default::default(),
            diagnostics: vec![],
        }
    }

    fn texts(rows: &[Row]) -> Vec<String> {
        rows.iter().map(Row::text).collect()
    }

    #[test]
    fn tags_and_facts_move_to_the_next_row_whole() {
        let mut p = post();
        p.categories = vec!["programming".into()];
        p.tags = vec!["rust".into(), "日本語".into(), "tips".into()];
        let rows = texts(&header_rows(&p, ReadingRates::default(), &Options::new(20)));
        assert!(rows.contains(&"programming #rust".to_string()), "{rows:?}");
        assert!(rows.contains(&"#日本語 #tips".to_string()), "{rows:?}");
        assert!(rows.contains(&"2025-09-29 · 著者".to_string()), "{rows:?}");
    }

    #[test]
    fn a_label_both_category_and_tag_is_shown_once() {
        let mut p = post();
        p.tags = vec!["service mesh".into(), "Rust".into()];
        p.categories = vec!["Service Mesh".into()];
        let rows = header_rows(&p, ReadingRates::default(), &Options::new(60));
        assert_eq!(texts(&rows)[2].replace('\u{A0}', " "), "Service Mesh #Rust");
    }

    #[test]
    fn header_shows_title_facts_labels_and_a_rule() {
        let rows = header_rows(&post(), ReadingRates::default(), &Options::new(60));
        let t = texts(&rows);
        assert_eq!(t[0], "記事のタイトル");
        assert_eq!(t[1], "2025-09-29 · 著者 · ≈ 30 min (declared 20 min)");
        assert_eq!(t[2], "技術 #Rust #日本語");

        let narrow = texts(&header_rows(
            &post(),
            ReadingRates::default(),
            &Options::new(28),
        ));
        assert_eq!(narrow[2], "≈ 30 min (declared 20 min)");
        assert!(t[3].starts_with("───"));
    }

    #[test]
    fn a_post_with_a_few_repeated_lines_says_under_one_percent_not_zero() {
        let mut p = post();
        p.declared_reading_minutes = None;
        let options = Options {
            fold_repeats: true,
            ..Options::new(60)
        };
        let facts = |p: &Post| texts(&header_rows(p, ReadingRates::default(), &options))[1].clone();
        p.repeats.chars = 40;
        p.repeats.stats.cjk_chars = 40;
        assert_eq!(facts(&p), "2025-09-29 · 著者 · ≈ 30 min · <1% repeated");
        p.repeats.stats.cjk_chars = 1_500;
        assert_eq!(facts(&p), "2025-09-29 · 著者 · ≈ 27 min · 10% repeated");
    }

    #[test]
    fn reading_time_without_a_declared_value_stands_alone() {
        let mut p = post();
        p.declared_reading_minutes = None;
        p.author = None;
        p.date = None;
        let rows = header_rows(&p, ReadingRates::default(), &Options::new(60));
        assert_eq!(texts(&rows)[1], "≈ 30 min");
    }

    #[test]
    fn where_ambiguous_characters_are_wide_the_facts_use_ascii() {
        let options = Options {
            ambiguous_wide: true,
            ..Options::new(60)
        };
        let rows = header_rows(&post(), ReadingRates::default(), &options);
        assert_eq!(
            texts(&rows)[1],
            "2025-09-29 / 著者 / ~ 30 min (declared 20 min)"
        );
        assert!(texts(&rows)[3].starts_with("---"));
    }

    #[test]
    fn an_author_written_as_a_markdown_link_shows_its_name_as_link_one() {
        let mut p = post();
        p.author = Some("[Lantern Desk](https://lantern.example/desk)".into());
        let rows = header_rows(&p, ReadingRates::default(), &Options::new(80));
        assert_eq!(
            texts(&rows)[1],
            "2025-09-29 · Lantern Desk[1] · ≈ 30 min (declared 20 min)"
        );
        let roles: Vec<(String, Role)> = rows[1]
            .spans
            .iter()
            .map(|s| (s.text.clone(), s.role))
            .collect();
        assert!(
            roles.contains(&("Lantern Desk".into(), Role::Link)),
            "{roles:?}"
        );
        assert!(roles.contains(&("[1]".into(), Role::LinkRef)), "{roles:?}");
        assert_eq!(link_targets(&p), ["https://lantern.example/desk"]);
    }

    #[test]
    fn several_authors_with_and_without_links_are_numbered_in_order() {
        let mut p = post();
        p.author = Some("[A](https://a.example \"A's page\"), B and [C](<https://c.example>), [A again](https://a.example)".into());
        let rows = texts(&header_rows(
            &p,
            ReadingRates::default(),
            &Options::new(120),
        ));
        assert!(rows[1].contains("A[1], B and C[2], A again[1]"), "{rows:?}");
        assert_eq!(link_targets(&p), ["https://a.example", "https://c.example"]);
        // Brackets that are not a link stay as written.
        p.author = Some("[team] (unlinked)".into());
        let rows = texts(&header_rows(&p, ReadingRates::default(), &Options::new(80)));
        assert!(rows[1].contains("[team] (unlinked)"), "{rows:?}");
        assert!(link_targets(&p).is_empty());
    }

    #[test]
    fn control_characters_in_front_matter_never_reach_the_terminal() {
        let mut p = post();
        p.title = "evil\u{1B}]0;pwned\u{7}title".into();
        let rows = header_rows(&p, ReadingRates::default(), &Options::new(60));
        assert!(!texts(&rows)[0].contains('\u{1B}'));
    }
}
