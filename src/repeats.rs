//! Repeated passages: which blocks of a post are later copies of an earlier one, grouped into
//! runs of consecutive copies. The one detector kiji has: the loader feeds it the paragraphs
//! and headings it skims (for the unique-text reading time `--list` shows) and the layout the
//! blocks of its tree (for the fold rows the reader shows). It sees only a kind and the text,
//! knows nothing of Markdown, and is linear in the text's size: each block is hashed once and
//! compared byte for byte only with earlier blocks of the same hash.
//!
//! ```
//! use kiji::repeats::{BlockKind, Detector, normalise};
//! let para = "同じ段落がここにもう一度そのまま貼り付けられている、よくある下書きの名残で、読む人の時間を無駄にします。";
//! let mut detector = Detector::default();
//! for text in [para, "間の段落ですがこれも十分な長さがあるので、比べる対象にきちんとなります。", para] {
//!     detector.push(BlockKind::Paragraph, normalise(text));
//! }
//! let runs = detector.runs();
//! assert_eq!(runs.len(), 1);
//! assert_eq!((runs[0].blocks.clone(), runs[0].first), (2..3, 0));
//! ```

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;

/// Blocks shorter than this many characters (whitespace not counted) are never folded.
///
/// Forty is above what a post repeats on purpose: separators and sign-offs (`---END---` is
/// 9, `続く` 2, `(to be continued)` 16), and captions and labels (`図1：システム構成`, `Figure
/// 3: The architecture of the system` is 37). It is below a paragraph of prose: one Japanese
/// sentence is typically 40 to 60 characters, an English one over 60, so any paragraph worth
/// folding passes.
pub const MIN_CHARS: usize = 40;

/// Marks, beside a reading time in `--list` and the post list, a post with passages that
/// repeat earlier ones (the time shown counts them once). The fold rows start with it too.
pub const REPEATS_MARK: &str = "⋯";

/// What a block is, as far as folding cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    /// A paragraph inside a list item.
    ListItem,
    /// A paragraph inside a quote.
    Quote,
    /// Never folded: code repeats on purpose (the same command in two places).
    Code,
    /// Tables, rules, HTML: shown as they are; they end a run of copies.
    Other,
}

impl BlockKind {
    /// Whether blocks of this kind may be folded at all.
    pub fn foldable(self) -> bool {
        !matches!(self, BlockKind::Code | BlockKind::Other)
    }

    /// Blocks copy only blocks of their own class. A heading repeats only a heading: the
    /// same words as a list item are a table of contents pointing at it, and as a paragraph
    /// a summary, not a passage pasted twice. Paragraphs, list items and quotes are all
    /// prose, and a paragraph pasted into a quote is still a copy.
    pub fn class(self) -> u8 {
        u8::from(self == BlockKind::Heading)
    }
}

/// Consecutive blocks that each copy an earlier block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Indices of the copies, in the order blocks were pushed.
    pub blocks: Range<usize>,
    /// Index of the block the run's first copy repeats: where the passage first appeared.
    pub first: usize,
    /// Whether every block of the run is a paragraph (the fold then says "paragraphs").
    pub all_paragraphs: bool,
}

/// The text a block is compared by: its characters without any whitespace. Soft breaks join
/// lines with a space or with nothing depending on the script around them, and a copy pasted
/// from elsewhere is often rewrapped, so whitespace is not part of a passage's identity; at
/// [`MIN_CHARS`] and beyond, two passages differing only in spacing are the same passage.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// Appends `text` without its whitespace to `out`. It copies the runs between whitespace
/// whole, skipping eight bytes at a time while none of them may start whitespace
/// ([`may_start_whitespace`]), and steps a character at a time by its lead byte only from a
/// byte that may: every paragraph of a post that repeats passes through here, and stepping
/// through every character was a fifth of a cold `--list`.
pub fn normalise_into(text: &str, out: &mut String) {
    for_each_run(text, |run| out.push_str(run));
}

/// Hands `text` without its whitespace to `run`, as the pieces between whitespace, in order
/// (what [`normalise_into`] appends).
#[inline]
pub fn for_each_run(text: &str, mut run: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            let candidates = may_start_whitespace(u64::from_le_bytes(chunk));
            if candidates == 0 {
                i += 8;
                continue;
            }
            // A candidate is an ASCII byte or a lead byte, never inside a character.
            i += candidates.trailing_zeros() as usize / 8;
        }
        let whitespace = match LEAD[usize::from(bytes[i])] {
            Lead::Step(step) => {
                i += usize::from(step);
                continue;
            }
            Lead::AsciiSpace => 1,
            Lead::MaySpace => whitespace_len(&bytes[i..]),
        };
        if whitespace == 0 {
            // A lead byte that may start whitespace, here starting a three-byte (or, for C2,
            // two-byte) character that is not.
            i += if bytes[i] == 0xC2 { 2 } else { 3 };
            continue;
        }
        if run_start < i {
            run(&text[run_start..i]);
        }
        i += whitespace;
        run_start = i;
    }
    if run_start < text.len() {
        run(&text[run_start..]);
    }
}

