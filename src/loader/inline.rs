//! The running text of one paragraph or heading, read the way CommonMark's inline rules read
//! it, but only as far as counting and plain text need: what is prose (text, code, link text)
//! and what is not (link destinations, images, autolinks, HTML tags, emphasis markers). No
//! tree is built; the text goes straight to the counter and, when asked, to a capture.
//!
//! Over 600 lines with its tests, on purpose: it is one algorithm (CommonMark's inline
//! precedence — code spans, then links, then emphasis — under one lookahead budget that
//! keeps unclosed markup linear), and its parts share the reader's state; split, each piece
//! would have to be read with the others open beside it.

use super::html;
use super::references::References;
use super::stats::TextCounter;
use crate::markdown_chars::{is_cjk, is_punctuation, is_unicode_whitespace};

/// Where the plain text of a paragraph goes besides the counter: the excerpt, a heading, or
/// nowhere (`()`).
pub trait Capture {
    fn push(&mut self, text: &str);
    /// A line break inside the paragraph.
    fn soft_break(&mut self);
}

impl Capture for () {
    fn push(&mut self, _: &str) {}
    fn soft_break(&mut self) {}
}

impl Capture for String {
    fn push(&mut self, text: &str) {
        self.push_str(text);
    }
    fn soft_break(&mut self) {
        String::push(self, ' ');
    }
}

/// Counts the prose in `text` (the lines of one paragraph or heading joined by `\n`, their
/// indentation removed) and hands its plain text to `capture`.
/// `references` tells which `[label]`s are links.
pub fn skim(
    text: &str,
    references: &mut References<'_>,
    counter: &mut TextCounter,
    capture: &mut impl Capture,
) {
    let mut reader = InlineReader {
        src: text,
        references,
        counter,
        capture,
        lookahead: text.len().saturating_mul(8).saturating_add(1 << 16),
    };
    reader.span(0, text.len(), 0);
}

/// Link texts nest (an image in a link); deeper than this is not prose worth the stack.
const MAX_NESTING: usize = 16;

/// How far an HTML tag or comment in running text may reach.
const MAX_TAG: usize = 4096;

/// Bytes that may start markup; every other byte is plain text.
pub(super) const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let specials = b"\n\\`*_~![]<&";
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] = true;
        i += 1;
    }
    table
};

/// One paragraph's or heading's inline markup being read, feeding the counter and `capture`.
struct InlineReader<'a, 'c, 'r, C: Capture> {
    src: &'a str,
    references: &'c mut References<'r>,
    counter: &'c mut TextCounter,
    capture: &'c mut C,
    /// Bytes that searches for a closing mark (a backtick run, a `]`, an emphasis closer, a
    /// link destination's `)`) may still look at. It is proportional to the text, so markup
    /// that never closes (`[[[[…`, `*a *a *a…`) costs linear time, not quadratic; once it is
    /// spent, such markup reads as literal text. Real posts never come near it.
    lookahead: usize,
}

/// Emphasis runs of `*`, `_` and `~~` seen as openers and not yet closed, per character.
#[derive(Default)]
struct OpenRuns([usize; 3]);

impl OpenRuns {
    fn slot(&mut self, marker: u8) -> &mut usize {
        &mut self.0[match marker {
            b'*' => 0,
            b'_' => 1,
            _ => 2,
        }]
    }
}

