//! The superuser's table of every namespace with its quota and consumption, and a namespace's
//! repositories by size: filtering and sorting.

use super::usage::{usage, Level};
use super::{NsKind, Quota, RepoSize, SuperuserOrg, SuperuserUser};
use crate::model::order::sort_by;
use crate::model::text::FoldCase;

/// One namespace in the superuser table.
#[derive(Clone, Debug, PartialEq)]
pub struct NamespaceRow {
    pub name: String,
    pub kind: NsKind,
    /// The namespace's quota (Quay supports one).
    pub quota: Option<Quota>,
    /// Bytes used, when Quay reported them.
    pub used: Option<u64>,
    /// `waiting` / `running` / `complete`.
    pub backfill: Option<String>,
    pub enabled: bool,
}

impl NamespaceRow {
    #[must_use]
    pub fn quota_bytes(&self) -> Option<u64> {
        self.quota.as_ref().map(|q| q.limit_bytes)
    }

    /// Used as a percentage of the quota.
    #[must_use]
    pub fn percent(&self) -> Option<f64> {
        let quota = self.quota.as_ref()?;
        (quota.limit_bytes > 0)
            .then(|| usage(self.used.unwrap_or(0), quota.limit_bytes, &[]).percent)
    }

    #[must_use]
    pub fn level(&self) -> Level {
        self.quota.as_ref().map_or(Level::Ok, |q| {
            usage(self.used.unwrap_or(0), q.limit_bytes, &q.limits).level
        })
    }
}

/// Organizations then users, as rows.
#[must_use]
pub fn namespace_rows(orgs: &[SuperuserOrg], users: &[SuperuserUser]) -> Vec<NamespaceRow> {
    let org_rows = orgs.iter().map(|o| NamespaceRow {
        name: o.name.clone(),
        kind: NsKind::Org,
        quota: o.quotas.as_ref().and_then(|q| q.first().cloned()),
        used: o.quota_report.as_ref().and_then(|r| r.quota_bytes),
        backfill: o
            .quota_report
            .as_ref()
            .and_then(|r| r.backfill_status.clone()),
        enabled: true,
    });
    let user_rows = users.iter().map(|u| NamespaceRow {
        name: if u.username.is_empty() {
            u.name.clone()
        } else {
            u.username.clone()
        },
        kind: NsKind::User,
        quota: u.quotas.as_ref().and_then(|q| q.first().cloned()),
        used: u.quota_report.as_ref().and_then(|r| r.quota_bytes),
        backfill: u
            .quota_report
            .as_ref()
            .and_then(|r| r.backfill_status.clone()),
        enabled: u.enabled,
    });
    org_rows.chain(user_rows).collect()
}

/// Sort keys of the superuser table (`?sort=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowSort {
    Name,
    Quota,
    Used,
    Percent,
}

impl RowSort {
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "name" => Some(Self::Name),
            "quota" => Some(Self::Quota),
            "used" => Some(Self::Used),
            "percent" => Some(Self::Percent),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Quota => "quota",
            Self::Used => "used",
            Self::Percent => "percent",
        }
    }
}

/// Filters (name contains `needle`, case-insensitive; only `kind`; only namespaces with a quota)
/// and sorts. Rows without the sorted value go last whichever the direction; ties by name.
#[must_use]
pub fn select_rows(
    rows: &[NamespaceRow],
    needle: &str,
    kind: Option<NsKind>,
    with_quota_only: bool,
    sort: RowSort,
    descending: bool,
) -> Vec<NamespaceRow> {
    let needle = needle.trim().folded();
    let mut out: Vec<NamespaceRow> = rows
        .iter()
        .filter(|r| needle.is_empty() || r.name.folded().contains(&needle))
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| !with_quota_only || r.quota.is_some())
        .cloned()
        .collect();
    let key = |r: &NamespaceRow| -> Option<f64> {
        #[allow(clippy::cast_precision_loss)]
        match sort {
            RowSort::Name => None,
            RowSort::Quota => r.quota_bytes().map(|b| b as f64),
            RowSort::Used => r.used.map(|b| b as f64),
            RowSort::Percent => r.percent(),
        }
    };
    sort_by(&mut out, |a, b| {
        let by_name = a
            .name
            .cmp(&b.name)
            .then(a.kind.as_str().cmp(b.kind.as_str()));
        let ordering = match (key(a), key(b)) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) if sort == RowSort::Name && descending => by_name.reverse(),
            (None, None) => std::cmp::Ordering::Equal,
        };
        ordering.then(by_name)
    });
    out
}

