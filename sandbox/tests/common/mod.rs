//! Shared test helpers: an in-process sandbox, requests, and the fixture contract check.
//!
//! Area engineers add contract rows with one line each (see `tests/contract.rs`):
//! `("tags_list", None)` or `("org_robot_create", Some(r#"{"description":"x"}"#))`. Method, path and
//! expected status come from `_status.tsv`; the body shape from `<name>.json`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use quay_sandbox::auth::Scope;
use quay_sandbox::world::SeedOptions;
use quay_sandbox::{AppState, Options};
use serde_json::Value;
use tower::ServiceExt;

/// A browser User-Agent (the recordings used Chrome's).
pub const CHROME_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/// A fresh in-process sandbox.
pub struct Sandbox {
    pub state: AppState,
    pub app: Router,
}

/// A finished response.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

impl Sandbox {
    /// Small seed (few tags and logs) for speed.
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// Like [`Sandbox::new`], with options changed by `adjust` (e.g. `--friendly-signin`).
    pub fn with(adjust: impl FnOnce(&mut Options)) -> Self {
        let mut opts = Options {
            seed: SeedOptions {
                tags: 50,
                logs: 200,
                seed: 7,
                hostile: false,
            },
            dist: PathBuf::from("/nonexistent-dist"),
            ..Options::default()
        };
        adjust(&mut opts);
        let state = quay_sandbox::build_state(opts);
        let app = quay_sandbox::app(state.clone());
        Self { state, app }
    }

    /// A token for `user` with the given scopes (issued for the console's client id).
    pub fn token(&self, user: &str, scopes: &[Scope]) -> String {
        self.state.world().auth.issue(
            user,
            quay_sandbox::areas::applications::CONSOLE_CLIENT_ID,
            scopes.iter().copied().collect(),
        )
    }

    /// A token with every scope.
    pub fn full_token(&self, user: &str) -> String {
        self.token(user, &Scope::ALL)
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// An API call the way the console makes it: bearer token, `X-Requested-With`, JSON body.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-requested-with", "XMLHttpRequest")
            .header(header::HOST, "127.0.0.1:8080");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }
}

/// `<repo root>/../shared/quay-fixtures/responses`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/quay-fixtures/responses")
}

