//! Quay's quota JSON and the quota logic: sizes, usage against limits, who may edit, listings.
//!
//! Quay's quirks handled here: `limit_bytes` comes back as a float after a `PUT` with a
//! human-readable `limit`; requests say `threshold_percent` where responses say `limit_percent`;
//! with a system default quota the list holds one quota with `"id": null` and `default_config: true`.

mod listing;
mod size;
mod usage;

pub use listing::{
    namespace_rows, repo_rows, select_rows, total_repo_bytes, NamespaceRow, RepoRow, RepoSort,
    RowSort,
};
pub use size::{
    display_unit, exact_size_text, format_bytes, group_digits, parse_percent, parse_size,
    shown_precision, PercentError, SizeError, MAX_BYTES,
};
pub use usage::{
    access, check_limit, threshold_bytes, usage, Access, Level, LimitError, Relation, Usage,
};

use serde::{Deserialize, Serialize};

use crate::model::order::sort_by_key;

/// Whether a namespace is an organization or a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NsKind {
    Org,
    User,
}

impl NsKind {
    /// The `kind` query parameter: `org` or `user`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "org" | "organization" => Some(Self::Org),
            "user" => Some(Self::User),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Org => "org",
            Self::User => "user",
        }
    }
}

/// Whose quota, and through which endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaTarget {
    pub namespace: String,
    pub kind: NsKind,
    /// Through `/superuser/{organization|users}/{ns}/quota` rather than the namespace's own endpoints.
    pub superuser: bool,
}

/// `Warning` or `Reject` (any other text Quay may add is kept).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum LimitKind {
    Warning,
    Reject,
    Other(String),
}

impl From<String> for LimitKind {
    fn from(text: String) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "warning" => Self::Warning,
            "reject" => Self::Reject,
            _ => Self::Other(text),
        }
    }
}

impl Default for LimitKind {
    fn default() -> Self {
        Self::Other(String::new())
    }
}

impl LimitKind {
    /// Quay's spelling, as sent in `type`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Warning => "Warning",
            Self::Reject => "Reject",
            Self::Other(text) => text,
        }
    }
}

/// A quota limit: `{"id","type","limit_percent"}` (`threshold_percent` accepted too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct QuotaLimit {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub id: u64,
    #[serde(rename = "type", default)]
    pub kind: LimitKind,
    #[serde(
        default,
        alias = "threshold_percent",
        deserialize_with = "lenient::u64"
    )]
    pub limit_percent: u64,
}

/// A namespace quota, as listed, fetched, or answered by `PUT`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Quota {
    /// `None` for the system default quota.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub limit_bytes: u64,
    /// Quay's own rendering (`"10.0 GiB"`), newer Quay only.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub limit: Option<String>,
    /// The quota is Quay's `DEFAULT_SYSTEM_REJECT_QUOTA_BYTES`, not one set on the namespace.
    #[serde(default)]
    pub default_config: bool,
    #[serde(default)]
    pub limits: Vec<QuotaLimit>,
    #[serde(default)]
    pub default_config_exists: bool,
}

impl Quota {
    /// Limits sorted by threshold, Warning before Reject at the same threshold.
    #[must_use]
    pub fn sorted_limits(&self) -> Vec<QuotaLimit> {
        let mut limits = self.limits.clone();
        sort_by_key(&mut limits, |l| {
            (l.limit_percent, l.kind == LimitKind::Reject, l.id)
        });
        limits
    }
}

/// Body of quota create and change: always bytes (every Quay version accepts `limit_bytes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaRequest {
    pub limit_bytes: u64,
}

/// Body of limit create and change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub threshold_percent: u64,
}

/// A namespace's consumption: `quota_report` of user, organization and superuser views.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct QuotaReport {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub quota_bytes: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub configured_quota: Option<u64>,
    /// `waiting`, `running` or `complete`: whether Quay has finished counting.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub backfill_status: Option<String>,
}

/// `GET /api/v1/organization/{org}`: the fields the quota page needs (admins see the report).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OrgUsage {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub is_member: bool,
    #[serde(default)]
    pub quota_report: Option<QuotaReport>,
}

/// `GET /api/v1/user/`: the signed-in user's consumption (with `user:admin`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UserUsage {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub quota_report: Option<QuotaReport>,
}

