//! Quay's repository mirroring JSON and its pure logic.
//!
//! * this file: `ViewMirrorConfig` (`GET .../mirror`), its sync status, and lenient number decoding;
//! * [`time`]: Quay's date formats (ISO `...Z`, HTTP dates of logs, `MM/DD/YYYY`) and intervals;
//! * [`draft`]: the form's state, Quay's validation rules, and the create / partial-update bodies;
//! * [`history`]: sync history from the repository's `repo_mirror_*` log entries;
//! * [`health`]: fleet health (`/repository/mirror/health`, `/superuser/mirror/health`);
//! * [`robots`]: the minimal robot list the robot picker needs.

pub mod draft;
pub mod health;
pub mod history;
pub mod time;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `sync_status` of a mirror, as Quay names it (`RepoMirrorStatus`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum SyncStatus {
    #[default]
    NeverRun,
    SyncNow,
    Syncing,
    Success,
    Fail,
    Cancel,
    /// A status this console does not know (a newer Quay); shown as Quay sent it.
    Other(String),
}

impl SyncStatus {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        match text {
            "NEVER_RUN" => Self::NeverRun,
            "SYNC_NOW" => Self::SyncNow,
            "SYNCING" => Self::Syncing,
            "SUCCESS" => Self::Success,
            "FAIL" => Self::Fail,
            "CANCEL" => Self::Cancel,
            other => Self::Other(other.to_owned()),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::NeverRun => "NEVER_RUN",
            Self::SyncNow => "SYNC_NOW",
            Self::Syncing => "SYNCING",
            Self::Success => "SUCCESS",
            Self::Fail => "FAIL",
            Self::Cancel => "CANCEL",
            Self::Other(s) => s,
        }
    }

    /// A sync was asked for or is running: the view polls until it ends.
    #[must_use]
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::SyncNow | Self::Syncing)
    }

    /// Quay refuses `sync-now` while a sync runs (it answers 404).
    #[must_use]
    pub fn can_sync_now(&self) -> bool {
        !matches!(self, Self::Syncing)
    }

    /// Quay cancels only a pending or running sync (else 404).
    #[must_use]
    pub fn can_cancel(&self) -> bool {
        self.is_pending()
    }
}

impl<'de> Deserialize<'de> for SyncStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(text.map_or(Self::NeverRun, |t| Self::parse(&t)))
    }
}

/// `null` or absent → `T::default()`.
pub(crate) fn null_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A non-negative whole number sent as integer, float (`3600.0`), numeric string or null.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(number_of(&Value::deserialize(d)?))
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn number_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f.round().min(u64::MAX as f64) as u64)
        }),
        Value::String(s) => s.trim().parse::<f64>().ok().and_then(|f| {
            (f.is_finite() && f >= 0.0).then(|| f.round().min(u64::MAX as f64) as u64)
        }),
        _ => None,
    }
}

pub(crate) fn lenient_u64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    lenient_u64(d).map(Option::unwrap_or_default)
}

/// `root_rule`: Quay knows one kind, `tag_glob_csv`, whose value is a list of tag globs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RootRule {
    #[serde(default, deserialize_with = "null_default")]
    pub rule_kind: String,
    #[serde(default, deserialize_with = "null_default")]
    pub rule_value: Vec<String>,
}

/// `external_registry_config.proxy`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Proxy {
    #[serde(default)]
    pub http_proxy: Option<String>,
    #[serde(default)]
    pub https_proxy: Option<String>,
    #[serde(default)]
    pub no_proxy: Option<String>,
}

/// `external_registry_config`: `{}` until something is set; absent keys take Quay's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RegistryConfig {
    /// Quay's worker verifies TLS unless this is `false`.
    #[serde(default)]
    pub verify_tls: Option<bool>,
    #[serde(default)]
    pub unsigned_images: Option<bool>,
    /// `None` when Quay has no `proxy` object yet: then Quay's PUT drops the first proxy key it
    /// is sent (it creates the object instead of setting the key), see [`draft::proxy_followup`].
    #[serde(default)]
    pub proxy: Option<Proxy>,
}

impl RegistryConfig {
    #[must_use]
    pub fn verifies_tls(&self) -> bool {
        self.verify_tls.unwrap_or(true)
    }

    #[must_use]
    pub fn allows_unsigned(&self) -> bool {
        self.unsigned_images.unwrap_or(false)
    }

