//! How deep a YAML block's flow collections (`[…]`, `{…}`) nest, found in one linear pass
//! before the block goes to serde_yaml. libyaml's scanner re-checks every open level for
//! each token it reads, so its time grows with length × depth (`x: {{{{…` 60,000 deep took
//! 5 s, 120,000 deep 19 s), and serde_yaml refuses anything past 128 levels anyway: such a
//! block goes straight to the recovery reader instead.
//!
//! The pass follows YAML far enough to skip brackets in quoted strings and comments, so a
//! title such as `"[[[draft]]]"` costs nothing. Where it cannot tell, it counts an opening
//! bracket rather than miss one.

/// Deeper than this, a YAML block is not handed to serde_yaml. Posts nest one or two levels
/// (`tags: [a, b]`, `author: {name: x}`); serde_yaml itself stops at 128.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line (within `text`) where a flow collection opens more than `limit` levels
/// deep, or `None` when none does.
pub fn line_nested_deeper_than(text: &str, limit: usize) -> Option<usize> {
    #[cfg(test)]
    super::work::add(text.len());
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1;
    // Where a node may begin: there a quote opens a quoted string and, outside flow
    // collections, a bracket opens one (elsewhere it is part of a plain scalar).
    let mut node_start = true;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        i += 1;
        let next = bytes.get(i).copied();
        let space_follows = matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n'));
        match byte {
            b'[' | b'{' if depth > 0 || node_start => {
                depth += 1;
                if depth > limit {
                    return Some(line);
                }
                node_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            b',' if depth > 0 => node_start = true,
            b':' if depth > 0 || space_follows => node_start = true,
            b'-' | b'?' if node_start && space_follows => {}
            b'\n' => {
                line += 1;
                node_start |= depth == 0;
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if node_start || after_space => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |at| i + at);
            }
            b'\'' | b'"' if node_start => {
                let (end, lines) = skip_quoted(bytes, i, byte);
                i = end;
                line += lines;
                node_start = false;
            }
            // An anchor, alias or tag comes before its node (or stands for it).
            b'&' | b'*' | b'!' if node_start => {
                while i < bytes.len() && !b" \t\r\n,[]{}".contains(&bytes[i]) {
                    i += 1;
                }
            }
            _ => node_start = false,
        }
        after_space = matches!(byte, b' ' | b'\t' | b'\n');
    }
    None
}

/// The index after the quoted string whose opening `quote` ends just before `from`, and the
/// line breaks inside it. `''` is a quote inside a single-quoted string; `\` escapes inside
/// a double-quoted one.
fn skip_quoted(bytes: &[u8], from: usize, quote: u8) -> (usize, usize) {
    let mut lines = 0;
    let mut i = from;
    while i < bytes.len() {
        let byte = bytes[i];
        i += 1;
        match byte {
            b'\n' => lines += 1,
            b'\\' if quote == b'"' => {
                if bytes.get(i) == Some(&b'\n') {
                    lines += 1;
                }
                i += 1;
            }
            b'\'' if quote == b'\'' && bytes.get(i) == Some(&b'\'') => i += 1,
            _ if byte == quote => break,
            _ => {}
        }
    }
    (i.min(bytes.len()), lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_over(text: &str, limit: usize) -> Option<usize> {
        line_nested_deeper_than(text, limit)
    }

    #[test]
    fn flow_collections_count_where_they_nest() {
        assert_eq!(depth_over("a: [[x]]\n", 1), Some(1));
        assert_eq!(depth_over("a: [[x]]\n", 2), None);
        assert_eq!(depth_over("a: 1\nb: {c: [d, {e: f}]}\n", 2), Some(2));
        assert_eq!(depth_over("- [[x]]\n", 1), Some(1));
        assert_eq!(depth_over("a: [\n  [\n    x]]\n", 1), Some(2));
    }

    #[test]
    fn brackets_in_strings_comments_and_plain_text_do_not_count() {
        for text in [
            "title: \"[[[[draft]]]]\"\n",
            "title: '[[[[it''s]]]]'\n",
            "title: \"esc \\\" [[[[\"\n",
            "title: a [[[[ b\n",
            "# [[[[\n",
            "title: x # [[[[\n",
            "tags: [\"[[[[\", '{{{{']\n",
            "a: &anchor [x]\n",
        ] {
            assert_eq!(depth_over(text, 1), None, "{text:?}");
        }
    }

    #[test]
    fn closing_brackets_in_strings_do_not_hide_the_depth() {
        let text = format!("x: {}\n", "[ \"]]\", ".repeat(10));
        assert_eq!(depth_over(&text, 9), Some(1));
    }

    #[test]
    fn an_apostrophe_in_a_plain_scalar_opens_no_string() {
        let text = format!("x: [it's, {}\n", "[".repeat(10));
        assert_eq!(depth_over(&text, 9), Some(1));
    }
}
