//! The classes of HTML tags that both the loader and the layout need, by name: which tags
//! start an HTML block in CommonMark (and so stand on lines of their own), which hold raw
//! text up to their closing tag, and which hold nothing a reader sees.

/// CommonMark's block-level tag names (HTML block start condition 6), in lower case.
pub const BLOCK: &[&str] = &[
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

/// Tags whose content is raw text up to their closing tag (HTML block start condition 1):
/// nothing inside them is Markdown, and no blank line ends them.
pub const RAW_TEXT: &[&str] = &["pre", "script", "style", "textarea"];

/// Elements whose content a reader never sees: scripts, styles, templates, and the
/// document's head and title (a post shows its own title from the front matter).
pub const UNSHOWN: &[&str] = &["script", "style", "template", "head", "title"];

/// Elements that never have content or a closing tag.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Whether `name` (lower case) is a void element.
pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Whether `name` (any case) is a block-level tag.
pub fn is_block(name: &str) -> bool {
    BLOCK.iter().any(|tag| name.eq_ignore_ascii_case(tag))
}

/// Whether `name` (any case) holds raw text.
pub fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.iter().any(|tag| name.eq_ignore_ascii_case(tag))
}

/// The element `name` (any case) names, if its content is never shown.
pub fn unshown(name: &str) -> Option<&'static str> {
    UNSHOWN
        .iter()
        .copied()
        .find(|tag| name.eq_ignore_ascii_case(tag))
}

/// Whether `line` holds the closing tag of a raw-text element (`</pre>`, `</SCRIPT>`…).
pub fn closes_raw_text(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").any(|at| {
        let name = &bytes[at + 2..];
        RAW_TEXT.iter().any(|tag| {
            name.len() > tag.len()
                && name[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && name[tag.len()] == b'>'
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_ignore_case() {
        assert!(is_block("DIV") && is_block("h6") && !is_block("span"));
        assert!(is_raw_text("Pre") && !is_raw_text("div"));
        assert_eq!(unshown("SCRIPT"), Some("script"));
        assert_eq!(unshown("scripts"), None);
    }

    #[test]
    fn raw_text_ends_only_at_its_own_closing_tag() {
        assert!(closes_raw_text("x</PRE> after"));
        assert!(closes_raw_text("</div></script>"));
        assert!(!closes_raw_text("</div>"));
        assert!(!closes_raw_text("</pre"));
        assert!(!closes_raw_text("</preface>"));
    }
}