/// What every text equal to another without its whitespace shares with it, and different
/// texts seldom do: its characters other than whitespace, and the sum of their bytes and of
/// each byte times its place (so that the same words in another order differ). It is taken
/// without copying or hashing the text, sixteen bytes at a time: the loader's skim files
/// every paragraph of a long post by it and hashes the whole text only of the few that
/// share one (normalising and hashing every block was a fifth of a cold `--list`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Summary {
    /// Characters that are not whitespace: what [`normalise`] keeps.
    pub chars: usize,
    /// Bytes of those characters.
    bytes: u64,
    /// The sum of those bytes, and of each times its place among them (both wrapping).
    sum: u64,
    moment: u64,
}

impl Summary {
    /// Adds the next piece of a text.
    pub fn add(&mut self, text: &str) {
        #[cfg(target_arch = "x86_64")]
        {
            let before = *self;
            // SAFETY: SSE2 is part of x86-64; every processor this code runs on has it.
            if unsafe { self.add_sse2(text.as_bytes()) } {
                return;
            }
            // Whitespace beyond ASCII (rare: U+3000 in some Japanese prose).
            *self = before;
        }
        self.add_by_character(text);
    }

    /// [`Self::add`] a character at a time: for whitespace beyond ASCII and other
    /// processors, and what the tests hold the vector code to.
    pub fn add_by_character(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.chars += 1;
            let mut utf8 = [0; 4];
            for &b in c.encode_utf8(&mut utf8).as_bytes() {
                self.add_byte(b);
            }
        }
    }

    fn add_byte(&mut self, b: u8) {
        self.sum = self.sum.wrapping_add(u64::from(b));
        self.moment = self
            .moment
            .wrapping_add(self.bytes.wrapping_mul(u64::from(b)));
        self.bytes += 1;
    }

    /// [`Self::add`] sixteen bytes at a time, for text without whitespace beyond ASCII;
    /// false, with the summary half done, for text with some.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn add_sse2(&mut self, bytes: &[u8]) -> bool {
        use sse2::{LANES, Sums};
        let mut sums = Sums::new(self);
        let mut at = 0;
        while let Some(window) = bytes.get(at..).and_then(<[u8]>::first_chunk) {
            if !sums.add(window) {
                return false;
            }
            at += LANES;
        }
        // The rest, padded with spaces, which count for nothing.
        let mut padded = [b' '; 2 * LANES + 2];
        padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
        for half in [0, LANES] {
            if at + half >= bytes.len() {
                break;
            }
            let window = padded[half..].first_chunk().expect("two windows fit");
            if !sums.add(window) {
                return false;
            }
        }
        sums.add_to(self);
        true
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::Summary;
    use std::arch::x86_64::*;

    pub const LANES: usize = 16;

    /// A [`Summary`] being added to, in vectors of two 64-bit lanes (the count of bytes in
    /// both).
    pub struct Sums {
        bytes: __m128i,
        sum: __m128i,
        moment: __m128i,
        /// Bytes that continue a character.
        continuing: __m128i,
    }

    impl Sums {
        #[target_feature(enable = "sse2")]
        pub fn new(summary: &Summary) -> Sums {
            let zero = _mm_setzero_si128();
            Sums {
                bytes: _mm_set1_epi64x(summary.bytes as i64),
                sum: zero,
                moment: zero,
                continuing: zero,
            }
        }

        /// Adds the first sixteen bytes of `window`, unless a whitespace character beyond
        /// ASCII starts among them (the two bytes after them are looked at for that).
        #[target_feature(enable = "sse2")]
        pub fn add(&mut self, window: &[u8; LANES + 2]) -> bool {
            let v = load(window, 0);
            // C2, E1 and E2 start whitespace and much else; E3 80 80 is U+3000.
            let (next, after) = (load(window, 1), load(window, 2));
            let ideographic =
                _mm_and_si128(is(v, 0xE3), _mm_and_si128(is(next, 0x80), is(after, 0x80)));
            let e1_e2 = _mm_cmpeq_epi8(
                _mm_min_epu8(_mm_sub_epi8(v, splat(0xE1)), splat(1)),
                _mm_sub_epi8(v, splat(0xE1)),
            );
            let may = _mm_or_si128(ideographic, _mm_or_si128(is(v, 0xC2), e1_e2));
            if _mm_movemask_epi8(may) != 0 && has_wide_space(v, next, after) {
                return false;
            }
            let zero = _mm_setzero_si128();
            let from_tab = _mm_sub_epi8(v, splat(b'\t'));
            let tab_to_return = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, splat(4)), from_tab);
            let space = _mm_or_si128(is(v, b' '), tab_to_return);
            let (kept, place) = if _mm_movemask_epi8(space) == 0 {
                (v, ascending())
            } else {
                let ones = _mm_andnot_si128(space, splat(1));
                // Each kept byte's place among the chunk's kept bytes: a prefix sum.
                let mut through = ones;
                through = _mm_add_epi8(through, _mm_slli_si128(through, 1));
                through = _mm_add_epi8(through, _mm_slli_si128(through, 2));
                through = _mm_add_epi8(through, _mm_slli_si128(through, 4));
                through = _mm_add_epi8(through, _mm_slli_si128(through, 8));
                (_mm_andnot_si128(space, v), _mm_sub_epi8(through, ones))
            };
            let sum = _mm_sad_epu8(kept, zero);
            // Bytes times places, in sixteen-bit lanes (at most 2 × 255 × 15), then four
            // 32-bit sums, widened.
            let low = _mm_mullo_epi16(
                _mm_unpacklo_epi8(kept, zero),
                _mm_unpacklo_epi8(place, zero),
            );
            let high = _mm_mullo_epi16(
                _mm_unpackhi_epi8(kept, zero),
                _mm_unpackhi_epi8(place, zero),
            );
            let moments = _mm_madd_epi16(_mm_add_epi16(low, high), _mm_set1_epi16(1));
            let moments = _mm_add_epi64(
                _mm_unpacklo_epi32(moments, zero),
                _mm_unpackhi_epi32(moments, zero),
            );
            self.moment = _mm_add_epi64(self.moment, moments);
            self.moment = _mm_add_epi64(self.moment, _mm_mul_epu32(self.bytes, sum));
            self.sum = _mm_add_epi64(self.sum, sum);
            let count = _mm_sad_epu8(_mm_and_si128(_mm_cmpeq_epi8(kept, v), splat(1)), zero);
            let count = _mm_add_epi64(count, _mm_shuffle_epi32::<0x4E>(count));
            self.bytes = _mm_add_epi64(self.bytes, count);
            let continues = _mm_and_si128(_mm_cmplt_epi8(v, splat(0xC0)), splat(1));
            self.continuing = _mm_add_epi64(self.continuing, _mm_sad_epu8(continues, zero));
            true
        }

        #[target_feature(enable = "sse2")]
        pub fn add_to(self, summary: &mut Summary) {
            let bytes = _mm_cvtsi128_si64(self.bytes) as u64;
            let added = bytes - summary.bytes;
            summary.chars += (added - total(self.continuing)) as usize;
            summary.bytes = bytes;
            summary.sum = summary.sum.wrapping_add(total(self.sum));
            summary.moment = summary.moment.wrapping_add(total(self.moment));
        }
    }

    /// Whether a whitespace character beyond ASCII starts at one of the sixteen bytes `v`,
    /// followed by `next` and `after`: U+0085, U+00A0, U+1680, U+2000..=U+200A, U+2028,
    /// U+2029, U+202F, U+205F or U+3000 (as `whitespace_len` tells them).
    #[target_feature(enable = "sse2")]
    fn has_wide_space(v: __m128i, next: __m128i, after: __m128i) -> bool {
        let or = |a, b| _mm_or_si128(a, b);
        let and = |a, b| _mm_and_si128(a, b);
        let c2 = and(is(v, 0xC2), or(is(next, 0x85), is(next, 0xA0)));
        let e1 = and(is(v, 0xE1), and(is(next, 0x9A), is(after, 0x80)));
        let up_to_8a = _mm_cmpeq_epi8(_mm_min_epu8(after, splat(0x8A)), after);
        let separators = or(is(after, 0xA8), or(is(after, 0xA9), is(after, 0xAF)));
        let e2_80 = and(is(next, 0x80), or(up_to_8a, separators));
        let e2_81 = and(is(next, 0x81), is(after, 0x9F));
        let e2 = and(is(v, 0xE2), or(e2_80, e2_81));
        let e3 = and(is(v, 0xE3), and(is(next, 0x80), is(after, 0x80)));
        _mm_movemask_epi8(or(or(c2, e1), or(e2, e3))) != 0
    }

    #[target_feature(enable = "sse2")]
    fn ascending() -> __m128i {
        _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    }

    #[target_feature(enable = "sse2")]
    fn load(window: &[u8; LANES + 2], from: usize) -> __m128i {
        let lanes: &[u8; LANES] = window[from..].first_chunk().expect("three loads fit");
        // SAFETY: `lanes` is sixteen readable bytes, and an unaligned load reads just those.
        unsafe { _mm_loadu_si128(lanes.as_ptr().cast()) }
    }

    #[target_feature(enable = "sse2")]
    fn splat(byte: u8) -> __m128i {
        _mm_set1_epi8(byte as i8)
    }

    #[target_feature(enable = "sse2")]
    fn is(v: __m128i, byte: u8) -> __m128i {
        _mm_cmpeq_epi8(v, splat(byte))
    }

    #[target_feature(enable = "sse2")]
    fn total(lanes: __m128i) -> u64 {
        let high = _mm_unpackhi_epi64(lanes, lanes);
        (_mm_cvtsi128_si64(lanes) as u64).wrapping_add(_mm_cvtsi128_si64(high) as u64)
    }
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (eight bytes of UTF-8, little-endian) that may start
/// a whitespace character: a byte below 0x21, a C2, E1 or E2, or an E3 followed by 80 80
/// (U+3000) or too near the word's end to tell. No whitespace is missed; CJK text, kana and
/// its punctuation included, has no candidate at all.
#[inline]
fn may_start_whitespace(word: u64) -> u64 {
    // Exact per byte: the high bit is set where the byte is zero.
    let zero = |w: u64| !(((w & !HIGH_BITS) + !HIGH_BITS) | w) & HIGH_BITS;
    let is = |byte: u8| zero(word ^ (LOW_BITS * u64::from(byte)));
    let below_21 = !(((word & !HIGH_BITS) + LOW_BITS * (0x80 - 0x21)) | word) & HIGH_BITS;
    let after_80 = is(0x80);
    let ideographic_space = is(0xE3) & ((after_80 >> 8 & after_80 >> 16) | HIGH_BITS << 48);
    below_21 | is(0xC2) | is(0xE1) | is(0xE2) | ideographic_space
}

