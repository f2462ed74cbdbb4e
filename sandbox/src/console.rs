//! Serves the console build (`--dist`) under `/console/` with SPA fallback, and the generated
//! `/console/config.json`. `/` redirects to `/console/`.

use std::path::{Component, Path, PathBuf};

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::areas::applications::CONSOLE_CLIENT_ID;
use crate::auth::Scope;
use crate::faults::ConfigMode;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::temporary("/console/") }))
        .route(
            "/console",
            get(|| async { Redirect::temporary("/console/") }),
        )
        .route("/console/config.json", get(config))
        .route("/console/", get(asset))
        .route("/console/{*path}", get(asset))
}

/// The console's configuration: same origin, the seeded client id, every scope.
pub fn config_json() -> serde_json::Value {
    let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
    json!({"quay_url": "", "client_id": CONSOLE_CLIENT_ID, "scopes": scopes})
}

pub async fn config(State(state): State<AppState>) -> Response {
    let mode = state.control().config_mode;
    let no_cache = (header::CACHE_CONTROL, "no-cache");
    match mode {
        ConfigMode::Ok => {
            let body = config_json().to_string();
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json"), no_cache],
                body,
            )
                .into_response()
        }
        ConfigMode::Missing => (StatusCode::NOT_FOUND, [no_cache], "Not Found").into_response(),
        ConfigMode::Invalid => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json"), no_cache],
            "{\"quay_url\": \"\", \"client_id\": ",
        )
            .into_response(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `rel` below `dist`, refusing `..` and absolute parts.
fn resolve(dist: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dist.join(rel))
}

const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Quay sandbox</title></head>\
<body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto\">\
<h1>Quay sandbox is running</h1><p>The console has not been built yet: there is no <code>DIST/index.html</code>. \
Build it first (<code>cargo xtask build</code>, or <code>trunk build</code> at the repository root), then reload. \
The API answers under <code>/api/v1/</code>.</p></body></html>\n";

fn not_built(dist: &Path) -> Response {
    let page = NOT_BUILT.replace("DIST", &dist.display().to_string());
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        page,
    )
        .into_response()
}

pub async fn asset(State(state): State<AppState>, uri: Uri) -> Response {
    let dist = state.opts.dist.clone();
    let rel = uri.path().strip_prefix("/console").unwrap_or("");
    let path = resolve(&dist, rel)
        .filter(|p| p.is_file())
        .unwrap_or_else(|| dist.join("index.html"));
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type(&path)),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        // No build yet (or one in progress): say how to make one.
        Err(_) => not_built(&dist),
    }
}
