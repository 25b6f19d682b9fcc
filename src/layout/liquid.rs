//! Jekyll leftovers in a post body, made Markdown before parsing (Hugo's shortcodes, which
//! may grow, are [`super::shortcodes`]' job, done before this).
//!
//! `{% highlight LANG %}…{% endhighlight %}` becomes a fenced code block; a Jekyll
//! `{% post_url NAME %}` or `{% link PATH %}` where a link's address goes becomes
//! `post_url:NAME` or `link:PATH`, addresses [`crate::links`] resolves against the library;
//! every other Liquid tag `{% … %}`, every kramdown attribute list or extension marker
//! (`{: … }`, `{:name: …}`, `{::nomarkdown}`), what a `{::comment}` holds, kramdown
//! abbreviation definitions (`*[HTML]: …`) and goldmark attribute lines (`{.note}`) are
//! hidden; `{{ … }}` stays as written (it is text a reader may need). Code (fences, indented blocks, code spans) and
//! `{% raw %}` sections are left alone. Every replacement has the length of what it
//! replaces, so byte offsets into the result are byte offsets into the post body.

use std::borrow::Cow;
use std::ops::Range;

use crate::markdown_chars::{closes_fence, code_span_at, heading_attributes, opens_fence};

/// The body with Liquid/kramdown markup replaced, same length in bytes.
pub fn preprocess(body: &str) -> Cow<'_, str> {
    if !["{%", "{:", "*[", "{.", "{#"]
        .iter()
        .any(|m| body.contains(m))
    {
        return Cow::Borrowed(body);
    }
    let mut out = body.as_bytes().to_vec();
    let mut fence: Option<(u8, usize)> = None;
    let mut highlight = false;
    let mut raw = false;
    // Inside a kramdown `{::comment}` extension.
    let mut comment = false;
    let mut previous_blank = true;
    let mut indented_code = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let range = at..at + line.len();
        at += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim();
        if highlight {
            if is_tag(trimmed, "endhighlight") {
                overwrite(&mut out, range.start..range.start + text.len(), "```");
                highlight = false;
            }
            continue;
        }
        if let Some((ch, len)) = fence {
            if closes_fence(text, ch, len) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = opens_fence(text) {
            fence = Some(open);
            continue;
        }
        let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
        let code_indent = text.starts_with('\t') || text.starts_with("    ");
        indented_code = !trimmed.is_empty() && code_indent && (previous_blank || indented_code);
        previous_blank = trimmed.is_empty();
        if indented_code {
            continue;
        }
        if !raw && let Some(lang) = highlight_language(trimmed) {
            let rest = body[range.end..].split_inclusive('\n');
            let longest = rest
                .take_while(|l| !is_tag(l.trim(), "endhighlight"))
                .map(longest_backtick_run)
                .max()
                .unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let room = text.len() - indent;
            let opening = if fence.len() + lang.len() <= room {
                format!("{fence}{lang}")
            } else {
                fence.clone()
            };
            overwrite(
                &mut out,
                range.start + indent..range.start + text.len(),
                &opening,
            );
            highlight = true;
            continue;
        }
        let line = range.start..range.start + text.len();
        // kramdown abbreviation definitions (`*[HTML]: Hyper Text…`) and goldmark block
        // attributes (`{.note #id}` on a line of their own) are never shown.
        let abbreviation = trimmed.starts_with("*[") && trimmed.contains("]:");
        let attributes = heading_attributes(trimmed).is_some_and(|(at, _)| at == 0);
        if !raw && !comment && (abbreviation || attributes) {
            overwrite(&mut out, line, "");
            continue;
        }
        hide_tags(body, line.clone(), &mut out, &mut raw, &mut comment);
        // A marker hidden at the start of a line must not indent what follows it into a code
        // block: the spaces it left go to the line's end instead.
        let lead = out[line.clone()]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if lead > indent && lead < line.len() {
            out[line.start + indent..line.end].rotate_left(lead - indent);
        }
    }
    // Only whole ASCII tags and whole characters were overwritten, with ASCII; checked all
    // the same, by simdutf8, which reads a 5 MB CJK post several times faster than `std`.
    if simdutf8::basic::from_utf8(&out).is_err() {
        return Cow::Owned(body.to_string());
    }
    // SAFETY: `out` was just found to be UTF-8.
    Cow::Owned(unsafe { String::from_utf8_unchecked(out) })
}

