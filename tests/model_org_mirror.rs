//! Organization mirroring: every recorded answer decodes (configs, repositories pages, verify,
//! refusals), lenient decoding of odd bodies, and the form's rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use quay_console::model::error::decode_error;
use quay_console::model::org_mirror::form::{
    check_robot, check_url, split_filters, valid_start_date, whole_seconds, Form, FormProblem,
};
use quay_console::model::org_mirror::{
    precondition, OrgMirrorConfig, Precondition, RegistryType, RepositoriesPage, Status,
    Verification,
};
use serde_json::json;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn config(name: &str) -> OrgMirrorConfig {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn recorded_configurations_decode() {
    let c = config("orgmirror_get");
    assert!(c.is_enabled);
    assert_eq!(c.external_registry_type, RegistryType::Quay);
    assert_eq!(c.external_registry_url, "http://127.0.0.1:5999");
    assert_eq!(c.external_namespace, "library");
    assert_eq!(c.external_registry_username, None);
    assert!(!c.has_external_registry_password);
    assert!(!c.external_registry_config.verifies_tls());
    assert_eq!(c.repository_filters, ["alpine*", "busybox"]);
    assert_eq!(c.robot_username.as_deref(), Some("mirrororg+syncbot"));
    assert_eq!((c.visibility.as_str(), c.sync_interval), ("private", 3600));
    assert_eq!(c.sync_start_date.as_deref(), Some("2030-01-01T00:00:00Z"));
    assert_eq!(c.sync_status, Status::NeverRun);
    assert_eq!(
        (c.sync_retries_remaining, c.skopeo_timeout),
        (Some(3), Some(300))
    );
    assert_eq!(c.repo_sync_status_counts.0.len(), 7);
    assert_eq!(c.repo_sync_status_counts.total(), 0);
    assert!(c.creation_date.unwrap().ends_with('Z'));

    let u = config("orgmirror_get_after_update");
    assert!(!u.is_enabled);
    assert_eq!(u.external_registry_username.as_deref(), Some("puller"));
    assert!(u.has_external_registry_password);
    assert_eq!((u.sync_interval, u.repository_filters.len()), (7200, 1));

    let now = config("orgmirror_get_after_sync_now");
    assert_eq!(now.sync_status, Status::SyncNow);
    assert!(now.sync_status.is_pending() && now.sync_status.can_cancel());
    assert_eq!(
        whole_seconds(now.sync_start_date.as_deref().unwrap()),
        "2026-12-04T22:16:52Z"
    );

    let cancelled = config("orgmirror_get_after_cancel");
    assert_eq!(cancelled.sync_status, Status::Cancel);
    assert!(!cancelled.sync_status.can_cancel() && cancelled.sync_status.can_sync_now());
    assert_eq!(cancelled.sync_retries_remaining, Some(0));
    assert!(cancelled.sync_expiration_date.is_some());
}

#[test]
fn odd_bodies_decode_leniently() {
    let odd: OrgMirrorConfig = serde_json::from_value(json!({
        "is_enabled": null,
        "external_registry_type": "artifactory",
        "external_registry_url": null,
        "external_registry_config": null,
        "repository_filters": ["a*", 3, null],
        "sync_interval": 3600.0,
        "sync_retries_remaining": "2",
        "sync_status": "PAUSED",
        "repo_sync_status_counts": {"SUCCESS": 4.0, "FAIL": null, "QUEUED": 2},
        "skopeo_timeout": null,
        "new_field": true
    }))
    .unwrap();
    assert!(!odd.is_enabled);
    assert_eq!(odd.external_registry_type.as_str(), "artifactory");
    assert_eq!(odd.repository_filters, ["a*"]);
    assert_eq!(
        (odd.sync_interval, odd.sync_retries_remaining),
        (3600, Some(2))
    );
    assert_eq!(odd.sync_status, Status::Other("PAUSED".into()));
    assert!(odd.external_registry_config.verifies_tls());
    let counts = &odd.repo_sync_status_counts;
    assert_eq!(
        (counts.get(&Status::Success), counts.get(&Status::Fail)),
        (4, 0)
    );
    assert_eq!(counts.get(&Status::Other("QUEUED".into())), 2);
    assert_eq!((counts.0.len(), counts.total()), (8, 6));
    let empty: OrgMirrorConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.sync_status, Status::NeverRun);
}

#[test]
fn recorded_pages_and_verify_decode() {
    let first: RepositoriesPage = serde_json::from_str(&fixture("orgmirror_repositories")).unwrap();
    assert_eq!(
        (first.page, first.limit, first.total, first.has_next),
        (Some(1), Some(100), 0, false)
    );
    assert!(first.repositories.is_empty());
    let second: RepositoriesPage =
        serde_json::from_str(&fixture("orgmirror_repositories_page")).unwrap();
    assert_eq!((second.page, second.limit), (Some(2), Some(10)));
    // A row as Quay's endpoint writes it (the recorded organization had none yet).
    let rows: RepositoriesPage = serde_json::from_value(json!({"repositories": [
        {"name": "alpine", "sync_status": "SUCCESS", "discovery_date": "2026-12-04T22:16:50Z",
         "last_sync_date": null, "status_message": null, "quay_repository": "mirrororg/alpine"},
        {"name": "x", "sync_status": "skip", "quay_repository": null}
    ], "page": 1.0, "limit": 100, "total": "2", "has_next": null}))
    .unwrap();
    assert_eq!(rows.total, 2);
    assert_eq!(
        rows.repositories[0].quay_repository.as_deref(),
        Some("mirrororg/alpine")
    );
    assert_eq!(rows.repositories[1].sync_status, Status::Skip);
    let v: Verification = serde_json::from_str(&fixture("orgmirror_verify")).unwrap();
    assert!(!v.success);
    assert!(v.message.starts_with("Connection error:"));
}

