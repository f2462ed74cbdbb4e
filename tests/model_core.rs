//! The foundation's model against the recordings of a real Quay: every error body decodes to a
//! human message, and the user and repository answers decode.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::model::error::{decode_error, decode_json, Empty, ErrorKind, FromBody};
use quay_console::model::repository::{Repository, RepositoryList};
use quay_console::model::user::User;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ))
}

fn fixture(name: &str) -> String {
    fs::read_to_string(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(file stem, method, path, status)` for every recorded request.
fn status_rows() -> Vec<(String, String, String, u16)> {
    fixture("_status.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (
                cols[0].to_owned(),
                cols[1].to_owned(),
                cols[2].to_owned(),
                cols[3].trim().parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_recorded_error_body_decodes_to_a_message() {
    let rows = status_rows();
    let errors: Vec<_> = rows.iter().filter(|r| r.3 >= 400).collect();
    assert!(
        errors.len() >= 10,
        "expected many recorded errors, found {}",
        errors.len()
    );
    for (name, method, path, status) in errors {
        let body = fixture(&format!("{name}.json"));
        let e = decode_error(*status, &body);
        assert_eq!(e.status, *status, "{name}");
        assert!(!e.message.trim().is_empty(), "{name}: empty message");
        assert_ne!(e.kind, ErrorKind::Decode, "{name}");
        // Quay's own words come through, not a generic fallback.
        let generic = [
            "Quay refused the request.",
            "Not found.",
            "You are not allowed to do this.",
        ];
        assert!(
            !generic.contains(&e.message.as_str()),
            "{name} ({method} {path}): fell back to {:?}",
            e.message
        );
    }
}

#[test]
fn the_three_error_shapes() {
    let api = decode_error(404, &fixture("tag_delete_missing.json"));
    assert_eq!(
        (api.kind, api.message.as_str(), api.error_type.as_deref()),
        (ErrorKind::NotFound, "Not Found", Some("not_found"))
    );
    let message = decode_error(400, &fixture("org_robot_get_deleted.json"));
    assert_eq!(
        message.message,
        "Could not find robot with specified username"
    );
    let xhr = decode_error(400, &fixture("xhr_browser_get_no-xhr.json"));
    assert!(xhr.message.contains("X-Requested-With"));
    let flask = decode_error(
        404,
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>404 Not Found</title>",
    );
    assert_eq!(flask.kind, ErrorKind::NotFound);
}

#[test]
fn every_recorded_success_without_content_decodes_as_empty() {
    for (name, _, _, status) in status_rows()
        .into_iter()
        .filter(|r| (200..300).contains(&r.3))
    {
        let body = fixture(&format!("{name}.json"));
        let trimmed = body.trim();
        if trimmed.is_empty() || trimmed.starts_with('"') || trimmed == "{}" {
            assert_eq!(Empty::from_body(&body), Ok(Empty), "{name} ({status})");
        }
    }
}

#[test]
fn every_recorded_json_body_is_json() {
    for entry in fs::read_dir(fixtures()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let body = fs::read_to_string(entry.path()).unwrap();
        if body.trim().is_empty() {
            continue; // a recorded 204
        }
        serde_json::from_str::<serde_json::Value>(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn user_decodes_with_namespaces() {
    let user: User = decode_json(&fixture("user.json")).unwrap();
    assert_eq!(user.username, "devtable");
    let namespaces = user.namespaces();
    assert_eq!(namespaces[0].name, "devtable");
    assert!(namespaces[0].is_user);
    assert!(namespaces
        .iter()
        .any(|n| n.name == "buynlarge" && n.is_admin));
    assert!(user.is_admin_of("buynlarge"));
    assert!(!user.is_admin_of("nobody"));
    // The XHR-accepted variant is the same shape.
    let again: User = decode_json(&fixture("xhr_browser_get_xhr.json")).unwrap();
    assert_eq!(again.username, "devtable");
}

#[test]
fn repositories_decode() {
    let repo: Repository = decode_json(&fixture("repo_get_state.json")).unwrap();
    assert_eq!(
        (repo.full_name().as_str(), repo.state.as_deref()),
        ("buynlarge/mirrortest", Some("MIRROR"))
    );
    let created: Repository = decode_json(&fixture("repo_create.json")).unwrap();
    assert_eq!(created.name, "mirrortest");
    let list: RepositoryList = decode_json(r#"{"repositories": [{"namespace": "a", "name": "b", "is_public": true, "description": null, "last_modified": 1795446797, "state": "NORMAL"}], "next_page": "tok"}"#).unwrap();
    assert_eq!(list.next_page.as_deref(), Some("tok"));
    let shown = quay_console::model::repository::filter(&list.repositories, "B");
    assert_eq!(shown.len(), 1);
    // Odd data never panics: wrong types are an error, not a crash.
    assert!(decode_json::<RepositoryList>(r#"{"repositories": 5}"#).is_err());
}