/// What a byte of UTF-8 text says about the character it starts.
#[derive(Clone, Copy)]
enum Lead {
    /// Not whitespace, and this many bytes long (1 for continuation bytes, which a valid
    /// `str` never puts here).
    Step(u8),
    AsciiSpace,
    /// C2, E1, E2 or E3: the lead bytes of U+0085 and U+00A0, U+1680, U+2000..U+205F and
    /// U+3000, the only non-ASCII whitespace.
    MaySpace,
}

const LEAD: [Lead; 256] = {
    let mut table = [Lead::Step(1); 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            0x00..=0x7F if (b as u8 as char).is_whitespace() => Lead::AsciiSpace,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => Lead::MaySpace,
            0xC0..=0xDF => Lead::Step(2),
            0xE0..=0xEF => Lead::Step(3),
            0xF0..=0xFF => Lead::Step(4),
            _ => Lead::Step(1),
        };
        b += 1;
    }
    table
};

/// The length of the whitespace character `bytes` starts with (its lead byte one of
/// [`Lead::MaySpace`]), or 0 when it is not whitespace. Unicode's White_Space beyond ASCII:
/// U+0085, U+00A0, U+1680, U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
#[inline]
fn whitespace_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Collects blocks one by one and tells which are copies.
///
/// Most blocks of most posts are unique, so a block is first known by its opening
/// [`MIN_CHARS`] characters only; its whole text is asked for (and hashed, and kept) only when
/// another block opens the same way. A post without repeats then costs a few dozen
/// characters per block instead of all of its text, and each block's whole text is still
/// built at most once, so the work stays linear however many blocks share an opening.
#[derive(Debug, Default)]
pub struct Detector {
    /// foldhash: several times faster than SipHash on long keys, and a collision costs only
    /// a comparison, since equal hashes are confirmed byte for byte.
    hasher: foldhash::fast::RandomState,
    /// Hash of an opening → the one first occurrence with it, or `None` once several blocks
    /// opened that way (they are then all in `by_text`).
    by_opening: HashMap<u64, Option<usize>, Keyed>,
    /// Hash of a whole text → first occurrences with that hash.
    by_text: HashMap<u64, Vec<usize>, Keyed>,
    /// The normalised text of the first occurrences in `by_text`, by block index (empty for
    /// the others).
    texts: Vec<String>,
    /// For each block: the first occurrence it copies, if it is a copy.
    copies: Vec<Option<usize>>,
    kinds: Vec<BlockKind>,
}

