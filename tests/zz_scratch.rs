use kiji::layout::{Options, PictureSizes, first_part, layout_post};
use kiji::model::ReadingRates;
#[test]
fn repro() {
    let data = std::fs::read("/tmp/pp_crash4.bin").unwrap();
    let (w, flags, bytes) = (data[0], data[1], &data[2..]);
    let (post, _) = kiji::loader::parse_post(std::path::Path::new("2024-01-02-fuzz.md"), bytes);
    let post = post.unwrap();
    let options = Options {
        ambiguous_wide: flags & 1 == 1,
        wrap_code: flags & 8 == 0,
        fold_details: flags & 16 == 16,
        details_open: u64::from(flags),
        ..Options::new(usize::from(w % 160))
    };
    let doc = layout_post(&post, ReadingRates::default(), &options);
    let near = post.body.len() * usize::from(w) / 256;
    let cut = first_part::cut(&post.body, near);
    eprintln!(
        "width {} flags {flags} near {near} cut {cut:?} len {}",
        w % 160,
        post.body.len()
    );
    let part = first_part::layout_first_part(
        &post,
        ReadingRates::default(),
        &options,
        &PictureSizes::new(),
        near,
    )
    .unwrap();
    let n = part
        .rows
        .iter()
        .zip(&doc.rows)
        .position(|(a, b)| a != b)
        .unwrap_or(part.rows.len());
    for r in &part.rows[n.saturating_sub(3)..(n + 2).min(part.rows.len())] {
        eprintln!("P {:?} {}", r.text(), r.source_offset);
    }
    for r in &doc.rows[n.saturating_sub(3)..n + 2] {
        eprintln!("W {:?} {}", r.text(), r.source_offset);
    }
    let c = cut.unwrap();
    eprintln!(
        "{:?}",
        &post.body[c.saturating_sub(300)..(c + 200).min(post.body.len())]
    );
}
