//! The sandbox answers like the recorded Quay: same status, same body shape, for every row of
//! `_status.tsv` it serves. Areas add their rows to their own table below (one line per row).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{check_rows, load_fixture, shape_diff, Recorded};
use serde_json::json;

/// (fixture name, JSON request body). Method, path and status come from `_status.tsv`.
const CORE: &[(&str, Option<&str>)] = &[
    ("user", None),
    ("xhr_browser_get_no-xhr", None),
    ("xhr_browser_get_no-xhr_anon", None),
    ("xhr_browser_get_xhr", None),
    ("su_users", None),
    ("su_organizations", None),
    // The recording created buynlarge/mirrortest, which the sandbox seeds: create another one.
    (
        "repo_create",
        Some(
            r#"{"namespace":"buynlarge","repository":"contractnew","visibility":"private","description":"mirror test"}"#,
        ),
    ),
    ("repo_get_state", None),
    ("repo_changestate_mirror", Some(r#"{"state":"MIRROR"}"#)),
];

#[tokio::test]
async fn core_rows_match_the_recordings() {
    check_rows(CORE).await;
}

#[test]
fn shape_diff_rules() {
    let recorded = json!({"a": 1, "b": null, "c": [{"x": "s"}], "d": {}, "e": 1.5});
    let same = json!({"a": 2, "c": [{"x": "t"}, {"y": 1}], "d": {"k": 1}, "e": 2.5});
    assert!(shape_diff(&recorded, &same).is_empty());
    let wrong = json!({"a": "1", "b": 3, "c": [{"x": 1}], "d": {}, "e": 2, "z": true});
    let problems = shape_diff(&recorded, &wrong);
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(!shape_diff(&json!({"a": 1}), &json!({})).is_empty());
}

#[test]
fn every_fixture_loads() {
    for entry in std::fs::read_dir(common::fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = name.strip_suffix(".json") {
            assert!(
                !matches!(load_fixture(stem), Recorded::Text(_)),
                "{stem} is not JSON"
            );
        }
    }
}
