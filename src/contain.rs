//! Panics of third-party parsers, caught where they run. liquid-core and syntect reach
//! `expect`s and index panics on inputs their authors did not foresee (the fuzzers keep
//! finding liquid-core's); a post is not worth a crash, so their calls are wrapped here and
//! a panic becomes an error the caller reports. Nothing such a call touched outlives it, so a
//! broken invariant inside it cannot leak out.
//!
//! Panic hooks (the reader's restores the terminal) must leave a contained panic alone:
//! [`panic_is_contained`] tells them.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while a contained call runs on this thread: a panic then is that call's.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the panic under way is inside [`contain`], which catches it.
pub fn panic_is_contained() -> bool {
    CONTAINED.get()
}

/// Runs `run`, turning a panic into its message.
pub fn contain<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !panic_is_contained() {
                previous(info);
            }
        }));
    });
    let outer = CONTAINED.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(run));
    CONTAINED.set(outer);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_the_flag_is_cleared() {
        assert_eq!(contain(|| 7), Ok(7));
        let caught = contain(|| -> u8 { panic!("grammar ensures {}", 1) });
        assert_eq!(caught, Err("grammar ensures 1".to_string()));
        assert!(!panic_is_contained());
    }

    #[test]
    fn the_flag_is_set_inside() {
        assert_eq!(contain(panic_is_contained), Ok(true));
    }
}
