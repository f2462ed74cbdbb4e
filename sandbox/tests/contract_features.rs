//! Quay's feature switches: `GET /config` against its recording, `/__sandbox/features`, what the
//! endpoints of a feature that is off answer, and the permanent tag delete (`.../tag/{tag}/expire`)
//! replayed in the recorded order.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{check_fixture_on, load_fixture, shape_diff, Recorded, Sandbox};
use serde_json::{json, Value};

async fn config(sb: &Sandbox) -> (StatusCode, Option<String>, Value) {
    let req = Request::builder()
        .uri("/config")
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let r = sb.send(req).await;
    let cors = r.header("access-control-allow-origin");
    (r.status, cors, r.json())
}

async fn set_features(sb: &Sandbox, body: Value) -> Value {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/__sandbox/features")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let r = sb.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn config_is_public_and_has_the_recorded_shape() {
    let sb = Sandbox::new();
    let (status, cors, body) = config(&sb).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cors.as_deref(), Some("*"));
    let Recorded::Json(recorded) = load_fixture("config") else {
        panic!("config.json is JSON")
    };
    let diff = shape_diff(&recorded, &body);
    assert!(diff.is_empty(), "{diff:?}");
    assert_eq!(body["features"]["REPO_MIRROR"], json!(true));
    assert_eq!(body["config"]["PERMANENTLY_DELETE_TAGS"], json!(false));
    // Not an `/api/v1` call: not in the request journal.
    assert!(sb.state.control().requests.is_empty());
}

