//! Start data for the tags area: `devtable/simple` as recorded (`latest`, `prod`, and the manifest of
//! `newtag`) with a long history, long histories in `devtable/history`, manifest lists and labels in
//! `devtable/complex`, a few tags everywhere else, and `--tags` tags in `buynlarge/big`.
//!
//! Uses its own generator (seeded from `--seed`) so the other areas' data does not depend on it.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{Label, Manifest, RepoTags, TagRow, TagStore};
use crate::util;
use crate::world::World;

/// Recorded digests of `devtable/simple` (`tags_list.json`, `tag_create_put`).
pub const SIMPLE_LATEST: &str =
    "sha256:147e953181af1ee6b90befe18567e66a6cfc45474c0d23310e181731fec70be0";
pub const SIMPLE_PROD: &str =
    "sha256:1b4d13006ac912fe8846ae88a76f7b0fc1b6716ea6eab84f43bfd2f7eb6fcc49";
pub const SIMPLE_NEWTAG: &str =
    "sha256:2055a332b8f0c885a59e47d60dd3df5f90615addb199c6ee1718da50cff7fd88";

const DAY: i64 = 86_400;

/// A digest for a seed string whose varying part comes last: hashed back to front, so that
/// neighbours (`big/41`, `big/42`) do not share their first hex digits.
fn digest_of(seed: &str) -> String {
    util::fake_digest(&seed.chars().rev().collect::<String>())
}

/// How a generated tag's story ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Alive,
    /// Deleted this many days ago.
    Deleted(i64),
    /// Had an expiration that passed this many days ago.
    Expired(i64),
    /// Alive, expiring in this many days.
    Expiring(i64),
}

struct Gen<'a> {
    rng: StdRng,
    now: i64,
    repo: &'a mut RepoTags,
    key: String,
}

impl Gen<'_> {
    /// A manifest (new, or the existing one with that digest); returns its digest.
    fn manifest(&mut self, digest: String, is_list: bool, created: i64) -> String {
        if self.repo.manifest(&digest).is_none() {
            let size = (!is_list).then(|| self.rng.gen_range(2_000_000u64..420_000_000));
            let children = if is_list {
                ["linux/amd64", "linux/arm64", "linux/ppc64le", "linux/s390x"]
                    .iter()
                    .map(|p| ((*p).to_owned(), digest_of(&format!("{digest}/{p}"))))
                    .collect()
            } else {
                Vec::new()
            };
            let labels = if self.rng.gen_bool(0.5) {
                self.image_labels(&digest, created)
            } else {
                Vec::new()
            };
            self.repo.add_manifest(Manifest {
                digest: digest.clone(),
                is_list,
                size,
                created,
                children,
                labels,
            });
        }
        digest
    }

    fn image_labels(&mut self, digest: &str, created: i64) -> Vec<Label> {
        let mut uuid = || util::uuid(&mut self.rng);
        let plain = |id: String, key: &str, value: String| Label {
            id,
            key: key.to_owned(),
            value,
            source_type: "manifest".to_owned(),
            media_type: "text/plain".to_owned(),
        };
        vec![
            plain(
                uuid(),
                "org.opencontainers.image.source",
                format!("https://github.com/example/{}", self.key.replace('/', "-")),
            ),
            plain(
                uuid(),
                "org.opencontainers.image.revision",
                util::fake_hash(digest).chars().take(12).collect(),
            ),
            plain(
                uuid(),
                "org.opencontainers.image.created",
                util::iso_date(created),
            ),
        ]
    }

    /// A tag whose `versions` rows follow each other (each move ends the previous row), the first
    /// starting `age_days` ago. Every fifth move after the third is a restore of an earlier manifest.
    fn tag(&mut self, name: &str, versions: usize, age_days: i64, end: End, list_every: usize) {
        let versions = versions.max(1);
        let first = self.now - age_days * DAY;
        let last_start = match end {
            End::Deleted(d) | End::Expired(d) => self.now - d * DAY - DAY / 2,
            _ => self.now - 3_600 - self.rng.gen_range(0..3_600),
        };
        let span = (last_start - first).max(i64::try_from(versions).unwrap_or(1));
        let step = span / i64::try_from(versions).unwrap_or(1);
        let mut digests: Vec<String> = Vec::new();
        for v in 0..versions {
            let start_s = first
                + step * i64::try_from(v).unwrap_or(0)
                + self.rng.gen_range(0..step.max(2) / 2);
            let restore = v >= 3 && v % 5 == 4;
            let digest = match digests.get(v.saturating_sub(3)).filter(|_| restore) {
                Some(old) => old.clone(),
                None => {
                    let is_list = list_every > 0 && v % list_every == list_every - 1;
                    self.manifest(
                        digest_of(&format!("{}/{name}/{v}", self.key)),
                        is_list,
                        start_s,
                    )
                }
            };
            digests.push(digest.clone());
            let start_ms = start_s * 1000 + self.rng.gen_range(0..1000);
            if let Some(prev) = self.repo.rows.last_mut().filter(|r| r.name == name) {
                prev.end_ms = Some(start_ms);
            }
            self.repo.rows.push(TagRow {
                name: name.to_owned(),
                digest,
                start_ms,
                end_ms: None,
                reversion: restore,
                immutable: false,
            });
        }
        if let Some(row) = self.repo.rows.last_mut() {
            row.end_ms = match end {
                End::Alive => None,
                End::Deleted(d) => Some((self.now - d * DAY) * 1000),
                End::Expired(d) => Some((self.now - d * DAY) * 1000 + 17),
                End::Expiring(d) => Some((self.now + d * DAY) * 1000),
            };
        }
    }
}

