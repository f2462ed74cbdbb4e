//! `/console/`: the build under `--dist` with SPA fallback, `/` redirect.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::Request;
use common::Sandbox;

#[tokio::test]
async fn console_is_served_with_spa_fallback() {
    let dir = std::env::temp_dir().join(format!("quay-sandbox-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>console</html>").unwrap();
    std::fs::write(dir.join("app.wasm"), b"\0asm").unwrap();
    let state = quay_sandbox::build_state(quay_sandbox::Options {
        dist: dir.clone(),
        seed: quay_sandbox::world::SeedOptions {
            tags: 1,
            logs: 1,
            seed: 1,
            hostile: false,
        },
        ..Default::default()
    });
    let sb = Sandbox {
        app: quay_sandbox::app(state.clone()),
        state,
    };
    let get = |p: &str| Request::get(p).body(Body::empty()).unwrap();
    let root = sb.send(get("/")).await;
    assert!(root.status.is_redirection());
    assert_eq!(root.header("location").as_deref(), Some("/console/"));
    let deep = sb.send(get("/console/organization/buynlarge/robots")).await;
    assert_eq!(deep.text(), "<html>console</html>");
    assert_eq!(deep.header("cache-control").as_deref(), Some("no-cache"));
    let wasm = sb.send(get("/console/app.wasm")).await;
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    // The production headers of deploy/nginx.conf, on pages, assets and config.json.
    for reply in [&deep, &wasm, &sb.send(get("/console/config.json")).await] {
        let csp = reply.header("content-security-policy").unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(
            reply.header("cross-origin-opener-policy").as_deref(),
            Some("same-origin")
        );
        assert_eq!(reply.header("x-frame-options").as_deref(), Some("DENY"));
        assert!(reply.header("permissions-policy").is_some());
        assert!(reply.header("strict-transport-security").is_some());
    }
    // Not on Quay's own pages.
    let signin = sb.send(get("/signin")).await;
    assert!(signin.header("content-security-policy").is_none());
    let escape = sb.send(get("/console/../Cargo.toml")).await;
    assert_eq!(escape.text(), "<html>console</html>");
    std::fs::remove_dir_all(&dir).unwrap();
}