#[tokio::test]
async fn switches_change_config_and_reset_restores_them() {
    let sb = Sandbox::new();
    let all = set_features(
        &sb,
        json!({"REPO_MIRROR": false, "PERMANENTLY_DELETE_TAGS": true}),
    )
    .await;
    assert_eq!(all["REPO_MIRROR"], json!(false));
    let (_, _, body) = config(&sb).await;
    assert_eq!(body["features"]["REPO_MIRROR"], json!(false));
    assert_eq!(body["config"]["FEATURE_REPO_MIRROR"], json!(false));
    assert_eq!(body["config"]["PERMANENTLY_DELETE_TAGS"], json!(true));
    let bad = sb
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/__sandbox/features")
                .body(Body::from(r#"{"NO_SUCH_FEATURE": true}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    sb.state.reset(false, None);
    let (_, _, body) = config(&sb).await;
    assert_eq!(body["features"]["REPO_MIRROR"], json!(true));
    assert_eq!(body["config"]["PERMANENTLY_DELETE_TAGS"], json!(false));
}

#[tokio::test]
async fn mirror_endpoints_are_not_routed_while_mirroring_is_off() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let on = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(on.status, StatusCode::OK);
    set_features(&sb, json!({"REPO_MIRROR": false})).await;
    for (method, path) in [
        (Method::GET, "/api/v1/repository/devtable/simple/mirror"),
        (Method::POST, "/api/v1/repository/devtable/simple/mirror"),
        (
            Method::POST,
            "/api/v1/repository/devtable/simple/mirror/sync-now",
        ),
        (Method::GET, "/api/v1/repository/mirror/health"),
        (Method::GET, "/api/v1/superuser/mirror/health"),
    ] {
        let r = sb
            .api(method.clone(), path, Some(&t), Some(json!({})))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert!(
            serde_json::from_slice::<Value>(&r.body).is_err(),
            "{path}: Flask's HTML 404, not JSON: {}",
            r.text()
        );
    }
    // Other endpoints are unchanged.
    let tags = sb
        .api(
            Method::GET,
            "/api/v1/repository/devtable/simple/tag/",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(tags.status, StatusCode::OK);
}

const SIMPLE: &str = "/api/v1/repository/devtable/simple";

/// A digest of devtable/simple's manifests (that of `prod`).
async fn some_digest(sb: &Sandbox, t: &str) -> String {
    let r = sb
        .api(
            Method::GET,
            &format!("{SIMPLE}/tag/?specificTag=prod&onlyActiveTags=true"),
            Some(t),
            None,
        )
        .await;
    r.json()["tags"][0]["manifest_digest"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn history(sb: &Sandbox, t: &str, tag: &str) -> Vec<Value> {
    let r = sb
        .api(
            Method::GET,
            &format!("{SIMPLE}/tag/?onlyActiveTags=false&specificTag={tag}"),
            Some(t),
            None,
        )
        .await;
    r.json()["tags"].as_array().unwrap().clone()
}

#[tokio::test]
async fn expire_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    // `tag_expire_disabled`: the recording's default (feature off) answers 405 `{"message"}`.
    check_fixture_on(
        &sb,
        "tag_expire_disabled",
        Some(r#"{"manifest_digest": "sha256:x"}"#),
    )
    .await
    .unwrap();
    set_features(&sb, json!({"PERMANENTLY_DELETE_TAGS": true})).await;
    let digest = some_digest(&sb, &t).await;
    for tag in ["tmp-expire", "tmp-alive"] {
        let put = sb
            .api(
                Method::PUT,
                &format!("{SIMPLE}/tag/{tag}"),
                Some(&t),
                Some(json!({"manifest_digest": digest})),
            )
            .await;
        assert_eq!(put.status, StatusCode::CREATED);
    }
    let del = sb
        .api(
            Method::DELETE,
            &format!("{SIMPLE}/tag/tmp-expire"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let other = format!("sha256:{}", "1".repeat(64));
    let with_digest =
        json!({"manifest_digest": digest, "include_submanifests": true, "is_alive": false})
            .to_string();
    let rows: Vec<(&str, Option<String>)> = vec![
        ("tags_expire_history_before", None),
        (
            "tag_expire_no_digest",
            Some(json!({"is_alive": false}).to_string()),
        ),
        (
            "tag_expire_unknown_digest",
            Some(json!({"manifest_digest": format!("sha256:{}", "0".repeat(64))}).to_string()),
        ),
        (
            "tag_expire_other_digest",
            Some(json!({"manifest_digest": other}).to_string()),
        ),
        ("tag_expire_deleted", Some(with_digest.clone())),
        ("tags_expire_history_after", None),
        ("tag_expire_again", Some(with_digest.clone())),
        (
            "tag_restore_after_expire",
            Some(json!({"manifest_digest": digest}).to_string()),
        ),
        ("tags_after_restore_expired", None),
        (
            "tag_expire_alive",
            Some(json!({"is_alive": true}).to_string()),
        ),
        ("tags_expire_alive_history", None),
        (
            "tag_expire_alive_unknown_tag",
            Some(json!({"is_alive": true}).to_string()),
        ),
    ];
    let mut failures = Vec::new();
    for (name, body) in &rows {
        let checked = if name.starts_with("tags_") {
            check_history_row(&sb, &t, name).await
        } else {
            check_fixture_on(&sb, name, body.as_deref()).await
        };
        if let Err(e) = checked {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

/// A recorded history GET: status and shape (these recordings were made with immutable tags on, as
/// the sandbox starts), the number of rows, and which rows were purged.
async fn check_history_row(sb: &Sandbox, t: &str, name: &str) -> Result<(), String> {
    let row = common::fixture_row(name);
    let reply = sb.api(Method::GET, &row.path, Some(t), None).await;
    if reply.status != row.status {
        return Err(format!("{name}: answered {}", reply.status));
    }
    let Recorded::Json(expected) = load_fixture(name) else {
        return Err(format!("{name}: not JSON"));
    };
    let actual = reply.json();
    let mut problems = shape_diff(&expected, &actual);
    let recorded_rows = expected["tags"].as_array().map_or(0, Vec::len);
    let rows = actual["tags"].as_array().map_or(0, Vec::len);
    if rows != recorded_rows {
        problems.push(format!("{rows} rows, recorded {recorded_rows}"));
    }
    // Purged rows end before they start, as recorded.
    for (e, a) in expected["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .zip(actual["tags"].as_array().into_iter().flatten())
    {
        let purged = |v: &Value| {
            v["end_ts"]
                .as_i64()
                .is_some_and(|end| end < v["start_ts"].as_i64().unwrap_or(0))
        };
        if purged(e) != purged(a) {
            problems.push(format!("purged {} but recorded {}", purged(a), purged(e)));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("; ")))
    }
}

#[tokio::test]
async fn a_purged_row_ends_one_window_before_now() {
    let sb = Sandbox::new();
    set_features(&sb, json!({"PERMANENTLY_DELETE_TAGS": true})).await;
    let t = sb.full_token("devtable");
    let digest = some_digest(&sb, &t).await;
    let path = format!("{SIMPLE}/tag/gone");
    sb.api(
        Method::PUT,
        &path,
        Some(&t),
        Some(json!({"manifest_digest": digest})),
    )
    .await;
    sb.api(Method::DELETE, &path, Some(&t), None).await;
    let expire = format!("{path}/expire");
    let body = json!({"manifest_digest": digest, "is_alive": false});
    let r = sb
        .api(Method::POST, &expire, Some(&t), Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), json!(""));
    let rows = history(&sb, &t, "gone").await;
    assert_eq!(rows.len(), 1);
    let (start, end) = (
        rows[0]["start_ts"].as_i64().unwrap(),
        rows[0]["end_ts"].as_i64().unwrap(),
    );
    assert!(end < start, "{start} {end}");
    assert!((start - end - 14 * 86_400).abs() <= 2, "{start} {end}");
    // The active list no longer has it; a second purge finds nothing.
    let again = sb.api(Method::POST, &expire, Some(&t), Some(body)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // A read-only token cannot purge.
    let reader = sb.token("devtable", &[quay_sandbox::auth::Scope::RepoRead]);
    let denied = sb
        .api(
            Method::POST,
            &expire,
            Some(&reader),
            Some(json!({"manifest_digest": digest})),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}
