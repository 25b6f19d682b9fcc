//! Counting the words of plain ASCII text 64 bytes at a time. English prose changes state
//! every few bytes (a word, a space, a word), and a loop that branches at each change is
//! mispredicted at each one; here a block's words are found with bit masks instead. Each
//! byte is classified by two table lookups, one by each half of it (AVX2's byte shuffle),
//! which costs a few instructions for 32 bytes whatever the classes are.

use super::starts_url;
use std::arch::x86_64::*;

pub const BLOCK: usize = 64;

/// One block, a bit per byte (bit `k` for byte `k`).
struct Masks {
    /// Not ASCII, or (with `TO_MARKUP`) a byte that may start markup: where the block ends.
    stop: u64,
    /// Letters and digits: they start a word.
    alnum: u64,
    /// Bytes a word goes on through without one starting at them (`'`, `-`, `.`, …).
    join: u64,
    /// `h` and `w`, which at the start of a word may start a URL.
    h_or_w: u64,
}

/// Counts the words of `bytes[at..]` while it is ASCII, and stops at a byte that is not, at
/// a byte that may start markup (with `TO_MARKUP`), at a URL, or at the end. Returns where
/// it stopped; `in_word` is the state there, as [`super::TextCounter`] keeps it. Text
/// shorter than a block is left alone (the walk returns `at`).
#[target_feature(enable = "avx2")]
pub fn walk<const TO_MARKUP: bool>(
    bytes: &[u8],
    mut at: usize,
    in_word: &mut bool,
    words: &mut usize,
) -> usize {
    if bytes.len() < BLOCK {
        return at;
    }
    while at < bytes.len() {
        // The last block is the text's last 64 bytes, moved down past those already
        // counted: nothing is read outside the text, and nothing is copied.
        let from = at.min(bytes.len() - BLOCK);
        let block = bytes[from..]
            .first_chunk::<BLOCK>()
            .expect("the text is a block long");
        let mut masks = classify::<TO_MARKUP>(block);
        let counted = at - from;
        if counted > 0 {
            masks = Masks {
                stop: masks.stop >> counted | !(u64::MAX >> counted),
                alnum: masks.alnum >> counted,
                join: masks.join >> counted,
                h_or_w: masks.h_or_w >> counted,
            };
        }
        let mut reach = masks.stop.trailing_zeros() as usize;
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
            if starts_url(bytes[at + k], &bytes[at + k + 1..]) {
                reach = k;
                break;
            }
            may_be_url &= may_be_url - 1;
        }
        *words += (starts & below(reach)).count_ones() as usize;
        if reach > 0 {
            *in_word = inside >> (reach - 1) & 1 == 1;
        }
        at += reach;
        if reach < BLOCK {
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

#[target_feature(enable = "avx2")]
fn classify<const TO_MARKUP: bool>(block: &[u8; BLOCK]) -> Masks {
    let mut masks = Masks {
        stop: 0,
        alnum: 0,
        join: 0,
        h_or_w: 0,
    };
    let table = |t: &[u8; 16]| {
        // SAFETY: sixteen readable bytes, loaded unaligned.
        let half = unsafe { _mm_loadu_si128(t.as_ptr().cast()) };
        _mm256_broadcastsi128_si256(half)
    };
    let (word_lows, word_highs) = (table(&WORD_TABLES.0), table(&WORD_TABLES.1));
    let (markup_lows, markup_highs) = (table(&MARKUP_TABLES.0), table(&MARKUP_TABLES.1));
    let low_half = _mm256_set1_epi8(0x0F);
    for (half, lanes) in block.chunks_exact(32).enumerate() {
        // SAFETY: `lanes` is 32 readable bytes, and an unaligned load reads just those.
        let v = unsafe { _mm256_loadu_si256(lanes.as_ptr().cast()) };
        let lows = _mm256_and_si256(v, low_half);
        // Bytes beyond ASCII have a high half of 8 or more, whose entries are all zero.
        let highs = _mm256_and_si256(_mm256_srli_epi16::<4>(v), low_half);
        let lookup =
            |(l, h)| _mm256_and_si256(_mm256_shuffle_epi8(l, lows), _mm256_shuffle_epi8(h, highs));
        let word = lookup((word_lows, word_highs));
        let shift = 32 * half;
        let bits = |v| u64::from(_mm256_movemask_epi8(v) as u32) << shift;
        let any = |classes: __m256i, of: u8| {
            let none = _mm256_cmpeq_epi8(
                _mm256_and_si256(classes, _mm256_set1_epi8(of as i8)),
                _mm256_setzero_si256(),
            );
            !bits(none) & u64::from(u32::MAX) << shift
        };
        masks.alnum |= any(word, ALNUM_BITS);
        masks.join |= any(word, JOIN_BITS);
        masks.h_or_w |= any(word, H_OR_W_BITS);
        masks.stop |= bits(v);
        if TO_MARKUP {
            masks.stop |= any(lookup((markup_lows, markup_highs)), u8::MAX);
        }
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::super::{ASCII_CONTINUES_WORD, SPECIAL};
    use super::*;

    /// The vectors classify every byte as the counter's tables do.
    #[test]
    fn masks_agree_with_the_tables() {
        if !is_x86_feature_detected!("avx2") {
            return;
        }
        for first in (0..=255u8).step_by(BLOCK) {
            let block: [u8; BLOCK] = std::array::from_fn(|k| first + k as u8);
            // SAFETY: AVX2 is there, checked above.
            let (to_markup, whole) =
                unsafe { (classify::<true>(&block), classify::<false>(&block)) };
            for (k, &b) in block.iter().enumerate() {
                let bit = |mask: u64| mask >> k & 1 == 1;
                let alnum = b.is_ascii_alphanumeric();
                assert_eq!(
                    bit(to_markup.stop),
                    !b.is_ascii() || SPECIAL[usize::from(b)],
                    "{b:#x}"
                );
                assert_eq!(bit(whole.stop), !b.is_ascii(), "{b:#x}");
                for masks in [&to_markup, &whole] {
                    assert_eq!(bit(masks.alnum), alnum, "{b:#x}");
                    let join = ASCII_CONTINUES_WORD[usize::from(b)] && !alnum;
                    assert_eq!(bit(masks.join), join, "{b:#x}");
                    assert_eq!(bit(masks.h_or_w), b"hHwW".contains(&b), "{b:#x}");
                }
            }
        }
    }
}
