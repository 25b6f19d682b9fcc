//! The one tokenizer of Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`, their
//! closing `{{< /name >}}`, self-closing `{{< name />}}`), Go template comments (`{{/* … */}}`)
//! and escaped calls (`{{</* name */>}}`, which Hugo shows as `{{< name >}}`), with byte ranges
//! into the body. Code is skipped (fenced and indented blocks, code spans), except for escaped
//! calls, which Hugo unescapes in code too: that is what they are written for. The layout
//! expands what it finds ([`crate::layout`]); the site finds the calls of its own shortcodes
//! that print nothing ([`crate::site`]). What a shortcode *means* is left to them.
//!
//! Bounded: one pass over the body; a call is at most [`MAX_CALL_BYTES`] long; pairing keeps
//! a stack of at most [`MAX_OPEN`] open calls.

use std::borrow::Cow;
use std::ops::Range;

use crate::markdown_chars::{closes_fence, code_span_at, opens_fence};

/// The longest call read, line breaks between named arguments included.
pub const MAX_CALL_BYTES: usize = 4096;
/// How many calls may be open (waiting for their closing call) at once.
pub const MAX_OPEN: usize = 64;

/// One argument: `key=value` or a positional value, quotes taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg<'a> {
    pub key: Option<&'a str>,
    pub value: Cow<'a, str>,
}

/// A shortcode call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<'a> {
    pub range: Range<usize>,
    /// The name as written (Hugo's names are case-sensitive), without the `/` of a closing
    /// call.
    pub name: &'a str,
    /// `{{< /name >}}`.
    pub closing: bool,
    /// `{{< name />}}`: needs no closing call.
    pub self_closed: bool,
    /// Written `{{% … %}}`: its inner text is Markdown for Hugo.
    pub markdown: bool,
    pub args: Vec<Arg<'a>>,
}

impl Call<'_> {
    /// The `n`th positional argument.
    pub fn positional(&self, n: usize) -> Option<&str> {
        self.args
            .iter()
            .filter(|a| a.key.is_none())
            .nth(n)
            .map(|a| &*a.value)
    }

    /// Named argument `key`.
    pub fn named(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|a| a.key == Some(key))
            .map(|a| &*a.value)
    }

    /// Named argument `key`, else the `n`th positional one: most built-in shortcodes take
    /// either (`{{< youtube ID >}}`, `{{< youtube id=ID >}}`).
    pub fn arg(&self, key: &str, n: usize) -> Option<&str> {
        self.named(key).or_else(|| self.positional(n))
    }
}

/// What the tokenizer finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Call(Call<'a>),
    /// `{{/* … */}}`: never shown.
    Comment(Range<usize>),
    /// `{{</* x */>}}`: shown as `shown` (`{{< x >}}`).
    Escaped {
        range: Range<usize>,
        shown: String,
    },
}

impl Piece<'_> {
    pub fn range(&self) -> &Range<usize> {
        match self {
            Piece::Call(call) => &call.range,
            Piece::Comment(range) | Piece::Escaped { range, .. } => range,
        }
    }
}

/// How everything [`scan`] finds begins: calls (`{{<`, `{{%`, and `{{-` trimming either) and
/// comments (`{{/*`).
pub const OPENERS: [&str; 4] = ["{{<", "{{%", "{{/*", "{{-"];

/// Whether `body` may hold anything [`scan`] finds: the fast path for most posts.
pub fn may_contain(body: &str) -> bool {
    OPENERS.iter().any(|mark| body.contains(mark))
}

