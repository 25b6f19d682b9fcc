//! The config file's settings reach the reader: the order it starts in, the two-pane
//! threshold, reading rates and rebound keys, checked through `update` with no terminal.

mod ui_support;

use kiji::config::Config;
use kiji::ui::keymap::CONFIG_SCHEMA;
use kiji::ui::{Action, App, Keymap, update};
use ui_support::*;

/// An app built the way `main` builds it from `config_toml`, at `width` × `height`.
fn configured(config_toml: &str, width: u16, height: u16) -> App {
    let config: Config = kiji::config::parse(config_toml, "config.toml".as_ref(), &CONFIG_SCHEMA)
        .unwrap()
        .config;
    let mut app = App::new(library())
        .with_keymap(Keymap::new(config.keys))
        .with_theme(kiji::render::configured_theme(&config.theme, true))
        .with_rates(config.reading)
        .with_sort(config.default_sort)
        .with_two_pane_min_width(config.two_pane_min_width)
        .with_ambiguous_wide(config.ambiguous_width.is_wide());
    update(&mut app, Action::Resize { width, height });
    app
}

#[test]
fn the_default_sort_orders_the_list_and_the_first_post_is_selected() {
    let app = configured("default_sort = \"title\"\n", 120, 40);
    let listed = titles(&app);
    let mut sorted = listed.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(listed, sorted);
    assert_eq!(app.selected(), 0);
    assert_eq!(selected_title(&app), Some(listed[0].clone()));
    assert_eq!(app.list_top(), 0);
}

#[test]
fn the_two_pane_threshold_decides_when_the_panes_sit_side_by_side() {
    assert!(configured("", 100, 30).two_pane());
    assert!(!configured("two_pane_min_width = 120\n", 100, 30).two_pane());
    assert!(configured("two_pane_min_width = 60\n", 70, 30).two_pane());
}

#[test]
fn slower_reading_rates_mean_more_minutes() {
    let rates = "[reading]\ncjk_chars_per_minute = 50\nwords_per_minute = 20\n";
    let minutes = |app: &App| -> Vec<u32> {
        app.posts()
            .iter()
            .map(|p| p.reading_minutes(app.rates()))
            .collect()
    };
    let default = configured("", 120, 40);
    let slow = configured(rates, 120, 40);
    let (slow_minutes, default_minutes) = (minutes(&slow), minutes(&default));
    assert!(
        slow_minutes
            .iter()
            .zip(&default_minutes)
            .all(|(s, d)| s >= d)
    );
    assert!(slow_minutes.iter().sum::<u32>() > default_minutes.iter().sum::<u32>() * 5);
    let text = screen_text(&draw(&slow));
    let shown = slow.posts()[slow.selected_post().unwrap()].reading_minutes(slow.rates());
    assert!(text.contains(&format!("{shown} min")), "{text}");
}
