//! The mirror form: what the user typed, checked with Quay's own rules before anything is sent, and
//! turned into the create body (`POST .../mirror`) or the partial update (`PUT .../mirror`, only
//! the fields that changed).

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{json, Map, Value};

use super::time::{format_iso, IntervalUnit};
use super::MirrorConfig;

/// Quay's `VALID_ARCHITECTURES` for `architecture_filter`.
pub const ARCHITECTURES: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];
/// `skopeo_timeout_interval` bounds (5 minutes to 12 hours, Quay's schema minimum and UI maximum).
pub const SKOPEO_MIN: u64 = 300;
pub const SKOPEO_MAX: u64 = 43_200;
/// Quay stores `sync_interval` in a 32-bit integer column.
pub const INTERVAL_MAX: u64 = 2_147_483_647;

/// A form field, for placing a problem next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    ExternalReference,
    Tags,
    Interval,
    Start,
    Robot,
    Username,
    Password,
    SkopeoTimeout,
    Proxy,
    Architectures,
}

/// Why a field is refused (the view words it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    ReferenceMissing,
    ReferenceWhitespace,
    ReferenceScheme,
    ReferenceCharacter,
    ReferencePath,
    ReferenceAuthority,
    ReferencePort,
    ReferenceHost,
    TagsMissing,
    TagInvalid(String),
    IntervalInvalid,
    IntervalTooSmall,
    IntervalTooLarge,
    StartMissing,
    RobotMissing,
    RobotFormat,
    /// The robot belongs to another namespace (Quay: "Invalid robot").
    RobotNamespace(String),
    /// Not among the namespace's robots (Quay: "Could not find robot with specified username").
    RobotUnknown,
    PasswordWithoutUsername,
    TimeoutInvalid,
    ProxyWhitespace,
    ArchitectureUnknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub problem: Problem,
}

/// Quay's format checks for a scheme-less `registry[:port]/namespace/repository` reference
/// (`validate_external_registry_reference`). Whether the host is *allowed* (private addresses,
/// cloud metadata names) is Quay's call: it answers 400 "The provided registry location is not
/// allowed", which the form shows.
///
/// # Errors
/// The first rule the reference breaks.
pub fn check_reference(reference: &str) -> Result<(), Problem> {
    if reference.trim().is_empty() {
        return Err(Problem::ReferenceMissing);
    }
    if reference.chars().any(char::is_whitespace) {
        return Err(Problem::ReferenceWhitespace);
    }
    if reference.contains("://") {
        return Err(Problem::ReferenceScheme);
    }
    if reference.contains(['?', '#', '\\', '%']) {
        return Err(Problem::ReferenceCharacter);
    }
    let Some((registry, path)) = reference.split_once('/') else {
        return Err(Problem::ReferencePath);
    };
    if registry.is_empty() || path.is_empty() {
        return Err(Problem::ReferencePath);
    }
    if registry.contains('@') {
        return Err(Problem::ReferenceHost);
    }
    let (host, port) = if let Some(inner) = registry.strip_prefix('[') {
        let Some((ip6, suffix)) = inner.split_once(']') else {
            return Err(Problem::ReferenceAuthority);
        };
        if !suffix.is_empty() && !suffix.starts_with(':') {
            return Err(Problem::ReferenceAuthority);
        }
        if ip6.parse::<Ipv6Addr>().is_err() {
            return Err(Problem::ReferenceHost);
        }
        (None, suffix.strip_prefix(':'))
    } else {
        if registry.matches(':').count() > 1 {
            return Err(Problem::ReferenceAuthority);
        }
        match registry.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(registry), None),
        }
    };
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !valid {
            return Err(Problem::ReferencePort);
        }
    }
    match host {
        Some(host) if host.parse::<Ipv4Addr>().is_err() && !valid_hostname(host) => {
            Err(Problem::ReferenceHost)
        }
        _ => Ok(()),
    }
}

/// Quay's registry hostname rule: dot-separated labels of letters, digits and inner hyphens.
#[must_use]
pub fn valid_hostname(host: &str) -> bool {
    (1..=253).contains(&host.len())
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// One tag pattern: a tag name with globs (`latest`, `3.*`, `v[0-9]?`), no commas (Quay joins
/// the list with commas) and no spaces.
#[must_use]
pub fn valid_tag_pattern(pattern: &str) -> bool {
    !pattern.is_empty()
        && pattern.len() <= 128
        && pattern.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '*' | '?' | '[' | ']' | '!')
        })
}

