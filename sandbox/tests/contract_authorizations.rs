//! The user's OAuth grants (`/api/v1/user/authorizations`) and the public application
//! description (`/api/v1/app/{client_id}`): shapes as recorded, and a deleted grant's token is
//! refused at once, as on Quay.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{check_rows, load_fixture, shape_diff, Recorded, Sandbox};
use quay_sandbox::areas::applications::CONSOLE_CLIENT_ID;

#[tokio::test]
async fn list_rows_match_the_recordings() {
    check_rows(&[
        ("user_authorizations_list", None),
        ("user_authorizations_list_with_grant", None),
    ])
    .await;
}

fn recorded(name: &str) -> serde_json::Value {
    match load_fixture(name) {
        Recorded::Json(v) => v,
        _ => panic!("{name} is not JSON"),
    }
}

#[tokio::test]
async fn a_revoked_grant_is_gone_and_its_token_refused() {
    let sb = Sandbox::new();
    let admin = sb.full_token("devtable");
    let victim = sb.full_token("devtable");
    let list = sb
        .api(
            Method::GET,
            "/api/v1/user/authorizations",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let entries = list.json()["authorizations"].as_array().cloned().unwrap();
    assert_eq!(entries.len(), 2, "one entry per token");
    assert!(entries
        .iter()
        .all(|e| e["application"]["name"] == "Quay Console"));
    // The victim token's entry is the newer one.
    let uuid = entries[1]["uuid"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/user/authorizations/{uuid}");
    let one = sb.api(Method::GET, &path, Some(&admin), None).await;
    assert_eq!(one.status, StatusCode::OK);
    let diff = shape_diff(&recorded("user_authorization_get"), &one.json());
    assert!(diff.is_empty(), "{diff:?}");
    let gone = sb.api(Method::DELETE, &path, Some(&admin), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert!(gone.body.is_empty());
    assert_eq!(
        sb.api(Method::GET, &path, Some(&admin), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sb.api(Method::DELETE, &path, Some(&admin), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = sb
        .api(Method::GET, "/api/v1/user/", Some(&victim), None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let diff = shape_diff(&recorded("user_revoked_token"), &refused.json());
    assert!(diff.is_empty(), "{diff:?}");
    assert_eq!(refused.json()["error_type"], "invalid_token");
    // Someone else's grant is not listed nor deletable.
    let reader = sb.full_token("reader");
    let theirs = sb
        .api(
            Method::GET,
            "/api/v1/user/authorizations",
            Some(&reader),
            None,
        )
        .await
        .json();
    let other = theirs["authorizations"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/user/authorizations/{other}");
    assert_eq!(
        sb.api(Method::DELETE, &path, Some(&admin), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_application_describes_itself_without_a_token() {
    let sb = Sandbox::new();
    let reply = sb
        .api(
            Method::GET,
            &format!("/api/v1/app/{CONSOLE_CLIENT_ID}"),
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["name"], "Quay Console");
    assert_eq!(reply.json()["organization"]["name"], "buynlarge");
    assert_eq!(
        sb.api(Method::GET, "/api/v1/app/NOSUCHAPP", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
