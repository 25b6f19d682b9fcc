use std::fs;
use std::time::{Duration, SystemTime};

use super::*;

fn write(root: &Path, relative: &str, text: &str) -> PathBuf {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

/// Sets a file's modification time, as `touch -d` does.
fn set_modified(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// A cache that trusts files at once: these tests write their posts just before loading.
fn eager(dir: &Path) -> IndexCache {
    IndexCache::in_dir(dir).with_settle(Duration::ZERO)
}

fn load(root: &Path, cache: &IndexCache) -> (Library, CacheUse) {
    load_indexed(root, &LoadOptions::default(), cache, Bodies::Read)
}

fn titles(library: &Library) -> Vec<&str> {
    library.posts.iter().map(|p| p.title.as_str()).collect()
}

fn site() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    write(
        root.path(),
        "_posts/2024-05-01-a.md",
        "---\ntitle: \"記事 A\"\ndate: 2024-05-01 10:00:00 +0900\ntags: [rust, 日本語]\n\
         author: me\nlayout: post\n---\n\n# Heading\n\n本文です。Some words here.\n",
    );
    write(
        root.path(),
        "content/b/index.md",
        "+++\ntitle = \"B\"\ndate = 2023-01-02\ndraft = true\n+++\nbody of b\n",
    );
    write(
        root.path(),
        "notes/c.md",
        "no front matter, a title from the name\n",
    );
    write(
        root.path(),
        "notes/bad.md",
        "---\ntitle: T\n\nnever closed\n",
    );
    write(root.path(), "notes/bin.md", "\0\0\0binary");
    (root, tempfile::tempdir().unwrap())
}

#[test]
fn a_warm_load_parses_nothing_and_gives_the_same_library() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let (cold, first) = load(root.path(), &cache);
    assert_eq!((first.reused, first.parsed, first.saved), (0, 5, true));
    assert_eq!(first.warning, None);
    let (warm, second) = load(root.path(), &cache);
    assert_eq!((second.reused, second.parsed, second.saved), (5, 0, false));
    assert_eq!(warm.posts, cold.posts, "bodies included");
    assert_eq!(warm.diagnostics, cold.diagnostics);
    assert_eq!(cold.posts, crate::loader::load(root.path()).posts);
}

#[test]
fn bodies_on_demand_are_read_back_exactly_and_a_changed_file_is_refused() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let full = crate::loader::load(root.path());
    // Cold (every post parsed), then warm (every post from the index).
    for _ in 0..2 {
        let options = LoadOptions::default();
        let (listed, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
        assert_eq!(listed.posts.len(), full.posts.len());
        for (listed, full) in listed.posts.iter().zip(&full.posts) {
            let unread = listed.body_file.expect("every post here is settled");
            assert_eq!(listed.body, "");
            let body = read_body(&listed.path, &unread, options.max_post_bytes);
            assert_eq!(body.as_deref(), Some(full.body.as_str()), "{:?}", full.path);
            let held = Post {
                body: body.unwrap(),
                body_file: None,
                ..listed.clone()
            };
            assert_eq!(&held, full);
        }
    }
    let (listed, _) = load_indexed(
        root.path(),
        &LoadOptions::default(),
        &cache,
        Bodies::OnDemand,
    );
    let post = &listed.posts[0];
    let unread = post.body_file.unwrap();
    // The same length, another text: the file is no longer the one indexed.
    let text = fs::read_to_string(&post.path)
        .unwrap()
        .replace("本文", "別文");
    fs::write(&post.path, text).unwrap();
    assert_eq!(read_body(&post.path, &unread, u64::MAX), None);
    fs::remove_file(&post.path).unwrap();
    assert_eq!(read_body(&post.path, &unread, u64::MAX), None);
}