/// Splits what was typed or pasted into the tag box (`latest, 3.*  v1`) into patterns.
#[must_use]
pub fn split_tags(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Adds patterns to a list, keeping its order and skipping duplicates.
pub fn add_tags(list: &mut Vec<String>, text: &str) {
    for tag in split_tags(text) {
        if !list.contains(&tag) {
            list.push(tag);
        }
    }
}

/// The form's state, as strings where the user types. Kept for the tab as a draft (serde) without
/// the password.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MirrorDraft {
    pub is_enabled: bool,
    pub external_reference: String,
    pub tags: Vec<String>,
    /// Text still in the tag box; added on submit.
    pub tag_input: String,
    pub interval_value: String,
    pub interval_unit: IntervalUnit,
    /// First (next) sync, unix seconds.
    pub start: Option<i64>,
    pub robot: String,
    pub username: String,
    /// Never filled from Quay (it does not send it back); empty means "unchanged" when editing.
    /// Never kept in a draft.
    #[serde(skip)]
    pub password: String,
    pub clear_credentials: bool,
    pub skopeo_timeout: String,
    pub verify_tls: bool,
    pub unsigned_images: bool,
    pub http_proxy: String,
    pub https_proxy: String,
    pub no_proxy: String,
    pub architectures: Vec<String>,
}

impl MirrorDraft {
    /// A new mirror: daily, first sync at the next full hour, Quay's defaults elsewhere.
    #[must_use]
    pub fn new(now: i64) -> Self {
        Self {
            is_enabled: true,
            external_reference: String::new(),
            tags: Vec::new(),
            tag_input: String::new(),
            interval_value: "1".into(),
            interval_unit: IntervalUnit::Days,
            start: Some(now - now.rem_euclid(3_600) + 3_600),
            robot: String::new(),
            username: String::new(),
            password: String::new(),
            clear_credentials: false,
            skopeo_timeout: SKOPEO_MIN.to_string(),
            verify_tls: true,
            unsigned_images: false,
            http_proxy: String::new(),
            https_proxy: String::new(),
            no_proxy: String::new(),
            architectures: Vec::new(),
        }
    }

    /// The form for an existing mirror.
    #[must_use]
    pub fn from_config(c: &MirrorConfig) -> Self {
        let (value, unit) = IntervalUnit::split(c.sync_interval);
        let cfg = &c.external_registry_config;
        let proxy = cfg.proxy();
        Self {
            is_enabled: c.is_enabled,
            external_reference: c.external_reference.clone(),
            tags: c.root_rule.rule_value.clone(),
            tag_input: String::new(),
            interval_value: value.to_string(),
            interval_unit: unit,
            start: c.next_sync(),
            robot: c.robot_username.clone().unwrap_or_default(),
            username: c.external_registry_username.clone().unwrap_or_default(),
            password: String::new(),
            clear_credentials: false,
            skopeo_timeout: c.skopeo_timeout_interval.unwrap_or(SKOPEO_MIN).to_string(),
            verify_tls: cfg.verifies_tls(),
            unsigned_images: cfg.allows_unsigned(),
            http_proxy: proxy.http_proxy.unwrap_or_default(),
            https_proxy: proxy.https_proxy.unwrap_or_default(),
            no_proxy: proxy.no_proxy.unwrap_or_default(),
            architectures: c.architecture_filter.clone(),
        }
    }

    /// The tag list with whatever is still in the tag box.
    #[must_use]
    pub fn all_tags(&self) -> Vec<String> {
        let mut tags = self.tags.clone();
        add_tags(&mut tags, &self.tag_input);
        tags
    }

    /// The interval in seconds.
    ///
    /// # Errors
    /// Not a whole number, zero (Quay's worker divides by it), or beyond Quay's column.
    pub fn interval_seconds(&self) -> Result<u64, Problem> {
        let value: u64 = self
            .interval_value
            .trim()
            .parse()
            .map_err(|_| Problem::IntervalInvalid)?;
        let secs = value
            .checked_mul(self.interval_unit.seconds())
            .ok_or(Problem::IntervalTooLarge)?;
        match secs {
            0 => Err(Problem::IntervalTooSmall),
            s if s > INTERVAL_MAX => Err(Problem::IntervalTooLarge),
            s => Ok(s),
        }
    }

