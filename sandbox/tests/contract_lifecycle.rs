//! Immutable tags, immutability policies and auto-prune policies: the recordings replayed in their
//! recorded order (status and body shape of each row), with the uuids this sandbox hands out put
//! in place of the recorded ones, then what a policy does to existing tags.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::http::{Method, StatusCode};
use common::{fixture_row, load_fixture, shape_diff, Recorded, Sandbox};
use serde_json::{json, Value};

const SIMPLE: &str = "/api/v1/repository/devtable/simple";

/// Replays the recorded row `name` as devtable, on `path` when given (a uuid of this sandbox)
/// instead of the recorded path; returns the answer's JSON (or null) and any difference.
async fn replay(
    sb: &Sandbox,
    name: &str,
    path: Option<&str>,
    body: Option<Value>,
    failures: &mut Vec<String>,
) -> Value {
    let row = fixture_row(name);
    let token = sb.full_token("devtable");
    let path = path.map_or(row.path.clone(), str::to_owned);
    let reply = sb.api(row.method.clone(), &path, Some(&token), body).await;
    if reply.status != row.status {
        failures.push(format!(
            "{name}: {} {path} answered {} (recorded {}): {}",
            row.method,
            reply.status,
            row.status,
            reply.text()
        ));
        return Value::Null;
    }
    let actual = serde_json::from_slice::<Value>(&reply.body).unwrap_or(Value::Null);
    let problems = match load_fixture(name) {
        Recorded::Empty if reply.body.is_empty() => Vec::new(),
        Recorded::Empty => vec![format!("expected an empty body, got {}", reply.text())],
        Recorded::Text(t) => vec![format!("recording is not JSON: {t}")],
        Recorded::Json(expected) => shape_diff(&expected, &actual),
    };
    if !problems.is_empty() {
        failures.push(format!("{name}: {}", problems.join("; ")));
    }
    actual
}

fn uuid_of(v: &Value) -> String {
    v["uuid"].as_str().unwrap_or("missing").to_owned()
}

