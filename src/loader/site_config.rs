//! The site a post belongs to and what its configuration says about posts: which generator
//! (Jekyll, Hugo, Zola), the defaults posts inherit (Jekyll's `defaults:`, Hugo's and Zola's
//! site author), and its languages. Found by walking up from a post to the nearest folder that
//! holds a site configuration; read once per site and shared by its posts ([`SiteFinder`]).
//! The configuration as a whole is kept for what renders posts ([`crate::site`]).

use std::collections::HashMap;

use foldhash::HashMap as FastMap;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::data::{DataFormat, parse_data};
use super::values::{Field, Value};
use super::walk::WalkedFolder;
use crate::model::Diagnostic;

/// Jekyll's configuration files.
const JEKYLL_CONFIGS: &[&str] = &["_config.yml", "_config.yaml"];
/// Hugo's own names, which need no `content/` beside them.
const HUGO_CONFIGS: &[(&str, DataFormat)] = &[
    ("hugo.toml", DataFormat::Toml),
    ("hugo.yaml", DataFormat::Yaml),
    ("hugo.yml", DataFormat::Yaml),
    ("hugo.json", DataFormat::Json),
];
/// Names Hugo and Zola share; a site root only with a `content/` folder beside them.
const SHARED_CONFIGS: &[(&str, DataFormat)] = &[
    ("config.toml", DataFormat::Toml),
    ("config.yaml", DataFormat::Yaml),
    ("config.yml", DataFormat::Yaml),
    ("config.json", DataFormat::Json),
];
/// How far up from a post a site root is looked for.
const MAX_ROOT_DISTANCE: usize = 32;
/// The largest configuration file read.
const MAX_CONFIG_BYTES: u64 = 4 << 20;
/// Jekyll `defaults:` entries kept; a real site has a handful.
const MAX_DEFAULTS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Jekyll,
    Hugo,
    Zola,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Jekyll => "Jekyll",
            Engine::Hugo => "Hugo",
            Engine::Zola => "Zola",
        }
    }
}

/// One Jekyll `defaults:` entry: values for the posts under `path` (relative to the root,
/// `*` matching within a name) of `kind` (`posts`, `pages`, `drafts` or a collection).
#[derive(Debug, Clone, PartialEq)]
struct ScopedDefaults {
    path: String,
    kind: Option<String>,
    values: Vec<(String, Value)>,
}

/// A site's configuration, as far as posts are concerned.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The site's folder, canonical.
    pub root: PathBuf,
    pub engine: Engine,
    /// The whole configuration, for templates (`site` in Liquid).
    pub config: Value,
    /// The language of a post that names none.
    pub default_lang: Option<String>,
    /// The languages the site declares, normalized (`zh-tw`).
    pub languages: Vec<String>,
    /// Hugo's per-language content folders (`content/en`), relative to the root.
    content_dirs: Vec<(PathBuf, String)>,
    /// Jekyll's collections (`docs` for `_docs/`).
    pub collections: Vec<String>,
    defaults: Vec<ScopedDefaults>,
    /// Fields every post of the site inherits (Hugo's and Zola's site author).
    site_wide: Vec<(String, Value)>,
    /// What went wrong reading the configuration.
    pub problems: Vec<Diagnostic>,
}

/// What a post inherits from its site, for the loader to merge under its own front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inherited {
    /// Fields as if in the front matter (the post's own win, alias by alias).
    pub fields: Vec<Field>,
    /// The language the site's folders, the file name or the site's default give, when the
    /// front matter names none.
    pub lang: Option<String>,
}

