//! The logs endpoints against the recordings (every log fixture), and their paging, filters,
//! range check, exports and permissions.
//!
//! Log metadata depends on the kind, and the newest entry differs between the recording and the
//! sandbox, so entries are compared field by field with `metadata` as a free-form object and
//! `performer` optional (Quay leaves it out for anonymous and system actions). `next_page` is
//! checked to be a string when present; page rows follow the sandbox's own tokens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{fixture_row, load_fixture, shape_diff, Recorded, Sandbox};
use quay_sandbox::auth::Scope;
use serde_json::{json, Value};

/// (fixture, JSON body). Export bodies were not recorded: these are what their names say.
const ROWS: &[(&str, Option<&str>)] = &[
    ("user_logs", None),
    ("user_logs_range", None),
    ("user_logs_performer", None),
    ("user_logs_page2", None),
    ("org_logs", None),
    ("org_logs_performer", None),
    ("org_logs_page2", None),
    ("org_logs_page3", None),
    ("repo_logs", None),
    ("su_logs", None),
    ("su_logs_page2", None),
    ("su_logs_page3", None),
    ("su_logs_page4", None),
    ("user_aggregatelogs", None),
    ("org_aggregatelogs", None),
    ("repo_aggregatelogs", None),
    ("su_aggregatelogs", None),
    ("logs_bad_range", None),
    (
        "user_exportlogs",
        Some(r#"{"callback_email":"devtable@example.com"}"#),
    ),
    (
        "org_exportlogs",
        Some(r#"{"callback_email":"admin@buynlarge.example"}"#),
    ),
    (
        "repo_exportlogs",
        Some(r#"{"callback_email":"devtable@example.com"}"#),
    ),
    ("org_exportlogs_noemail", Some("{}")),
    (
        "org_exportlogs_url_loopback",
        Some(r#"{"callback_url":"http://127.0.0.1:9/logs-callback"}"#),
    ),
];

async fn call(
    sb: &Sandbox,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> common::Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:8080")
        .header("x-requested-with", "XMLHttpRequest")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(b) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_owned())
        }
        None => Body::empty(),
    };
    sb.send(req.body(body).unwrap()).await
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `user_logs_page2` → 2; other rows → 1.
fn page_number(name: &str) -> usize {
    name.rsplit_once("_page")
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// The first recorded entry of the scope's first page: the shape every entry must have.
fn entry_template(name: &str) -> Value {
    let first_page = match name.split('_').next() {
        Some("su") => "su_logs",
        Some("org") => "org_logs",
        Some("repo") => "repo_logs",
        _ => "user_logs",
    };
    let Recorded::Json(page) = load_fixture(first_page) else {
        panic!("{first_page} is not JSON")
    };
    page["logs"][0].clone()
}

/// Shape problems of a logs page: every entry against the template, then the rest of the page.
fn page_problems(name: &str, recorded: &Value, actual: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let template = entry_template(name);
    for (i, entry) in actual["logs"].as_array().into_iter().flatten().enumerate() {
        if !entry["metadata"].is_object() {
            problems.push(format!("logs[{i}].metadata is not an object"));
        }
        let mut expected = template.clone();
        expected["metadata"] = json!({});
        let mut entry = entry.clone();
        entry["metadata"] = json!({});
        if entry.get("performer").is_none() {
            expected.as_object_mut().unwrap().remove("performer");
        }
        if entry["ip"].is_null() {
            expected["ip"] = Value::Null;
        }
        problems.extend(
            shape_diff(&expected, &entry)
                .into_iter()
                .map(|p| format!("logs[{i}] {p}")),
        );
    }
    let strip = |v: &Value| {
        let mut v = v.clone();
        let map = v.as_object_mut().unwrap();
        map.remove("next_page");
        map.insert("logs".into(), json!([]));
        v
    };
    if let Some(next) = actual.get("next_page") {
        if !next.is_string() {
            problems.push("next_page is not a string".into());
        }
    }
    problems.extend(shape_diff(&strip(recorded), &strip(actual)));
    problems
}

/// Replays one recorded request (page rows walk the sandbox's own `next_page` chain).
async fn check(sb: &Sandbox, name: &str, body: Option<&str>) -> Result<(), String> {
    let row = fixture_row(name);
    let token = sb.full_token("devtable");
    let mut path = match row.path.split_once("&next_page=") {
        Some((base, _)) => base.to_owned(),
        None => row.path.clone(),
    };
    let first = path.clone();
    let mut reply = call(sb, row.method.clone(), &path, &token, body).await;
    for _ in 1..page_number(name) {
        let next = reply.json()["next_page"].as_str().map(str::to_owned);
        let Some(next) = next else { break };
        path = format!("{first}&next_page={}", encode(&next));
        reply = call(sb, row.method.clone(), &path, &token, body).await;
    }
    if reply.status != row.status {
        return Err(format!(
            "{name}: {} {path} answered {} (recorded {}): {}",
            row.method,
            reply.status,
            row.status,
            reply.text()
        ));
    }
    let Recorded::Json(recorded) = load_fixture(name) else {
        return Err(format!("{name}: not JSON"));
    };
    let actual = reply.json();
    let problems = if recorded.get("logs").is_some() {
        page_problems(name, &recorded, &actual)
    } else {
        shape_diff(&recorded, &actual)
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("; ")))
    }
}

#[tokio::test]
async fn log_rows_match_the_recordings() {
    let mut failures = Vec::new();
    for (name, body) in ROWS {
        if let Err(e) = check(&Sandbox::new(), name, *body).await {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

/// Dates of the last `days` days up to `ahead` days from now, as `starttime`/`endtime`.
fn range(days_back: i64, ahead: i64) -> String {
    let now = time::OffsetDateTime::now_utc();
    let fmt =
        |d: time::OffsetDateTime| format!("{:02}/{:02}/{}", u8::from(d.month()), d.day(), d.year());
    format!(
        "starttime={}&endtime={}",
        encode(&fmt(now - time::Duration::days(days_back))),
        encode(&fmt(now + time::Duration::days(ahead)))
    )
}

/// Follows `next_page` to the end; returns every page's entry count and whether it had a token.
async fn walk(sb: &Sandbox, token: &str, base: &str) -> (Vec<Value>, Vec<(usize, bool)>) {
    let mut entries = Vec::new();
    let mut pages = Vec::new();
    let mut path = base.to_owned();
    for _ in 0..2000 {
        let reply = call(sb, Method::GET, &path, token, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        let page = reply.json();
        let logs = page["logs"].as_array().unwrap().clone();
        let next = page["next_page"].as_str().map(str::to_owned);
        pages.push((logs.len(), next.is_some()));
        entries.extend(logs);
        match next {
            Some(next) => path = format!("{base}&next_page={}", encode(&next)),
            None => return (entries, pages),
        }
    }
    panic!("paging never ended");
}

#[tokio::test]
async fn paging_is_quays_table_model_full_pages_then_a_short_one_then_an_empty_end() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    // Two days in the future: Quay skips what is empty, so the first page still has entries.
    let base = format!("/api/v1/organization/buynlarge/logs?{}", range(6, 2));
    let (entries, pages) = walk(&sb, &token, &base).await;
    assert!(pages.len() > 2, "{pages:?}");
    // As recorded (org_logs, org_logs_page2, org_logs_page3): every page but the last two is full
    // and has a token; the last with entries is short (or full) and still has one; the end is an
    // empty page without a token.
    let (end, rest) = pages.split_last().unwrap();
    assert_eq!(*end, (0, false), "{pages:?}");
    assert!(
        rest.iter().all(|(n, next)| *n > 0 && *n <= 20 && *next),
        "{pages:?}"
    );
    let (_, full) = rest.split_last().unwrap();
    assert!(full.iter().all(|(n, _)| *n == 20), "{pages:?}");
    // A window without entries: one empty page, no token (Quay walked its empty tables itself).
    let empty =
        "/api/v1/organization/buynlarge/logs?starttime=01%2F01%2F2001&endtime=01%2F02%2F2001";
    let (none, pages) = walk(&sb, &token, empty).await;
    assert!(none.is_empty());
    assert_eq!(pages, [(0, false)]);
    // Newest first, no duplicates, and as many as the aggregate counts.
    let times: Vec<String> = entries
        .iter()
        .map(|e| e["datetime"].as_str().unwrap().to_owned())
        .collect();
    assert!(!times.is_empty());
    let agg = call(
        &sb,
        Method::GET,
        &base.replace("/logs?", "/aggregatelogs?"),
        &token,
        None,
    )
    .await
    .json();
    let total: u64 = agg["aggregated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, entries.len() as u64);
    // A foreign or broken token starts over, as Quay does with one it cannot decrypt.
    let restart = call(
        &sb,
        Method::GET,
        &format!("{base}&next_page=gAAAAABrBFjcqyoMX0%3D%3D"),
        &token,
        None,
    )
    .await;
    assert_eq!(restart.status, StatusCode::OK);
}

#[tokio::test]
async fn performer_filter_and_superuser_namespaces() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let base = format!(
        "/api/v1/organization/buynlarge/logs?{}&performer=devtable",
        range(30, 0)
    );
    let (entries, _) = walk(&sb, &token, &base).await;
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e["performer"]["name"] == "devtable"));
    let (entries, _) = walk(
        &sb,
        &token,
        &format!("/api/v1/superuser/logs?{}", range(1, 0)),
    )
    .await;
    assert!(entries.iter().all(|e| e["namespace"]["name"].is_string()));
    let (entries, _) = walk(
        &sb,
        &token,
        &format!("/api/v1/repository/devtable/simple/logs?{}", range(6, 0)),
    )
    .await;
    assert!(entries
        .iter()
        .all(|e| e["metadata"]["repo"] == "simple" || e["metadata"]["repo"].is_null()));
}

#[tokio::test]
async fn a_reversed_range_is_refused_with_a_message() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    for path in [
        "/api/v1/user/logs?starttime=11/23/2026&endtime=10/24/2026",
        "/api/v1/organization/buynlarge/aggregatelogs?starttime=11/23/2026&endtime=10/24/2026",
    ] {
        let reply = call(&sb, Method::GET, path, &token, None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("could not understand"));
    }
}

#[tokio::test]
async fn exports_check_callbacks_and_are_logged() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let export = "/api/v1/organization/buynlarge/exportlogs";
    for (body, message) in [
        (r#"{"callback_url":"ftp://x"}"#, "Invalid callback URL"),
        (r#"{"callback_email":"nobody"}"#, "Invalid callback e-mail"),
    ] {
        let reply = call(&sb, Method::POST, export, &token, Some(body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(reply.json(), json!({ "message": message }));
    }
    let reply = call(
        &sb,
        Method::POST,
        export,
        &token,
        Some(r#"{"callback_email":"a@b.example"}"#),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let id = reply.json()["export_id"].as_str().unwrap().to_owned();
    let world = sb.state.world();
    let last = world.logs.entries.last().unwrap();
    assert_eq!(last.kind, "export_logs_success");
    assert_eq!(last.metadata["export_id"], json!(id));
    assert_eq!(last.metadata["email"], "a@b.example");
}

#[tokio::test]
async fn scopes_and_roles() {
    let sb = Sandbox::new();
    let no_org_admin = sb.token("devtable", &[Scope::RepoRead, Scope::UserRead]);
    let reader = sb.full_token("reader");
    let forbidden = [
        ("/api/v1/organization/buynlarge/logs", &no_org_admin),
        ("/api/v1/user/logs", &no_org_admin),
        ("/api/v1/organization/buynlarge/logs", &reader),
        ("/api/v1/superuser/logs", &reader),
        ("/api/v1/repository/devtable/simple/logs", &reader),
    ];
    for (path, token) in forbidden {
        assert_eq!(
            call(&sb, Method::GET, path, token, None).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let anonymous = sb
        .send(
            Request::get("/api/v1/user/logs")
                .header("x-requested-with", "XMLHttpRequest")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let admin = sb.full_token("devtable");
    assert_eq!(
        call(
            &sb,
            Method::GET,
            "/api/v1/repository/devtable/nope/logs",
            &admin,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn the_page_check_can_fail() {
    let Recorded::Json(recorded) = load_fixture("org_logs") else {
        panic!()
    };
    let mut wrong = recorded.clone();
    assert!(page_problems("org_logs", &recorded, &wrong).is_empty());
    wrong["logs"][3]["performer"]["is_robot"] = json!("no");
    wrong["logs"][4]["datetime"] = json!(17);
    wrong["next_page"] = json!(3);
    wrong["extra"] = json!(true);
    let problems = page_problems("org_logs", &recorded, &wrong);
    assert_eq!(problems.len(), 4, "{problems:?}");
}
