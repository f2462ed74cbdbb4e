//! The access review (`/organization/{org}/review`, `/user/review`): which credentials are stale
//! or too broad, and who holds which role on which repository. Pure logic: the findings from
//! Quay's answers, the thresholds of the URL, and the bearer-call plan of a review.
//!
//! What a review reads, one bearer call each (Quay's list endpoints that return the most per call):
//! the robots with `permissions=true` (every robot and its repositories in ONE call; no `limit`,
//! which counts robot × repository rows), the organization's applications or the user's
//! app-specific tokens and authorized applications, the repository list (100 a page), then each
//! repository's map-keyed `permissions/user/` (users and robots with their roles). Robots' roles
//! come from those maps, so a robot costs nothing beyond the first list.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::order::sort_by;
use crate::model::robots::Robot;

mod export;
mod findings;

pub use export::{to_csv, to_json};
pub use findings::{
    app_tokens, bare_redirects, broad_robots, dangerous_grants, permissions, unused_robots,
};

/// Quay's repository list page size.
pub const REPOS_PER_PAGE: usize = 100;

/// The kinds of finding, in the order of the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A robot never used, or unused for more than N days.
    Unused,
    /// A robot with write or admin on M repositories or more.
    Broad,
    /// An app-specific token expired or expiring soon (user review).
    AppToken,
    /// An OAuth application whose redirect URI is a bare origin or `/` (organization review).
    Redirect,
    /// An issued token (authorized application) with a dangerous scope (user review).
    Scope,
    /// One effective repository permission of a user or robot.
    Permission,
}

impl Kind {
    pub const ALL: [Self; 6] = [
        Self::Unused,
        Self::Broad,
        Self::AppToken,
        Self::Redirect,
        Self::Scope,
        Self::Permission,
    ];

    /// The URL and export name.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Unused => "unused",
            Self::Broad => "broad",
            Self::AppToken => "apptoken",
            Self::Redirect => "redirect",
            Self::Scope => "scope",
            Self::Permission => "permission",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == text.trim())
    }

    /// Whether a review of this namespace kind looks for it.
    #[must_use]
    pub fn applies(self, is_user: bool) -> bool {
        match self {
            Self::AppToken | Self::Scope => is_user,
            Self::Redirect => !is_user,
            _ => true,
        }
    }
}

/// The thresholds chosen on the page (`?days=&repos=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// A robot unused for more than this many days is a finding.
    pub days: u32,
    /// A robot with write or admin on this many repositories or more is a finding.
    pub repos: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { days: 90, repos: 5 }
    }
}

impl Thresholds {
    /// From the URL's values; a missing or unreadable one keeps its default, and each is kept
    /// within sense (1 to 3650 days, 1 to 1000 repositories).
    #[must_use]
    pub fn from_query(days: Option<&str>, repos: Option<&str>) -> Self {
        let d = Self::default();
        Self {
            days: days
                .and_then(|v| v.trim().parse::<u32>().ok())
                .map_or(d.days, |v| v.clamp(1, 3650)),
            repos: repos
                .and_then(|v| v.trim().parse::<usize>().ok())
                .map_or(d.repos, |v| v.clamp(1, 1000)),
        }
    }
}

/// Why a subject is a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// No recorded use while Quay records other robots' use.
    NeverUsed,
    /// No robot of this namespace has a recorded use: Quay may not track it
    /// (`FEATURE_USER_LAST_ACCESSED`), so "never used" cannot be told apart.
    NotTracked,
    UnusedFor {
        days: i64,
    },
    Broad {
        write: usize,
        admin: usize,
    },
    TokenExpired {
        at: i64,
    },
    TokenExpiring {
        at: i64,
    },
    BareRedirect {
        uri: String,
    },
    Dangerous {
        scopes: Vec<String>,
    },
    Role {
        repository: String,
        role: String,
    },
}

/// The one-click remedy of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    DeleteRobot {
        name: String,
    },
    /// Set to read or remove the permission on chosen repositories: `(repository, role)` now.
    Narrow {
        robot: String,
        repos: Vec<(String, String)>,
    },
    RevokeAppToken {
        uuid: String,
    },
    /// A fix needs a new redirect URI: open the application to edit it.
    EditApplication {
        client_id: String,
    },
    RevokeGrant {
        uuid: String,
    },
    None,
}

impl Remedy {
    /// The export's name of the remedy.
    #[must_use]
    pub fn slug(&self) -> &'static str {
        match self {
            Self::DeleteRobot { .. } => "delete-robot",
            Self::Narrow { .. } => "narrow",
            Self::RevokeAppToken { .. } | Self::RevokeGrant { .. } => "revoke",
            Self::EditApplication { .. } => "edit-application",
            Self::None => "",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// The robot, token, application or user the finding is about.
    pub subject: String,
    pub why: Why,
    pub remedy: Remedy,
}

impl Finding {
    /// A stable identity within a review (the row's test id and the remedy's key).
    #[must_use]
    pub fn key(&self) -> String {
        match &self.why {
            Why::Role { repository, .. } => {
                format!("{}:{}:{repository}", self.kind.slug(), self.subject)
            }
            _ => format!("{}:{}", self.kind.slug(), self.subject),
        }
    }
}

/// One entry of a repository's `permissions/user/` map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UserPermission {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub is_robot: bool,
}

