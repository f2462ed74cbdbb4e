//! `--console-port`: the console alone on another origin, its config pointing at the API.
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

#[tokio::test]
async fn serves_only_the_console_with_the_api_as_quay_url() {
    let sb = common::Sandbox::new();
    let console = quay_sandbox::cross_origin::app(sb.state.clone(), "http://127.0.0.1:8080".into());
    let get = |path: &str| {
        let req = Request::get(path).body(Body::empty()).unwrap();
        let app = console.clone();
        async move { app.oneshot(req).await.unwrap() }
    };
    let config = get("/console/config.json").await;
    assert_eq!(config.status(), StatusCode::OK);
    let body: Value =
        serde_json::from_slice(&config.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(
        body.get("quay_url"),
        Some(&Value::from("http://127.0.0.1:8080"))
    );
    assert!(body.get("client_id").is_some_and(Value::is_string));
    assert_eq!(
        get("/console/repository/a/b/tags").await.status(),
        StatusCode::OK
    );
    assert_eq!(get("/api/v1/user/").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        get("/oauth/authorize").await.status(),
        StatusCode::NOT_FOUND
    );
}
