//! An organization's proxy cache (`/organization/{org}/proxycache`): pulls of `org/image` are
//! served from an upstream registry and cached for `expiration_s`.
//!
//! Quay's answers (recorded): GET is always 200; with no configuration every field is an empty
//! string (`{"upstream_registry": "", "expiration_s": "", "insecure": ""}`). POST → 201
//! `"Created"`, DELETE → 201 `"Deleted"`, `validateproxycache` → 202 `"Valid"` or `"Anonymous"`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Quay's default expiration of cached tags: a day.
pub const DEFAULT_EXPIRATION_S: u64 = 86_400;

/// The configuration as Quay shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "Raw")]
pub struct ProxyCache {
    /// `host[:port][/namespace]`; empty when the organization is no proxy cache.
    pub upstream_registry: String,
    pub expiration_s: Option<u64>,
    /// The upstream is reached over plain http (or https without checking its certificate).
    pub insecure: bool,
}

impl ProxyCache {
    #[must_use]
    pub fn is_configured(&self) -> bool {
        !self.upstream_registry.trim().is_empty()
    }
}

/// Quay's body, whatever the types (empty strings stand for "none").
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    upstream_registry: Value,
    #[serde(default)]
    expiration_s: Value,
    #[serde(default)]
    insecure: Value,
}

impl From<Raw> for ProxyCache {
    fn from(raw: Raw) -> Self {
        Self {
            upstream_registry: raw
                .upstream_registry
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            expiration_s: match &raw.expiration_s {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            },
            insecure: matches!(raw.insecure, Value::Bool(true)),
        }
    }
}

/// The body of `POST .../proxycache` and `.../validateproxycache`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProxyCacheRequest {
    pub upstream_registry: String,
    pub expiration_s: u64,
    pub insecure: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_registry_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_registry_password: Option<String>,
}

/// What is wrong with the form, field by field (message keys in `locales/*/access.txt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormProblem {
    UpstreamMissing,
    /// `https://` and the like: Quay wants `host[:port][/namespace]`; `insecure` says http.
    UpstreamScheme,
    UpstreamInvalid,
    Expiration,
    /// A user name without a password or the other way round.
    Credentials,
}

impl FormProblem {
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::UpstreamMissing => "proxy.problem.upstream_missing",
            Self::UpstreamScheme => "proxy.problem.upstream_scheme",
            Self::UpstreamInvalid => "proxy.problem.upstream_invalid",
            Self::Expiration => "proxy.problem.expiration",
            Self::Credentials => "proxy.problem.credentials",
        }
    }
}

/// `host[:port][/namespace...]`: a host of letters, digits, dots and dashes (or an IPv4 address),
/// an optional port 1-65535, and optional lower-case path segments.
fn upstream_shape_ok(upstream: &str) -> bool {
    let (host_port, path) = upstream.split_once('/').unwrap_or((upstream, ""));
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    let path_ok = path.is_empty()
        || path.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        });
    host_ok && port_ok && path_ok
}

/// Checks the form as Quay would, and builds the request.
///
/// # Errors
/// Every problem found, in field order.
pub fn request(
    upstream: &str,
    expiration: &str,
    insecure: bool,
    username: &str,
    password: &str,
) -> Result<ProxyCacheRequest, Vec<FormProblem>> {
    let mut problems = Vec::new();
    let upstream = upstream.trim();
    if upstream.is_empty() {
        problems.push(FormProblem::UpstreamMissing);
    } else if upstream.contains("://") {
        problems.push(FormProblem::UpstreamScheme);
    } else if !upstream_shape_ok(upstream) {
        problems.push(FormProblem::UpstreamInvalid);
    }
    let expiration = expiration.trim();
    let expiration_s = if expiration.is_empty() {
        DEFAULT_EXPIRATION_S
    } else {
        match expiration.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => {
                problems.push(FormProblem::Expiration);
                0
            }
        }
    };
    let (username, password) = (username.trim(), password);
    if username.is_empty() != password.is_empty() {
        problems.push(FormProblem::Credentials);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ProxyCacheRequest {
        upstream_registry: upstream.to_owned(),
        expiration_s,
        insecure,
        upstream_registry_username: (!username.is_empty()).then(|| username.to_owned()),
        upstream_registry_password: (!password.is_empty()).then(|| password.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_shapes() {
        for ok in [
            "docker.io",
            "quay.io/org",
            "127.0.0.1:5999/library",
            "r.example.com:443/a/b",
        ] {
            assert!(upstream_shape_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "docker.io/",
            ":80",
            "host:0",
            "host:99999",
            "a b",
            "-x.io",
            "h/UP",
        ] {
            assert!(!upstream_shape_ok(bad), "{bad}");
        }
    }
}
