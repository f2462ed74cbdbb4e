//! The security scan of a manifest: the recorded "scanner off" 404 (before any token check), and
//! with `SECURITY_SCANNER` on Quay's `{"status", "data"}` for each state, scope `repo:read`.
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
use quay_sandbox::auth::Scope;
use serde_json::{json, Value};

const SIMPLE: &str = "/api/v1/repository/devtable/simple";

async fn scanner(sb: &Sandbox, on: bool) {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/__sandbox/features")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"SECURITY_SCANNER": on}).to_string()))
        .unwrap();
    assert_eq!(sb.send(req).await.status, StatusCode::OK);
}

async fn digest_of(sb: &Sandbox, t: &str, repo: &str, tag: &str) -> (String, bool) {
    let r = sb
        .api(
            Method::GET,
            &format!("/api/v1/repository/{repo}/tag/?specificTag={tag}&onlyActiveTags=true"),
            Some(t),
            None,
        )
        .await;
    let row = &r.json()["tags"][0];
    (
        row["manifest_digest"].as_str().unwrap().to_owned(),
        row["is_manifest_list"].as_bool().unwrap_or(false),
    )
}

async fn security(sb: &Sandbox, t: Option<&str>, repo: &str, digest: &str) -> common::Reply {
    sb.api(
        Method::GET,
        &format!("/api/v1/repository/{repo}/manifest/{digest}/security?vulnerabilities=true"),
        t,
        None,
    )
    .await
}

#[tokio::test]
async fn scanner_off_answers_the_recorded_404_before_any_token_check() {
    let sb = Sandbox::new();
    check_fixture_on(&sb, "secscan_manifest_security", None)
        .await
        .unwrap();
    let t = sb.full_token("devtable");
    let (digest, _) = digest_of(&sb, &t, "devtable/simple", "latest").await;
    for token in [Some(t.as_str()), None] {
        let r = security(&sb, token, "devtable/simple", &digest).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let Recorded::Json(recorded) = load_fixture("secscan_manifest_security") else {
            panic!("JSON")
        };
        assert!(shape_diff(&recorded, &r.json()).is_empty());
        assert_eq!(r.json()["error_type"], json!("not_found"));
    }
}

#[tokio::test]
async fn every_state_in_quays_shape() {
    let sb = Sandbox::new();
    scanner(&sb, true).await;
    let t = sb.full_token("devtable");
    let mut seen = Vec::new();
    for (tag, status) in [
        ("latest", "scanned"),
        ("prod", "scanned"),
        ("v1.1", "queued"),
        ("v1.2", "unsupported"),
        ("v1.3", "failed"),
        ("v1.4", "scanned"),
    ] {
        let (digest, _) = digest_of(&sb, &t, "devtable/simple", tag).await;
        let r = security(&sb, Some(&t), "devtable/simple", &digest).await;
        assert_eq!(r.status, StatusCode::OK, "{tag}: {}", r.text());
        let body = r.json();
        assert_eq!(body["status"], json!(status), "{tag}");
        let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["data", "status"], "{tag}");
        if status == "scanned" {
            let layer = &body["data"]["Layer"];
            for key in [
                "Name",
                "ParentName",
                "NamespaceName",
                "IndexedByVersion",
                "Features",
            ] {
                assert!(layer.get(key).is_some(), "{tag}: Layer.{key}");
            }
            let vulns: Vec<&Value> = layer["Features"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|f| f["Vulnerabilities"].as_array().unwrap())
                .collect();
            for v in &vulns {
                for key in [
                    "Severity",
                    "NamespaceName",
                    "Link",
                    "FixedBy",
                    "Description",
                    "Name",
                    "Metadata",
                ] {
                    assert!(v.get(key).is_some(), "{tag}: Vulnerability.{key}");
                }
            }
            seen.push((tag, vulns.len()));
        } else {
            assert_eq!(body["data"], Value::Null, "{tag}");
        }
    }
    // latest has every seeded finding, v1.4 none, prod some.
    let count = |tag| seen.iter().find(|(t, _)| *t == tag).unwrap().1;
    assert_eq!(count("v1.4"), 0);
    assert!(count("latest") >= 10 && count("prod") >= 1 && count("prod") <= count("latest"));
    // Without `vulnerabilities=true`, the packages come without their vulnerabilities.
    let (digest, _) = digest_of(&sb, &t, "devtable/simple", "latest").await;
    let r = sb
        .api(
            Method::GET,
            &format!("{SIMPLE}/manifest/{digest}/security"),
            Some(&t),
            None,
        )
        .await;
    assert!(r.json()["data"]["Layer"]["Features"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["Vulnerabilities"] == json!([])));
}

#[tokio::test]
async fn manifest_lists_are_unsupported_and_unknown_manifests_404() {
    let sb = Sandbox::new();
    scanner(&sb, true).await;
    let t = sb.full_token("devtable");
    let (list, is_list) = digest_of(&sb, &t, "devtable/complex", "multiarch-0").await;
    assert!(is_list);
    let r = security(&sb, Some(&t), "devtable/complex", &list).await;
    assert_eq!(r.json()["status"], json!("unsupported"));
    let missing = format!("sha256:{}", "0".repeat(64));
    let r = security(&sb, Some(&t), "devtable/simple", &missing).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error_type"], json!("not_found"));
}

#[tokio::test]
async fn needs_repo_read_and_a_role() {
    let sb = Sandbox::new();
    scanner(&sb, true).await;
    let t = sb.full_token("devtable");
    let (digest, _) = digest_of(&sb, &t, "devtable/simple", "latest").await;
    let no_scope = sb.token("devtable", &[Scope::UserRead]);
    let r = security(&sb, Some(&no_scope), "devtable/simple", &digest).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = security(&sb, None, "devtable/simple", &digest).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let stranger = sb.full_token("reader");
    let r = security(&sb, Some(&stranger), "devtable/simple", &digest).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