#[test]
fn recorded_refusals_read_as_quay_wrote_them() {
    for (name, status, text) in [
        ("orgmirror_get_none", 404, "Not Found"),
        ("orgmirror_get_none_new_org", 404, "Not Found"),
        ("orgmirror_sync_now_none", 404, "Not Found"),
        ("orgmirror_get_after_delete", 404, "Not Found"),
        ("orgmirror_delete_missing", 404, "Not Found"),
        (
            "orgmirror_create_nonempty_org",
            400,
            "requires an empty organization",
        ),
        (
            "orgmirror_create_missing_fields",
            400,
            "'external_registry_url' is a required property",
        ),
        (
            "orgmirror_create_bad_type",
            400,
            "'dockerhub' is not one of",
        ),
        (
            "orgmirror_create_foreign_robot",
            400,
            "Robot account must belong to the organization",
        ),
        (
            "orgmirror_create_unknown_robot",
            400,
            "Invalid robot account: mirrororg+nosuchbot",
        ),
        ("orgmirror_create_no_scheme", 400, "Invalid URL scheme"),
        ("orgmirror_create_ssrf_block", 400, "is not allowed"),
        ("orgmirror_create_bad_date", 400, "YYYY-MM-DDTHH:MM:SSZ"),
        (
            "orgmirror_create_short_interval",
            400,
            "less than the minimum of 60",
        ),
        ("orgmirror_create_conflict", 400, "already exists"),
        (
            "orgmirror_update_short_interval",
            400,
            "less than the minimum of 60",
        ),
        (
            "orgmirror_update_foreign_robot",
            400,
            "must belong to the organization",
        ),
        ("orgmirror_sync_cancel_again", 400, "already cancelled"),
        (
            "orgmirror_repositories_bad_status",
            400,
            "Invalid status filter 'bogus'",
        ),
        (
            "orgmirror_blocks_repo_create",
            400,
            "organization-level mirroring",
        ),
        (
            "orgmirror_blocks_immutability",
            400,
            "organization-level mirroring",
        ),
        (
            "orgmirror_blocks_proxycache",
            400,
            "organization-level mirroring",
        ),
        (
            "proxycache_blocks_orgmirror",
            400,
            "proxy cache configuration",
        ),
    ] {
        let e = decode_error(status, &fixture(name));
        assert_eq!(e.status, status, "{name}");
        assert!(e.message.contains(text), "{name}: {}", e.message);
    }
    // The success bodies: `""` (create, update) and nothing (delete, sync-now, sync-cancel).
    for name in ["orgmirror_create", "orgmirror_update"] {
        assert_eq!(serde_json::from_str::<String>(&fixture(name)).unwrap(), "");
    }
    for name in [
        "orgmirror_delete",
        "orgmirror_sync_now",
        "orgmirror_sync_now_again",
        "orgmirror_sync_cancel",
    ] {
        assert!(fixture(name).trim().is_empty(), "{name}");
    }
}

#[test]
fn statuses_match_quays_list_in_any_case() {
    let listed = decode_error(400, &fixture("orgmirror_repositories_bad_status")).message;
    let names: Vec<&str> = Status::ALL.iter().map(Status::as_str).collect();
    assert!(listed.ends_with(&names.join(", ")), "{listed}");
    assert_eq!(Status::parse("never_run"), Status::NeverRun);
    assert_eq!(Status::parse("Sync_Now"), Status::SyncNow);
    assert!(!Status::Syncing.can_sync_now());
    let keys: std::collections::BTreeSet<&str> = Status::ALL.iter().map(Status::key).collect();
    assert_eq!(keys.len(), 7);
}

fn good() -> Form {
    let mut f = Form::new("2030-01-01T00:00:00Z");
    f.url = "http://127.0.0.1:5999".into();
    f.namespace = "library".into();
    f.robot = "mirrororg+syncbot".into();
    f.filters = "alpine*, busybox".into();
    f.verify_tls = false;
    f
}

