//! Hugo shortcodes made the Markdown they stand for, before parsing: what kiji can show of
//! them without running Go templates. Found by the crate's one tokenizer
//! ([`crate::shortcode`]), rewritten through [`super::expand`] so offsets still lead back
//! to the file.
//!
//! - `figure`: its image as any image is shown, wrapped in its `link`, with its title and
//!   caption on the row below; `youtube`, `vimeo`, `gist`, `x`/`tweet`, `instagram`: a link
//!   labelled with the service and the id; `param`: the page's value; `ref`/`relref`: a link
//!   the library resolves.
//! - Paired: `highlight LANG` becomes a fenced code block; `details` a `<details>`;
//!   `notice`, `alert`, `callout`, `admonition` (and the themes' `hint`, `tip`, `warning`…)
//!   a quote headed by a label, as GitHub alerts are; `comment` hides what it holds; any
//!   other pair shows what it holds, never its tags.
//! - Any other call, and `{{/* … */}}`, is hidden; `{{</* x */>}}` shows `{{< x >}}`.

use std::borrow::Cow;

use super::expand::{OffsetMap, Rewrite};
use crate::shortcode::{self, Call, Piece};

/// A body with its shortcodes made Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded<'a> {
    pub text: Cow<'a, str>,
    /// `None` when nothing was rewritten: offsets are the body's own.
    pub map: Option<OffsetMap>,
    /// The label of each box, by the offset of the `>` that opens its quote.
    pub labels: Vec<(usize, String)>,
}

impl Expanded<'_> {
    /// The offset in the body as written for `offset` in the expanded text.
    pub fn source(&self, offset: usize) -> usize {
        self.map.as_ref().map_or(offset, |m| m.source(offset))
    }
}

/// Shortcodes that become a labelled box.
const BOXES: &[&str] = &[
    "notice",
    "alert",
    "callout",
    "admonition",
    "hint",
    "note",
    "tip",
    "info",
    "warning",
    "danger",
    "caution",
    "important",
];

/// What a box's closing call becomes: a line break that ends its last line, which would
/// otherwise carry on into the text after it.
const BOX_END: &str = "\n";

/// How deep boxes nest before the inner ones show as plain text, their tags hidden.
const MAX_BOXES: usize = 8;

/// Expands the shortcodes of `body`; `param` looks a page parameter up.
pub fn expand<'a>(body: &'a str, param: &dyn Fn(&str) -> Option<String>) -> Expanded<'a> {
    let pieces = shortcode::scan(body);
    if pieces.is_empty() {
        return Expanded {
            text: Cow::Borrowed(body),
            map: None,
            labels: Vec::new(),
        };
    }
    let closers = shortcode::pairs(&pieces);
    let mut r = Rewrite::new(body);
    let mut labels = Vec::new();
    // The pairs being expanded: the closing piece, the prefix to restore and what the
    // closing call becomes.
    let mut open: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let piece = &pieces[i];
        let range = piece.range().clone();
        if range.start < r.done() {
            i += 1;
            continue;
        }
        match piece {
            Piece::Comment(_) => r.replace(range, ""),
            Piece::Escaped { shown, .. } => r.replace(range, shown),
            Piece::Call(call) if call.closing => {
                if let Some(&(closer, prefix, text)) = open.last()
                    && closer == i
                {
                    open.pop();
                    r.copy_to(range.start);
                    r.prefix.truncate(prefix);
                    r.replace(range, text);
                } else {
                    r.replace(range, "");
                }
            }
            Piece::Call(call) => match closers[i] {
                Some(close) => {
                    let closing = pieces[close].range().clone();
                    let boxes = open.iter().filter(|o| o.2 == BOX_END).count();
                    match call.name {
                        "comment" => {
                            r.replace(range.start..closing.end, "");
                            i = close;
                        }
                        "highlight" => {
                            highlight(&mut r, body, call, closing);
                            i = close;
                        }
                        "details" => {
                            let summary = call.arg("summary", 0).unwrap_or("Details");
                            let start = format!(
                                "{}<details>\n<summary>{}</summary>\n\n",
                                line_break_before(body, range.start),
                                html_text(summary)
                            );
                            r.replace(range, &start);
                            // The HTML block of the end must not swallow the next line.
                            open.push((close, r.prefix.len(), "\n\n</details>\n\n"));
                        }
                        name if BOXES.contains(&name) && boxes < MAX_BOXES => {
                            let indent = line_indent(body, range.start);
                            let marker = "> [!NOTE]";
                            let lead = line_break_before(body, range.start);
                            r.replace(range.clone(), &format!("{lead}{marker}"));
                            labels.push((r.written().len() - marker.len(), box_label(call)));
                            open.push((close, r.prefix.len(), BOX_END));
                            r.prefix.push_str(indent);
                            r.prefix.push_str("> ");
                            if !rest_of_line_is_blank(body, range.end) {
                                r.insert("\n");
                            }
                        }
                        _ => r.replace(range, ""),
                    }
                }
                None => {
                    let text = single(body, call, param);
                    r.replace(range, &text);
                }
            },
        }
        i += 1;
    }
    let (text, map) = r.finish();
    Expanded {
        text: Cow::Owned(text),
        map: Some(map),
        labels,
    }
}

