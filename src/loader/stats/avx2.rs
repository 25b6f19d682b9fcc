//! Counting the text of a post 64 bytes at a time. English prose changes state every few
//! bytes (a word, a space, a word), Japanese between kana and kanji at nearly every
//! character, Korean at every space; a loop that branches at each change is mispredicted at
//! each one. Here a block's words and characters are found with bit masks instead. Each
//! ASCII byte is classified by two table lookups, one by each half of it (AVX2's byte
//! shuffle); the characters that make up most CJK text (ideographs, kana, Hangul syllables)
//! are known by comparing each byte with the two after it, a few instructions for 32 bytes
//! whatever the classes are. Any other character beyond ASCII is decoded and classified one
//! at a time, as the general loop does.

use super::{CharClass, class_of, decode, starts_url};
use std::arch::x86_64::*;

pub const BLOCK: usize = 64;

/// The bytes after a block that are read with it: the rest of a character starting at its
/// end, which the vectors compare with its first byte.
const AFTER: usize = 2;

/// One block, a bit per byte (bit `k` for byte `k`).
struct Masks {
    /// A byte that may start markup (with `TO_MARKUP`): where the walk stops.
    stop: u64,
    /// Letters and digits (Hangul syllables and other letters beyond ASCII included, all of
    /// their bytes): they start a word.
    alnum: u64,
    /// Bytes a word goes on through without one starting at them (`'`, `-`, `.`, and all
    /// bytes of quotes, marks and symbols beyond ASCII).
    join: u64,
    /// `h` and `w`, which at the start of a word may start a URL.
    h_or_w: u64,
    /// The first byte of each character counted one by one (ideographs and kana).
    counted: u64,
    /// How many of the block's bytes the masks describe: 64, unless the text ends sooner
    /// or a character runs past the block's end (the next block starts with it).
    len: usize,
}

/// Counts the words and CJK characters of `bytes[at..]` (`at` the start of a character),
/// and stops at a byte that may start markup (with `TO_MARKUP`), at a URL, or at the end.
/// Returns where it stopped; `in_word` is the state there, as [`super::TextCounter`] keeps
/// it. Text of any length is counted (the last block is a copy), but the caller leaves short
/// texts to the general loop.
#[target_feature(enable = "avx2")]
pub fn walk<const TO_MARKUP: bool>(
    bytes: &[u8],
    mut at: usize,
    in_word: &mut bool,
    words: &mut usize,
    cjk_chars: &mut usize,
) -> usize {
    while at < bytes.len() {
        let text = &bytes[at..];
        let masks = match text.first_chunk::<{ BLOCK + AFTER }>() {
            Some(window) => classify::<TO_MARKUP>(window, text),
            // The text's last bytes, copied into zeros: nothing is read outside the text.
            None => {
                let mut window = [0; BLOCK + AFTER];
                window[..text.len()].copy_from_slice(text);
                classify::<TO_MARKUP>(&window, text)
            }
        };
        let mut reach = (masks.stop.trailing_zeros() as usize).min(masks.len);
        let word_bytes = masks.alnum | masks.join;
        // Joining bytes outside a word: those after a byte that ends one (or after the
        // block's start, outside a word), and the run of joining bytes that follows each.
        // Adding a run's first bit to the run carries through it and clears it.
        let seeds = masks.join & (!word_bytes << 1 | u64::from(!*in_word));
        let outside = masks.join & !masks.join.wrapping_add(seeds);
        let inside = word_bytes & !outside;
        let starts = masks.alnum & !(inside << 1 | u64::from(*in_word));
        let mut may_be_url = starts & masks.h_or_w & below(reach);
        while may_be_url != 0 {
            let k = may_be_url.trailing_zeros() as usize;
            if starts_url(text[k], &text[k + 1..]) {
                reach = k;
                break;
            }
            may_be_url &= may_be_url - 1;
        }
        *words += (starts & below(reach)).count_ones() as usize;
        *cjk_chars += (masks.counted & below(reach)).count_ones() as usize;
        if reach > 0 {
            *in_word = inside >> (reach - 1) & 1 == 1;
        }
        at += reach;
        if reach < masks.len {
            break;
        }
    }
    at
}