/// One organization of `GET /api/v1/superuser/organizations/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SuperuserOrg {
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    #[serde(default)]
    pub quotas: Option<Vec<Quota>>,
    #[serde(default)]
    pub quota_report: Option<QuotaReport>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SuperuserOrgList {
    #[serde(default)]
    pub organizations: Vec<SuperuserOrg>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// One user of `GET /api/v1/superuser/users/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SuperuserUser {
    #[serde(default)]
    pub username: String,
    /// Same as `username` in Quay's answers; used when `username` is missing.
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    #[serde(default)]
    pub super_user: bool,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub quotas: Option<Vec<Quota>>,
    #[serde(default)]
    pub quota_report: Option<QuotaReport>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SuperuserUserList {
    #[serde(default)]
    pub users: Vec<SuperuserUser>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// A repository of `GET /api/v1/repository?namespace=` with its size (Quay adds `quota_report`
/// when quota management is on).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RepoSize {
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub quota_report: Option<QuotaReport>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RepoSizePage {
    #[serde(default)]
    pub repositories: Vec<RepoSize>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// `GET /api/v1/superuser/registrysize/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RegistrySize {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub size_bytes: u64,
    /// When the last calculation finished, in milliseconds since the epoch.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub last_ran: Option<u64>,
    #[serde(default)]
    pub running: bool,
    #[serde(default)]
    pub queued: bool,
}

impl RegistrySize {
    /// A calculation is waiting or running: worth asking again soon.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.queued || self.running
    }
}

/// Decoders that take whatever number form Quay sends (integer, float such as `21474836480.0`,
/// numeric string, null) instead of failing the whole answer.
mod lenient {
    use serde::de::{Deserializer, Error, Visitor};
    use std::fmt;

    struct Number;

    impl Visitor<'_> for Number {
        type Value = Option<u64>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number")
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(u64::try_from(v).unwrap_or(0)))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            if v.is_nan() || v <= 0.0 {
                return Ok(Some(0));
            }
            // `as` saturates at u64::MAX; the value is finite and positive here.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = v.round() as u64;
            Ok(Some(n))
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            Ok(v.parse::<u64>().ok().or_else(|| {
                v.parse::<f64>()
                    .ok()
                    .and_then(|f| self.visit_f64::<E>(f).ok()?)
            }))
        }

        fn visit_bool<E: Error>(self, _v: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        d.deserialize_any(Number)
    }

    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        opt_u64(d).map(Option::unwrap_or_default)
    }

    struct Text;

    impl Visitor<'_> for Text {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }

        fn visit_bool<E: Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_numbers_are_lenient() {
        let q: Quota = serde_json::from_str(
            r#"{"id": 4, "limit_bytes": 21474836480.0, "limit": "20.0 GiB", "limits": [{"id": 5, "type": "Reject", "limit_percent": 95}]}"#,
        )
        .unwrap_or_default();
        assert_eq!(q.id, Some(4));
        assert_eq!(q.limit_bytes, 21_474_836_480);
        assert_eq!(
            q.limits.first().map(|l| l.kind.clone()),
            Some(LimitKind::Reject)
        );
        let q: Quota =
            serde_json::from_str(r#"{"id": null, "limit_bytes": "3000", "default_config": true}"#)
                .unwrap_or_default();
        assert_eq!((q.id, q.limit_bytes, q.default_config), (None, 3000, true));
        let l: QuotaLimit =
            serde_json::from_str(r#"{"id": 1, "type": "warning", "threshold_percent": 80}"#)
                .unwrap_or_default();
        assert_eq!((l.kind, l.limit_percent), (LimitKind::Warning, 80));
        let r: QuotaReport = serde_json::from_str(
            r#"{"quota_bytes": -5, "configured_quota": null, "backfill_status": true}"#,
        )
        .unwrap_or_default();
        assert_eq!(r.quota_bytes, Some(0));
        assert_eq!(r.backfill_status.as_deref(), Some("true"));
    }

    #[test]
    fn requests_use_quays_names() {
        let body = serde_json::to_string(&LimitRequest {
            kind: LimitKind::Reject.as_str().to_owned(),
            threshold_percent: 95,
        })
        .unwrap_or_default();
        assert_eq!(body, r#"{"type":"Reject","threshold_percent":95}"#);
        let body = serde_json::to_string(&QuotaRequest { limit_bytes: 10 }).unwrap_or_default();
        assert_eq!(body, r#"{"limit_bytes":10}"#);
    }
}
