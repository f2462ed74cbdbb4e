//! Organization mirroring (`/organization/{org}/mirror`): one configuration per organization that
//! mirrors every repository of a Harbor project or Quay organization (filtered by globs) into it.
//!
//! * this file: the configuration as Quay shows it, the statuses and their counts, the mirrored
//!   repositories page and the verify answer, all decoded leniently (nulls, floats, numeric
//!   strings, statuses a newer Quay may add);
//! * [`form`]: the form's state, Quay's rules, and the create / partial-update bodies;
//! * [`rules`]: the checks of single fields (URL, robot, start date, filters).
//!
//! Quay's answers (recorded, `orgmirror_*`): GET → the config, 404 without one; POST → **201
//! `""`**; PUT (partial) → **200 `""`**; DELETE, `sync-now`, `sync-cancel` → 204; `verify` →
//! **200** `{"success", "message"}` also when the source cannot be reached. Only an empty
//! organization without a proxy cache can be mirrored ([`precondition`]); while it is mirrored,
//! Quay refuses to create repositories, immutability policies or a proxy cache in it.

pub mod form;
pub mod rules;

use crate::model::mirrors::{
    lenient_u64 as lenient, lenient_u64_or_zero as lenient_zero, null_default,
};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Where a mirror's repositories come from (`external_registry_type`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RegistryType {
    #[default]
    Quay,
    Harbor,
    /// A type this console does not know (a newer Quay), as sent.
    Other(String),
}

impl RegistryType {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        match text {
            "quay" => Self::Quay,
            "harbor" => Self::Harbor,
            other => Self::Other(other.to_owned()),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Quay => "quay",
            Self::Harbor => "harbor",
            Self::Other(s) => s,
        }
    }
}

/// A sync status: the configuration's (`OrgMirrorStatus`) and each repository's
/// (`OrgMirrorRepoStatus`, which adds `SKIP`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Status {
    Cancel,
    Fail,
    #[default]
    NeverRun,
    Success,
    Syncing,
    SyncNow,
    /// A repository left out (filters), repositories only.
    Skip,
    /// A status this console does not know, as sent.
    Other(String),
}

impl Status {
    /// Quay's seven, in its order (the order of `repo_sync_status_counts` and of its 400).
    pub const ALL: [Self; 7] = [
        Self::Cancel,
        Self::Fail,
        Self::NeverRun,
        Self::Success,
        Self::Syncing,
        Self::SyncNow,
        Self::Skip,
    ];

    /// Quay's name in any case (Quay's `?status=` filter is case-insensitive).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_uppercase().as_str() {
            "CANCEL" => Self::Cancel,
            "FAIL" => Self::Fail,
            "NEVER_RUN" => Self::NeverRun,
            "SUCCESS" => Self::Success,
            "SYNCING" => Self::Syncing,
            "SYNC_NOW" => Self::SyncNow,
            "SKIP" => Self::Skip,
            _ => Self::Other(text.to_owned()),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Cancel => "CANCEL",
            Self::Fail => "FAIL",
            Self::NeverRun => "NEVER_RUN",
            Self::Success => "SUCCESS",
            Self::Syncing => "SYNCING",
            Self::SyncNow => "SYNC_NOW",
            Self::Skip => "SKIP",
            Self::Other(s) => s,
        }
    }

    /// The message key of the status's name (`locales/*/org_mirror.txt`).
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::Cancel => "orgmirror.status.cancel",
            Self::Fail => "orgmirror.status.fail",
            Self::NeverRun => "orgmirror.status.never_run",
            Self::Success => "orgmirror.status.success",
            Self::Syncing => "orgmirror.status.syncing",
            Self::SyncNow => "orgmirror.status.sync_now",
            Self::Skip => "orgmirror.status.skip",
            Self::Other(_) => "orgmirror.status.other",
        }
    }

    /// A sync was asked for or is running (a view polls until it ends).
    #[must_use]
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::SyncNow | Self::Syncing)
    }

    /// Quay refuses `sync-now` only while a sync runs (400); twice, or disabled, is fine.
    #[must_use]
    pub fn can_sync_now(&self) -> bool {
        !matches!(self, Self::Syncing)
    }

    /// Quay refuses a second cancel (400 "Cannot cancel: mirror is already cancelled").
    #[must_use]
    pub fn can_cancel(&self) -> bool {
        !matches!(self, Self::Cancel)
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(text.map_or(Self::NeverRun, |t| Self::parse(&t)))
    }
}

/// A non-negative whole number sent as integer, float (`3600.0`), numeric string or null (shared
/// with the repository mirror's decoding).
#[must_use]
pub fn number_of(value: &Value) -> Option<u64> {
    crate::model::mirrors::number_of(value)
}

fn registry_type<'de, D: Deserializer<'de>>(d: D) -> Result<RegistryType, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .map_or_else(RegistryType::default, |t| RegistryType::parse(&t)))
}

/// Strings of a list; anything else in it is skipped.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    })
}

/// `repo_sync_status_counts`: how many mirrored repositories are in each status, Quay's seven
/// first (absent ones 0), then any status a newer Quay adds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts(pub Vec<(Status, u64)>);

