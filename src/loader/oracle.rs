//! The reference reading of a body for the tests: pulldown-cmark's full CommonMark parse, its
//! events walked for the same facts as [`super::body::scan`] gathers by skimming. The loader
//! used this until it proved to be most of the cost of loading a large site; property tests
//! now check the skim against it.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::body::BodyFacts;
use super::excerpt::{Excerpt, collapse_spaces, without_heading_attributes};
use super::html::HtmlState;
use super::inline::Capture as _;
use super::stats::TextCounter;

/// pulldown-cmark's reading of `markdown`.
pub fn scan(markdown: &str) -> BodyFacts {
    let mut scan = Scan::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    // Text may come in several events (around `&amp;`, escapes, unmatched `*`); every
    // consumer below carries its state across them, so no merging pass is needed.
    for event in Parser::new_ext(markdown, options) {
        scan.event(event);
    }
    BodyFacts {
        stats: scan.counter.stats(),
        first_heading: scan.heading.found,
        first_paragraph: scan.paragraph.found.map(|p| p.finish()),
        // pulldown-cmark does not say; the generated posts always close their comments.
        unclosed_comment: None,
        // Repeats are the one detector's business (`crate::repeats`), tested there.
        repeats: Default::default(),
    }
}

#[derive(Default)]
struct Scan {
    counter: TextCounter,
    html: HtmlState,
    /// Depth of images and autolinks, whose text is alt text or a URL, not prose.
    hidden: usize,
    /// For each open link, whether it is an autolink (its end must lower `hidden`).
    links: Vec<bool>,
    footnote_depth: usize,
    /// Depth of list items: the skim never takes a list item's paragraph as the excerpt,
    /// tight or loose, since an item rarely says what the post is about.
    item_depth: usize,
    heading: Capture<String>,
    paragraph: Capture<Excerpt>,
}

/// A piece of plain text being collected, and the first non-empty one once found.
struct Capture<T> {
    active: Option<T>,
    found: Option<T>,
}

impl<T> Default for Capture<T> {
    fn default() -> Self {
        Self {
            active: None,
            found: None,
        }
    }
}

