//! Quay's feature switches: the public `GET /config` (no token, no bcrypt: ~1 ms on Quay), a test
//! hook to change them, and what an endpoint answers while its feature is off.
//!
//! * `GET /config`: the recorded body (`quay_config.json`, a copy of the recording) with the
//!   switches of this sandbox applied: `features.NAME` and its `config.FEATURE_NAME` mirror, or a
//!   `config` key such as `PERMANENTLY_DELETE_TAGS`. Not under `/api/v1`: no journal, no XHR rule,
//!   `Access-Control-Allow-Origin: *` (Quay's `crossdomain(origin="*")`).
//! * `POST /__sandbox/features` `{"REPO_MIRROR": false, "PERMANENTLY_DELETE_TAGS": true, ...}`:
//!   changes switches (absent ones unchanged) and answers them all; `GET` reads them. A reset
//!   restores the recording's values.
//! * [`gate`]: with `REPO_MIRROR` off the repository mirror endpoints and the mirror health pages are
//!   not routed (Flask's HTML 404), nor with `PROXY_CACHE` off the proxy cache endpoints, nor with
//!   `ORG_MIRROR` off the organization mirror endpoints; with
//!   `PERMANENTLY_DELETE_TAGS` off `POST .../tag/{tag}/expire` answers 405 `{"message"}`, as
//!   recorded; with `SECURITY_SCANNER` off a manifest's `/security` answers 404 `ApiError` "Not
//!   Found" (recorded), before any token check.
//!   With `IMMUTABLE_TAGS` / `AUTO_PRUNE` off the `immutabilitypolicy` / `autoprunepolicy` paths
//!   are not routed (absent from discovery).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::{errors, AppState};

/// The recorded `GET /config` body.
static RECORDED: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("quay_config.json")).unwrap_or_else(|_| json!({}))
});

/// Switches changed from the recording (name → on), kept in the test-control state.
pub type Overrides = BTreeMap<String, bool>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/config", get(config).options(preflight))
        .route("/__sandbox/features", get(read).post(change))
}

/// Whether `name` (a `features` name such as `REPO_MIRROR`, or a `config` key such as
/// `PERMANENTLY_DELETE_TAGS`) is on in this sandbox.
pub fn is_on(state: &AppState, name: &str) -> bool {
    if let Some(on) = state.control().features.get(name) {
        return *on;
    }
    let recorded = &*RECORDED;
    recorded["features"]
        .get(name)
        .or_else(|| recorded["config"].get(name))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// The body of `GET /config` with `overrides` applied.
pub fn body(overrides: &Overrides, host: Option<&str>) -> Value {
    let mut body = RECORDED.clone();
    for (name, on) in overrides {
        for (section, key) in [
            ("features", name.clone()),
            ("config", format!("FEATURE_{name}")),
            ("config", name.clone()),
        ] {
            if let Some(v) = body.get_mut(section).and_then(|s| s.get_mut(&key)) {
                *v = Value::Bool(*on);
            }
        }
    }
    if let (Some(host), Some(v)) = (
        host,
        body.get_mut("config")
            .and_then(|s| s.get_mut("SERVER_HOSTNAME")),
    ) {
        *v = Value::String(host.to_owned());
    }
    body
}

/// A switch name this sandbox knows: a boolean of the recording's `features` or `config`.
fn known(name: &str) -> bool {
    let recorded = &*RECORDED;
    recorded["features"]
        .get(name)
        .is_some_and(Value::is_boolean)
        || recorded["config"].get(name).is_some_and(Value::is_boolean)
}

async fn config(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let overrides = state.control().features.clone();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    (
        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
        Json(body(&overrides, host)),
    )
        .into_response()
}

async fn preflight() -> Response {
    (
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS"),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Authorization, Content-Type",
            ),
        ],
        StatusCode::OK,
    )
        .into_response()
}

