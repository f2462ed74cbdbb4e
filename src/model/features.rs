//! What this Quay has turned on, from its public `GET /config` (no token: ~1 ms on Quay, against
//! ~210 ms for a bearer call).
//!
//! `features` uses bare names (`REPO_MIRROR`, `QUOTA_MANAGEMENT`, ...); `config` is a whitelist of
//! settings that includes `PERMANENTLY_DELETE_TAGS`. A switch Quay does not report (an older Quay,
//! or a `/config` that failed) counts as **on**: the console never hides what may be there, and a
//! page whose feature turns out to be off explains Quay's answer instead.

use serde::{Deserialize, Serialize};

/// The switches the console reads, each `true` unless Quay says `false`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct Features {
    /// `REPO_MIRROR`: repository mirrors and their health pages.
    pub repo_mirror: bool,
    /// `ORG_MIRROR`: organization mirrors.
    pub org_mirror: bool,
    /// `QUOTA_MANAGEMENT`: namespace quotas, repository sizes, registry size.
    pub quota_management: bool,
    /// `EDIT_QUOTA`: quotas can be created, changed and removed (else read-only).
    pub edit_quota: bool,
    /// `IMMUTABLE_TAGS`.
    pub immutable_tags: bool,
    /// `IMMUTABLE_TAGS_CAN_EXPIRE`: an immutable tag may still get an expiration.
    #[serde(default = "on")]
    pub immutable_can_expire: bool,
    /// `AUTO_PRUNE`.
    pub auto_prune: bool,
    /// `SECURITY_SCANNER`.
    pub security_scanner: bool,
    /// `PROXY_CACHE`.
    pub proxy_cache: bool,
    /// `config.PERMANENTLY_DELETE_TAGS`: deleted tags can be purged from the time machine.
    pub permanent_delete: bool,
    /// `SUPER_USERS`: superuser pages.
    pub super_users: bool,
    /// Quay's `version_number` (`"Quay v3.11.0"`), when it says.
    pub version: Option<String>,
    /// Quay answered `/config` (else every switch is the "on" default).
    pub known: bool,
}

impl Default for Features {
    /// Nothing known: every feature on.
    fn default() -> Self {
        Self {
            repo_mirror: true,
            org_mirror: true,
            quota_management: true,
            edit_quota: true,
            immutable_tags: true,
            immutable_can_expire: true,
            auto_prune: true,
            security_scanner: true,
            proxy_cache: true,
            permanent_delete: true,
            super_users: true,
            version: None,
            known: false,
        }
    }
}

fn on() -> bool {
    true
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct RawFeatures {
    repo_mirror: Option<bool>,
    org_mirror: Option<bool>,
    quota_management: Option<bool>,
    edit_quota: Option<bool>,
    immutable_tags: Option<bool>,
    immutable_tags_can_expire: Option<bool>,
    auto_prune: Option<bool>,
    security_scanner: Option<bool>,
    proxy_cache: Option<bool>,
    super_users: Option<bool>,
}

#[derive(Default, Deserialize)]
struct RawConfig {
    #[serde(rename = "PERMANENTLY_DELETE_TAGS")]
    permanently_delete_tags: Option<bool>,
}

#[derive(Default, Deserialize)]
struct RawBody {
    #[serde(default)]
    features: Option<RawFeatures>,
    #[serde(default)]
    config: Option<RawConfig>,
    #[serde(default)]
    version_number: Option<String>,
}

/// Decodes `GET /config`'s body. `None` when it is not Quay's JSON object.
#[must_use]
pub fn parse(body: &str) -> Option<Features> {
    let raw: RawBody = serde_json::from_str(body).ok()?;
    let f = raw.features.unwrap_or_default();
    let c = raw.config.unwrap_or_default();
    let on = |v: Option<bool>| v.unwrap_or(true);
    Some(Features {
        repo_mirror: on(f.repo_mirror),
        org_mirror: on(f.org_mirror),
        quota_management: on(f.quota_management),
        edit_quota: on(f.edit_quota),
        immutable_tags: on(f.immutable_tags),
        immutable_can_expire: on(f.immutable_tags_can_expire),
        auto_prune: on(f.auto_prune),
        security_scanner: on(f.security_scanner),
        proxy_cache: on(f.proxy_cache),
        permanent_delete: on(c.permanently_delete_tags),
        super_users: on(f.super_users),
        version: raw.version_number.filter(|v| !v.is_empty()),
        known: true,
    })
}
