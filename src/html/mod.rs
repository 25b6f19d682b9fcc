//! The one HTML tokenizer of the crate: where a tag, a comment or a declaration starts and
//! ends, its name and its attributes, with byte offsets. The loader asks it which `<` in
//! Markdown is raw HTML by CommonMark's grammar (so it counts what pulldown-cmark will show);
//! the layout asks it to split an HTML block the way a browser forgives it. Both grammars are
//! one scanner: the browser's only goes on where CommonMark's gives up, and a tag CommonMark
//! accepts ends at the same byte in both. Attribute values come out with their character
//! references decoded ([`crate::entities`]). What tags *mean* is left to the callers; which
//! tags belong to which class is in [`tags`].
//!
//! Why not html5gum (a WHATWG tokenizer): the loader must follow CommonMark, not WHATWG
//! (`a <b c` is text there, where a browser's tokenizer swallows the rest of the post into a
//! tag), it needs byte offsets into the post, and it runs on 10,000 posts in ~120 ms, where a
//! streaming tokenizer that owns every name and value would allocate per tag.
//!
//! Every position the scanner stops at is an ASCII byte, so slicing the text there is always
//! on a character boundary, whatever bytes an attribute holds.

pub mod tags;

use std::borrow::Cow;
use std::ops::Range;

use crate::entities;

/// Which raw HTML counts as a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// CommonMark's raw HTML, exactly: `a <b c` and `<a"b>` are text.
    CommonMark,
    /// What a browser forgives as well: attributes with no space between them, bare values
    /// with quotes in them, `</p class=x>`, `<!>`, and a comment or CDATA section that never
    /// closes (it hides the rest).
    Browser,
}

/// What a piece of markup is, as ranges of the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkupKind {
    /// `<name attributes>` or `<name attributes/>`.
    Open {
        name: Range<usize>,
        attributes: Range<usize>,
    },
    /// `</name>`.
    Close { name: Range<usize> },
    /// Comments, doctypes, processing instructions, CDATA: never shown.
    Hidden,
}

/// A piece of markup and the byte just after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    pub kind: MarkupKind,
    pub end: usize,
}

/// The markup that starts at `bytes[at] == b'<'`, or `None` when that `<` is a character.
pub fn markup_at(bytes: &[u8], at: usize, grammar: Grammar) -> Option<Markup> {
    let rest = &bytes[at..];
    let browser = grammar == Grammar::Browser;
    // Where the construct that opened at `at` closes with `needle`, searched from `from`.
    let closed_by = |needle: &[u8], from: usize| {
        let found = rest
            .get(from..)
            .and_then(|tail| memchr::memmem::find(tail, needle));
        found.map(|i| at + from + i + needle.len())
    };
    let hidden = |end: Option<usize>| {
        end.map(|end| Markup {
            kind: MarkupKind::Hidden,
            end,
        })
    };
    let to_the_end = |end: Option<usize>| end.or(browser.then_some(bytes.len()));
    match *rest.get(1)? {
        b'!' if rest[2..].starts_with(b"--") => {
            // `<!-->` and `<!--->` are complete (empty) comments.
            if rest[4..].starts_with(b">") {
                hidden(Some(at + 5))
            } else if rest[4..].starts_with(b"->") {
                hidden(Some(at + 6))
            } else {
                hidden(to_the_end(closed_by(b"-->", 4)))
            }
        }
        b'!' if rest[2..].starts_with(b"[CDATA[") => hidden(to_the_end(closed_by(b"]]>", 9))),
        b'!' if browser || rest.get(2).is_some_and(u8::is_ascii_alphabetic) => {
            hidden(closed_by(b">", 2))
        }
        b'?' if browser => hidden(closed_by(b">", 2)),
        b'?' => hidden(closed_by(b"?>", 2)),
        b'/' => {
            let name = at + 2..at + 2 + name_len(&rest[2..])?;
            let (_, end) = tag_rest(bytes, name.end, grammar, true)?;
            Some(Markup {
                kind: MarkupKind::Close { name },
                end,
            })
        }
        _ => {
            let name = at + 1..at + 1 + name_len(&rest[1..])?;
            // `<https://x.test>` and `<mailto:a@b.test>` are addresses (Markdown's
            // autolinks), not tags: shown, not hidden (`<o:p>` stays a tag).
            let after = &bytes[name.end..];
            if after.starts_with(b"://")
                || (after.starts_with(b":") && bytes[name.clone()].eq_ignore_ascii_case(b"mailto"))
            {
                return None;
            }
            let (attributes_end, end) = tag_rest(bytes, name.end, grammar, false)?;
            Some(Markup {
                kind: MarkupKind::Open {
                    attributes: name.end..attributes_end,
                    name,
                },
                end,
            })
        }
    }
}