/// Every switch and its current value.
fn all(state: &AppState) -> Value {
    let overrides = state.control().features.clone();
    let body = body(&overrides, None);
    let mut out = Map::new();
    for section in ["features", "config"] {
        if let Some(map) = body.get(section).and_then(Value::as_object) {
            for (k, v) in map.iter().filter(|(_, v)| v.is_boolean()) {
                if section == "features" || !k.starts_with("FEATURE_") {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

async fn read(State(state): State<AppState>) -> Response {
    Json(all(&state)).into_response()
}

async fn change(State(state): State<AppState>, bytes: Bytes) -> Response {
    let parsed: Result<BTreeMap<String, bool>, _> = if bytes.iter().all(u8::is_ascii_whitespace) {
        Ok(BTreeMap::new())
    } else {
        serde_json::from_slice(&bytes)
    };
    let changes = match parsed {
        Ok(c) => c,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": format!("expected {{\"NAME\": bool}}: {e}")})),
            )
                .into_response()
        }
    };
    if let Some(unknown) = changes.keys().find(|k| !known(k)) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("unknown feature {unknown}")})),
        )
            .into_response();
    }
    state.control().features.extend(changes);
    Json(all(&state)).into_response()
}

/// What Quay answers instead of the route while the route's feature is off; `None` = route it.
pub fn gate(state: &AppState, method: &Method, path: &str) -> Option<Response> {
    let rest = path.strip_prefix("/api/v1/")?;
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let mirror = matches!(
        parts.as_slice(),
        ["repository", "mirror", "health"]
            | ["superuser", "mirror", "health"]
            | ["repository", _, _, "mirror"]
            | ["repository", _, _, "mirror", "sync-now" | "sync-cancel"]
    );
    if mirror && !is_on(state, "REPO_MIRROR") {
        return Some(errors::flask_not_found());
    }
    let proxy = matches!(
        parts.as_slice(),
        ["organization", _, "proxycache" | "validateproxycache"]
    );
    let policy = |kind: &str| {
        matches!(parts.as_slice(), ["organization", _, k, ..] | ["repository", _, _, k, ..] if *k == kind)
            || (kind == "autoprunepolicy" && parts.get(..2) == Some(&["user", kind][..]))
    };
    if (proxy && !is_on(state, "PROXY_CACHE"))
        || (policy("immutabilitypolicy") && !is_on(state, "IMMUTABLE_TAGS"))
        || (policy("autoprunepolicy") && !is_on(state, "AUTO_PRUNE"))
    {
        return Some(errors::flask_not_found());
    }
    let org_mirror = matches!(
        parts.as_slice(),
        ["organization", _, "mirror"]
            | [
                "organization",
                _,
                "mirror",
                "sync-now" | "sync-cancel" | "verify" | "repositories"
            ]
    );
    if org_mirror && !is_on(state, "ORG_MIRROR") {
        return Some(errors::flask_not_found());
    }
    let expire = matches!(parts.as_slice(), ["repository", _, _, "tag", _, "expire"]);
    if expire && *method == Method::POST && !is_on(state, "PERMANENTLY_DELETE_TAGS") {
        return Some(errors::message(
            StatusCode::METHOD_NOT_ALLOWED,
            "The method is not allowed for the requested URL.",
        ));
    }
    let secscan = matches!(
        parts.as_slice(),
        ["repository", _, _, "manifest", _, "security"]
    );
    if secscan && !is_on(state, "SECURITY_SCANNER") {
        return Some(errors::not_found());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_the_feature_and_its_config_mirror() {
        let mut o = Overrides::new();
        o.insert("REPO_MIRROR".into(), false);
        o.insert("PERMANENTLY_DELETE_TAGS".into(), true);
        let b = body(&o, Some("h:1"));
        assert_eq!(b["features"]["REPO_MIRROR"], json!(false));
        assert_eq!(b["config"]["FEATURE_REPO_MIRROR"], json!(false));
        assert_eq!(b["config"]["PERMANENTLY_DELETE_TAGS"], json!(true));
        assert_eq!(b["config"]["SERVER_HOSTNAME"], json!("h:1"));
        assert_eq!(b["features"]["ORG_MIRROR"], json!(true));
    }

    #[test]
    fn known_names() {
        assert!(known("REPO_MIRROR") && known("PERMANENTLY_DELETE_TAGS"));
        assert!(!known("NOPE") && !known("SERVER_HOSTNAME"));
    }
}