impl<C: Capture> InlineReader<'_, '_, '_, C> {
    /// Hands `src[from..to]` to the capture: text [`Self::span`]'s walk has counted.
    fn text(&mut self, from: usize, to: usize) {
        if from < to {
            self.capture.push(&self.src[from..to]);
        }
    }

    /// Text the walk has stepped over without counting it (an escaped character, an entity's
    /// character): counted and captured.
    fn literal(&mut self, text: &str) {
        self.counter.feed(text);
        self.capture.push(text);
    }

    /// Reads `src[start..end]`: the whole paragraph, or the text of a link inside it.
    fn span(&mut self, start: usize, end: usize, depth: usize) {
        let bytes = self.src.as_bytes();
        let mut open = OpenRuns::default();
        let mut plain = start;
        let mut i = start;
        // The counter has been fed `src[start..counted]`, and it is the counter that walks to
        // the next byte that may start markup: one walk over the text, not two. An arm below
        // steps over markup, uncounted (`plain` then moves past it), or over literal text
        // (`plain` stays before it), which is counted before the walk goes on.
        let mut counted = start;
        while i < end {
            if plain < i && counted < i {
                self.counter.feed(&self.src[counted..i]);
            }
            i += self.counter.feed_to_markup(&self.src[i..end]);
            counted = i;
            let Some(&b) = bytes.get(i).filter(|_| i < end) else {
                break;
            };
            match b {
                b'\n' => {
                    let text_end = trim_end_spaces(bytes, plain, i);
                    let hard = bytes[text_end..i].iter().filter(|&&b| b == b' ').count() >= 2;
                    self.text(plain, text_end);
                    self.line_break(hard);
                    i = skip_spaces(bytes, i + 1, end);
                    plain = i;
                }
                b'\\' => match bytes.get(i + 1).filter(|_| i + 1 < end) {
                    Some(b'\n') => {
                        self.text(plain, i);
                        self.line_break(true);
                        i = skip_spaces(bytes, i + 2, end);
                        plain = i;
                    }
                    Some(p) if p.is_ascii_punctuation() => {
                        self.text(plain, i);
                        let src = self.src;
                        self.literal(&src[i + 1..i + 2]);
                        i += 2;
                        plain = i;
                    }
                    _ => i += 1,
                },
                b'`' => {
                    let n = run_len(bytes, i, end);
                    let limit = self.limit(i + n, end);
                    let close = find_code_close(bytes, i + n, limit, n);
                    self.spend(i + n, close.unwrap_or(limit));
                    match close {
                        Some(close) => {
                            self.text(plain, i);
                            self.code(i + n, close);
                            i = close + n;
                            plain = i;
                        }
                        None => i += n,
                    }
                }
                b'*' | b'_' | b'~' => {
                    let n = run_len(bytes, i, end);
                    if self.is_emphasis(i, n, end, &mut open) {
                        self.text(plain, i);
                        plain = i + n;
                    }
                    i += n;
                }
                b'!' if bytes.get(i + 1) == Some(&b'[') => match self.link_end(i + 1, end) {
                    Some(link) => {
                        // Alt text describes a picture; nobody reads it in the article.
                        self.text(plain, i);
                        self.counter.boundary();
                        i = link.end;
                        self.counter.boundary();
                        plain = i;
                    }
                    None => i += 1,
                },
                b'[' => {
                    if let Some(close) = footnote_reference_end(bytes, i, end).filter(|&close| {
                        self.references
                            .defines_footnote(&self.src[i + 2..close - 1])
                    }) {
                        self.text(plain, i);
                        self.counter.boundary();
                        i = close;
                        plain = i;
                    } else if let Some(link) = self.link_end(i, end).filter(|_| depth < MAX_NESTING)
                    {
                        self.text(plain, i);
                        self.span(i + 1, link.text_end, depth + 1);
                        i = link.end;
                        plain = i;
                    } else {
                        i += 1;
                    }
                }
                b'<' => {
                    let window = &bytes[..end.min(i + MAX_TAG)];
                    if let Some(len) = html::autolink_len(window, i) {
                        // The address is not prose, and it is not a break in it either.
                        self.text(plain, i);
                        i += len;
                        plain = i;
                    } else if let Some(len) = html::tag_len(window, i) {
                        self.text(plain, i);
                        self.counter.boundary();
                        i += len;
                        plain = i;
                    } else {
                        i += 1;
                    }
                }
                b'&' => match html::entity(bytes, i).filter(|(_, len)| i + len <= end) {
                    Some((c, len)) => {
                        self.text(plain, i);
                        let mut buffer = [0; 4];
                        let c = c.as_str(&mut buffer);
                        self.literal(c);
                        i += len;
                        plain = i;
                    }
                    None => i += 1,
                },
                _ => i += 1,
            }
        }
        let walked = i.min(end);
        if plain < walked && counted < walked {
            self.counter.feed(&self.src[counted..walked]);
        }
        self.text(plain, end);
    }

    fn line_break(&mut self, hard: bool) {
        self.counter.boundary();
        if hard {
            self.capture.push(" ");
        } else {
            self.capture.soft_break();
        }
    }

    /// A code span's content: line ends become spaces, and one space of padding on both
    /// sides is dropped.
    fn code(&mut self, from: usize, to: usize) {
        let mut content = &self.src[from..to];
        if content.len() >= 2
            && content.starts_with([' ', '\n'])
            && content.ends_with([' ', '\n'])
            && !content.bytes().all(|b| b == b' ' || b == b'\n')
        {
            content = &content[1..content.len() - 1];
        }
        for (n, line) in content.split('\n').enumerate() {
            if n > 0 {
                self.counter.feed(" ");
                self.capture.push(" ");
            }
            self.counter.feed(line);
            self.capture.push(line);
        }
    }

    /// Whether the run of `n` markers at `at` is emphasis (left out) rather than literal
    /// text. CommonMark decides by what surrounds the run and whether it finds a partner;
    /// here an opener needs a possible closer later in the span, and a closer an earlier
    /// opener. Runs between CJK punctuation and a CJK letter (`**「強調」**の`) count as
    /// emphasis, as the CJK-friendly amendment to CommonMark has it.
    fn is_emphasis(&mut self, at: usize, n: usize, end: usize, open: &mut OpenRuns) -> bool {
        let marker = self.src.as_bytes()[at];
        if marker == b'~' && n != 2 {
            return false;
        }
        let (can_open, can_close) = self.flanking(at, n, marker);
        let opened = open.slot(marker);
        if can_close && *opened > 0 {
            *opened -= 1;
            return true;
        }
        if can_open && self.closer_follows(at + n, end, marker) {
            *opened += 1;
            return true;
        }
        false
    }

    fn flanking(&self, at: usize, n: usize, marker: u8) -> (bool, bool) {
        let before = self.src[..at].chars().next_back();
        let after = self.src[at + n..].chars().next();
        let space = |c: Option<char>| c.is_none_or(is_unicode_whitespace);
        let punct = |c: Option<char>| c.is_some_and(is_punctuation);
        let cjk = |c: Option<char>| c.is_some_and(is_cjk);
        let left =
            !space(after) && (!punct(after) || space(before) || punct(before) || cjk(before));
        let right =
            !space(before) && (!punct(before) || space(after) || punct(after) || cjk(after));
        if marker == b'_' {
            (
                left && (!right || punct(before)),
                right && (!left || punct(after)),
            )
        } else {
            (left, right)
        }
    }

    /// Whether a run of `marker` that could close emphasis comes later in `src[from..end]`.
    fn closer_follows(&mut self, from: usize, end: usize, marker: u8) -> bool {
        let bytes = self.src.as_bytes();
        let limit = self.limit(from, end);
        let mut i = from;
        while let Some(found) = memchr::memchr(marker, &bytes[i..limit]) {
            let at = i + found;
            let n = run_len(bytes, at, limit);
            let escaped = at > 0 && bytes[at - 1] == b'\\';
            if !escaped && (marker != b'~' || n == 2) && self.flanking(at, n, marker).1 {
                self.spend(from, at);
                return true;
            }
            i = at + n;
        }
        self.spend(from, limit);
        false
    }

    /// Where a search from `from` for a closing mark must stop: at `end`, or where the
    /// lookahead left runs out.
    fn limit(&self, from: usize, end: usize) -> usize {
        end.min(from.saturating_add(self.lookahead))
    }

    fn spend(&mut self, from: usize, to: usize) {
        self.lookahead = self.lookahead.saturating_sub(to.saturating_sub(from));
    }

    /// The link that starts with the `[` at `at`: `[text](destination "title")`, or
    /// `[text][label]`, `[text][]` and `[text]` when the label is defined.
    fn link_end(&mut self, at: usize, end: usize) -> Option<Link> {
        let bytes = self.src.as_bytes();
        let limit = self.limit(at, end);
        let text_end = matching_bracket(bytes, at, limit);
        self.spend(at, text_end.unwrap_or(limit));
        let text_end = text_end?;
        let after = text_end + 1;
        let next = bytes.get(after).filter(|_| after < end);
        if next == Some(&b'(') {
            let limit = self.limit(after + 1, end);
            let destination = inline_destination_end(bytes, after + 1, limit);
            self.spend(after + 1, destination.unwrap_or_else(|stop| stop));
            if let Ok(end) = destination {
                return Some(Link { text_end, end });
            }
        }
        if next == Some(&b'[') {
            let close = bytes[after + 1..end]
                .iter()
                .take(1000)
                .position(|&b| b == b']' || b == b'[')?;
            if bytes[after + 1 + close] != b']' {
                return None;
            }
            let label = match &self.src[after + 1..after + 1 + close] {
                "" => &self.src[at + 1..text_end],
                label => label,
            };
            return self.references.defines(label).then_some(Link {
                text_end,
                end: after + 1 + close + 1,
            });
        }
        self.references
            .defines(&self.src[at + 1..text_end])
            .then_some(Link {
                text_end,
                end: after,
            })
    }
}