/// One repository with its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoRow {
    pub name: String,
    pub bytes: Option<u64>,
}

/// Sort of the repository sizes (`?rsort=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoSort {
    /// Largest first.
    Size,
    Name,
}

impl RepoSort {
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "size" => Some(Self::Size),
            "name" => Some(Self::Name),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Size => "size",
            Self::Name => "name",
        }
    }
}

/// Repositories whose name contains `needle`, sorted.
#[must_use]
pub fn repo_rows(repos: &[RepoSize], needle: &str, sort: RepoSort) -> Vec<RepoRow> {
    let needle = needle.trim().folded();
    let mut rows: Vec<RepoRow> = repos
        .iter()
        .filter(|r| needle.is_empty() || r.name.folded().contains(&needle))
        .map(|r| RepoRow {
            name: r.name.clone(),
            bytes: r.quota_report.as_ref().and_then(|q| q.quota_bytes),
        })
        .collect();
    match sort {
        RepoSort::Size => sort_by(&mut rows, |a, b| {
            b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name))
        }),
        RepoSort::Name => sort_by(&mut rows, |a, b| a.name.cmp(&b.name)),
    }
    rows
}

/// Sum of the sizes Quay reported (`None` when it reported none: quota management is off).
#[must_use]
pub fn total_repo_bytes(repos: &[RepoSize]) -> Option<u64> {
    let mut any = false;
    let mut total: u64 = 0;
    for bytes in repos
        .iter()
        .filter_map(|r| r.quota_report.as_ref().and_then(|q| q.quota_bytes))
    {
        any = true;
        total = total.saturating_add(bytes);
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::super::QuotaReport;
    use super::*;

    fn row(name: &str, kind: NsKind, quota: Option<u64>, used: Option<u64>) -> NamespaceRow {
        NamespaceRow {
            name: name.into(),
            kind,
            quota: quota.map(|b| Quota {
                id: Some(1),
                limit_bytes: b,
                ..Quota::default()
            }),
            used,
            backfill: None,
            enabled: true,
        }
    }

    fn names(rows: &[NamespaceRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn filters_and_sorts_namespaces() {
        let rows = vec![
            row("buynlarge", NsKind::Org, Some(100), Some(90)),
            row("library", NsKind::Org, None, Some(5000)),
            row("devtable", NsKind::User, None, Some(3000)),
            row("randomuser", NsKind::User, Some(1000), Some(950)),
        ];
        let all = select_rows(&rows, "", None, false, RowSort::Name, false);
        assert_eq!(
            names(&all),
            ["buynlarge", "devtable", "library", "randomuser"]
        );
        let desc = select_rows(&rows, "", None, false, RowSort::Name, true);
        assert_eq!(
            names(&desc),
            ["randomuser", "library", "devtable", "buynlarge"]
        );
        let pct = select_rows(&rows, "", None, false, RowSort::Percent, true);
        assert_eq!(
            names(&pct),
            ["randomuser", "buynlarge", "devtable", "library"]
        );
        let used = select_rows(&rows, "", Some(NsKind::Org), false, RowSort::Used, true);
        assert_eq!(names(&used), ["library", "buynlarge"]);
        let quota_only = select_rows(&rows, "R", None, true, RowSort::Quota, false);
        assert_eq!(names(&quota_only), ["buynlarge", "randomuser"]);
    }

    #[test]
    fn repositories_by_size() {
        let repo = |name: &str, bytes: Option<u64>| RepoSize {
            namespace: "ns".into(),
            name: name.into(),
            quota_report: bytes.map(|b| QuotaReport {
                quota_bytes: Some(b),
                ..QuotaReport::default()
            }),
        };
        let repos = [repo("a", Some(10)), repo("b", Some(30)), repo("c", None)];
        let rows = repo_rows(&repos, "", RepoSort::Size);
        assert_eq!(rows.first().map(|r| r.name.as_str()), Some("b"));
        assert_eq!(rows.last().map(|r| r.name.as_str()), Some("c"));
        assert_eq!(repo_rows(&repos, "A", RepoSort::Name).len(), 1);
        assert_eq!(total_repo_bytes(&repos), Some(40));
        assert_eq!(total_repo_bytes(&[repo("x", None)]), None);
    }
}
