//! App state → the view values render draws: which posts the list shows, the reader's
//! visible rows and matches, the status facts, the open overlay and its box. The one place
//! that decides what is on screen; render only decides how it looks.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;

use crate::render::geometry::{Focus, LIST_ITEM_HEIGHT};
use crate::render::{
    EmptyList, LinkEntry, ListRow, ListView, Look, MatchCount, OverlayContent, OverlayView,
    PickerEntry, PictureView, ReaderContent, ReaderView, ReadingPosition, RowHighlight, Screen,
    StatusLeft, StatusView,
};

use super::action::Action;
use super::app::{App, Overlay};
use super::update::{diagnostic_rows, overlay_box};

/// Draws `app` and places the cursor where text is being typed.
pub fn draw(frame: &mut Frame, app: &App) {
    crate::render::draw(frame, &app.screen());
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.screen().render(area, buf);
    }
}

impl App {
    /// Where the reader is in the open post.
    pub fn reading_position(&self) -> Option<ReadingPosition> {
        let reader = self.reader()?;
        let height = self.text_height();
        let rows = reader.document().rows.len();
        let bottom = (reader.scroll() + height).min(rows);
        let post = &self.posts()[reader.post()];
        let partial = reader.document().partial;
        let minutes_left =
            (bottom < rows || partial.is_some_and(|part| !part.reaches_end())).then(|| {
                let document = reader.document();
                // Folded passages are not read: the time and the bytes left are those shown.
                let stats = if document.folds.is_empty() {
                    post.stats
                } else {
                    post.unique_stats()
                };
                let minutes = stats.exact_reading_minutes(self.rates());
                // Bytes track reading time well enough: a CJK character is three bytes and
                // a word about six, and the rates are about 500 characters and 240 words.
                let body = post.body.len();
                let at = reader.bottom_offset(height).min(body);
                let hidden = document.folded_source(body);
                let hidden_total: usize = hidden.iter().map(|r| r.len()).sum();
                let hidden_after: usize = hidden
                    .iter()
                    .map(|r| r.end - r.start.max(at).min(r.end))
                    .sum();
                let shown = body.saturating_sub(hidden_total).max(1) as f64;
                let left = (body - at).saturating_sub(hidden_after) as f64 / shown;
                ((minutes * left.min(1.0)).ceil() as u32).max(1)
            });
        let percent = match partial {
            // Only a part of the post is laid out: its rows say nothing of the whole, the
            // bytes above the screen's bottom do (and its end, when the part ends the post).
            Some(part) if part.reaches_end() && bottom >= rows => 100,
            Some(part) => {
                let at = reader.bottom_offset(height).min(part.body_len);
                (at * 100).checked_div(part.body_len).unwrap_or(0).min(99)
            }
            None => (bottom * 100).checked_div(rows).unwrap_or(100),
        };
        Some(ReadingPosition {
            percent: percent as u16,
            top_row: partial
                .is_none_or(|part| part.starts_at_top())
                .then(|| reader.scroll() + 1),
            rows,
            rows_known: partial.is_none(),
            minutes_left,
            matches: None,
        })
    }