impl SiteConfig {
    /// The site whose root is `root`, if a configuration is there; `root` should be canonical.
    pub fn at(root: &Path) -> Option<SiteConfig> {
        let (engine, path, format) = config_file(root)?;
        let mut problems = Vec::new();
        let config =
            match read_text(&path, MAX_CONFIG_BYTES).and_then(|text| parse_data(&text, format)) {
                Ok(value @ Value::Map(_)) => value,
                Ok(_) => Value::Map(Vec::new()),
                Err(why) => {
                    problems.push(Diagnostic {
                        path: path.clone(),
                        line: None,
                        message: format!("site configuration: {why}"),
                    });
                    Value::Map(Vec::new())
                }
            };
        let engine = match engine {
            Some(engine) => engine,
            None if is_zola(&config) => Engine::Zola,
            None => Engine::Hugo,
        };
        let mut site = SiteConfig {
            root: root.to_path_buf(),
            engine,
            config,
            default_lang: None,
            languages: Vec::new(),
            content_dirs: Vec::new(),
            collections: Vec::new(),
            defaults: Vec::new(),
            site_wide: Vec::new(),
            problems,
        };
        match engine {
            Engine::Jekyll => site.read_jekyll(),
            Engine::Hugo | Engine::Zola => site.read_hugo_or_zola(),
        }
        Some(site)
    }

