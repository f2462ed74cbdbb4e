//! The organization mirror form: what the user typed, checked with Quay's rules (the JSON schema
//! of `CreateOrgMirrorConfig` / `UpdateOrgMirrorConfig` and the handler's checks) before anything
//! is sent, and the bodies of `POST` (everything) and `PUT` (only what changed).
//!
//! Not checked here: whether the robot exists (Quay: "Invalid robot account: NAME") and the SSRF
//! block, whose allow-list (`SSRF_ALLOWED_HOSTS`) only Quay knows; its refusal is shown as sent.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub use super::rules::{check_robot, check_url, split_filters, valid_start_date, whole_seconds};
use super::{OrgMirrorConfig, RegistryType};

pub const MIN_INTERVAL_S: u64 = 60;
pub const MIN_TIMEOUT_S: u64 = 30;
pub const MAX_TIMEOUT_S: u64 = 3600;
pub const DEFAULT_TIMEOUT_S: u64 = 300;
pub const MAX_NAMESPACE_LEN: usize = 255;

/// What is wrong with the form, field by field (message keys in `locales/*/org_mirror.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// Neither `quay` nor `harbor`.
    RegistryType,
    UrlMissing,
    /// Quay: "Invalid URL scheme '…': only HTTP and HTTPS are allowed".
    UrlScheme,
    UrlInvalid,
    NamespaceMissing,
    NamespaceTooLong,
    RobotMissing,
    /// Quay: "Robot account must belong to the organization".
    RobotForeign,
    Visibility,
    /// A whole number of seconds, at least 60.
    Interval,
    /// Quay: "Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ".
    StartDate,
    /// 30 to 3600 seconds.
    Timeout,
    /// A filter with a space or an empty one.
    Filter,
}

impl FormProblem {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::RegistryType => "orgmirror.problem.registry_type",
            Self::UrlMissing => "orgmirror.problem.url_missing",
            Self::UrlScheme => "orgmirror.problem.url_scheme",
            Self::UrlInvalid => "orgmirror.problem.url_invalid",
            Self::NamespaceMissing => "orgmirror.problem.namespace_missing",
            Self::NamespaceTooLong => "orgmirror.problem.namespace_too_long",
            Self::RobotMissing => "orgmirror.problem.robot_missing",
            Self::RobotForeign => "orgmirror.problem.robot_foreign",
            Self::Visibility => "orgmirror.problem.visibility",
            Self::Interval => "orgmirror.problem.interval",
            Self::StartDate => "orgmirror.problem.start_date",
            Self::Timeout => "orgmirror.problem.timeout",
            Self::Filter => "orgmirror.problem.filter",
        }
    }
}

/// The body of `POST .../mirror`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreateRequest {
    pub external_registry_type: String,
    pub external_registry_url: String,
    pub external_namespace: String,
    pub robot_username: String,
    pub visibility: String,
    pub sync_interval: u64,
    pub sync_start_date: String,
    pub is_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_registry_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_registry_password: Option<String>,
    pub external_registry_config: Value,
    pub repository_filters: Vec<String>,
    pub skopeo_timeout: u64,
}

/// The form as typed. Serialized for the tab's draft of an open form, without credentials: the
/// user name and password are never written (`serde(skip)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub registry_type: String,
    pub url: String,
    pub namespace: String,
    /// `org+name`.
    pub robot: String,
    pub visibility: String,
    /// Seconds.
    pub interval: String,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub start_date: String,
    pub enabled: bool,
    #[serde(skip)]
    pub username: String,
    /// Empty = keep the stored one (on update).
    #[serde(skip)]
    pub password: String,
    /// Remove the stored credentials (on update).
    pub clear_credentials: bool,
    pub verify_tls: bool,
    pub http_proxy: String,
    pub https_proxy: String,
    pub no_proxy: String,
    /// Globs, separated by commas or new lines.
    pub filters: String,
    /// Seconds; empty = Quay's default (300).
    pub timeout: String,
}

impl Default for Form {
    fn default() -> Self {
        Self::new("")
    }
}

impl Form {
    /// A new mirror's form: Quay source, private, daily, starting at `start` (an ISO date).
    #[must_use]
    pub fn new(start: &str) -> Self {
        Self {
            registry_type: "quay".into(),
            url: String::new(),
            namespace: String::new(),
            robot: String::new(),
            visibility: "private".into(),
            interval: "86400".into(),
            start_date: start.to_owned(),
            enabled: true,
            username: String::new(),
            password: String::new(),
            clear_credentials: false,
            verify_tls: true,
            http_proxy: String::new(),
            https_proxy: String::new(),
            no_proxy: String::new(),
            filters: String::new(),
            timeout: DEFAULT_TIMEOUT_S.to_string(),
        }
    }

    /// The form of an existing configuration (the password stays empty: Quay never shows it).
    #[must_use]
    pub fn from_config(c: &OrgMirrorConfig) -> Self {
        let proxy = &c.external_registry_config.proxy;
        Self {
            registry_type: c.external_registry_type.as_str().to_owned(),
            url: c.external_registry_url.clone(),
            namespace: c.external_namespace.clone(),
            robot: c.robot_username.clone().unwrap_or_default(),
            visibility: c.visibility.to_ascii_lowercase(),
            interval: c.sync_interval.to_string(),
            start_date: c
                .sync_start_date
                .as_deref()
                .map(whole_seconds)
                .unwrap_or_default(),
            enabled: c.is_enabled,
            username: c.external_registry_username.clone().unwrap_or_default(),
            password: String::new(),
            clear_credentials: false,
            verify_tls: c.external_registry_config.verifies_tls(),
            http_proxy: proxy.http_proxy.clone().unwrap_or_default(),
            https_proxy: proxy.https_proxy.clone().unwrap_or_default(),
            no_proxy: proxy.no_proxy.clone().unwrap_or_default(),
            filters: c.repository_filters.join(", "),
            timeout: c.skopeo_timeout.unwrap_or(DEFAULT_TIMEOUT_S).to_string(),
        }
    }