    /// # Errors
    /// Not a whole number of seconds within [`SKOPEO_MIN`]..=[`SKOPEO_MAX`].
    pub fn timeout_seconds(&self) -> Result<u64, Problem> {
        self.skopeo_timeout
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|t| (SKOPEO_MIN..=SKOPEO_MAX).contains(t))
            .ok_or(Problem::TimeoutInvalid)
    }

    /// Every problem, in form order. `robots`: the namespace's robots when they could be listed.
    #[must_use]
    pub fn validate(&self, namespace: &str, robots: Option<&[String]>) -> Vec<Invalid> {
        let mut out = Vec::new();
        let mut bad = |field, problem| out.push(Invalid { field, problem });
        if let Err(p) = check_reference(&self.external_reference) {
            bad(Field::ExternalReference, p);
        }
        let tags = self.all_tags();
        if tags.is_empty() {
            bad(Field::Tags, Problem::TagsMissing);
        }
        if let Some(t) = tags.iter().find(|t| !valid_tag_pattern(t)) {
            bad(Field::Tags, Problem::TagInvalid(t.clone()));
        }
        if let Err(p) = self.interval_seconds() {
            bad(Field::Interval, p);
        }
        if self.start.is_none() {
            bad(Field::Start, Problem::StartMissing);
        }
        if let Err(p) = check_robot(self.robot.trim(), namespace, robots) {
            bad(Field::Robot, p);
        }
        if !self.clear_credentials && !self.password.is_empty() && self.username.trim().is_empty() {
            bad(Field::Password, Problem::PasswordWithoutUsername);
        }
        if let Err(p) = self.timeout_seconds() {
            bad(Field::SkopeoTimeout, p);
        }
        if [&self.http_proxy, &self.https_proxy, &self.no_proxy]
            .iter()
            .any(|p| p.trim().chars().any(char::is_whitespace))
        {
            bad(Field::Proxy, Problem::ProxyWhitespace);
        }
        if let Some(a) = self
            .architectures
            .iter()
            .find(|a| !ARCHITECTURES.contains(&a.as_str()))
        {
            bad(
                Field::Architectures,
                Problem::ArchitectureUnknown(a.clone()),
            );
        }
        out
    }

    fn proxy_value(text: &str) -> Value {
        let text = text.trim();
        if text.is_empty() {
            Value::Null
        } else {
            json!(text)
        }
    }

    /// The body of `POST .../mirror`.
    ///
    /// # Errors
    /// The problems of [`MirrorDraft::validate`].
    pub fn create_body(
        &self,
        namespace: &str,
        robots: Option<&[String]>,
    ) -> Result<Value, Vec<Invalid>> {
        let problems = self.validate(namespace, robots);
        let (Ok(interval), Ok(timeout), Some(start), true) = (
            self.interval_seconds(),
            self.timeout_seconds(),
            self.start,
            problems.is_empty(),
        ) else {
            return Err(problems);
        };
        let mut body = json!({
            "is_enabled": self.is_enabled,
            "external_reference": self.external_reference.trim(),
            "sync_interval": interval,
            "sync_start_date": format_iso(start),
            "robot_username": self.robot.trim(),
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": self.all_tags()},
            "skopeo_timeout_interval": timeout,
            "external_registry_config": {
                "verify_tls": self.verify_tls,
                "unsigned_images": self.unsigned_images,
                "proxy": {
                    "http_proxy": Self::proxy_value(&self.http_proxy),
                    "https_proxy": Self::proxy_value(&self.https_proxy),
                    "no_proxy": Self::proxy_value(&self.no_proxy),
                },
            },
            "architecture_filter": self.architectures,
        });
        let username = self.username.trim();
        if let (Some(map), false) = (body.as_object_mut(), username.is_empty()) {
            map.insert("external_registry_username".into(), json!(username));
            if !self.password.is_empty() {
                map.insert("external_registry_password".into(), json!(self.password));
            }
        }
        Ok(body)
    }

    /// The body of `PUT .../mirror`: only what differs from `base` (the config the form was
    /// filled from). An empty object means nothing changed.
    ///
    /// # Errors
    /// The problems of [`MirrorDraft::validate`].
    pub fn update_body(
        &self,
        base: &MirrorConfig,
        namespace: &str,
        robots: Option<&[String]>,
    ) -> Result<Map<String, Value>, Vec<Invalid>> {
        let problems = self.validate(namespace, robots);
        let (Ok(interval), Ok(timeout), true) = (
            self.interval_seconds(),
            self.timeout_seconds(),
            problems.is_empty(),
        ) else {
            return Err(problems);
        };
        let mut out = Map::new();
        let reference = self.external_reference.trim();
        if reference != base.external_reference {
            out.insert("external_reference".into(), json!(reference));
        }
        let tags = self.all_tags();
        if tags != base.root_rule.rule_value {
            out.insert(
                "root_rule".into(),
                json!({"rule_kind": "tag_glob_csv", "rule_value": tags}),
            );
        }
        if interval != base.sync_interval {
            out.insert("sync_interval".into(), json!(interval));
        }
        if let Some(start) = self.start.filter(|s| Some(*s) != base.next_sync()) {
            out.insert("sync_start_date".into(), json!(format_iso(start)));
        }
        let robot = self.robot.trim();
        if Some(robot) != base.robot_username.as_deref() {
            out.insert("robot_username".into(), json!(robot));
        }
        self.credentials_diff(base, &mut out);
        if Some(timeout) != base.skopeo_timeout_interval {
            out.insert("skopeo_timeout_interval".into(), json!(timeout));
        }
        if self.architectures != base.architecture_filter {
            out.insert("architecture_filter".into(), json!(self.architectures));
        }
        let registry = self.registry_diff(base);
        if !registry.is_empty() {
            out.insert("external_registry_config".into(), Value::Object(registry));
        }
        Ok(out)
    }

    /// Quay's credential rules: both keys set both (a `null` password clears it), the username
    /// alone keeps the stored password, a password alone is refused.
    fn credentials_diff(&self, base: &MirrorConfig, out: &mut Map<String, Value>) {
        let stored = base.external_registry_username.as_deref().unwrap_or("");
        let username = self.username.trim();
        if self.clear_credentials || (username.is_empty() && !stored.is_empty()) {
            if base.external_registry_username.is_some() || self.clear_credentials {
                out.insert("external_registry_username".into(), Value::Null);
                out.insert("external_registry_password".into(), Value::Null);
            }
        } else if !self.password.is_empty() {
            out.insert("external_registry_username".into(), json!(username));
            out.insert("external_registry_password".into(), json!(self.password));
        } else if username != stored {
            out.insert("external_registry_username".into(), json!(username));
        }
    }

    fn registry_diff(&self, base: &MirrorConfig) -> Map<String, Value> {
        let cfg = &base.external_registry_config;
        let mut out = Map::new();
        if self.verify_tls != cfg.verifies_tls() {
            out.insert("verify_tls".into(), json!(self.verify_tls));
        }
        if self.unsigned_images != cfg.allows_unsigned() {
            out.insert("unsigned_images".into(), json!(self.unsigned_images));
        }
        let stored = cfg.proxy();
        let mut proxy = Map::new();
        for (key, typed, old) in [
            ("http_proxy", &self.http_proxy, stored.http_proxy),
            ("https_proxy", &self.https_proxy, stored.https_proxy),
            ("no_proxy", &self.no_proxy, stored.no_proxy),
        ] {
            let new = Self::proxy_value(typed);
            let old = old
                .filter(|o| !o.trim().is_empty())
                .map_or(Value::Null, Value::from);
            if new != old {
                proxy.insert(key.into(), new);
            }
        }
        if !proxy.is_empty() {
            out.insert("proxy".into(), Value::Object(proxy));
        }
        out
    }
}

