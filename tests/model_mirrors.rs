//! Host tests of the mirrors model: every mirror fixture decodes, and the form's rules and bodies
//! follow Quay's API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use quay_console::model::error::{decode_error, ErrorKind};
use quay_console::model::logs::LogPage;
use quay_console::model::mirrors::draft::{
    check_reference, check_robot, proxy_followup, split_tags, Field, MirrorDraft, Problem,
};
use quay_console::model::mirrors::health::{counts, MirrorHealth};
use quay_console::model::mirrors::history::history_items;
use quay_console::model::mirrors::time::{format_iso, parse_iso, IntervalUnit};
use quay_console::model::mirrors::{MirrorConfig, SyncStatus};
use quay_console::model::robots::RobotList;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn config(name: &str) -> MirrorConfig {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_mirror_config_fixture_decodes() {
    let existing = config("mirror_get_existing");
    assert_eq!(existing.external_reference, "quay.io/coreos/etcd");
    assert_eq!(existing.robot_username.as_deref(), Some("devtable+dtrobot"));
    assert_eq!(existing.skopeo_timeout_interval, Some(600));
    assert!(existing.external_registry_config.proxy.is_none());

    let created = config("mirror_get");
    assert_eq!(created.sync_status, SyncStatus::NeverRun);
    assert_eq!(created.next_sync(), parse_iso("2030-01-01T00:00:00Z"));
    assert_eq!(created.root_rule.rule_value, ["latest", "3.*"]);

    let changed = config("mirror_get_after_change");
    assert_eq!(changed.sync_interval, 7_200);
    assert!(!changed.external_registry_config.verifies_tls());
    assert!(changed.external_registry_config.allows_unsigned());
    // Quay's quirk: the first proxy key sent was dropped.
    let proxy = changed.external_registry_config.proxy.clone().unwrap();
    assert_eq!(proxy.http_proxy, None);

    let now = config("mirror_get_after_sync_now");
    assert_eq!(now.sync_status, SyncStatus::SyncNow);
    assert!(now.sync_status.is_pending());

    let cancelled = config("mirror_get_after_cancel");
    assert_eq!(cancelled.sync_status, SyncStatus::Cancel);
    assert_eq!(cancelled.sync_retries_remaining, Some(0));
}

#[test]
fn every_mirror_error_and_empty_fixture_decodes() {
    let e = decode_error(404, &fixture("mirror_get_none"));
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = decode_error(400, &fixture("mirror_change_bad_robot"));
    assert_eq!(e.message, "Could not find robot with specified username");
    let e = decode_error(400, &fixture("mirror_change_ssrf_block"));
    assert_eq!(e.message, "The provided registry location is not allowed");
    let e = decode_error(409, &fixture("mirror_create_conflict"));
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("already exits"));
    for name in [
        "mirror_change",
        "mirror_create_before_state",
        "mirror_disable",
        "mirror_enable",
        "mirror_sync_now",
        "mirror_sync_cancel",
    ] {
        let body = fixture(name);
        assert!(
            body.trim().is_empty() || body.trim() == "\"\"",
            "{name}: {body}"
        );
    }
    let state: Value = serde_json::from_str(&fixture("repo_changestate_mirror")).unwrap();
    assert_eq!(state["success"], true);
}

