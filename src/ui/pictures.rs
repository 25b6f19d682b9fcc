//! Pictures in the reader, as yazi does them: the terminal's graphics protocol (kitty, iTerm2,
//! Sixel) chosen once at start-up by ratatui-image's [`Picker`], half-blocks elsewhere, and all
//! file work (the header for the size, decoding and scaling) on a worker thread. The app
//! asks for work with [`Job`]s (the event loop hands them to the worker) and takes the
//! results back as [`Done`] messages, as it takes posts read again. Pictures are encoded for
//! the cells layout kept for them; a few are kept, so scrolling back costs nothing.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::sliced::SlicedProtocol;
use ratatui_image::{FilterType, Resize};

use crate::layout::PictureGrid;
use crate::pictures;

pub use crate::config::ImageMode;

/// Layout chose the cells; the picture is scaled to them, up or down, smoothly.
const SCALE: Resize = Resize::Scale(Some(FilterType::Triangle));

/// How many encoded pictures are kept.
const KEPT: usize = 16;

/// Work for the picture worker.
#[derive(Debug, Clone)]
pub enum Job {
    /// Find the file of picture `url` of the post `post` and read its header.
    Size { post: PathBuf, url: String },
    /// Decode `file` and encode it for `cells` with `picker`.
    Draw {
        post: PathBuf,
        url: String,
        file: PathBuf,
        cells: Size,
        picker: Box<Picker>,
    },
}

/// What the worker did.
pub enum Done {
    Sized {
        post: PathBuf,
        url: String,
        /// The file and its size in pixels.
        result: Result<(PathBuf, (u32, u32)), pictures::PictureProblem>,
    },
    Drawn {
        post: PathBuf,
        url: String,
        file: PathBuf,
        cells: Size,
        result: Result<SlicedProtocol, pictures::PictureProblem>,
    },
}

impl std::fmt::Debug for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Done::Sized { url, result, .. } => write!(f, "Sized({url}, {result:?})"),
            Done::Drawn { url, result, .. } => {
                write!(f, "Drawn({url}, {:?})", result.as_ref().map(|_| ()))
            }
        }
    }
}

/// Does one job: what the worker thread runs (and tests, on their own thread).
pub fn work(job: Job) -> Done {
    match job {
        Job::Size { post, url } => {
            let result = match pictures::resolve(&url, &post) {
                Some(Ok(file)) => crate::contain::contain(|| pictures::probe(&file))
                    .unwrap_or_else(|why| {
                        Err(pictures::PictureProblem::Unreadable {
                            file: crate::text::sanitize::path(&file).to_string(),
                            message: why,
                        })
                    })
                    .map(|size| (file, size)),
                Some(Err(problem)) => Err(problem),
                None => Err(pictures::PictureProblem::Missing(url.clone())),
            };
            Done::Sized { post, url, result }
        }
        Job::Draw {
            post,
            url,
            file,
            cells,
            picker,
        } => {
            let unreadable = |message: String| pictures::PictureProblem::Unreadable {
                file: crate::text::sanitize::path(&file).to_string(),
                message,
            };
            // A decoder's panic on a strange file is that file's problem, not the reader's end.
            let result = crate::contain::contain(|| {
                pictures::decode(&file).and_then(|image| {
                    SlicedProtocol::new_with_resize(&picker, image, cells, SCALE)
                        .map_err(|err| unreadable(err.to_string()))
                })
            })
            .unwrap_or_else(|why| Err(unreadable(why)));
            Done::Drawn {
                post,
                url,
                file,
                cells,
                result,
            }
        }
    }
}

/// Where a picture is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    Asked,
    Failed,
}

/// The app's pictures: the picker, what was asked of the worker, the pictures ready to draw.
#[derive(Default)]
pub struct Pictures {
    picker: Option<Picker>,
    max_rows: u16,
    /// Sizes asked for or refused, per (post, address).
    sizing: HashMap<(PathBuf, String), Progress>,
    /// The file each sized picture is, per (post, address).
    files: HashMap<(PathBuf, String), PathBuf>,
    /// Drawings asked for or refused, per (file, cells).
    drawing: HashMap<(PathBuf, u16, u16), Progress>,
    /// Pictures encoded for their cells, newest last.
    ready: VecDeque<((PathBuf, u16, u16), SlicedProtocol)>,
    /// Work for the event loop to hand to the worker.
    jobs: Vec<Job>,
}