/// Checks a robot's full name (`namespace+short`) against the repository's namespace and, when
/// known, the namespace's robots.
///
/// # Errors
/// Missing, malformed, from another namespace, or not among `robots`.
pub fn check_robot(robot: &str, namespace: &str, robots: Option<&[String]>) -> Result<(), Problem> {
    if robot.is_empty() {
        return Err(Problem::RobotMissing);
    }
    let Some((ns, short)) = robot.split_once('+') else {
        return Err(Problem::RobotFormat);
    };
    if short.is_empty() || short.contains('+') {
        return Err(Problem::RobotFormat);
    }
    if ns != namespace {
        return Err(Problem::RobotNamespace(namespace.to_owned()));
    }
    match robots {
        Some(list) if !list.iter().any(|r| r == robot) => Err(Problem::RobotUnknown),
        _ => Ok(()),
    }
}

/// Quay's quirk: when a mirror has no `proxy` object yet, its PUT turns the first proxy key it
/// reads (in the order `http_proxy`, `https_proxy`, `no_proxy`) into an empty object instead of
/// storing it. When `body` would lose a value that way, this is the second PUT that stores it.
#[must_use]
pub fn proxy_followup(base: &MirrorConfig, body: &Map<String, Value>) -> Option<Value> {
    if base.external_registry_config.proxy.is_some() {
        return None;
    }
    let proxy = body
        .get("external_registry_config")
        .and_then(|c| c.get("proxy"))
        .and_then(Value::as_object)?;
    let (key, value) = ["http_proxy", "https_proxy", "no_proxy"]
        .into_iter()
        .find_map(|k| proxy.get(k).map(|v| (k, v)))?;
    (!value.is_null()).then(|| json!({"external_registry_config": {"proxy": {key: value.clone()}}}))
}
