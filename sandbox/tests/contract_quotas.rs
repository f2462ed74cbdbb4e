//! The quotas area answers like the recorded Quay (same status, same body shape), replaying each
//! recorded session in order on one sandbox, plus Quay's permission rules and quirks.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{check_fixture_on, Sandbox};
use quay_sandbox::auth::Scope;
use serde_json::{json, Value};

/// Replays `rows` in order on one fresh sandbox; fails once with every difference.
async fn replay(rows: &[(&str, Option<&str>)]) {
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for (name, body) in rows {
        if let Err(e) = check_fixture_on(&sb, name, *body).await {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn organization_quota_session() {
    replay(&[
        ("org_quota_list", None),
        ("org_quota_get_buynlarge", None),
        ("org_quota_limit_list_buynlarge", None),
        ("su_org_quota_list", None),
        ("user_quota_list", None),
        ("org_quota_list_library", None),
        ("org_quota_create", Some(r#"{"limit_bytes": 10737418240}"#)),
        (
            "org_quota_create_dup",
            Some(r#"{"limit_bytes": 10737418240}"#),
        ),
        ("org_quota_list_after_create", None),
        ("org_quota_get", None),
        ("org_quota_change", Some(r#"{"limit": "20 GiB"}"#)),
        (
            "org_quota_change_bytes",
            Some(r#"{"limit_bytes": 21474836480}"#),
        ),
        (
            "org_quota_limit_create",
            Some(r#"{"type": "Warning", "threshold_percent": 80}"#),
        ),
        (
            "org_quota_limit_create_reject",
            Some(r#"{"type": "Reject", "threshold_percent": 95}"#),
        ),
        ("org_quota_limit_list", None),
        ("org_quota_limit_get", None),
        (
            "org_quota_limit_change",
            Some(r#"{"threshold_percent": 70}"#),
        ),
        ("org_quota_limit_delete", None),
        ("org_quota_get_after_limit_delete", None),
        ("org_quota_delete", None),
        ("org_quota_list_after_delete", None),
    ])
    .await;
}

#[tokio::test]
async fn superuser_organization_quota_session() {
    replay(&[
        (
            "su_org_quota_create",
            Some(r#"{"limit_bytes": 1073741824}"#),
        ),
        ("su_org_quota_list_library", None),
        ("su_org_quota_change", Some(r#"{"limit": "2 GiB"}"#)),
        ("su_org_quota_delete", None),
    ])
    .await;
}

#[tokio::test]
async fn superuser_user_quota_session() {
    replay(&[
        ("su_user_quota_list", None),
        (
            "su_user_quota_create",
            Some(r#"{"limit_bytes": 3221225472}"#),
        ),
        ("su_user_quota_list2", None),
        (
            "su_user_quota_change",
            Some(r#"{"limit_bytes": 4294967296}"#),
        ),
        ("user_quota_as_freshuser_seen_by_su", None),
        ("su_user_quota_delete", None),
    ])
    .await;
}

#[tokio::test]
async fn registry_size_session() {
    replay(&[
        ("su_registrysize", None),
        ("su_registrysize_queue", None),
        ("su_registrysize_after_queue", None),
    ])
    .await;
}

async fn call(
    sb: &Sandbox,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let reply = sb.api(method, path, Some(token), body).await;
    let json = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, json)
}

#[tokio::test]
async fn only_superusers_change_quotas() {
    let sb = Sandbox::new();
    let reader = sb.full_token("reader");
    let org_admin = sb.full_token("randomuser");
    let devtable_without_su = sb.token("devtable", &[Scope::OrgAdmin, Scope::UserRead]);
    // Members read their organization's quota and limits.
    let (status, list) = call(
        &sb,
        &reader,
        Method::GET,
        "/api/v1/organization/buynlarge/quota",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["limits"][0]["type"], "Warning");
    let (status, _) = call(
        &sb,
        &reader,
        Method::GET,
        "/api/v1/organization/buynlarge/quota/1/limit",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Outsiders do not.
    let (status, _) = call(
        &sb,
        &reader,
        Method::GET,
        "/api/v1/organization/orgwithnosuperuser/quota",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nobody but a superuser with super:user changes anything, admins included.
    let body = json!({"limit_bytes": 1_000_000});
    for token in [&reader, &org_admin, &devtable_without_su] {
        let (status, _) = call(
            &sb,
            token,
            Method::PUT,
            "/api/v1/organization/buynlarge/quota/1",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = call(
        &sb,
        &org_admin,
        Method::PUT,
        "/api/v1/organization/orgwithnosuperuser/quota/3",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &sb,
        &org_admin,
        Method::POST,
        "/api/v1/organization/orgwithnosuperuser/quota/3/limit",
        Some(json!({"type": "Reject", "threshold_percent": 100})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &sb,
        &reader,
        Method::GET,
        "/api/v1/superuser/users/reader/quota",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The body is checked before the permission, as Quay's decorators do.
    let (status, _) = call(
        &sb,
        &reader,
        Method::POST,
        "/api/v1/organization/library/quota",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn limits_follow_quays_rules() {
    let sb = Sandbox::new();
    let su = sb.full_token("devtable");
    let logged = || {
        sb.state
            .world()
            .logs
            .entries
            .iter()
            .filter(|e| e.kind.contains("quota_limit"))
            .count()
    };
    let logged_before = logged();
    let path = "/api/v1/organization/buynlarge/quota/1/limit";
    let (status, err) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "Warning", "threshold_percent": 80})),
    )
    .await;
    assert_eq!(
        (status, err["detail"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Quota limit already exists"))
    );
    let (status, err) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "Reject", "threshold_percent": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        err["detail"],
        "Quota limit threshold must be between 1 and 100"
    );
    let (status, _) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "Reject", "threshold_percent": "90"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, err) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "Block", "threshold_percent": 90})),
    )
    .await;
    assert_eq!(
        (status, err["detail"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("Quota type must be one of [Warning, Reject]")
        )
    );
    let (status, _) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "reject", "threshold_percent": 95})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // Quay's "Only one quota limit of type 'Reject' allowed" sits behind the duplicate check and never
    // fires: a second Reject at another threshold is accepted (the console refuses it itself).
    let (status, _) = call(
        &sb,
        &su,
        Method::POST,
        path,
        Some(json!({"type": "Reject", "threshold_percent": 99})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, limits) = call(&sb, &su, Method::GET, path, None).await;
    assert_eq!(limits.as_array().unwrap().len(), 3);
    assert_eq!(
        limits[1],
        json!({"id": 4, "type": "Reject", "limit_percent": 95})
    );
    // Changing a limit answers with the whole quota; an unknown limit is 404.
    let (status, quota) = call(
        &sb,
        &su,
        Method::PUT,
        &format!("{path}/4"),
        Some(json!({"type": "Warning", "threshold_percent": 90})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(quota["limits"][1]["type"], "Warning");
    let (status, _) = call(&sb, &su, Method::DELETE, &format!("{path}/99"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Superusers manage a user namespace's limits through the organization path.
    let (status, _) = call(
        &sb,
        &su,
        Method::POST,
        "/api/v1/organization/randomuser/quota/2/limit",
        Some(json!({"type": "Warning", "threshold_percent": 75})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, list) = call(
        &sb,
        &su,
        Method::GET,
        "/api/v1/superuser/users/randomuser/quota",
        None,
    )
    .await;
    assert_eq!(list[0]["limits"].as_array().unwrap().len(), 2);
    assert_eq!(logged() - logged_before, 4);
}

#[tokio::test]
async fn quota_sizes_follow_quays_schema() {
    let sb = Sandbox::new();
    let su = sb.full_token("devtable");
    let post = |body: Value| {
        call(
            &sb,
            &su,
            Method::POST,
            "/api/v1/superuser/users/freshuser/quota",
            Some(body),
        )
    };
    assert_eq!(
        post(json!({"limit_bytes": 0})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(json!({"limit_bytes": 1.5})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(json!({"limit": "1.5 GB"})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(json!({"limit": "1 GiB", "limit_bytes": 5})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(json!({"limit_bytes": u64::MAX})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(post(json!({"limit": "3 GB"})).await.0, StatusCode::CREATED);
    let (status, err) = post(json!({"limit": "3 GB"})).await;
    assert_eq!(
        (status, err["detail"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("Quota for 'freshuser' already exists")
        )
    );
    let (_, list) = call(
        &sb,
        &su,
        Method::GET,
        "/api/v1/superuser/organization/freshuser/quota",
        None,
    )
    .await;
    assert_eq!(list[0]["limit_bytes"], 3_000_000_000_u64);
    let id = list[0]["id"].as_u64().unwrap();
    // Quay ignores a limit_bytes of 0 on the superuser change.
    let (status, quota) = call(
        &sb,
        &su,
        Method::PUT,
        &format!("/api/v1/superuser/users/freshuser/quota/{id}"),
        Some(json!({"limit_bytes": 0})),
    )
    .await;
    assert_eq!(
        (status, quota["limit_bytes"].as_u64()),
        (StatusCode::OK, Some(3_000_000_000))
    );
    // The user sees it through /user/quota; the single-limit GET answers the whole quota.
    let fresh = sb.token("freshuser", &[Scope::UserAdmin]);
    let (status, mine) = call(&sb, &fresh, Method::GET, "/api/v1/user/quota", None).await;
    assert_eq!((status, mine[0]["id"].as_u64()), (StatusCode::OK, Some(id)));
    let (_, _) = call(
        &sb,
        &su,
        Method::POST,
        &format!("/api/v1/organization/freshuser/quota/{id}/limit"),
        Some(json!({"type": "Reject", "threshold_percent": 100})),
    )
    .await;
    let (status, whole) = call(
        &sb,
        &fresh,
        Method::GET,
        &format!("/api/v1/user/quota/{id}/limit/4"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(whole.get("limits").is_some(), "{whole}");
    let (status, _) = call(
        &sb,
        &su,
        Method::GET,
        "/api/v1/superuser/users/nosuchuser/quota",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn registry_size_queues_once() {
    let sb = Sandbox::new();
    let su = sb.full_token("devtable");
    let (_, before) = call(
        &sb,
        &su,
        Method::GET,
        "/api/v1/superuser/registrysize/",
        None,
    )
    .await;
    assert!(before["last_ran"].is_i64(), "{before}");
    assert_eq!(
        call(
            &sb,
            &su,
            Method::POST,
            "/api/v1/superuser/registrysize/",
            None
        )
        .await
        .0,
        StatusCode::CREATED
    );
    assert_eq!(
        call(
            &sb,
            &su,
            Method::POST,
            "/api/v1/superuser/registrysize/",
            None
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    let (_, queued) = call(
        &sb,
        &su,
        Method::GET,
        "/api/v1/superuser/registrysize/",
        None,
    )
    .await;
    assert_eq!(
        (queued["queued"].as_bool(), queued["running"].as_bool()),
        (Some(true), Some(false))
    );
    let reader = sb.full_token("reader");
    assert_eq!(
        call(
            &sb,
            &reader,
            Method::GET,
            "/api/v1/superuser/registrysize/",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn repositories_report_their_sizes() {
    let sb = Sandbox::new();
    let token = sb.full_token("devtable");
    let mut total = 0;
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(n) => format!("/api/v1/repository?namespace=library&next_page={n}"),
            None => "/api/v1/repository?namespace=library".to_owned(),
        };
        let (_, page) = call(&sb, &token, Method::GET, &path, None).await;
        for repo in page["repositories"].as_array().unwrap() {
            assert!(repo["quota_report"]["configured_quota"].is_null());
            total += repo["quota_report"]["quota_bytes"].as_u64().unwrap();
        }
        match page["next_page"].as_str() {
            Some(n) => next = Some(n.to_owned()),
            None => break,
        }
    }
    let (_, orgs) = call(
        &sb,
        &token,
        Method::GET,
        "/api/v1/superuser/organizations/",
        None,
    )
    .await;
    let library = orgs["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "library")
        .unwrap();
    assert_eq!(library["quota_report"]["quota_bytes"].as_u64(), Some(total));
    // Seeded close to the limits: buynlarge past its Warning threshold.
    let buynlarge = orgs["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "buynlarge")
        .unwrap();
    let used = buynlarge["quota_report"]["quota_bytes"].as_u64().unwrap();
    let quota = buynlarge["quotas"][0]["limit_bytes"].as_u64().unwrap();
    assert!(used * 100 > quota * 80 && used < quota, "{used} of {quota}");
}