/// The shortcodes, comments and escaped calls of `body`, in order, outside code.
pub fn scan(body: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    if !may_contain(body) {
        return pieces;
    }
    let mut fence: Option<(u8, usize)> = None;
    let mut previous_blank = true;
    let mut indented_code = false;
    // Where scanning may resume: a call that spans lines skips the lines it covers.
    let mut resume = 0;
    // A `highlight` with no closing call was met: none of the later ones has one either.
    let mut highlight_unclosed = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let range = at..at + line.len();
        at += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let end = range.start + text.len();
        let code = if let Some((ch, len)) = fence {
            if closes_fence(text, ch, len) {
                fence = None;
            }
            true
        } else if let Some(open) = opens_fence(text).filter(|_| range.start >= resume) {
            fence = Some(open);
            true
        } else {
            let trimmed = text.trim();
            let code_indent = text.starts_with('\t') || text.starts_with("    ");
            indented_code = !trimmed.is_empty() && code_indent && (previous_blank || indented_code);
            previous_blank = trimmed.is_empty();
            indented_code
        };
        let from = range.start.max(resume);
        if from >= end {
            continue;
        }
        if code {
            resume = scan_escapes(body, from..end, &mut pieces);
            continue;
        }
        let first = pieces.len();
        resume = scan_line(body, from..end, &mut pieces);
        // What a `highlight` holds is code, fences and all, up to its closing call.
        let opened = pieces[first..].iter().position(|p| {
            matches!(p, Piece::Call(c) if c.name == "highlight" && !c.closing && !c.self_closed)
        });
        if let Some(at) = opened.map(|i| first + i)
            && !highlight_unclosed
        {
            let after = pieces[at].range().end;
            match highlight_end(body, after) {
                Some(close) => {
                    pieces.truncate(at + 1);
                    resume = close.range.end;
                    pieces.push(Piece::Call(close));
                }
                None => highlight_unclosed = true,
            }
        }
    }
    pieces
}

/// The call that closes a `highlight` opened before `from`.
fn highlight_end(body: &str, from: usize) -> Option<Call<'_>> {
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&body.as_bytes()[at..], b"{{") {
        let start = at + found;
        if let Some(call) = call_at(body, start)
            && call.closing
            && call.name == "highlight"
        {
            return Some(call);
        }
        at = start + 2;
    }
    None
}

/// Finds escaped calls only (inside code), returns where scanning may resume.
fn scan_escapes<'a>(body: &'a str, line: Range<usize>, pieces: &mut Vec<Piece<'a>>) -> usize {
    let mut i = line.start;
    // An escaped call may run past the line: scanning then resumes after it.
    while i < line.end
        && let Some(found) = body[i..line.end].find("{{")
    {
        let start = i + found;
        match escaped_at(body, start) {
            Some(piece) => {
                i = piece.range().end;
                pieces.push(piece);
            }
            None => i = start + 2,
        }
    }
    i.max(line.end)
}