    fn read_jekyll(&mut self) {
        let config = &self.config;
        self.default_lang = ["lang", "default_lang", "language"]
            .iter()
            .find_map(|k| text(get(config, k)?))
            .and_then(|l| super::language::normalize(&l));
        self.languages = list_of_texts(get(config, "languages"))
            .iter()
            .filter_map(|l| super::language::normalize(l))
            .collect();
        self.collections = match get(config, "collections") {
            Some(Value::Map(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
            Some(list @ Value::List(_)) => list_of_texts(Some(list)),
            _ => Vec::new(),
        };
        if let Some(Value::List(entries)) = get(config, "defaults") {
            self.defaults = entries
                .iter()
                .take(MAX_DEFAULTS)
                .filter_map(scoped_defaults)
                .collect();
        }
    }

    fn read_hugo_or_zola(&mut self) {
        let config = &self.config;
        let default_key = match self.engine {
            Engine::Zola => "default_language",
            _ => "defaultContentLanguage",
        };
        self.default_lang = get(config, default_key)
            .and_then(text)
            .or_else(|| get(config, "languageCode").and_then(text))
            .and_then(|l| super::language::normalize(&l));
        if let Some(Value::Map(languages)) = get(config, "languages") {
            for (code, settings) in languages {
                let Some(tag) = super::language::normalize(code) else {
                    continue;
                };
                if let Some(dir) = get(settings, "contentDir").and_then(text) {
                    let dir = PathBuf::from(dir.trim_matches('/'));
                    if dir.components().all(|c| matches!(c, Component::Normal(_))) {
                        self.content_dirs.push((dir, tag.clone()));
                    }
                }
                self.languages.push(tag);
            }
        }
        let author = get(config, "params")
            .and_then(|p| get(p, "author"))
            .or_else(|| get(config, "author"));
        if let Some(author) = author.filter(|a| !matches!(a, Value::Null)) {
            self.site_wide.push(("author".into(), author.clone()));
        }
    }

    /// What the post at `relative` (below the root) inherits. A `lang` default scoped to the
    /// whole site names the site's language, which a language folder overrides; one scoped to
    /// a folder names its posts' language, as their front matter would.
    pub fn inherited(&self, relative: &Path) -> Inherited {
        let mut fields: Vec<Field> = Vec::new();
        let mut site_lang = None;
        let kind = self.kind_of(relative);
        let push = |key: &str, value: &Value, fields: &mut Vec<Field>| {
            // A later, more specific scope overrides an earlier one, as in Jekyll.
            fields.retain(|f| !f.key.eq_ignore_ascii_case(key));
            fields.push(Field {
                key: key.to_string(),
                value: value.clone(),
                line: None,
            });
        };
        for (key, value) in &self.site_wide {
            push(key, value, &mut fields);
        }
        let mut scopes: Vec<&ScopedDefaults> = self
            .defaults
            .iter()
            .filter(|d| d.kind.as_deref().is_none_or(|k| k == kind))
            .filter(|d| scope_holds(&d.path, relative))
            .collect();
        // Jekyll: the longer path is the more specific; a type makes a scope more specific.
        scopes.sort_by_key(|d| (d.path.len(), d.kind.is_some()));
        for scope in scopes {
            for (key, value) in &scope.values {
                if scope.path.is_empty() && is_lang_key(key) {
                    site_lang = text(value).and_then(|l| super::language::normalize(&l));
                    continue;
                }
                push(key, value, &mut fields);
            }
        }
        let from_dirs = self
            .content_dirs
            .iter()
            .find(|(dir, _)| relative.starts_with(dir))
            .map(|(_, tag)| tag.clone());
        let lang = from_dirs
            .or_else(|| super::language::from_path(relative, &self.languages, true))
            .or(site_lang)
            .or_else(|| self.default_lang.clone());
        Inherited { fields, lang }
    }

    /// Jekyll's document type of the post at `relative`: `posts`, `drafts`, a collection's
    /// name, else `pages`.
    fn kind_of(&self, relative: &Path) -> &str {
        for component in relative.parent().into_iter().flat_map(Path::components) {
            let Component::Normal(name) = component else {
                continue;
            };
            let Some(name) = name.to_str().and_then(|n| n.strip_prefix('_')) else {
                continue;
            };
            if name == "posts" || name == "drafts" {
                return if name == "posts" { "posts" } else { "drafts" };
            }
            if let Some(c) = self.collections.iter().find(|c| *c == name) {
                return c;
            }
        }
        "pages"
    }
}

fn is_lang_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("lang") || key.eq_ignore_ascii_case("language")
}

/// Whether Jekyll's scope `path` holds `relative`: empty for the whole site, else a folder or
/// file path, where `*` stands for any one name.
fn scope_holds(scope: &str, relative: &Path) -> bool {
    let scope = scope.trim().trim_matches('/');
    if scope.is_empty() {
        return true;
    }
    let wanted: Vec<&str> = scope
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let mut names = relative.components().filter_map(|c| match c {
        Component::Normal(n) => n.to_str(),
        _ => None,
    });
    wanted
        .iter()
        .all(|want| names.next().is_some_and(|name| glob_matches(want, name)))
}

/// `*` matches any run of characters within one name; everything else matches itself.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

fn scoped_defaults(entry: &Value) -> Option<ScopedDefaults> {
    let scope = get(entry, "scope");
    let path = scope
        .and_then(|s| get(s, "path"))
        .and_then(text)
        .unwrap_or_default();
    let kind = scope.and_then(|s| get(s, "type")).and_then(text);
    let Some(Value::Map(values)) = get(entry, "values") else {
        return None;
    };
    Some(ScopedDefaults {
        path,
        kind,
        values: values.clone(),
    })
}

/// Zola's configuration keys are snake_case where Hugo's are camelCase.
fn is_zola(config: &Value) -> bool {
    [
        "base_url",
        "default_language",
        "compile_sass",
        "build_search_index",
    ]
    .iter()
    .any(|k| get(config, k).is_some())
}

/// Which configuration file makes `dir` a site root, and the engine it names (`None`: Hugo or
/// Zola, to be told by what the file says).
fn config_file(dir: &Path) -> Option<(Option<Engine>, PathBuf, DataFormat)> {
    if let Some(path) = JEKYLL_CONFIGS
        .iter()
        .map(|c| dir.join(c))
        .find(|p| p.is_file())
    {
        return Some((Some(Engine::Jekyll), path, DataFormat::Yaml));
    }
    if let Some((path, format)) = HUGO_CONFIGS
        .iter()
        .map(|(c, f)| (dir.join(c), *f))
        .find(|(p, _)| p.is_file())
    {
        return Some((Some(Engine::Hugo), path, format));
    }
    if !dir.join("content").is_dir() {
        return None;
    }
    SHARED_CONFIGS
        .iter()
        .map(|(c, f)| (dir.join(c), *f))
        .find(|(p, _)| p.is_file())
        .map(|(p, f)| (None, p, f))
}

/// Whether `dir` holds a file named as Hugo's or Zola's configuration.
pub fn has_hugo_or_zola_config(dir: &Path) -> bool {
    HUGO_CONFIGS
        .iter()
        .chain(SHARED_CONFIGS)
        .any(|(c, _)| dir.join(c).is_file())
}

/// Whether `dir` holds a site configuration (Jekyll's, or Hugo's or Zola's with `content/`).
pub fn is_site_root(dir: &Path) -> bool {
    config_file(dir).is_some()
}

/// What a folder's own entries say of it as a site root, noted from its listing: the walk
/// reads every folder's entries anyway, where asking each configuration's name would be a
/// dozen `stat`s a folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RootMarks {
    jekyll_config: bool,
    hugo_config: bool,
    shared_config: bool,
    content: bool,
}