/// `GET /repository/{ns}/{repo}/permissions/user/`: `{"permissions": {NAME: {...}}}`, a map keyed by
/// name (a list is accepted too; an entry without a name takes its key).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UserPermissionMap {
    #[serde(default)]
    pub permissions: Value,
}

impl UserPermissionMap {
    #[must_use]
    pub fn entries(&self) -> Vec<UserPermission> {
        let read = |key: &str, v: &Value| {
            let mut entry: UserPermission = serde_json::from_value(v.clone()).ok()?;
            if entry.name.is_empty() {
                key.clone_into(&mut entry.name);
            }
            (!entry.name.is_empty()).then_some(entry)
        };
        match &self.permissions {
            Value::Object(map) => map.iter().filter_map(|(k, v)| read(k, v)).collect(),
            Value::Array(list) => list.iter().filter_map(|v| read("", v)).collect(),
            _ => Vec::new(),
        }
    }
}

/// Who holds which role on which repository: `(subject, is_robot, repository, role)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub subject: String,
    pub is_robot: bool,
    pub repository: String,
    pub role: String,
}

/// The access rows of one repository's permission map.
#[must_use]
pub fn access_rows(repository: &str, map: &UserPermissionMap) -> Vec<Access> {
    map.entries()
        .into_iter()
        .map(|e| Access {
            subject: e.name,
            is_robot: e.is_robot,
            repository: repository.to_owned(),
            role: e.role,
        })
        .collect()
}

/// Findings in the summary's order, then by subject.
pub fn sort(findings: &mut [Finding]) {
    sort_by(findings, |a, b| {
        (a.kind, &a.subject, a.key()).cmp(&(b.kind, &b.subject, b.key()))
    });
}

/// Bearer calls of the first findings: the robots list, then the organization's applications or the
/// user's app-specific tokens and authorized applications. All of them go out together.
#[must_use]
pub fn first_calls(is_user: bool) -> usize {
    if is_user {
        3
    } else {
        2
    }
}

/// Bearer calls to list `repositories` repositories (100 a page; at least one call).
#[must_use]
pub fn repo_list_calls(repositories: usize) -> usize {
    repositories.div_ceil(REPOS_PER_PAGE).max(1)
}

/// Every bearer call of a whole review: the first findings, the repository list and one
/// permission map per repository. The number of robots does not count: one list holds them all.
#[must_use]
pub fn review_calls(is_user: bool, repositories: usize) -> usize {
    first_calls(is_user) + repo_list_calls(repositories) + repositories
}

/// Repositories in the order to read their permissions: those listed for the most robots first,
/// so the broad robots show early; then by name.
#[must_use]
pub fn sweep_order(repositories: Vec<String>, robots: &[Robot]) -> Vec<String> {
    let held = |repo: &str| {
        robots
            .iter()
            .filter(|r| r.repositories.iter().flatten().any(|x| x.name() == repo))
            .count()
    };
    let mut keyed: Vec<(usize, String)> = repositories
        .into_iter()
        .map(|r| (usize::MAX - held(&r), r))
        .collect();
    crate::model::order::sort(&mut keyed);
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// Export rows: the finding as plain fields (English reason), for CSV and JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub kind: &'static str,
    pub subject: String,
    pub reason: String,
    pub repository: String,
    pub role: String,
    pub remedy: &'static str,
}

impl Finding {
    #[must_use]
    pub fn export_row(&self) -> ExportRow {
        let (repository, role) = match &self.why {
            Why::Role { repository, role } => (repository.clone(), role.clone()),
            _ => (String::new(), String::new()),
        };
        ExportRow {
            kind: self.kind.slug(),
            subject: self.subject.clone(),
            reason: self.why.english(),
            repository,
            role,
            remedy: self.remedy.slug(),
        }
    }
}

impl Why {
    /// The reason in English, for exports (the page shows it in the user's language).
    #[must_use]
    pub fn english(&self) -> String {
        use crate::model::robots::format_date;
        match self {
            Self::NeverUsed => "never used".to_owned(),
            Self::NotTracked => "no recorded use (Quay may not track it)".to_owned(),
            Self::UnusedFor { days } => format!("unused for {days} days"),
            Self::Broad { write, admin } => {
                format!("write on {write} and admin on {admin} repositories")
            }
            Self::TokenExpired { at } => format!("expired {}", format_date(*at)),
            Self::TokenExpiring { at } => format!("expires {}", format_date(*at)),
            Self::BareRedirect { uri } => format!("redirect URI is a bare origin: {uri}"),
            Self::Dangerous { scopes } => format!("dangerous scopes: {}", scopes.join(" ")),
            Self::Role { repository, role } => format!("{role} on {repository}"),
        }
    }
}
