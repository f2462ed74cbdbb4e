//! Serves the console build (`--dist`) under `/console/` with SPA fallback, and the generated
//! `/console/config.json`. `/` redirects to `/console/`. Every `/console/` answer carries the security
//! headers of `deploy/nginx.conf`'s `location /console/` (CSP, COOP, ...), read from that file at
//! compile time so the two cannot drift.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::areas::applications::{CONSOLE_CLIENT_ID, CONSOLE_ORG};
use crate::auth::Scope;
use crate::faults::ConfigMode;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    let console = Router::new()
        .route("/console/config.json", get(config))
        .route("/console/", get(asset))
        .route("/console/{*path}", get(asset))
        .layer(axum::middleware::map_response(with_security_headers));
    Router::new()
        .route("/", get(|| async { Redirect::temporary("/console/") }))
        .route(
            "/console",
            get(|| async { Redirect::temporary("/console/") }),
        )
        .merge(console)
}

/// The production nginx configuration, the one source of the console's security headers.
const NGINX_CONF: &str = include_str!("../../deploy/nginx.conf");

/// The `add_header NAME "VALUE" always;` / `add_header NAME VALUE always;` lines of the
/// `location /console/ { ... }` block, except those whose value uses an nginx variable (Cache-Control).
pub fn nginx_console_headers(conf: &str) -> Vec<(String, String)> {
    conf.lines()
        .map(str::trim)
        .skip_while(|line| *line != "location /console/ {")
        .skip(1)
        .take_while(|line| *line != "}")
        .filter_map(|line| line.strip_prefix("add_header "))
        .filter_map(|rest| {
            let (name, value) = rest.trim().split_once(char::is_whitespace)?;
            let value = value.trim();
            let value = match value.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"')?.0,
                None => value.split([' ', ';']).next()?,
            };
            (!value.contains('$')).then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

/// [`nginx_console_headers`] of `deploy/nginx.conf`, parsed once.
pub fn security_headers() -> &'static [(HeaderName, HeaderValue)] {
    static HEADERS: OnceLock<Vec<(HeaderName, HeaderValue)>> = OnceLock::new();
    HEADERS.get_or_init(|| {
        nginx_console_headers(NGINX_CONF)
            .into_iter()
            .filter_map(|(name, value)| {
                Some((
                    HeaderName::from_bytes(name.as_bytes()).ok()?,
                    HeaderValue::from_str(&value).ok()?,
                ))
            })
            .collect()
    })
}

async fn with_security_headers(mut response: Response) -> Response {
    for (name, value) in security_headers() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

/// The console's configuration: same origin, the seeded client id, every scope.
pub fn config_json() -> serde_json::Value {
    let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
    json!({"quay_url": "", "client_id": CONSOLE_CLIENT_ID, "scopes": scopes, "organization": CONSOLE_ORG})
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
<body>\
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_headers_come_from_nginx_conf() {
        let headers = nginx_console_headers(NGINX_CONF);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let csp = get("Content-Security-Policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"));
        assert!(csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(get("X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(get("Referrer-Policy"), Some("no-referrer"));
        assert_eq!(get("Cross-Origin-Opener-Policy"), Some("same-origin"));
        assert_eq!(get("X-Frame-Options"), Some("DENY"));
        assert!(get("Permissions-Policy").is_some_and(|p| p.contains("camera=()")));
        assert_eq!(
            get("Strict-Transport-Security"),
            Some("max-age=31536000; includeSubDomains")
        );
        // Cache-Control uses an nginx variable: the sandbox keeps its own.
        assert_eq!(get("Cache-Control"), None);
        assert_eq!(security_headers().len(), headers.len());
    }

    #[test]
    fn parses_only_the_console_location() {
        let conf = "server {\n add_header A \"x\" always;\n location /console/ {\n  add_header B y always;\n  \
                    add_header C \"p q; r\" always;\n  add_header D $v always;\n }\n location / {\n  \
                    add_header E z;\n }\n}\n";
        assert_eq!(
            nginx_console_headers(conf),
            [
                ("B".to_owned(), "y".to_owned()),
                ("C".to_owned(), "p q; r".to_owned())
            ]
        );
    }
}