/// Overwrites `range` with spaces, whatever characters it holds (each of their bytes
/// becomes one: the text stays UTF-8).
fn blank(out: &mut [u8], range: Range<usize>) {
    out[range].fill(b' ');
}

/// Overwrites `range` with `text` followed by spaces.
fn overwrite(out: &mut [u8], range: Range<usize>, text: &str) {
    let bytes = text.as_bytes();
    for (i, slot) in out[range].iter_mut().enumerate() {
        *slot = bytes.get(i).copied().unwrap_or(b' ');
    }
}

fn longest_backtick_run(line: &str) -> usize {
    line.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The words inside a whole-line `{% … %}` tag.
fn tag_words(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("{%")?.strip_suffix("%}")?;
    let inner = inner.trim_start_matches('-').trim_end_matches('-');
    Some(inner.split_whitespace().collect())
}

fn is_tag(line: &str, name: &str) -> bool {
    tag_words(line).is_some_and(|w| w.first() == Some(&name))
}

fn highlight_language(line: &str) -> Option<&str> {
    let words = tag_words(line)?;
    (words.first() == Some(&"highlight")).then(|| words.get(1).copied().unwrap_or(""))
}

/// Blanks the Liquid tags and kramdown attribute lists of one line, outside code spans, and
/// what a kramdown `{::comment}` holds (`comment` says whether one is open).
fn hide_tags(body: &str, line: Range<usize>, out: &mut [u8], raw: &mut bool, comment: &mut bool) {
    let bytes = body.as_bytes();
    let mut i = line.start;
    while i < line.end {
        if *comment {
            let rest = &body[i..line.end];
            let end = ["{:/comment}", "{:/}"]
                .iter()
                .filter_map(|mark| rest.find(mark).map(|at| at + mark.len()))
                .min();
            let Some(end) = end else {
                blank(out, i..line.end);
                return;
            };
            blank(out, i..i + end);
            i += end;
            *comment = false;
            continue;
        }
        match bytes[i] {
            b'`' => {
                i = match code_span_at(body, i, line.end) {
                    (after, Some(close)) => close + (after - i),
                    (after, None) => after,
                };
            }
            b'{' if bytes.get(i + 1) == Some(&b'%') => {
                let Some(close) = body[i..line.end].find("%}") else {
                    return;
                };
                let end = i + close + 2;
                let words = tag_words(&body[i..end]).unwrap_or_default();
                match words.first().copied() {
                    Some("raw") => *raw = true,
                    Some("endraw") => *raw = false,
                    _ if *raw => {
                        i = end;
                        continue;
                    }
                    _ => {}
                }
                let address = link_address(&words).filter(|_| in_destination(body, i));
                overwrite(out, i..end, address.as_deref().unwrap_or(""));
                i = end;
            }
            b'{' if body[i..line.end].starts_with("{::comment}") && !*raw => {
                *comment = true;
            }
            b'{' if bytes.get(i + 1) == Some(&b':') && !*raw => {
                let Some(close) = body[i..line.end].find('}') else {
                    return;
                };
                let end = i + close + 1;
                overwrite(out, i..end, "");
                i = end;
            }
            // Nothing else starts markup: on to the next byte that may (most lines have none).
            _ => {
                i = memchr::memchr2(b'`', b'{', &bytes[i + 1..line.end])
                    .map_or(line.end, |next| i + 1 + next);
            }
        }
    }
}

/// The address a link tag stands for: `post_url:NAME`, `link:PATH`. `None` for other tags
/// and for arguments a link cannot hold (spaces, quotes left open).
fn link_address(words: &[&str]) -> Option<String> {
    let (&scheme, args) = words.split_first()?;
    if !matches!(scheme, "post_url" | "link") {
        return None;
    }
    let [arg] = args else {
        return None;
    };
    let arg = arg.trim_matches(|c| c == '"' || c == '\'');
    let safe =
        !arg.is_empty() && !arg.contains(|c: char| c.is_whitespace() || "\"'()<>".contains(c));
    safe.then(|| format!("{scheme}:{arg}"))
}

/// Whether a tag at `at` stands where a link's address goes: right after `](` or a reference
/// definition's `]:`, spaces and an opening `<` aside.
fn in_destination(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end_matches([' ', '\t', '<']);
    before.ends_with("](") || before.ends_with("]:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_without_liquid_is_borrowed() {
        assert!(matches!(preprocess("# plain\n{{ x }}"), Cow::Borrowed(_)));
    }

    #[test]
    fn highlight_tag_becomes_a_fenced_code_block() {
        let src = "{% highlight ruby %}\ndef f\n  1\nend\n{% endhighlight %}\n";
        let out = preprocess(src);
        assert_eq!(out.len(), src.len());
        let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
        assert_eq!(lines, ["```ruby", "def f", "  1", "end", "```"]);
    }

    #[test]
    fn highlight_fence_is_longer_than_backticks_in_the_code() {
        let src = "{% highlight md %}\n```\n{% endhighlight %}\n";
        let out = preprocess(src);
        assert!(out.starts_with("````md"), "{out}");
    }

    #[test]
    fn other_liquid_tags_and_kramdown_attributes_are_hidden() {
        let src = "a {% include x.html %} b\n{: .note}\n";
        let out = preprocess(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn liquid_output_braces_are_kept() {
        assert_eq!(
            preprocess("{{ page.title }} {% x %}").trim(),
            "{{ page.title }}"
        );
    }

    #[test]
    fn code_keeps_its_liquid() {
        let src = "```\n{% if a %}\n```\n`{% b %}` and\n\n    {% c %}\n";
        assert_eq!(preprocess(src), src);
    }

    #[test]
    fn link_tags_in_a_links_address_become_addresses_of_the_same_length() {
        let src = "[a]({% post_url 2024-05-01-first %}) [b]({% link _posts/x.md %})\n\
                   [e]: {% post_url e %}\n";
        let out = preprocess(src);
        assert_eq!(out.len(), src.len());
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "[a](post_url:2024-05-01-first",
                ")",
                "[b](link:_posts/x.md",
                ")",
                "[e]:",
                "post_url:e",
            ]
        );
    }

    #[test]
    fn link_tags_outside_an_address_are_hidden() {
        let src = "see {% post_url x %} and";
        assert_eq!(
            preprocess(src).split_whitespace().collect::<Vec<_>>(),
            ["see", "and"]
        );
    }

    #[test]
    fn kramdown_comments_abbreviations_and_goldmark_attribute_lines_are_hidden() {
        let src = "a\n{::comment}\nsecret 秘密\n{:/comment} b\n*[HTML]: Hyper Text\n{.note #x}\n\
                   {::nomarkdown}<i>kept</i>{:/nomarkdown}\n";
        let out = preprocess(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            ["a", "b", "<i>kept</i>"]
        );
        // What a hidden marker leaves at the start of a line does not indent it into code.
        assert!(out.lines().any(|l| l.starts_with("<i>kept")), "{out}");
    }

    #[test]
    fn raw_sections_keep_their_tags() {
        let out = preprocess("{% raw %}{% if %}{% endraw %}");
        assert_eq!(out.trim(), "{% if %}");
    }
}