/// Finds everything on one line outside code spans; a call may run on past the line's end.
fn scan_line<'a>(body: &'a str, line: Range<usize>, pieces: &mut Vec<Piece<'a>>) -> usize {
    let bytes = body.as_bytes();
    let mut i = line.start;
    let mut reached = line.end;
    while i < line.end {
        match bytes[i] {
            b'`' => {
                // A code span's escaped calls are unescaped too.
                i = match code_span_at(body, i, line.end) {
                    (after, Some(close)) => {
                        scan_escapes(body, after..close, pieces);
                        close + (after - i)
                    }
                    (after, None) => after,
                };
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                let piece = escaped_at(body, i)
                    .or_else(|| comment_at(body, i))
                    .or_else(|| call_at(body, i).map(Piece::Call));
                match piece {
                    Some(piece) => {
                        i = piece.range().end;
                        reached = reached.max(i);
                        pieces.push(piece);
                    }
                    None => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    reached
}

/// The longest stretch a call, comment or escape may take from `start`.
fn window(body: &str, start: usize) -> &str {
    let mut end = (start + MAX_CALL_BYTES).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[start..end]
}

/// `{{</* x */>}}` or `{{%/* x */%}}` at `start`.
fn escaped_at(body: &str, start: usize) -> Option<Piece<'_>> {
    let rest = window(body, start);
    let (open, close) = if rest.starts_with("{{</*") {
        ("<", ">")
    } else if rest.starts_with("{{%/*") {
        ("%", "%")
    } else {
        return None;
    };
    let end_mark = format!("*/{close}}}}}");
    let inner_end = rest[5..].find(&end_mark)? + 5;
    let inner = &rest[5..inner_end];
    Some(Piece::Escaped {
        range: start..start + inner_end + end_mark.len(),
        shown: format!("{{{{{open}{inner}{close}}}}}"),
    })
}

/// `{{/* … */}}`, `{{- /* … */ -}}` at `start`.
fn comment_at(body: &str, start: usize) -> Option<Piece<'_>> {
    comment_len(window(body, start)).map(|len| Piece::Comment(start..start + len))
}

/// The length of the Go template comment (`{{/* … */}}`, `{{- /* … */ -}}`) `text` starts
/// with.
pub fn comment_len(text: &str) -> Option<usize> {
    let rest = text;
    let inner = rest
        .strip_prefix("{{")?
        .trim_start_matches('-')
        .trim_start();
    if !inner.starts_with("/*") {
        return None;
    }
    let opened = rest.len() - inner.len() + 2;
    let close = rest[opened..].find("*/")? + opened + 2;
    let after = rest[close..].trim_start();
    let after = after.strip_prefix('-').unwrap_or(after);
    after
        .starts_with("}}")
        .then(|| rest.len() - after.len() + 2)
}

/// A call `{{< … >}}` or `{{% … %}}` at `start`.
fn call_at(body: &str, start: usize) -> Option<Call<'_>> {
    let rest = window(body, start);
    let markdown = match rest.as_bytes().get(2) {
        Some(b'<') => false,
        Some(b'%') => true,
        _ => return None,
    };
    let close = if markdown { "%}}" } else { ">}}" };
    // The closing mark is looked for after the opening one: in `{{%}}` they share a `%`.
    let inner_end = rest[3..].find(close)? + 3;
    let mut inner = rest[3..inner_end].trim();
    let self_closed = inner.ends_with('/');
    if self_closed {
        inner = inner[..inner.len() - 1].trim_end();
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| c.is_whitespace() || c == '"' || c == '`')
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    if !valid {
        return None;
    }
    Some(Call {
        range: start..start + inner_end + close.len(),
        name,
        closing,
        self_closed,
        markdown,
        args: arguments(&inner[name_len..]),
    })
}

/// `a "b c" key=d key2="e f" `raw``: Hugo's argument syntax, quotes taken off (`\"` inside
/// double quotes is a quote).
fn arguments(text: &str) -> Vec<Arg<'_>> {
    let mut args = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let mut key = None;
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '`')
            .unwrap_or(rest.len());
        if let Some(eq) = rest[..word_end].find('=') {
            key = Some(&rest[..eq]);
            rest = &rest[eq + 1..];
        }
        let (value, after) = value(rest);
        args.push(Arg { key, value });
        rest = after.trim_start();
    }
    args
}

/// One value at the start of `text` and the text after it.
fn value(text: &str) -> (Cow<'_, str>, &str) {
    if let Some(inner) = text.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in inner.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    let raw = &inner[..i];
                    let value = if raw.contains('\\') {
                        Cow::Owned(raw.replace("\\\"", "\"").replace("\\\\", "\\"))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    return (value, &inner[i + 1..]);
                }
                _ => escaped = false,
            }
        }
        return (Cow::Borrowed(inner), "");
    }
    if let Some(inner) = text.strip_prefix('`') {
        return match inner.find('`') {
            Some(end) => (Cow::Borrowed(&inner[..end]), &inner[end + 1..]),
            None => (Cow::Borrowed(inner), ""),
        };
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (Cow::Borrowed(&text[..end]), &text[end..])
}

