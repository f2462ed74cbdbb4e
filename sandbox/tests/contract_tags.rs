//! Tags area: the recorded tag requests replayed in their recorded order on one sandbox (each row's
//! status and body shape must match), then Quay's history semantics, paging, filters, manifests and
//! labels.
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

const NEWTAG: &str = "sha256:2055a332b8f0c885a59e47d60dd3df5f90615addb199c6ee1718da50cff7fd88";

fn future(seconds: i64) -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + seconds
}

#[tokio::test]
async fn tag_rows_match_the_recordings_in_order() {
    let sb = Sandbox::new();
    // Recorded with immutable tags off (no `immutable` field; `tag_set_immutable` changes nothing).
    sb.state
        .control()
        .features
        .insert("IMMUTABLE_TAGS".into(), false);
    let rows: Vec<(&str, Option<String>)> = vec![
        ("tags_list", None),
        ("tags_list_all", None),
        ("tags_specific", None),
        ("tags_page1_limit1", None),
        ("tags_page2_limit1", None),
        ("tags_filter", None),
        (
            "tag_create_put",
            Some(json!({"manifest_digest": NEWTAG}).to_string()),
        ),
        (
            "tag_change_expiration",
            Some(json!({"expiration": future(86_400)}).to_string()),
        ),
        (
            "tag_clear_expiration",
            Some(json!({"expiration": null}).to_string()),
        ),
        (
            "tag_set_immutable",
            Some(json!({"immutable": true}).to_string()),
        ),
        ("tags_specific_newtag", None),
        ("tag_delete", None),
        ("tags_after_delete_all", None),
        (
            "tag_restore",
            Some(json!({"manifest_digest": NEWTAG}).to_string()),
        ),
        ("tags_after_restore", None),
        ("tag_delete_missing", None),
        (
            "tag_put_bad_digest",
            Some(json!({"manifest_digest": format!("sha256:{}", "0".repeat(64))}).to_string()),
        ),
    ];
    let mut failures = Vec::new();
    for (name, body) in &rows {
        if let Err(e) = check_fixture_on(&sb, name, body.as_deref()).await {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "contract differences:\n{}",
        failures.join("\n")
    );
}

async fn get(sb: &Sandbox, token: &str, path: &str) -> Value {
    let r = sb.api(Method::GET, path, Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    r.json()
}

const SIMPLE: &str = "/api/v1/repository/devtable/simple";

#[tokio::test]
async fn each_change_ends_the_old_row_and_history_keeps_it() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let path = format!("{SIMPLE}/tag/moving");
    let put = |body: Value| sb.api(Method::PUT, &path, Some(&t), Some(body));
    assert_eq!(
        put(json!({"manifest_digest": NEWTAG})).await.status,
        StatusCode::CREATED
    );
    let other = get(
        &sb,
        &t,
        &format!("{SIMPLE}/tag/?specificTag=prod&onlyActiveTags=true"),
    )
    .await["tags"][0]["manifest_digest"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        put(json!({"manifest_digest": other})).await.status,
        StatusCode::CREATED
    );
    let del = sb
        .api(
            Method::DELETE,
            &format!("{SIMPLE}/tag/moving"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let restore = sb
        .api(
            Method::POST,
            &format!("{SIMPLE}/tag/moving/restore"),
            Some(&t),
            Some(json!({"manifest_digest": NEWTAG})),
        )
        .await;
    assert_eq!(
        (restore.status, restore.json()),
        (StatusCode::OK, json!({}))
    );
    let history = get(
        &sb,
        &t,
        &format!("{SIMPLE}/tag/?specificTag=moving&onlyActiveTags=false"),
    )
    .await;
    let rows = history["tags"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{history}");
    // Newest first: the restore (alive, reversion), the move to prod's manifest (ended by the delete), the create.
    assert_eq!(rows[0]["reversion"], true);
    assert!(rows[0].get("end_ts").is_none());
    assert_eq!(rows[0]["manifest_digest"], NEWTAG);
    assert_eq!(rows[1]["manifest_digest"], other.as_str());
    assert!(rows[1]["end_ts"].is_i64() && rows[1]["expiration"].is_string());
    assert_eq!(rows[2]["end_ts"], rows[1]["start_ts"]);
    // The log has the four actions.
    let world = sb.state.world();
    let kinds: Vec<&str> = world
        .logs
        .entries
        .iter()
        .rev()
        .take(4)
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        ["revert_tag", "delete_tag", "move_tag", "create_tag"]
    );
}

#[tokio::test]
async fn expiration_is_kept_on_the_alive_row_and_checked() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let path = format!("{SIMPLE}/tag/v1.1");
    let put = |body: Value| sb.api(Method::PUT, &path, Some(&t), Some(body));
    assert_eq!(
        put(json!({"expiration": future(7 * 86_400)})).await.status,
        StatusCode::CREATED
    );
    let now = get(
        &sb,
        &t,
        &format!("{SIMPLE}/tag/?specificTag=v1.1&onlyActiveTags=true"),
    )
    .await;
    assert_eq!(now["tags"].as_array().unwrap().len(), 1, "still alive");
    assert!(now["tags"][0]["expiration"].is_string());
    let past = put(json!({"expiration": future(-60)})).await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    assert!(past.json()["message"].is_string());
    assert_eq!(
        put(json!({"expiration": "soon"})).await.status,
        StatusCode::BAD_REQUEST
    );
    let missing = sb
        .api(
            Method::PUT,
            &format!("{SIMPLE}/tag/nope"),
            Some(&t),
            Some(json!({"expiration": null})),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad_name = sb
        .api(
            Method::PUT,
            &format!("{SIMPLE}/tag/-bad"),
            Some(&t),
            Some(json!({"manifest_digest": NEWTAG})),
        )
        .await;
    assert_eq!(bad_name.status, StatusCode::BAD_REQUEST);
    assert!(bad_name.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("Invalid tag"));
}

#[tokio::test]
async fn paging_filters_and_permissions() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let big = "/api/v1/repository/buynlarge/big/tag/?onlyActiveTags=true";
    let p1 = get(&sb, &t, &format!("{big}&limit=20&page=1")).await;
    let p3 = get(&sb, &t, &format!("{big}&limit=20&page=3")).await;
    assert_eq!(p1["tags"].as_array().unwrap().len(), 20);
    assert_eq!(p1["has_additional"], true);
    assert_eq!(p3["tags"].as_array().unwrap().len(), 10, "50 tags");
    assert_eq!(p3["has_additional"], false);
    let starts: Vec<i64> = p1["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["start_ts"].as_i64().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let over = get(&sb, &t, &format!("{big}&limit=500")).await;
    assert_eq!(
        over["tags"].as_array().unwrap().len(),
        50,
        "limit capped at 100"
    );
    let like = get(&sb, &t, &format!("{big}&filter_tag_name=like:BUILD-0004")).await;
    let names: Vec<&str> = like["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"build-00041") && names.iter().all(|n| n.contains("build-0004")),
        "{names:?}"
    );
    let eq = get(&sb, &t, &format!("{big}&filter_tag_name=eq:build-00041")).await;
    assert_eq!(eq["tags"].as_array().unwrap().len(), 1);
    let bad = sb
        .api(
            Method::GET,
            &format!("{big}&filter_tag_name=nocolon"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Reader of buynlarge may read but not delete; a read-only token may not write; no such repo → 404.
    let reader = sb.full_token("reader");
    assert_eq!(
        sb.api(Method::GET, big, Some(&reader), None).await.status,
        StatusCode::OK
    );
    let denied = sb
        .api(
            Method::DELETE,
            "/api/v1/repository/buynlarge/big/tag/build-00001",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let ro = sb.token("devtable", &[Scope::RepoRead]);
    let denied = sb
        .api(
            Method::DELETE,
            &format!("{SIMPLE}/tag/prod"),
            Some(&ro),
            None,
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let none = sb
        .api(
            Method::GET,
            "/api/v1/repository/devtable/nosuch/tag/",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    // Mirrored repositories refuse changes with Quay's 503 message.
    let mirrored = sb
        .api(
            Method::DELETE,
            "/api/v1/repository/devtable/mirrored/tag/latest",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(mirrored.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(mirrored.json()["message"]
        .as_str()
        .unwrap()
        .contains("mirror mode"));
}

#[tokio::test]
async fn manifests_and_labels() {
    let sb = Sandbox::new();
    let t = sb.full_token("devtable");
    let base = format!("{SIMPLE}/manifest/{}", NEWTAG.replace(':', "%3A"));
    let m = get(&sb, &t, &base).await;
    assert_eq!(m["digest"], NEWTAG);
    assert!(m["layers"].as_array().is_some_and(|l| !l.is_empty()));
    assert!(m["manifest_data"].is_string());
    let labels_path = format!("{base}/labels");
    let add = |body: Value| sb.api(Method::POST, &labels_path, Some(&t), Some(body));
    let created =
        add(json!({"key": "com.example.team", "value": "platform", "media_type": "text/plain"}))
            .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert!(created.header("location").unwrap().contains("/labels/"));
    let label = created.json()["label"].clone();
    assert_eq!(label["source_type"], "api");
    for (body, text) in [
        (
            json!({"key": "com.docker.x", "value": "v", "media_type": null}),
            "reserved prefix",
        ),
        (
            json!({"key": "Bad Key", "value": "v", "media_type": null}),
            "invalid format",
        ),
    ] {
        let r = add(body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.json()["message"].as_str().unwrap().contains(text));
    }
    assert_eq!(
        add(json!({"key": "a", "value": "v", "media_type": "text/html"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        add(json!({"key": "a", "value": "v"})).await.status,
        StatusCode::BAD_REQUEST
    );
    let list = get(&sb, &t, &format!("{base}/labels?filter=com.example")).await;
    assert_eq!(list["labels"].as_array().unwrap().len(), 1);
    let id = label["id"].as_str().unwrap();
    assert_eq!(
        get(&sb, &t, &format!("{base}/labels/{id}")).await["key"],
        "com.example.team"
    );
    let del = sb
        .api(
            Method::DELETE,
            &format!("{base}/labels/{id}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let again = sb
        .api(
            Method::DELETE,
            &format!("{base}/labels/{id}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // Labels that came with the image cannot be deleted.
    let all = get(
        &sb,
        &t,
        &format!("{SIMPLE}/tag/?onlyActiveTags=true&limit=100"),
    )
    .await;
    for tag in all["tags"].as_array().unwrap() {
        let digest = tag["manifest_digest"].as_str().unwrap().replace(':', "%3A");
        let labels = get(&sb, &t, &format!("{SIMPLE}/manifest/{digest}/labels")).await;
        if let Some(l) = labels["labels"].as_array().unwrap().first() {
            let r = sb
                .api(
                    Method::DELETE,
                    &format!(
                        "{SIMPLE}/manifest/{digest}/labels/{}",
                        l["id"].as_str().unwrap()
                    ),
                    Some(&t),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            return;
        }
    }
    panic!("no seeded manifest label in devtable/simple");
}
