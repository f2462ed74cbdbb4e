//! Tags area: `/api/v1/repository/{ns}/{repo}/tag/...` and `.../manifest/{digest}[/labels]`.
//!
//! Quay's tag model (OCI): every tag *row* has a lifetime `[start, end)`. Creating or moving a tag
//! ends the alive row of that name (end = now) and starts a new row (start = now); a restore does the
//! same with `reversion: true`; a delete ends the alive row; an expiration sets the end of the alive
//! row in the future (it stays alive until then). The history (`onlyActiveTags=false`, the default)
//! lists every row, newest start first. Times are kept in milliseconds, shown in seconds.
//!
//! * [`handlers`]: the endpoints; [`seed`]: the start data; [`view`]: JSON shapes; [`immutable`]:
//!   immutable tags.

mod handlers;
pub mod immutable;
mod seed;
mod view;

use std::collections::{BTreeMap, HashMap};

use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};

use crate::world::World;
use crate::AppState;

/// One tag row (Quay's `Tag` table).
#[derive(Clone, Debug)]
pub struct TagRow {
    pub name: String,
    pub digest: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub reversion: bool,
    /// Quay's `Tag.immutable`: set by `PUT tag/{t} {"immutable"}` or an immutability policy.
    pub immutable: bool,
}

impl TagRow {
    /// Alive at `now_ms`: no end, or an end in the future (an expiration).
    pub fn alive_at(&self, now_ms: i64) -> bool {
        self.end_ms.is_none_or(|end| end > now_ms)
    }
}

/// A label on a manifest; `source_type` is `manifest` (from the image, immutable) or `api`.
#[derive(Clone, Debug)]
pub struct Label {
    pub id: String,
    pub key: String,
    pub value: String,
    pub source_type: String,
    pub media_type: String,
}

/// A manifest of a repository. Layers are derived from the digest when shown.
#[derive(Clone, Debug)]
pub struct Manifest {
    pub digest: String,
    pub is_list: bool,
    /// Sum of the compressed layer sizes; `None` for manifest lists (as Quay reports them).
    pub size: Option<u64>,
    /// When it was pushed (unix seconds), for the layer dates.
    pub created: i64,
    /// Child manifests of a list (`linux/amd64`, `linux/arm64`, ...).
    pub children: Vec<(String, String)>,
    pub labels: Vec<Label>,
}

/// The tags and manifests of one repository.
#[derive(Clone, Debug, Default)]
pub struct RepoTags {
    pub rows: Vec<TagRow>,
    /// Keyed by digest.
    pub manifests: BTreeMap<String, Manifest>,
}

impl RepoTags {
    pub fn manifest(&self, digest: &str) -> Option<&Manifest> {
        self.manifests.get(digest)
    }

    pub fn manifest_mut(&mut self, digest: &str) -> Option<&mut Manifest> {
        self.manifests.get_mut(digest)
    }

    pub fn add_manifest(&mut self, manifest: Manifest) {
        self.manifests.insert(manifest.digest.clone(), manifest);
    }

    /// Index of the alive row named `name`.
    pub fn alive_index(&self, name: &str, now_ms: i64) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.name == name && r.alive_at(now_ms))
    }

    /// Quay's `retarget_tag`: ends the alive row of `name` at `now_ms` and starts a new one.
    /// Returns the digest the tag pointed to before, if it was alive.
    pub fn retarget(
        &mut self,
        name: &str,
        digest: &str,
        now_ms: i64,
        reversion: bool,
    ) -> Option<String> {
        let previous = self.alive_index(name, now_ms).and_then(|i| {
            let row = self.rows.get_mut(i)?;
            row.end_ms = Some(now_ms);
            Some(row.digest.clone())
        });
        self.rows.push(TagRow {
            name: name.to_owned(),
            digest: digest.to_owned(),
            start_ms: now_ms,
            end_ms: None,
            reversion,
            immutable: false,
        });
        previous
    }
}

/// Tag data of every repository, keyed by `namespace/name`. `big_tag_count` is `--tags`.
#[derive(Debug, Default)]
pub struct TagStore {
    pub big_tag_count: usize,
    pub repos: HashMap<String, RepoTags>,
    /// Last timestamp handed out by [`TagStore::tick`], so that changes never share a millisecond.
    pub clock_ms: i64,
}

