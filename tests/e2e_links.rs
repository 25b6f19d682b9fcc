//! Links in the real binary in a real terminal (see `tmux_support`): following a relative
//! path, a Jekyll `post_url` and a Hugo `ref` to another post and Backspace back to the very
//! same screen, `#section` to its heading, the `f` picker, and web addresses handed to the
//! configured opener (or refused). The site is `tests/fixtures/links-site`, written for
//! these tests.

mod tmux_support;

use std::os::unix::fs::PermissionsExt;

use tmux_support::*;

const SITE: &str = "tests/fixtures/links-site";

/// Starts kiji on the fixture site and opens "Start here", scrolled to its links.
fn open_start(tmux: &Tmux) {
    tmux.command(&kiji(SITE));
    tmux.wait_for("the list", |s| {
        s.contains("Start here") && s.contains("3 posts")
    });
    // Newest first: "The second post", then "Start here".
    tmux.keys(&["j", "Enter"]);
    tmux.wait_for("the start post", |s| {
        s.contains("Filler paragraph number 1 ")
    });
}

/// Selects links with `]` until the status line says `leads_to`.
fn select_link(tmux: &Tmux, leads_to: &str) {
    for _ in 0..12 {
        let before = Tmux::status_line(&tmux.screen()).to_owned();
        tmux.keys(&["]"]);
        // Each press selects another link, so the status line changes.
        let screen = tmux.wait_for("a link to be selected", |s| {
            let status = Tmux::status_line(s);
            status != before && status.starts_with(" [")
        });
        if Tmux::status_line(&screen).contains(leads_to) {
            return;
        }
    }
    panic!("no link leads to {leads_to}");
}

#[test]
fn relative_post_url_and_ref_links_open_posts_and_backspace_returns_to_the_same_screen() {
    let tmux = Tmux::start("links-follow");
    open_start(&tmux);
    for (leads_to, lands_on) in [
        ("[1] → The second post", "Second post body."),
        ("[2] → The second post", "Second post body."),
        ("[3] → 庭の記事", "Hugo bundle page."),
        ("[5] → The second post", "Second post body."),
    ] {
        select_link(&tmux, leads_to);
        let before = tmux.panes();
        assert!(before.contains("Links follow."), "{before}");
        tmux.keys(&["Enter"]);
        tmux.wait_for(lands_on, |s| {
            s.contains(lands_on) && Tmux::status_line(s).contains("Backspace goes back")
        });
        tmux.keys(&["BSpace"]);
        tmux.wait_for_panes("Backspace to the place the link was followed from", &before);
    }
}

#[test]
fn a_fragment_scrolls_to_its_heading_and_backspace_comes_back() {
    let tmux = Tmux::start("links-fragment");
    open_start(&tmux);
    select_link(&tmux, "[4] → #deep-section in this post");
    let before = tmux.panes();
    assert!(!before.contains("## Deep section"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the heading", |s| {
        s.contains("## Deep section") && s.contains("The deep section's text.")
    });
    tmux.keys(&["BSpace"]);
    tmux.wait_for_panes("the place before the jump", &before);

    // From another post, to a heading of this one.
    select_link(&tmux, "[1] → The second post");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the second post", |s| s.contains("Second post body."));
    select_link(&tmux, "[1] → Start here #deep-section");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the heading in the start post", |s| {
        s.contains("## Deep section") && !s.contains("Second post body.")
    });
}

#[test]
fn the_link_picker_lists_narrows_and_follows() {
    let tmux = Tmux::start("links-picker");
    open_start(&tmux);
    tmux.keys(&["f"]);
    let screen = tmux.wait_for("the picker", |s| {
        s.contains("links · Enter follows") && s.contains("[9] bell")
    });
    for entry in [
        "[1] the second post  2024-05-02-second.md",
        "[2] by post_url  post_url:2024-05-02-second",
        "[3] by ref  ref:garden/index.md",
        "[6] web page  https://example.test/page?q=1",
    ] {
        assert!(screen.contains(entry), "{entry} in\n{screen}");
    }
    tmux.type_text("ref");
    tmux.wait_for("the picker narrowed", |s| {
        s.contains("[3] by ref") && !s.contains("[1] the second post")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the bundle page", |s| {
        s.contains("Hugo bundle page.") && !s.contains("links · Enter follows")
    });

    // CJK narrows too, in the bundle's own links.
    tmux.keys(&["f"]);
    tmux.wait_for("the picker", |s| s.contains("links · Enter follows"));
    tmux.type_text("最初");
    tmux.wait_for("the CJK entry", |s| s.contains("[1] 最初の記事へ"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the start post by its permalink", |s| {
        s.contains("Filler paragraph")
    });
}

#[test]
fn a_web_link_runs_the_configured_opener_and_unsafe_links_are_refused() {
    let tmux = Tmux::start("links-opener");
    let record = tmux.state.path().join("argv.txt");
    let script = tmux.state.path().join("record-argv");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf 'call:%s\\n' \"$#\" >> '{0}'\nfor a in \"$@\"; do printf 'arg:%s\\n' \"$a\" >> '{0}'; done\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        tmux._config.path().join("config.toml"),
        format!(
            "images = \"halfblocks\"\nopener = [\"{}\", \"--new-tab\"]\n",
            script.display()
        ),
    )
    .unwrap();
    open_start(&tmux);

    tmux.keys(&["f"]);
    tmux.wait_for("the picker", |s| s.contains("links · Enter follows"));
    tmux.type_text("web page");
    tmux.keys(&["Enter"]);
    let argv = tmux.wait_for_file(&record, "the opener's argv", |t| t.lines().count() >= 3);
    assert_eq!(
        argv, "call:2\narg:--new-tab\narg:https://example.test/page?q=1\n",
        "the address is one argument after the configured ones"
    );

    for (typed, message) in [
        ("bad script", "kiji does not open javascript: addresses"),
        ("local file", "kiji does not open file: addresses"),
        ("bell", "the address has control characters"),
    ] {
        tmux.keys(&["f"]);
        tmux.wait_for("the picker", |s| s.contains("links · Enter follows"));
        tmux.type_text(typed);
        tmux.keys(&["Enter"]);
        tmux.wait_for(message, |s| {
            Tmux::status_line(s).contains("not opened") && Tmux::status_line(s).contains(message)
        });
    }
    assert_eq!(
        std::fs::read_to_string(&record)
            .unwrap()
            .matches("call:")
            .count(),
        1,
        "refused links never reach the opener"
    );
}