fn generator<'a>(store: &'a mut TagStore, seed: u64, now: i64, ns: &str, repo: &str) -> Gen<'a> {
    let key = format!("{ns}/{repo}");
    let salt = util::fake_hash(&key)
        .get(0..8)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0);
    let rng = StdRng::seed_from_u64(seed ^ salt);
    Gen {
        rng,
        now,
        repo: store.repo_mut(ns, repo),
        key,
    }
}

/// `devtable/simple`: the recorded `latest` and `prod` (last moved a few minutes before the seed, so
/// they lead the history), with long pasts, versions, a deleted, an expired and an expiring tag.
fn simple(store: &mut TagStore, seed: u64, now: i64) {
    let mut g = generator(store, seed, now, "devtable", "simple");
    g.tag("old-release", 4, 200, End::Deleted(20), 0);
    g.tag("pr-1182", 2, 12, End::Expired(3), 0);
    g.tag("canary", 6, 60, End::Deleted(2), 0);
    g.tag("staging", 5, 45, End::Expiring(5), 0);
    for (i, v) in ["v1.0", "v1.1", "v1.2", "v1.3", "v1.4"]
        .into_iter()
        .enumerate()
    {
        g.tag(
            v,
            1,
            150 - 25 * i64::try_from(i).unwrap_or(0),
            End::Alive,
            0,
        );
    }
    g.tag("prod", 12, 180, End::Alive, 0);
    g.tag("latest", 40, 120, End::Alive, 0);
    let created = now - 150 * DAY;
    g.manifest(SIMPLE_NEWTAG.to_owned(), false, created);
    g.manifest(SIMPLE_PROD.to_owned(), false, now - 2 * DAY);
    g.manifest(SIMPLE_LATEST.to_owned(), false, now - DAY);
    // v1.0 points at the recorded newtag manifest; prod and latest end on the recorded ones.
    let ends = [
        ("v1.0", SIMPLE_NEWTAG),
        ("prod", SIMPLE_PROD),
        ("latest", SIMPLE_LATEST),
    ];
    for (name, digest) in ends {
        if let Some(row) = g.repo.rows.iter_mut().rev().find(|r| r.name == name) {
            row.digest = digest.to_owned();
            row.reversion = false;
        }
    }
    // Make `latest` the newest row, then `prod` (the recorded order).
    let latest_ms = (now - 600) * 1000;
    for (name, start) in [("latest", latest_ms), ("prod", latest_ms - 1)] {
        if let Some(i) = g.repo.rows.iter().rposition(|r| r.name == name) {
            if let Some(prev) = g
                .repo
                .rows
                .iter_mut()
                .take(i)
                .rev()
                .find(|r| r.name == name)
            {
                prev.end_ms = Some(start);
            }
            if let Some(row) = g.repo.rows.get_mut(i) {
                row.start_ms = start;
            }
        }
    }
}

