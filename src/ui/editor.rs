//! The editor `e` runs: which one (`$VISUAL`, else `$EDITOR`, else `vi`), with `+LINE` for
//! the editors that take it, and how it is started without ever putting the post's path
//! inside a shell string. Running it, with the terminal given back meanwhile, is the event
//! loop's job (`terminal`).

use std::process::Command;

use super::app::EditRequest;

/// Editors that take `+LINE` before the file to open it at that line.
const PLUS_LINE_EDITORS: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "gvim",
    "view",
    "ex",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "kak",
    "micro",
    "ne",
    "joe",
    "jed",
    "mg",
    "helix",
];

/// The editor for `request`: `$VISUAL`, else `$EDITOR`, else `vi`, given `+LINE` when it is
/// one that takes it, and the path as an argument of its own. A setting made of plain words
/// (`code --wait`) is split on whitespace; one with quotes or other shell syntax goes to
/// `sh -c '$EDITOR "$@"'` with the path as a positional argument, as git does: the path is
/// never put inside a shell string. Returns the editor's name for messages, and the command.
pub fn editor_command(request: &EditRequest) -> (String, Command) {
    let setting = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    editor_command_for(&setting, request)
}

fn editor_command_for(setting: &str, request: &EditRequest) -> (String, Command) {
    let plain = setting
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || "-_./+=:,@%".contains(c));
    let words: Vec<&str> = setting.split_whitespace().collect();
    let program = words.first().copied().unwrap_or("vi").to_owned();
    let name = std::path::Path::new(&program)
        .file_name()
        .map_or_else(|| program.clone(), |n| n.to_string_lossy().into_owned());
    let mut arguments = Vec::new();
    if PLUS_LINE_EDITORS.contains(&name.as_str()) {
        arguments.push(std::ffi::OsString::from(format!("+{}", request.line)));
    }
    arguments.push(request.path.clone().into_os_string());
    let command = if plain {
        let mut command = Command::new(&program);
        command.args(&words[1..]).args(arguments);
        command
    } else {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{setting} \"$@\""))
            .arg(setting)
            .args(arguments);
        command
    };
    (name, command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(command: &Command) -> Vec<String> {
        std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_plain_editor_setting_is_split_and_given_the_line_when_it_takes_one() {
        let request = EditRequest {
            path: "posts/a b;rm -rf ~.md".into(),
            line: 12,
        };
        let (name, command) = editor_command_for("/usr/bin/vim -n", &request);
        assert_eq!(name, "vim");
        assert_eq!(
            arguments(&command),
            ["/usr/bin/vim", "-n", "+12", "posts/a b;rm -rf ~.md"]
        );
        let (_, command) = editor_command_for("code --wait", &request);
        assert_eq!(
            arguments(&command),
            ["code", "--wait", "posts/a b;rm -rf ~.md"]
        );
    }

    #[test]
    fn a_shell_editor_setting_gets_the_path_as_a_positional_argument() {
        let request = EditRequest {
            path: "$(touch pwned).md".into(),
            line: 3,
        };
        let (_, command) = editor_command_for("vim -c 'set tw=72'", &request);
        assert_eq!(
            arguments(&command),
            [
                "sh",
                "-c",
                "vim -c 'set tw=72' \"$@\"",
                "vim -c 'set tw=72'",
                "+3",
                "$(touch pwned).md"
            ]
        );
    }
}
