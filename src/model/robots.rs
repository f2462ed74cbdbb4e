//! Robot accounts: Quay's robot JSON (`/organization/{org}/robots`, `/user/robots`), and the pure
//! logic of the robots view: Quay's naming rules, filter and sort, dates, and the credential files
//! (`docker login`, Kubernetes pull secret, docker `config.json`) built from a robot's token.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::error::ApiError;
use crate::model::order::{sort, sort_by};
use crate::model::text::FoldCase;
use crate::model::user::Avatar;

mod credentials;
mod dates;
mod rules;
pub mod wizard;

pub use credentials::{
    base64, docker_config, docker_config_with_auth, kube_secret, kube_secret_with_data,
    login_command, login_stdin_command, mask, registry_host, secret_name, TOKEN_VAR,
};
pub use dates::{format_date, parse_quay_date};
pub use rules::{
    build_metadata, description_too_long, validate_federation, validate_short_name,
    FederationProblem, MetadataProblem, NameProblem, DESCRIPTION_MAX,
};

/// Whose robots: an organization's, or the signed-in user's (`/user/robots`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub namespace: String,
    pub is_user: bool,
}

impl Owner {
    /// Quay's full robot name, `namespace+short`.
    #[must_use]
    pub fn full_name(&self, short: &str) -> String {
        format!("{}+{short}", self.namespace)
    }

    /// The short name in a link's `?robot=`: links carry the short name, but a full name of this
    /// namespace (`namespace+short`, as Quay and its UI write robots) opens the same robot.
    #[must_use]
    pub fn short_name<'a>(&self, name: &'a str) -> &'a str {
        name.strip_prefix(self.namespace.as_str())
            .and_then(|rest| rest.strip_prefix('+'))
            .filter(|short| !short.is_empty())
            .unwrap_or(name)
    }
}

/// A team the robot belongs to (lists with `permissions=true`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RobotTeam {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub avatar: Avatar,
}

/// A repository the robot has access to: Quay lists plain names; objects are accepted too.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RepoRef {
    Name(String),
    Object {
        #[serde(default)]
        name: String,
    },
}

impl RepoRef {
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Name(name) | Self::Object { name } => name,
        }
    }
}

/// One robot as Quay describes it. Which fields are present depends on the call: `token` unless
/// `token=false`, `teams`/`repositories` with `permissions=true`, `unstructured_metadata` on get/create.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Robot {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_accessed: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub teams: Option<Vec<RobotTeam>>,
    #[serde(default)]
    pub repositories: Option<Vec<RepoRef>>,
    #[serde(default)]
    pub unstructured_metadata: Option<Value>,
}

impl Robot {
    /// The part after `+` (the whole name if Quay sent no `+`).
    #[must_use]
    pub fn short_name(&self) -> &str {
        self.name
            .split_once('+')
            .map_or(&self.name, |(_, short)| short)
    }

    #[must_use]
    pub fn created_at(&self) -> Option<i64> {
        self.created.as_deref().and_then(parse_quay_date)
    }

    #[must_use]
    pub fn last_accessed_at(&self) -> Option<i64> {
        self.last_accessed.as_deref().and_then(parse_quay_date)
    }

    #[must_use]
    pub fn repo_count(&self) -> usize {
        self.repositories.as_ref().map_or(0, Vec::len)
    }

    #[must_use]
    pub fn team_names(&self) -> Vec<String> {
        self.teams
            .iter()
            .flatten()
            .map(|t| t.name.clone())
            .collect()
    }

    /// The unstructured metadata as sorted `(key, value)` pairs; non-string values as JSON text.
    #[must_use]
    pub fn metadata_pairs(&self) -> Vec<(String, String)> {
        let Some(Value::Object(map)) = &self.unstructured_metadata else {
            return Vec::new();
        };
        let mut pairs: Vec<(String, String)> = map
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        sort(&mut pairs);
        pairs
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RobotList {
    #[serde(default)]
    pub robots: Vec<Robot>,
}

impl RobotList {
    /// The full names (`namespace+short`), sorted, without blanks or repeats: the mirror form's
    /// robot picker.
    #[must_use]
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .robots
            .iter()
            .map(|r| r.name.clone())
            .filter(|n| !n.is_empty())
            .collect();
        sort(&mut names);
        names.dedup();
        names
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PermissionRepository {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub is_public: bool,
}

/// One direct repository permission of a robot (`GET .../robots/{short}/permissions`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RobotPermission {
    #[serde(default)]
    pub repository: PermissionRepository,
    #[serde(default)]
    pub role: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RobotPermissions {
    #[serde(default)]
    pub permissions: Vec<RobotPermission>,
}

/// What `PUT /repository/{ns}/{repo}/permissions/user/{name}` answers (the permission view).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UserPermissionView {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub is_robot: bool,
}

/// A repository role Quay grants to users and robots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Read,
    Write,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Read, Role::Write, Role::Admin];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// Body of the repository permission `PUT`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleBody {
    pub role: &'static str,
}