/// The maps' keys are hashes already: foldhash mixes them in a few instructions where
/// SipHash, the default, took a hundred per block.
type Keyed = foldhash::fast::FixedState;

/// A block's opening gathered from its text piece by piece: the first [`MIN_CHARS`]
/// characters of its normalised text, or all of them when it has fewer. It reads only a
/// little more of each piece than that takes (slices of three bytes per missing character:
/// exact for CJK text, a few dozen bytes over for ASCII), whatever the length of the block.
#[derive(Debug, Default)]
pub struct Opening {
    text: String,
    chars: usize,
}

impl Opening {
    pub fn clear(&mut self) {
        self.text.clear();
        self.chars = 0;
    }

    /// Adds the next piece of the block's text.
    pub fn push(&mut self, piece: &str) {
        let mut rest = piece;
        while self.chars < MIN_CHARS && !rest.is_empty() {
            let mut cut = rest.len().min(3 * (MIN_CHARS - self.chars));
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let before = self.text.len();
            normalise_into(&rest[..cut], &mut self.text);
            rest = &rest[cut..];
            for (at, _) in self.text[before..].char_indices() {
                if self.chars == MIN_CHARS {
                    self.text.truncate(before + at);
                    return;
                }
                self.chars += 1;
            }
        }
    }

    pub fn is_complete(&self) -> bool {
        self.chars == MIN_CHARS
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The first [`MIN_CHARS`] characters of a normalised text, or `None` when it is shorter.
pub fn opening(normalised: &str) -> Option<&str> {
    let (end, _) = normalised.char_indices().nth(MIN_CHARS - 1)?;
    let end = end + normalised[end..].chars().next().map_or(0, char::len_utf8);
    Some(&normalised[..end])
}

impl Detector {
    /// Adds the next block, its text already [`normalise`]d; returns the index of the block
    /// it copies, if it is a copy. Every text given this way is kept. A detector takes all
    /// its blocks through this or all through [`Detector::push_opening`].
    pub fn push(&mut self, kind: BlockKind, normalised: String) -> Option<usize> {
        if !kind.foldable() || opening(&normalised).is_none() {
            return self.push_unfoldable(kind);
        }
        self.kinds.push(kind);
        self.compare_whole(normalised)
    }

    /// Adds the next block by its opening ([`opening`] of its normalised text, or the whole
    /// text when shorter); `text(i, out)` appends the normalised text of block `i` (this one
    /// or an earlier one) to `out`, and is called only for blocks whose opening another block
    /// shares. Returns the index of the block it copies, if it is a copy.
    pub fn push_opening(
        &mut self,
        kind: BlockKind,
        opening: &str,
        mut text: impl FnMut(usize, &mut String),
    ) -> Option<usize> {
        if !kind.foldable() || opening.chars().nth(MIN_CHARS - 1).is_none() {
            return self.push_unfoldable(kind);
        }
        let index = self.copies.len();
        let hash = self.hasher.hash_one((kind.class(), opening));
        match self.by_opening.get(&hash).copied() {
            None => {
                self.by_opening.insert(hash, Some(index));
                self.kinds.push(kind);
                self.texts.push(String::new());
                self.copies.push(None);
                return None;
            }
            Some(Some(first)) => {
                // The first block that opened this way joins the comparison by whole text.
                self.by_opening.insert(hash, None);
                let mut whole = String::new();
                text(first, &mut whole);
                let whole_hash = self.hasher.hash_one((self.kinds[first].class(), &whole));
                self.by_text.entry(whole_hash).or_default().push(first);
                self.texts[first] = whole;
            }
            Some(None) => {}
        }
        let mut whole = String::new();
        text(index, &mut whole);
        self.kinds.push(kind);
        self.compare_whole(whole)
    }

    fn push_unfoldable(&mut self, kind: BlockKind) -> Option<usize> {
        self.kinds.push(kind);
        self.texts.push(String::new());
        self.copies.push(None);
        None
    }

    /// Files the next block (its kind already pushed) by its whole normalised text.
    fn compare_whole(&mut self, normalised: String) -> Option<usize> {
        let index = self.copies.len();
        let class = self.kinds[index].class();
        let hash = self.hasher.hash_one((class, &normalised));
        let candidates = self.by_text.entry(hash).or_default();
        let kinds = &self.kinds;
        let original = candidates
            .iter()
            .copied()
            .find(|&i| kinds[i].class() == class && self.texts[i] == normalised);
        match original {
            Some(first) => {
                self.texts.push(String::new());
                self.copies.push(Some(first));
            }
            None => {
                candidates.push(index);
                self.texts.push(normalised);
                self.copies.push(None);
            }
        }
        original
    }

    /// How many blocks were pushed.
    pub fn len(&self) -> usize {
        self.copies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.copies.is_empty()
    }

    /// The copies, grouped into runs of consecutive blocks.
    pub fn runs(&self) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for (index, copy) in self.copies.iter().enumerate() {
            let Some(first) = *copy else { continue };
            let paragraph = self.kinds[index] == BlockKind::Paragraph;
            match runs.last_mut() {
                Some(run) if run.blocks.end == index => {
                    run.blocks.end += 1;
                    run.all_paragraphs &= paragraph;
                }
                _ => runs.push(Run {
                    blocks: index..index + 1,
                    first,
                    all_paragraphs: paragraph,
                }),
            }
        }
        runs
    }

    /// For each block pushed, whether it is a copy.
    pub fn is_copy(&self, index: usize) -> bool {
        self.copies.get(index).is_some_and(Option::is_some)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn paragraph(n: usize) -> String {
        format!(
            "段落{n}はそれぞれ違う文章で、折り畳みの閾値を十分に超える長さを持っています。番号{n}の段落です。"
        )
    }

    fn detect(blocks: &[(BlockKind, String)]) -> Detector {
        let mut detector = Detector::default();
        for (kind, text) in blocks {
            detector.push(*kind, normalise(text));
        }
        detector
    }

    #[test]
    fn a_run_of_copies_is_one_run_pointing_at_the_first_copied_block() {
        let p: Vec<(BlockKind, String)> = [0, 1, 2, 0, 1, 3, 2]
            .iter()
            .map(|&n| (BlockKind::Paragraph, paragraph(n)))
            .collect();
        let runs = detect(&p).runs();
        assert_eq!(
            runs.iter()
                .map(|r| (r.blocks.clone(), r.first))
                .collect::<Vec<_>>(),
            [(3..5, 0), (6..7, 2)]
        );
    }

    #[test]
    fn short_blocks_and_code_are_never_folded() {
        let code = "let value = compute_something_long(argument_one, argument_two);";
        let blocks = [
            (BlockKind::Paragraph, "---END---".to_string()),
            (BlockKind::Paragraph, "続く".to_string()),
            (BlockKind::Code, code.to_string()),
            (BlockKind::Paragraph, "---END---".to_string()),
            (BlockKind::Paragraph, "続く".to_string()),
            (BlockKind::Code, code.to_string()),
        ];
        assert!(detect(&blocks).runs().is_empty());
    }

    #[test]
    fn whitespace_and_line_breaks_do_not_tell_copies_apart() {
        let a = "The same paragraph, wrapped\nat one width in the first draft.";
        let b = "The same paragraph,\nwrapped at one width in the first   draft.";
        let blocks = [
            (BlockKind::Paragraph, a.to_string()),
            (BlockKind::Paragraph, b.to_string()),
        ];
        assert_eq!(detect(&blocks).runs().len(), 1);
    }

    #[test]
    fn normalising_drops_every_kind_of_whitespace_and_nothing_else() {
        let text = "a b\tc\nd\u{3000}e\u{A0}f\u{2003}g\u{85}h\u{1680}i　あア、\u{2010}€";
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(normalise(text), expected);
    }

    /// Every character of Unicode, between two others: dropped exactly when it is
    /// whitespace, so the lead-byte table and the byte patterns miss nothing.
    #[test]
    fn normalising_agrees_with_the_whitespace_property_for_every_character() {
        let mut text = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            text.clear();
            text.extend(['a', c, 'b']);
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(normalise(&text), expected, "{c:?}");
        }
    }

    /// Every whitespace character, and the characters that share its lead bytes, at every
    /// offset of an eight-byte word and across the words' edges, in CJK and ASCII text.
    #[test]
    fn normalising_finds_whitespace_at_every_offset() {
        let near = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| {
            c.is_whitespace()
                || matches!(c.len_utf8(), 2 | 3) && {
                    let mut lead = [0; 4];
                    c.encode_utf8(&mut lead);
                    matches!(lead[0], 0xC2 | 0xE1 | 0xE2 | 0xE3)
                }
        });
        for c in near {
            for pad in 0..17 {
                for filler in ["a", "漢", "\u{3000}"] {
                    let text = format!("{}{c}{}{c}", "x".repeat(pad), filler.repeat(9));
                    let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                    assert_eq!(normalise(&text), expected, "{c:?} after {pad}");
                }
            }
        }
    }