impl Pictures {
    /// Pictures drawn with `picker`, at most `max_rows` rows tall; no picker: images off.
    pub fn new(picker: Option<Picker>, max_rows: u16) -> Self {
        Pictures {
            picker,
            max_rows,
            ..Pictures::default()
        }
    }

    /// The grid layout keeps rows on, or `None` when images are off. A graphics protocol
    /// draws a pixel of the picture on a pixel of the screen, so a small picture stays small;
    /// half-blocks draw two pixels a cell, and pictures then fill the width.
    pub fn grid(&self) -> Option<PictureGrid> {
        let picker = self.picker.as_ref()?;
        let (cell_width, cell_height) = match picker.protocol_type() {
            ProtocolType::Halfblocks => (1, 2),
            _ => (picker.font_size().width, picker.font_size().height),
        };
        Some(PictureGrid {
            cell_width: cell_width.max(1),
            cell_height: cell_height.max(1),
            max_rows: self.max_rows.max(1),
        })
    }

    /// The protocol pictures are drawn with, when they are.
    pub fn protocol(&self) -> Option<ProtocolType> {
        self.picker.as_ref().map(Picker::protocol_type)
    }

    /// Asks for the size of picture `url` of `post`, once; never for a remote address
    /// (never fetched: it stays its alt text).
    pub fn want_size(&mut self, post: &Path, url: &str) {
        let key = (post.to_path_buf(), url.to_string());
        if self.picker.is_none() || !pictures::is_local(url) || self.sizing.contains_key(&key) {
            return;
        }
        self.sizing.insert(key, Progress::Asked);
        self.jobs.push(Job::Size {
            post: post.to_path_buf(),
            url: url.to_string(),
        });
    }

    /// Records the file a picture was found at (and sized).
    pub fn sized(&mut self, post: PathBuf, url: String, file: PathBuf) {
        self.files.insert((post, url), file);
    }

    /// Asks for picture `url` of `post` drawn in `cells`, unless it is ready, asked for or
    /// failed.
    pub fn want_drawing(&mut self, post: &Path, url: &str, cells: Size) {
        let Some(picker) = &self.picker else {
            return;
        };
        let Some(file) = self.files.get(&(post.to_path_buf(), url.to_string())) else {
            return;
        };
        let key = (file.clone(), cells.width, cells.height);
        if self.drawing.contains_key(&key) || self.ready.iter().any(|(k, _)| *k == key) {
            return;
        }
        self.drawing.insert(key, Progress::Asked);
        self.jobs.push(Job::Draw {
            post: post.to_path_buf(),
            url: url.to_string(),
            file: file.clone(),
            cells,
            picker: Box::new(picker.clone()),
        });
    }

    /// The picture `url` of `post` ready for `cells`.
    pub fn drawing(&self, post: &Path, url: &str, cells: Size) -> Option<&SlicedProtocol> {
        let file = self.files.get(&(post.to_path_buf(), url.to_string()))?;
        self.ready
            .iter()
            .find(|((f, w, h), _)| f == file && *w == cells.width && *h == cells.height)
            .map(|(_, p)| p)
    }

    /// The work asked for since the last call.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// Records a size the worker could not read, so it is not asked for again.
    pub fn size_failed(&mut self, post: PathBuf, url: String) {
        self.sizing.insert((post, url), Progress::Failed);
    }

    /// Keeps a drawing the worker made; a failed one is not asked for again.
    pub fn drawn(&mut self, file: PathBuf, cells: Size, result: Option<SlicedProtocol>) {
        let key = (file, cells.width, cells.height);
        match result {
            Some(protocol) => {
                self.drawing.remove(&key);
                self.ready.push_back((key, protocol));
                while self.ready.len() > KEPT {
                    self.ready.pop_front();
                }
            }
            None => {
                self.drawing.insert(key, Progress::Failed);
            }
        }
    }
}
