//! Robot accounts: Quay's robot JSON (`/organization/{org}/robots`, `/user/robots`), and the pure
//! logic of the robots view: Quay's naming rules, filter and sort, dates, and the credential files
//! (`docker login`, Kubernetes pull secret, docker `config.json`) built from a robot's token.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::error::ApiError;
use crate::model::user::Avatar;

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
        pairs.sort();
        pairs
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RobotList {
    #[serde(default)]
    pub robots: Vec<Robot>,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// Quay answers 400 `{"message": "Could not find robot ..."}` for a robot that does not exist.
#[must_use]
pub fn is_missing_robot(error: &ApiError) -> bool {
    error.status == 400 && error.message.starts_with("Could not find robot")
}

// ---------------------------------------------------------------------------------------------
// Validation (Quay's rules, checked before sending)

/// Why a short name is refused; the console's rule is `^[a-z][a-z0-9_]{1,254}$`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooShort,
    TooLong,
    /// Must start with a lower-case letter.
    BadStart,
    /// Only lower-case letters, digits and `_`.
    BadChar(char),
}

/// Checks a robot short name against `^[a-z][a-z0-9_]{1,254}$`.
///
/// # Errors
/// The first problem found.
pub fn validate_short_name(name: &str) -> Result<(), NameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(NameProblem::Empty);
    };
    if !first.is_ascii_lowercase() {
        return Err(NameProblem::BadStart);
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(NameProblem::BadChar(bad));
    }
    match name.len() {
        0 | 1 => Err(NameProblem::TooShort),
        2..=255 => Ok(()),
        _ => Err(NameProblem::TooLong),
    }
}

/// Quay's `maxLength` for a robot description.
pub const DESCRIPTION_MAX: usize = 255;

#[must_use]
pub fn description_too_long(description: &str) -> bool {
    description.chars().count() > DESCRIPTION_MAX
}

/// A problem in the key/value metadata editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataProblem {
    /// Row `index` (0-based) has a value but no key.
    EmptyKey(usize),
    Duplicate(String),
}

/// Turns editor rows into Quay's `unstructured_metadata` object; fully empty rows are skipped and
/// no rows at all give `None` (the field is then left out).
///
/// # Errors
/// A row with a value and no key, or the same key twice.
pub fn build_metadata(
    rows: &[(String, String)],
) -> Result<Option<Map<String, Value>>, MetadataProblem> {
    let mut map = Map::new();
    for (index, (key, value)) in rows.iter().enumerate() {
        let key = key.trim();
        if key.is_empty() {
            if value.trim().is_empty() {
                continue;
            }
            return Err(MetadataProblem::EmptyKey(index));
        }
        if map.contains_key(key) {
            return Err(MetadataProblem::Duplicate(key.to_owned()));
        }
        map.insert(key.to_owned(), Value::String(value.clone()));
    }
    Ok((!map.is_empty()).then_some(map))
}

/// A problem with a new federation entry (Quay's own checks, made before sending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FederationProblem {
    MissingIssuer,
    IssuerNotUrl,
    MissingSubject,
    Duplicate,
}