/// For each piece, the index of the call that closes it, if it is an opening call that has
/// one. The nearest open call of the same name is closed; calls opened after it and still
/// open are left unpaired. Past [`MAX_OPEN`] open calls, the oldest is given up.
pub fn pairs(pieces: &[Piece<'_>]) -> Vec<Option<usize>> {
    let mut closer = vec![None; pieces.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Call(call) = piece else {
            continue;
        };
        if call.self_closed {
            continue;
        }
        if !call.closing {
            if open.len() == MAX_OPEN {
                open.remove(0);
            }
            open.push(i);
            continue;
        }
        let name_of = |j: usize| match &pieces[j] {
            Piece::Call(c) => c.name,
            _ => "",
        };
        if let Some(at) = open.iter().rposition(|&j| name_of(j) == call.name) {
            closer[open[at]] = Some(i);
            open.truncate(at);
        }
    }
    closer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(body: &str) -> Vec<Call<'_>> {
        scan(body)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_forms_named_and_positional_arguments_and_quotes_with_spaces() {
        let body = "a {{< figure src=\"/x.png\" caption=\"A cat, asleep\" >}} b\n\
                    {{% notice warning \"Mind the gap\" %}}x{{% /notice %}}\n\
                    {{< youtube id=abc />}}";
        let found = calls(body);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].name, "figure");
        assert_eq!(found[0].named("caption"), Some("A cat, asleep"));
        assert_eq!(
            &body[found[0].range.clone()],
            "{{< figure src=\"/x.png\" caption=\"A cat, asleep\" >}}"
        );
        assert!(found[1].markdown);
        assert_eq!(found[1].positional(0), Some("warning"));
        assert_eq!(found[1].positional(1), Some("Mind the gap"));
        assert!(found[2].closing && found[2].name == "notice");
        assert!(found[3].self_closed);
        assert_eq!(found[3].arg("id", 0), Some("abc"));
    }

    #[test]
    fn a_call_may_span_lines_and_code_is_skipped() {
        let body = "{{< figure\n  src=\"a.png\"\n  alt=\"A\" >}}\n\n```\n{{< x >}}\n```\n\n    {{< y >}}\n\n`{{< z >}}`";
        let found = calls(body);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].named("alt"), Some("A"));
    }

    #[test]
    fn comments_and_escapes() {
        let body =
            "a {{/* hidden\nstill */}} b {{- /* x */ -}}\n```\n{{</* figure src=\"x\" */>}}\n```";
        let pieces = scan(body);
        assert!(matches!(pieces[0], Piece::Comment(_)));
        assert!(matches!(pieces[1], Piece::Comment(_)));
        let at = body.find("{{</*").unwrap();
        assert_eq!(
            pieces[2],
            Piece::Escaped {
                range: at..at + 26,
                shown: "{{< figure src=\"x\" >}}".into()
            }
        );
    }

    #[test]
    fn pairs_close_the_nearest_open_call_of_the_same_name() {
        let body = "{{% a %}}{{% b %}}{{% /a %}}{{% /b %}}{{< c />}}{{% d %}}{{% d %}}{{% /d %}}";
        let pieces = scan(body);
        assert_eq!(
            pairs(&pieces),
            [Some(2), None, None, None, None, None, Some(7), None]
        );
    }

    #[test]
    fn marks_that_overlap_or_never_close_are_not_calls() {
        for body in [
            "{{%}}",
            "{{<>}}",
            "{{< x",
            "{{% %}}",
            "{{< \"q\" >}}",
            "{{/* open",
        ] {
            assert!(scan(body).is_empty(), "{body}");
        }
    }

    #[test]
    fn many_open_calls_stay_bounded() {
        let body = "{{% x %}}".repeat(10_000) + "{{% /x %}}";
        let pieces = scan(&body);
        let pairs = pairs(&pieces);
        assert_eq!(pairs.iter().filter(|p| p.is_some()).count(), 1);
    }
}