impl StatusCounts {
    #[must_use]
    pub fn from_map(map: &Map<String, Value>) -> Self {
        let mut out: Vec<(Status, u64)> = Status::ALL
            .iter()
            .map(|s| {
                (
                    s.clone(),
                    map.get(s.as_str()).and_then(number_of).unwrap_or(0),
                )
            })
            .collect();
        for (k, v) in map {
            let status = Status::parse(k);
            if matches!(status, Status::Other(_)) {
                out.push((status, number_of(v).unwrap_or(0)));
            }
        }
        Self(out)
    }

    #[must_use]
    pub fn get(&self, status: &Status) -> u64 {
        self.0
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    }

    #[must_use]
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| *n).sum()
    }
}

impl<'de> Deserialize<'de> for StatusCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Object(map) => Self::from_map(&map),
            _ => Self::from_map(&Map::new()),
        })
    }
}

/// `external_registry_config.proxy`: the same object as a repository mirror's.
pub use crate::model::mirrors::Proxy;

/// `external_registry_config`: `{}` when nothing is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RegistryConfig {
    #[serde(default)]
    pub verify_tls: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    pub proxy: Proxy,
}

impl RegistryConfig {
    /// Quay's worker verifies TLS unless told `false`.
    #[must_use]
    pub fn verifies_tls(&self) -> bool {
        self.verify_tls.unwrap_or(true)
    }
}

/// `GET /organization/{org}/mirror`. The password is never sent back, only whether there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OrgMirrorConfig {
    #[serde(default, deserialize_with = "null_default")]
    pub is_enabled: bool,
    #[serde(default, deserialize_with = "registry_type")]
    pub external_registry_type: RegistryType,
    #[serde(default, deserialize_with = "null_default")]
    pub external_registry_url: String,
    #[serde(default, deserialize_with = "null_default")]
    pub external_namespace: String,
    #[serde(default)]
    pub external_registry_username: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub has_external_registry_password: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub external_registry_config: RegistryConfig,
    #[serde(default, deserialize_with = "strings")]
    pub repository_filters: Vec<String>,
    #[serde(default)]
    pub robot_username: Option<String>,
    /// `public` or `private`: of the repositories the mirror creates.
    #[serde(default, deserialize_with = "null_default")]
    pub visibility: String,
    #[serde(default, deserialize_with = "lenient_zero")]
    pub sync_interval: u64,
    /// The next sync (ISO 8601 with `Z`, with microseconds after a sync-now).
    #[serde(default)]
    pub sync_start_date: Option<String>,
    #[serde(default)]
    pub sync_expiration_date: Option<String>,
    #[serde(default)]
    pub sync_status: Status,
    #[serde(default, deserialize_with = "lenient")]
    pub sync_retries_remaining: Option<u64>,
    #[serde(default)]
    pub repo_sync_status_counts: StatusCounts,
    #[serde(default, deserialize_with = "lenient")]
    pub skopeo_timeout: Option<u64>,
    #[serde(default)]
    pub creation_date: Option<String>,
}

/// One row of `GET .../mirror/repositories`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MirroredRepository {
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default)]
    pub sync_status: Status,
    #[serde(default)]
    pub discovery_date: Option<String>,
    #[serde(default)]
    pub last_sync_date: Option<String>,
    #[serde(default)]
    pub status_message: Option<String>,
    /// `org/name` once the repository exists in Quay, else null.
    #[serde(default)]
    pub quay_repository: Option<String>,
}

/// `GET .../mirror/repositories?page&limit&status` (page from 1, limit ≤ 500, default 100).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RepositoriesPage {
    #[serde(default, deserialize_with = "null_default")]
    pub repositories: Vec<MirroredRepository>,
    #[serde(default, deserialize_with = "lenient")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "lenient")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "lenient_zero")]
    pub total: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub has_next: bool,
}

/// Quay's bounds of `limit`.
pub const MAX_PAGE_LIMIT: u32 = 500;
pub const DEFAULT_PAGE_LIMIT: u32 = 100;

/// `POST .../mirror/verify` → 200 `{"success", "message"}`: a failure is not an HTTP error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Verification {
    #[serde(default, deserialize_with = "null_default")]
    pub success: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub message: String,
}

/// Why Quay will refuse to mirror an organization, known before asking it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// "the organization already contains repositories".
    NotEmpty,
    /// "the organization has a proxy cache configuration".
    ProxyCache,
}

impl Precondition {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NotEmpty => "orgmirror.rule.not_empty",
            Self::ProxyCache => "orgmirror.rule.proxy_cache",
        }
    }
}

/// Quay's rules for a new organization mirror: no repositories, no proxy cache.
#[must_use]
pub fn precondition(repository_count: usize, has_proxy_cache: bool) -> Vec<Precondition> {
    let mut out = Vec::new();
    if has_proxy_cache {
        out.push(Precondition::ProxyCache);
    }
    if repository_count > 0 {
        out.push(Precondition::NotEmpty);
    }
    out
}
