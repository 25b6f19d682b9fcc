//! The reference reading of a body for the tests: pulldown-cmark's full CommonMark parse, its
//! events walked for the same facts as [`super::body::scan`] gathers by skimming. The loader
//! used this until it proved to be most of the cost of loading a large site; property tests
//! now check the skim against it.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::body::{BodyFacts, Excerpt, collapse_spaces};
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
