//! The mirrors area answers like the recorded Quay. The recordings are one story on
//! `buynlarge/mirrortest` (no mirror → create → change → sync → cancel → refusals), so the rows are
//! replayed in that order on one sandbox; then the worker, health and permissions are checked.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{check_fixture_on, Sandbox};
use quay_sandbox::auth::Scope;
use serde_json::{json, Value};

const CREATE: &str = r#"{"external_reference":"127.0.0.1:5999/library/alpine","sync_interval":3600,
"sync_start_date":"2030-01-01T00:00:00Z","root_rule":{"rule_kind":"tag_glob_csv","rule_value":["latest","3.*"]},
"robot_username":"buynlarge+coolrobot","skopeo_timeout_interval":300}"#;

const CHANGE: &str = r#"{"sync_interval":7200,"root_rule":{"rule_kind":"tag_glob_csv","rule_value":["v1.*"]},
"external_registry_username":"someone","external_registry_password":"pw",
"external_registry_config":{"verify_tls":false,"unsigned_images":true,
"proxy":{"http_proxy":null,"https_proxy":null,"no_proxy":null}}}"#;

/// The recorded story, in order.
const STORY: &[(&str, Option<&str>)] = &[
    ("mirror_get_existing", None),
    ("mirror_get_none", None),
    ("mirror_create_before_state", Some(CREATE)),
    ("repo_changestate_mirror", Some(r#"{"state":"MIRROR"}"#)),
    ("mirror_get", None),
    ("repo_get_state", None),
    ("mirror_change", Some(CHANGE)),
    ("mirror_disable", Some(r#"{"is_enabled":false}"#)),
    ("mirror_enable", Some(r#"{"is_enabled":true}"#)),
    ("mirror_get_after_change", None),
    ("mirror_sync_now", None),
    ("mirror_get_after_sync_now", None),
    ("mirror_sync_cancel", None),
    ("mirror_get_after_cancel", None),
    (
        "mirror_change_ssrf_block",
        Some(r#"{"external_reference":"169.254.169.254/latest/meta-data"}"#),
    ),
    (
        "mirror_change_bad_robot",
        Some(r#"{"robot_username":"buynlarge+nosuchrobot"}"#),
    ),
    ("mirror_create_conflict", Some(CREATE)),
    ("mirror_health", None),
    ("su_mirror_health", None),
];

#[tokio::test]
async fn recorded_story_matches() {
    let sb = Sandbox::new();
    let failures: Vec<String> = {
        let mut out = Vec::new();
        for (name, body) in STORY {
            if let Err(e) = check_fixture_on(&sb, name, *body).await {
                out.push(e);
            }
        }
        out
    };
    assert!(failures.is_empty(), "differences:\n{}", failures.join("\n"));
    let world = sb.state.world();
    let repo = world.repo("buynlarge", "mirrortest").unwrap();
    assert_eq!(repo.state.as_str(), "MIRROR");
    let config = world.mirrors.find("buynlarge", "mirrortest").unwrap();
    assert_eq!(config.sync_status, "CANCEL");
    assert_eq!(config.sync_retries_remaining, 0);
    // Quay's proxy quirk: the first proxy key sent to a config without a proxy object is dropped.
    assert_eq!(
        config.external_registry_config["proxy"],
        json!({"https_proxy": null, "no_proxy": null})
    );
    assert_eq!(config.external_registry_password.as_deref(), Some("pw"));
    let kinds: Vec<&str> = world
        .logs
        .entries
        .iter()
        .filter(|e| {
            e.repo.as_deref() == Some("mirrortest") && e.kind == "repo_mirror_config_changed"
        })
        .map(|e| e.metadata["changed"].as_str().unwrap_or_default())
        .collect();
    for changed in [
        "external_reference",
        "sync_interval",
        "external_registry_password",
        "mirror_rule",
        "is_enabled",
        "sync_status",
    ] {
        assert!(kinds.contains(&changed), "{changed} not logged: {kinds:?}");
    }
}

async fn mirror(sb: &Sandbox, token: &str, path: &str) -> Value {
    let reply = sb.api(Method::GET, path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

async fn wait_for(sb: &Sandbox, token: &str, path: &str, status: &str) -> Value {
    for _ in 0..80 {
        let m = mirror(sb, token, path).await;
        if m["sync_status"] == status {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never reached {status}");
}

#[tokio::test]
async fn the_worker_runs_a_requested_sync() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let path = "/api/v1/repository/buynlarge/mirrortest/mirror";
    let create: Value = serde_json::from_str(CREATE).unwrap();
    let r = sb.api(Method::POST, path, Some(&token), Some(create)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = sb
        .api(
            Method::POST,
            &format!("{path}/sync-now"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(mirror(&sb, &token, path).await["sync_status"], "SYNC_NOW");
    let running = wait_for(&sb, &token, path, "SYNCING").await;
    assert!(running["sync_expiration_date"].is_string());
    // Quay refuses sync-now while a sync runs.
    let r = sb
        .api(
            Method::POST,
            &format!("{path}/sync-now"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let done = wait_for(&sb, &token, path, "SUCCESS").await;
    assert_eq!(done["sync_retries_remaining"], 3);
    assert_eq!(done["sync_expiration_date"], Value::Null);
    {
        let world = sb.state.world();
        let kinds: Vec<&str> = world
            .logs
            .entries
            .iter()
            .filter(|e| e.repo.as_deref() == Some("mirrortest"))
            .map(|e| e.kind.as_str())
            .collect();
        for kind in [
            "repo_mirror_sync_started",
            "repo_mirror_sync_tag_success",
            "repo_mirror_sync_success",
        ] {
            assert!(kinds.contains(&kind), "{kind} missing: {kinds:?}");
        }
    }
    // Cancelling a finished sync: 404, as Quay.
    let r = sb
        .api(
            Method::POST,
            &format!("{path}/sync-cancel"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failing_source_fails_and_spends_a_retry() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let path = "/api/v1/repository/buynlarge/mirrortest/mirror";
    let mut create: Value = serde_json::from_str(CREATE).unwrap();
    create["external_reference"] = json!("quay.io/acme/will-fail");
    let r = sb.api(Method::POST, path, Some(&token), Some(create)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    sb.api(
        Method::POST,
        &format!("{path}/sync-now"),
        Some(&token),
        None,
    )
    .await;
    let failed = wait_for(&sb, &token, path, "FAIL").await;
    assert_eq!(failed["sync_retries_remaining"], 2);
    let world = sb.state.world();
    let entry = world
        .logs
        .entries
        .iter()
        .rev()
        .find(|e| e.kind == "repo_mirror_sync_failed" && e.repo.as_deref() == Some("mirrortest"))
        .unwrap();
    assert!(entry.metadata["stderr"]
        .as_str()
        .unwrap()
        .contains("manifest unknown"));
    assert!(entry.performer.is_none());
}

#[tokio::test]
async fn a_repository_out_of_mirror_state_is_not_synced() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let base = "/api/v1/repository/library/etcd";
    let r = sb
        .api(
            Method::PUT,
            &format!("{base}/changestate"),
            Some(&token),
            Some(json!({"state": "NORMAL"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    sb.api(
        Method::POST,
        &format!("{base}/mirror/sync-now"),
        Some(&token),
        None,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    assert_eq!(
        mirror(&sb, &token, &format!("{base}/mirror")).await["sync_status"],
        "SYNC_NOW"
    );
}

#[tokio::test]
async fn create_and_change_refusals_use_quays_messages() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let path = "/api/v1/repository/buynlarge/mirrortest/mirror";
    let mut body: Value = serde_json::from_str(CREATE).unwrap();
    body["skopeo_timeout_interval"] = json!(299);
    let r = sb.api(Method::POST, path, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["detail"], "299 is less than the minimum of 300");
    let mut body: Value = serde_json::from_str(CREATE).unwrap();
    body["sync_start_date"] = json!("2030-01-01T00:00:00.000Z");
    let r = sb.api(Method::POST, path, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let mut body: Value = serde_json::from_str(CREATE).unwrap();
    body["robot_username"] = json!("devtable+dtrobot");
    let r = sb.api(Method::POST, path, Some(&token), Some(body)).await;
    assert_eq!(r.json(), json!({"message": "Invalid robot"}));
    // Nothing was created by the refusals.
    let r = sb.api(Method::GET, path, Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let created: Value = serde_json::from_str(CREATE).unwrap();
    sb.api(Method::POST, path, Some(&token), Some(created))
        .await;
    let r = sb
        .api(
            Method::PUT,
            path,
            Some(&token),
            Some(json!({"external_registry_password": "x"})),
        )
        .await;
    assert_eq!(
        r.json()["detail"],
        "Unable to set a new password without also specifying a username."
    );
    let r = sb
        .api(
            Method::PUT,
            path,
            Some(&token),
            Some(json!({"external_reference": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The robot got write access, as Quay grants it.
    let world = sb.state.world();
    let repo = world.repo("buynlarge", "mirrortest").unwrap();
    assert_eq!(
        repo.user_roles
            .get("buynlarge+coolrobot")
            .map(|r| r.as_str()),
        Some("write")
    );
}

#[tokio::test]
async fn health_is_scoped_and_detailed() {
    let sb = Sandbox::new();
    let su = sb.full_token("devtable");
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health?detailed=true&limit=5",
            Some(&su),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["repositories"]["details"].as_array().unwrap().len(), 5);
    assert_eq!(body["repositories"]["pagination"]["has_more"], true);
    assert_eq!(body["repositories"]["never_run"], 1);
    assert!(body["repositories"]["failed"].as_u64().unwrap() >= 1);
    let messages: Vec<&str> = body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["message"].as_str())
        .collect();
    assert!(messages
        .iter()
        .any(|m| m.contains("library/vault hasn't synced")));
    assert!(messages
        .iter()
        .any(|m| m.contains("library/kibana has never been synced")));
    assert!(messages
        .iter()
        .any(|m| m.contains("library/grafana has exhausted")));
    // The disabled mirror is not counted.
    let all = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health?detailed=true&limit=100",
            Some(&su),
            None,
        )
        .await
        .json();
    let rows = all["repositories"]["details"].as_array().unwrap();
    assert!(rows.iter().all(|d| d["repository"] != "logstash"));
    // A member may see their organization, not the registry nor another namespace.
    let reader = sb.token("reader", &[Scope::RepoRead]);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health?namespace=buynlarge",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["repositories"]["total"], 0);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health?namespace=library",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health?namespace=nosuchns",
            Some(&su),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The superuser summary names no repository.
    let r = sb
        .api(
            Method::GET,
            "/api/v1/superuser/mirror/health",
            Some(&su),
            None,
        )
        .await;
    assert!(r.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| !i["message"].as_str().unwrap().starts_with("Repository ")));
    assert_eq!(
        r.header("cache-control").as_deref(),
        Some("no-cache, no-store, must-revalidate")
    );
}

#[tokio::test]
async fn an_unhealthy_fleet_answers_503_with_the_report() {
    let sb = Sandbox::new();
    {
        let mut world = sb.state.world();
        for c in world
            .mirrors
            .configs
            .iter_mut()
            .filter(|c| c.namespace == "library")
            .take(6)
        {
            c.sync_status = "FAIL".into();
        }
    }
    let su = sb.full_token("devtable");
    let r = sb
        .api(
            Method::GET,
            "/api/v1/repository/mirror/health",
            Some(&su),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    let body = r.json();
    assert_eq!(body["healthy"], false);
    assert_eq!(body["issues"][0]["severity"], "critical");
}