/// What a call with no closing call stands for.
fn single(body: &str, call: &Call<'_>, param: &dyn Fn(&str) -> Option<String>) -> String {
    let id = |key: &str, n: usize| call.arg(key, n).map(url_part).filter(|s| !s.is_empty());
    match call.name {
        "figure" => figure(body, call),
        "param" => call
            .arg("name", 0)
            .and_then(param)
            .map(|v| v.replace(['\n', '\r'], " "))
            .unwrap_or_default(),
        "youtube" => id("id", 0).map_or_else(String::new, |id| {
            let label = call.named("title").unwrap_or(&id);
            link(
                &format!("YouTube: {label}"),
                &format!("https://www.youtube.com/watch?v={id}"),
            )
        }),
        "vimeo" => id("id", 0).map_or_else(String::new, |id| {
            let label = call.named("title").unwrap_or(&id);
            link(
                &format!("Vimeo: {label}"),
                &format!("https://vimeo.com/{id}"),
            )
        }),
        "gist" => match (id("user", 0), id("id", 1)) {
            (Some(user), Some(gist)) => link(
                &format!("Gist: {user}/{gist}"),
                &format!("https://gist.github.com/{user}/{gist}"),
            ),
            _ => String::new(),
        },
        "x" | "tweet" | "twitter" => {
            let status = id("id", 0);
            match (call.named("user").map(url_part), status) {
                (Some(user), Some(status)) if !user.is_empty() => link(
                    &format!("X: @{user}/{status}"),
                    &format!("https://x.com/{user}/status/{status}"),
                ),
                (_, Some(status)) => link(
                    &format!("X: {status}"),
                    &format!("https://x.com/i/status/{status}"),
                ),
                _ => String::new(),
            }
        }
        "instagram" => id("id", 0).map_or_else(String::new, |id| {
            link(
                &format!("Instagram: {id}"),
                &format!("https://www.instagram.com/p/{id}/"),
            )
        }),
        "ref" | "relref" => {
            let Some(target) = call.arg("path", 0).filter(|t| is_address(t)) else {
                return String::new();
            };
            let address = format!("{}:{target}", call.name);
            if in_destination(body, call.range.start) {
                address
            } else {
                format!("[{}](<{address}>)", markdown_text(target))
            }
        }
        _ => String::new(),
    }
}

/// `{{< figure src alt link title caption attr >}}`.
fn figure(body: &str, call: &Call<'_>) -> String {
    // The image a paragraph of its own, so that the reader can draw it as a picture; the
    // caption (and the figure's link) a paragraph under it.
    let mut paragraphs = Vec::new();
    if let Some(src) = call.named("src").filter(|s| is_address(s)) {
        let alt = call.named("alt").unwrap_or("");
        paragraphs.push(format!("![{}](<{src}>)", markdown_text(alt)));
    }
    let words: Vec<String> = ["title", "caption", "attr"]
        .iter()
        .filter_map(|key| call.named(key))
        .map(|text| text.replace(['\n', '\r'], " ").trim().to_string())
        .filter(|text| !text.is_empty())
        .collect();
    let mut caption = Vec::new();
    if !words.is_empty() {
        // The caption is Markdown for Hugo too; `<em>` marks it without reading it.
        caption.push(format!("<em>{}</em>", words.join(" — ")));
    }
    if let Some(target) = call.named("link").filter(|s| is_address(s)) {
        caption.push(format!("[link](<{target}>)"));
    }
    if !caption.is_empty() {
        paragraphs.push(caption.join(" "));
    }
    if paragraphs.is_empty() {
        return String::new();
    }
    format!(
        "{}{}\n\n",
        line_break_before(body, call.range.start),
        paragraphs.join("\n\n")
    )
}