impl TagStore {
    pub fn repo(&self, namespace: &str, repo: &str) -> Option<&RepoTags> {
        self.repos.get(&format!("{namespace}/{repo}"))
    }

    /// The repository's tags, created empty on first use.
    pub fn repo_mut(&mut self, namespace: &str, repo: &str) -> &mut RepoTags {
        self.repos.entry(format!("{namespace}/{repo}")).or_default()
    }

    /// Now in milliseconds, strictly after every earlier tick.
    pub fn tick(&mut self) -> i64 {
        let now = now_ms().max(self.clock_ms + 1);
        self.clock_ms = now;
        now
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub fn seed(world: &mut World) {
    seed::seed(world);
}

/// The `tags` object of `GET /api/v1/repository/{ns}/{repo}`: `{name: {name, size, last_modified,
/// manifest_digest}}` for the alive tags.
pub fn repo_view_tags(world: &World, namespace: &str, repo: &str) -> Value {
    let mut map = Map::new();
    if let Some(tags) = world.tags.repo(namespace, repo) {
        let now = now_ms();
        for row in tags.rows.iter().filter(|r| r.alive_at(now)) {
            map.insert(row.name.clone(), view::brief(tags, row));
        }
    }
    Value::Object(map)
}

pub fn routes() -> Router<AppState> {
    let base = "/api/v1/repository/{namespace}/{repo}";
    Router::new()
        .route(&format!("{base}/tag/"), get(handlers::list))
        .route(
            &format!("{base}/tag/{{tag}}"),
            axum::routing::put(handlers::change).delete(handlers::delete),
        )
        .route(
            &format!("{base}/tag/{{tag}}/restore"),
            axum::routing::post(handlers::restore),
        )
        .route(
            &format!("{base}/tag/{{tag}}/expire"),
            axum::routing::post(handlers::expire),
        )
        .route(
            &format!("{base}/manifest/{{digest}}"),
            get(handlers::manifest),
        )
        .route(
            &format!("{base}/manifest/{{digest}}/labels"),
            get(handlers::labels).post(handlers::add_label),
        )
        .route(
            &format!("{base}/manifest/{{digest}}/labels/{{labelid}}"),
            get(handlers::label).delete(handlers::delete_label),
        )
}

/// Quay's `TAG_REGEX` `^[\w][\w.-]{0,127}$` (ASCII word characters, as its error message says).
pub fn valid_tag_name(name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = name.chars();
    chars.next().is_some_and(word)
        && name.len() <= 128
        && chars.all(|c| word(c) || c == '.' || c == '-')
}

/// Quay's label key rule `^[a-z0-9](([a-z0-9]|[-.](?![.-]))*[a-z0-9])?$`, at most 255 characters.
pub fn valid_label_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let sep = |b: &u8| *b == b'-' || *b == b'.';
    !bytes.is_empty()
        && bytes.len() <= 255
        && bytes.first().is_some_and(alnum)
        && bytes.last().is_some_and(alnum)
        && bytes.iter().all(|b| alnum(b) || sep(b))
        && !bytes.windows(2).any(|w| w.iter().all(sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_name_rule() {
        for ok in ["latest", "v1.0", "_x", "A-b.c_d", &"a".repeat(128)] {
            assert!(valid_tag_name(ok), "{ok}");
        }
        for bad in ["", ".x", "-x", "a b", "a/b", "ü", &"a".repeat(129), "a:b"] {
            assert!(!valid_tag_name(bad), "{bad}");
        }
    }

    #[test]
    fn label_key_rule() {
        for ok in ["a", "com.example.key", "a-b.c", "x9"] {
            assert!(valid_label_key(ok), "{ok}");
        }
        for bad in ["", "A", "-a", "a-", "a..b", "a.-b", "a_b", &"a".repeat(256)] {
            assert!(!valid_label_key(bad), "{bad}");
        }
    }

    #[test]
    fn retarget_ends_the_alive_row() {
        let mut repo = RepoTags::default();
        assert_eq!(repo.retarget("t", "sha256:a", 1000, false), None);
        assert_eq!(
            repo.retarget("t", "sha256:b", 2000, true).as_deref(),
            Some("sha256:a")
        );
        assert_eq!(repo.rows.len(), 2);
        assert_eq!(repo.rows.first().and_then(|r| r.end_ms), Some(2000));
        assert_eq!(repo.alive_index("t", 3000), Some(1));
    }
}