/// Validates a new `{issuer, subject}` against Quay's rules and the existing list.
///
/// # Errors
/// The first problem found.
pub fn validate_federation(
    issuer: &str,
    subject: &str,
    existing: &[Federation],
) -> Result<Federation, FederationProblem> {
    let (issuer, subject) = (issuer.trim(), subject.trim());
    if issuer.is_empty() {
        return Err(FederationProblem::MissingIssuer);
    }
    let rest = issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        return Err(FederationProblem::IssuerNotUrl);
    }
    if subject.is_empty() {
        return Err(FederationProblem::MissingSubject);
    }
    if existing
        .iter()
        .any(|f| f.issuer == issuer && f.subject == subject)
    {
        return Err(FederationProblem::Duplicate);
    }
    Ok(Federation {
        issuer: issuer.to_owned(),
        subject: subject.to_owned(),
        ..Federation::default()
    })
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
    let needle = needle.trim().to_lowercase();
    let mut shown: Vec<Robot> = robots
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.name.to_lowercase().contains(&needle)
                || r.description
                    .as_deref()
                    .is_some_and(|d| d.to_lowercase().contains(&needle))
                || r.team_names()
                    .iter()
                    .any(|t| t.to_lowercase().contains(&needle))
        })
        .cloned()
        .collect();
    shown.sort_by(|a, b| {
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

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses Quay's date format (`Mon, 23 Nov 2026 15:15:22 -0000`) into Unix seconds (UTC).
#[must_use]
pub fn parse_quay_date(text: &str) -> Option<i64> {
    let mut parts: Vec<&str> = text.split_whitespace().collect();
    if parts.first().is_some_and(|p| p.ends_with(',')) {
        parts.remove(0);
    }
    let [day, month, year, time, rest @ ..] = parts.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let month = i64::try_from(MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?).ok()? + 1;
    let year: i64 = year.parse().ok()?;
    let mut hms = time.split(':').map(str::parse::<i64>);
    let (h, m, s) = (
        hms.next()?.ok()?,
        hms.next()?.ok()?,
        hms.next().unwrap_or(Ok(0)).ok()?,
    );
    if !(1..=31).contains(&day)
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let offset = match rest.first() {
        Some(tz) if tz.len() == 5 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let hh: i64 = tz.get(1..3)?.parse().ok()?;
            let mm: i64 = tz.get(3..5)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
        _ => 0,
    };
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - offset)
}

/// `2026-11-23 15:15 UTC`.
#[must_use]
pub fn format_date(ts: i64) -> String {
    let (y, mo, d) = civil_from_days(ts.div_euclid(86_400));
    let secs = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

// ---------------------------------------------------------------------------------------------
// Credentials

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_char(index: u32) -> char {
    B64.get(usize::try_from(index & 63).unwrap_or(0))
        .map_or('A', |b| char::from(*b))
}

/// Standard base64 with padding (RFC 4648), as docker and Kubernetes expect.
#[must_use]
pub fn base64(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(b64_char(n >> 18));
        out.push(b64_char(n >> 12));
        out.push(if chunk.len() > 1 {
            b64_char(n >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { b64_char(n) } else { '=' });
    }
    out
}

/// The registry host for `docker login`: `quay_url` without scheme and path, else the page's host.
#[must_use]
pub fn registry_host(quay_url: &str, page_host: &str) -> String {
    let url = quay_url.trim();
    if url.is_empty() {
        return page_host.to_owned();
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        page_host.to_owned()
    } else {
        host.to_owned()
    }
}

/// What is shown instead of a token until it is revealed.
#[must_use]
pub fn mask(token: &str) -> String {
    "•".repeat(token.chars().count().clamp(8, 32))
}

/// `docker login -u='ns+short' -p='TOKEN' HOST` (`tool` = `docker` or `podman`).
#[must_use]
pub fn login_command(tool: &str, username: &str, token: &str, host: &str) -> String {
    format!("{tool} login -u='{username}' -p='{token}' {host}")
}

/// A docker `config.json` holding the robot's credentials for `host`.
#[must_use]
pub fn docker_config(username: &str, token: &str, host: &str) -> String {
    docker_config_with_auth(host, &base64(format!("{username}:{token}").as_bytes()))
}

/// A docker `config.json` whose `auth` for `host` is `auth` (the base64 of `user:token`, or a mask).
#[must_use]
pub fn docker_config_with_auth(host: &str, auth: &str) -> String {
    let mut registry = Map::new();
    registry.insert("auth".into(), Value::String(auth.to_owned()));
    registry.insert("email".into(), Value::String(String::new()));
    let mut auths = Map::new();
    auths.insert(host.to_owned(), Value::Object(registry));
    let mut root = Map::new();
    root.insert("auths".into(), Value::Object(auths));
    serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default()
}

/// A Kubernetes object name for the robot's pull secret: `buynlarge-builder-pull-secret`.
#[must_use]
pub fn secret_name(username: &str) -> String {
    let mut name: String = username
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_owned();
    if name.is_empty() {
        name.push_str("robot");
    }
    name.truncate(240);
    format!("{name}-pull-secret")
}

/// A `kubernetes.io/dockerconfigjson` Secret with the robot's docker config.
#[must_use]
pub fn kube_secret(username: &str, token: &str, host: &str) -> String {
    let config = docker_config(username, token, host);
    kube_secret_with_data(username, &base64(config.as_bytes()))
}

/// The Secret with `data` as its `.dockerconfigjson` (the base64 of a docker config, or a mask).
#[must_use]
pub fn kube_secret_with_data(username: &str, data: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {}\ndata:\n  .dockerconfigjson: {data}\ntype: kubernetes.io/dockerconfigjson\n",
        secret_name(username)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(validate_short_name("consolebot"), Ok(()));
        assert_eq!(validate_short_name("a1"), Ok(()));
        assert_eq!(validate_short_name("ci_runner_2"), Ok(()));
        assert_eq!(validate_short_name(""), Err(NameProblem::Empty));
        assert_eq!(validate_short_name("a"), Err(NameProblem::TooShort));
        assert_eq!(validate_short_name("1bot"), Err(NameProblem::BadStart));
        assert_eq!(validate_short_name("Bad"), Err(NameProblem::BadStart));
        assert_eq!(
            validate_short_name("bad-name"),
            Err(NameProblem::BadChar('-'))
        );
        assert_eq!(validate_short_name(&"a".repeat(255)), Ok(()));
        assert_eq!(
            validate_short_name(&"a".repeat(256)),
            Err(NameProblem::TooLong)
        );
    }

    #[test]
    fn dates_round_trip() {
        let ts = parse_quay_date("Mon, 23 Nov 2026 15:15:22 -0000");
        assert_eq!(ts, Some(1_795_446_922));
        assert_eq!(format_date(1_795_446_922), "2026-11-23 15:15 UTC");
        assert_eq!(parse_quay_date("23 Nov 2026 16:15:22 +0100"), ts);
        assert_eq!(parse_quay_date("garbage"), None);
        assert_eq!(parse_quay_date("Mon, 99 Nov 2026 15:15:22 -0000"), None);
        assert_eq!(format_date(0), "1970-01-01 00:00 UTC");
    }

    #[test]
    fn base64_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("ü+".as_bytes()), "w7wr");
    }

    #[test]
    fn hosts() {
        assert_eq!(registry_host("", "localhost:8080"), "localhost:8080");
        assert_eq!(
            registry_host("https://quay.example.com", "x"),
            "quay.example.com"
        );
        assert_eq!(
            registry_host("http://10.0.0.1:8080/quay/", "x"),
            "10.0.0.1:8080"
        );
    }

    #[test]
    fn credential_files() {
        let cfg = docker_config("org+bot", "TOK", "quay.io");
        let parsed: Value = serde_json::from_str(&cfg).unwrap_or_default();
        assert_eq!(parsed["auths"]["quay.io"]["auth"], base64(b"org+bot:TOK"));
        assert_eq!(parsed["auths"]["quay.io"]["email"], "");
        let yaml = kube_secret("org+bot", "TOK", "quay.io");
        assert!(yaml.contains("name: org-bot-pull-secret\n"));
        assert!(yaml.contains("type: kubernetes.io/dockerconfigjson"));
        assert!(yaml.contains(&format!(".dockerconfigjson: {}", base64(cfg.as_bytes()))));
        assert_eq!(
            login_command("podman", "org+bot", "TOK", "quay.io"),
            "podman login -u='org+bot' -p='TOK' quay.io"
        );
    }

    #[test]
    fn metadata_rows() {
        let rows = vec![
            ("team".to_owned(), "ci".to_owned()),
            (String::new(), String::new()),
        ];
        let map = build_metadata(&rows).ok().flatten().unwrap_or_default();
        assert_eq!(map.get("team"), Some(&Value::String("ci".into())));
        assert_eq!(build_metadata(&[]), Ok(None));
        let rows = vec![(String::new(), "x".to_owned())];
        assert_eq!(build_metadata(&rows), Err(MetadataProblem::EmptyKey(0)));
        let rows = vec![
            ("k".to_owned(), "1".to_owned()),
            (" k ".to_owned(), "2".to_owned()),
        ];
        assert_eq!(
            build_metadata(&rows),
            Err(MetadataProblem::Duplicate("k".into()))
        );
    }

    #[test]
    fn federation_rules() {
        let existing = vec![Federation {
            issuer: "https://issuer.example".into(),
            subject: "sub".into(),
            ..Federation::default()
        }];
        assert_eq!(
            validate_federation("", "s", &existing),
            Err(FederationProblem::MissingIssuer)
        );
        assert_eq!(
            validate_federation("issuer.example", "s", &existing),
            Err(FederationProblem::IssuerNotUrl)
        );
        assert_eq!(
            validate_federation("https://", "s", &existing),
            Err(FederationProblem::IssuerNotUrl)
        );
        assert_eq!(
            validate_federation("https://i", " ", &existing),
            Err(FederationProblem::MissingSubject)
        );
        assert_eq!(
            validate_federation(" https://issuer.example ", "sub", &existing),
            Err(FederationProblem::Duplicate)
        );
        assert!(validate_federation("http://other", "sub", &existing).is_ok());
        let json = serde_json::to_string(&existing).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"issuer":"https://issuer.example","subject":"sub"}]"#
        );
    }

    #[test]
    fn sort_params() {
        assert_eq!(Sort::parse("-created").to_param(), "-created");
        assert_eq!(Sort::parse("bogus"), Sort::default());
        let s = Sort::default().toggled(SortKey::Name);
        assert!(s.desc);
        assert!(!s.toggled(SortKey::Repositories).desc);
    }
}
