//! The proxy cache of an organization: every recorded answer replayed in order on one sandbox
//! (status and shape), and the feature switch.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{check_fixture_on, Sandbox};
use serde_json::json;

const CONFIG: &str =
    r#"{"upstream_registry": "127.0.0.1:5999/library", "expiration_s": 3600, "insecure": true}"#;

#[tokio::test]
async fn the_recorded_story_replays() {
    let sb = Sandbox::new();
    let rows: &[(&str, Option<&str>)] = &[
        ("proxycache_get_none", None),
        ("proxycache_get_proxyorg", None),
        (
            "proxycache_validate_unreachable",
            Some(r#"{"upstream_registry": "registry.invalid:5000"}"#),
        ),
        (
            "proxycache_validate_ssrf",
            Some(r#"{"upstream_registry": "169.254.169.254"}"#),
        ),
        (
            "proxycache_create_missing_upstream",
            Some(r#"{"expiration_s": 3600}"#),
        ),
        ("proxycache_create", Some(CONFIG)),
        ("proxycache_create_again", Some(CONFIG)),
        ("proxycache_get", None),
        ("proxycache_validate_existing", Some(CONFIG)),
        ("proxycache_delete", None),
        ("proxycache_get_after_delete", None),
        ("proxycache_delete_missing", None),
    ];
    let mut failures = Vec::new();
    for (name, body) in rows {
        if let Err(e) = check_fixture_on(&sb, name, *body).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn validation_says_valid_or_anonymous_and_the_switch_unroutes() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let path = "/api/v1/organization/proxytest/validateproxycache";
    let anonymous = sb
        .api(
            Method::POST,
            path,
            Some(&token),
            Some(json!({"upstream_registry": "docker.io"})),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::ACCEPTED);
    assert_eq!(anonymous.json(), "Anonymous");
    let valid = sb
        .api(
            Method::POST,
            path,
            Some(&token),
            Some(json!({"upstream_registry": "quay.io/org", "upstream_registry_username": "u", "upstream_registry_password": "p"})),
        )
        .await;
    assert_eq!(valid.status, StatusCode::ACCEPTED);
    assert_eq!(valid.json(), "Valid");
    // A reader is refused; with PROXY_CACHE off the endpoint is not routed (Flask's HTML 404).
    let reader = sb.full_token("reader");
    let refused = sb
        .api(
            Method::GET,
            "/api/v1/organization/proxytest/proxycache",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    sb.api(
        Method::POST,
        "/__sandbox/features",
        None,
        Some(json!({"PROXY_CACHE": false})),
    )
    .await;
    let off = sb
        .api(
            Method::GET,
            "/api/v1/organization/proxytest/proxycache",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(off.status, StatusCode::NOT_FOUND);
    assert!(
        off.text().contains("<html") || off.text().contains("<!doctype"),
        "{}",
        off.text()
    );
}
