//! The robots area answers like the recorded Quay (status and shape of every robots row of
//! `_status.tsv`), plus the endpoints that were not recorded (federation, repository permissions),
//! their errors, and the log entries they leave.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{check_fixture_on, check_rows, Sandbox};
use quay_sandbox::auth::Scope;
use serde_json::{json, Value};

/// Rows that start from the seeded world.
const ROWS: &[(&str, Option<&str>)] = &[
    ("org_robots_list", None),
    ("org_robots_list_plain", None),
    ("org_robots_list_limit", None),
    ("user_robots_list", None),
    ("org_robot_bad_name", Some("{}")),
    ("org_robot_permissions", None),
    ("user_robot_permissions_dtrobot", None),
    // What the access review reads first: every robot with its repositories, in one call. (The
    // map-keyed `permissions/user/` recordings: `repository_user_permissions_match_the_recordings`.)
    ("org_robots_list_perms", None),
    ("user_robots_list_perms", None),
];

#[tokio::test]
async fn seeded_rows_match_the_recordings() {
    check_rows(ROWS).await;
}

/// The recorded life of `consolebot`: each row depends on the ones before, so one sandbox.
#[tokio::test]
async fn robot_lifecycle_matches_the_recordings() {
    let org: &[(&str, Option<&str>)] = &[
        (
            "org_robot_create",
            Some(r#"{"description":"made by console test","unstructured_metadata":{"k":"v"}}"#),
        ),
        (
            "org_robot_create_again",
            Some(r#"{"description":"made by console test"}"#),
        ),
        ("org_robot_get", None),
        ("org_robot_regenerate", None),
        ("org_robot_permissions_new", None),
        ("org_robot_delete", None),
        ("org_robot_get_deleted", None),
    ];
    let user: &[(&str, Option<&str>)] = &[
        ("user_robot_create", Some(r#"{"description":"user bot"}"#)),
        ("user_robot_get", None),
        ("user_robot_regenerate", None),
        ("user_robot_permissions", None),
        ("user_robot_delete", None),
    ];
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for (name, body) in org.iter().chain(user) {
        if let Err(e) = check_fixture_on(&sb, name, *body).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn last_log(sb: &Sandbox) -> (String, Value) {
    let world = sb.state.world();
    let entry = world.logs.entries.last().unwrap();
    (entry.kind.clone(), entry.metadata.clone())
}

#[tokio::test]
async fn create_get_regenerate_and_delete() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let base = "/api/v1/organization/buynlarge/robots";
    let r = sb
        .api(
            Method::PUT,
            &format!("{base}/builder"),
            Some(&t),
            Some(json!({"description": "CI"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let created = r.json();
    assert_eq!(created["name"], "buynlarge+builder");
    assert_eq!(created["token"].as_str().unwrap().len(), 64);
    assert_eq!(created["unstructured_metadata"], Value::Null);
    let (kind, meta) = last_log(&sb);
    assert_eq!(kind, "create_robot");
    assert_eq!(meta["robot"], "builder");

    let got = sb
        .api(Method::GET, &format!("{base}/builder"), Some(&t), None)
        .await
        .json();
    assert_eq!(got["token"], created["token"]);
    assert_eq!(got["unstructured_metadata"], json!({}));

    let again = sb
        .api(Method::PUT, &format!("{base}/builder"), Some(&t), None)
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        again.json()["error_message"],
        "Existing robot with name: buynlarge+builder"
    );

    let regen = sb
        .api(
            Method::POST,
            &format!("{base}/builder/regenerate"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(regen.status, StatusCode::OK);
    assert_ne!(regen.json()["token"], created["token"]);
    assert_eq!(last_log(&sb).0, "regenerate_robot_token");

    let del = sb
        .api(Method::DELETE, &format!("{base}/builder"), Some(&t), None)
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(last_log(&sb).0, "delete_robot");
    let gone = sb
        .api(Method::DELETE, &format!("{base}/builder"), Some(&t), None)
        .await;
    assert_eq!(gone.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        gone.json()["message"],
        "Could not find robot with username: buynlarge+builder"
    );
    let missing = sb
        .api(
            Method::POST,
            &format!("{base}/builder/regenerate"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(
        missing.json(),
        json!({"message": "Could not find robot with specified username"})
    );
}

#[tokio::test]
async fn create_refusals() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let put = |path: String, body: Value| {
        let (sb, t) = (&sb, t.clone());
        async move { sb.api(Method::PUT, &path, Some(&t), Some(body)).await }
    };
    let long = put(
        "/api/v1/user/robots/longdesc".into(),
        json!({"description": "x".repeat(256)}),
    )
    .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert!(long.json()["detail"]
        .as_str()
        .unwrap()
        .ends_with("is too long"));
    let short = put("/api/v1/user/robots/a".into(), json!({})).await;
    assert!(short.json()["detail"]
        .as_str()
        .unwrap()
        .contains("between 2 and 255"));
    let meta = put(
        "/api/v1/user/robots/okname".into(),
        json!({"unstructured_metadata": "x"}),
    )
    .await;
    assert_eq!(meta.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_robot_used_by_a_mirror_cannot_be_deleted() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let r = sb
        .api(
            Method::DELETE,
            "/api/v1/user/robots/dtrobot",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["detail"], "Robot is being used by a mirror");
}

#[tokio::test]
async fn scopes_and_roles_are_checked() {
    let sb = Sandbox::new();
    let read_only = sb.token("devtable", &[Scope::UserRead, Scope::RepoRead]);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots",
            Some(&read_only),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = sb
        .api(Method::GET, "/api/v1/user/robots", Some(&read_only), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A member (not admin) lists the robots, without tokens or permissions.
    let member = sb.full_token("reader");
    let r = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots?permissions=true",
            Some(&member),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let first = &r.json()["robots"][0];
    assert!(
        first.get("token").is_none() && first.get("teams").is_none(),
        "{first}"
    );
    let r = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots/coolrobot",
            Some(&member),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Organization robot permissions need user:admin as well.
    let org_only = sb.token("devtable", &[Scope::OrgAdmin]);
    let r = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots/coolrobot/permissions",
            Some(&org_only),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn lists_carry_teams_and_repositories() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let r = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots?permissions=true&token=false",
            Some(&t),
            None,
        )
        .await
        .json();
    let robots = r["robots"].as_array().unwrap();
    let owner = robots
        .iter()
        .find(|r| r["name"] == "buynlarge+ownerbot")
        .unwrap();
    assert_eq!(owner["teams"][0]["name"], "owners");
    let cool = robots
        .iter()
        .find(|r| r["name"] == "buynlarge+coolrobot")
        .unwrap();
    assert_eq!(cool["repositories"].as_array().unwrap().len(), 3);
    assert!(cool.get("token").is_none());
    let limited = sb
        .api(
            Method::GET,
            "/api/v1/organization/titi/robots?limit=5",
            Some(&t),
            None,
        )
        .await
        .json();
    assert_eq!(limited["robots"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn federation_round_trip() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let path = "/api/v1/organization/buynlarge/robots/coolrobot/federation";
    let seeded = sb.api(Method::GET, path, Some(&t), None).await.json();
    assert_eq!(seeded.as_array().unwrap().len(), 1);
    let list = json!([
        {"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:buynlarge/webapp:ref:refs/heads/main"},
        {"issuer": "https://kubernetes.default.svc", "subject": "system:serviceaccount:ci:builder"}
    ]);
    let r = sb
        .api(Method::POST, path, Some(&t), Some(list.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json(), list);
    assert_eq!(last_log(&sb).0, "create_robot_federation");
    assert_eq!(sb.api(Method::GET, path, Some(&t), None).await.json(), list);

    let bad = sb
        .api(
            Method::POST,
            path,
            Some(&t),
            Some(json!([{"issuer": "issuer", "subject": "s"}])),
        )
        .await;
    assert_eq!(
        bad.json()["detail"],
        "Issuer must be a URL (http:// or https://)"
    );
    let dup =
        json!([{"issuer": "https://a", "subject": "s"}, {"issuer": "https://a", "subject": "s"}]);
    let bad = sb.api(Method::POST, path, Some(&t), Some(dup)).await;
    assert_eq!(bad.json()["detail"], "Duplicate federation config entry");
    let bad = sb
        .api(
            Method::POST,
            path,
            Some(&t),
            Some(json!([{"issuer": "https://a"}])),
        )
        .await;
    assert_eq!(bad.json()["detail"], "'subject' is a required property");

    let del = sb.api(Method::DELETE, path, Some(&t), None).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(
        sb.api(Method::GET, path, Some(&t), None).await.json(),
        json!([])
    );
    let user = sb
        .api(
            Method::GET,
            "/api/v1/user/robots/nosuch/federation",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(user.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn repository_permissions_for_robots() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let path = "/api/v1/repository/buynlarge/orgrepo/permissions/user/buynlarge%2Bneworgrobot";
    let r = sb
        .api(Method::PUT, path, Some(&t), Some(json!({"role": "write"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["role"], "write");
    assert_eq!(body["name"], "buynlarge+neworgrobot");
    assert_eq!(body["is_robot"], true);
    assert_eq!(body["is_org_member"], true);
    let (kind, meta) = last_log(&sb);
    assert_eq!(kind, "change_repo_permission");
    assert_eq!(meta["role"], "write");

    let perms = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/robots/neworgrobot/permissions",
            Some(&t),
            None,
        )
        .await
        .json();
    assert!(perms["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["repository"]["name"] == "orgrepo" && p["role"] == "write"));

    let bad = sb
        .api(Method::PUT, path, Some(&t), Some(json!({"role": "owner"})))
        .await;
    assert_eq!(
        bad.json()["detail"],
        "'owner' is not one of ['read', 'write', 'admin']"
    );
    let other_ns = "/api/v1/repository/buynlarge/orgrepo/permissions/user/devtable%2Bdtrobot";
    let bad = sb
        .api(
            Method::PUT,
            other_ns,
            Some(&t),
            Some(json!({"role": "read"})),
        )
        .await;
    assert_eq!(
        bad.json()["detail"],
        "Cannot add robot devtable+dtrobot under namespace buynlarge"
    );
    let missing =
        "/api/v1/repository/buynlarge/nosuchrepo/permissions/user/buynlarge%2Bneworgrobot";
    let r = sb
        .api(
            Method::PUT,
            missing,
            Some(&t),
            Some(json!({"role": "read"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let del = sb.api(Method::DELETE, path, Some(&t), None).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(last_log(&sb).0, "delete_repo_permission");
    let again = sb.api(Method::DELETE, path, Some(&t), None).await;
    assert_eq!(
        again.json()["detail"],
        "User does not have permission for repo."
    );
}

/// The map-keyed `permissions/user/` answers: keyed by other names than the seed holds, so each
/// entry is compared with the recorded entry's shape; the namespace owner is listed as admin on a
/// repository of their own namespace (as recorded), `is_org_member` only on an organization's.
#[tokio::test]
async fn repository_user_permissions_match_the_recordings() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    for (name, path, owner) in [
        (
            "repo_permissions_user",
            "/api/v1/repository/devtable/simple/permissions/user/",
            Some("devtable"),
        ),
        (
            "repo_permissions_user_org",
            "/api/v1/repository/buynlarge/orgrepo/permissions/user/",
            None,
        ),
    ] {
        let row = common::fixture_row(name);
        assert_eq!(row.path, path, "{name}");
        let common::Recorded::Json(recorded) = common::load_fixture(name) else {
            panic!("{name}: not JSON");
        };
        let template = recorded["permissions"]
            .as_object()
            .and_then(|m| m.values().next())
            .cloned()
            .unwrap();
        let reply = sb.api(Method::GET, path, Some(&token), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{name}: {}", reply.text());
        let body = reply.json();
        let entries = body["permissions"].as_object().unwrap();
        assert!(!entries.is_empty(), "{name}: no entries");
        for (key, entry) in entries {
            assert_eq!(entry["name"], json!(key), "{name}: keyed by name");
            let diff = common::shape_diff(&template, entry);
            assert!(diff.is_empty(), "{name} {key}: {diff:?}");
            // Quay adds `is_org_member` for an organization's repository only.
            assert_eq!(
                entry.get("is_org_member").is_some(),
                template.get("is_org_member").is_some(),
                "{name} {key}"
            );
        }
        if let Some(owner) = owner {
            assert_eq!(entries[owner]["role"], json!("admin"), "{name}: the owner");
        }
    }
    // One entry: the owner's admin row; someone without a direct permission is Quay's 400.
    check_fixture_on(&sb, "repo_permission_user_get", None)
        .await
        .unwrap();
    check_fixture_on(&sb, "repo_permission_user_get_none", None)
        .await
        .unwrap();
    // The owner's row cannot be changed or removed (Quay's words).
    let put = sb
        .api(
            Method::PUT,
            "/api/v1/repository/devtable/simple/permissions/user/devtable",
            Some(&token),
            Some(json!({"role": "read"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        put.json()["detail"],
        json!("Namespace owner must always be admin.")
    );
}