    /// `text` in pieces, cut before the characters numbered `cuts` (in any order; past
    /// the end is the end).
    pub(crate) fn cut_at(text: &str, mut cuts: Vec<usize>) -> Vec<&str> {
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut start = 0;
        for cut in cuts {
            let cut = text
                .char_indices()
                .nth(cut)
                .map_or(text.len(), |(at, _)| at);
            pieces.push(&text[start..cut]);
            start = cut;
        }
        pieces.push(&text[start..]);
        pieces
    }

    fn summary(pieces: &[&str]) -> Summary {
        let mut summary = Summary::default();
        for piece in pieces {
            summary.add(piece);
        }
        summary
    }

    fn summary_by_character(text: &str) -> Summary {
        let mut summary = Summary::default();
        summary.add_by_character(text);
        summary
    }

    /// Many chunks, and the rest cut anywhere.
    #[test]
    fn a_long_text_is_summed_as_character_by_character() {
        let text = "長い段落の文章 with words and 漢字、かな。".repeat(5_000);
        assert_eq!(summary(&[&text]), summary_by_character(&text));
        let half = text.len() / 2 + 1;
        let cut = (half..).find(|&at| text.is_char_boundary(at)).unwrap();
        assert_eq!(
            summary(&[&text[..cut], &text[cut..]]),
            summary_by_character(&text)
        );
    }

