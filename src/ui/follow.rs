//! Following links: the rules that tie the selected link, the library and the history
//! together. `]`/`[` select and say where a link leads; Enter, the `f` picker and a click
//! follow it (another post, a heading, or the opener for a web address); Backspace returns.
//! A footnote's mark is selected like a link, and Enter goes from a reference to its note
//! and from the note back to the text.
//! Pure like `update`: the opener and the clipboard are requests ([`Outgoing`]) the event
//! loop carries out.

use crate::layout::{FootnoteMark, LinkPlace, anchors};
use crate::links::{self, Destination};

use super::app::{App, Overlay};
use super::geometry::Focus;
use super::overlay::LinkPicker;
use super::reader::Reader;
use super::reader_slot::{Outgoing, Return};

impl App {
    /// The program (and first arguments) that opens web and mail links; empty for the
    /// system's opener.
    pub fn with_opener(mut self, command: Vec<String>) -> Self {
        self.reader_slot_mut().opener = command;
        self
    }

    pub fn opener(&self) -> &[String] {
        &self.reader_slot().opener
    }

    /// What the last action asked of the world outside the app, once.
    pub fn take_outgoing(&mut self) -> Option<Outgoing> {
        self.reader_slot_mut().outgoing.take()
    }

    /// Link `number`'s text as the post shows it (without its `[n]`), for the picker.
    pub fn link_texts(&self) -> Vec<String> {
        let Some(reader) = self.reader() else {
            return Vec::new();
        };
        let document = reader.document();
        let mut texts = vec![String::new(); document.links.len()];
        for place in &document.link_places {
            let Some(text) = texts.get_mut(place.number.wrapping_sub(1)) else {
                continue;
            };
            if !text.is_empty() {
                continue;
            }
            let mut words: String = place
                .pieces
                .iter()
                .filter_map(|p| {
                    document
                        .rows
                        .get(p.row)?
                        .text()
                        .get(p.bytes.clone())
                        .map(str::to_owned)
                })
                .collect::<Vec<_>>()
                .join(" ");
            let marker = format!("[{}]", place.number);
            if let Some(stripped) = words.strip_suffix(&marker) {
                words = stripped.trim().to_string();
            }
            *text = words;
        }
        texts
    }

    /// `f`: opens the link picker on the open post's links.
    pub(super) fn open_link_picker(&mut self) {
        let Some(reader) = self.reader() else {
            return self.say("open a post to pick one of its links");
        };
        if reader.document().links.is_empty() {
            return self.say("this post has no links");
        }
        self.set_overlay(Some(Overlay::LinkPicker(LinkPicker::default())));
        self.narrow_link_picker();
    }

    pub(super) fn narrow_link_picker(&mut self) {
        let texts = self.link_texts();
        let urls: Vec<String> = self
            .reader()
            .map(|r| r.document().links.iter().map(|l| l.url.clone()).collect())
            .unwrap_or_default();
        let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        if let Some(Overlay::LinkPicker(picker)) = self.overlay_mut() {
            picker.narrow(&texts, &urls);
        }
    }

    /// `]`/`[`: selects the next or previous link and says where it leads.
    pub(super) fn step_link(&mut self, forward: bool) {
        let height = self.text_height();
        let stepped = self
            .reader_mut()
            .is_some_and(|r| r.step_link(forward, height));
        if !stepped {
            return self.say(match self.reader() {
                Some(_) => "this post has no links in its text",
                None => "open a post to move between its links",
            });
        }
        self.set_focus(Focus::Reader);
        if let Some(place) = self.reader().and_then(Reader::selected_link).cloned() {
            let about = match place.footnote {
                Some(mark) => where_footnote_leads(mark),
                None => self.where_link_leads(place.number),
            };
            self.say(about);
        }
    }

    /// The status line's account of where link `number` of the open post leads.
    pub fn where_link_leads(&self, number: usize) -> String {
        let Some((link, destination)) = self.destination(number) else {
            return String::new();
        };
        let url = &link.url;
        match destination {
            Destination::Here { fragment } => format!("[{number}] → #{fragment} in this post"),
            Destination::Post { index, fragment } => {
                let title = &self.posts()[index].title;
                match fragment {
                    Some(f) => format!("[{number}] → {title} #{f}"),
                    None => format!("[{number}] → {title}"),
                }
            }
            Destination::External(_) => format!("[{number}] → {url} (Enter opens it)"),
            Destination::Refused(why) => format!("[{number}] {url}: not opened, {why}"),
            Destination::NotFound => format!("[{number}] {url}: no such post in the library"),
        }
    }

    fn destination(&self, number: usize) -> Option<(crate::layout::Link, Destination)> {
        let reader = self.reader()?;
        let link = reader.document().links.get(number.checked_sub(1)?)?.clone();
        let destination = links::resolve(&link.target, reader.post(), self.posts());
        Some((link, destination))
    }

    /// Enter in the reader: follows the selected link. False when none is selected.
    pub(super) fn follow_selected(&mut self) -> bool {
        let Some(place) = self.reader().and_then(Reader::selected_link).cloned() else {
            return false;
        };
        self.follow_place(&place);
        true
    }

    /// Follows a link, or goes between a footnote's mark and its note.
    fn follow_place(&mut self, place: &LinkPlace) {
        match place.footnote {
            Some(mark) => self.go_to_footnote(mark),
            None => self.follow_link(place.number),
        }
    }