/// The length of the markup at `bytes[at] == b'<'`, if it is markup.
pub fn markup_len(bytes: &[u8], at: usize, grammar: Grammar) -> Option<usize> {
    markup_at(bytes, at, grammar).map(|markup| markup.end - at)
}

/// The length of a tag name at the start of `bytes`: a letter, then letters, digits, `-`.
pub fn name_len(bytes: &[u8]) -> Option<usize> {
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

/// Scans the attributes of a tag whose name ends at `i`: where they end and where the tag
/// ends. A closing tag has none in CommonMark; a browser reads and ignores them.
fn tag_rest(bytes: &[u8], mut i: usize, grammar: Grammar, closing: bool) -> Option<(usize, usize)> {
    let strict = grammar == Grammar::CommonMark;
    loop {
        let spaces = whitespace_len(&bytes[i..]);
        i += spaces;
        match *bytes.get(i)? {
            b'>' => return Some((i, i + 1)),
            b'/' if bytes.get(i + 1) == Some(&b'>') && !(strict && closing) => {
                return Some((i, i + 2));
            }
            _ if strict && (closing || spaces == 0) => return None,
            b'/' if strict => return None,
            b'/' => i += 1,
            _ => i = attribute_at(bytes, i, grammar)?.end,
        }
    }
}

/// One attribute as written, as ranges of the text: its name and its value (without quotes,
/// entities not decoded), and the byte after it.
struct RawAttribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
    end: usize,
}

/// The attribute starting at `bytes[start]` (not whitespace, `/` or `>`); `None` when the
/// tag cannot go on from there (an unclosed quote, a `<`, or what CommonMark forbids).
fn attribute_at(bytes: &[u8], start: usize, grammar: Grammar) -> Option<RawAttribute> {
    let strict = grammar == Grammar::CommonMark;
    let first = bytes[start];
    let name_end = if strict {
        if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b':')) {
            return None;
        }
        start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
                .count()
    } else {
        // A browser takes a leading `=` as part of the name, so the name is never empty.
        let from = start + usize::from(first == b'=');
        from + bytes[from..]
            .iter()
            .take_while(|&&b| !(b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'=' | b'<')))
            .count()
    };
    if bytes.get(name_end) == Some(&b'<') {
        return None;
    }
    let name = start..name_end;
    let mut i = name_end + whitespace_len(&bytes[name_end..]);
    if bytes.get(i) != Some(&b'=') {
        return Some(RawAttribute {
            name,
            value: None,
            end: name_end,
        });
    }
    i += 1;
    i += whitespace_len(&bytes[i..]);
    let (value, end) = match *bytes.get(i)? {
        quote @ (b'"' | b'\'') => {
            let close = i + 1 + memchr::memchr(quote, &bytes[i + 1..])?;
            (i + 1..close, close + 1)
        }
        _ => {
            let len = bytes[i..]
                .iter()
                .enumerate()
                .take_while(|&(k, &b)| {
                    !(b.is_ascii_whitespace()
                        || b == b'>'
                        || (b == b'/' && bytes.get(i + k + 1) == Some(&b'>')))
                })
                .count();
            let value = &bytes[i..i + len];
            if value.contains(&b'<')
                || (strict && (len == 0 || value.iter().any(|b| b"\"'=`".contains(b))))
            {
                return None;
            }
            (i..i + len, i + len)
        }
    };
    Some(RawAttribute {
        name,
        value: Some(value),
        end,
    })
}

fn whitespace_len(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// Where the end tag of `name` (`</name`, any case, then no more of a name) starts in
/// `html`: what ends an element whose content is skipped without being tokenized.
pub fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").find(|&at| {
        let after = &bytes[at + 2..];
        after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !after
                .get(name.len())
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

/// One lexical piece of HTML, borrowed from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    /// A start tag: its name in lower case, and its attribute text for [`attribute`].
    Open {
        name: Cow<'a, str>,
        attributes: &'a str,
    },
    Close {
        name: Cow<'a, str>,
    },
    Hidden,
}

/// Splits HTML into tokens with their byte offsets, as a browser would. A `<` that starts no
/// tag is text.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens {
        html,
        at: 0,
        pending: None,
    }
}

