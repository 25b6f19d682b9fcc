//! The open post's pictures, between the app and the picture worker (see
//! [`crate::ui::pictures`]): which sizes and drawings the reader needs now, and what the
//! worker's results change: a size lays the post out again with rows for the picture
//! (keeping the reader's place, as a resize does), a problem becomes a diagnostic and the
//! picture its alt text.

use std::path::Path;

use ratatui::layout::Size;
use ratatui_image::sliced::SlicedProtocol;

use crate::layout::PixelSize;
use crate::model::Diagnostic;
use crate::pictures::PictureProblem;

use super::super::pictures::{Done, ImageMode, Job, Pictures};
use super::{App, showing};

impl App {
    /// Draws pictures as `pictures` says (images off unless this is called).
    pub fn with_pictures(mut self, pictures: Pictures) -> Self {
        self.settings.pictures = pictures.grid();
        self.pictures = pictures;
        self.reader.forget_layouts();
        self
    }

    /// The config's `images`, for the event loop to ask the terminal what it can draw.
    pub fn with_image_mode(mut self, mode: ImageMode, max_rows: u16) -> Self {
        self.image_mode = (mode, max_rows);
        self
    }

    pub fn image_mode(&self) -> (ImageMode, u16) {
        self.image_mode
    }

    /// The work the open post's pictures need now: the sizes of its images, and drawings
    /// of those on screen or a screen away.
    pub fn take_picture_jobs(&mut self) -> Vec<Job> {
        let height = self.text_height();
        if let Some(reader) = self.reader.get() {
            let post = &self.library.posts[reader.post()].path;
            for url in &reader.document().picture_urls {
                self.pictures.want_size(post, url);
            }
            let near = reader.scroll().saturating_sub(height)..reader.scroll() + 2 * height;
            for place in &reader.document().pictures {
                if place.rows.start < near.end && place.rows.end > near.start {
                    let cells = Size::new(place.columns as u16, place.rows.len() as u16);
                    self.pictures.want_drawing(post, &place.url, cells);
                }
            }
        }
        self.pictures.take_jobs()
    }

    /// Takes in what the picture worker did.
    pub fn apply_picture(&mut self, done: Done) {
        match done {
            Done::Sized {
                post,
                url,
                result: Ok((file, (width, height))),
            } => {
                self.pictures.sized(post.clone(), url.clone(), file);
                self.set_picture_size(&post, &url, Some(PixelSize { width, height }));
            }
            Done::Sized {
                post,
                url,
                result: Err(problem),
            } => {
                self.pictures.size_failed(post.clone(), url);
                self.picture_problem(&post, problem);
            }
            Done::Drawn {
                file,
                cells,
                result: Ok(protocol),
                ..
            } => self.pictures.drawn(file, cells, Some(protocol)),
            Done::Drawn {
                post,
                url,
                file,
                cells,
                result: Err(problem),
            } => {
                self.pictures.drawn(file, cells, None);
                self.set_picture_size(&post, &url, None);
                self.picture_problem(&post, problem);
            }
        }
    }

    /// The drawing of picture `url` of the open post for `cells`, when it is ready.
    pub fn picture(&self, url: &str, cells: Size) -> Option<&SlicedProtocol> {
        let post = &self.library.posts[self.reader.get()?.post()].path;
        self.pictures.drawing(post, url, cells)
    }

    fn set_picture_size(&mut self, post: &Path, url: &str, size: Option<PixelSize>) {
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader
            .set_picture_size(post, url, size, &self.library.posts, with);
    }

    /// A picture that cannot be shown: a diagnostic for `!`, and a note.
    fn picture_problem(&mut self, post: &Path, problem: PictureProblem) {
        let diagnostic = Diagnostic {
            path: post.to_path_buf(),
            line: None,
            message: problem.to_string(),
        };
        if !self.library.diagnostics.contains(&diagnostic) {
            self.library.diagnostics.push(diagnostic);
            self.say("an image in this post cannot be shown (!)");
        }
    }
}