    #[test]
    fn a_summary_tells_words_in_another_order_apart() {
        let text = "the same words in another order";
        let other = "order another in words same the";
        assert_ne!(summary(&[text]), summary(&[other]));
        assert_ne!(
            summary(&["段落の順序が違う"]),
            summary(&["順序が違う段落の"])
        );
    }

    #[test]
    fn some_different_texts_share_a_summary() {
        // Why the skim hashes the texts of blocks that share one (the skim's tests use these).
        let base = "Two paragraphs of the same letters, placed so that their sums agree: ";
        let (abba, baab) = (format!("{base}abba"), format!("{base}baab"));
        assert_eq!(summary(&[&abba]), summary(&[&baab]));
    }

    #[test]
    fn a_summary_counts_what_normalise_keeps() {
        for text in [
            "",
            " ",
            "a b",
            "全角\u{3000}空白",
            "x\u{A0}y\u{2028}z\u{205F}w\u{85}v",
            "tab\tend\r\n",
        ] {
            assert_eq!(
                summary(&[text]).chars,
                normalise(text).chars().count(),
                "{text:?}"
            );
            assert_eq!(summary(&[text]), summary(&[&normalise(text)]), "{text:?}");
        }
    }

    proptest! {
        /// The vector code sums what the character-by-character code sums, however the
        /// text comes in pieces and whatever whitespace it holds.
        #[test]
        fn the_vector_summary_is_the_summary_by_character(
            text in "[a-c あ漢\u{3000}\u{A0}\u{2009}\u{2019}\u{1680}\u{85}\t\n]{0,120}|\\PC{0,80}",
            cuts in proptest::collection::vec(0usize..120, 0..5),
        ) {
            prop_assert_eq!(summary(&cut_at(&text, cuts)), summary_by_character(&text));
        }

        /// Texts equal without their whitespace have equal summaries, however the
        /// whitespace falls.
        #[test]
        fn whitespace_does_not_change_a_summary(
            words in proptest::collection::vec("[a-zあ漢。]{1,12}", 1..20),
            spaces in proptest::collection::vec("[ \t\n\u{3000}\u{A0}\u{2003}]{0,3}", 20),
        ) {
            let joined: String = words.concat();
            let spaced: String = words
                .iter()
                .zip(&spaces)
                .map(|(word, space)| format!("{space}{word}"))
                .collect();
            prop_assert_eq!(summary(&[&spaced]), summary(&[&joined]));
            prop_assert_eq!(summary(&[&spaced]).chars, joined.chars().count());
        }

        /// The byte-level walk agrees with the plain rule on any text.
        #[test]
        fn normalise_agrees_with_dropping_whitespace_chars(text in "\\PC{0,80}|[ \u{3000}-\u{3010}\u{2000}-\u{2060}\u{A0}\u{85}a]{0,40}") {
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(normalise(&text), expected);
        }
    }