/// `{{< highlight LANG >}}…{{< /highlight >}}` as a fenced code block, its text verbatim.
fn highlight(r: &mut Rewrite<'_>, body: &str, call: &Call<'_>, closing: std::ops::Range<usize>) {
    let code = &body[call.range.end..closing.start];
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang: String = call
        .arg("lang", 0)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(*c))
        .collect();
    let mut open = format!("{}{fence}{lang}", line_break_before(body, call.range.start));
    if !code.starts_with(['\n', '\r']) {
        open.push('\n');
    }
    r.replace(call.range.clone(), &open);
    r.copy_to(closing.start);
    let close = if r.written().ends_with('\n') {
        fence
    } else {
        format!("\n{fence}")
    };
    r.replace(closing, &close);
}

/// A box's label: its title, else its kind (`{{% notice tip %}}` → `Tip`), else its name.
fn box_label(call: &Call<'_>) -> String {
    let title = call.named("title").or_else(|| {
        (call.name == "notice")
            .then(|| call.positional(1))
            .flatten()
    });
    let kind = ["type", "style", "color", "theme", "kind"]
        .iter()
        .find_map(|key| call.named(key))
        .or_else(|| call.positional(0));
    let label = title.or(kind).unwrap_or(call.name);
    let label = label.replace(['\n', '\r'], " ");
    let mut chars = label.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn link(label: &str, url: &str) -> String {
    format!("[{}](<{url}>)", markdown_text(label))
}

/// Text with the characters that would start Markdown or HTML escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}

/// An id as a piece of a URL: what ids are made of, nothing that could end the address.
fn url_part(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect()
}

/// Whether `text` can stand in `<…>` as a link's address.
fn is_address(text: &str) -> bool {
    !text.is_empty() && !text.contains(['<', '>', '\n', '\r'])
}

/// Whether a call at `at` stands where a link's address goes: right after `](` or a
/// reference definition's `]:`, spaces and an opening `<` aside.
fn in_destination(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end_matches([' ', '\t', '<']);
    before.ends_with("](") || before.ends_with("]:")
}

/// A line break when a block must start at `at` and `at` is not at the start of its line.
fn line_break_before(body: &str, at: usize) -> &'static str {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    if body[line_start..at].trim().is_empty() {
        ""
    } else {
        "\n\n"
    }
}

/// The spaces before `at` on its line, when only spaces come before it.
fn line_indent(body: &str, at: usize) -> &str {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..at];
    if before.trim().is_empty() { before } else { "" }
}