/// The tokens of a piece of HTML, in order; see [`tokens`].
pub struct Tokens<'a> {
    html: &'a str,
    at: usize,
    /// Markup found after a run of text, given out next.
    pending: Option<(usize, Markup)>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, Token<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((start, markup)) = self.pending.take() {
            self.at = markup.end;
            return Some((start, self.token(markup)));
        }
        let bytes = self.html.as_bytes();
        let text_start = self.at;
        let mut search = self.at;
        while let Some(found) = memchr::memchr(b'<', &bytes[search..]) {
            let lt = search + found;
            if let Some(markup) = markup_at(bytes, lt, Grammar::Browser) {
                if lt > text_start {
                    self.pending = Some((lt, markup));
                    self.at = lt;
                    return Some((text_start, Token::Text(&self.html[text_start..lt])));
                }
                self.at = markup.end;
                return Some((lt, self.token(markup)));
            }
            search = lt + 1;
        }
        self.at = self.html.len();
        (text_start < self.html.len()).then(|| (text_start, Token::Text(&self.html[text_start..])))
    }
}

impl<'a> Tokens<'a> {
    fn token(&self, markup: Markup) -> Token<'a> {
        match markup.kind {
            MarkupKind::Open { name, attributes } => Token::Open {
                name: lower_case(&self.html[name]),
                attributes: &self.html[attributes],
            },
            MarkupKind::Close { name } => Token::Close {
                name: lower_case(&self.html[name]),
            },
            MarkupKind::Hidden => Token::Hidden,
        }
    }
}

/// Tag names are case-insensitive; most are written in lower case already.
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The attributes in a start tag's attribute text, as `(name, raw value)`: the value as
/// written (without its quotes, entities not decoded), empty for a bare attribute.
pub fn attributes(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // `>` cannot be in a tag's attribute text, but this is public: skip it like `/`.
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || matches!(bytes[i], b'/' | b'>'))
        {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let attribute = attribute_at(bytes, i, Grammar::Browser)?;
        i = attribute.end;
        let value = attribute.value.map_or("", |v| &text[v]);
        Some((&text[attribute.name], value))
    })
}

