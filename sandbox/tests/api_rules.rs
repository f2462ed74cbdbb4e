//! The rules every `/api/v1` call goes through: X-Requested-With, CORS, 401/403, HTML 404, faults,
//! the request journal, config modes, reset.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Sandbox, CHROME_UA};
use quay_sandbox::auth::Scope;
use serde_json::json;

fn browser_get(path: &str, token: &str, xhr: bool) -> Request<Body> {
    let mut req = Request::get(path)
        .header(header::USER_AGENT, CHROME_UA)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if xhr {
        req = req.header("x-requested-with", "XMLHttpRequest");
    }
    req.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn browser_get_without_xhr_header_is_refused_even_with_a_token() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let refused = sb.send(browser_get("/api/v1/user/", &token, false)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.json(),
        json!({"error": "API calls must be invoked with an X-Requested-With header if called from a browser"})
    );
    assert_eq!(
        sb.send(browser_get("/api/v1/user/", &token, true))
            .await
            .status,
        StatusCode::OK
    );
    // Non-browser clients (curl) need no header.
    let curl = Request::get("/api/v1/user/")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(sb.send(curl).await.status, StatusCode::OK);
    // POSTs are not checked.
    let post = Request::post("/api/v1/repository")
        .header(header::USER_AGENT, CHROME_UA)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(
            r#"{"repository":"xhrpost","visibility":"private","description":""}"#,
        ))
        .unwrap();
    assert_eq!(sb.send(post).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn cors_preflight_and_allow_origin() {
    let sb = Sandbox::new();
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/repository/devtable/simple/tag/latest")
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, x-requested-with, x-custom",
        )
        .body(Body::empty())
        .unwrap();
    let reply = sb.send(preflight).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    let methods = reply.header("access-control-allow-methods").unwrap();
    for m in ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let headers = reply.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("authorization") && headers.contains("x-requested-with"));
    assert!(!headers.contains("x-custom"));
    assert!(reply.header("access-control-allow-credentials").is_none());
    // Errors carry the header too.
    let unauth = sb.api(Method::GET, "/api/v1/user/", None, None).await;
    assert_eq!(
        unauth.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[tokio::test]
async fn cors_origin_echoes_allowed_origins_with_credentials() {
    let sb = Sandbox::with(|o| {
        o.cors_origins = vec![
            "https://console.example".to_owned(),
            "http://127.0.0.1:9000".to_owned(),
        ];
    });
    let cookie = {
        let req = Request::post("/signin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("username=devtable&password=password"))
            .unwrap();
        let reply = sb.send(req).await;
        reply
            .header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let call = |method: Method, origin: &str, cookie: Option<&str>| {
        let mut req = Request::builder()
            .method(method.clone())
            .uri("/api/v1/user/")
            .header(header::ORIGIN, origin)
            .header(header::USER_AGENT, CHROME_UA)
            .header("x-requested-with", "XMLHttpRequest");
        if method == Method::OPTIONS {
            req = req
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-requested-with");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c.to_owned());
        }
        req.body(Body::empty()).unwrap()
    };
    for origin in ["https://console.example", "http://127.0.0.1:9000"] {
        // Preflight, a signed-in call, and an error (401) all echo the origin with credentials.
        for (req, status) in [
            (call(Method::OPTIONS, origin, None), StatusCode::OK),
            (call(Method::GET, origin, Some(&cookie)), StatusCode::OK),
            (call(Method::GET, origin, None), StatusCode::UNAUTHORIZED),
        ] {
            let reply = sb.send(req).await;
            assert_eq!(reply.status, status, "{origin}");
            assert_eq!(
                reply.header("access-control-allow-origin").as_deref(),
                Some(origin)
            );
            assert_eq!(
                reply.header("access-control-allow-credentials").as_deref(),
                Some("true")
            );
            assert_eq!(reply.header("vary").as_deref(), Some("Origin"));
        }
    }
    // An origin that is not listed gets no Access-Control-Allow-Origin (the browser refuses it).
    let reply = sb
        .send(call(Method::GET, "https://evil.example", None))
        .await;
    assert!(reply.header("access-control-allow-origin").is_none());
    assert!(reply.header("access-control-allow-credentials").is_none());
    assert_eq!(reply.header("vary").as_deref(), Some("Origin"));
    // Without the option: `*` and no credentials, as before.
    let plain = Sandbox::new();
    let reply = plain
        .send(call(Method::GET, "https://console.example", None))
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(reply.header("access-control-allow-credentials").is_none());
}

#[tokio::test]
async fn missing_unknown_or_revoked_token_is_401_invalid_token() {
    let sb = Sandbox::new();
    for token in [None, Some("not-a-token")] {
        let reply = sb.api(Method::GET, "/api/v1/user/", token, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        let body = reply.json();
        assert_eq!(body["error_type"], "invalid_token");
        assert_eq!(body["status"], 401);
        assert_eq!(
            body["type"],
            "http://127.0.0.1:8080/api/v1/error/invalid_token"
        );
    }
    let token = sb.full_token("devtable");
    assert_eq!(
        sb.api(Method::GET, "/api/v1/user/", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    let revoke = Request::post("/__sandbox/revoke")
        .body(Body::empty())
        .unwrap();
    assert_eq!(sb.send(revoke).await.status, StatusCode::OK);
    let after = sb
        .api(Method::GET, "/api/v1/user/", Some(&token), None)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn missing_scope_or_role_is_403_insufficient_scope() {
    let sb = Sandbox::new();
    let read_only = sb.token("devtable", &[Scope::RepoRead, Scope::UserRead]);
    let reply = sb
        .api(
            Method::GET,
            "/api/v1/superuser/users/",
            Some(&read_only),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["error_type"], "insufficient_scope");
    let no_user_read = sb.token("devtable", &[Scope::RepoRead]);
    let reply = sb
        .api(Method::GET, "/api/v1/user/", Some(&no_user_read), None)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Full scopes but not a superuser.
    let reader = sb.full_token("reader");
    let reply = sb
        .api(
            Method::GET,
            "/api/v1/superuser/organizations/",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Not an admin of buynlarge: changing a repository's state is refused.
    let body = Some(json!({"state": "READ_ONLY"}));
    let reply = sb
        .api(
            Method::PUT,
            "/api/v1/repository/buynlarge/orgrepo/changestate",
            Some(&reader),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn user_view_depends_on_scopes_and_roles() {
    let sb = Sandbox::new();
    let reader = sb.full_token("reader");
    let me = sb
        .api(Method::GET, "/api/v1/user/", Some(&reader), None)
        .await
        .json();
    assert_eq!(me["username"], "reader");
    assert!(me.get("super_user").is_none());
    let orgs = me["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["name"], "buynlarge");
    assert_eq!(orgs[0]["is_org_admin"], false);
    let org = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge",
            Some(&reader),
            None,
        )
        .await
        .json();
    assert_eq!(
        (org["is_admin"].clone(), org["is_member"].clone()),
        (json!(false), json!(true))
    );
    assert!(org.get("quotas").is_none());
    let narrow = sb.token("devtable", &[Scope::UserRead]);
    let me = sb
        .api(Method::GET, "/api/v1/user/", Some(&narrow), None)
        .await
        .json();
    assert!(me.get("email").is_none() && me.get("super_user").is_none());
    assert!(me["organizations"][0].get("is_org_admin").is_none());
}

#[tokio::test]
async fn unknown_api_path_is_flask_html_404() {
    let sb = Sandbox::new();
    let reply = sb
        .api(Method::GET, "/api/v1/nope/nothing", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(reply.text().contains("<title>404 Not Found</title>"));
}

#[tokio::test]
async fn repository_list_pages_and_filters() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let missing = sb
        .api(Method::GET, "/api/v1/repository", Some(&token), None)
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let first = sb
        .api(
            Method::GET,
            "/api/v1/repository?namespace=library&last_modified=true",
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(first["repositories"].as_array().unwrap().len(), 100);
    assert!(first["repositories"][0]["last_modified"].is_i64());
    let next = first["next_page"].as_str().unwrap();
    let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    let path = format!("/api/v1/repository?namespace=library&next_page={encoded}");
    let second = sb.api(Method::GET, &path, Some(&token), None).await.json();
    assert_eq!(second["repositories"].as_array().unwrap().len(), 50);
    assert!(second.get("next_page").is_none());
    let starred = sb
        .api(
            Method::GET,
            "/api/v1/repository?starred=true",
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(starred["repositories"].as_array().unwrap().len(), 3);
    let public = sb
        .api(
            Method::GET,
            "/api/v1/repository?public=true&namespace=outsideorg",
            None,
            None,
        )
        .await;
    assert_eq!(public.json()["repositories"][0]["name"], "coolrepo");
}

#[tokio::test]
async fn faults_journal_config_and_reset() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let faults = json!({
        "malformed_paths": ["/superuser/users"],
        "fail_paths": [{"method": "GET", "path_contains": "/organization/buynlarge", "status": 503, "times": 1}]
    });
    let set = Request::post("/__sandbox/faults")
        .body(Body::from(faults.to_string()))
        .unwrap();
    assert_eq!(sb.send(set).await.status, StatusCode::OK);
    let failed = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failed.json()["status"], 503);
    let again = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let broken = sb
        .api(Method::GET, "/api/v1/superuser/users/", Some(&token), None)
        .await;
    assert_eq!(broken.status, StatusCode::OK);
    assert!(serde_json::from_slice::<serde_json::Value>(&broken.body).is_err());

    let journal = sb
        .send(
            Request::get("/__sandbox/requests")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let text = journal.text();
    assert!(!text.contains(&token), "the journal must not hold tokens");
    let entries = journal.json();
    let last = entries.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["path"], "/api/v1/superuser/users/");
    assert_eq!(last["has_authorization"], true);
    assert_eq!(last["x_requested_with"], "XMLHttpRequest");

    let config = |mode: &str| {
        Request::post("/__sandbox/config")
            .body(Body::from(json!({"mode": mode}).to_string()))
            .unwrap()
    };
    let get_config = || {
        Request::get("/console/config.json")
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        sb.send(get_config()).await.json()["client_id"],
        "CONSOLE0DEMO0CLIENT0ID"
    );
    sb.send(config("missing")).await;
    assert_eq!(sb.send(get_config()).await.status, StatusCode::NOT_FOUND);
    sb.send(config("invalid")).await;
    assert!(
        serde_json::from_slice::<serde_json::Value>(&sb.send(get_config()).await.body).is_err()
    );

    let create = json!({"repository": "temp", "visibility": "private", "description": ""});
    let made = sb
        .api(
            Method::POST,
            "/api/v1/repository",
            Some(&token),
            Some(create),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    sb.send(
        Request::post("/__sandbox/reset")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        sb.send(get_config()).await.status,
        StatusCode::OK,
        "reset restores config"
    );
    let gone = sb
        .api(
            Method::GET,
            "/api/v1/repository/devtable/temp",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        gone.status,
        StatusCode::NOT_FOUND,
        "reset drops new data but keeps the token"
    );
}

#[tokio::test]
async fn repository_get_lists_tags_unless_include_tags_is_false() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    for (query, has_tags) in [("", true), ("?includeTags=false", false)] {
        let path = format!("/api/v1/repository/devtable/simple{query}");
        let reply = sb.send(browser_get(&path, &token, true)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.json()["tags"].is_object(), has_tags, "{path}");
        assert_eq!(reply.json()["name"], "simple");
    }
}

/// The robot wizard's failure in the middle: one permission PUT refused in Quay's words; and
/// deleting the robot takes its permissions and default permissions with it (Quay deletes a
/// robot's rows recursively).
#[tokio::test]
async fn a_refused_permission_put_in_quays_words_and_a_robot_delete_takes_its_default_permissions()
{
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let created = sb
        .api(
            Method::PUT,
            "/api/v1/organization/buynlarge/robots/wizbot",
            Some(&token),
            Some(json!({"description": ""})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let faults = json!({"fail_paths": [{
        "method": "PUT", "path_contains": "/repository/buynlarge/webapp/permissions/user/",
        "status": 400, "message": "Repository is being deleted"
    }]});
    let set = Request::post("/__sandbox/faults")
        .body(Body::from(faults.to_string()))
        .unwrap();
    assert_eq!(sb.send(set).await.status, StatusCode::OK);
    let put = |repo: &'static str| {
        sb.api(
            Method::PUT,
            match repo {
                "webapp" => "/api/v1/repository/buynlarge/webapp/permissions/user/buynlarge+wizbot",
                _ => "/api/v1/repository/buynlarge/orgrepo/permissions/user/buynlarge+wizbot",
            },
            Some(&token),
            Some(json!({"role": "read"})),
        )
    };
    assert_eq!(put("orgrepo").await.status, StatusCode::OK);
    let refused = put("webapp").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.json()["error_message"],
        "Repository is being deleted"
    );
    assert_eq!(refused.json()["error_type"], "invalid_request");
    assert_eq!(put("webapp").await.status, StatusCode::OK, "one shot");

    let proto = sb
        .api(
            Method::POST,
            "/api/v1/organization/buynlarge/prototypes",
            Some(&token),
            Some(json!({"delegate": {"kind": "user", "name": "buynlarge+wizbot"}, "role": "read"})),
        )
        .await;
    assert_eq!(proto.status, StatusCode::OK);
    let delegates = |list: &serde_json::Value| {
        list["prototypes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["delegate"]["name"] == "buynlarge+wizbot")
            .count()
    };
    let list = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/prototypes",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(delegates(&list.json()), 1);
    let deleted = sb
        .api(
            Method::DELETE,
            "/api/v1/organization/buynlarge/robots/wizbot",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let list = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/prototypes",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(delegates(&list.json()), 0);
}