#[test]
fn a_post_changed_too_recently_to_be_recognised_keeps_its_body() {
    let (root, cache_dir) = site();
    // Files written just now are not settled under the usual two seconds.
    let cache = IndexCache::in_dir(cache_dir.path());
    let (listed, _) = load_indexed(
        root.path(),
        &LoadOptions::default(),
        &cache,
        Bodies::OnDemand,
    );
    assert!(listed.posts.iter().all(|p| p.body_file.is_none()));
    assert_eq!(listed.posts, crate::loader::load(root.path()).posts);
}

/// The same size, and the modification time set back to the very nanosecond: the change
/// time and the settling rule still give it away, whatever the clock did meanwhile.
#[test]
fn a_post_rewritten_with_the_same_size_and_time_is_seen_as_changed() {
    let root = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(cache_dir.path());
    let post = write(root.path(), "p.md", "---\ntitle: One\n---\nbody\n");
    let then = fs::metadata(&post).unwrap().modified().unwrap();
    let (first, _) = load(root.path(), &cache);
    assert_eq!(titles(&first), ["One"]);
    fs::write(&post, "---\ntitle: Two\n---\nbody\n").unwrap();
    set_modified(&post, then);
    let (second, usage) = load(root.path(), &cache);
    assert_eq!(titles(&second), ["Two"]);
    assert_eq!(usage.parsed, 1);
}

#[test]
fn an_entry_is_not_trusted_until_its_file_has_settled() {
    let root = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    // A settling time no test run reaches: every entry is too recent to trust.
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::from_secs(3600));
    write(root.path(), "p.md", "# P\n");
    load(root.path(), &cache);
    let (_, usage) = load(root.path(), &cache);
    assert_eq!((usage.reused, usage.parsed), (0, 1));
}

#[test]
fn renamed_deleted_and_replaced_posts_are_seen() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    fs::rename(
        root.path().join("notes/c.md"),
        root.path().join("notes/renamed.md"),
    )
    .unwrap();
    fs::remove_file(root.path().join("content/b/index.md")).unwrap();
    // A post replaced by a folder holding another.
    fs::remove_file(root.path().join("notes/bad.md")).unwrap();
    write(root.path(), "notes/bad.md/inner.md", "# Inner\n");
    let (library, usage) = load(root.path(), &cache);
    assert_eq!(library.posts, crate::loader::load(root.path()).posts);
    assert_eq!(titles(&library), ["記事 A", "Inner", "renamed"]);
    assert_eq!((usage.reused, usage.parsed, usage.saved), (2, 2, true));
    // The index forgot what left: a third load reuses all and saves nothing.
    let (_, usage) = load(root.path(), &cache);
    assert_eq!((usage.reused, usage.parsed, usage.saved), (4, 0, false));
}

fn index_file(cache_dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(cache_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_corrupt_or_truncated_index_is_rebuilt_with_one_warning() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let (expected, _) = load(root.path(), &cache);
    let file = index_file(cache_dir.path());
    let whole = fs::read(&file).unwrap();
    let mut flipped = whole.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    for (damage, why) in [
        (whole[..whole.len() / 2].to_vec(), "cut short"),
        (flipped, "checksum mismatch"),
        (b"garbage".to_vec(), "not an index file"),
    ] {
        fs::write(&file, damage).unwrap();
        let (library, usage) = load(root.path(), &cache);
        assert_eq!(library.posts, expected.posts);
        let warning = usage.warning.expect("one warning");
        assert!(
            warning.contains("damaged") && warning.contains(why),
            "{warning}"
        );
        assert!(usage.saved);
        let (_, usage) = load(root.path(), &cache);
        assert_eq!((usage.reused, usage.warning), (5, None), "rebuilt");
    }
}

#[test]
fn an_index_of_another_format_version_is_rebuilt() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    let file = index_file(cache_dir.path());
    let mut bytes = fs::read(&file).unwrap();
    // The version follows the twelve bytes of the magic.
    bytes[12..16].copy_from_slice(&(store::FORMAT_VERSION - 1).to_le_bytes());
    fs::write(&file, bytes).unwrap();
    let (library, usage) = load(root.path(), &cache);
    assert_eq!(library.posts.len(), 4);
    let older = format!("has format {}", store::FORMAT_VERSION - 1);
    assert!(usage.warning.unwrap().contains(&older));
    let (_, usage) = load(root.path(), &cache);
    assert_eq!(usage.reused, 5);
}

