//! The HTML a Markdown body may hold, as far as counting readable text needs it: where HTML
//! blocks start and end (CommonMark's seven kinds), which `<…>` in running text is a tag, a
//! comment or an autolink (none of them prose), and what an entity stands for. Tags are
//! found by the crate's one tokenizer ([`crate::html`]) with CommonMark's grammar, so the
//! skim agrees with what pulldown-cmark hands the layout.

use super::stats::TextCounter;
use crate::entities::Expansion;
use crate::html::{Grammar, tags};

/// What ends an HTML block, by CommonMark's start conditions 1–7.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockEnd {
    /// `<script>`, `<pre>`, `<style>`, `<textarea>`: the first line holding the closing tag.
    RawTag,
    /// `<!--`: the first line holding `-->`.
    Comment,
    /// `<?`: the first line holding `?>`.
    Processing,
    /// `<!X`: the first line holding `>`.
    Declaration,
    /// `<![CDATA[`: the first line holding `]]>`.
    Cdata,
    /// A block-level tag, or any lone complete tag: a blank line.
    BlankLine,
}

impl BlockEnd {
    /// Whether `line` (part of the block) is its last line. A blank line ends a
    /// [`BlockEnd::BlankLine`] block before it, which the caller checks.
    pub fn ends_at(self, line: &str) -> bool {
        match self {
            BlockEnd::RawTag => tags::closes_raw_text(line),
            BlockEnd::Comment => line.contains("-->"),
            BlockEnd::Processing => line.contains("?>"),
            BlockEnd::Declaration => line.contains('>'),
            BlockEnd::Cdata => line.contains("]]>"),
            BlockEnd::BlankLine => false,
        }
    }
}

/// Whether `line` (indentation removed) starts an HTML block, and what will end it. Only the
/// first six kinds may interrupt a paragraph.
pub fn block_start(line: &str, in_paragraph: bool) -> Option<BlockEnd> {
    let rest = line.strip_prefix('<')?;
    if rest.starts_with("!--") {
        return Some(BlockEnd::Comment);
    }
    if rest.starts_with('?') {
        return Some(BlockEnd::Processing);
    }
    if rest.starts_with("![CDATA[") {
        return Some(BlockEnd::Cdata);
    }
    if rest
        .strip_prefix('!')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return Some(BlockEnd::Declaration);
    }
    let closing = rest.starts_with('/');
    let name_part = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = crate::html::name_len(name_part.as_bytes())?;
    let name = &name_part[..name_len];
    let after = &name_part[name_len..];
    let ends_name =
        after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>");
    if !closing
        && tags::is_raw_text(name)
        && (after.is_empty() || after.starts_with([' ', '\t', '>']))
    {
        return Some(BlockEnd::RawTag);
    }
    if ends_name && tags::is_block(name) {
        return Some(BlockEnd::BlankLine);
    }
    // Kind 7: a complete tag alone on its line.
    let len = tag_len(line.as_bytes(), 0)?;
    (!in_paragraph && line[len..].trim().is_empty()).then_some(BlockEnd::BlankLine)
}

/// Where a run of HTML stands between two pieces of it: an HTML block arrives line by line,
/// so a comment, a tag or a `<script>` may span several.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum HtmlState {
    #[default]
    Text,
    /// Inside a tag, up to its `>`; then inside the content of `unshown`, if it names one.
    Tag {
        unshown: Option<&'static str>,
    },
    Comment,
    /// Inside an element whose content the layout never shows (`<script>`, `<style>`…),
    /// up to its end tag: no reader reads it, so it is no part of the reading time.
    Unshown(&'static str),
}

