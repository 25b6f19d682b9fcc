//! The HTML a Markdown body may hold, as far as counting readable text needs it: where HTML
//! blocks start and end (CommonMark's seven kinds), which `<…>` in running text is a tag, a
//! comment or an autolink (none of them prose), and what an entity stands for.

use super::stats::TextCounter;
use crate::entities::Expansion;

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
            BlockEnd::RawTag => {
                let lower = line.to_ascii_lowercase();
                RAW_CLOSING_TAGS.iter().any(|tag| lower.contains(tag))
            }
            BlockEnd::Comment => line.contains("-->"),
            BlockEnd::Processing => line.contains("?>"),
            BlockEnd::Declaration => line.contains('>'),
            BlockEnd::Cdata => line.contains("]]>"),
            BlockEnd::BlankLine => false,
        }
    }
}

const RAW_TAGS: &[&str] = &["pre", "script", "style", "textarea"];
const RAW_CLOSING_TAGS: &[&str] = &["</pre>", "</script>", "</style>", "</textarea>"];

/// CommonMark's block-level tag names (start condition 6).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

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
    let name_len = name_part
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or(name_part.len());
    let name = &name_part[..name_len];
    let after = &name_part[name_len..];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let ends_name =
        after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>");
    if !closing
        && RAW_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t))
        && (after.is_empty() || after.starts_with([' ', '\t', '>']))
    {
        return Some(BlockEnd::RawTag);
    }
    if ends_name && BLOCK_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
        return Some(BlockEnd::BlankLine);
    }
    // Kind 7: a complete tag alone on its line.
    let len = tag_len(line.as_bytes(), 0)?;
    (!in_paragraph && line[len..].trim().is_empty()).then_some(BlockEnd::BlankLine)
}

/// Where a run of HTML stands between two pieces of it: an HTML block arrives line by line,
/// so a comment or a tag may span several.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum HtmlState {
    #[default]
    Text,
    Tag,
    Comment,
}

impl HtmlState {
    /// Feeds the text between tags to `counter`; tags, comments and entities are dropped.
    pub fn strip(&mut self, mut html: &str, counter: &mut TextCounter) {
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
    let rest = &bytes[at..];
    let find = |needle: &[u8], from: usize| {
        memchr::memmem::find(&rest[from..], needle).map(|i| from + i + needle.len())
    };
    match rest.get(1)? {
        b'!' if rest[2..].starts_with(b"--") => {
            // `<!-->` and `<!--->` are complete (empty) comments.
            if rest[4..].starts_with(b">") {
                Some(5)
            } else if rest[4..].starts_with(b"->") {
                Some(6)
            } else {
                find(b"-->", 4)
            }
        }
        b'!' if rest[2..].starts_with(b"[CDATA[") => find(b"]]>", 9),
        b'!' if rest.get(2).is_some_and(u8::is_ascii_alphabetic) => find(b">", 2),
        b'?' => find(b"?>", 2),
        b'/' => {
            let name = tag_name_len(&rest[2..])?;
            let mut i = 2 + name;
            i += rest[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            (rest.get(i) == Some(&b'>')).then_some(i + 1)
        }
        _ => {
            let name = tag_name_len(&rest[1..])?;
            open_tag_rest(rest, 1 + name)
        }
    }
}

fn tag_name_len(bytes: &[u8]) -> Option<usize> {
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    Some(
        bytes
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .unwrap_or(bytes.len()),
    )
}

/// The attributes and the `>` (or `/>`) of an open tag whose name ends at `i`.
fn open_tag_rest(rest: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let spaces = rest[i..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        i += spaces;
        match rest.get(i)? {
            b'>' => return Some(i + 1),
            b'/' => return (rest.get(i + 1) == Some(&b'>')).then_some(i + 2),
            b if spaces > 0 && (b.is_ascii_alphabetic() || matches!(b, b'_' | b':')) => {
                i += rest[i..]
                    .iter()
                    .take_while(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')
                    })
                    .count();
                let save = i;
                i += rest[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                if rest.get(i) != Some(&b'=') {
                    i = save;
                    continue;
                }
                i += 1;
                i += rest[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                i = attribute_value_end(rest, i)?;
            }
            _ => return None,
        }
    }
}

fn attribute_value_end(rest: &[u8], i: usize) -> Option<usize> {
    match rest.get(i)? {
        quote @ (b'"' | b'\'') => {
            let close = memchr::memchr(*quote, &rest[i + 1..])?;
            Some(i + 1 + close + 1)
        }
        _ => {
            let len = rest[i..]
                .iter()
                .take_while(|b| {
                    !b.is_ascii_whitespace()
                        && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                })
                .count();
            (len > 0).then_some(i + len)
        }
    }
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
