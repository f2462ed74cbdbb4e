//! Fleet health: `GET /repository/mirror/health` (per namespace, or global for superusers; with
//! `detailed=true` a paged per-repository list) and `GET /superuser/mirror/health` (a summary
//! without repository samples). Quay answers **503** with the same body when the fleet is unhealthy.
//! Quay counts only enabled mirrors of repositories in state `MIRROR`.

use crate::model::text::FoldCase;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::time::parse_iso;
use super::{lenient_u64_or_zero, null_default, SyncStatus};
use crate::model::order::sort_by;

/// A mirror whose last sync is older than this is stale (Quay's threshold: 24 hours).
pub const STALE_AFTER: i64 = 86_400;
/// Rows asked per page of the detailed list (Quay allows up to 1000).
pub const PAGE_LIMIT: u64 = 200;
/// Pages fetched at most (a guard against a server that never stops paging).
pub const MAX_PAGES: usize = 100;

fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64().unwrap_or_default(),
        Value::String(s) => s.trim().parse().unwrap_or_default(),
        _ => 0.0,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Workers {
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub active: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub configured: u64,
    /// `healthy` or `degraded`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub limit: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub offset: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub has_more: bool,
}

/// One mirrored repository of the detailed list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct HealthDetail {
    #[serde(default, deserialize_with = "null_default")]
    pub namespace: String,
    #[serde(default, deserialize_with = "null_default")]
    pub repository: String,
    #[serde(default)]
    pub sync_status: SyncStatus,
    #[serde(default = "yes", deserialize_with = "null_true")]
    pub is_enabled: bool,
    /// ISO date of the last sync; often `null` (Quay reads it from the mirror worker's metrics).
    #[serde(default)]
    pub last_sync: Option<String>,
    #[serde(default, deserialize_with = "super::lenient_u64")]
    pub retries_remaining: Option<u64>,
}

fn yes() -> bool {
    true
}

fn null_true<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

