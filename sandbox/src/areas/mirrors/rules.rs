//! Quay's checks on mirror requests: the JSON schema (`CreateMirrorConfig` / `UpdateMirrorConfig`),
//! the strict start-date format, tag rules, robots, architectures, and the SSRF block on sources.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};
use time::macros::format_description;
use time::PrimitiveDateTime;

use super::{object_mut, MirrorConfig};
use crate::errors;
use crate::world::World;

/// Quay's `VALID_ARCHITECTURES`.
const ARCHITECTURES: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];
/// What the recorded Quay had in `SSRF_ALLOWED_HOSTS` (its test registry ran on 127.0.0.1:5999).
const ALLOWED_HOSTS: [&str; 1] = ["127.0.0.1"];
const BLOCKED_HOSTNAMES: [&str; 8] = [
    "localhost",
    "metadata.google.internal",
    "metadata.azure.internal",
    "metadata",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
    "kubernetes.default",
    "kubernetes",
];

/// Python's `repr` of a JSON value, as jsonschema's messages show it.
fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn bad(message: String) -> Response {
    errors::invalid_request(&message)
}

fn check_type(key: &str, value: &Value, kinds: &[&str]) -> Result<(), Response> {
    let ok = kinds.iter().any(|k| match *k {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_u64() || value.is_i64(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => false,
    });
    if ok {
        return Ok(());
    }
    let wanted = match kinds {
        [one] => format!("'{one}'"),
        many => format!(
            "[{}]",
            many.iter()
                .map(|k| format!("'{k}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(bad(format!(
        "{} is not of type {wanted} (in {key})",
        py_repr(value)
    )))
}

fn minimum(value: &Value, min: i64) -> Result<(), Response> {
    match value.as_i64() {
        Some(n) if n < min => Err(bad(format!("{n} is less than the minimum of {min}"))),
        _ => Ok(()),
    }
}

/// The JSON schema of `CreateMirrorConfig` (`create`) or `UpdateMirrorConfig`.
pub(super) fn schema(body: &Value, create: bool) -> Result<(), Response> {
    let Some(map) = body.as_object() else {
        return Err(bad(format!("{} is not of type 'object'", py_repr(body))));
    };
    if create {
        for key in [
            "external_reference",
            "sync_interval",
            "sync_start_date",
            "root_rule",
            "skopeo_timeout_interval",
        ] {
            if !map.contains_key(key) {
                return Err(bad(format!("'{key}' is a required property")));
            }
        }
    }
    for (key, value) in map {
        match key.as_str() {
            "is_enabled" => check_type(key, value, &["boolean"])?,
            "external_reference" | "sync_start_date" | "robot_username" => {
                check_type(key, value, &["string"])?;
            }
            "external_registry_username" | "external_registry_password" => {
                check_type(key, value, &["string", "null"])?;
            }
            "sync_interval" => {
                check_type(key, value, &["integer"])?;
                minimum(value, 0)?;
            }
            "skopeo_timeout_interval" => {
                check_type(key, value, &["integer"])?;
                minimum(value, 300)?;
            }
            "architecture_filter" => {
                check_type(key, value, &["array", "null"])?;
                for item in value.as_array().into_iter().flatten() {
                    check_type(key, item, &["string"])?;
                }
            }
            "root_rule" => root_rule_schema(value)?,
            "external_registry_config" => registry_config_schema(value)?,
            _ => {}
        }
    }
    Ok(())
}

fn root_rule_schema(value: &Value) -> Result<(), Response> {
    check_type("root_rule", value, &["object"])?;
    for key in ["rule_kind", "rule_value"] {
        if value.get(key).is_none() {
            return Err(bad(format!("'{key}' is a required property")));
        }
    }
    let kind = value.get("rule_kind").unwrap_or(&Value::Null);
    if kind.as_str() != Some("tag_glob_csv") {
        return Err(bad(format!(
            "{} is not one of ['tag_glob_csv']",
            py_repr(kind)
        )));
    }
    let list = value.get("rule_value").unwrap_or(&Value::Null);
    check_type("rule_value", list, &["array"])?;
    for item in list.as_array().into_iter().flatten() {
        check_type("rule_value", item, &["string"])?;
    }
    Ok(())
}

fn registry_config_schema(value: &Value) -> Result<(), Response> {
    check_type("external_registry_config", value, &["object"])?;
    for key in ["verify_tls", "unsigned_images"] {
        if let Some(v) = value.get(key) {
            check_type(key, v, &["boolean"])?;
        }
    }
    if let Some(proxy) = value.get("proxy") {
        check_type("proxy", proxy, &["object"])?;
        for key in ["http_proxy", "https_proxy", "no_proxy"] {
            if let Some(v) = proxy.get(key) {
                check_type(key, v, &["string", "null"])?;
            }
        }
    }
    Ok(())
}

/// Quay parses `sync_start_date` with `strptime("%Y-%m-%dT%H:%M:%SZ")`, nothing else.
pub(super) fn start_date(text: &str) -> Result<i64, Response> {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, &format)
        .map(|dt| dt.assume_utc().unix_timestamp())
        .map_err(|_| {
            errors::detail_only(
                StatusCode::BAD_REQUEST,
                "Incorrect DateTime format for sync_start_date.",
            )
        })
}

/// The tag globs of a `root_rule` (at least one).
pub(super) fn rule_value(rule: Option<&Value>) -> Result<Vec<String>, Response> {
    let tags: Vec<String> = rule
        .and_then(|r| r.get("rule_value"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if tags.is_empty() {
        return Err(bad(
            "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least one rule"
                .into(),
        ));
    }
    Ok(tags)
}

/// The robot exists and belongs to the repository's namespace.
pub(super) fn robot(world: &World, namespace: &str, name: &str) -> Result<(), Response> {
    let Some(found) = world.robots.find(name) else {
        return Err(errors::message(
            StatusCode::BAD_REQUEST,
            "Could not find robot with specified username",
        ));
    };
    if found.namespace() != namespace {
        return Err(errors::message(StatusCode::BAD_REQUEST, "Invalid robot"));
    }
    Ok(())
}

/// `architecture_filter`: known values only; null means all.
pub(super) fn architectures(value: Option<&Value>) -> Result<Vec<String>, Response> {
    let list: Vec<String> = value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut invalid: Vec<&str> = list
        .iter()
        .map(String::as_str)
        .filter(|a| !ARCHITECTURES.contains(a))
        .collect();
    if invalid.is_empty() {
        return Ok(list);
    }
    invalid.sort_unstable();
    Err(bad(format!(
        "Invalid architectures: {}",
        invalid.join(", ")
    )))
}

fn ip_blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || v4 == Ipv4Addr::new(192, 0, 0, 0)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments().first().copied().unwrap_or(0);
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some()
                || first == 0x2001 && v6.segments().get(1) == Some(&0x0db8)
        }
    }
}