fn run_len(bytes: &[u8], at: usize, end: usize) -> usize {
    let marker = bytes[at];
    bytes[at..end].iter().take_while(|&&b| b == marker).count()
}

fn trim_end_spaces(bytes: &[u8], from: usize, to: usize) -> usize {
    from + bytes[from..to]
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |p| p + 1)
}

fn skip_spaces(bytes: &[u8], from: usize, end: usize) -> usize {
    from + bytes[from..end]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// Where the backtick run of length `n` that closes a code span opened before `from` starts.
fn find_code_close(bytes: &[u8], from: usize, end: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while let Some(found) = memchr::memchr(b'`', &bytes[i..end]) {
        let at = i + found;
        let len = run_len(bytes, at, end);
        if len == n {
            return Some(at);
        }
        i = at + len;
    }
    None
}

/// `[^label]` at `at`.
fn footnote_reference_end(bytes: &[u8], at: usize, end: usize) -> Option<usize> {
    if bytes.get(at + 1) != Some(&b'^') {
        return None;
    }
    let close = bytes[at + 2..end]
        .iter()
        .position(|&b| matches!(b, b']' | b'[' | b' ' | b'\n'))?;
    (close > 0 && bytes[at + 2 + close] == b']').then_some(at + 2 + close + 1)
}

/// A link (or image) found at a `[`: where its text ends and where the whole link does.
struct Link {
    text_end: usize,
    end: usize,
}

/// The `]` that closes the `[` at `at`, skipping escapes, code spans and nested brackets.
fn matching_bracket(bytes: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    // Backtick runs of a length that found no closer: a later run of that length finds none
    // either, so it is not searched for again.
    let mut unclosed: Vec<usize> = Vec::new();
    while i < end {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => {
                let n = run_len(bytes, i, end);
                if !unclosed.contains(&n) {
                    match find_code_close(bytes, i + n, end, n) {
                        Some(close) => {
                            i = close + n;
                            continue;
                        }
                        None => unclosed.push(n),
                    }
                }
                i += n;
                continue;
            }
            b'<' => {
                let window = &bytes[..end.min(i + MAX_TAG)];
                if let Some(len) =
                    html::autolink_len(window, i).or_else(|| html::tag_len(window, i))
                {
                    i += len;
                    continue;
                }
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// After `](`: an optional destination and title, then `)`. The index past `)`, or where
/// the search gave up.
fn inline_destination_end(bytes: &[u8], from: usize, end: usize) -> Result<usize, usize> {
    let mut i = skip_whitespace(bytes, from, end);
    if bytes.get(i) == Some(&b'<') {
        let close = bytes[i + 1..end]
            .iter()
            .position(|&b| matches!(b, b'>' | b'<' | b'\n'))
            .ok_or(end)?;
        if bytes[i + 1 + close] != b'>' {
            return Err(i + 1 + close);
        }
        i += close + 2;
    } else {
        let mut parens = 0usize;
        while i < end {
            match bytes[i] {
                b'\\' if i + 1 < end && bytes[i + 1].is_ascii_punctuation() => i += 1,
                b'(' => parens += 1,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                b if b <= b' ' => break,
                _ => {}
            }
            i += 1;
        }
    }
    let before_title = i;
    i = skip_whitespace(bytes, i, end);
    if i > before_title
        && let Some(&quote) = bytes.get(i).filter(|b| matches!(b, b'"' | b'\'' | b'('))
    {
        let closing = if quote == b'(' { b')' } else { quote };
        let mut j = i + 1;
        while j < end && bytes[j] != closing {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        if j >= end {
            return Err(end);
        }
        i = skip_whitespace(bytes, j + 1, end);
    }
    if i < end && bytes[i] == b')' {
        Ok(i + 1)
    } else {
        Err(i)
    }
}

fn skip_whitespace(bytes: &[u8], from: usize, end: usize) -> usize {
    from + bytes[from..end]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain text and the (CJK characters, words) counts of `text`.
    fn read(text: &str) -> (String, (usize, usize)) {
        let mut counter = TextCounter::default();
        let mut plain = String::new();
        let mut references = References::new("[ref]: /r\n[defined]: /d\n[^1]: note");
        skim(text, &mut references, &mut counter, &mut plain);
        let stats = counter.stats();
        (plain, (stats.cjk_chars, stats.words))
    }

    #[test]
    fn emphasis_markers_are_left_out_when_they_pair() {
        assert_eq!(read("**bold** and *it*").0, "bold and it");
        assert_eq!(read("un**believ**able").1, (0, 1));
        assert_eq!(read("**「強調」**の話").0, "「強調」の話");
        assert_eq!(read("~~old~~ new").0, "old new");
    }

    #[test]
    fn markers_without_a_partner_stay_text() {
        assert_eq!(read("2 * 3 = 6").0, "2 * 3 = 6");
        assert_eq!(read("a *lone star").0, "a *lone star");
        assert_eq!(read("snake_case_name").0, "snake_case_name");
        assert_eq!(read("~/.config and ~~~").0, "~/.config and ~~~");
    }

    #[test]
    fn links_keep_their_text_and_drop_the_destination() {
        assert_eq!(
            read("see [the docs](https://example.com/a_(b) \"T\") now"),
            ("see the docs now".to_string(), (0, 4))
        );
        assert_eq!(read("[text][ref] and [defined][]").0, "text and defined");
        assert_eq!(read("[just brackets] here").0, "[just brackets] here");
        assert_eq!(
            read("[Defined] and [x][undefined]").0,
            "Defined and [x][undefined]"
        );
    }

    #[test]
    fn images_and_autolinks_are_not_prose() {
        assert_eq!(read("a ![alt words](p.png) b").1, (0, 2));
        assert_eq!(read("[![badge](b.svg)](https://x.y) ok").0, " ok");
        assert_eq!(
            read("mail <me@example.com> or <https://a.b/c>").0,
            "mail  or "
        );
    }

    #[test]
    fn code_spans_are_text_without_their_backticks() {
        assert_eq!(read("run `cargo  build` now").0, "run cargo  build now");
        assert_eq!(read("`` a`b ``").0, "a`b");
        assert_eq!(read("an ` unclosed").0, "an ` unclosed");
    }

    #[test]
    fn escapes_entities_and_tags() {
        assert_eq!(read(r"\*not\* emphasis").0, "*not* emphasis");
        assert_eq!(read("caf&eacute; &amp; tea&nbsp;x").0, "café & tea\u{a0}x");
        assert_eq!(read("a <span class=\"k\">b</span> c").0, "a b c");
        assert_eq!(read("Vec<T> and x < y").0, "Vec and x < y");
    }

    #[test]
    fn lines_break_softly_unless_marked_hard() {
        assert_eq!(read("one  \n  two\\\nthree\nfour").0, "one two three four");
        assert_eq!(read("one\ntwo").1, (0, 2));
    }

    #[test]
    fn footnote_references_are_not_text() {
        assert_eq!(read("claim[^1] here").0, "claim here");
        // Undefined, it is text: a regular expression's `[^a-z]`, say.
        assert_eq!(read("gsub(/[^a-z]+/)").0, "gsub(/[^a-z]+/)");
    }
}
