//! `--console-port`: the console alone on a second port of the same host, its `config.json` pointing
//! at the API's origin, so that the console runs on another origin than Quay, as in a cross-origin
//! deployment: every API call is a CORS request, and those with a token need a preflight.
//!
//! Served there: `/console/config.json` and `/console/…` (the build, with the SPA fallback); nothing else.
//! The OAuth pages stay on the API's origin, which must accept the console's origin in a
//! `redirect_uri`: [`allow_console_origin`] adds it to the list [`is_console_origin`] reads (used by
//! `util::redirect_allowed`).

use std::sync::RwLock;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::faults::ConfigMode;
use crate::{console, AppState};

/// Origins (`scheme://host:port`) of consoles served by this process on another port.
static CONSOLE_ORIGINS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Accepts `origin` (`http://host:port`) as the origin of a console's `redirect_uri`.
pub fn allow_console_origin(origin: &str) {
    let mut list = CONSOLE_ORIGINS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !list.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
        list.push(origin.to_owned());
    }
}

/// `origin` is that of a console served on another port ([`allow_console_origin`]).
pub fn is_console_origin(origin: &str) -> bool {
    CONSOLE_ORIGINS
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .iter()
        .any(|o| o.eq_ignore_ascii_case(origin))
}

/// The console's server on the second port; `api_origin` is `http://HOST:APIPORT`.
pub fn app(state: AppState, api_origin: String) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::temporary("/console/") }))
        .route(
            "/console",
            get(|| async { Redirect::temporary("/console/") }),
        )
        .route(
            "/console/config.json",
            get(move |state: State<AppState>| config(state, api_origin.clone())),
        )
        .route("/console/", get(console::asset))
        .route("/console/{*path}", get(console::asset))
        .with_state(state)
}

/// The same `config.json` as on the API's origin (and the same `/__sandbox/config` modes), with
/// `quay_url` set to the API's origin.
async fn config(State(state): State<AppState>, api_origin: String) -> Response {
    if state.control().config_mode != ConfigMode::Ok {
        return console::config(State(state)).await;
    }
    let mut body = console::config_json();
    if let Some(fields) = body.as_object_mut() {
        fields.insert("quay_url".to_owned(), api_origin.into());
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_origins_are_remembered() {
        assert!(!is_console_origin("http://console.test:1"));
        allow_console_origin("http://console.test:1");
        allow_console_origin("http://console.test:1");
        assert!(is_console_origin("HTTP://console.test:1"));
        assert!(crate::util::redirect_allowed(
            "http://localhost/console/",
            "http://console.test:1/console/",
            "http://127.0.0.1:8080"
        ));
        assert!(!crate::util::redirect_allowed(
            "http://localhost/console/",
            "http://console.test:1/elsewhere/",
            "http://127.0.0.1:8080"
        ));
    }
}
