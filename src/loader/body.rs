//! What the loader reads out of a Markdown body in one pass: the readable-text counts for the
//! reading time, the first `# heading` (a title fallback) and the start of the first paragraph
//! (an excerpt fallback). Markup, URLs, image alt text and HTML tags and comments are not
//! readable text; code is, since readers read it.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

use super::stats::TextCounter;
use crate::model::TextStats;

/// How much of the first paragraph an excerpt keeps, in characters.
pub const EXCERPT_MAX_CHARS: usize = 200;

/// The facts about a body that the model needs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BodyFacts {
    pub stats: TextStats,
    /// Plain text of the first level-1 heading that has any.
    pub first_heading: Option<String>,
    /// Plain text of the start of the first paragraph that has any, `…` when cut.
    pub first_paragraph: Option<String>,
}

/// Reads `markdown` once and returns its [`BodyFacts`].
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
                if self.paragraph.found.is_none() && self.footnote_depth == 0 {
                    self.paragraph.active = Some(Excerpt::default());
                }
            }
            Tag::FootnoteDefinition(_) => {
                self.counter.boundary();
                self.footnote_depth += 1;
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
                    let text = collapse_spaces(&text);
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

/// The start of a paragraph as one line of plain text.
#[derive(Default)]
struct Excerpt {
    text: String,
    chars: usize,
    truncated: bool,
    pending_break: bool,
}

impl Excerpt {
    fn push(&mut self, piece: &str) {
        for c in piece.chars() {
            if self.chars >= EXCERPT_MAX_CHARS {
                self.truncated = true;
                return;
            }
            let c = if c.is_whitespace() { ' ' } else { c };
            if self.pending_break {
                self.pending_break = false;
                // A line break between two wide (CJK) characters joins them without a
                // space: Japanese has none between words, wherever the source wrapped.
                if !(is_wide(c) && self.text.chars().next_back().is_some_and(is_wide)) {
                    self.push_char(' ');
                }
            }
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if c == ' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        self.text.push(c);
        self.chars += 1;
    }

    fn soft_break(&mut self) {
        self.pending_break = true;
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn finish(self) -> String {
        let mut text = self.text.trim_end().to_string();
        if self.truncated {
            text.push('…');
        }
        text
    }
}

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a run of HTML stands between two pieces of it: HTML blocks arrive line by line, so
/// a comment or a tag may span several.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum HtmlState {
    #[default]
    Text,
    Tag,
    Comment,
}

impl HtmlState {
    /// Feeds the text between tags to `counter`; tags, comments and entities are dropped.
    fn strip(&mut self, mut html: &str, counter: &mut TextCounter) {
        while !html.is_empty() {
            match self {
                HtmlState::Comment => match html.find("-->") {
                    Some(end) => {
                        html = &html[end + 3..];
                        *self = HtmlState::Text;
                    }
                    None => return,
                },
                HtmlState::Tag => match html.find('>') {
                    Some(end) => {
                        html = &html[end + 1..];
                        *self = HtmlState::Text;
                    }
                    None => return,
                },
                HtmlState::Text => {
                    let Some(open) = html.find('<') else {
                        feed_without_entities(html, counter);
                        return;
                    };
                    feed_without_entities(&html[..open], counter);
                    counter.boundary();
                    let rest = &html[open..];
                    if let Some(comment) = rest.strip_prefix("<!--") {
                        *self = HtmlState::Comment;
                        html = comment;
                    } else if rest[1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
                    {
                        *self = HtmlState::Tag;
                        html = &rest[1..];
                    } else {
                        html = &rest[1..];
                    }
                }
            }
        }
    }
}

/// `&nbsp;` and friends are markup; the words around them are not.
fn feed_without_entities(text: &str, counter: &mut TextCounter) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        counter.feed(&rest[..amp]);
        let after = &rest[amp + 1..];
        let name_len = after
            .bytes()
            .take(32)
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'#'))
            .unwrap_or(after.len().min(32));
        if name_len > 0 && after.as_bytes().get(name_len) == Some(&b';') {
            counter.boundary();
            rest = &after[name_len + 1..];
        } else {
            counter.feed("&");
            rest = after;
        }
    }
    counter.feed(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(markdown: &str) -> (usize, usize) {
        let s = scan(markdown).stats;
        (s.cjk_chars, s.words)
    }

    #[test]
    fn markup_is_not_counted() {
        assert_eq!(
            stats("# Title\n\n**bold** and _it_\n\n- one\n- two\n"),
            (0, 6)
        );
    }

    #[test]
    fn emphasis_inside_a_word_does_not_split_it() {
        assert_eq!(stats("un**believ**able"), (0, 1));
        assert_eq!(stats("**「強調」**の話"), (4, 0));
    }

    #[test]
    fn link_targets_and_autolinks_are_not_counted() {
        assert_eq!(
            stats("[the docs](https://example.com/very/long) here"),
            (0, 3)
        );
        assert_eq!(
            stats("<https://example.com/x> and <me@example.com>"),
            (0, 1)
        );
    }

    #[test]
    fn image_alt_text_is_not_counted() {
        assert_eq!(stats("![a picture of a cat](cat.png) 猫"), (1, 0));
        assert_eq!(stats("[![badge alt](b.svg)](https://x.y) text"), (0, 1));
    }

    #[test]
    fn html_tags_comments_and_entities_are_not_counted() {
        assert_eq!(stats("<!-- a hidden\nnote here -->\n\nvisible"), (0, 1));
        assert_eq!(stats("text <!-- inline comment --> more"), (0, 2));
        assert_eq!(
            stats("<div class=\"note\">\nboxed words&nbsp;here\n</div>\n"),
            (0, 3)
        );
        assert_eq!(
            stats("<img src=\"a.png\" alt=\"many words here\">\n"),
            (0, 0)
        );
    }

    #[test]
    fn code_is_read_and_counted() {
        assert_eq!(
            stats("use `cargo build` now\n\n```\nlet x = 1;\n```\n"),
            (0, 7)
        );
    }

    #[test]
    fn words_on_separate_lines_are_separate() {
        assert_eq!(stats("one\ntwo\\\nthree"), (0, 3));
    }

    #[test]
    fn first_level_one_heading_is_found_as_plain_text() {
        let facts = scan("intro\n\n## Not this\n\n# The *real* `title`\n\n# Later\n");
        assert_eq!(facts.first_heading.as_deref(), Some("The real title"));
        let setext = scan("Setext Title\n============\n\nbody\n");
        assert_eq!(setext.first_heading.as_deref(), Some("Setext Title"));
        assert_eq!(scan("## only h2\n").first_heading, None);
    }

    #[test]
    fn first_paragraph_skips_image_only_paragraphs() {
        let facts = scan("# T\n\n![logo](l.png)\n\nThe **first** real\nparagraph.\n\nSecond.\n");
        assert_eq!(
            facts.first_paragraph.as_deref(),
            Some("The first real paragraph.")
        );
    }

    #[test]
    fn first_paragraph_joins_japanese_lines_without_a_space() {
        let facts = scan("一行目の文で\n二行目に続く。\n");
        assert_eq!(
            facts.first_paragraph.as_deref(),
            Some("一行目の文で二行目に続く。")
        );
    }

    #[test]
    fn a_long_first_paragraph_is_cut_with_an_ellipsis() {
        let long = "あ".repeat(EXCERPT_MAX_CHARS + 50);
        let excerpt = scan(&long).first_paragraph.unwrap();
        assert_eq!(excerpt.chars().count(), EXCERPT_MAX_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn an_empty_body_has_no_facts() {
        assert_eq!(scan(""), BodyFacts::default());
    }
}