#[test]
fn health_fixtures_decode() {
    for name in ["mirror_health", "su_mirror_health"] {
        let h: MirrorHealth = serde_json::from_str(&fixture(name)).unwrap();
        assert!(h.healthy, "{name}");
        assert_eq!(h.repositories.total, 2);
        assert_eq!(h.repositories.never_run, 1);
        assert_eq!(h.workers.status, "healthy");
        assert!(!h.has_more());
    }
    let h: MirrorHealth = serde_json::from_str(&fixture("mirror_health")).unwrap();
    assert_eq!(
        h.issues[0].repository(),
        Some(("devtable".into(), "mirrored".into()))
    );
    let c = counts(&h, &[], 0);
    assert_eq!((c.total, c.never_run, c.failing, c.stale), (2, 1, 0, 0));
    // The detailed shape (not recorded): rows and pagination.
    let h: MirrorHealth = serde_json::from_value(json!({
        "healthy": false, "workers": {"active": 1, "configured": 1, "status": "degraded"},
        "repositories": {"total": 1, "syncing": 0, "completed": 0, "failed": 1, "never_run": 0,
            "details": [{"namespace": "library", "repository": "grafana", "sync_status": "FAIL",
                "is_enabled": true, "last_sync": null, "retries_remaining": 0}],
            "pagination": {"limit": 200, "offset": 0, "has_more": true}},
        "tags_pending": 2.5, "last_check": "2026-11-23T15:16:33.849198Z", "issues": []
    }))
    .unwrap();
    assert!(h.has_more());
    assert!(h.repositories.details[0].is_failing());
    assert!((h.tags_pending - 2.5).abs() < f64::EPSILON);
}

#[test]
fn robot_lists_decode_to_names() {
    let org: RobotList = serde_json::from_str(&fixture("org_robots_list_plain")).unwrap();
    assert!(org.names().contains(&"buynlarge+coolrobot".to_owned()));
    let user: RobotList = serde_json::from_str(&fixture("user_robots_list")).unwrap();
    assert_eq!(user.names(), ["devtable+dtrobot", "devtable+dtrobot2"]);
}

#[test]
fn log_pages_decode_and_keep_only_mirror_events() {
    let page: LogPage = serde_json::from_str(&fixture("repo_logs")).unwrap();
    assert!(page.next().is_some());
    assert!(history_items(&page.logs).is_empty());
    let page: LogPage = serde_json::from_str(&fixture("org_logs")).unwrap();
    let items = history_items(&page.logs);
    assert_eq!(items.len(), 14);
    assert!(items.windows(2).all(|w| w[0].at >= w[1].at));
    let cancel = items
        .iter()
        .find(|i| i.change.as_ref().is_some_and(|c| c.1 == "SYNC_CANCEL"))
        .unwrap();
    assert_eq!(cancel.performer.as_deref(), Some("devtable"));
    let last: LogPage = serde_json::from_str(&fixture("org_logs_page3")).unwrap();
    assert!(last.logs.is_empty() && last.next().is_none());
}

fn valid_draft() -> MirrorDraft {
    let mut d = MirrorDraft::new(parse_iso("2029-12-31T23:10:00Z").unwrap());
    d.external_reference = "127.0.0.1:5999/library/alpine".into();
    d.tags = vec!["latest".into()];
    d.tag_input = "3.*".into();
    d.interval_value = "1".into();
    d.interval_unit = IntervalUnit::Hours;
    d.robot = "buynlarge+coolrobot".into();
    d
}

#[test]
fn create_body_is_what_quay_takes() {
    let d = valid_draft();
    let body = d.create_body("buynlarge", None).unwrap();
    assert_eq!(body["sync_start_date"], "2030-01-01T00:00:00Z");
    assert_eq!(body["sync_interval"], 3600);
    assert_eq!(body["skopeo_timeout_interval"], 300);
    assert_eq!(
        body["root_rule"],
        json!({"rule_kind": "tag_glob_csv", "rule_value": ["latest", "3.*"]})
    );
    assert_eq!(body["robot_username"], "buynlarge+coolrobot");
    assert_eq!(body["external_registry_config"]["verify_tls"], true);
    assert_eq!(
        body["external_registry_config"]["proxy"]["http_proxy"],
        Value::Null
    );
    assert!(body.get("external_registry_username").is_none());
    let mut d = valid_draft();
    d.username = "someone".into();
    d.password = "s3cret".into();
    let body = d.create_body("buynlarge", None).unwrap();
    assert_eq!(body["external_registry_username"], "someone");
    assert_eq!(body["external_registry_password"], "s3cret");
}