impl HtmlState {
    /// Feeds the text between tags to `counter`; tags, comments, entities and the content of
    /// unshown elements are dropped.
    pub fn strip(&mut self, mut html: &str, counter: &mut TextCounter) {
        while !html.is_empty() {
            match *self {
                HtmlState::Comment => match html.find("-->") {
                    Some(end) => {
                        html = &html[end + 3..];
                        *self = HtmlState::Text;
                    }
                    None => return,
                },
                HtmlState::Tag { unshown } => match html.find('>') {
                    Some(end) => {
                        html = &html[end + 1..];
                        *self = unshown.map_or(HtmlState::Text, HtmlState::Unshown);
                    }
                    None => return,
                },
                HtmlState::Unshown(name) => match crate::html::find_end_tag(html, name) {
                    Some(end) => {
                        html = &html[end..];
                        *self = HtmlState::Tag { unshown: None };
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
                        let name = crate::html::name_len(&rest.as_bytes()[1..])
                            .map(|len| &rest[1..1 + len]);
                        *self = HtmlState::Tag {
                            unshown: name.and_then(tags::unshown),
                        };
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
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
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

/// The length of the HTML construct (tag, comment, processing instruction, declaration,
/// CDATA) that starts at `bytes[at] == b'<'` in running text, as CommonMark's inline rules
/// have it; `None` when the `<` is just a character.
pub fn tag_len(bytes: &[u8], at: usize) -> Option<usize> {
    crate::html::markup_len(bytes, at, Grammar::CommonMark)
}

/// The length of an autolink (`<https://…>`, `<me@example.com>`) at `bytes[at] == b'<'`.
pub fn autolink_len(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at + 1..];
    let end = rest
        .iter()
        .position(|&b| b == b'>' || b == b'<' || b <= b' ')?;
    if rest[end] != b'>' {
        return None;
    }
    let inner = &rest[..end];
    let scheme = inner.iter().position(|&b| b == b':');
    let is_uri = scheme.is_some_and(|colon| {
        (2..=32).contains(&colon)
            && inner[0].is_ascii_alphabetic()
            && inner[..colon]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
    });
    (is_uri || is_email(inner)).then_some(end + 2)
}

fn is_email(text: &[u8]) -> bool {
    let Some(at) = text.iter().position(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&text[..at], &text[at + 1..]);
    !local.is_empty()
        && local
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(b))
        && !domain.is_empty()
        && domain.split(|&b| b == b'.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && label[0] != b'-'
                && label[label.len() - 1] != b'-'
        })
}

/// What an entity or numeric reference at `bytes[at] == b'&'` stands for, and its length,
/// by CommonMark's rules (as pulldown-cmark reads it for the layout).
pub fn entity(bytes: &[u8], at: usize) -> Option<(Expansion, usize)> {
    let rest = &bytes[at + 1..];
    let semi = rest.iter().take(33).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&rest[..semi]).ok()?;
    Some((crate::entities::decode(name)?, semi + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_start_by_kind() {
        assert_eq!(block_start("<!-- note", false), Some(BlockEnd::Comment));
        assert_eq!(
            block_start("<div class=\"x\">", true),
            Some(BlockEnd::BlankLine)
        );
        assert_eq!(block_start("</DIV>", true), Some(BlockEnd::BlankLine));
        assert_eq!(
            block_start("<script src=a.js>", true),
            Some(BlockEnd::RawTag)
        );
        assert_eq!(block_start("<span>", false), Some(BlockEnd::BlankLine));
        // A lone inline tag cannot interrupt a paragraph; one with text after it is prose.
        assert_eq!(block_start("<span>", true), None);
        assert_eq!(block_start("<span>text", false), None);
        assert_eq!(block_start("<3 you", false), None);
        assert_eq!(block_start("<divider>", false), Some(BlockEnd::BlankLine));
    }

    #[test]
    fn unshown_content_is_not_counted_even_across_lines() {
        let count = |lines: &[&str]| {
            let mut counter = TextCounter::default();
            let mut state = HtmlState::default();
            for line in lines {
                state.strip(line, &mut counter);
                counter.boundary();
            }
            counter.stats().words
        };
        assert_eq!(count(&["<div>one two</div>"]), 2);
        assert_eq!(count(&["<div>one<script>var a = b;</script>two</div>"]), 2);
        assert_eq!(
            count(&["<STYLE type=x>", "p { color: red }", "</Style >three"]),
            1
        );
        assert_eq!(count(&["<scripts>four</scripts>"]), 1);
    }

    #[test]
    fn raw_blocks_end_at_their_closing_tag() {
        assert!(BlockEnd::RawTag.ends_at("x</PRE> after"));
        assert!(!BlockEnd::RawTag.ends_at("</div>"));
        assert!(BlockEnd::Comment.ends_at("end -->"));
    }

    #[test]
    fn inline_tags_are_recognised_by_their_syntax() {
        let len = |s: &str| tag_len(s.as_bytes(), 0);
        assert_eq!(len("<span class=\"a b\">x"), Some(18));
        assert_eq!(len("<br/>"), Some(5));
        assert_eq!(len("<a href=x title='y'>"), Some(20));
        assert_eq!(len("</em >"), Some(6));
        assert_eq!(len("<!-- c -->"), Some(10));
        assert_eq!(len("<!-->"), Some(5));
        assert_eq!(len("<T>"), Some(3));
        assert_eq!(len("< b>"), None);
        assert_eq!(len("<a b"), None);
        assert_eq!(len("<3>"), None);
        assert_eq!(len("<a\"b>"), None);
    }

    #[test]
    fn autolinks_are_uris_or_addresses() {
        let len = |s: &str| autolink_len(s.as_bytes(), 0);
        assert_eq!(len("<https://example.com/a?b>"), Some(25));
        assert_eq!(len("<me@example.com> x"), Some(16));
        assert_eq!(len("<https://a b>"), None);
        assert_eq!(len("<span>"), None);
        assert_eq!(len("<a:b>"), None);
    }

    #[test]
    fn entities_are_found_with_their_length() {
        let at = |s: &str| entity(s.as_bytes(), 0);
        assert_eq!(at("&amp;x"), Some((Expansion::Named("&"), 5)));
        assert_eq!(at("&#x3042;"), Some((Expansion::Char('あ'), 8)));
        assert_eq!(at("&hearts;"), Some((Expansion::Named("♥"), 8)));
        assert_eq!(at("&unknownthing;"), None);
        assert_eq!(at("& amp;"), None);
    }
}
