//! Running a library that may panic on what a post gives it (liquid-core on a template,
//! the image decoders on a file) so that its panic becomes a problem to report: caught,
//! and kept from the panic hooks (the reader's restores the terminal, the default one
//! prints to the screen the reader is drawing on).

use std::cell::Cell;

thread_local! {
    /// Set while contained code runs on this thread: a panic then is caught by [`contain`].
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the panic under way is one [`contain`] catches: a panic hook must then do
/// nothing.
pub fn panic_is_contained() -> bool {
    CONTAINED.get()
}

/// Runs `run`, turning a panic into its message. Nothing `run` touched may outlive the
/// call, so that a broken invariant inside it cannot leak out.
pub fn contain<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_is_contained() {
                previous(info);
            }
        }));
    });
    let outer = CONTAINED.replace(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    CONTAINED.set(outer);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}