#[cfg(unix)]
#[test]
fn a_read_only_cache_directory_costs_a_warning_not_the_load() {
    use std::os::unix::fs::PermissionsExt;
    let (root, cache_dir) = site();
    let readonly = cache_dir.path().join("ro");
    fs::create_dir(&readonly).unwrap();
    fs::set_permissions(&readonly, fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: then there is nothing this test can show.
    if fs::write(readonly.join("probe"), "").is_ok() {
        return;
    }
    let cache = eager(&readonly);
    let (library, usage) = load(root.path(), &cache);
    assert_eq!(library.posts, crate::loader::load(root.path()).posts);
    assert!(!usage.saved);
    assert!(usage.warning.unwrap().contains("cannot save"));
}

#[test]
fn another_root_or_size_limit_does_not_reuse_the_index() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    let small = LoadOptions { max_post_bytes: 20 };
    let (library, usage) = load_indexed(root.path(), &small, &cache, Bodies::Read);
    assert_eq!(usage.reused, 0);
    assert_eq!(
        library.posts.len(),
        crate::loader::load_with(root.path(), &small).posts.len()
    );
    assert_ne!(
        cache.file_for(root.path()),
        cache.file_for(cache_dir.path())
    );
}

#[test]
fn dates_keep_their_kind_and_zone_through_the_index() {
    let dates = [
        PostDate::Day(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
        PostDate::Local(
            NaiveDate::from_ymd_opt(1969, 7, 20)
                .unwrap()
                .and_hms_nano_opt(20, 17, 40, 5)
                .unwrap(),
        ),
        PostDate::Zoned(DateTime::parse_from_rfc3339("2025-09-29T20:31:25.5+09:30").unwrap()),
    ];
    for date in dates {
        let back = StoredDate::of(date).to_date().unwrap();
        assert_eq!(back, date);
        assert_eq!(back.to_rfc3339(), date.to_rfc3339());
    }
}

#[test]
fn the_environment_overrides_the_platform_cache_directory() {
    let project = directories::ProjectDirs::from("", "", "kiji");
    assert_eq!(
        choose_dir(Some("/tmp/kiji-cache".into()), project.clone()),
        Some(PathBuf::from("/tmp/kiji-cache"))
    );
    assert_eq!(
        choose_dir(Some("".into()), project.clone()),
        choose_dir(None, project)
    );
}

/// What posts inherit from their site (language, defaults) comes through a warm load as it
/// comes through a cold one, and a change to the site's configuration is a change to every
/// post of it.
#[test]
fn posts_inherit_from_their_site_warm_as_cold_and_a_new_configuration_is_seen() {
    let root = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let config = |lang: &str| {
        format!(
            "title: t\nlang: {lang}\ndefaults:\n  - scope:\n      path: \"\"\n    values:\n      author: Site Author\n"
        )
    };
    write(root.path(), "_config.yml", &config("ja"));
    write(
        root.path(),
        "_posts/2024-01-01-a.md",
        "---\ntitle: A\n---\nbody\n",
    );
    let cache = eager(cache_dir.path());
    let (cold, _) = load(root.path(), &cache);
    let (warm, usage) = load(root.path(), &cache);
    assert_eq!(usage.parsed, 0, "{usage:?}");
    assert_eq!(warm.posts, cold.posts);
    let post = &warm.posts[0];
    assert_eq!(post.lang.as_deref(), Some("ja"));
    assert_eq!(post.author.as_deref(), Some("Site Author"));

    write(root.path(), "_config.yml", &config("en"));
    let (after, usage) = load(root.path(), &cache);
    assert_eq!(usage.reused, 0, "another configuration: {usage:?}");
    assert_eq!(after.posts[0].lang.as_deref(), Some("en"));

    // Changed while no kiji ran: a reader shows the index, and its check brings the posts
    // as the new configuration makes them, though their files are the same.
    let options = LoadOptions::default();
    let (_, shown) = load_from_index(root.path(), &options, &cache).unwrap();
    write(root.path(), "_config.yml", &config("fr"));
    let check = check_index(root.path(), &options, &cache, &shown);
    let langs: Vec<_> = check.changed.iter().map(|p| p.lang.as_deref()).collect();
    assert_eq!(langs, [Some("fr")]);
}

#[test]
fn the_index_alone_gives_the_library_a_load_through_it_gives() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let options = LoadOptions::default();
    assert!(
        load_from_index(root.path(), &options, &cache).is_none(),
        "no index yet"
    );
    let (loaded, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
    let (indexed, shown) = load_from_index(root.path(), &options, &cache).unwrap();
    assert_eq!(shown.len(), 5, "four posts and the binary file");
    assert!(loaded.posts.iter().any(|p| p.excerpt.is_some()));
    assert!(indexed.posts.iter().all(|p| p.excerpt.is_none()));
    let mut loaded = loaded;
    for post in &mut loaded.posts {
        post.excerpt = None;
    }
    assert_eq!(indexed.posts, loaded.posts);
    assert_eq!(indexed.diagnostics, loaded.diagnostics);
    // Another limit is another index.
    let other = LoadOptions { max_post_bytes: 10 };
    assert!(load_from_index(root.path(), &other, &cache).is_none());
}

#[test]
fn a_check_finds_exactly_what_changed_since_the_posts_shown() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let options = LoadOptions::default();
    let (shown, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
    let keys = Shown::of_posts(root.path(), &shown.posts);

    let unchanged = check_index(root.path(), &options, &cache, &keys);
    assert_eq!((unchanged.changed.len(), unchanged.gone.len()), (0, 0));
    assert_eq!(unchanged.diagnostics, shown.diagnostics);
    assert!(!unchanged.usage.saved);

    // One rewritten with the same length, one added, one deleted.
    let a = root.path().join("_posts/2024-05-01-a.md");
    let text = fs::read_to_string(&a).unwrap().replace("本文", "別文");
    fs::write(&a, text).unwrap();
    write(root.path(), "notes/new.md", "# New\n\nfresh\n");
    fs::remove_file(root.path().join("notes/c.md")).unwrap();
    let check = check_index(root.path(), &options, &cache, &keys);
    let changed: Vec<&Path> = check.changed.iter().map(|p| p.path.as_path()).collect();
    assert_eq!(
        changed,
        [a.as_path(), root.path().join("notes/new.md").as_path()]
    );
    assert_eq!(check.gone, [root.path().join("notes/c.md")]);
    let (now, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
    assert_eq!(check.diagnostics, now.diagnostics);
    for post in &check.changed {
        assert!(now.posts.contains(post), "{:?}", post.path);
    }
    // The posts shown then were a version behind the index: checked against what is shown,
    // not against the index saved since.
    let again = check_index(root.path(), &options, &cache, &keys);
    assert_eq!(again.changed.len(), 2);
}

/// What a check finds, for comparing two: the posts changed, the paths gone, the problems.
fn found(check: &Check) -> (Vec<&Post>, &[PathBuf], &[Diagnostic]) {
    (
        check.changed.iter().collect(),
        &check.gone,
        &check.diagnostics,
    )
}

#[test]
fn a_check_of_files_unchanged_since_the_index_gave_them_does_not_read_it() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let options = LoadOptions::default();
    let (loaded, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
    let (_, shown) = load_from_index(root.path(), &options, &cache).unwrap();
    // Damaged since: a check that read it would say so.
    let file = index_file(cache_dir.path());
    let mut bytes = fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&file, bytes).unwrap();

    let check = check_index(root.path(), &options, &cache, &shown);
    assert_eq!(found(&check), (vec![], &[][..], &loaded.diagnostics[..]));
    assert_eq!(check.usage.warning, None);
    assert_eq!((check.usage.reused, check.usage.parsed), (5, 0));
    // The same posts shown from a load are compared through the index, which is damaged.
    let from_posts = Shown::of_posts(root.path(), &loaded.posts);
    let through = check_index(root.path(), &options, &cache, &from_posts);
    assert!(through.usage.warning.is_some(), "{:?}", through.usage);
    assert_eq!(found(&through), found(&check));
}

#[test]
fn a_check_from_the_index_sees_each_change_a_check_through_it_sees() {
    let rewrite_same_size = |root: &Path| {
        let a = root.join("_posts/2024-05-01-a.md");
        let before = fs::metadata(&a).unwrap().modified().unwrap();
        let text = fs::read_to_string(&a).unwrap().replace("本文", "別文");
        fs::write(&a, text).unwrap();
        set_modified(&a, before);
    };
    type Change<'c> = (&'c str, &'c dyn Fn(&Path));
    let changes: [Change; 7] = [
        ("rewritten, same size and time", &rewrite_same_size),
        ("added", &|root| {
            drop(write(root, "notes/new.md", "# New\n"))
        }),
        ("added before the first", &|root| {
            drop(write(root, "_a/first.md", "# First\n"))
        }),
        ("deleted", &|root| {
            fs::remove_file(root.join("notes/c.md")).unwrap()
        }),
        ("renamed", &|root| {
            fs::rename(root.join("notes/c.md"), root.join("notes/d.md")).unwrap()
        }),
        ("replaced by a folder", &|root| {
            fs::remove_file(root.join("notes/c.md")).unwrap();
            fs::create_dir(root.join("notes/c.md")).unwrap();
        }),
        ("binary no more", &|root| {
            drop(write(root, "notes/bin.md", "text now\n"))
        }),
    ];
    let options = LoadOptions::default();
    for (what, change) in changes {
        let (root, cache_dir) = site();
        let cache = eager(cache_dir.path());
        let (loaded, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
        let from_posts = Shown::of_posts(root.path(), &loaded.posts);
        let (_, from_index) = load_from_index(root.path(), &options, &cache).unwrap();
        change(root.path());
        let through = check_index(root.path(), &options, &cache, &from_posts);
        let check = check_index(root.path(), &options, &cache, &from_index);
        assert_eq!(found(&check), found(&through), "{what}");
        assert!(
            !check.changed.is_empty() || !check.gone.is_empty(),
            "{what}: {check:?}"
        );
    }
}

#[test]
fn a_check_from_an_index_of_files_not_yet_settled_reads_them() {
    let (root, cache_dir) = site();
    let options = LoadOptions::default();
    load_indexed(
        root.path(),
        &options,
        &eager(cache_dir.path()),
        Bodies::OnDemand,
    );
    // Read by a kiji that trusts only files still for an hour: none of these.
    let wary = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::from_secs(3600));
    let (_, shown) = load_from_index(root.path(), &options, &wary).unwrap();
    let check = check_index(root.path(), &options, &wary, &shown);
    assert_eq!(check.usage.parsed, 5, "{:?}", check.usage);
    assert_eq!(check.changed.len(), 4, "each post as it is now");
}

/// Sets a folder's modification time back, as `touch -d` or `rsync -t` can.
fn set_folder_modified(path: &Path, time: SystemTime) {
    fs::File::open(path).unwrap().set_modified(time).unwrap();
}

#[test]
fn a_warm_load_recalls_every_folder_and_sees_what_changed_in_one() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    let (cold, usage) = load(root.path(), &cache);
    assert_eq!(usage.recalled_folders, 0);
    let (warm, usage) = load(root.path(), &cache);
    assert_eq!(warm.posts, cold.posts);
    // The root, `_posts`, `content`, `content/b` and `notes`.
    assert_eq!(
        (usage.recalled_folders, usage.parsed, usage.saved),
        (5, 0, false)
    );
    // A post added to a folder recalled last time; another's time set back.
    write(root.path(), "notes/new.md", "# New\n");
    let (library, usage) = load(root.path(), &cache);
    assert_eq!(library.posts, crate::loader::load(root.path()).posts);
    assert!(titles(&library).contains(&"New"));
    assert_eq!(
        (usage.recalled_folders, usage.parsed, usage.saved),
        (4, 1, true)
    );
    // Listed again, `notes` is recalled from then on.
    let (_, usage) = load(root.path(), &cache);
    assert_eq!(
        (usage.recalled_folders, usage.parsed, usage.saved),
        (5, 0, false)
    );
}