/// The bits below bit `n`.
fn below(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// A class of bytes as a union of products: bytes whose high half is one of `highs` and
/// whose low half is one of `lows`, for each pair. Each pair takes a bit of the tables.
struct Class {
    products: &'static [(&'static [u8], &'static [u8])],
}

/// Letters and digits.
const ALNUM: Class = Class {
    products: &[
        (&[3], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (
            &[4, 6],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        ),
        (&[5, 7], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ],
};

/// `#$%'-.@^_` and the backtick: [`super::ASCII_CONTINUES_WORD`] without letters and digits.
const JOIN: Class = Class {
    products: &[
        (&[2], &[3, 4, 5, 7, 13, 14]),
        (&[4, 6], &[0]),
        (&[5], &[14, 15]),
    ],
};

const H_OR_W: Class = Class {
    products: &[(&[4, 6], &[8]), (&[5, 7], &[7])],
};

/// `\n*!&<\\[]_`~`: [`super::SPECIAL`].
const MARKUP: Class = Class {
    products: &[
        (&[0, 2], &[10]),
        (&[2], &[1, 6]),
        (&[3, 5], &[12]),
        (&[5], &[11, 13, 15]),
        (&[6], &[0]),
        (&[7], &[14]),
    ],
};

/// The bits that each class takes in the tables.
const ALNUM_BITS: u8 = 0b0000_0111;
const JOIN_BITS: u8 = 0b0011_1000;
const H_OR_W_BITS: u8 = 0b1100_0000;

/// Tables by low half and by high half: bit `k` of a byte's two entries are both set when
/// the byte is in the `k`th product of `classes`, taken in order.
const fn tables(classes: &[&Class]) -> ([u8; 16], [u8; 16]) {
    let (mut lows, mut highs) = ([0; 16], [0; 16]);
    let mut bit = 0;
    let mut c = 0;
    while c < classes.len() {
        let mut p = 0;
        while p < classes[c].products.len() {
            let (hs, ls) = classes[c].products[p];
            let mut k = 0;
            while k < hs.len() {
                highs[hs[k] as usize] |= 1 << bit;
                k += 1;
            }
            k = 0;
            while k < ls.len() {
                lows[ls[k] as usize] |= 1 << bit;
                k += 1;
            }
            bit += 1;
            p += 1;
        }
        c += 1;
    }
    (lows, highs)
}

const WORD_TABLES: ([u8; 16], [u8; 16]) = tables(&[&ALNUM, &JOIN, &H_OR_W]);
const MARKUP_TABLES: ([u8; 16], [u8; 16]) = tables(&[&MARKUP]);

/// The masks of the block at the start of `window`, which holds the first bytes of `text`
/// (zeros after them where the text is shorter than the window).
#[target_feature(enable = "avx2")]
fn classify<const TO_MARKUP: bool>(window: &[u8; BLOCK + AFTER], text: &[u8]) -> Masks {
    let mut masks = Masks {
        stop: 0,
        alnum: 0,
        join: 0,
        h_or_w: 0,
        counted: 0,
        len: text.len().min(BLOCK),
    };
    let table = |t: &[u8; 16]| {
        // SAFETY: sixteen readable bytes, loaded unaligned.
        let half = unsafe { _mm_loadu_si128(t.as_ptr().cast()) };
        _mm256_broadcastsi128_si256(half)
    };
    let (word_lows, word_highs) = (table(&WORD_TABLES.0), table(&WORD_TABLES.1));
    let (markup_lows, markup_highs) = (table(&MARKUP_TABLES.0), table(&MARKUP_TABLES.1));
    let low_half = _mm256_set1_epi8(0x0F);
    let mut beyond_ascii = 0;
    for half in [0, 32] {
        let v = load(window, half);
        let lows = _mm256_and_si256(v, low_half);
        // Bytes beyond ASCII have a high half of 8 or more, whose entries are all zero.
        let highs = _mm256_and_si256(_mm256_srli_epi16::<4>(v), low_half);
        let lookup =
            |(l, h)| _mm256_and_si256(_mm256_shuffle_epi8(l, lows), _mm256_shuffle_epi8(h, highs));
        let word = lookup((word_lows, word_highs));
        let any = |classes: __m256i, of: u8| {
            let none = _mm256_cmpeq_epi8(
                _mm256_and_si256(classes, _mm256_set1_epi8(of as i8)),
                _mm256_setzero_si256(),
            );
            !bits(none, half) & u64::from(u32::MAX) << half
        };
        masks.alnum |= any(word, ALNUM_BITS);
        masks.join |= any(word, JOIN_BITS);
        masks.h_or_w |= any(word, H_OR_W_BITS);
        beyond_ascii |= bits(v, half);
        if TO_MARKUP {
            masks.stop |= any(lookup((markup_lows, markup_highs)), u8::MAX);
        }
    }
    if beyond_ascii != 0 {
        add_beyond_ascii(window, text, &mut masks);
    }
    masks
}

/// Adds the characters beyond ASCII to `masks`. Ideographs, kana and Hangul syllables are
/// told by their first bytes, 32 characters' worth at a time; the rest (punctuation, quotes,
/// other scripts) are decoded one by one.
#[target_feature(enable = "avx2")]
fn add_beyond_ascii(window: &[u8; BLOCK + AFTER], text: &[u8], masks: &mut Masks) {
    let (mut first_bytes, mut counted, mut hangul) = (0, 0, 0);
    for half in [0, 32] {
        let (b0, b1, b2) = (
            load(window, half),
            load(window, half + 1),
            load(window, half + 2),
        );
        // Bytes from 80 up compare as negative numbers, in their order.
        let is = |v, byte: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(byte as i8));
        let over = |v, byte: u8| _mm256_cmpgt_epi8(v, _mm256_set1_epi8(byte as i8));
        let under = |v, byte: u8| _mm256_cmpgt_epi8(_mm256_set1_epi8(byte as i8), v);
        let (and, or) = (|a, b| _mm256_and_si256(a, b), |a, b| _mm256_or_si256(a, b));
        // `_mm256_andnot_si256(a, b)` is `b` and not `a`.
        let but = |b, a| _mm256_andnot_si256(a, b);
        // U+3040..U+30FF: the kana but U+3040, U+3097..U+30A0 (unassigned, sound marks,
        // ゠) and the middle dot U+30FB; then U+3400.. (extension A).
        let kana = or(
            or(
                but(is(b1, 0x81), is(b2, 0x80)),
                but(is(b1, 0x82), and(over(b2, 0x96), under(b2, 0xA1))),
            ),
            or(but(is(b1, 0x83), is(b2, 0xBB)), over(b1, 0x8F)),
        );
        // U+4000..U+9FFF: ideographs but the hexagrams U+4DC0..U+4DFF (E4 B7).
        let ideographs = or(
            and(over(b0, 0xE4), under(b0, 0xEA)),
            but(is(b0, 0xE4), is(b1, 0xB7)),
        );
        // U+AC00..U+D77F of the syllables U+AC00..U+D7A3.
        let syllables = or(
            or(
                and(is(b0, 0xEA), over(b1, 0xAF)),
                and(over(b0, 0xEA), under(b0, 0xED)),
            ),
            and(is(b0, 0xED), under(b1, 0x9E)),
        );
        // C0.. (ASCII, positive, compares over BF too: the top bit tells them apart).
        first_bytes |= bits(and(over(b0, 0xBF), b0), half);
        counted |= bits(or(ideographs, and(is(b0, 0xE3), kana)), half);
        hangul |= bits(syllables, half);
    }
    // A character that may run past the block (one starting in its last three bytes)
    // starts the next block instead, where the text goes on.
    if text.len() > BLOCK {
        let last_three = first_bytes & !below(BLOCK - 3);
        masks.len = (last_three.trailing_zeros() as usize).min(BLOCK);
    }
    masks.counted |= counted;
    masks.alnum |= hangul | hangul << 1 | hangul << 2;
    let mut others = first_bytes & !(counted | hangul) & below(masks.len);
    while others != 0 {
        let k = others.trailing_zeros() as usize;
        let (code, len) = decode(text, k);
        let bytes = below(len) << k;
        match class_of(code) {
            CharClass::Counted => masks.counted |= 1 << k,
            CharClass::Breaks => {}
            CharClass::Letter => masks.alnum |= bytes,
            CharClass::Neutral => masks.join |= bytes,
        }
        others &= others - 1;
    }
}

/// Thirty-two bytes of `window` from `at`.
#[target_feature(enable = "avx2")]
fn load(window: &[u8; BLOCK + AFTER], at: usize) -> __m256i {
    let lanes = &window[at..at + 32];
    // SAFETY: `lanes` is 32 readable bytes, and an unaligned load reads just those.
    unsafe { _mm256_loadu_si256(lanes.as_ptr().cast()) }
}

/// The top bits of the bytes of `v`, the 32 bits of the block's `half` (0 or 32).
#[target_feature(enable = "avx2")]
fn bits(v: __m256i, half: usize) -> u64 {
    u64::from(_mm256_movemask_epi8(v) as u32) << half
}

#[cfg(test)]
mod tests {
    use super::super::{ASCII_CONTINUES_WORD, SPECIAL};
    use super::*;

    /// The vectors classify every ASCII byte as the counter's tables do.
    #[test]
    fn masks_agree_with_the_tables() {
        if !is_x86_feature_detected!("avx2") {
            return;
        }
        for first in (0..128u8).step_by(BLOCK) {
            let window: [u8; BLOCK + AFTER] = std::array::from_fn(|k| (first + k as u8) & 0x7F);
            // SAFETY: AVX2 is there, checked above.
            let (to_markup, whole) = unsafe {
                (
                    classify::<true>(&window, &window),
                    classify::<false>(&window, &window),
                )
            };
            for (k, &b) in window[..BLOCK].iter().enumerate() {
                let bit = |mask: u64| mask >> k & 1 == 1;
                let alnum = b.is_ascii_alphanumeric();
                assert_eq!(bit(to_markup.stop), SPECIAL[usize::from(b)], "{b:#x}");
                assert!(!bit(whole.stop), "{b:#x}");
                for masks in [&to_markup, &whole] {
                    assert_eq!(bit(masks.alnum), alnum, "{b:#x}");
                    let join = ASCII_CONTINUES_WORD[usize::from(b)] && !alnum;
                    assert_eq!(bit(masks.join), join, "{b:#x}");
                    assert_eq!(bit(masks.h_or_w), b"hHwW".contains(&b), "{b:#x}");
                    assert_eq!((masks.counted, masks.len), (0, BLOCK));
                }
            }
        }
    }
}