/// A recorded OAuth page answer (`oauth-pages/<name>.json`), as text.
pub fn oauth_page(name: &str) -> String {
    let path = fixtures_dir().join(format!("../oauth-pages/{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// One line of `_status.tsv`.
#[derive(Debug, Clone)]
pub struct FixtureRow {
    pub name: String,
    pub method: Method,
    pub path: String,
    pub status: StatusCode,
    /// `(Chrome UA)` in the path column.
    pub browser: bool,
    /// `X-Requested-With` was sent (not for `no-xhr` rows).
    pub xhr: bool,
    /// Sent without a token (`_anon` rows).
    pub anonymous: bool,
}

/// Recordings that have a body file but no line in `_status.tsv`: (name, method, path, status).
const UNLISTED: &[(&str, &str, &str, &str)] = &[
    ("user", "GET", "/api/v1/user/", "200"),
    (
        "xhr_browser_get_no-xhr_anon",
        "GET",
        "/api/v1/user/ (Chrome UA)",
        "400",
    ),
];

/// Reads the row of `_status.tsv` named `name`.
pub fn fixture_row(name: &str) -> FixtureRow {
    let tsv =
        std::fs::read_to_string(fixtures_dir().join("_status.tsv")).expect("read _status.tsv");
    let unlisted = UNLISTED
        .iter()
        .find(|r| r.0 == name)
        .map(|r| format!("{}\t{}\t{}\t{}", r.0, r.1, r.2, r.3));
    let line = tsv
        .lines()
        .find(|l| l.split('\t').next() == Some(name))
        .map(str::to_owned)
        .or(unlisted)
        .unwrap_or_else(|| panic!("no row {name:?} in _status.tsv"));
    let cols: Vec<&str> = line.split('\t').collect();
    let (path, note) = match cols[2].split_once(' ') {
        Some((p, n)) => (p.to_owned(), n.to_owned()),
        None => (cols[2].to_owned(), String::new()),
    };
    FixtureRow {
        name: name.to_owned(),
        method: cols[1].parse().unwrap(),
        path,
        status: StatusCode::from_u16(cols[3].trim().parse().unwrap()).unwrap(),
        browser: note.contains("Chrome UA"),
        xhr: !(name.contains("no-xhr") || note.contains("no XHR")),
        anonymous: name.ends_with("_anon"),
    }
}

/// A recorded body: JSON, empty (204), or other text (HTML).
#[derive(Debug)]
pub enum Recorded {
    Empty,
    Json(Value),
    Text(String),
}

pub fn load_fixture(name: &str) -> Recorded {
    let raw = std::fs::read_to_string(fixtures_dir().join(format!("{name}.json")))
        .unwrap_or_else(|e| panic!("read fixture {name}: {e}"));
    if raw.trim().is_empty() {
        return Recorded::Empty;
    }
    match serde_json::from_str(&raw) {
        Ok(v) => Recorded::Json(v),
        Err(_) => Recorded::Text(raw),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Differences in *shape* between a recording and a sandbox answer: same keys recursively, same JSON
/// types (integer and float told apart). Arrays compare their first elements; keys recorded as `null`
/// may be absent (or of any type), and an empty recorded object accepts any keys (a map keyed by names).
pub fn shape_diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("$", expected, actual, &mut out);
    out
}

fn diff_at(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, _) => {}
        (Value::Object(e), Value::Object(a)) => {
            if e.is_empty() {
                return;
            }
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => diff_at(&format!("{path}.{key}"), ev, av, out),
                    None if ev.is_null() => {}
                    None => out.push(format!("{path}.{key}: missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{key}: not in the recording"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let (Some(ef), Some(af)) = (e.first(), a.first()) {
                diff_at(&format!("{path}[0]"), ef, af, out);
            }
        }
        (e, a) if kind(e) != kind(a) => {
            out.push(format!("{path}: recorded {} but got {}", kind(e), kind(a)));
        }
        _ => {}
    }
}

/// Replays the row `name` (with an optional JSON body) against `sb` as `devtable` with every scope,
/// and compares status and shape with the recording.
pub async fn check_fixture_on(sb: &Sandbox, name: &str, body: Option<&str>) -> Result<(), String> {
    let row = fixture_row(name);
    let mut req = Request::builder()
        .method(row.method.clone())
        .uri(&row.path)
        .header(header::HOST, "127.0.0.1:8080");
    if !row.anonymous {
        let token = sb.full_token("devtable");
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if row.browser {
        req = req.header(header::USER_AGENT, CHROME_UA);
    }
    if row.xhr {
        req = req.header("x-requested-with", "XMLHttpRequest");
    }
    let body = match body {
        Some(b) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_owned())
        }
        None => Body::empty(),
    };
    let reply = sb.send(req.body(body).unwrap()).await;
    if reply.status != row.status {
        return Err(format!(
            "{name}: {} {} answered {} (recorded {}): {}",
            row.method,
            row.path,
            reply.status,
            row.status,
            reply.text()
        ));
    }
    let problems = match load_fixture(name) {
        Recorded::Empty if reply.body.is_empty() => Vec::new(),
        Recorded::Empty => vec![format!("expected an empty body, got {}", reply.text())],
        Recorded::Text(_) if serde_json::from_slice::<Value>(&reply.body).is_err() => Vec::new(),
        Recorded::Text(_) => vec!["expected a non-JSON body".to_owned()],
        Recorded::Json(expected) => match serde_json::from_slice::<Value>(&reply.body) {
            Ok(actual) => shape_diff(&expected, &actual),
            Err(_) => vec![format!("expected JSON, got {}", reply.text())],
        },
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("; ")))
    }
}

/// [`check_fixture_on`] against a fresh sandbox.
pub async fn check_fixture(name: &str, body: Option<&str>) -> Result<(), String> {
    check_fixture_on(&Sandbox::new(), name, body).await
}

/// Checks every row (each on a fresh sandbox) and fails once with all the differences.
pub async fn check_rows(rows: &[(&str, Option<&str>)]) {
    let mut failures = Vec::new();
    for (name, body) in rows {
        if let Err(e) = check_fixture(name, *body).await {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}
