//! The `opener` setting: a program, or a program and its first arguments; anything else is
//! an error naming the line, and `--print-config` writes it back as it was given.

use std::path::Path;

use kiji::config::{parse, to_toml};
use kiji::ui::keymap::CONFIG_SCHEMA;

#[test]
fn opener_takes_a_program_or_a_program_with_arguments() {
    let file = Path::new("config.toml");
    let loaded = parse("opener = \"firefox\"\n", file, &CONFIG_SCHEMA).unwrap();
    assert_eq!(loaded.config.opener, ["firefox"]);
    let loaded = parse(
        "opener = [\"/usr/bin/my browser\", \"--new-tab\"]\n",
        file,
        &CONFIG_SCHEMA,
    )
    .unwrap();
    assert_eq!(
        loaded.config.opener,
        ["/usr/bin/my browser", "--new-tab"],
        "never split on spaces"
    );
    let printed = to_toml(&loaded.config, &CONFIG_SCHEMA);
    let again = parse(&printed, file, &CONFIG_SCHEMA).unwrap();
    assert_eq!(again.config.opener, loaded.config.opener);
    assert!(
        parse("", file, &CONFIG_SCHEMA)
            .unwrap()
            .config
            .opener
            .is_empty()
    );
}

#[test]
fn an_opener_that_is_not_a_command_is_an_error_at_its_line() {
    let file = Path::new("config.toml");
    for text in [
        "opener = 3\n",
        "opener = []\n",
        "opener = [\"\"]\n",
        "opener = [\"x\", 1]\n",
    ] {
        let err = parse(&format!("theme = \"dark\"\n{text}"), file, &CONFIG_SCHEMA).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("config.toml:2:10: opener: expected a program"),
            "{text:?}: {err}"
        );
    }
}
