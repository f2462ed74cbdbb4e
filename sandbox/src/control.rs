//! Test-control endpoints under `/__sandbox/` (not part of Quay), JSON in and out:
//!
//! * `POST /__sandbox/reset` `{"auth"?: bool, "seed"?: "hostile"|"default"}`: re-seed the data and
//!   clear faults (and, with `auth: true`, tokens, sign-ins and grants too); `seed: "hostile"` writes
//!   the hostile-data corpus ([`crate::hostile`]) into the data, and clears the pwned count.
//! * `GET|POST /__sandbox/pwned`: what every hostile payload calls if it ever runs; `GET` answers
//!   `{"count": n, "payloads": corpus size}` (`count`: calls since the last reset; `GET ?read` is
//!   the spec's own read and does not count).
//! * `POST /__sandbox/revoke`: revoke every token (the next API call gets 401).
//! * `GET|POST /__sandbox/faults`: read / replace the fault set (see [`crate::faults::Faults`]).
//! * `POST /__sandbox/config` `{"mode": "ok"|"missing"|"invalid"}`: what `/console/config.json` answers.
//! * `POST /__sandbox/grants/clear`: forget remembered OAuth grants (the consent page shows again).
//! * `POST /__sandbox/token` `{"username","scopes"?: [..], "client_id"?}`: mint a token without the UI.
//! * `GET /__sandbox/requests`: the last 500 `/api/v1` requests (never the token itself);
//!   `DELETE` clears the journal.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::areas::applications::CONSOLE_CLIENT_ID;
use crate::auth::{self, Scope};
use crate::faults::{ConfigMode, Faults};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/pwned", get(pwned).post(pwned))
        .route("/__sandbox/revoke", post(revoke))
        .route("/__sandbox/faults", get(get_faults).post(set_faults))
        .route("/__sandbox/config", post(set_config))
        .route("/__sandbox/grants/clear", post(clear_grants))
        .route("/__sandbox/token", post(mint_token))
        .route("/__sandbox/requests", get(requests).delete(clear_requests))
}

fn bad(text: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": text }))).into_response()
}

/// Parses an optional JSON body (empty means defaults).
fn body<T: for<'de> Deserialize<'de> + Default>(bytes: &[u8]) -> Result<T, Response> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| bad(&format!("invalid JSON body: {e}")))
}

fn ok() -> Response {
    Json(json!({"ok": true})).into_response()
}

#[derive(Default, Deserialize)]
struct ResetBody {
    #[serde(default)]
    auth: bool,
    #[serde(default)]
    seed: Option<String>,
}

async fn reset(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b = match body::<ResetBody>(&bytes) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let hostile = match b.seed.as_deref() {
        None => None,
        Some("hostile") => Some(true),
        Some("default") => Some(false),
        Some(_) => return bad("seed must be \"hostile\" or \"default\""),
    };
    state.reset(b.auth, hostile);
    crate::hostile::PWNED.store(0, std::sync::atomic::Ordering::SeqCst);
    ok()
}

/// A hostile payload ran (or, with `GET` and no `count` query, the count so far). Anything but the
/// spec's own read counts, so an `<img src>` or `fetch` from a payload shows up either way.
async fn pwned(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    use std::sync::atomic::Ordering;
    let read = method == axum::http::Method::GET && uri.query() == Some("read");
    if !read {
        crate::hostile::PWNED.fetch_add(1, Ordering::SeqCst);
    }
    Json(json!({
        "count": crate::hostile::PWNED.load(Ordering::SeqCst),
        "payloads": crate::hostile::payloads().len(),
    }))
    .into_response()
}

async fn revoke(State(state): State<AppState>) -> Response {
    let revoked = {
        let mut world = state.world();
        let n = world.auth.tokens.len();
        world.auth.tokens.clear();
        n
    };
    Json(json!({"ok": true, "revoked": revoked})).into_response()
}

async fn get_faults(State(state): State<AppState>) -> Response {
    let faults = state.control().faults.clone();
    Json(faults).into_response()
}

async fn set_faults(State(state): State<AppState>, bytes: Bytes) -> Response {
    match body::<Faults>(&bytes) {
        Ok(f) if !(0.0..=1.0).contains(&f.fail_rate) => bad("fail_rate must be between 0 and 1"),
        Ok(f) => {
            state.control().faults = f.clone();
            Json(f).into_response()
        }
        Err(e) => e,
    }
}

#[derive(Default, Deserialize)]
struct ConfigBody {
    #[serde(default)]
    mode: ConfigMode,
}

async fn set_config(State(state): State<AppState>, bytes: Bytes) -> Response {
    match body::<ConfigBody>(&bytes) {
        Ok(b) => {
            state.control().config_mode = b.mode;
            ok()
        }
        Err(e) => e,
    }
}

async fn clear_grants(State(state): State<AppState>) -> Response {
    state.world().auth.grants.clear();
    ok()
}

#[derive(Default, Deserialize)]
struct TokenBody {
    username: String,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    #[serde(default)]
    client_id: Option<String>,
}

async fn mint_token(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b = match body::<TokenBody>(&bytes) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let scopes = match b.scopes {
        None => Ok(Scope::ALL.into_iter().collect()),
        Some(list) => auth::parse_scopes(&list.join(" ")),
    };
    let Ok(scopes) = scopes else {
        return bad("unknown scope");
    };
    let mut world = state.world();
    if world.user(&b.username).is_none() {
        return bad("unknown user");
    }
    let client_id = b.client_id.unwrap_or_else(|| CONSOLE_CLIENT_ID.to_owned());
    let scope = auth::scope_string(&scopes);
    let token = world.auth.issue(&b.username, &client_id, scopes);
    Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": auth::TOKEN_TTL_SECONDS,
        "scope": scope,
    }))
    .into_response()
}

async fn requests(State(state): State<AppState>) -> Response {
    let list: Vec<Value> = state
        .control()
        .requests
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok())
        .collect();
    Json(Value::Array(list)).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> Response {
    state.control().requests.clear();
    ok()
}