/// The raw value of attribute `name` (case-insensitive) in a start tag's attribute text.
pub fn raw_attribute<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    attributes(text)
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// The value of attribute `name` (case-insensitive), its character references decoded by
/// HTML5's rules for attributes.
pub fn attribute<'a>(text: &'a str, name: &str) -> Option<Cow<'a, str>> {
    raw_attribute(text, name).map(entities::decode_html_attribute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_in_angle_brackets_is_not_a_tag() {
        for grammar in [Grammar::Browser, Grammar::CommonMark] {
            assert_eq!(markup_len(b"<https://x.test/a>", 0, grammar), None);
            assert_eq!(markup_len(b"<mailto:a@b.test>", 0, grammar), None);
        }
        assert_eq!(markup_len(b"<o:p>", 0, Grammar::Browser), Some(5));
    }

    fn len(html: &str, grammar: Grammar) -> Option<usize> {
        markup_len(html.as_bytes(), 0, grammar)
    }

    #[test]
    fn commonmark_tags_are_recognised_by_their_syntax() {
        let cm = |s: &str| len(s, Grammar::CommonMark);
        assert_eq!(cm("<span class=\"a b\">x"), Some(18));
        assert_eq!(cm("<br/>"), Some(5));
        assert_eq!(cm("<a href=x title='y'>"), Some(20));
        assert_eq!(cm("</em >"), Some(6));
        assert_eq!(cm("<!-- c -->"), Some(10));
        assert_eq!(cm("<!-->"), Some(5));
        assert_eq!(cm("<?php x ?>"), Some(10));
        assert_eq!(cm("<!DOCTYPE html>"), Some(15));
        assert_eq!(cm("<![CDATA[a<b]]>"), Some(15));
        assert_eq!(cm("<T>"), Some(3));
        assert_eq!(cm("< b>"), None);
        assert_eq!(cm("<a b"), None);
        assert_eq!(cm("<3>"), None);
        assert_eq!(cm("<a\"b>"), None);
        assert_eq!(cm("<a b=\"c\"d>"), None);
        assert_eq!(cm("</a b>"), None);
        assert_eq!(cm("<!-- never closed"), None);
    }

    #[test]
    fn a_browser_forgives_more_and_ends_commonmark_tags_at_the_same_byte() {
        let browser = |s: &str| len(s, Grammar::Browser);
        assert_eq!(browser("<a b=\"c\"d>"), Some(10));
        assert_eq!(browser("</p class=x>"), Some(12));
        assert_eq!(browser("<!-- never closed"), Some(17));
        assert_eq!(browser("<a b"), None);
        assert_eq!(browser("< b>"), None);
        assert_eq!(browser("<a <b>"), None);
        for tag in [
            "<span class=\"a b\">x",
            "<br/>",
            "<a href=x title='y'>",
            "</em >",
        ] {
            assert_eq!(browser(tag), len(tag, Grammar::CommonMark), "{tag}");
        }
    }

    #[test]
    fn text_after_an_unfinished_tag_is_not_swallowed() {
        let tokens: Vec<_> = tokens("a <b c and <i>d</i>").map(|(_, t)| t).collect();
        assert_eq!(
            tokens,
            [
                Token::Text("a <b c and "),
                Token::Open {
                    name: "i".into(),
                    attributes: ""
                },
                Token::Text("d"),
                Token::Close { name: "i".into() },
            ]
        );
    }

    #[test]
    fn tokens_carry_their_offsets_and_lower_case_names() {
        let offsets: Vec<_> = tokens("x<P>y<!-- z --></P>")
            .map(|(at, t)| {
                (
                    at,
                    matches!(t, Token::Open { name, .. } | Token::Close { name } if name == "p"),
                )
            })
            .collect();
        assert_eq!(
            offsets,
            [(0, false), (1, true), (4, false), (5, false), (15, true)]
        );
    }

    #[test]
    fn attribute_values_may_be_quoted_or_bare() {
        let text = " a=1 href=\"x y\" alt='z' hidden src=a.png/";
        assert_eq!(raw_attribute(text, "href"), Some("x y"));
        assert_eq!(raw_attribute(text, "A"), Some("1"));
        assert_eq!(raw_attribute(text, "alt"), Some("z"));
        assert_eq!(raw_attribute(text, "hidden"), Some(""));
        assert_eq!(raw_attribute(text, "b"), None);
        assert_eq!(raw_attribute(" a=1", "b"), None);
    }

    #[test]
    fn end_tags_are_found_by_whole_name_in_any_case() {
        assert_eq!(find_end_tag("a</scripts></SCRIPT >", "script"), Some(11));
        assert_eq!(find_end_tag("a</script", "script"), Some(1));
        assert_eq!(find_end_tag("</scrip>", "script"), None);
    }

    #[test]
    fn attribute_values_are_decoded() {
        assert_eq!(
            attribute(" href=\"?a=1&amp;b=2&copy=3\"", "href").as_deref(),
            Some("?a=1&b=2&copy=3")
        );
    }

    #[test]
    fn an_attribute_with_no_name_before_non_ascii_text_does_not_panic() {
        // Once "byte index is not a char boundary": the old attribute parser stepped one
        // byte past `="x"` into the middle of `é`.
        let html = "<div><img =\"x\"é alt=\"a\"></div>";
        let open: Vec<_> = tokens(html)
            .filter_map(|(_, t)| match t {
                Token::Open { name, attributes } if name == "img" => Some(attributes),
                _ => None,
            })
            .collect();
        assert_eq!(open.len(), 1);
        assert_eq!(raw_attribute(open[0], "alt"), Some("a"));
        for end in 0..=html.len() {
            if html.is_char_boundary(end) {
                let _ = tokens(&html[..end]).count();
                for (_, token) in tokens(&html[..end]) {
                    if let Token::Open {
                        attributes: text, ..
                    } = token
                    {
                        let _ = attributes(text).count();
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_cover_the_text_in_order_and_grammars_agree_on_ends(
            html in "([<>/!?=\"' a-zA-Z1-]|é|<!--|-->|<a |</a>|\n){0,40}"
        ) {
            let mut next = 0;
            for (at, token) in tokens(&html) {
                proptest::prop_assert_eq!(at, next);
                next = match token {
                    Token::Text(text) => at + text.len(),
                    _ => markup_at(html.as_bytes(), at, Grammar::Browser).unwrap().end,
                };
            }
            proptest::prop_assert_eq!(next, html.len());
            for (at, _) in html.match_indices('<') {
                if let Some(strict) = markup_at(html.as_bytes(), at, Grammar::CommonMark) {
                    let forgiving = markup_at(html.as_bytes(), at, Grammar::Browser);
                    proptest::prop_assert_eq!(Some(strict.end), forgiving.map(|m| m.end));
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn commonmark_grammar_finds_the_raw_html_pulldown_cmark_finds(
            tail in r#"<([/!?="' >a-d1-]|!--|-->|\?>|\[CDATA\[|]]>){0,16}"#
        ) {
            use pulldown_cmark::{Event, Parser};
            let markdown = format!("x {tail}");
            let found = Parser::new(&markdown)
                .into_offset_iter()
                .find(|(event, range)| range.start == 2 && matches!(event, Event::InlineHtml(_)))
                .map(|(_, range)| range.len());
            proptest::prop_assert_eq!(
                found,
                markup_len(markdown.as_bytes(), 2, Grammar::CommonMark),
                "{:?}", markdown
            );
        }
    }
}