fn check(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

async fn tags(sb: &Sandbox) -> Value {
    let t = sb.full_token("devtable");
    sb.api(
        Method::GET,
        &format!("{SIMPLE}/tag/?onlyActiveTags=true"),
        Some(&t),
        None,
    )
    .await
    .json()
}

fn immutable_of(list: &Value, tag: &str) -> Option<bool> {
    list["tags"]
        .as_array()?
        .iter()
        .find(|t| t["name"] == tag)?
        .get("immutable")?
        .as_bool()
}

#[tokio::test]
async fn immutable_tag_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let mut f = Vec::new();
    let latest = format!("{SIMPLE}/tag/latest");
    replay(
        &sb,
        "tags_list_immutable_field",
        Some(&format!("{SIMPLE}/tag/?onlyActiveTags=true")),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "tag_immutable_set",
        None,
        Some(json!({"immutable": true})),
        &mut f,
    )
    .await;
    replay(&sb, "tags_specific_immutable", None, None, &mut f).await;
    replay(&sb, "tag_immutable_delete", None, None, &mut f).await;
    replay(
        &sb,
        "tag_immutable_set_expiration",
        None,
        Some(json!({"expiration": 4_102_444_800_i64})),
        &mut f,
    )
    .await;
    let digest = tags(&sb).await["tags"][0]["manifest_digest"].clone();
    replay(
        &sb,
        "tag_immutable_retarget",
        Some(&latest),
        Some(json!({"manifest_digest": digest})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "tag_immutable_unset",
        None,
        Some(json!({"immutable": false})),
        &mut f,
    )
    .await;
    check(f);
    assert_eq!(immutable_of(&tags(&sb).await, "latest"), Some(false));
    // A tag with an expiration cannot be made immutable (`IMMUTABLE_TAGS_CAN_EXPIRE` is off).
    let t = sb.full_token("devtable");
    let tmp = format!("{SIMPLE}/tag/tmp-imm");
    let put = |body: Value| sb.api(Method::PUT, &tmp, Some(&t), Some(body));

    assert_eq!(
        put(json!({"manifest_digest": digest})).await.status,
        StatusCode::CREATED
    );
    let soon = json!({"expiration": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 86_400});
    assert_eq!(put(soon).await.status, StatusCode::CREATED);
    let mut f = Vec::new();
    replay(
        &sb,
        "tag_immutable_set_on_expiring",
        None,
        Some(json!({"immutable": true})),
        &mut f,
    )
    .await;
    check(f);
}

#[tokio::test]
async fn the_flag_is_absent_while_immutable_tags_are_off() {
    let sb = Sandbox::new();
    sb.state
        .control()
        .features
        .insert("IMMUTABLE_TAGS".into(), false);
    let list = tags(&sb).await;
    assert!(list["tags"][0].get("immutable").is_none(), "{list}");
    let t = sb.full_token("devtable");
    let r = sb
        .api(
            Method::GET,
            &format!("{SIMPLE}/immutabilitypolicy/"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        serde_json::from_slice::<Value>(&r.body).is_err(),
        "Flask's HTML 404"
    );
}

#[tokio::test]
async fn repository_immutability_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let mut f = Vec::new();
    let one = |uuid: &str| format!("{SIMPLE}/immutabilitypolicy/{uuid}");
    replay(&sb, "repo_immutability_list_empty", None, None, &mut f).await;
    let prod = uuid_of(
        &replay(
            &sb,
            "repo_immutability_create",
            None,
            Some(json!({"tagPattern": "^prod$"})),
            &mut f,
        )
        .await,
    );
    let after = replay(
        &sb,
        "tags_after_repo_immutability_create",
        Some(&format!("{SIMPLE}/tag/?onlyActiveTags=true")),
        None,
        &mut f,
    )
    .await;
    assert_eq!(immutable_of(&after, "prod"), Some(true));
    assert_eq!(immutable_of(&after, "latest"), Some(false));
    replay(
        &sb,
        "repo_immutability_create_dup",
        None,
        Some(json!({"tagPattern": "^prod$", "tagPatternMatches": false})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_immutability_create_bad_regex",
        None,
        Some(json!({"tagPattern": "v[0-9"})),
        &mut f,
    )
    .await;
    let release = uuid_of(
        &replay(
            &sb,
            "repo_immutability_create_nonmatching",
            None,
            Some(json!({"tagPattern": "^release-", "tagPatternMatches": false})),
            &mut f,
        )
        .await,
    );
    replay(&sb, "repo_immutability_list", None, None, &mut f).await;
    let after = replay(
        &sb,
        "tags_after_repo_immutability_nonmatching",
        Some(&format!("{SIMPLE}/tag/?onlyActiveTags=true")),
        None,
        &mut f,
    )
    .await;
    assert_eq!(immutable_of(&after, "latest"), Some(true));
    replay(
        &sb,
        "repo_immutability_get",
        Some(&one(&prod)),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_immutability_update",
        Some(&one(&prod)),
        Some(json!({"tagPattern": "^prod-.*$"})),
        &mut f,
    )
    .await;
    let got = replay(
        &sb,
        "repo_immutability_get_after_update",
        Some(&one(&prod)),
        None,
        &mut f,
    )
    .await;
    assert_eq!(got["tagPattern"], "^prod-.*$");
    replay(
        &sb,
        "repo_immutability_delete",
        Some(&one(&prod)),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_immutability_delete_nonmatching",
        Some(&one(&release)),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_immutability_get_deleted",
        Some(&one(&prod)),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_immutability_list_after_delete",
        None,
        None,
        &mut f,
    )
    .await;
    // Deleting the policies did not unlock the tags.
    let after = replay(
        &sb,
        "tags_after_repo_immutability_delete",
        Some(&format!("{SIMPLE}/tag/?onlyActiveTags=true")),
        None,
        &mut f,
    )
    .await;
    assert_eq!(immutable_of(&after, "prod"), Some(true));
    replay(
        &sb,
        "tag_immutable_unset_prod",
        None,
        Some(json!({"immutable": false})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "tag_immutable_unset_latest_after_policy",
        None,
        Some(json!({"immutable": false})),
        &mut f,
    )
    .await;
    check(f);
}

#[tokio::test]
async fn organization_immutability_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let mut f = Vec::new();
    let base = "/api/v1/organization/buynlarge/immutabilitypolicy";
    replay(&sb, "org_immutability_list_empty", None, None, &mut f).await;
    let id = uuid_of(
        &replay(
            &sb,
            "org_immutability_create",
            None,
            Some(json!({"tagPattern": "^v[0-9]+$"})),
            &mut f,
        )
        .await,
    );
    let one = format!("{base}/{id}");
    replay(
        &sb,
        "org_immutability_create_dup",
        None,
        Some(json!({"tagPattern": "^v[0-9]+$"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_create_bad_regex",
        None,
        Some(json!({"tagPattern": "v[0-9"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_create_no_pattern",
        None,
        Some(json!({"tagPatternMatches": true})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_create_empty_pattern",
        None,
        Some(json!({"tagPattern": ""})),
        &mut f,
    )
    .await;
    replay(&sb, "org_immutability_list", None, None, &mut f).await;
    replay(&sb, "org_immutability_get", Some(&one), None, &mut f).await;
    replay(
        &sb,
        "org_immutability_update",
        Some(&one),
        Some(json!({"tagPattern": "^v[0-9.]+$", "tagPatternMatches": true})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_get_after_update",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_update_bad_regex",
        Some(&one),
        Some(json!({"tagPattern": "(["})),
        &mut f,
    )
    .await;
    replay(&sb, "org_immutability_delete", Some(&one), None, &mut f).await;
    replay(
        &sb,
        "org_immutability_get_deleted",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_delete_missing",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_immutability_list_after_delete",
        None,
        None,
        &mut f,
    )
    .await;
    check(f);
}

#[tokio::test]
async fn an_organization_policy_locks_the_tags_of_every_repository_and_new_ones() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    // devtable is a user namespace: a repository policy stands in; the org policy covers all.
    let r = sb
        .api(
            Method::POST,
            &format!("{SIMPLE}/immutabilitypolicy/"),
            Some(&t),
            Some(json!({"tagPattern": "^rel-"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let digest = tags(&sb).await["tags"][0]["manifest_digest"].clone();
    let put = sb
        .api(
            Method::PUT,
            &format!("{SIMPLE}/tag/rel-1"),
            Some(&t),
            Some(json!({"manifest_digest": digest})),
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED);
    assert_eq!(immutable_of(&tags(&sb).await, "rel-1"), Some(true));
    let del = sb
        .api(
            Method::DELETE,
            &format!("{SIMPLE}/tag/rel-1"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(del.status, StatusCode::CONFLICT);
    assert_eq!(del.json()["error_type"], "tag_immutable");
    // A reader cannot manage policies.
    let reader = sb.full_token("reader");
    let denied = sb
        .api(
            Method::GET,
            "/api/v1/organization/buynlarge/immutabilitypolicy/",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn organization_autoprune_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let mut f = Vec::new();
    let base = "/api/v1/organization/buynlarge/autoprunepolicy";
    replay(&sb, "org_autoprune_list", None, None, &mut f).await;
    let id = uuid_of(
        &replay(
            &sb,
            "org_autoprune_create",
            None,
            Some(json!({"method": "number_of_tags", "value": 10})),
            &mut f,
        )
        .await,
    );
    let pat = uuid_of(&replay(&sb, "org_autoprune_create_pattern", None, Some(json!({"method": "creation_date", "value": "7d", "tagPattern": "^dev-", "tagPatternMatches": false})), &mut f).await);
    replay(
        &sb,
        "org_autoprune_create_dup",
        None,
        Some(json!({"method": "number_of_tags", "value": 10})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_bad_method",
        None,
        Some(json!({"method": "by_size", "value": 10})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_bad_value",
        None,
        Some(json!({"method": "creation_date", "value": "7x"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_count_as_string",
        None,
        Some(json!({"method": "number_of_tags", "value": "10"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_date_as_int",
        None,
        Some(json!({"method": "creation_date", "value": 7})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_zero",
        None,
        Some(json!({"method": "number_of_tags", "value": 0})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_no_value",
        None,
        Some(json!({"method": "number_of_tags"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_create_empty_pattern",
        None,
        Some(json!({"method": "number_of_tags", "value": 3, "tagPattern": ""})),
        &mut f,
    )
    .await;
    let list = replay(&sb, "org_autoprune_list_after_create", None, None, &mut f).await;
    assert_eq!(list["policies"].as_array().map(Vec::len), Some(3));
    assert_eq!(list["policies"][0]["tagPatternMatches"], Value::Null);
    let one = format!("{base}/{id}");
    replay(&sb, "org_autoprune_get", Some(&one), None, &mut f).await;
    let got = replay(
        &sb,
        "org_autoprune_get_pattern",
        Some(&format!("{base}/{pat}")),
        None,
        &mut f,
    )
    .await;
    assert_eq!(got["tagPatternMatches"], false);
    replay(
        &sb,
        "org_autoprune_update",
        Some(&one),
        Some(json!({"method": "number_of_tags", "value": 25})),
        &mut f,
    )
    .await;
    let got = replay(
        &sb,
        "org_autoprune_get_after_update",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    assert_eq!(got["value"], 25);
    replay(
        &sb,
        "org_autoprune_update_bad_value",
        Some(&one),
        Some(json!({"method": "number_of_tags", "value": -1})),
        &mut f,
    )
    .await;
    replay(&sb, "org_autoprune_delete", Some(&one), None, &mut f).await;
    replay(&sb, "org_autoprune_get_deleted", Some(&one), None, &mut f).await;
    replay(
        &sb,
        "org_autoprune_update_deleted",
        Some(&one),
        Some(json!({"method": "number_of_tags", "value": 5})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "org_autoprune_delete_missing",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    sb.api(
        Method::DELETE,
        &format!("{base}/{pat}"),
        Some(&sb.full_token("devtable")),
        None,
    )
    .await;
    replay(&sb, "org_autoprune_list_after_delete", None, None, &mut f).await;
    check(f);
}

#[tokio::test]
async fn repository_and_user_autoprune_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    let mut f = Vec::new();
    let repo = format!("{SIMPLE}/autoprunepolicy");
    replay(&sb, "repo_autoprune_list", None, None, &mut f).await;
    replay(
        &sb,
        "repo_autoprune_create_dup",
        None,
        Some(json!({"method": "number_of_tags", "value": 10})),
        &mut f,
    )
    .await;
    let id = uuid_of(
        &replay(
            &sb,
            "repo_autoprune_create",
            None,
            Some(json!({"method": "creation_date", "value": "7d"})),
            &mut f,
        )
        .await,
    );
    let pat = uuid_of(
        &replay(
            &sb,
            "repo_autoprune_create_pattern",
            None,
            Some(json!({"method": "number_of_tags", "value": 5, "tagPattern": "^ci-"})),
            &mut f,
        )
        .await,
    );
    replay(
        &sb,
        "repo_autoprune_create_bad_method",
        None,
        Some(json!({"method": "nope", "value": 1})),
        &mut f,
    )
    .await;
    replay(&sb, "repo_autoprune_list_after_create", None, None, &mut f).await;
    let one = format!("{repo}/{id}");
    replay(&sb, "repo_autoprune_get", Some(&one), None, &mut f).await;
    replay(
        &sb,
        "repo_autoprune_update",
        Some(&one),
        Some(json!({"method": "creation_date", "value": "2w", "tagPattern": "^tmp-"})),
        &mut f,
    )
    .await;
    replay(
        &sb,
        "repo_autoprune_get_after_update",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    replay(&sb, "repo_autoprune_delete", Some(&one), None, &mut f).await;
    replay(&sb, "repo_autoprune_get_deleted", Some(&one), None, &mut f).await;
    sb.api(
        Method::DELETE,
        &format!("{repo}/{pat}"),
        Some(&sb.full_token("devtable")),
        None,
    )
    .await;
    replay(&sb, "repo_autoprune_list_after_delete", None, None, &mut f).await;

    let user = "/api/v1/user/autoprunepolicy";
    replay(&sb, "user_autoprune_list", None, None, &mut f).await;
    replay(
        &sb,
        "user_autoprune_create_dup",
        None,
        Some(json!({"method": "number_of_tags", "value": 10})),
        &mut f,
    )
    .await;
    let id = uuid_of(
        &replay(
            &sb,
            "user_autoprune_create",
            None,
            Some(json!({"method": "creation_date", "value": "7d", "tagPattern": "^nightly-"})),
            &mut f,
        )
        .await,
    );
    replay(
        &sb,
        "user_autoprune_create_bad_value",
        None,
        Some(json!({"method": "creation_date", "value": "soon"})),
        &mut f,
    )
    .await;
    replay(&sb, "user_autoprune_list_after_create", None, None, &mut f).await;
    let one = format!("{user}/{id}");
    replay(&sb, "user_autoprune_get", Some(&one), None, &mut f).await;
    replay(
        &sb,
        "user_autoprune_update",
        Some(&one),
        Some(json!({"method": "creation_date", "value": "1w"})),
        &mut f,
    )
    .await;
    let got = replay(
        &sb,
        "user_autoprune_get_after_update",
        Some(&one),
        None,
        &mut f,
    )
    .await;
    assert_eq!(
        got["tagPattern"],
        Value::Null,
        "PUT replaces the whole policy"
    );
    replay(&sb, "user_autoprune_delete", Some(&one), None, &mut f).await;
    replay(&sb, "user_autoprune_get_deleted", Some(&one), None, &mut f).await;
    replay(&sb, "user_autoprune_list_after_delete", None, None, &mut f).await;
    check(f);
}

#[tokio::test]
async fn autoprune_is_not_routed_while_the_feature_is_off() {
    let sb = Sandbox::new();
    sb.state
        .control()
        .features
        .insert("AUTO_PRUNE".into(), false);
    let t = sb.full_token("devtable");
    for path in [
        "/api/v1/user/autoprunepolicy/",
        "/api/v1/organization/buynlarge/autoprunepolicy/",
        "/api/v1/repository/devtable/simple/autoprunepolicy/",
    ] {
        let r = sb.api(Method::GET, path, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
}