#[cfg(unix)]
#[test]
fn a_post_added_to_a_folder_whose_time_is_then_set_back_is_seen() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    let notes = root.path().join("notes");
    let then = fs::metadata(&notes).unwrap().modified().unwrap();
    write(root.path(), "notes/new.md", "# New\n");
    set_folder_modified(&notes, then);
    assert_eq!(fs::metadata(&notes).unwrap().modified().unwrap(), then);
    // Its status-change time moved, and no program sets that back.
    let (library, usage) = load(root.path(), &cache);
    assert!(titles(&library).contains(&"New"), "{:?}", titles(&library));
    assert_eq!(usage.recalled_folders, 4);
}

#[test]
fn a_folder_is_not_recalled_until_it_has_settled() {
    let (root, cache_dir) = site();
    // A settling time no test run reaches: every folder is too recent to recall.
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::from_secs(3600));
    load(root.path(), &cache);
    let (library, usage) = load(root.path(), &cache);
    assert_eq!(library.posts, crate::loader::load(root.path()).posts);
    assert_eq!(usage.recalled_folders, 0);
    // Listings an eager cache kept are not recalled by a wary one either.
    load(root.path(), &eager(cache_dir.path()));
    let (_, usage) = load(root.path(), &eager(cache_dir.path()));
    assert_eq!(usage.recalled_folders, 5);
    let (_, usage) = load(root.path(), &cache);
    assert_eq!(usage.recalled_folders, 0);
}