#[test]
fn validation_follows_quays_rules() {
    let problems = |d: &MirrorDraft| -> Vec<(Field, Problem)> {
        d.validate("buynlarge", None)
            .into_iter()
            .map(|i| (i.field, i.problem))
            .collect()
    };
    assert!(problems(&valid_draft()).is_empty());
    let mut d = valid_draft();
    d.tags.clear();
    d.tag_input.clear();
    d.interval_value = "0".into();
    d.skopeo_timeout = "299".into();
    d.robot = "devtable+dtrobot".into();
    d.password = "x".into();
    d.architectures = vec!["riscv64".into()];
    d.start = None;
    assert_eq!(
        problems(&d),
        vec![
            (Field::Tags, Problem::TagsMissing),
            (Field::Interval, Problem::IntervalTooSmall),
            (Field::Start, Problem::StartMissing),
            (Field::Robot, Problem::RobotNamespace("buynlarge".into())),
            (Field::Password, Problem::PasswordWithoutUsername),
            (Field::SkopeoTimeout, Problem::TimeoutInvalid),
            (
                Field::Architectures,
                Problem::ArchitectureUnknown("riscv64".into())
            ),
        ]
    );
    d.skopeo_timeout = "43201".into();
    assert!(d.timeout_seconds().is_err());
    d.skopeo_timeout = "43200".into();
    assert_eq!(d.timeout_seconds(), Ok(43_200));
    d.interval_value = "4000".into();
    d.interval_unit = IntervalUnit::Weeks;
    assert_eq!(d.interval_seconds(), Err(Problem::IntervalTooLarge));
    d.interval_value = "1.5".into();
    assert_eq!(d.interval_seconds(), Err(Problem::IntervalInvalid));
    assert!(d.create_body("buynlarge", None).is_err());
}

#[test]
fn references_are_checked_like_quay() {
    for ok in [
        "quay.io/coreos/etcd",
        "127.0.0.1:5999/library/alpine",
        "registry.example.com:443/a/b/c",
        "[::1]:5000/x",
        "localhost/x",
    ] {
        assert_eq!(check_reference(ok), Ok(()), "{ok}");
    }
    for (bad, why) in [
        ("", Problem::ReferenceMissing),
        ("quay.io/a b", Problem::ReferenceWhitespace),
        ("https://quay.io/a", Problem::ReferenceScheme),
        ("quay.io/a?x", Problem::ReferenceCharacter),
        ("quay.io", Problem::ReferencePath),
        ("/a", Problem::ReferencePath),
        ("a:b:c/x", Problem::ReferenceAuthority),
        ("quay.io:/x", Problem::ReferencePort),
        ("quay.io:0/x", Problem::ReferencePort),
        ("quay.io:99999/x", Problem::ReferencePort),
        ("-bad.io/x", Problem::ReferenceHost),
        ("user@quay.io/x", Problem::ReferenceHost),
        ("[::1/x", Problem::ReferenceAuthority),
    ] {
        assert_eq!(check_reference(bad), Err(why), "{bad}");
    }
}

#[test]
fn robots_must_belong_to_the_namespace() {
    let known = ["buynlarge+coolrobot".to_owned()];
    assert_eq!(
        check_robot("", "buynlarge", None),
        Err(Problem::RobotMissing)
    );
    assert_eq!(
        check_robot("coolrobot", "buynlarge", None),
        Err(Problem::RobotFormat)
    );
    assert_eq!(
        check_robot("buynlarge+ghost", "buynlarge", Some(&known)),
        Err(Problem::RobotUnknown)
    );
    assert_eq!(check_robot("buynlarge+ghost", "buynlarge", None), Ok(()));
    assert_eq!(
        check_robot("buynlarge+coolrobot", "buynlarge", Some(&known)),
        Ok(())
    );
}