impl Scan {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => {
                if self.hidden == 0 {
                    self.counter.feed(&text);
                    self.capture(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.html.strip(&html, &mut self.counter);
            }
            Event::SoftBreak => {
                self.counter.boundary();
                if let Some(p) = &mut self.paragraph.active {
                    p.soft_break();
                }
                if let Some(h) = &mut self.heading.active {
                    h.push(' ');
                }
            }
            Event::HardBreak | Event::Rule => {
                self.counter.boundary();
                self.capture(" ");
            }
            Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => self.counter.boundary(),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::Link { link_type, .. } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.hidden += usize::from(autolink);
                self.links.push(autolink);
            }
            Tag::Image { .. } => {
                self.counter.boundary();
                self.hidden += 1;
            }
            Tag::Heading { level, .. } => {
                self.counter.boundary();
                if level == pulldown_cmark::HeadingLevel::H1 && self.heading.found.is_none() {
                    self.heading.active = Some(String::new());
                }
            }
            Tag::Paragraph => {
                self.counter.boundary();
                if self.paragraph.found.is_none()
                    && self.footnote_depth == 0
                    && self.item_depth == 0
                {
                    self.paragraph.active = Some(Excerpt::default());
                }
            }
            Tag::FootnoteDefinition(_) => {
                self.counter.boundary();
                self.footnote_depth += 1;
            }
            Tag::Item => {
                self.counter.boundary();
                self.item_depth += 1;
            }
            _ => self.counter.boundary(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    self.hidden -= 1;
                }
            }
            TagEnd::Image => {
                self.hidden = self.hidden.saturating_sub(1);
                self.counter.boundary();
            }
            TagEnd::Heading(_) => {
                self.counter.boundary();
                if let Some(text) = self.heading.active.take() {
                    let text = without_heading_attributes(collapse_spaces(&text));
                    if !text.is_empty() {
                        self.heading.found = Some(text);
                    }
                }
            }
            TagEnd::Paragraph => {
                self.counter.boundary();
                self.html = HtmlState::Text;
                if let Some(p) = self.paragraph.active.take()
                    && !p.is_empty()
                {
                    self.paragraph.found = Some(p);
                }
            }
            TagEnd::HtmlBlock => {
                self.counter.boundary();
                self.html = HtmlState::Text;
            }
            TagEnd::FootnoteDefinition => {
                self.counter.boundary();
                self.footnote_depth = self.footnote_depth.saturating_sub(1);
            }
            TagEnd::Item => {
                self.counter.boundary();
                self.item_depth -= 1;
            }
            _ => self.counter.boundary(),
        }
    }

    fn capture(&mut self, text: &str) {
        if let Some(h) = &mut self.heading.active {
            h.push_str(text);
        }
        if let Some(p) = &mut self.paragraph.active {
            p.push(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{body, front_matter};
    use super::*;
    use proptest::prelude::*;

    /// Markdown as posts are written: paragraphs of Latin and Japanese words with the usual
    /// inline markup, headings, lists, quotes, fences, tables, HTML blocks, definitions, and
    /// the shapes a line skim gets wrong first: lazy continuation lines, quotes inside list
    /// items, lists that join across a blank line, reference titles on the next line.
    fn document() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-z]{1,8}",
            "[A-Z][a-z]{0,6}",
            "[0-9]{1,4}",
            "[ぁ-んァ-ン一-龠]{1,6}",
            Just("don't".to_string()),
            Just("well-known".to_string()),
            Just("1.88.0".to_string()),
            Just("、".to_string()),
            Just("。".to_string()),
            Just("「引用」".to_string()),
            Just("(aside)".to_string()),
            Just("snake_case".to_string()),
            Just("2 * 3".to_string()),
        ];
        let atom = prop_oneof![
            4 => word.clone(),
            1 => word.clone().prop_map(|w| format!("**{w}**")),
            1 => word.clone().prop_map(|w| format!("*{w}*")),
            1 => "[a-z]{1,6}".prop_map(|w| format!("_{w}_")),
            1 => "[a-z]{1,6}".prop_map(|w| format!("un**{w}**ed")),
            1 => word.clone().prop_map(|w| format!("`{w} x`")),
            1 => word.clone().prop_map(|w| format!("[{w} link](https://example.com/a_(b))")),
            1 => word.clone().prop_map(|w| format!("[{w}][ref]")),
            1 => word.clone().prop_map(|w| format!("[{w}][next-line]")),
            1 => word.clone().prop_map(|w| format!("[{w}][dangling]")),
            1 => word.clone().prop_map(|w| format!("![{w} alt](p.png)")),
            1 => Just("<https://example.com/x>".to_string()),
            1 => Just("<me@example.com>".to_string()),
            1 => word.clone().prop_map(|w| format!("<span class=\"k\">{w}</span>")),
            1 => Just("&amp;".to_string()),
            1 => Just("caf&eacute;".to_string()),
            1 => Just("<!-- note -->".to_string()),
            1 => Just("[^1]".to_string()),
            1 => Just("https://example.com/bare".to_string()),
            1 => Just("~~gone~~".to_string()),
            1 => Just("\\*".to_string()),
        ];
        let line = prop::collection::vec(atom, 1..7).prop_map(|atoms| atoms.join(" "));
        let lines = prop::collection::vec(line.clone(), 1..4);
        let bullet = prop_oneof![Just("-"), Just("+"), Just("*")];
        let number = prop_oneof![Just("1."), Just("1)")];
        let block = prop_oneof![
            4 => lines.clone().prop_map(|l| l.join("\n")),
            1 => lines.clone().prop_map(|l| l.join("  \n")),
            1 => (1..4usize, line.clone()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
            1 => line.clone().prop_map(|l| format!("{l}\n====")),
            1 => line.clone().prop_map(|l| format!("{l}\n----")),
            1 => lines.clone().prop_map(|l| format!("```rust\n{}\n```", l.join("\n"))),
            // After a list, indented lines would continue its last item.
            1 => (line.clone(), lines.clone())
                .prop_map(|(p, l)| format!("{p}\n\n    {}", l.join("\n    "))),
            1 => (bullet.clone(), lines.clone())
                .prop_map(|(m, l)| format!("{m} {}", l.join(&format!("\n{m} ")))),
            1 => (number, lines.clone())
                .prop_map(|(m, l)| format!("{m} {}", l.join(&format!("\n{m} ")))),
            1 => (bullet.clone(), lines.clone())
                .prop_map(|(m, l)| format!("{m} [ ] {}", l.join(&format!("\n{m} [x] ")))),
            1 => lines.clone().prop_map(|l| format!("> {}", l.join("\n> "))),
            // Lazy continuation: a line without the marker still continues the paragraph.
            1 => (line.clone(), line.clone()).prop_map(|(a, b)| format!("> {a}\n{b}")),
            1 => (bullet.clone(), line.clone(), line.clone())
                .prop_map(|(m, a, b)| format!("{m} {a}\n{b}")),
            // Quotes inside list items, on the marker's line and under it.
            1 => (bullet.clone(), lines.clone())
                .prop_map(|(m, l)| format!("{m} > {}", l.join("\n  > "))),
            1 => (bullet.clone(), line.clone(), lines.clone())
                .prop_map(|(m, a, l)| format!("{m} {a}\n\n  > {}", l.join("\n  > "))),
            1 => (line.clone(), line.clone()).prop_map(|(a, b)| format!("| {a} | b |\n|---|:-:|\n| {b} | c |")),
            1 => line.clone().prop_map(|l| format!("<div class=\"note\">\n{l}\n</div>")),
            1 => line.clone().prop_map(|l| format!("<!--\n{l}\n-->")),
            1 => Just("***".to_string()),
        ];
        prop::collection::vec(block, 0..8).prop_map(|blocks| {
            format!(
                "{}\n\n[ref]: https://example.com/ref \"Title\"\n\
                 [next-line]:\n  https://example.com/next\n  \"Title on the next line\"\n\
                 [^1]: A footnote.\n",
                blocks.join("\n\n")
            )
        })
    }

    /// The bundled samples, real posts with all their odd corners: exactly the counts and
    /// headings of the full parse. Their excerpts are not compared: one sample opens with
    /// `**「禁則処理」**の`, emphasis under the CJK-friendly rule that the skim and the layout
    /// follow, where pulldown-cmark leaves the `**` in the text.
    #[test]
    fn samples_read_as_the_full_parse_reads_them() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/posts");
        let mut posts = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                continue; // the samples' pictures
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let body = front_matter::split(&text).body;
            let (skim, full) = (body::scan(body), scan(body));
            assert_eq!(skim.stats, full.stats, "{}", path.display());
            assert_eq!(skim.first_heading, full.first_heading, "{}", path.display());
            posts += 1;
        }
        assert!(posts >= 8);
    }

    /// Every Markdown file of the shared corpus (`../shared/corpus`, outside the repository
    /// and not always present: `cargo test -- --ignored corpus`), read as the full parse
    /// reads it. Each file that disagrees is named with both readings.
    #[test]
    #[ignore = "reads ../shared/corpus, which is not part of the repository"]
    fn corpus_reads_as_the_full_parse_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let mut files = 0;
        let mut disagreements = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let path = entry.unwrap().into_path();
            let markdown = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown")
            );
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !markdown {
                continue;
            }
            files += 1;
            let body = front_matter::split(&text).body;
            let (skim, mut full) = (body::scan(body), scan(body));
            // pulldown-cmark does not report unclosed comments; only the skim can. Repeats
            // are the one detector's business (`crate::repeats`), tested there.
            full.unclosed_comment = skim.unclosed_comment;
            full.repeats = skim.repeats;
            if skim != full {
                disagreements.push(format!(
                    "{}:\n  skim {skim:?}\n  full {full:?}",
                    path.display()
                ));
            }
        }
        assert!(files > 0, "no Markdown under {}", root.display());
        assert!(
            disagreements.is_empty(),
            "{} of {files} files disagree:\n{}",
            disagreements.len(),
            disagreements.join("\n")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The skim finds what pulldown-cmark's full parse finds: the same counts, the same
        /// first heading and the same excerpt.
        #[test]
        fn skim_agrees_with_the_full_parse(markdown in document()) {
            // Repeats are the one detector's business (`crate::repeats`), tested there.
            let skim = BodyFacts { repeats: Default::default(), ..body::scan(&markdown) };
            prop_assert_eq!(skim, scan(&markdown));
        }
    }
}
