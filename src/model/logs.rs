//! Usage logs: `GET .../logs` (pages of up to 20 entries, followed with `next_page`),
//! `GET .../aggregatelogs` (counts per day and kind) and `POST .../exportlogs` (`{"export_id"}`), for
//! the signed-in user, an organization, a repository or (superuser) the whole registry.
//!
//! Submodules: [`date`] (days and Quay's date formats), [`filter`] (the URL filter, the date window
//! sent to Quay and the client-side matching), [`describe`] and [`kinds`] (a sentence per log
//! kind), [`export`] (server export validation, CSV and NDJSON), [`chart`] (the per-day stacked
//! chart).

pub mod chart;
pub mod date;
pub mod describe;
pub mod export;
pub mod filter;
pub mod kinds;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Where logs are read from; each scope has its own endpoints and OAuth scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LogScope {
    /// `/user/logs`: the signed-in user's namespace (`user:admin`).
    User,
    /// `/organization/{org}/logs` (`org:admin`).
    Org(String),
    /// `/repository/{ns}/{repo}/logs` (`repo:admin`).
    Repo { namespace: String, repo: String },
    /// `/superuser/logs`: every namespace (`super:user`).
    Superuser,
}

impl LogScope {
    /// Quay filters by `performer=` on user and organization logs only; elsewhere the console
    /// filters the loaded entries itself.
    #[must_use]
    pub fn server_performer(&self) -> bool {
        matches!(self, Self::User | Self::Org(_))
    }

    /// Quay has an `exportlogs` endpoint for users, organizations and repositories, not superusers.
    #[must_use]
    pub fn server_export(&self) -> bool {
        !matches!(self, Self::Superuser)
    }

    /// Superuser entries carry their namespace; the table shows it.
    #[must_use]
    pub fn shows_namespace(&self) -> bool {
        matches!(self, Self::Superuser)
    }

    /// The namespace all entries belong to, when there is one (`None` for the user scope, whose
    /// namespace is the signed-in user, and the superuser scope).
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Self::Org(org) => Some(org),
            Self::Repo { namespace, .. } => Some(namespace),
            Self::User | Self::Superuser => None,
        }
    }

    /// A short name for file names: `user`, `org-buynlarge`, `repo-devtable-simple`, `registry`.
    #[must_use]
    pub fn slug(&self) -> String {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        };
        match self {
            Self::User => "user".into(),
            Self::Org(org) => format!("org-{}", clean(org)),
            Self::Repo { namespace, repo } => format!("repo-{}-{}", clean(namespace), clean(repo)),
            Self::Superuser => "registry".into(),
        }
    }
}

/// Who did it, as Quay renders it (`kind` is `user` for robots too; `is_robot` tells).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Performer {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub is_robot: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Value>,
}

/// The namespace of an entry, on superuser logs only.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct LogNamespace {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Value>,
}

/// One entry; `metadata` depends on the kind (see [`describe`]).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct LogEntry {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: Value,
    #[serde(default)]
    pub ip: Option<String>,
    /// `Mon, 23 Nov 2026 15:16:31 -0000`.
    #[serde(default)]
    pub datetime: String,
    /// Absent for anonymous pulls and Quay's own workers (mirroring, builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performer: Option<Performer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<LogNamespace>,
}

impl LogEntry {
    /// A metadata field, when the metadata is an object and the field is not null.
    #[must_use]
    pub fn meta(&self, key: &str) -> Option<&Value> {
        self.metadata.get(key).filter(|v| !v.is_null())
    }

    /// A metadata field as display text (strings as they are, numbers and booleans written out,
    /// objects as compact JSON); `None` when absent, null or empty.
    #[must_use]
    pub fn meta_text(&self, key: &str) -> Option<String> {
        let text = match self.meta(key)? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    /// The entry's time in Unix seconds, when Quay's date parses.
    #[must_use]
    pub fn time(&self) -> Option<i64> {
        date::parse_quay_datetime(&self.datetime)
    }

    /// The namespace the entry belongs to: the metadata's, the entry's (superuser logs), or the
    /// scope's.
    #[must_use]
    pub fn namespace_name(&self, scope_namespace: Option<&str>) -> Option<String> {
        self.meta_text("namespace")
            .or_else(|| self.namespace.as_ref().map(|n| n.name.clone()))
            .filter(|n| !n.is_empty())
            .or_else(|| scope_namespace.map(str::to_owned))
    }
}

/// One page of `GET .../logs`. `next_page` may come with a short or an empty page: follow it
/// until it is absent.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct LogPage {
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub logs: Vec<LogEntry>,
    #[serde(default)]
    pub next_page: Option<String>,
}

impl LogPage {
    /// The token for the next page, if Quay sent a usable one.
    #[must_use]
    pub fn next(&self) -> Option<&str> {
        self.next_page.as_deref().filter(|t| !t.is_empty())
    }
}

/// Counts of one kind on one day, from `GET .../aggregatelogs`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AggregateCount {
    #[serde(default)]
    pub kind: String,
    #[serde(default, deserialize_with = "count")]
    pub count: u64,
    /// Midnight of the day: `Tue, 17 Nov 2026 00:00:00 -0000`.
    #[serde(default)]
    pub datetime: String,
}

/// `{"aggregated": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AggregatedLogs {
    #[serde(default)]
    pub aggregated: Vec<AggregateCount>,
}

/// `POST .../exportlogs` answers `{"export_id": "..."}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ExportResult {
    #[serde(default)]
    pub export_id: String,
}

/// A count sent as an integer or a float (or null): never negative, never a decode failure.
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(Value::Number(n)) => n.as_u64().unwrap_or_else(|| {
            let f = n.as_f64().unwrap_or(0.0);
            if f.is_finite() && f > 0.0 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole = f.round() as u64;
                whole
            } else {
                0
            }
        }),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// What kind of actor a performer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerformerKind {
    User,
    /// A robot account (`namespace+name`).
    Robot,
    /// No performer: an anonymous pull, or Quay itself (mirror worker, build trigger).
    Nobody,
}

impl PerformerKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Robot => "robot",
            Self::Nobody => "none",
        }
    }
}

/// The performer of an entry, with the OAuth application it acted through when the metadata
/// names one (`oauth_token_application`, else `oauth_token_application_id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformerInfo {
    pub name: Option<String>,
    pub kind: PerformerKind,
    pub application: Option<String>,
}

impl PerformerInfo {
    /// `user`, `robot`, `application` (a person or robot acting through an OAuth application), or
    /// `none`.
    #[must_use]
    pub fn category(&self) -> &'static str {
        if self.application.is_some() && self.kind != PerformerKind::Nobody {
            "application"
        } else {
            self.kind.as_str()
        }
    }
}

/// Reads the performer of `entry`.
#[must_use]
pub fn performer(entry: &LogEntry) -> PerformerInfo {
    let name = entry
        .performer
        .as_ref()
        .map(|p| p.name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| entry.meta_text("performer"));
    let robot = entry.performer.as_ref().is_some_and(|p| p.is_robot)
        || name.as_deref().is_some_and(|n| n.contains('+'));
    let kind = match (&name, robot) {
        (None, _) => PerformerKind::Nobody,
        (Some(_), true) => PerformerKind::Robot,
        (Some(_), false) => PerformerKind::User,
    };
    let application = entry
        .meta_text("oauth_token_application")
        .or_else(|| entry.meta_text("oauth_token_application_id"));
    PerformerInfo {
        name,
        kind,
        application,
    }
}
