//! A count of the bytes the front matter readers go over, kept in test builds only, so the
//! tests can prove a reader linear by counting its work instead of timing it (a busy machine
//! makes any time limit either flaky or too loose to catch a square). Per thread, so tests
//! running side by side do not add to each other's counts.

use std::cell::Cell;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

pub fn add(bytes: usize) {
    BYTES.with(|count| count.set(count.get() + bytes));
}

pub fn reset() {
    BYTES.with(|count| count.set(0));
}

/// The bytes counted on this thread since the last [`reset`].
pub fn done() -> usize {
    BYTES.with(Cell::get)
}
