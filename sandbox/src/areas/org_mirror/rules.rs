//! Quay's checks on organization mirror requests (`endpoints/api/org_mirror.py`): the JSON schema
//! (`CreateOrgMirrorConfig` / `UpdateOrgMirrorConfig`, jsonschema's wording), then the handler's
//! own checks in Quay's order: robot, type, visibility, start date, interval, timeout, URL.

use axum::response::Response;
use serde_json::Value;
use time::macros::format_description;
use time::PrimitiveDateTime;

use crate::areas::mirrors;
use crate::errors;
use crate::world::World;

/// The seven statuses of a mirrored repository, in Quay's order (`OrgMirrorRepoStatus`).
pub const REPO_STATUSES: [&str; 7] = [
    "CANCEL",
    "FAIL",
    "NEVER_RUN",
    "SUCCESS",
    "SYNCING",
    "SYNC_NOW",
    "SKIP",
];
/// What the recorded Quay had in `SSRF_ALLOWED_HOSTS` (its test registry ran on 127.0.0.1:5999).
const ALLOWED_HOSTS: [&str; 1] = ["127.0.0.1"];

fn bad(message: &str) -> Response {
    errors::invalid_request(message)
}

fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn of_type(key: &str, value: &Value, kinds: &[&str]) -> Result<(), Response> {
    let ok = kinds.iter().any(|k| match *k {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => false,
    });
    if ok {
        return Ok(());
    }
    let wanted = kinds
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(bad(&format!(
        "{} is not of type {wanted}\n\nOn instance['{key}']",
        py_repr(value)
    )))
}

fn within(key: &str, value: &Value, min: i64, max: Option<i64>) -> Result<(), Response> {
    let Some(n) = value.as_i64() else {
        return Ok(());
    };
    if n < min {
        return Err(bad(&format!(
            "{n} is less than the minimum of {min}\n\nOn instance['{key}']:\n    {n}"
        )));
    }
    match max {
        Some(max) if n > max => Err(bad(&format!(
            "{n} is greater than the maximum of {max}\n\nOn instance['{key}']:\n    {n}"
        ))),
        _ => Ok(()),
    }
}

fn one_of(key: &str, value: &Value, allowed: &[&str]) -> Result<(), Response> {
    if value.as_str().is_some_and(|s| allowed.contains(&s)) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(bad(&format!(
        "{} is not one of [{list}]\n\nOn instance['{key}']",
        py_repr(value)
    )))
}