    /// The proxy settings, empty when none are stored.
    #[must_use]
    pub fn proxy(&self) -> Proxy {
        self.proxy.clone().unwrap_or_default()
    }
}

/// `GET /api/v1/repository/{ns}/{repo}/mirror` (Quay's `ViewMirrorConfig`). The password is never
/// sent back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MirrorConfig {
    #[serde(default, deserialize_with = "null_default")]
    pub is_enabled: bool,
    #[serde(default)]
    pub mirror_type: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_reference: String,
    #[serde(default)]
    pub external_registry_username: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_registry_config: RegistryConfig,
    /// Seconds between syncs.
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub sync_interval: u64,
    /// The next sync (ISO 8601, `Z`, sometimes with microseconds).
    #[serde(default)]
    pub sync_start_date: Option<String>,
    /// While a sync runs: when it is given up.
    #[serde(default)]
    pub sync_expiration_date: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub sync_retries_remaining: Option<u64>,
    #[serde(default)]
    pub sync_status: SyncStatus,
    #[serde(default, deserialize_with = "null_default")]
    pub root_rule: RootRule,
    #[serde(default)]
    pub robot_username: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub skopeo_timeout_interval: Option<u64>,
    /// Empty or null: every architecture.
    #[serde(default, deserialize_with = "null_default")]
    pub architecture_filter: Vec<String>,
}

impl MirrorConfig {
    /// The next sync as unix seconds, when Quay's date is readable.
    #[must_use]
    pub fn next_sync(&self) -> Option<i64> {
        self.sync_start_date.as_deref().and_then(time::parse_iso)
    }

    #[must_use]
    pub fn expiration(&self) -> Option<i64> {
        self.sync_expiration_date
            .as_deref()
            .and_then(time::parse_iso)
    }
}

/// The repository states of `PUT .../changestate`.
pub const STATE_MIRROR: &str = "MIRROR";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_recorded_config() {
        let c: MirrorConfig = serde_json::from_str(
            r#"{"is_enabled": true, "mirror_type": "PULL", "external_reference": "quay.io/coreos/etcd",
            "external_registry_username": "fakeusername", "external_registry_config": {},
            "sync_interval": 86400, "sync_start_date": "2026-11-23T15:13:25.233774Z",
            "sync_expiration_date": null, "sync_retries_remaining": 3, "sync_status": "NEVER_RUN",
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["latest", "3.3*"]},
            "robot_username": "devtable+dtrobot", "skopeo_timeout_interval": 600, "architecture_filter": []}"#,
        )
        .unwrap();
        assert_eq!(c.sync_status, SyncStatus::NeverRun);
        assert_eq!(c.root_rule.rule_value, ["latest", "3.3*"]);
        assert_eq!(c.next_sync(), Some(1_795_446_805));
        assert!(c.external_registry_config.verifies_tls());
        assert_eq!(c.skopeo_timeout_interval, Some(600));
    }

    #[test]
    fn tolerates_nulls_floats_and_unknown_statuses() {
        let c: MirrorConfig = serde_json::from_str(
            r#"{"sync_interval": 3600.0, "external_registry_config": null, "root_rule": null,
            "architecture_filter": null, "sync_status": "PAUSED", "sync_retries_remaining": "2"}"#,
        )
        .unwrap();
        assert_eq!(c.sync_interval, 3600);
        assert_eq!(c.sync_status, SyncStatus::Other("PAUSED".into()));
        assert_eq!(c.sync_status.as_str(), "PAUSED");
        assert_eq!(c.sync_retries_remaining, Some(2));
        assert!(c.architecture_filter.is_empty());
        let c: MirrorConfig = serde_json::from_str(r#"{"sync_interval": -5}"#).unwrap();
        assert_eq!(c.sync_interval, 0);
    }

    #[test]
    fn status_rules() {
        for s in [
            "NEVER_RUN",
            "SYNC_NOW",
            "SYNCING",
            "SUCCESS",
            "FAIL",
            "CANCEL",
        ] {
            assert_eq!(SyncStatus::parse(s).as_str(), s);
        }
        assert!(SyncStatus::SyncNow.is_pending() && SyncStatus::Syncing.is_pending());
        assert!(!SyncStatus::Syncing.can_sync_now());
        assert!(SyncStatus::Fail.can_sync_now() && !SyncStatus::Fail.can_cancel());
    }
}