    proptest! {
        /// Knowing blocks by their opening finds exactly the copies that comparing whole texts
        /// finds, among blocks that share openings and differ only at the end, and asks for
        /// each block's whole text at most once.
        #[test]
        fn knowing_blocks_by_their_opening_finds_the_same_copies(
            order in proptest::collection::vec((0usize..4, 0usize..3), 0..40),
        ) {
            let texts: Vec<String> = order
                .iter()
                .map(|&(opening, tail)| {
                    let opening = match opening {
                        0 => "短い",
                        _ => &paragraph(opening),
                    };
                    let tail = ["", "違う結びの言葉。", " and another ending"][tail];
                    format!("{opening}{tail}")
                })
                .collect();
            let mut whole = Detector::default();
            let mut by_opening = Detector::default();
            let mut asked = vec![0; texts.len()];
            for text in &texts {
                let normalised = normalise(text);
                whole.push(BlockKind::Paragraph, normalised.clone());
                let start = opening(&normalised).unwrap_or(&normalised);
                by_opening.push_opening(BlockKind::Paragraph, start, |i, out| {
                    asked[i] += 1;
                    out.push_str(&normalise(&texts[i]));
                });
            }
            prop_assert_eq!(whole.runs(), by_opening.runs());
            prop_assert!(asked.iter().all(|&n| n <= 1), "{:?}", asked);
        }
    }

