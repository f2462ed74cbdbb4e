//! Applications area: the sandbox answers every recorded application and app-token request like
//! Quay (status and shape), and keeps Quay's quirks (PUT clears an omitted avatar_email, deleting
//! an application revokes its tokens, `?expiring=true`, token codes only on create and get).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{check_fixture, check_fixture_on, Sandbox};
use quay_sandbox::areas::applications::{AppSpecificToken, OAuthApp};
use quay_sandbox::auth::Scope;
use serde_json::json;

/// The recordings' application and token ids.
const RECORDED_APP: &str = "X28QRK319UKX2C9NDR4G";
const RECORDED_TOKEN: &str = "ff99802a-2b3c-44d8-b35d-459cf982ab5b";

/// Rows that need nothing but the seed: (fixture, JSON body).
const FRESH: &[(&str, Option<&str>)] = &[
    ("org_apps_list", None),
    (
        "org_app_create",
        Some(
            r#"{"name":"Console Test App","description":"created by curl","application_uri":"http://127.0.0.1:8081","redirect_uri":"http://127.0.0.1:8081/cb","avatar_email":"console@example.com"}"#,
        ),
    ),
    (
        "oauth_demo_app_create",
        Some(
            r#"{"name":"Console implicit-flow demo","description":"fresh app, no tokens yet, to show the consent page","application_uri":"http://127.0.0.1:8081/","redirect_uri":"http://127.0.0.1:8081/"}"#,
        ),
    ),
    ("org_app_create_noname", Some("{}")),
    ("org_app_get_deleted", None),
    ("apptoken_list", None),
    ("apptoken_list_expiring", None),
    ("superuser_apptokens", None),
    ("apptoken_create", Some(r#"{"title":"console test token"}"#)),
    (
        "apptoken_create_friendlyname_per_discovery",
        Some(r#"{"friendlyName":"per discovery"}"#),
    ),
    ("apptoken_get_deleted", None),
    ("xhr_browser_post_no-xhr", Some(r#"{"title":"xhrtest"}"#)),
];

/// Rows about the recorded application or token, which are added first.
const RECORDED: &[(&str, Option<&str>)] = &[
    ("org_app_get", None),
    (
        "org_app_update",
        Some(
            r#"{"name":"Console Test App 2","description":"updated","application_uri":"http://127.0.0.1:8081","redirect_uri":"http://127.0.0.1:8081/cb2"}"#,
        ),
    ),
    ("org_app_update_missing_fields", Some(r#"{"name":"x"}"#)),
    ("org_app_reset_secret", None),
    ("org_app_tokens_list", None),
    ("org_app_delete", None),
    ("apptoken_get", None),
    ("apptoken_delete", None),
];

fn with_recorded() -> Sandbox {
    let sb = Sandbox::new();
    {
        let mut world = sb.state.world();
        world.applications.apps.push(OAuthApp {
            org: "buynlarge".into(),
            name: "Console Test App".into(),
            description: "created by curl".into(),
            application_uri: "http://127.0.0.1:8081".into(),
            client_id: RECORDED_APP.into(),
            client_secret: "KBAPCSVJL7H1ITU4R798RDZ89OQRYTHXCZYL6HBB".into(),
            redirect_uri: "http://127.0.0.1:8081/cb".into(),
            avatar_email: Some("console@example.com".into()),
        });
        world.applications.tokens.push(AppSpecificToken {
            uuid: RECORDED_TOKEN.into(),
            username: "devtable".into(),
            title: "console test token".into(),
            created: 1_795_446_946,
            last_accessed: None,
            expiration: None,
            code: "R".repeat(120),
        });
    }
    sb
}

#[tokio::test]
async fn application_rows_match_the_recordings() {
    let mut failures = Vec::new();
    for (name, body) in FRESH {
        if let Err(e) = check_fixture(name, *body).await {
            failures.push(e);
        }
    }
    for (name, body) in RECORDED {
        if let Err(e) = check_fixture_on(&with_recorded(), name, *body).await {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

fn app_path(id: &str) -> String {
    format!("/api/v1/organization/buynlarge/applications/{id}")
}

#[tokio::test]
async fn put_clears_an_omitted_avatar_email_and_logs() {
    let sb = with_recorded();
    let token = sb.full_token("devtable");
    let full = json!({"name": "A", "redirect_uri": "http://x/cb", "application_uri": "http://x",
                      "description": "d", "avatar_email": "console@example.com"});
    let reply = sb
        .api(
            Method::PUT,
            &app_path(RECORDED_APP),
            Some(&token),
            Some(full),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["avatar_email"], "console@example.com");
    let partial =
        json!({"name": "A", "redirect_uri": "http://x/cb", "application_uri": "http://x"});
    let reply = sb
        .api(
            Method::PUT,
            &app_path(RECORDED_APP),
            Some(&token),
            Some(partial),
        )
        .await;
    assert_eq!(reply.json()["avatar_email"], json!(null));
    assert_eq!(reply.json()["description"], "");
    let bad = json!({"name": "A", "redirect_uri": null, "application_uri": "http://x"});
    let reply = sb
        .api(
            Method::PUT,
            &app_path(RECORDED_APP),
            Some(&token),
            Some(bad),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let world = sb.state.world();
    let kinds: Vec<&str> = world
        .logs
        .entries
        .iter()
        .rev()
        .take(2)
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(kinds, ["update_application", "update_application"]);
    let last = world.logs.entries.last().unwrap();
    assert_eq!(last.namespace, "buynlarge");
    assert_eq!(last.metadata["client_id"], RECORDED_APP);
    assert_eq!(last.metadata["application_name"], "A");
}

#[tokio::test]
async fn only_org_admins_with_org_admin_scope() {
    let sb = Sandbox::new();
    let list = "/api/v1/organization/buynlarge/applications";
    let reader = sb.full_token("reader");
    assert_eq!(
        sb.api(Method::GET, list, Some(&reader), None).await.status,
        StatusCode::FORBIDDEN
    );
    let narrow = sb.token("devtable", &[Scope::RepoRead, Scope::UserAdmin]);
    assert_eq!(
        sb.api(Method::GET, list, Some(&narrow), None).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = sb.full_token("devtable");
    let reply = sb.api(Method::GET, list, Some(&admin), None).await;
    let names: Vec<String> = reply.json()["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        names.contains(&"Quay Console".to_owned())
            && names.contains(&"Release Notifier".to_owned())
    );
    // Another organization's application is not found through this one.
    let other = app_path("LIBRARYDASHBOARD0001");
    assert_eq!(
        sb.api(Method::GET, &other, Some(&admin), None).await.status,
        StatusCode::NOT_FOUND
    );
    let none = "/api/v1/organization/nosuchorg/applications";
    assert_eq!(
        sb.api(Method::GET, none, Some(&admin), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn delete_revokes_the_applications_tokens_and_reset_changes_the_secret() {
    let sb = with_recorded();
    let admin = sb.full_token("devtable");
    let issued = sb
        .state
        .world()
        .auth
        .issue("devtable", RECORDED_APP, [Scope::RepoRead].into());
    let tokens = format!("{}/tokens", app_path(RECORDED_APP));
    let listed = sb
        .api(Method::GET, &tokens, Some(&admin), None)
        .await
        .json();
    assert_eq!(listed["tokens"][0]["scope"], "repo:read");
    assert_eq!(listed["tokens"][0]["created_by"], "devtable");
    assert!(listed["tokens"][0].get("token").is_none());
    let reset = format!("{}/resetclientsecret", app_path(RECORDED_APP));
    let reply = sb.api(Method::POST, &reset, Some(&admin), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_ne!(
        reply.json()["client_secret"],
        "KBAPCSVJL7H1ITU4R798RDZ89OQRYTHXCZYL6HBB"
    );
    let reply = sb
        .api(Method::DELETE, &app_path(RECORDED_APP), Some(&admin), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(!sb.state.world().auth.tokens.contains_key(&issued));
    let reply = sb
        .api(Method::GET, &app_path(RECORDED_APP), Some(&admin), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_applications_token_can_be_revoked() {
    let sb = with_recorded();
    let admin = sb.full_token("devtable");
    let issued = sb
        .state
        .world()
        .auth
        .issue("devtable", RECORDED_APP, [Scope::RepoRead].into());
    let tokens = format!("{}/tokens", app_path(RECORDED_APP));
    let listed = sb
        .api(Method::GET, &tokens, Some(&admin), None)
        .await
        .json();
    let uuid = listed["tokens"][0]["uuid"].as_str().unwrap().to_owned();
    let one = format!("{tokens}/{uuid}");
    assert_eq!(
        sb.api(Method::DELETE, &one, Some(&admin), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert!(!sb.state.world().auth.tokens.contains_key(&issued));
    assert_eq!(
        sb.api(Method::DELETE, &one, Some(&admin), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn app_tokens_are_per_user_show_their_code_once_and_filter_expiring() {
    let sb = Sandbox::new();
    let devtable = sb.full_token("devtable");
    let all = sb
        .api(Method::GET, "/api/v1/user/apptoken", Some(&devtable), None)
        .await
        .json();
    let titles: Vec<&str> = all["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(all["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t.get("token_code").is_none()));
    assert_eq!(all["only_expiring"], json!(null));
    let soon = sb
        .api(
            Method::GET,
            "/api/v1/user/apptoken?expiring=true",
            Some(&devtable),
            None,
        )
        .await
        .json();
    assert_eq!(soon["only_expiring"], json!(true));
    let soon: Vec<&str> = soon["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(soon, ["CI pipeline (GitHub Actions)"]);

    let created = sb
        .api(
            Method::POST,
            "/api/v1/user/apptoken",
            Some(&devtable),
            Some(json!({"title": "ci"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let token = created.json()["token"].clone();
    assert_eq!(token["token_code"].as_str().unwrap().len(), 120);
    let path = format!("/api/v1/user/apptoken/{}", token["uuid"].as_str().unwrap());
    let reader = sb.full_token("reader");
    assert_eq!(
        sb.api(Method::GET, &path, Some(&reader), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sb.api(Method::DELETE, &path, Some(&reader), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let narrow = sb.token("devtable", &[Scope::UserRead]);
    assert_eq!(
        sb.api(Method::GET, "/api/v1/user/apptoken", Some(&narrow), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sb.api(Method::DELETE, &path, Some(&devtable), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    {
        let world = sb.state.world();
        let last = world.logs.entries.last().unwrap();
        assert_eq!(
            (last.kind.as_str(), last.namespace.as_str()),
            ("revoke_app_specific_token", "devtable")
        );
        assert_eq!(last.metadata["app_specific_token_title"], "ci");
    }
    // The superuser list holds every user's tokens; others are refused.
    let su = sb
        .api(
            Method::GET,
            "/api/v1/superuser/apptokens",
            Some(&devtable),
            None,
        )
        .await
        .json();
    assert_eq!(su["tokens"].as_array().unwrap().len(), 5);
    let reply = sb
        .api(
            Method::GET,
            "/api/v1/superuser/apptokens",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_new_application_can_be_authorized_at_its_redirect_uri() {
    let sb = Sandbox::new();
    let admin = sb.full_token("devtable");
    let body = json!({"name": "Token maker", "redirect_uri": "http://127.0.0.1:8080/console/"});
    let created = sb
        .api(
            Method::POST,
            "/api/v1/organization/buynlarge/applications",
            Some(&admin),
            Some(body),
        )
        .await
        .json();
    let client_id = created["client_id"].as_str().unwrap().to_owned();
    let cookie = {
        let form = "username=devtable&password=password&next=%2Fconsole%2F";
        let req = Request::post("/oauth/signin")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
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
    let authorize = |redirect: &str| {
        format!(
            "/oauth/authorize?response_type=token&client_id={client_id}&scope=repo%3Aread&state=s&redirect_uri={}",
            form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
        )
    };
    for (redirect, status) in [
        ("http://127.0.0.1:8080/console/", StatusCode::OK),
        // Quay sends a mismatch back to the registered URI with `?error=redirect_uri_mismatch`.
        ("http://127.0.0.1:8080/elsewhere/", StatusCode::FOUND),
    ] {
        let req = Request::get(authorize(redirect))
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let reply = sb.send(req).await;
        assert_eq!(reply.status, status, "{redirect}: {}", reply.text());
    }
}