fn rest_of_line_is_blank(body: &str, at: usize) -> bool {
    let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    body[at..end].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(body: &str) -> String {
        expand(body, &|name| {
            (name == "author").then(|| "Kiji Writer".into())
        })
        .text
        .into_owned()
    }

    #[test]
    fn refs_in_a_links_address_become_addresses_and_elsewhere_links() {
        assert_eq!(
            expanded("[c]({{< ref \"other.md#part\" >}}) [d]({{% relref \"/posts/d\" %}})"),
            "[c](ref:other.md#part) [d](relref:/posts/d)"
        );
        assert_eq!(
            expanded("see {{< ref \"y.md\" >}}."),
            "see [y.md](<ref:y.md>)."
        );
    }

    #[test]
    fn embeds_become_links_labelled_with_their_service() {
        assert_eq!(
            expanded("{{< youtube dQw4w9WgXcQ >}}"),
            "[YouTube: dQw4w9WgXcQ](<https://www.youtube.com/watch?v=dQw4w9WgXcQ>)"
        );
        assert_eq!(
            expanded("{{< vimeo id=\"146022717\" title=\"A talk\" >}}"),
            "[Vimeo: A talk](<https://vimeo.com/146022717>)"
        );
        assert_eq!(
            expanded("{{< gist spf13 7896402 >}}"),
            "[Gist: spf13/7896402](<https://gist.github.com/spf13/7896402>)"
        );
        assert_eq!(
            expanded("{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}"),
            "[X: @SanDiegoZoo/1453110110599868418](<https://x.com/SanDiegoZoo/status/1453110110599868418>)"
        );
        assert_eq!(
            expanded("{{< tweet 12345 >}}"),
            "[X: 12345](<https://x.com/i/status/12345>)"
        );
        assert_eq!(
            expanded("{{< instagram BWNjjyYFxVx hidecaption >}}"),
            "[Instagram: BWNjjyYFxVx](<https://www.instagram.com/p/BWNjjyYFxVx/>)"
        );
        // An id never ends the address early.
        assert_eq!(
            expanded("{{< youtube \"a>b) c\" >}}"),
            "[YouTube: abc](<https://www.youtube.com/watch?v=abc>)"
        );
    }

    #[test]
    fn figures_show_their_image_link_and_caption() {
        assert_eq!(
            expanded(
                "{{< figure src=\"/cat.png\" alt=\"A [cat]\" link=\"https://c.test\" caption=\"Asleep\" >}}"
            ),
            "![A \\[cat\\]](</cat.png>)\n\n<em>Asleep</em> [link](<https://c.test>)\n\n"
        );
        assert_eq!(
            expanded("{{< figure caption=\"Only words\" >}}"),
            "<em>Only words</em>\n\n"
        );
    }

    #[test]
    fn param_reads_the_page_and_is_empty_when_missing() {
        assert_eq!(expanded("by {{< param \"author\" >}}."), "by Kiji Writer.");
        assert_eq!(expanded("by {{< param nothing >}}."), "by .");
    }

    #[test]
    fn highlight_becomes_a_fence_longer_than_its_backticks() {
        assert_eq!(
            expanded("{{< highlight go \"linenos=table\" >}}\nx := `a`\n```\n{{< /highlight >}}\n"),
            "````go\nx := `a`\n```\n````\n"
        );
        assert_eq!(
            expanded("text {{< highlight rust >}}fn main() {}{{< /highlight >}}"),
            "text \n\n```rust\nfn main() {}\n```"
        );
    }

    #[test]
    fn boxes_become_labelled_quotes_and_their_offsets_lead_back() {
        let body = "{{% notice warning \"Mind the gap\" %}}\nOne\n\nTwo\n{{% /notice %}}\nAfter";
        let out = expand(body, &|_| None);
        assert_eq!(out.text, "> [!NOTE]\n> One\n> \n> Two\n> \n\nAfter");
        assert_eq!(out.labels, [(0, "Mind the gap".to_string())]);
        let two = out.text.find("Two").unwrap();
        assert_eq!(out.source(two), body.find("Two").unwrap());
        let after = out.text.find("After").unwrap();
        assert_eq!(out.source(after), body.find("After").unwrap());
        let kind = expand("{{< hint info >}}x{{< /hint >}}", &|_| None);
        assert_eq!(kind.labels[0].1, "Info");
        assert_eq!(kind.text, "> [!NOTE]\n> x\n");
    }

    #[test]
    fn comments_hide_unknown_pairs_show_their_inside_and_escapes_show_the_call() {
        assert_eq!(
            expanded("a{{% comment %}}secret{{% /comment %}}b {{/* note */}}c"),
            "ab c"
        );
        assert_eq!(
            expanded("{{< tabs >}}**inside**{{< /tabs >}}"),
            "**inside**"
        );
        assert_eq!(expanded("x {{< unknown a=1 >}} y {{< /stray >}}"), "x  y ");
        assert_eq!(
            expanded("```\n{{</* figure src=\"x\" */>}}\n```"),
            "```\n{{< figure src=\"x\" >}}\n```"
        );
    }

    #[test]
    fn details_become_html_details() {
        assert_eq!(
            expanded("{{< details summary=\"More <here>\" >}}\nBody\n{{< /details >}}"),
            "<details>\n<summary>More &lt;here></summary>\n\n\nBody\n\n\n</details>\n\n"
        );
    }

    #[test]
    fn a_body_without_shortcodes_is_borrowed() {
        assert!(matches!(
            expand("{{ .Title }} text", &|_| None).text,
            Cow::Borrowed(_)
        ));
    }
}