/// Quay's SSRF block on a lower-case host name or address (no allow-list applied): internal names,
/// `.internal`/`.local`, private, loopback, link-local and other special addresses.
pub fn host_blocked(lower: &str) -> bool {
    BLOCKED_HOSTNAMES.contains(&lower)
        || lower.ends_with(".internal")
        || lower.ends_with(".local")
        || lower
            .parse::<IpAddr>()
            .or_else(|_| lower.parse::<Ipv6Addr>().map(IpAddr::V6))
            .is_ok_and(ip_blocked)
}

/// Quay's `validate_external_registry_reference` (format), then its SSRF block with the recorded
/// allow-list: 400 "The provided registry location is not allowed".
pub(super) fn reference(text: &str) -> Result<(), Response> {
    let format = |m: &str| Err(bad(m.to_owned()));
    if text.trim().is_empty() {
        return format("External registry reference is required");
    }
    if text.chars().any(char::is_whitespace) {
        return format("External registry reference must not include whitespace");
    }
    if text.contains("://") {
        return format("External registry reference must not include a URL scheme");
    }
    if text.contains(['?', '#', '\\', '%']) {
        return format("External registry reference contains an invalid character");
    }
    let Some((registry, path)) = text
        .split_once('/')
        .filter(|(r, p)| !r.is_empty() && !p.is_empty())
    else {
        return format("External registry reference must include a repository path");
    };
    let _ = path;
    let host = if let Some(inner) = registry.strip_prefix('[') {
        inner.split_once(']').map(|(h, _)| h).unwrap_or(inner)
    } else {
        if registry.matches(':').count() > 1 {
            return format("External registry reference contains an invalid registry authority");
        }
        registry.split_once(':').map_or(registry, |(h, _)| h)
    };
    if host.is_empty() || host.contains('@') {
        return format("External registry reference must include a valid registry hostname");
    }
    let lower = host.to_ascii_lowercase();
    if ALLOWED_HOSTS.contains(&lower.as_str()) {
        return Ok(());
    }
    if host_blocked(&lower) {
        return Err(errors::invalid_request(
            "The provided registry location is not allowed",
        ));
    }
    Ok(())
}

