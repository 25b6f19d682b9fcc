//! The config parser on arbitrary text: a config is loaded or rejected with errors placed in
//! the file, never a panic; and a loaded config prints (`--print-config`) to a file that
//! parses back to the same configuration, as `config::print` promises.
#![no_main]

use std::path::Path;

use kiji::ui::keymap::CONFIG_SCHEMA;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("config.toml");
    match kiji::config::parse(text, file, &CONFIG_SCHEMA) {
        Ok(loaded) => {
            let printed = kiji::config::to_toml(&loaded.config, &CONFIG_SCHEMA);
            let again = kiji::config::parse(&printed, file, &CONFIG_SCHEMA)
                .unwrap_or_else(|e| panic!("printed config does not load: {e}\n{printed}"));
            assert_eq!(again.config, loaded.config, "{printed}");
        }
        Err(err) => {
            let _ = err.to_string();
        }
    }
});