#[test]
fn update_sends_only_what_changed() {
    let base = config("mirror_get");
    let mut d = MirrorDraft::from_config(&base);
    assert_eq!(d.interval_value, "1");
    assert_eq!(d.interval_unit, IntervalUnit::Hours);
    assert!(d.update_body(&base, "buynlarge", None).unwrap().is_empty());

    d.interval_value = "2".into();
    d.tags = vec!["v1.*".into()];
    d.username = "someone".into();
    d.password = "pw".into();
    d.verify_tls = false;
    d.https_proxy = "http://proxy:3128".into();
    let body = Value::Object(d.update_body(&base, "buynlarge", None).unwrap());
    assert_eq!(
        body,
        json!({
            "sync_interval": 7200,
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["v1.*"]},
            "external_registry_username": "someone",
            "external_registry_password": "pw",
            "external_registry_config": {"verify_tls": false, "proxy": {"https_proxy": "http://proxy:3128"}},
        })
    );
    // The mirror had no proxy object: Quay would drop https_proxy, the first proxy key sent.
    let followup = proxy_followup(&base, body.as_object().unwrap()).unwrap();
    assert_eq!(
        followup,
        json!({"external_registry_config": {"proxy": {"https_proxy": "http://proxy:3128"}}})
    );
    // Once the proxy object exists, no second request.
    let after = config("mirror_get_after_change");
    assert!(proxy_followup(&after, body.as_object().unwrap()).is_none());
}

#[test]
fn credentials_follow_quays_rules() {
    let base = config("mirror_get_after_change"); // username "someone"
    let mut d = MirrorDraft::from_config(&base);
    assert_eq!(d.username, "someone");
    assert!(d.password.is_empty());
    d.username = "other".into();
    let body = d.update_body(&base, "buynlarge", None).unwrap();
    assert_eq!(
        body.get("external_registry_username"),
        Some(&json!("other"))
    );
    assert!(!body.contains_key("external_registry_password"));
    d.username.clear();
    let body = d.update_body(&base, "buynlarge", None).unwrap();
    assert_eq!(body.get("external_registry_username"), Some(&Value::Null));
    assert_eq!(body.get("external_registry_password"), Some(&Value::Null));
    let mut d = MirrorDraft::from_config(&base);
    d.clear_credentials = true;
    d.password = "ignored".into();
    let body = d.update_body(&base, "buynlarge", None).unwrap();
    assert_eq!(body.get("external_registry_password"), Some(&Value::Null));
}

#[test]
fn tag_box_splits_and_dedups() {
    assert_eq!(split_tags(" latest, 3.*  v1\n"), ["latest", "3.*", "v1"]);
    let mut d = valid_draft();
    d.tag_input = "latest, v2".into();
    assert_eq!(d.all_tags(), ["latest", "v2"]);
}

proptest! {
    #[test]
    fn iso_dates_round_trip(secs in -62_135_596_800_i64..253_402_300_799) {
        prop_assert_eq!(parse_iso(&format_iso(secs)), Some(secs));
    }

    #[test]
    fn reference_check_never_panics(text in "\\PC{0,60}") {
        let _ = check_reference(&text);
        let _ = parse_iso(&text);
        let _ = quay_console::model::mirrors::time::parse_http_date(&text);
    }

    #[test]
    fn interval_split_is_exact(secs in 1_u64..10_000_000) {
        let (value, unit) = IntervalUnit::split(secs);
        prop_assert_eq!(value * unit.seconds(), secs);
    }

    #[test]
    fn any_config_json_decodes_or_errors(
        interval in prop_oneof![Just(json!(3600)), Just(json!(3600.0)), Just(json!(null)), Just(json!("x"))],
        status in prop_oneof![Just(json!("SYNCING")), Just(json!(null)), Just(json!("??"))],
    ) {
        let body = json!({"sync_interval": interval, "sync_status": status});
        let _ = serde_json::from_value::<MirrorConfig>(body);
    }
}