/// Generated names for `buynlarge/big`: versions, builds, pull requests, nightlies, commit tags.
pub fn big_name(i: usize) -> String {
    match i % 5 {
        0 => format!("v{}.{}.{}", i / 500, (i / 25) % 20, i % 25),
        1 => format!("build-{i:05}"),
        2 => format!(
            "pr-{}-{}",
            1000 + i,
            util::fake_hash(&i.to_string()).get(0..7).unwrap_or("0")
        ),
        3 => format!("nightly-{i:05}"),
        _ => format!(
            "sha-{}-{i}",
            util::fake_hash(&format!("c{i}")).get(0..10).unwrap_or("0")
        ),
    }
}

/// `buynlarge/big`: `count` alive tags, 15 minutes apart (newest first is `i = 0`), three tags per
/// manifest, every seventh manifest a list; one tag in ten was moved once before.
fn big(store: &mut TagStore, seed: u64, now: i64, count: usize) {
    let g = generator(store, seed, now, "buynlarge", "big");
    let repo = g.repo;
    repo.rows.reserve(count + count / 10);
    let ensure = |repo: &mut RepoTags, m: usize, created: i64| {
        let digest = digest_of(&format!("big/{m}"));
        if repo.manifest(&digest).is_none() {
            let is_list = m % 7 == 6;
            let children = if is_list {
                ["linux/amd64", "linux/arm64"]
                    .iter()
                    .map(|p| ((*p).to_owned(), digest_of(&format!("big/{m}/{p}"))))
                    .collect()
            } else {
                Vec::new()
            };
            let m64 = u64::try_from(m).unwrap_or(0);
            repo.add_manifest(Manifest {
                digest: digest.clone(),
                is_list,
                size: (!is_list).then(|| 5_000_000 + (m64 * 7_919_993) % 600_000_000),
                created,
                children,
                labels: Vec::new(),
            });
        }
        digest
    };
    for i in 0..count {
        let start_s = now - 1_800 - i64::try_from(i).unwrap_or(0) * 900;
        let start_ms = start_s * 1000 + i64::try_from(i % 997).unwrap_or(0);
        let digest = ensure(repo, i / 3, start_s);
        let name = big_name(i);
        if i % 10 == 7 {
            let before = ensure(repo, i / 3 + 1, start_s - 3 * DAY);
            repo.rows.push(TagRow {
                name: name.clone(),
                digest: before,
                start_ms: start_ms - 3 * DAY * 1000,
                end_ms: Some(start_ms),
                reversion: false,
                immutable: false,
            });
        }
        repo.rows.push(TagRow {
            name,
            digest,
            start_ms,
            end_ms: None,
            reversion: false,
            immutable: false,
        });
    }
}

/// A few tags for a repository: `latest`, `stable` and versions.
fn few(store: &mut TagStore, seed: u64, now: i64, ns: &str, repo: &str, versions: &[&str]) {
    let mut g = generator(store, seed, now, ns, repo);
    for (i, v) in versions.iter().enumerate() {
        let age = 90 - 10 * i64::try_from(i).unwrap_or(0);
        g.tag(v, 1 + i % 3, age.max(5), End::Alive, 0);
    }
    g.tag("stable", 4, 100, End::Alive, 0);
    g.tag("latest", 8, 110, End::Alive, 0);
}