    /// From a footnote's reference to its note, or from the note to the first reference,
    /// selecting the mark there (so Enter goes back) and remembering the way for Backspace.
    fn go_to_footnote(&mut self, from: FootnoteMark) {
        let Some(reader) = self.reader() else {
            return;
        };
        let target = reader.document().link_places.iter().position(|place| {
            place
                .footnote
                .is_some_and(|f| f.number == from.number && f.is_note != from.is_note)
        });
        let Some(target) = target else {
            if reader.document().partial.is_some() {
                return self.say(super::update::STILL_LAYING_OUT);
            }
            return self.say(if from.is_note {
                format!("nothing in the text refers to note ^{}", from.number)
            } else {
                format!("no note ^{} in this post", from.number)
            });
        };
        let here = Return::from(reader);
        self.reader_slot_mut().history.push(here);
        let height = self.text_height();
        if let Some(reader) = self.reader_mut() {
            reader.select_link(target, height);
        }
        self.say(if from.is_note {
            format!(
                "^{}: where the note is referred to (Backspace goes back)",
                from.number
            )
        } else {
            format!(
                "note ^{} (Enter goes back to the text, so does Backspace)",
                from.number
            )
        });
    }

    /// Follows link `number` of the open post.
    pub(super) fn follow_link(&mut self, number: usize) {
        let Some((link, destination)) = self.destination(number) else {
            return;
        };
        match destination {
            Destination::Here { fragment } => {
                let post = self.reader().map_or(0, Reader::post);
                self.go_to(post, Some(&fragment));
            }
            Destination::Post { index, fragment } => self.go_to(index, fragment.as_deref()),
            Destination::External(url) => {
                self.reader_slot_mut().outgoing = Some(Outgoing::Open(url.clone()));
                self.say(format!("opening {}", link.url));
            }
            Destination::Refused(why) => self.say(format!("not opened: {why} ({})", link.url)),
            Destination::NotFound => {
                self.say(format!("no post in the library at {}", link.url));
            }
        }
    }

    /// Opens `post` (the open one too) at the heading `fragment` names, else at its top,
    /// remembering where the reader was for Backspace.
    fn go_to(&mut self, post: usize, fragment: Option<&str>) {
        let Some(reader) = self.reader() else {
            return;
        };
        let here = Return::from(reader);
        self.show_post(post);
        self.set_focus(Focus::Reader);
        let height = self.text_height();
        let Some(reader) = self.reader_mut() else {
            return;
        };
        let heading = fragment.map(|f| (f, anchors::find(&reader.document().headings, f)));
        let partial = reader.document().partial.is_some();
        match heading {
            Some((_, Some(row))) => reader.scroll_to(row, height),
            Some((_, None)) | None if post != here.post => reader.scroll_to(0, height),
            _ => {}
        }
        self.reader_slot_mut().history.push(here);
        let title = self.posts()[post].title.clone();
        match heading {
            Some((_, None)) if partial => self.say(super::update::STILL_LAYING_OUT),
            Some((fragment, None)) => self.say(format!("no heading #{fragment} in {title}")),
            _ if post != here.post => self.say(format!("{title} (Backspace goes back)")),
            _ => self.say("Backspace goes back"),
        }
    }

    /// Backspace: back to where the last link was followed from.
    pub(super) fn link_back(&mut self) {
        let Some(back) = self.reader_slot_mut().history.pop() else {
            return self.say("no link followed to go back from");
        };
        if back.post >= self.posts().len() {
            return;
        }
        self.show_post(back.post);
        self.set_focus(Focus::Reader);
        let height = self.text_height();
        if let Some(reader) = self.reader_mut() {
            if reader.width() == back.width {
                reader.scroll_to(back.scroll, height);
            } else {
                reader.resume_at(back.offset, height);
            }
            if let Some(link) = back.selected_link {
                reader.select_link(link, height);
            }
        }
    }

    /// `y`: the selected link's address to the clipboard.
    pub(super) fn copy_link(&mut self) {
        let Some(number) = self
            .reader()
            .and_then(Reader::selected_link)
            .map(|p| p.number)
        else {
            return self.say("select a link with ] or [ to copy its address");
        };
        let Some((link, _)) = self.destination(number) else {
            return self.say("a footnote's mark has no address to copy");
        };
        if link.target.contains(char::is_control) {
            return self.say("not copied: the address has control characters");
        }
        self.reader_slot_mut().outgoing = Some(Outgoing::Copy(link.url.clone()));
        self.say(format!("copied {}", link.url));
    }

    /// A click at a cell of the reader's text: follows the link there. False when there is
    /// none.
    pub(super) fn click_link(&mut self, column: u16, row: u16) -> bool {
        let Some(text) = self.panes().text else {
            return false;
        };
        if !text.contains(ratatui::layout::Position::new(column, row)) {
            return false;
        }
        let wide = self.glyphs().ambiguous_wide;
        let Some(reader) = self.reader() else {
            return false;
        };
        let at_row = reader.scroll() + usize::from(row - text.y);
        let Some(index) = reader.link_at(at_row, usize::from(column - text.x), wide) else {
            return false;
        };
        let height = self.text_height();
        let place = self.reader_mut().and_then(|r| {
            r.select_link(index, height);
            r.selected_link().cloned()
        });
        self.set_focus(Focus::Reader);
        if let Some(place) = place {
            self.follow_place(&place);
        }
        true
    }
}
/// The status line's account of a selected footnote mark.
fn where_footnote_leads(mark: FootnoteMark) -> String {
    if mark.is_note {
        format!(
            "note ^{} (Enter goes to where it is referred to)",
            mark.number
        )
    } else {
        format!("footnote ^{} (Enter reads the note)", mark.number)
    }
}