/// The JSON schema: required fields on create, then each known field's type and bounds.
pub fn schema(body: &Value, create: bool) -> Result<(), Response> {
    let Some(map) = body.as_object() else {
        return Err(bad(&format!("{} is not of type 'object'", py_repr(body))));
    };
    if create {
        for key in [
            "external_registry_type",
            "external_registry_url",
            "external_namespace",
            "robot_username",
            "visibility",
            "sync_interval",
            "sync_start_date",
        ] {
            if !map.contains_key(key) {
                return Err(bad(&format!("'{key}' is a required property")));
            }
        }
    }
    for (key, value) in map {
        match key.as_str() {
            // Quay's update schema has no `external_registry_type`: the source type is fixed.
            "external_registry_type" if create => {
                of_type(key, value, &["string"])?;
                one_of(key, value, &["harbor", "quay"])?;
            }
            "external_registry_url" | "robot_username" | "sync_start_date" => {
                of_type(key, value, &["string"])?;
            }
            "external_namespace" => {
                of_type(key, value, &["string"])?;
                if value.as_str().is_some_and(|s| s.chars().count() > 255) {
                    return Err(bad("is too long\n\nOn instance['external_namespace']"));
                }
            }
            "visibility" => {
                of_type(key, value, &["string"])?;
                one_of(key, value, &["public", "private"])?;
            }
            "sync_interval" => {
                of_type(key, value, &["integer"])?;
                within(key, value, 60, None)?;
            }
            "skopeo_timeout" => {
                of_type(key, value, &["integer"])?;
                within(key, value, 30, Some(3600))?;
            }
            "is_enabled" => of_type(key, value, &["boolean"])?,
            "external_registry_username" | "external_registry_password" => {
                of_type(key, value, &["string", "null"])?;
            }
            "external_registry_config" => registry_config(value)?,
            "repository_filters" => {
                of_type(key, value, &["array"])?;
                for item in value.as_array().into_iter().flatten() {
                    of_type(key, item, &["string"])?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn registry_config(value: &Value) -> Result<(), Response> {
    of_type("external_registry_config", value, &["object"])?;
    if let Some(tls) = value.get("verify_tls") {
        of_type("verify_tls", tls, &["boolean"])?;
    }
    if let Some(proxy) = value.get("proxy") {
        of_type("proxy", proxy, &["object"])?;
        for key in ["http_proxy", "https_proxy", "no_proxy"] {
            if let Some(v) = proxy.get(key) {
                of_type(key, v, &["string", "null"])?;
            }
        }
    }
    Ok(())
}

/// The robot exists (400 "Invalid robot account: NAME") and belongs to the organization.
pub fn robot(world: &World, org: &str, name: &str) -> Result<(), Response> {
    let Some(found) = world.robots.find(name) else {
        return Err(bad(&format!("Invalid robot account: {name}")));
    };
    if found.namespace() != org {
        return Err(bad("Robot account must belong to the organization"));
    }
    Ok(())
}

/// Quay parses `sync_start_date` with `strptime("%Y-%m-%dT%H:%M:%SZ")`, nothing else.
pub fn start_date(text: &str) -> Result<i64, Response> {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, &format)
        .map(|dt| dt.assume_utc().unix_timestamp())
        .map_err(|_| bad("Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ"))
}

/// The host of `scheme://host[:port][/path]`, or Quay's refusal of the URL.
pub fn url_host(url: &str) -> Result<String, Response> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(bad(&format!(
            "Invalid URL scheme '{scheme}': only HTTP and HTTPS are allowed"
        )));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(inner) = authority.strip_prefix('[') {
        inner.split_once(']').map_or(inner, |(h, _)| h)
    } else {
        authority.split_once(':').map_or(authority, |(h, _)| h)
    };
    if host.is_empty() {
        return Err(bad("Invalid URL: no hostname"));
    }
    Ok(host.to_ascii_lowercase())
}

/// Scheme, then the SSRF block with the recorded allow-list: 400 "The provided registry URL is
/// not allowed".
pub fn url(text: &str) -> Result<(), Response> {
    let host = url_host(text)?;
    if !ALLOWED_HOSTS.contains(&host.as_str()) && mirrors::host_blocked(&host) {
        return Err(bad("The provided registry URL is not allowed"));
    }
    Ok(())
}

/// A `?status=` filter in any case, or 400 listing the valid values.
pub fn status_filter(text: &str) -> Result<&'static str, Response> {
    let upper = text.to_ascii_uppercase();
    REPO_STATUSES
        .iter()
        .find(|s| **s == upper)
        .copied()
        .ok_or_else(|| {
            bad(&format!(
                "Invalid status filter '{text}'. Valid values: {}",
                REPO_STATUSES.join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_as_quay_reads_them() {
        assert!(url("http://127.0.0.1:5999").is_ok());
        assert!(url("https://quay.io").is_ok());
        assert!(url("quay.io").is_err());
        assert!(url("ftp://quay.io").is_err());
        assert!(url("http://169.254.169.254/latest").is_err());
        assert!(url("http://localhost:8080").is_err());
        assert_eq!(
            url_host("https://u:p@Harbor.Example.com:8443/x")
                .ok()
                .as_deref(),
            Some("harbor.example.com")
        );
    }

    #[test]
    fn statuses_in_any_case() {
        assert_eq!(status_filter("never_run").ok(), Some("NEVER_RUN"));
        assert_eq!(status_filter("Sync_Now").ok(), Some("SYNC_NOW"));
        assert!(status_filter("bogus").is_err());
    }

    #[test]
    fn strict_dates() {
        assert!(start_date("2030-01-01T00:00:00Z").is_ok());
        assert!(start_date("2030-01-01").is_err());
        assert!(start_date("2030-01-01T00:00:00.000Z").is_err());
    }
}