pub fn seed(world: &mut World) {
    let now = world.seeded_at;
    let seed = world.opts.seed;
    let mut store = TagStore {
        big_tag_count: world.opts.tags,
        ..TagStore::default()
    };
    simple(&mut store, seed, now);
    {
        let mut g = generator(&mut store, seed, now, "devtable", "history");
        for (i, name) in [
            "latest", "stable", "edge", "nightly", "prod", "qa", "v2", "v3",
        ]
        .iter()
        .enumerate()
        {
            let end = match i {
                3 => End::Deleted(1),
                5 => End::Expired(4),
                6 => End::Expiring(10),
                _ => End::Alive,
            };
            g.tag(name, 30 + 4 * i, 360, end, 0);
        }
    }
    {
        let mut g = generator(&mut store, seed, now, "devtable", "complex");
        for i in 0..40 {
            let name = if i % 4 == 0 {
                format!("multiarch-{i}")
            } else {
                format!("release-{i}")
            };
            let list_every = if i % 4 == 0 { 1 } else { 0 };
            g.tag(
                &name,
                1 + i % 3,
                200 - i64::try_from(i).unwrap_or(0) * 4,
                End::Alive,
                list_every,
            );
        }
    }
    {
        let mut g = generator(&mut store, seed, now, "devtable", "gargantuan");
        for i in 0..250_i64 {
            g.tag(&format!("build-{:04}", 250 - i), 1, 250 - i, End::Alive, 0);
        }
    }
    let etcd: Vec<String> = (0..18).map(|p| format!("v3.5.{p}")).collect();
    let etcd: Vec<&str> = etcd.iter().map(String::as_str).collect();
    few(&mut store, seed, now, "devtable", "mirrored", &etcd);
    for (ns, repo) in [
        ("devtable", "readonly"),
        ("devtable", "shared"),
        ("devtable", "building"),
        ("buynlarge", "orgrepo"),
        ("buynlarge", "anotherorgrepo"),
        ("buynlarge", "webapp"),
        ("public", "publicrepo"),
        ("randomuser", "randomrepo"),
        ("outsideorg", "coolrepo"),
        ("sellnsmall", "catalog"),
        ("testorgforautoprune", "autoprunerepo"),
    ] {
        few(&mut store, seed, now, ns, repo, &["v1.0", "v1.1", "v2.0"]);
    }
    let library: Vec<String> = world
        .repos
        .iter()
        .filter(|r| r.namespace == "library")
        .map(|r| r.name.clone())
        .collect();
    for name in &library {
        few(&mut store, seed, now, "library", name, &["1", "1.1"]);
    }
    let count = store.big_tag_count;
    big(&mut store, seed, now, count);
    store.clock_ms = now * 1000;
    world.tags = store;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::SeedOptions;

    #[test]
    fn seeds_what_the_recordings_need() {
        let world = World::seed(&SeedOptions {
            tags: 30,
            logs: 0,
            seed: 3,
            hostile: false,
        });
        let simple = world.tags.repo("devtable", "simple").expect("simple");
        let newest = simple.rows.iter().max_by_key(|r| r.start_ms).expect("rows");
        assert_eq!(
            (newest.name.as_str(), newest.digest.as_str()),
            ("latest", SIMPLE_LATEST)
        );
        assert!(newest.end_ms.is_none());
        assert!(simple.manifest(SIMPLE_NEWTAG).is_some());
        assert!(
            simple.rows.len() > 60,
            "long history: {}",
            simple.rows.len()
        );
        let now = super::super::now_ms();
        let alive = |name: &str| simple.alive_index(name, now).is_some();
        assert!(alive("prod") && alive("staging") && !alive("old-release") && !alive("pr-1182"));
        assert!(simple.rows.iter().any(|r| r.reversion));
        // Every row points at a known manifest, and at most one row per name is alive.
        for (key, repo) in &world.tags.repos {
            for row in &repo.rows {
                assert!(repo.manifest(&row.digest).is_some(), "{key} {}", row.name);
            }
            let mut alive: Vec<&str> = repo
                .rows
                .iter()
                .filter(|r| r.alive_at(now))
                .map(|r| r.name.as_str())
                .collect();
            let n = alive.len();
            alive.sort_unstable();
            alive.dedup();
            assert_eq!(alive.len(), n, "{key}");
        }
        let big = world.tags.repo("buynlarge", "big").expect("big");
        assert_eq!(big.rows.iter().filter(|r| r.alive_at(now)).count(), 30);
    }

    #[test]
    fn big_names_are_unique_and_valid() {
        let names: std::collections::BTreeSet<String> = (0..20_000).map(big_name).collect();
        assert_eq!(names.len(), 20_000);
        assert!(names.iter().all(|n| super::super::valid_tag_name(n)));
    }
}
