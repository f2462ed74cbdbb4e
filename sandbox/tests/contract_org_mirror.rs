//! Organization mirroring: every recorded answer replayed in order on one sandbox (status and
//! shape), then the behaviour the recordings imply: state after each call, the empty-organization
//! rule, the blocks a mirror imposes, verify, the repositories list and the feature switch.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{check_fixture_on, Sandbox};
use serde_json::{json, Value};

const CREATE: &str = r#"{"external_registry_type": "quay", "external_registry_url": "http://127.0.0.1:5999", "external_namespace": "library", "robot_username": "mirrororg+syncbot", "visibility": "private", "sync_interval": 3600, "sync_start_date": "2030-01-01T00:00:00Z", "external_registry_config": {"verify_tls": false}, "repository_filters": ["alpine*", "busybox"]}"#;
const BASE: &str = "/api/v1/organization/mirrororg/mirror";

fn with(changes: Value) -> String {
    let mut body: Value = serde_json::from_str(CREATE).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body.to_string()
}

#[tokio::test]
async fn the_recorded_story_replays() {
    let sb = Sandbox::new();
    let foreign = with(json!({"robot_username": "buynlarge+coolrobot"}));
    let update = r#"{"is_enabled": false, "sync_interval": 7200, "external_registry_username": "puller", "external_registry_password": "secret", "repository_filters": ["alpine"]}"#;
    let rows: Vec<(&str, Option<String>)> = vec![
        ("orgmirror_get_none", None),
        ("orgmirror_create_nonempty_org", Some(foreign.clone())),
        ("orgmirror_get_none_new_org", None),
        ("orgmirror_sync_now_none", None),
        (
            "orgmirror_create_missing_fields",
            Some(r#"{"external_registry_type": "quay"}"#.into()),
        ),
        (
            "orgmirror_create_bad_type",
            Some(with(json!({"external_registry_type": "dockerhub"}))),
        ),
        ("orgmirror_create_foreign_robot", Some(foreign.clone())),
        (
            "orgmirror_create_unknown_robot",
            Some(with(json!({"robot_username": "mirrororg+nosuchbot"}))),
        ),
        (
            "orgmirror_create_no_scheme",
            Some(with(json!({"external_registry_url": "127.0.0.1:5999"}))),
        ),
        (
            "orgmirror_create_ssrf_block",
            Some(with(json!({"external_registry_url": "http://169.254.169.254"}))),
        ),
        (
            "orgmirror_create_bad_date",
            Some(with(json!({"sync_start_date": "2030-01-01"}))),
        ),
        (
            "orgmirror_create_short_interval",
            Some(with(json!({"sync_interval": 30}))),
        ),
        ("orgmirror_create", Some(CREATE.into())),
        ("orgmirror_create_conflict", Some(CREATE.into())),
        ("orgmirror_get", None),
        ("orgmirror_update", Some(update.into())),
        ("orgmirror_get_after_update", None),
        (
            "orgmirror_update_short_interval",
            Some(r#"{"sync_interval": 30}"#.into()),
        ),
        (
            "orgmirror_update_foreign_robot",
            Some(r#"{"robot_username": "buynlarge+coolrobot"}"#.into()),
        ),
        ("orgmirror_sync_now", None),
        ("orgmirror_get_after_sync_now", None),
        ("orgmirror_sync_now_again", None),
        ("orgmirror_sync_cancel", None),
        ("orgmirror_get_after_cancel", None),
        ("orgmirror_sync_cancel_again", None),
        ("orgmirror_verify", None),
        ("orgmirror_repositories", None),
        ("orgmirror_repositories_page", None),
        ("orgmirror_repositories_bad_status", None),
        (
            "orgmirror_blocks_repo_create",
            Some(r#"{"repository": "alpine", "namespace": "mirrororg", "visibility": "private", "description": ""}"#.into()),
        ),
        (
            "orgmirror_blocks_immutability",
            Some(r#"{"tagPattern": "v.*", "tagPatternMatches": true}"#.into()),
        ),
        (
            "orgmirror_blocks_proxycache",
            Some(r#"{"upstream_registry": "docker.io"}"#.into()),
        ),
        ("orgmirror_delete", None),
        ("orgmirror_get_after_delete", None),
        ("orgmirror_delete_missing", None),
    ];
    let mut failures = Vec::new();
    for (name, body) in &rows {
        if let Err(e) = check_fixture_on(&sb, name, body.as_deref()).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

async fn call(
    sb: &Sandbox,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let token = sb.full_token("devtable");
    let reply = sb.api(method, path, Some(&token), body).await;
    let value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, value)
}

#[tokio::test]
async fn state_follows_each_call_as_recorded() {
    let sb = Sandbox::new();
    let create: Value = serde_json::from_str(CREATE).unwrap();
    let (status, body) = call(&sb, Method::POST, BASE, Some(create)).await;
    assert_eq!((status, body), (StatusCode::CREATED, json!("")));
    let (_, got) = call(&sb, Method::GET, BASE, None).await;
    assert_eq!(got["sync_status"], "NEVER_RUN");
    assert_eq!(got["sync_retries_remaining"], 3);
    assert_eq!(got["skopeo_timeout"], 300);
    assert_eq!(got["sync_start_date"], "2030-01-01T00:00:00Z");
    assert_eq!(got["has_external_registry_password"], false);
    assert!(got["creation_date"].as_str().unwrap().ends_with('Z'));
    // A partial PUT changes only what it names; the password is never shown.
    let put =
        json!({"is_enabled": false, "external_registry_password": "secret", "skopeo_timeout": 900});
    let (status, body) = call(&sb, Method::PUT, BASE, Some(put)).await;
    assert_eq!((status, body), (StatusCode::OK, json!("")));
    let (_, got) = call(&sb, Method::GET, BASE, None).await;
    assert_eq!(
        (got["is_enabled"].clone(), got["skopeo_timeout"].clone()),
        (json!(false), json!(900))
    );
    assert_eq!(got["has_external_registry_password"], true);
    assert!(!got.to_string().contains("secret"));
    assert_eq!(got["repository_filters"], json!(["alpine*", "busybox"]));
    let (status, body) = call(
        &sb,
        Method::PUT,
        BASE,
        Some(json!({"skopeo_timeout": 5000})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error_message"]
        .as_str()
        .unwrap()
        .contains("maximum of 3600"));
    // sync-now while disabled: 204, SYNC_NOW, start date now (microseconds); cancel sets CANCEL.
    let (status, _) = call(&sb, Method::POST, &format!("{BASE}/sync-now"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, got) = call(&sb, Method::GET, BASE, None).await;
    assert_eq!(got["sync_status"], "SYNC_NOW");
    assert_eq!(
        got["sync_start_date"].as_str().unwrap().len(),
        "2026-12-04T22:16:52.149258Z".len()
    );
    call(&sb, Method::POST, &format!("{BASE}/sync-cancel"), None).await;
    let (_, got) = call(&sb, Method::GET, BASE, None).await;
    assert_eq!(
        (
            got["sync_status"].clone(),
            got["sync_retries_remaining"].clone()
        ),
        (json!("CANCEL"), json!(0))
    );
    assert!(got["sync_expiration_date"].is_string());
    let (status, body) = call(&sb, Method::POST, &format!("{BASE}/sync-cancel"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error_message"],
        "Cannot cancel: mirror is already cancelled"
    );
    // A cancelled mirror can be synced again.
    let (status, _) = call(&sb, Method::POST, &format!("{BASE}/sync-now"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The recorded unreachable source: 200 with success false.
    let (status, body) = call(&sb, Method::POST, &format!("{BASE}/verify"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["success"], false);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Connection error: HTTPConnectionPool(host='127.0.0.1', port=5999)"));
    // A reachable one.
    call(
        &sb,
        Method::PUT,
        BASE,
        Some(json!({"external_registry_url": "https://quay.io"})),
    )
    .await;
    let (_, body) = call(&sb, Method::POST, &format!("{BASE}/verify"), None).await;
    assert_eq!(body["success"], true);
    // Deleted: creating repositories works again.
    let (status, _) = call(&sb, Method::DELETE, BASE, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let repo = json!({"repository": "alpine", "namespace": "mirrororg", "visibility": "private", "description": ""});
    let (status, _) = call(&sb, Method::POST, "/api/v1/repository", Some(repo)).await;
    assert_eq!(status, StatusCode::CREATED);
    // ... and now the organization is no longer empty.
    let (status, body) = call(
        &sb,
        Method::POST,
        BASE,
        Some(serde_json::from_str(CREATE).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error_message"]
        .as_str()
        .unwrap()
        .contains("requires an empty organization"));
}

#[tokio::test]
async fn a_proxy_cache_and_an_org_mirror_exclude_each_other() {
    let sb = Sandbox::new();
    let (status, _) = call(
        &sb,
        Method::PUT,
        "/api/v1/organization/proxytest/robots/bot",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    call(
        &sb,
        Method::POST,
        "/api/v1/organization/proxytest/proxycache",
        Some(json!({"upstream_registry": "docker.io"})),
    )
    .await;
    let body = with(json!({"robot_username": "proxytest+bot"}));
    let result = check_fixture_on(&sb, "proxycache_blocks_orgmirror", Some(&body)).await;
    assert!(result.is_ok(), "{result:?}");
    let (_, body) = call(
        &sb,
        Method::POST,
        "/api/v1/organization/proxytest/mirror",
        Some(serde_json::from_str(&body).unwrap()),
    )
    .await;
    assert!(body["error_message"]
        .as_str()
        .unwrap()
        .contains("has a proxy cache configuration"));
}

#[tokio::test]
async fn the_seeded_mirror_lists_its_repositories_by_status() {
    let sb = Sandbox::new();
    let base = "/api/v1/organization/syncedorg/mirror";
    let (status, got) = call(&sb, Method::GET, base, None).await;
    assert_eq!(status, StatusCode::OK);
    let counts = got["repo_sync_status_counts"].as_object().unwrap();
    assert_eq!(counts.len(), 7);
    assert!(
        counts.values().all(|n| n.as_u64().unwrap() >= 2),
        "{counts:?}"
    );
    let total: u64 = counts.values().map(|n| n.as_u64().unwrap()).sum();
    let (_, all) = call(&sb, Method::GET, &format!("{base}/repositories"), None).await;
    assert_eq!(all["total"], total);
    assert_eq!(all["limit"], 100);
    let (_, page) = call(
        &sb,
        Method::GET,
        &format!("{base}/repositories?page=2&limit=10"),
        None,
    )
    .await;
    assert_eq!(page["repositories"].as_array().unwrap().len(), 10);
    assert_eq!(page["has_next"], total > 20);
    // The filter is case-insensitive.
    let (status, fail) = call(
        &sb,
        Method::GET,
        &format!("{base}/repositories?status=fail"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fail["total"], counts["FAIL"]);
    let rows = fail["repositories"].as_array().unwrap();
    assert!(rows
        .iter()
        .all(|r| r["sync_status"] == "FAIL" && r["status_message"].is_string()));
    let (status, bad) = call(
        &sb,
        Method::GET,
        &format!("{base}/repositories?status=Bogus"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error_message"]
        .as_str()
        .unwrap()
        .starts_with("Invalid status filter 'Bogus'. Valid values: CANCEL, FAIL"));
    // Synced repositories exist in Quay; the others do not yet.
    let (_, ok) = call(
        &sb,
        Method::GET,
        &format!("{base}/repositories?status=SUCCESS&limit=1"),
        None,
    )
    .await;
    let name = ok["repositories"][0]["quay_repository"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, repo) = call(
        &sb,
        Method::GET,
        &format!("/api/v1/repository/{name}"),
        None,
    )
    .await;
    assert_eq!(
        (status, repo["state"].clone()),
        (StatusCode::OK, json!("MIRROR"))
    );
    let (_, never) = call(
        &sb,
        Method::GET,
        &format!("{base}/repositories?status=never_run"),
        None,
    )
    .await;
    assert!(never["repositories"][0]["quay_repository"].is_null());
    // The seeded source is reachable; the seeded mirror is syncing, so sync-now is refused.
    let (_, verify) = call(&sb, Method::POST, &format!("{base}/verify"), None).await;
    assert_eq!(verify["success"], true);
    let (status, _) = call(&sb, Method::POST, &format!("{base}/sync-now"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn only_administrators_and_only_with_the_feature_on() {
    let sb = Sandbox::new();
    let reader = sb.full_token("reader");
    let refused = sb
        .api(
            Method::GET,
            "/api/v1/organization/syncedorg/mirror",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let missing = call(
        &sb,
        Method::GET,
        "/api/v1/organization/nosuchorg/mirror",
        None,
    )
    .await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);
    sb.api(
        Method::POST,
        "/__sandbox/features",
        None,
        Some(json!({"ORG_MIRROR": false})),
    )
    .await;
    for path in [
        "/api/v1/organization/syncedorg/mirror",
        "/api/v1/organization/syncedorg/mirror/repositories",
    ] {
        let token = sb.full_token("devtable");
        let off = sb.api(Method::GET, path, Some(&token), None).await;
        assert_eq!(off.status, StatusCode::NOT_FOUND);
        assert!(
            off.text().contains("<html") || off.text().contains("<!doctype"),
            "{}",
            off.text()
        );
    }
}