    /// What the screen shows now.
    pub fn screen(&self) -> Screen<'_> {
        let look = Look {
            theme: self.theme(),
            glyphs: self.glyphs(),
        };
        let panes = self.panes();
        Screen {
            look,
            panes,
            list: self.list_view(look, panes.list.map_or(0, |l| l.height)),
            reader: self.reader_view(look, panes.text.map_or(0, |t| t.height)),
            status: self.status_view(look),
            overlay: self
                .overlay_view(look)
                .map(|view| (overlay_box(self), view)),
        }
    }

    fn list_view<'a>(&'a self, look: Look<'a>, height: u16) -> ListView<'a> {
        let view = self.view();
        let empty = view.is_empty().then(|| {
            if self.posts().is_empty() {
                EmptyList::NoPosts
            } else if self.search_progress().is_some_and(|p| p.running) {
                EmptyList::Searching
            } else {
                EmptyList::Filtered {
                    how_to_widen: self.how_to_widen(),
                }
            }
        });
        let first = self.list_top();
        let fits = usize::from(height.div_ceil(LIST_ITEM_HEIGHT));
        let rows = (first..view.len().min(first + fits))
            .map(|slot| {
                let post = view[slot];
                let state = self.post_state(post);
                ListRow {
                    post: &self.posts()[post],
                    selected: slot == self.selected(),
                    read: state.read,
                    starred: state.starred,
                }
            })
            .collect();
        ListView {
            look,
            rows,
            focused: self.focus() == Focus::List,
            rates: self.rates(),
            fold_repeats: self.fold_repeats(),
            lang_width: self.languages().iter().map(|l| l.len()).max().unwrap_or(0),
            empty,
        }
    }

    /// The keys that lift the filters in force, as the keymap binds them: `T clears the tags ·
    /// U lists read posts too`.
    fn how_to_widen(&self) -> String {
        let filters = [
            (
                !self.tag_filter().is_empty(),
                Action::ClearTags,
                "clears the tags",
            ),
            (
                !self.search_text().is_empty(),
                Action::Back,
                "clears the search",
            ),
            (
                self.unread_only(),
                Action::UnreadOnly,
                "lists read posts too",
            ),
            (
                self.starred_only(),
                Action::StarredOnly,
                "lists unstarred posts too",
            ),
            (
                self.language_filter().is_some(),
                Action::CycleLanguage,
                "changes the language",
            ),
        ];
        filters
            .iter()
            .filter(|(active, _, _)| *active)
            .filter_map(|(_, action, what)| {
                let key = self.keymap().keys_for(*action).first()?;
                Some(format!("{key} {what}"))
            })
            .collect::<Vec<_>>()
            .join(self.glyphs().separator)
    }

    fn reader_view<'a>(&'a self, look: Look<'a>, height: u16) -> ReaderView<'a> {
        let Some(reader) = self.reader() else {
            let hint = if self.view().is_empty() {
                ""
            } else {
                "Enter opens the selected post."
            };
            return ReaderView {
                look,
                content: ReaderContent::Hint(hint),
            };
        };
        let rows = &reader.document().rows;
        let first = reader.scroll().min(rows.len());
        let last = (first + usize::from(height)).min(rows.len());
        let highlights = reader
            .highlights_in(first..last)
            .iter()
            .map(|h| RowHighlight {
                row: h.row - first,
                bytes: h.bytes.clone(),
                current: reader.is_current(h),
            })
            .collect();
        let link = reader
            .selected_link()
            .into_iter()
            .flat_map(|place| &place.pieces)
            .filter(|piece| (first..last).contains(&piece.row))
            .map(|piece| RowHighlight {
                row: piece.row - first,
                bytes: piece.bytes.clone(),
                current: false,
            })
            .collect();
        // Overlays are drawn over the text; a picture, written by the terminal itself, could
        // show through them, so none is drawn while one is open.
        let pictures = if self.overlay().is_some() {
            Vec::new()
        } else {
            reader
                .document()
                .pictures
                .iter()
                .filter(|place| place.rows.start < last && place.rows.end > first)
                .filter_map(|place| {
                    let cells = Size::new(place.columns as u16, place.rows.len() as u16);
                    Some(PictureView {
                        picture: self.picture(&place.url, cells)?,
                        top: place.rows.start as i32 - first as i32,
                        column: place.column as u16,
                    })
                })
                .collect()
        };
        ReaderView {
            look,
            content: ReaderContent::Post {
                rows: &rows[first..last],
                highlights,
                link,
                sideways: reader.sideways(),
                pictures,
            },
        }
    }

    fn status_view<'a>(&'a self, look: Look<'a>) -> StatusView<'a> {
        let left = if self.is_searching() {
            StatusLeft::Typing(self.search_text())
        } else if let Some(message) = self.message() {
            StatusLeft::Message(message)
        } else {
            let reader_shown = self.focus() == Focus::Reader || self.two_pane();
            let reading =
                reader_shown
                    .then(|| self.reading_position())
                    .flatten()
                    .map(|mut position| {
                        position.matches =
                            self.reader()
                                .filter(|r| r.hit_count() > 0)
                                .map(|r| MatchCount {
                                    current: r.current_hit(),
                                    total: r.hit_count(),
                                });
                        position
                    });
            StatusLeft::Place {
                list_shown: self.focus() == Focus::List || self.two_pane(),
                reading,
            }
        };
        StatusView {
            look,
            left,
            posts_shown: self.view().len(),
            posts_total: self.posts().len(),
            search_running: self
                .search_progress()
                .filter(|p| p.running)
                .map(|p| p.found),
            tags: self.tag_filter(),
            unread_only: self.unread_only(),
            starred_only: self.starred_only(),
            lang: self.language_filter(),
            search: self.search_text(),
            sort: self.sort(),
            problem_files: self.problem_files(),
        }
    }

    fn overlay_view<'a>(&'a self, look: Look<'a>) -> Option<OverlayView<'a>> {
        let content = match self.overlay()? {
            Overlay::Help { scroll } => OverlayContent::Help {
                lines: self.help_lines(),
                scroll: *scroll,
            },
            Overlay::Diagnostics { scroll } => OverlayContent::Diagnostics {
                count: self.library().diagnostics.len(),
                rows: diagnostic_rows(self, *scroll),
            },
            Overlay::Outline { cursor } => OverlayContent::Outline {
                headings: self.reader().map_or(&[], |r| &r.document().headings),
                cursor: *cursor,
            },
            Overlay::TagPicker(picker) => OverlayContent::TagPicker {
                typed: &picker.typed,
                entries: picker
                    .entries
                    .iter()
                    .map(|&i| {
                        let label = &self.labels()[i];
                        PickerEntry {
                            label,
                            checked: self.is_tag_selected(&label.label),
                            would_list: self.counts_if_added()[i],
                        }
                    })
                    .collect(),
                cursor: picker.cursor,
                selected: self.tag_filter().len(),
            },
            Overlay::LinkPicker(picker) => {
                let texts = self.link_texts();
                let links = self.reader().map_or(&[][..], |r| &r.document().links[..]);
                OverlayContent::LinkPicker {
                    typed: &picker.typed,
                    entries: picker
                        .entries
                        .iter()
                        .filter_map(|&n| {
                            Some(LinkEntry {
                                number: n,
                                text: texts.get(n - 1).cloned().unwrap_or_default(),
                                url: &links.get(n - 1)?.url,
                            })
                        })
                        .collect(),
                    cursor: picker.cursor,
                }
            }
        };
        Some(OverlayView { look, content })
    }
}