impl RootMarks {
    /// Notes the entry `name`, a file or a folder (links followed) or neither.
    pub fn note(&mut self, name: &std::ffi::OsStr, is_file: bool, is_dir: bool) {
        let Some(name) = name.to_str() else {
            return;
        };
        if is_file {
            self.jekyll_config |= JEKYLL_CONFIGS.contains(&name);
            self.hugo_config |= HUGO_CONFIGS.iter().any(|(c, _)| *c == name);
            self.shared_config |= SHARED_CONFIGS.iter().any(|(c, _)| *c == name);
        }
        self.content |= is_dir && name == "content";
    }

    /// [`is_site_root`] of the folder.
    pub fn is_site_root(self) -> bool {
        self.jekyll_config || self.hugo_config || (self.content && self.shared_config)
    }

    /// A Hugo or Zola site root: a configuration of theirs beside `content/`, where all
    /// its posts are.
    pub fn is_content_site_root(self) -> bool {
        self.content && (self.hugo_config || self.shared_config)
    }
}

/// A regular file's text, refused past `limit` bytes or when it is not UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("over {} MB; not read", limit >> 20));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".into())
}

/// The value under `key` of a map, whatever the key's case (Hugo's keys are
/// case-insensitive; Jekyll's are not, but no two differ only by case in practice).
pub fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