#[test]
fn the_form_follows_quays_rules() {
    let body = serde_json::to_value(good().create_request("mirrororg").unwrap()).unwrap();
    assert_eq!(body["external_registry_type"], "quay");
    assert_eq!(body["sync_interval"], 86_400);
    assert_eq!(body["repository_filters"], json!(["alpine*", "busybox"]));
    assert_eq!(body["skopeo_timeout"], 300);
    assert_eq!(body["external_registry_config"]["verify_tls"], false);
    assert!(body.get("external_registry_password").is_none());
    // Each recorded refusal is caught before sending.
    type Case = (fn(&mut Form), FormProblem);
    let cases: Vec<Case> = vec![
        (
            |f| f.registry_type = "dockerhub".into(),
            FormProblem::RegistryType,
        ),
        (|f| f.url = "127.0.0.1:5999".into(), FormProblem::UrlScheme),
        (|f| f.url = String::new(), FormProblem::UrlMissing),
        (
            |f| f.robot = "buynlarge+coolrobot".into(),
            FormProblem::RobotForeign,
        ),
        (|f| f.robot = " ".into(), FormProblem::RobotMissing),
        (
            |f| f.start_date = "2030-01-01".into(),
            FormProblem::StartDate,
        ),
        (|f| f.interval = "30".into(), FormProblem::Interval),
        (|f| f.timeout = "29".into(), FormProblem::Timeout),
        (|f| f.timeout = "3601".into(), FormProblem::Timeout),
        (
            |f| f.namespace = "x".repeat(256),
            FormProblem::NamespaceTooLong,
        ),
        (
            |f| f.visibility = "internal".into(),
            FormProblem::Visibility,
        ),
        (|f| f.filters = "a b".into(), FormProblem::Filter),
    ];
    for (change, problem) in cases {
        let mut f = good();
        change(&mut f);
        assert_eq!(f.create_request("mirrororg").unwrap_err(), vec![problem]);
    }
    assert!(valid_start_date("2030-02-28T23:59:59Z"));
    assert!(!valid_start_date("2030-02-30T00:00:00Z"));
    assert!(!valid_start_date("2030-01-01T00:00:00.5Z"));
    assert!(check_url("https://harbor.example.com:8443/").is_ok());
    assert_eq!(check_url("ftp://x"), Err(FormProblem::UrlScheme));
    assert_eq!(check_url("http://a b"), Err(FormProblem::UrlInvalid));
    assert_eq!(
        check_robot("mirrororg+", "mirrororg"),
        Err(FormProblem::RobotForeign)
    );
    assert_eq!(split_filters("a,\n b ,,c"), ["a", "b", "c"]);
}

#[test]
fn an_update_sends_only_what_changed() {
    let base = config("orgmirror_get");
    let same = Form::from_config(&base);
    assert_eq!(same.filters, "alpine*, busybox");
    assert!(same.update_body("mirrororg", &base).unwrap().is_empty());
    // The recorded update: disabled, 7200 s, credentials, one filter.
    let mut f = same.clone();
    f.enabled = false;
    f.interval = "7200".into();
    f.username = "puller".into();
    f.password = "secret".into();
    f.filters = "alpine".into();
    let body = f.update_body("mirrororg", &base).unwrap();
    let keys: Vec<&str> = body.keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(body["is_enabled"], false);
    assert_eq!(body["sync_interval"], 7200);
    assert_eq!(body["repository_filters"], json!(["alpine"]));
    assert_eq!(body["external_registry_password"], "secret");
    // A stored password is kept unless a new one is typed, and cleared on request.
    let after = config("orgmirror_get_after_update");
    let mut keep = Form::from_config(&after);
    assert!(keep.update_body("mirrororg", &after).unwrap().is_empty());
    keep.clear_credentials = true;
    let cleared = keep.update_body("mirrororg", &after).unwrap();
    assert!(
        cleared["external_registry_password"].is_null()
            && cleared["external_registry_username"].is_null()
    );
    // A sync-now start date (microseconds) is sent back in the form Quay's PUT accepts.
    let now = config("orgmirror_get_after_sync_now");
    assert!(Form::from_config(&now).problems("mirrororg").is_empty());
}

#[test]
fn quays_preconditions_are_known_before_asking() {
    assert!(precondition(0, false).is_empty());
    assert_eq!(precondition(3, false), [Precondition::NotEmpty]);
    assert_eq!(
        precondition(1, true),
        [Precondition::ProxyCache, Precondition::NotEmpty]
    );
    assert_ne!(Precondition::NotEmpty.key(), Precondition::ProxyCache.key());
}

#[test]
fn the_draft_of_the_form_holds_no_credentials() {
    let mut form = Form::from_config(&config("orgmirror_get"));
    form.username = "someone".into();
    form.password = "s3cret".into();
    form.namespace = "kept".into();
    let text = serde_json::to_string(&form).unwrap();
    assert!(
        !text.contains("someone") && !text.contains("s3cret"),
        "{text}"
    );
    let back: Form = serde_json::from_str(&text).unwrap();
    assert_eq!(back.namespace, "kept");
    assert_eq!((back.username.as_str(), back.password.as_str()), ("", ""));
    assert_eq!(back.filters, form.filters);
    // A draft written by an older console (fewer fields) still opens.
    let old: Form = serde_json::from_str(r#"{"url": "https://quay.io"}"#).unwrap();
    assert_eq!(
        (old.url.as_str(), old.visibility.as_str()),
        ("https://quay.io", "private")
    );
}