/// Body of the robot create `PUT`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreateRobot {
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstructured_metadata: Option<Map<String, Value>>,
}

/// A trusted identity: tokens from `issuer` with this `subject` may act as the robot. Newer Quays add
/// `id`, `audiences` and `api_scopes`; they are kept as they came when the list is sent back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Federation {
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_scopes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audiences: Option<Vec<String>>,
}

/// The federation answer: a bare list, or (tolerated) the list under `federation_config`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum FederationConfig {
    List(Vec<Federation>),
    Wrapped {
        #[serde(default)]
        federation_config: Vec<Federation>,
    },
}

impl FederationConfig {
    #[must_use]
    pub fn into_list(self) -> Vec<Federation> {
        match self {
            Self::List(list)
            | Self::Wrapped {
                federation_config: list,
            } => list,
        }
    }
}

/// Two federation lists side by side, entry by entry: `(position from 1, theirs, yours)` as
/// `issuer · subject` (empty where a list is shorter), for the lost-update comparison.
#[must_use]
pub fn federation_rows(
    theirs: &[Federation],
    yours: &[Federation],
) -> Vec<(usize, String, String)> {
    let show = |f: Option<&Federation>| {
        f.map(|f| format!("{} · {}", f.issuer, f.subject))
            .unwrap_or_default()
    };
    (0..theirs.len().max(yours.len()))
        .map(|i| (i + 1, show(theirs.get(i)), show(yours.get(i))))
        .collect()
}

/// Quay answers 400 `{"message": "Could not find robot ..."}` for a robot that does not exist.
#[must_use]
pub fn is_missing_robot(error: &ApiError) -> bool {
    error.status == 400 && error.message.starts_with("Could not find robot")
}

// ---------------------------------------------------------------------------------------------
// Filter and sort

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Created,
    LastAccessed,
    Repositories,
}

/// The list order, as it lives in the URL: `name`, `-created`, `last_accessed`, `-repos`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub desc: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Self {
            key: SortKey::Name,
            desc: false,
        }
    }
}

impl Sort {
    /// Parses the `sort` query value; anything unknown is the default (name, ascending).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let (desc, key) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let key = match key {
            "name" => SortKey::Name,
            "created" => SortKey::Created,
            "last_accessed" => SortKey::LastAccessed,
            "repos" => SortKey::Repositories,
            _ => return Self::default(),
        };
        Self { key, desc }
    }

    #[must_use]
    pub fn to_param(self) -> String {
        let key = match self.key {
            SortKey::Name => "name",
            SortKey::Created => "created",
            SortKey::LastAccessed => "last_accessed",
            SortKey::Repositories => "repos",
        };
        if self.desc {
            format!("-{key}")
        } else {
            key.to_owned()
        }
    }

    /// Clicking a column: the same column flips the direction, another starts ascending.
    #[must_use]
    pub fn toggled(self, key: SortKey) -> Self {
        Self {
            key,
            desc: self.key == key && !self.desc,
        }
    }
}

/// Robots whose name, description or teams contain `needle` (case-insensitive), in `sort` order
/// (ties by name). Never-used robots sort as the oldest access.
#[must_use]
pub fn filter_sort(robots: &[Robot], needle: &str, sort: Sort) -> Vec<Robot> {
    let needle = needle.trim().folded();
    let mut shown: Vec<Robot> = robots
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.name.folded().contains(&needle)
                || r.description
                    .as_deref()
                    .is_some_and(|d| d.folded().contains(&needle))
                || r.team_names().iter().any(|t| t.folded().contains(&needle))
        })
        .cloned()
        .collect();
    sort_by(&mut shown, |a, b| {
        let primary = match sort.key {
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::Created => a.created_at().cmp(&b.created_at()),
            SortKey::LastAccessed => a.last_accessed_at().cmp(&b.last_accessed_at()),
            SortKey::Repositories => a.repo_count().cmp(&b.repo_count()),
        };
        let ordering = primary.then_with(|| a.name.cmp(&b.name));
        if sort.desc {
            ordering.reverse()
        } else {
            ordering
        }
    });
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_params() {
        assert_eq!(Sort::parse("-created").to_param(), "-created");
        assert_eq!(Sort::parse("bogus"), Sort::default());
        let s = Sort::default().toggled(SortKey::Name);
        assert!(s.desc);
        assert!(!s.toggled(SortKey::Repositories).desc);
    }
}