/// Credentials as Quay's PUT reads them.
enum Credentials {
    Both(Option<String>, Option<String>),
    Username(Option<String>),
}

/// A checked `PUT .../mirror` body.
#[derive(Default)]
pub(super) struct Changes {
    is_enabled: Option<bool>,
    external_reference: Option<String>,
    pub(super) robot: Option<String>,
    start: Option<i64>,
    interval: Option<u64>,
    credentials: Option<Credentials>,
    registry: Option<Map<String, Value>>,
    tags: Option<Vec<String>>,
    timeout: Option<u64>,
    architectures: Option<Vec<String>>,
}

fn opt_string(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// Checks every field of a PUT body (after [`schema`]) with Quay's messages.
pub(super) fn changes(world: &World, namespace: &str, body: &Value) -> Result<Changes, Response> {
    let mut c = Changes {
        is_enabled: body.get("is_enabled").and_then(Value::as_bool),
        ..Changes::default()
    };
    if let Some(reference_text) = body.get("external_reference").and_then(Value::as_str) {
        if reference_text.is_empty() {
            return Err(errors::detail_only(
                StatusCode::BAD_REQUEST,
                "Empty string is an invalid repository location.",
            ));
        }
        reference(reference_text)?;
        c.external_reference = Some(reference_text.to_owned());
    }
    if let Some(name) = body.get("robot_username").and_then(Value::as_str) {
        robot(world, namespace, name)?;
        c.robot = Some(name.to_owned());
    }
    if let Some(text) = body.get("sync_start_date").and_then(Value::as_str) {
        c.start = Some(start_date(text)?);
    }
    c.interval = body.get("sync_interval").and_then(Value::as_u64);
    let (user, pass) = (
        body.get("external_registry_username"),
        body.get("external_registry_password"),
    );
    c.credentials = match (user, pass) {
        (Some(u), Some(p)) => {
            if u.is_null() && !p.is_null() {
                return Err(errors::detail_only(
                    StatusCode::BAD_REQUEST,
                    "Unable to delete username while setting a password.",
                ));
            }
            Some(Credentials::Both(opt_string(Some(u)), opt_string(Some(p))))
        }
        (Some(u), None) => Some(Credentials::Username(opt_string(Some(u)))),
        (None, Some(_)) => {
            return Err(errors::detail_only(
                StatusCode::BAD_REQUEST,
                "Unable to set a new password without also specifying a username.",
            ))
        }
        (None, None) => None,
    };
    c.registry = body
        .get("external_registry_config")
        .and_then(Value::as_object)
        .cloned();
    if let Some(rule) = body.get("root_rule") {
        c.tags = Some(rule_value(Some(rule))?);
    }
    c.timeout = body.get("skopeo_timeout_interval").and_then(Value::as_u64);
    if body.get("architecture_filter").is_some() {
        c.architectures = Some(architectures(body.get("architecture_filter"))?);
    }
    Ok(c)
}

impl Changes {
    /// Applies the changes in Quay's order, noting each `(changed, to)` for the audit log.
    pub(super) fn apply(self, config: &mut MirrorConfig, logged: &mut Vec<(&'static str, Value)>) {
        if let Some(enabled) = self.is_enabled {
            config.is_enabled = enabled;
            logged.push(("is_enabled", json!(enabled)));
        }
        if let Some(reference) = self.external_reference {
            logged.push(("external_reference", json!(reference)));
            config.external_reference = reference;
        }
        if let Some(robot) = self.robot {
            logged.push(("robot_username", json!(robot)));
            config.robot_username = robot;
        }
        if let Some(start) = self.start {
            config.sync_start_date = Some(start);
            logged.push(("sync_start_date", json!(crate::util::iso_date(start))));
        }
        if let Some(interval) = self.interval {
            config.sync_interval = interval;
            logged.push(("sync_interval", json!(interval)));
        }
        match self.credentials {
            Some(Credentials::Both(user, pass)) => {
                logged.push(("external_registry_username", json!(user)));
                logged.push((
                    "external_registry_password",
                    if pass.is_some() {
                        json!("********")
                    } else {
                        Value::Null
                    },
                ));
                config.external_registry_username = user;
                config.external_registry_password = pass;
            }
            Some(Credentials::Username(user)) => {
                logged.push(("external_registry_username", json!(user)));
                config.external_registry_username = user;
            }
            None => {}
        }
        if let Some(updates) = self.registry {
            apply_registry(&mut config.external_registry_config, &updates, logged);
        }
        if let Some(tags) = self.tags {
            logged.push(("mirror_rule", json!(tags)));
            config.root_rule = tags;
        }
        if let Some(timeout) = self.timeout {
            config.skopeo_timeout_interval = timeout;
            logged.push(("skopeo_timeout_interval", json!(timeout)));
        }
        if let Some(architectures) = self.architectures {
            logged.push(("architecture_filter", json!(architectures)));
            config.architecture_filter = architectures;
        }
    }
}

/// Quay's `change_external_registry_config`, one key at a time, with its quirk: while the stored
/// config has no `proxy` object, a proxy key creates the object and is itself dropped.
fn apply_registry(
    stored: &mut Value,
    updates: &Map<String, Value>,
    logged: &mut Vec<(&'static str, Value)>,
) {
    for key in ["verify_tls", "unsigned_images"] {
        if let (Some(value), Some(map)) = (updates.get(key), object_mut(stored)) {
            map.insert(key.to_owned(), value.clone());
            logged.push((key, value.clone()));
        }
    }
    let Some(proxy_updates) = updates.get("proxy").and_then(Value::as_object) else {
        return;
    };
    for key in ["http_proxy", "https_proxy", "no_proxy"] {
        let Some(value) = proxy_updates.get(key) else {
            continue;
        };
        let Some(map) = object_mut(stored) else {
            continue;
        };
        match map.get_mut("proxy").and_then(Value::as_object_mut) {
            Some(proxy) => {
                proxy.insert(key.to_owned(), value.clone());
            }
            None => {
                map.insert("proxy".to_owned(), json!({}));
            }
        }
        logged.push((key, value.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_checked_like_quay() {
        assert!(reference("quay.io/coreos/etcd").is_ok());
        assert!(reference("127.0.0.1:5999/library/alpine").is_ok());
        for blocked in [
            "169.254.169.254/latest/x",
            "localhost:5000/x",
            "10.0.0.8/x",
            "metadata.google.internal/x",
            "registry.cluster.local/x",
            "[::1]:5000/x",
            "192.168.1.2/x",
        ] {
            assert!(reference(blocked).is_err(), "{blocked}");
        }
        assert!(reference("https://quay.io/x").is_err());
        assert!(reference("quay.io").is_err());
    }

    #[test]
    fn proxy_quirk() {
        let mut stored = json!({});
        let mut logged = Vec::new();
        let updates = json!({"proxy": {"http_proxy": "http://p:1", "https_proxy": "http://p:2"}});
        apply_registry(&mut stored, updates.as_object().unwrap(), &mut logged);
        assert_eq!(stored, json!({"proxy": {"https_proxy": "http://p:2"}}));
        apply_registry(&mut stored, updates.as_object().unwrap(), &mut logged);
        assert_eq!(
            stored,
            json!({"proxy": {"https_proxy": "http://p:2", "http_proxy": "http://p:1"}})
        );
    }

    #[test]
    fn strict_start_date() {
        assert_eq!(start_date("2030-01-01T00:00:00Z").ok(), Some(1_893_456_000));
        assert!(start_date("2030-01-01T00:00:00.5Z").is_err());
        assert!(start_date("2030-01-01 00:00:00").is_err());
    }
}
