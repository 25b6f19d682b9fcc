//! An image file's bytes, as a post's picture: decoding within kiji's limits ends in a picture
//! no larger than the limits or a problem, and a picture is scaled and encoded as half-blocks
//! for a few cells, never a panic.
#![no_main]

use kiji::pictures::{MAX_PIXELS, decode_bytes};
use libfuzzer_sys::fuzz_target;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::Picker;
use ratatui_image::sliced::SlicedProtocol;

fuzz_target!(|data: &[u8]| {
    let Ok(image) = decode_bytes(data, "fuzz") else {
        return;
    };
    assert!(u64::from(image.width()) * u64::from(image.height()) <= MAX_PIXELS);
    let picker = Picker::halfblocks();
    let _ = SlicedProtocol::new_with_resize(&picker, image, Size::new(8, 4), Resize::Scale(None));
});