    /// Every problem, in field order, for a mirror of organization `org`.
    #[must_use]
    pub fn problems(&self, org: &str) -> Vec<FormProblem> {
        let mut out = Vec::new();
        if !matches!(
            RegistryType::parse(self.registry_type.trim()),
            RegistryType::Quay | RegistryType::Harbor
        ) {
            out.push(FormProblem::RegistryType);
        }
        if let Err(p) = check_url(&self.url) {
            out.push(p);
        }
        let ns = self.namespace.trim();
        if ns.is_empty() {
            out.push(FormProblem::NamespaceMissing);
        } else if ns.chars().count() > MAX_NAMESPACE_LEN {
            out.push(FormProblem::NamespaceTooLong);
        }
        if let Err(p) = check_robot(&self.robot, org) {
            out.push(p);
        }
        if !matches!(self.visibility.as_str(), "public" | "private") {
            out.push(FormProblem::Visibility);
        }
        if self.interval_s().is_none() {
            out.push(FormProblem::Interval);
        }
        if !valid_start_date(self.start_date.trim()) {
            out.push(FormProblem::StartDate);
        }
        if self.timeout_s().is_none() {
            out.push(FormProblem::Timeout);
        }
        if self.filter_list().is_none() {
            out.push(FormProblem::Filter);
        }
        out
    }

    fn interval_s(&self) -> Option<u64> {
        self.interval
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= MIN_INTERVAL_S)
    }

    fn timeout_s(&self) -> Option<u64> {
        let t = self.timeout.trim();
        if t.is_empty() {
            return Some(DEFAULT_TIMEOUT_S);
        }
        t.parse::<u64>()
            .ok()
            .filter(|n| (MIN_TIMEOUT_S..=MAX_TIMEOUT_S).contains(n))
    }

    /// The globs, or `None` when one has a space in it.
    #[must_use]
    pub fn filter_list(&self) -> Option<Vec<String>> {
        let list: Vec<String> = split_filters(&self.filters);
        list.iter()
            .all(|f| !f.chars().any(char::is_whitespace))
            .then_some(list)
    }

    fn registry_config(&self) -> Value {
        let opt = |s: &str| {
            let s = s.trim();
            if s.is_empty() {
                Value::Null
            } else {
                Value::String(s.to_owned())
            }
        };
        json!({
            "verify_tls": self.verify_tls,
            "proxy": {
                "http_proxy": opt(&self.http_proxy),
                "https_proxy": opt(&self.https_proxy),
                "no_proxy": opt(&self.no_proxy),
            },
        })
    }

    /// The body of `POST .../mirror`.
    ///
    /// # Errors
    /// [`Form::problems`], when there are any.
    pub fn create_request(&self, org: &str) -> Result<CreateRequest, Vec<FormProblem>> {
        let problems = self.problems(org);
        if !problems.is_empty() {
            return Err(problems);
        }
        let text = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        Ok(CreateRequest {
            external_registry_type: self.registry_type.trim().to_owned(),
            external_registry_url: self.url.trim().to_owned(),
            external_namespace: self.namespace.trim().to_owned(),
            robot_username: self.robot.trim().to_owned(),
            visibility: self.visibility.clone(),
            sync_interval: self.interval_s().unwrap_or(MIN_INTERVAL_S),
            sync_start_date: self.start_date.trim().to_owned(),
            is_enabled: self.enabled,
            external_registry_username: text(self.username.trim()),
            external_registry_password: text(&self.password),
            external_registry_config: self.registry_config(),
            repository_filters: self.filter_list().unwrap_or_default(),
            skopeo_timeout: self.timeout_s().unwrap_or(DEFAULT_TIMEOUT_S),
        })
    }

    /// The body of `PUT .../mirror`: only the fields that differ from `base` (Quay's PUT is
    /// partial; `external_registry_type` cannot change). Empty when nothing changed.
    ///
    /// # Errors
    /// [`Form::problems`], when there are any.
    pub fn update_body(
        &self,
        org: &str,
        base: &OrgMirrorConfig,
    ) -> Result<Map<String, Value>, Vec<FormProblem>> {
        let full = serde_json::to_value(self.create_request(org)?).unwrap_or(Value::Null);
        let was = serde_json::to_value(Self::from_config(base).create_request(org).ok())
            .unwrap_or(Value::Null);
        let mut out = Map::new();
        for key in [
            "external_registry_url",
            "external_namespace",
            "robot_username",
            "visibility",
            "sync_interval",
            "sync_start_date",
            "is_enabled",
            "external_registry_config",
            "repository_filters",
            "skopeo_timeout",
        ] {
            let new = full.get(key).cloned().unwrap_or(Value::Null);
            if was.get(key) != Some(&new) {
                out.insert(key.to_owned(), new);
            }
        }
        if self.clear_credentials {
            // Quay stores an empty string as None.
            out.insert("external_registry_username".into(), Value::Null);
            out.insert("external_registry_password".into(), Value::Null);
        } else {
            let user = self.username.trim();
            if base
                .external_registry_username
                .as_deref()
                .unwrap_or_default()
                != user
            {
                out.insert("external_registry_username".into(), json!(user));
            }
            if !self.password.is_empty() {
                out.insert("external_registry_password".into(), json!(self.password));
            }
        }
        Ok(out)
    }
}
