//! `GET /config` (Quay's features) against its recording, and the time machine's purged rows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::model::features::{parse, Features};
use quay_console::model::tags::history::{timelines, EventKind};
use quay_console::model::tags::TagPage;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ))
    .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_recorded_config_decodes() {
    let f = parse(&fixture("config.json")).unwrap();
    assert!(f.known);
    assert!(f.repo_mirror && f.org_mirror && f.quota_management && f.edit_quota);
    assert!(f.immutable_tags && f.auto_prune && f.proxy_cache && f.super_users);
    assert!(!f.security_scanner, "recorded with the scanner off");
    assert!(
        !f.permanent_delete,
        "recorded with PERMANENTLY_DELETE_TAGS false"
    );
    assert_eq!(f.version.as_deref(), Some("Quay v3.11.0"));
}

#[test]
fn what_quay_does_not_say_counts_as_on() {
    let old = parse(r#"{"features": {"REPO_MIRROR": false}}"#).unwrap();
    assert!(!old.repo_mirror);
    assert!(old.quota_management && old.permanent_delete && old.known);
    assert!(parse("<html>not found</html>").is_none());
    assert!(parse(r#""x""#).is_none());
    let unknown = Features::default();
    assert!(unknown.repo_mirror && unknown.permanent_delete && !unknown.known);
}

#[test]
fn a_purged_row_shows_as_purged_and_cannot_be_purged_or_restored_again() {
    let now = 1_796_500_000;
    let before: TagPage =
        serde_json::from_str(&fixture("tags_expire_history_before.json")).unwrap();
    let t = timelines(&before.tags, now);
    let removed = &t[0].events[0];
    assert_eq!(removed.kind, EventKind::Removed);
    assert!(t[0].can_purge(removed));

    let after: TagPage = serde_json::from_str(&fixture("tags_expire_history_after.json")).unwrap();
    let t = timelines(&after.tags, now);
    let kinds: Vec<EventKind> = t[0].events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EventKind::Purged, EventKind::Created]);
    let purged = &t[0].events[0];
    assert!(!t[0].can_purge(purged) && !t[0].can_restore(purged));
    assert_eq!(purged.at, 1_796_422_600, "dated at its row's start");

    // Restored after the purge: the purge, then the restore (newest first).
    let restored: TagPage =
        serde_json::from_str(&fixture("tags_after_restore_expired.json")).unwrap();
    let t = timelines(&restored.tags, now);
    let kinds: Vec<EventKind> = t[0].events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![EventKind::Reverted, EventKind::Purged, EventKind::Created]
    );
}