    #[test]
    fn a_heading_repeats_only_a_heading() {
        let title = paragraph(3);
        let blocks = [
            // A table of contents, then the section it points at, then a summary of it.
            (BlockKind::ListItem, title.clone()),
            (BlockKind::Heading, title.clone()),
            (BlockKind::Paragraph, title.clone()),
            (BlockKind::Heading, title.clone()),
        ];
        let mut detector = Detector::default();
        let originals: Vec<Option<usize>> = blocks
            .iter()
            .map(|(kind, text)| detector.push(*kind, normalise(text)))
            .collect();
        assert_eq!(originals, [None, None, Some(0), Some(1)]);
    }

    proptest! {
        /// A block's opening, gathered piece by piece in short slices, is the first characters
        /// of its whole normalised text, whatever the pieces and their whitespace.
        #[test]
        fn the_opening_is_the_start_of_the_whole_text(
            pieces in proptest::collection::vec("[a あ漢\u{3000}\t\n]{0,30}|\\PC{0,50}", 0..6),
        ) {
            let mut opening = Opening::default();
            for piece in &pieces {
                opening.push(piece);
            }
            let whole = normalise(&pieces.concat());
            let expected: String = whole.chars().take(MIN_CHARS).collect();
            prop_assert_eq!(opening.as_str(), expected.as_str());
            prop_assert_eq!(opening.is_complete(), whole.chars().count() >= MIN_CHARS);
        }
    }

    #[test]
    fn a_code_block_between_copies_splits_the_run() {
        let blocks = [
            (BlockKind::Paragraph, paragraph(0)),
            (BlockKind::Paragraph, paragraph(1)),
            (BlockKind::Paragraph, paragraph(0)),
            (BlockKind::Code, "x".into()),
            (BlockKind::Paragraph, paragraph(1)),
        ];
        assert_eq!(detect(&blocks).runs().len(), 2);
    }

    proptest! {
        /// N distinct paragraphs, K of them copied again anywhere (in runs, interleaved):
        /// exactly the later copies are folded, never a block that appears once.
        #[test]
        fn exactly_the_later_copies_are_folded(
            order in proptest::collection::vec(0usize..12, 0..40),
        ) {
            let blocks: Vec<(BlockKind, String)> =
                order.iter().map(|&n| (BlockKind::Paragraph, paragraph(n))).collect();
            let detector = detect(&blocks);
            let mut seen = std::collections::HashSet::new();
            for (i, &n) in order.iter().enumerate() {
                let later_copy = !seen.insert(n);
                prop_assert_eq!(detector.is_copy(i), later_copy, "block {}", i);
            }
            let folded: usize = detector.runs().iter().map(|r| r.blocks.len()).sum();
            prop_assert_eq!(folded, order.len() - seen.len());
            for run in detector.runs() {
                prop_assert_eq!(order[run.first], order[run.blocks.start]);
                prop_assert!(!detector.is_copy(run.first));
                prop_assert!(run.first < run.blocks.start);
            }
        }
    }
}
