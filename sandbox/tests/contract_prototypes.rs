//! Default permissions (`/api/v1/organization/{org}/prototypes`): every recorded `org_prototype*`
//! row replayed in the recorded order (status and body shape), plus the checks the recordings do
//! not show (values, permissions, the 308 of a single GET, the log entries).
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

const BASE: &str = "/api/v1/organization/buynlarge/prototypes";
/// The id Quay gave the recorded robot prototype; the update and delete rows use it.
const RECORDED_ID: &str = "8ef6cce6-29ee-449e-ab78-e5964549abd4";

/// The recorded session: list, creates (two accepted, three refused), list, update, delete.
#[tokio::test]
async fn the_recorded_rows_match_in_order() {
    let sb = Sandbox::new();
    let rows: &[(&str, Option<&str>)] = &[
        ("org_prototypes_list", None),
        (
            "org_prototype_create_robot",
            Some(r#"{"delegate":{"kind":"user","name":"buynlarge+coolrobot"},"role":"read"}"#),
        ),
        (
            "org_prototype_create_activating",
            Some(
                r#"{"delegate":{"kind":"team","name":"readers"},"role":"write","activating_user":{"name":"reader"}}"#,
            ),
        ),
        (
            "org_prototype_create_unknown_delegate",
            Some(r#"{"delegate":{"kind":"user","name":"nobodyatall"},"role":"read"}"#),
        ),
        (
            "org_prototype_create_unknown_activating",
            Some(
                r#"{"delegate":{"kind":"team","name":"readers"},"role":"read","activating_user":{"name":"nobodyatall"}}"#,
            ),
        ),
        (
            "org_prototype_create_bad_role",
            Some(r#"{"delegate":{"kind":"team","name":"readers"},"role":"owner"}"#),
        ),
        ("org_prototypes_list_after_create", None),
        ("org_prototype_update", Some(r#"{"role":"write"}"#)),
        ("org_prototype_update_missing", Some(r#"{"role":"write"}"#)),
        ("org_prototype_delete", None),
        ("org_prototype_delete_missing", None),
        ("org_prototypes_list_after_delete", None),
    ];
    let mut failures = Vec::new();
    for (name, body) in rows {
        if let Err(e) = check_fixture_on(&sb, name, *body).await {
            failures.push(e);
        }
        if *name == "org_prototype_create_robot" {
            // Quay's ids are random: give the new prototype the recorded one.
            let mut world = sb.state.world();
            world.prototypes.prototypes[3].id = RECORDED_ID.to_owned();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn recorded(name: &str) -> Value {
    let path = common::fixtures_dir().join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn values_match_the_recordings() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let list = sb.api(Method::GET, BASE, Some(&t), None).await.json();
    assert_eq!(list, recorded("org_prototypes_list"));
    let robot = sb
        .api(
            Method::POST,
            BASE,
            Some(&t),
            Some(json!({"delegate": {"kind": "user", "name": "buynlarge+coolrobot"}, "role": "read"})),
        )
        .await;
    assert_eq!(robot.status, StatusCode::OK);
    let mut robot = robot.json();
    let mut expected = recorded("org_prototype_create_robot");
    robot["id"] = Value::Null;
    expected["id"] = Value::Null;
    assert_eq!(robot, expected);

    let bad = sb
        .api(
            Method::POST,
            BASE,
            Some(&t),
            Some(json!({"delegate": {"kind": "team", "name": "readers"}, "role": "owner"})),
        )
        .await;
    assert_eq!(bad.json(), recorded("org_prototype_create_bad_role"));
    let unknown = sb
        .api(
            Method::POST,
            BASE,
            Some(&t),
            Some(json!({"delegate": {"kind": "team", "name": "nope"}, "role": "read"})),
        )
        .await;
    assert_eq!(
        unknown.json(),
        recorded("org_prototype_create_unknown_delegate")
    );
}

#[tokio::test]
async fn changes_are_logged_and_need_an_org_admin() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let created = sb
        .api(
            Method::POST,
            BASE,
            Some(&t),
            Some(
                json!({"delegate": {"kind": "team", "name": "readers"}, "role": "admin",
                        "activating_user": {"name": "reader"}}),
            ),
        )
        .await
        .json();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["activating_user"]["name"], "reader");
    {
        let world = sb.state.world();
        let entry = world.logs.entries.last().unwrap();
        assert_eq!(entry.kind, "create_prototype_permission");
        assert_eq!(entry.metadata["prototypeid"], id.as_str());
    }
    let changed = sb
        .api(
            Method::PUT,
            &format!("{BASE}/{id}"),
            Some(&t),
            Some(json!({"role": "read"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.json()["role"], "read");
    let bad = sb
        .api(
            Method::PUT,
            &format!("{BASE}/{id}"),
            Some(&t),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let one = sb
        .api(Method::GET, &format!("{BASE}/{id}"), Some(&t), None)
        .await;
    assert_eq!(one.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(one.header("location").unwrap(), format!("{BASE}/{id}/"));

    let reader = sb.full_token("reader");
    let refused = sb.api(Method::GET, BASE, Some(&reader), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let no_scope = sb.token("devtable", &[Scope::RepoRead, Scope::UserAdmin]);
    let refused = sb.api(Method::GET, BASE, Some(&no_scope), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let gone = sb
        .api(Method::DELETE, &format!("{BASE}/{id}"), Some(&t), None)
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        sb.state.world().logs.entries.last().unwrap().kind,
        "delete_prototype_permission"
    );
}