fn list_of_texts(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.iter().filter_map(text).collect(),
        Some(other) => text(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Finds and reads the sites of many posts, each folder asked once and each site read once.
#[derive(Debug, Default)]
pub struct SiteFinder {
    /// A folder (canonical) → the site root it belongs to, if any.
    roots: FastMap<PathBuf, Option<PathBuf>>,
    /// Folders (canonical) whose listing said whether they are a site root.
    listed: FastMap<PathBuf, bool>,
    sites: HashMap<PathBuf, Arc<SiteConfig>>,
    /// The last post folder asked about (as given) and its answer: posts come folder by folder.
    last: Option<(PathBuf, Option<Placed>)>,
    canonical: crate::canonical::CanonicalFolders,
}

/// A post's site and its path below the site's root.
#[derive(Debug, Clone)]
pub struct Placed {
    pub site: Arc<SiteConfig>,
    /// The post's folder below the root.
    pub folder: PathBuf,
}

impl Placed {
    pub fn inherited(&self, post: &Path) -> Inherited {
        let name = post.file_name().map(Path::new).unwrap_or(Path::new(""));
        self.site.inherited(&self.folder.join(name))
    }
}

impl SiteFinder {
    /// A finder for posts in `folders`, whose canonical paths are found on every core first.
    pub fn expecting(folders: &[&Path]) -> SiteFinder {
        SiteFinder {
            canonical: crate::canonical::CanonicalFolders::expecting(folders),
            ..SiteFinder::default()
        }
    }

    /// A finder for posts in the folders a walk read: each as given, whether it was reached
    /// as a folder rather than through a link, and what its listing said ([`RootMarks`]).
    /// Site roots among them are known without a `stat`; only folders above the walk's
    /// root are asked.
    pub fn from_listings<'a>(
        folders: impl IntoIterator<Item = (&'a Path, bool, RootMarks)>,
    ) -> SiteFinder {
        let folders: Vec<(&Path, bool, RootMarks)> = folders.into_iter().collect();
        let mut canonical = crate::canonical::CanonicalFolders::knowing(
            folders
                .iter()
                .map(|&(path, plain, _)| (path.to_path_buf(), plain))
                .collect(),
        );
        let listed = folders
            .iter()
            .filter_map(|&(path, _, marks)| Some((canonical.of(path)?, marks.is_site_root())))
            .collect();
        SiteFinder {
            canonical,
            listed,
            ..SiteFinder::default()
        }
    }

    /// A finder that has found the sites at `roots` (canonical), each as placing a post of
    /// it would: for their [`SiteFinder::stamp`] and [`SiteFinder::problems`].
    fn having(roots: impl IntoIterator<Item = PathBuf>) -> SiteFinder {
        let mut finder = SiteFinder::default();
        for root in roots {
            if let Some(site) = SiteConfig::at(&root) {
                finder.sites.insert(root, Arc::new(site));
            }
        }
        finder
    }

    /// The sites of the posts a walk found, from its folders alone, as placing each post
    /// finds them (for their [`SiteFinder::stamp`] and [`SiteFinder::problems`]): for each
    /// folder holding posts, the nearest folder at or above it that its listing marks a site
    /// root, or above the walk's root one with a configuration, no further up than
    /// [`SiteFinder::place`] looks. No map of every folder's canonical path and site: at
    /// 37,000 folders those were 18 MB. `None` when a folder was reached through a link
    /// (its real ancestors are not the walk's) or the root does not resolve.
    pub(crate) fn of_walk(folders: &[WalkedFolder]) -> Option<SiteFinder> {
        let root = folders.first()?;
        if folders[1..].iter().any(|folder| !folder.plain) {
            return None;
        }
        let canonical_root = fs::canonicalize(&root.path).ok()?;
        // Each folder's depth, and the nearest site root at or above it among the folders
        // (parents come first).
        let mut depth = vec![0usize; folders.len()];
        let mut nearest: Vec<Option<usize>> = vec![None; folders.len()];
        for (at, folder) in folders.iter().enumerate() {
            if let Some(parent) = folder.parent {
                depth[at] = depth[parent] + 1;
                nearest[at] = nearest[parent];
            }
            if folder.marks.is_site_root() {
                nearest[at] = Some(at);
            }
        }
        let mut above: Option<Vec<Option<PathBuf>>> = None;
        let mut roots = std::collections::BTreeSet::new();
        for (at, _) in folders.iter().enumerate().filter(|(_, f)| f.posts) {
            match nearest[at] {
                Some(site) if depth[at] - depth[site] < MAX_ROOT_DISTANCE => {
                    // Joined to nothing, a path would end in a slash: another site's name.
                    let below = folders[site].path.strip_prefix(&root.path).ok()?;
                    roots.insert(match below.as_os_str().is_empty() {
                        true => canonical_root.clone(),
                        false => canonical_root.join(below),
                    });
                }
                Some(_) => {}
                None => {
                    // The walk's root is `depth` up; its ancestors further.
                    let above = above.get_or_insert_with(|| {
                        canonical_root
                            .ancestors()
                            .skip(1)
                            .take(MAX_ROOT_DISTANCE)
                            .map(|dir| is_site_root(dir).then(|| dir.to_path_buf()))
                            .collect()
                    });
                    let reach = MAX_ROOT_DISTANCE.saturating_sub(depth[at] + 1);
                    if let Some(site) = above.iter().take(reach).find_map(Option::as_ref) {
                        roots.insert(site.clone());
                    }
                }
            }
        }
        Some(SiteFinder::having(roots))
    }

    /// The site of the post at `post`, if it belongs to one.
    pub fn place(&mut self, post: &Path) -> Option<Placed> {
        let folder = match post.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Some((known, answer)) = &self.last
            && known == folder
        {
            return answer.clone();
        }
        let answer = self.place_folder(folder);
        self.last = Some((folder.to_path_buf(), answer.clone()));
        answer
    }

    fn place_folder(&mut self, folder: &Path) -> Option<Placed> {
        let canonical = self.canonical.of(folder)?;
        let root = self.root_of(&canonical)?;
        let site = match self.sites.get(&root) {
            Some(site) => Arc::clone(site),
            None => {
                let site = Arc::new(SiteConfig::at(&root)?);
                self.sites.insert(root.clone(), Arc::clone(&site));
                site
            }
        };
        let below = canonical.strip_prefix(&root).ok()?.to_path_buf();
        Some(Placed {
            site,
            folder: below,
        })
    }

    fn root_of(&mut self, canonical: &Path) -> Option<PathBuf> {
        let mut asked = Vec::new();
        let mut found = None;
        for dir in canonical.ancestors().take(MAX_ROOT_DISTANCE) {
            if let Some(known) = self.roots.get(dir) {
                found = known.clone();
                break;
            }
            asked.push(dir.to_path_buf());
            let is_root = match self.listed.get(dir) {
                Some(&listed) => listed,
                None => is_site_root(dir),
            };
            if is_root {
                found = Some(dir.to_path_buf());
                break;
            }
        }
        for dir in asked {
            self.roots.insert(dir, found.clone());
        }
        found
    }

    /// Problems met reading the sites' configurations, each once.
    /// What the sites found so far say, as one number: an index of posts parsed under other
    /// site configurations (defaults, languages) is not this one's.
    pub fn stamp(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut sites: Vec<&Arc<SiteConfig>> = self.sites.values().collect();
        sites.sort_by(|a, b| a.root.cmp(&b.root));
        let mut h = std::hash::DefaultHasher::new();
        for site in sites {
            format!("{site:?}").hash(&mut h);
        }
        h.finish()
    }

    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut sites: Vec<&Arc<SiteConfig>> = self.sites.values().collect();
        sites.sort_by(|a, b| a.root.cmp(&b.root));
        sites
            .into_iter()
            .flat_map(|s| s.problems.iter().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, SiteConfig) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let root = fs::canonicalize(dir.path()).unwrap();
        let site = SiteConfig::at(&root).expect("a site");
        (dir, site)
    }

    fn inherited_text(site: &SiteConfig, post: &str, key: &str) -> Option<String> {
        site.inherited(Path::new(post))
            .fields
            .into_iter()
            .find(|f| f.key == key)
            .and_then(|f| text(&f.value))
    }

    const JEKYLL: &str = "lang: en\ncollections:\n  docs:\n    output: true\ndefaults:\n\
        - scope: {path: ''}\n  values: {author: Site, lang: en}\n\
        - scope: {path: _posts, type: posts}\n  values: {author: Poster, layout: post}\n\
        - scope: {path: _posts/ja}\n  values: {lang: ja}\n\
        - scope: {path: '', type: docs}\n  values: {layout: doc}\n\
        - scope: {path: 'notes/*/drafts'}\n  values: {draft: true}\n";

    #[test]
    fn jekyll_defaults_apply_by_path_and_type_the_most_specific_last() {
        let (_dir, site) = site(&[("_config.yml", JEKYLL)]);
        assert_eq!(site.engine, Engine::Jekyll);
        assert_eq!(site.collections, ["docs"]);
        let post = "_posts/2024-01-01-a.md";
        assert_eq!(
            inherited_text(&site, post, "author").as_deref(),
            Some("Poster")
        );
        assert_eq!(
            inherited_text(&site, post, "layout").as_deref(),
            Some("post")
        );
        assert_eq!(
            inherited_text(&site, "about.md", "author").as_deref(),
            Some("Site")
        );
        assert_eq!(inherited_text(&site, "about.md", "layout"), None);
        assert_eq!(
            inherited_text(&site, "_docs/x.md", "layout").as_deref(),
            Some("doc")
        );
        let draft = site.inherited(Path::new("notes/a/drafts/x.md"));
        assert!(draft.fields.iter().any(|f| f.key == "draft"));
        assert!(
            !site
                .inherited(Path::new("notes/a/b/x.md"))
                .fields
                .iter()
                .any(|f| f.key == "draft")
        );
    }

    #[test]
    fn a_scoped_lang_default_names_the_posts_language_the_unscoped_one_the_sites() {
        let (_dir, site) = site(&[("_config.yml", JEKYLL)]);
        let ja = site.inherited(Path::new("_posts/ja/2024-01-01-a.md"));
        assert!(ja.fields.iter().any(|f| f.key == "lang"));
        let en = site.inherited(Path::new("_posts/2024-01-01-a.md"));
        assert!(!en.fields.iter().any(|f| f.key == "lang"));
        assert_eq!(en.lang.as_deref(), Some("en"));
        // A language folder beats the site's default.
        let ko = site.inherited(Path::new("_posts/ko/2024-01-01-a.md"));
        assert_eq!(ko.lang.as_deref(), Some("ko"));
    }

    #[test]
    fn hugo_languages_content_dirs_and_params_author() {
        let (_dir, site) = site(&[
            (
                "config.toml",
                "defaultContentLanguage = \"zh\"\n[params]\nauthor = \"Team\"\n\
                 [languages.en]\ncontentDir = \"content/english\"\n[languages.zh]\nweight = 2\n",
            ),
            ("content/english/a.md", ""),
        ]);
        assert_eq!(site.engine, Engine::Hugo);
        assert_eq!(site.languages, ["en", "zh"]);
        assert_eq!(site.default_lang.as_deref(), Some("zh"));
        let english = site.inherited(Path::new("content/english/post/index.md"));
        assert_eq!(english.lang.as_deref(), Some("en"));
        assert_eq!(
            site.inherited(Path::new("content/post/index.md"))
                .lang
                .as_deref(),
            Some("zh")
        );
        assert_eq!(
            site.inherited(Path::new("content/post/index.en.md"))
                .lang
                .as_deref(),
            Some("en")
        );
        assert_eq!(
            inherited_text(&site, "content/a.md", "author").as_deref(),
            Some("Team")
        );
    }

    #[test]
    fn zola_is_told_from_hugo_by_its_keys() {
        let (_dir, site) = site(&[
            (
                "config.toml",
                "base_url = \"https://x\"\ndefault_language = \"fr\"\n[languages.ja]\n",
            ),
            ("content/a.md", ""),
        ]);
        assert_eq!(site.engine, Engine::Zola);
        assert_eq!(site.default_lang.as_deref(), Some("fr"));
        assert_eq!(site.languages, ["ja"]);
    }

    #[test]
    fn hugo_yaml_and_json_configs_are_read() {
        let (_dir, site) = site(&[("hugo.yaml", "defaultContentLanguage: ko\n")]);
        assert_eq!(
            (site.engine, site.default_lang.as_deref()),
            (Engine::Hugo, Some("ko"))
        );
        let (_dir, site) = site_json();
        assert_eq!(site.default_lang.as_deref(), Some("ja"));
    }

    fn site_json() -> (tempfile::TempDir, SiteConfig) {
        site(&[
            ("config.json", "{\"defaultContentLanguage\": \"ja\"}"),
            ("content/a.md", ""),
        ])
    }

    #[test]
    fn a_config_toml_without_content_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "config.toml", "title = \"x\"\n");
        assert!(SiteConfig::at(dir.path()).is_none());
    }

    #[test]
    fn a_broken_configuration_is_reported_and_the_site_still_found() {
        let (_dir, site) = site(&[("_config.yml", "a: [\n")]);
        assert_eq!(site.problems.len(), 1);
        assert!(site.problems[0].message.contains("site configuration"));
    }

    #[test]
    fn the_finder_places_posts_below_the_nearest_root() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_config.yml", "lang: ja\n");
        write(dir.path(), "_posts/2024/2024-01-01-a.md", "x");
        write(dir.path(), "sub/hugo.toml", "");
        let mut finder = SiteFinder::default();
        let placed = finder
            .place(&dir.path().join("_posts/2024/2024-01-01-a.md"))
            .unwrap();
        assert_eq!(placed.site.engine, Engine::Jekyll);
        assert_eq!(placed.folder, Path::new("_posts/2024"));
        fs::create_dir_all(dir.path().join("sub/content")).unwrap();
        let nested = finder.place(&dir.path().join("sub/content/x.md")).unwrap();
        assert_eq!(nested.site.engine, Engine::Hugo);
        assert_eq!(nested.folder, Path::new("content"));
        let outside = tempfile::tempdir().unwrap();
        assert!(finder.place(&outside.path().join("x.md")).is_none());
    }

    #[test]
    fn scope_globs_match_within_one_name() {
        assert!(glob_matches("*", "anything"));
        assert!(glob_matches("2024-*", "2024-01"));
        assert!(glob_matches("a*c*e", "abcde"));
        assert!(!glob_matches("a*c", "ab"));
        assert!(scope_holds("", Path::new("x.md")));
        assert!(scope_holds("_posts/", Path::new("_posts/x.md")));
        assert!(!scope_holds("_posts", Path::new("_postsx/x.md")));
    }

    /// The sites found from a walk's folders alone are those placing every post finds: their
    /// stamp and problems agree, for sites in the walk, nested, above it, out of reach, with
    /// a broken configuration, or none.
    #[test]
    fn the_sites_of_a_walk_are_those_placing_its_posts_finds() {
        let layouts: &[&[(&str, &str)]] = &[
            &[("a.md", "x"), ("notes/b.md", "x")],
            &[
                ("blog/_config.yml", "lang: ja\n"),
                ("blog/_posts/a.md", "x"),
                ("c.md", "x"),
            ],
            &[
                ("hugo.toml", "languageCode = 'fr'\n"),
                ("content/posts/a.md", "x"),
                ("content/posts/b/index.md", "x"),
            ],
            &[
                ("_config.yml", "title: outer\n"),
                ("inner/_config.yml", "title: [broken\n"),
                ("inner/_posts/a.md", "x"),
                ("outer.md", "x"),
            ],
            &[("_config.yml", "title: t\n"), ("empty/readme.txt", "x")],
        ];
        for (case, files) in layouts.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            for (path, text) in *files {
                write(dir.path(), path, text);
            }
            // The walk from the folder, and from a folder below it (the site above).
            for walked_from in [dir.path().to_path_buf(), dir.path().join("blog")] {
                if !walked_from.is_dir() {
                    continue;
                }
                let walk = super::super::walk::walk(&walked_from);
                let from_folders = SiteFinder::of_walk(&walk.folders).expect("plain folders");
                let (_, _, placing) = super::super::place_in_sites(walk);
                let roots = |f: &SiteFinder| {
                    f.sites
                        .keys()
                        .cloned()
                        .collect::<std::collections::BTreeSet<_>>()
                };
                assert_eq!(
                    roots(&from_folders),
                    roots(&placing),
                    "case {case} from {walked_from:?}"
                );
                assert_eq!(from_folders.stamp(), placing.stamp(), "case {case}");
                assert_eq!(from_folders.problems(), placing.problems(), "case {case}");
                assert_eq!(from_folders.sites.len(), placing.sites.len(), "case {case}");
            }
        }
        // A folder as deep as the finder looks for its site: out of reach.
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_config.yml", "title: t\n");
        let deep = (0..MAX_ROOT_DISTANCE)
            .map(|i| format!("d{i}/"))
            .collect::<String>();
        write(dir.path(), &format!("{deep}a.md"), "x");
        write(dir.path(), "near/a.md", "x");
        let walk = super::super::walk::walk(&dir.path().join("d0"));
        let from_folders = SiteFinder::of_walk(&walk.folders).unwrap();
        let (_, _, placing) = super::super::place_in_sites(walk);
        assert_eq!(from_folders.sites.len(), 0);
        assert_eq!(from_folders.stamp(), placing.stamp());
        let walk = super::super::walk::walk(dir.path());
        let from_folders = SiteFinder::of_walk(&walk.folders).unwrap();
        let (_, _, placing) = super::super::place_in_sites(walk);
        assert_eq!(from_folders.sites.len(), 1);
        assert_eq!(from_folders.stamp(), placing.stamp());
        // Through a link, the folders' ancestors are not the walk's: not answered.
        std::os::unix::fs::symlink(dir.path().join("near"), dir.path().join("link")).unwrap();
        let walk = super::super::walk::walk(dir.path());
        assert!(SiteFinder::of_walk(&walk.folders).is_none());
    }
}