impl HealthDetail {
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.repository)
    }

    #[must_use]
    pub fn last_sync_at(&self) -> Option<i64> {
        self.last_sync.as_deref().and_then(parse_iso)
    }

    #[must_use]
    pub fn is_stale(&self, now: i64) -> bool {
        self.last_sync_at().is_some_and(|t| now - t > STALE_AFTER)
    }

    #[must_use]
    pub fn is_failing(&self) -> bool {
        self.sync_status == SyncStatus::Fail
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RepositoryCounts {
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub total: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub syncing: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub completed: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub failed: u64,
    #[serde(default, deserialize_with = "lenient_u64_or_zero")]
    pub never_run: u64,
    /// With `detailed=true`.
    #[serde(default, deserialize_with = "null_default")]
    pub details: Vec<HealthDetail>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Issue {
    /// `warning`, `error` or `critical`.
    #[serde(default, deserialize_with = "null_default")]
    pub severity: String,
    #[serde(default, deserialize_with = "null_default")]
    pub message: String,
    #[serde(default)]
    pub timestamp: Option<String>,
}

impl Issue {
    /// The repository an issue names (`Repository ns/name has never been synced`).
    #[must_use]
    pub fn repository(&self) -> Option<(String, String)> {
        let rest = self.message.strip_prefix("Repository ")?;
        let word = rest.split_whitespace().next()?;
        let (ns, name) = word.split_once('/')?;
        (!ns.is_empty() && !name.is_empty() && !name.contains('/'))
            .then(|| (ns.to_owned(), name.to_owned()))
    }

    #[must_use]
    pub fn is_stale_warning(&self) -> bool {
        self.message.contains("hasn't synced")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct MirrorHealth {
    #[serde(default, deserialize_with = "null_default")]
    pub healthy: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub workers: Workers,
    #[serde(default, deserialize_with = "null_default")]
    pub repositories: RepositoryCounts,
    #[serde(default, deserialize_with = "lenient_f64")]
    pub tags_pending: f64,
    #[serde(default)]
    pub last_check: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub issues: Vec<Issue>,
}

impl MirrorHealth {
    /// Another page of the detailed list follows.
    #[must_use]
    pub fn has_more(&self) -> bool {
        self.repositories
            .pagination
            .as_ref()
            .is_some_and(|p| p.has_more)
    }
}

/// The numbers a registry admin looks at first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FleetCounts {
    pub total: u64,
    pub syncing: u64,
    pub completed: u64,
    pub failing: u64,
    pub never_run: u64,
    pub stale: u64,
}

/// Counts from Quay's summary; stale ones from the detailed rows when there are any, else from
/// Quay's stale warnings.
#[must_use]
pub fn counts(health: &MirrorHealth, details: &[HealthDetail], now: i64) -> FleetCounts {
    let r = &health.repositories;
    let stale = if details.is_empty() {
        health
            .issues
            .iter()
            .filter(|i| i.is_stale_warning())
            .count()
    } else {
        details.iter().filter(|d| d.is_stale(now)).count()
    };
    FleetCounts {
        total: r.total,
        syncing: r.syncing,
        completed: r.completed,
        failing: r.failed,
        never_run: r.never_run,
        stale: u64::try_from(stale).unwrap_or(u64::MAX),
    }
}

/// Which rows the table shows (`?status=` in the URL).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowFilter {
    #[default]
    All,
    Failing,
    Stale,
    NeverRun,
    Syncing,
    Healthy,
}

impl RowFilter {
    pub const ALL: [Self; 6] = [
        Self::All,
        Self::Failing,
        Self::Stale,
        Self::NeverRun,
        Self::Syncing,
        Self::Healthy,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "",
            Self::Failing => "failing",
            Self::Stale => "stale",
            Self::NeverRun => "never_run",
            Self::Syncing => "syncing",
            Self::Healthy => "healthy",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .unwrap_or_default()
    }

    #[must_use]
    pub fn keeps(self, d: &HealthDetail, now: i64) -> bool {
        match self {
            Self::All => true,
            Self::Failing => d.is_failing(),
            Self::Stale => d.is_stale(now),
            Self::NeverRun => d.sync_status == SyncStatus::NeverRun,
            Self::Syncing => d.sync_status.is_pending(),
            Self::Healthy => d.sync_status == SyncStatus::Success && !d.is_stale(now),
        }
    }
}

/// Rank for "problems first": failing, stale, never run, running, the rest.
fn rank(d: &HealthDetail, now: i64) -> u8 {
    if d.is_failing() {
        0
    } else if d.is_stale(now) {
        1
    } else if d.sync_status == SyncStatus::NeverRun {
        2
    } else if d.sync_status.is_pending() {
        3
    } else {
        4
    }
}

/// The table's rows: filtered by status and by a case-insensitive substring of `ns/name`,
/// problems first, then by name.
#[must_use]
pub fn rows(
    details: &[HealthDetail],
    filter: RowFilter,
    needle: &str,
    now: i64,
) -> Vec<HealthDetail> {
    let needle = needle.trim().folded();
    let mut out: Vec<HealthDetail> = details
        .iter()
        .filter(|d| filter.keeps(d, now))
        .filter(|d| needle.is_empty() || d.full_name().folded().contains(&needle))
        .cloned()
        .collect();
    sort_by(&mut out, |a, b| {
        rank(a, now)
            .cmp(&rank(b, now))
            .then_with(|| a.full_name().cmp(&b.full_name()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(name: &str, status: &str, last_sync: Option<&str>) -> HealthDetail {
        HealthDetail {
            namespace: "library".into(),
            repository: name.into(),
            sync_status: SyncStatus::parse(status),
            is_enabled: true,
            last_sync: last_sync.map(str::to_owned),
            retries_remaining: Some(3),
        }
    }

    #[test]
    fn issue_names_its_repository() {
        let issue = Issue {
            message: "Repository devtable/mirrored has never been synced".into(),
            ..Issue::default()
        };
        assert_eq!(
            issue.repository(),
            Some(("devtable".into(), "mirrored".into()))
        );
        let issue = Issue {
            message: "40.0% of repositories are failing (threshold: 20.0%)".into(),
            ..Issue::default()
        };
        assert_eq!(issue.repository(), None);
    }

    #[test]
    fn problems_first_and_filters() {
        let now = 1_795_446_805;
        let details = vec![
            detail("a-ok", "SUCCESS", Some("2026-11-23T14:00:00Z")),
            detail("b-stale", "SUCCESS", Some("2026-11-20T14:00:00Z")),
            detail("c-never", "NEVER_RUN", None),
            detail("d-fail", "FAIL", Some("2026-11-23T10:00:00Z")),
            detail("e-running", "SYNCING", None),
        ];
        let names: Vec<String> = rows(&details, RowFilter::All, "", now)
            .iter()
            .map(|d| d.repository.clone())
            .collect();
        assert_eq!(names, ["d-fail", "b-stale", "c-never", "e-running", "a-ok"]);
        assert_eq!(rows(&details, RowFilter::Stale, "", now).len(), 1);
        assert_eq!(rows(&details, RowFilter::Healthy, "", now).len(), 1);
        assert_eq!(rows(&details, RowFilter::All, "LIBRARY/C", now).len(), 1);
        for f in RowFilter::ALL {
            assert_eq!(RowFilter::parse(f.as_str()), f);
        }
        assert_eq!(RowFilter::parse("bogus"), RowFilter::All);
        let health = MirrorHealth::default();
        assert_eq!(counts(&health, &details, now).stale, 1);
    }
}
