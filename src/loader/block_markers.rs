//! CommonMark's block markers recognised on one line, with no state: quote markers,
//! indentation, list items and task boxes, headings (ATX and setext underlines), thematic
//! breaks, code fences, table delimiter rows. [`super::body`] decides what they mean in
//! context (what is open, whether a paragraph can be interrupted).
//!
//! Every function is `#[inline]`: they run on every line of every post, and once they left
//! `body.rs` for this module they were no longer inlined into the skim's loop (callgrind: 0.8%
//! more instructions per post without the attribute).

#[inline]
pub(super) fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// The number of `>` markers that open `line`, and what follows them.
#[inline]
pub(super) fn strip_quote_markers(line: &str) -> (usize, &str) {
    let mut quotes = 0;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return (quotes, rest);
        }
        let Some(after) = trimmed.strip_prefix('>') else {
            return (quotes, rest);
        };
        quotes += 1;
        rest = after
            .strip_prefix(' ')
            .or_else(|| after.strip_prefix('\t'))
            .unwrap_or(after);
    }
}

/// Leading columns of blank, tabs reaching the next multiple of four.
#[inline]
pub(super) fn indent_columns(text: &str) -> usize {
    let mut columns = 0;
    for b in text.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// `===` makes the paragraph above a level-1 heading, `---` a level-2 one.
#[inline]
pub(super) fn setext_underline(text: &str) -> Option<u8> {
    let text = text.trim_end();
    let first = *text.as_bytes().first()?;
    let level = match first {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    text.bytes().all(|b| b == first).then_some(level)
}

/// `***`, `- - -`, `___`: three or more of one marker and nothing else but blanks.
/// `Ok` for a thematic break; else `Err` with how far the check read: the first byte that
/// rules it out, or the end when there were too few markers.
#[inline]
pub(super) fn thematic_break(text: &str) -> Result<(), usize> {
    let Some(&first) = text.as_bytes().first() else {
        return Err(0);
    };
    if !matches!(first, b'*' | b'-' | b'_') {
        return Err(0);
    }
    let mut markers = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == first {
            markers += 1;
        } else if b != b' ' && b != b'\t' {
            // Checked for every list marker of a line: it must stop at the first other byte.
            return Err(i);
        }
    }
    if markers >= 3 {
        Ok(())
    } else {
        Err(text.len())
    }
}

/// The content after a list marker (`-`, `+`, `*`, `1.`, `1)`). A list that `interrupts` a
/// paragraph must start with an item that has content and, if ordered, is numbered 1.
#[inline]
pub(super) fn list_item(text: &str, interrupts: bool) -> Option<&str> {
    let bytes = text.as_bytes();
    let (marker_len, number) = match bytes.first()? {
        b'-' | b'+' | b'*' => (1, None),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            (digits + 1, Some(&text[..digits]))
        }
        _ => return None,
    };
    let rest = &text[marker_len..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    if interrupts && (is_blank(rest) || number.is_some_and(|n| n.parse::<u32>().ok() != Some(1))) {
        return None;
    }
    Some(rest.trim_start_matches([' ', '\t']))
}

/// The text after a GitHub task list item's `[ ]` or `[x]`, which is a check box, not text.
#[inline]
pub(super) fn strip_task_marker(text: &str) -> Option<&str> {
    ["[ ]", "[x]", "[X]"].iter().find_map(|marker| {
        let rest = text.strip_prefix(marker)?;
        rest.starts_with([' ', '\t'])
            .then(|| rest.trim_start_matches([' ', '\t']))
    })
}

/// `## Title ##` → level 2, `Title`.
#[inline]
pub(super) fn atx_heading(text: &str) -> Option<(u8, &str)> {
    let level = text.bytes().take_while(|&b| b == b'#').count();
    let rest = &text[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let content = rest.trim_matches([' ', '\t']);
    let without_closing = content.trim_end_matches('#');
    let content = if without_closing.is_empty() {
        ""
    } else if without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end_matches([' ', '\t'])
    } else {
        content
    };
    Some((u8::try_from(level).ok()?, content))
}

/// ```` ``` ```` or `~~~` (three or more) opening a fenced code block.
#[inline]
pub(super) fn fence_opening(text: &str) -> Option<(u8, usize)> {
    let marker = *text.as_bytes().first()?;
    if !matches!(marker, b'`' | b'~') {
        return None;
    }
    let len = text.bytes().take_while(|&b| b == marker).count();
    (len >= 3 && !(marker == b'`' && text[len..].contains('`'))).then_some((marker, len))
}

#[inline]
pub(super) fn is_closing_fence(line: &str, marker: u8, len: usize, indent: usize) -> bool {
    if indent_columns(line) > indent + 3 {
        return false;
    }
    let text = line.trim_start_matches([' ', '\t']);
    let run = text.bytes().take_while(|&b| b == marker).count();
    run >= len && is_blank(&text[run..])
}

/// `| --- | :-: |` under a header row with as many cells.
#[inline]
pub(super) fn is_table_delimiter(text: &str, header: &str) -> bool {
    if !header.contains('|') {
        return false;
    }
    let cells = table_cells(text);
    let delimiters = cells.iter().all(|cell| {
        let cell = cell.trim_matches([' ', '\t']);
        let inner = cell.strip_prefix(':').unwrap_or(cell);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.bytes().all(|b| b == b'-')
    });
    delimiters
        && (text.contains('|') || cells.len() > 1)
        && cells.len() == table_cells(header).len()
}

/// A table row's cells: split at `|` not escaped, the outer pipes dropped.
#[inline]
pub(super) fn table_cells(row: &str) -> Vec<&str> {
    let row = row.trim_matches([' ', '\t']);
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = if row.ends_with('|') && !row.ends_with("\\|") {
        &row[..row.len() - 1]
    } else {
        row
    };
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = row.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                cells.push(&row[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    cells.push(&row[start..]);
    cells
}

/// `row` without the cells past the first `columns`, which GitHub's tables drop.
#[inline]
pub(super) fn first_cells(row: &str, columns: usize) -> &str {
    let trimmed = row.trim_start_matches([' ', '\t']);
    let start = row.len() - trimmed.len() + usize::from(trimmed.starts_with('|'));
    let bytes = row.as_bytes();
    let mut seen = 0;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                seen += 1;
                if seen == columns {
                    return &row[..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    row
}
