//! The post list: two rows per post (unread `●` and starred `★` markers and the title; date,
//! reading time, tags), the selection marked by a bar and a background, drafts dimmed. The
//! view holds only the posts that fit. The markers are the
//! [`ChromeGlyphs`](crate::style::ChromeGlyphs): ASCII where ambiguous-width characters are
//! wide.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::Look;
use super::geometry::LIST_ITEM_HEIGHT;
use super::text::put_line;
use crate::model::{Post, ReadingRates};
use crate::style::Role;

/// Cells before a title: the two markers and a space. The line under it starts there too.
const MARKERS: u16 = 3;

/// The list pane's content.
pub struct ListView<'a> {
    pub look: Look<'a>,
    /// The posts from the top of the pane down, as many as fit.
    pub rows: Vec<ListRow<'a>>,
    /// The list has the keyboard: its selection is brighter.
    pub focused: bool,
    pub rates: ReadingRates,
    /// Repeated passages are folded in the reader: times count them once, marked `⋯`.
    pub fold_repeats: bool,
    /// Cells of the language column before each title (the widest tag), or 0 when the
    /// library is in one language and it is not shown.
    pub lang_width: usize,
    /// Why nothing is listed, when nothing is.
    pub empty: Option<EmptyList>,
}

/// One post in the list.
pub struct ListRow<'a> {
    pub post: &'a Post,
    pub selected: bool,
    pub read: bool,
    pub starred: bool,
}

/// Why the list is empty.
pub enum EmptyList {
    NoPosts,
    /// A search is still looking and has found nothing yet.
    Searching,
    /// Filters hide every post; the keys that lift them (`T clears the tags · U lists read
    /// posts too`).
    Filtered {
        how_to_widen: String,
    },
}

impl Widget for &ListView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Look { theme, glyphs } = self.look;
        if area.is_empty() {
            return;
        }
        if let Some(empty) = &self.empty {
            let inner = margin(area);
            let why = match empty {
                EmptyList::NoPosts => "No posts here.".to_owned(),
                EmptyList::Searching => format!("Searching{}", glyphs.ellipsis),
                EmptyList::Filtered { .. } => "No posts match the filters.".to_owned(),
            };
            put_line(buf, inner, inner.y, &[(why.as_str(), theme.hint())], glyphs);
            if let EmptyList::Filtered { how_to_widen } = empty {
                put_line(
                    buf,
                    inner,
                    inner.y + 1,
                    &[(how_to_widen.as_str(), theme.hint())],
                    glyphs,
                );
            }
            return;
        }
        let focused = self.focused;
        for (slot, row) in self.rows.iter().enumerate() {
            let post = row.post;
            let y = area.y + slot as u16 * LIST_ITEM_HEIGHT;
            if y >= area.bottom() {
                break;
            }
            let mut base = Style::default();
            if row.selected {
                base = theme.selection(focused);
                let height = LIST_ITEM_HEIGHT.min(area.bottom() - y);
                buf.set_style(Rect::new(area.x, y, area.width, height), base);
                let bar = base.patch(theme.selection_marker(focused));
                buf.set_string(area.x, y, glyphs.selection_bar, bar);
                if height > 1 {
                    buf.set_string(area.x, y + 1, glyphs.selection_bar, bar);
                }
            }
            let mut title_style = base.patch(theme.list_title());
            let mut meta_style = base.patch(theme.list_meta());
            let mut tag_style = base.patch(theme.span(Role::Tag, Default::default()));
            if post.draft {
                for style in [&mut title_style, &mut meta_style, &mut tag_style] {
                    *style = style.add_modifier(theme.draft());
                }
            }
            let inner = margin(area);
            let title = if post.title.trim().is_empty() {
                "(untitled)"
            } else {
                post.title.as_str()
            };
            let unread = if row.read { " " } else { glyphs.unread };
            let star = if row.starred { glyphs.starred } else { " " };
            // The copies of one title in several languages stand apart by a short tag, in
            // a column of its own so that the titles still line up.
            let lang = if self.lang_width > 0 {
                let tag = crate::text::sanitize::one_line(post.lang.as_deref().unwrap_or(""));
                format!("{tag:<width$} ", width = self.lang_width)
            } else {
                String::new()
            };
            put_line(
                buf,
                inner,
                y,
                &[
                    (unread, base.patch(theme.unread_marker())),
                    (star, base.patch(theme.star_marker())),
                    (" ", base),
                    (lang.as_str(), meta_style),
                    (title, title_style),
                ],
                glyphs,
            );
            if LIST_ITEM_HEIGHT > 1 && y + 1 < area.bottom() {
                let date = post
                    .date
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string());
                let minutes = if self.fold_repeats && post.repeats.chars > 0 {
                    let minutes = post.unique_reading_minutes(self.rates);
                    format!("{minutes} min {}", crate::repeats::REPEATS_MARK)
                } else {
                    format!("{} min", post.reading_minutes(self.rates))
                };
                let labels = distinct_labels(post).join(", ");
                let sep = glyphs.separator;
                let mut pieces = vec![(date.as_str(), meta_style), (sep, meta_style)];
                pieces.push((minutes.as_str(), meta_style));
                if post.draft {
                    pieces.push((sep, meta_style));
                    pieces.push(("draft", meta_style));
                }
                if !labels.is_empty() {
                    pieces.push((sep, meta_style));
                    pieces.push((labels.as_str(), tag_style));
                }
                let meta_area = Rect {
                    x: inner.x + MARKERS.min(inner.width),
                    width: inner.width.saturating_sub(MARKERS),
                    ..inner
                };
                put_line(buf, meta_area, y + 1, &pieces, glyphs);
            }
        }
    }
}

/// Tags then categories, each once however its case differs (a blog often files a post under
/// a category and a tag of the same name).
fn distinct_labels(post: &Post) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    post.labels()
        .filter(|l| seen.insert(crate::model::label_key(l)))
        .collect()
}

/// The list's text area: a column for the selection bar on the left, one spare on the right.
fn margin(area: Rect) -> Rect {
    let left = 2.min(area.width);
    Rect {
        x: area.x + left,
        width: area.width.saturating_sub(left + 1),
        ..area
    }
}