/// A folder changed without a post changing (a picture added to a page bundle) is listed
/// again, and the index saved, so that it is recalled from then on.
#[test]
fn a_folder_changed_alone_is_saved_again() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    write(root.path(), "content/b/picture.png", "not a post");
    let (_, usage) = load(root.path(), &cache);
    assert_eq!(
        (usage.recalled_folders, usage.parsed, usage.saved),
        (4, 0, true)
    );
    let (_, usage) = load(root.path(), &cache);
    assert_eq!((usage.recalled_folders, usage.saved), (5, false));
}

/// The index's folders through a reader's check: a check that finds the posts as shown
/// leaves them be, one that saves keeps them.
#[test]
fn a_check_keeps_the_folders_the_index_recalls() {
    let (root, cache_dir) = site();
    let cache = eager(cache_dir.path());
    load(root.path(), &cache);
    let (_, shown) = load_from_index(root.path(), &LoadOptions::default(), &cache).unwrap();
    write(root.path(), "notes/new.md", "# New\n");
    let check = check_index(root.path(), &LoadOptions::default(), &cache, &shown);
    assert!(check.usage.saved);
    assert_eq!(check.changed.len(), 1);
    let (_, usage) = load(root.path(), &cache);
    assert_eq!(
        (usage.recalled_folders, usage.parsed, usage.saved),
        (5, 0, false)
    );
}
