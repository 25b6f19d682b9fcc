use super::*;
use crate::model::PostDate;
use chrono::NaiveDate;

fn post(path: &str, date: Option<(i32, u32, u32)>, extra: &[(&str, &str)]) -> Post {
    Post {
        date: date.map(|(y, m, d)| PostDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())),
        extra: extra
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Post::for_test(path, path, "")
    }
}

fn site() -> Vec<Post> {
    vec![
        post("site/_posts/2024-05-01-first.md", Some((2024, 5, 1)), &[]),
        post("site/_posts/2024-05-02-other.md", Some((2024, 5, 2)), &[]),
        post("site/_posts/2023-01-09-other.md", Some((2023, 1, 9)), &[]),
        post("site/content/posts/bundle/index.md", None, &[]),
        post(
            "site/content/posts/declared.md",
            None,
            &[
                ("permalink", "/custom/route/"),
                ("aliases", "/old/one, /old/two/"),
            ],
        ),
        post("site/content/posts/日本語.md", None, &[("slug", "nihongo")]),
    ]
}

fn to(index: usize, fragment: Option<&str>) -> Destination {
    Destination::Post {
        index,
        fragment: fragment.map(str::to_string),
    }
}

#[test]
fn relative_paths_resolve_from_the_linking_posts_folder() {
    let posts = site();
    assert_eq!(resolve("2024-05-02-other.md", 0, &posts), to(1, None));
    assert_eq!(
        resolve("./2024-05-02-other.md#part", 0, &posts),
        to(1, Some("part"))
    );
    assert_eq!(
        resolve("../content/posts/bundle/index.md", 0, &posts),
        to(3, None)
    );
    assert_eq!(resolve("bundle/index.md", 4, &posts), to(3, None));
    assert_eq!(
        resolve("%E6%97%A5%E6%9C%AC%E8%AA%9E.md", 4, &posts),
        to(5, None)
    );
}

#[test]
fn permalinks_resolve_by_declared_routes_slugs_and_dates() {
    let posts = site();
    assert_eq!(resolve("/2024/05/02/other/", 0, &posts), to(1, None));
    assert_eq!(
        resolve("/2023/01/09/other.html", 0, &posts),
        to(2, None),
        "the date decides"
    );
    assert_eq!(resolve("/blog/first/", 1, &posts), to(0, None));
    assert_eq!(resolve("/custom/route", 0, &posts), to(4, None));
    assert_eq!(resolve("/old/two/#x", 0, &posts), to(4, Some("x")));
    assert_eq!(resolve("/posts/bundle/", 0, &posts), to(3, None));
    assert_eq!(resolve("/posts/nihongo/", 0, &posts), to(5, None));
    assert_eq!(
        resolve("/nowhere/at-all/", 0, &posts),
        Destination::NotFound
    );
}

#[test]
fn generator_tags_resolve_like_the_generators_do() {
    let posts = site();
    assert_eq!(resolve("post_url:2024-05-02-other", 0, &posts), to(1, None));
    assert_eq!(
        resolve("post_url:sub/2024-05-01-first", 1, &posts),
        to(0, None)
    );
    assert_eq!(
        resolve("link:_posts/2023-01-09-other.md", 0, &posts),
        to(2, None)
    );
    assert_eq!(
        resolve("ref:declared.md#sec", 3, &posts),
        to(4, Some("sec"))
    );
    assert_eq!(resolve("relref:/posts/bundle", 0, &posts), to(3, None));
    assert_eq!(resolve("ref:/posts/declared.md", 0, &posts), to(4, None));
}

#[test]
fn fragments_alone_stay_in_the_post() {
    assert_eq!(
        resolve("#見出し", 0, &site()),
        Destination::Here {
            fragment: "見出し".into()
        }
    );
}

#[test]
fn web_and_mail_addresses_go_outside() {
    let posts = site();
    for url in [
        "https://example.test/a?b#c",
        "HTTP://x.test",
        "mailto:a@b.test",
    ] {
        assert_eq!(resolve(url, 0, &posts), Destination::External(url.into()));
    }
}

#[test]
fn unsafe_addresses_are_refused() {
    let posts = site();
    assert_eq!(
        resolve("javascript:alert(1)", 0, &posts),
        Destination::Refused(Refusal::Scheme("javascript".into()))
    );
    assert_eq!(
        resolve("file:///etc/passwd", 0, &posts),
        Destination::Refused(Refusal::Scheme("file".into()))
    );
    for url in [
        "https://x.test/\u{1b}]8;;",
        "https://x.test/\u{7}",
        "https://x\n.test",
    ] {
        assert_eq!(
            resolve(url, 0, &posts),
            Destination::Refused(Refusal::ControlCharacters),
            "{url:?}"
        );
    }
}
