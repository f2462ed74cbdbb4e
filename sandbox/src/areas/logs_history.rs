//! The hand-written part of the seeded log history: a daily mirror sync of `devtable/mirrored` and the
//! console session of the recordings, replayed in the last hours.

use rand::Rng;
use serde_json::{json, Value};

use super::logs_seed::{with_oauth, Draft};
use crate::util::fake_digest;
use crate::world::World;

/// A daily mirror run of `devtable/mirrored`: started, then success (or, one day in five, failed).
pub(super) fn mirror_history(world: &mut World, now: i64, drafts: &mut Vec<Draft>) {
    let reference = "quay.io/coreos/etcd";
    for day in 1..=42 {
        let at = crate::util::day_start(now) - day * 86_400 + 3 * 3_600;
        let failed = world.rng.gen_ratio(1, 5);
        let message = format!("'{reference}' with tag pattern 'latest,3.3*'");
        let base = |verb: &str, stdout: Value, stderr: Value| {
            json!({"verb": verb, "namespace": "devtable", "repo": "mirrored", "message": message,
                   "tag": Value::Null, "tags": "latest,3.3*", "stdout": stdout, "stderr": stderr})
        };
        let end = if failed {
            ("repo_mirror_sync_failed", base("end", json!(""), json!("time=\"...\" level=fatal msg=\"Error reading manifest latest in quay.io/coreos/etcd: manifest unknown\"")))
        } else {
            (
                "repo_mirror_sync_success",
                base("end", Value::Null, Value::Null),
            )
        };
        for (kind, offset, meta) in [
            (
                "repo_mirror_sync_started",
                0,
                base("start", Value::Null, Value::Null),
            ),
            (end.0, 95, end.1),
        ] {
            drafts.push(Draft {
                at: at + offset,
                kind,
                ns: "devtable".to_owned(),
                repo: Some("mirrored".to_owned()),
                performer: None,
                ip: None,
                meta,
            });
        }
    }
}

/// The console session of the recordings, replayed in the last hours.
pub(super) fn story(now: i64, drafts: &mut Vec<Draft>) {
    let digest = fake_digest("devtable/simple:newtag");
    let steps: Vec<(&'static str, &str, Option<&str>, Value)> = vec![
        (
            "create_tag",
            "devtable",
            Some("simple"),
            json!({"username": "devtable", "repo": "simple", "tag": "newtag",
            "namespace": "devtable", "manifest_digest": digest, "original_manifest_digest": Value::Null}),
        ),
        (
            "change_tag_expiration",
            "devtable",
            Some("simple"),
            json!({"username": "devtable", "repo": "simple",
            "tag": "newtag", "namespace": "devtable", "expiration_date": Value::Null, "old_expiration_date": (now + 86_400) * 1000}),
        ),
        (
            "delete_tag",
            "devtable",
            Some("simple"),
            json!({"username": "devtable", "repo": "simple", "namespace": "devtable", "tag": "newtag"}),
        ),
        (
            "revert_tag",
            "devtable",
            Some("simple"),
            json!({"username": "devtable", "repo": "simple", "tag": "newtag", "manifest_digest": digest}),
        ),
        (
            "create_robot",
            "buynlarge",
            None,
            json!({"robot": "consolebot", "description": "org bot", "unstructured_metadata": Value::Null}),
        ),
        (
            "regenerate_robot_token",
            "buynlarge",
            None,
            json!({"robot": "consolebot"}),
        ),
        (
            "delete_robot",
            "buynlarge",
            None,
            json!({"robot": "consolebot"}),
        ),
        (
            "create_application",
            "buynlarge",
            None,
            json!({"name": "Console Test App", "redirect_uri": "http://127.0.0.1:8081/cb",
            "application_uri": "http://127.0.0.1:8081", "description": "created by curl", "avatar_email": "console@example.com",
            "application_name": "Console Test App", "client_id": "X28QRK319UKX2C9NDR4G"}),
        ),
        (
            "reset_application_client_secret",
            "buynlarge",
            None,
            json!({"application_name": "Console Test App", "client_id": "X28QRK319UKX2C9NDR4G"}),
        ),
        (
            "delete_application",
            "buynlarge",
            None,
            json!({"application_name": "Console Test App", "client_id": "X28QRK319UKX2C9NDR4G"}),
        ),
        (
            "org_create_quota",
            "library",
            None,
            json!({"namespace": "library", "limit_bytes": 10_737_418_240_u64, "limit": "10.0 GiB"}),
        ),
        (
            "org_delete_quota",
            "library",
            None,
            json!({"namespace": "library", "quota_id": 4, "limit_bytes": 10_737_418_240_u64, "limit": "10.0 GiB"}),
        ),
        (
            "change_repo_state",
            "buynlarge",
            Some("mirrortest"),
            json!({"repo": "mirrortest", "namespace": "buynlarge", "state_changed": "MIRROR"}),
        ),
        (
            "change_repo_state",
            "buynlarge",
            Some("mirrortest"),
            json!({"repo": "mirrortest", "namespace": "buynlarge", "state_changed": "NORMAL"}),
        ),
        (
            "repo_mirror_config_changed",
            "buynlarge",
            Some("mirrortest"),
            json!({"repo": "mirrortest", "namespace": "buynlarge",
            "changed": "sync_status", "to": "SYNC_NOW", "username": "devtable"}),
        ),
    ];
    let start = now - 3 * 3_600;
    for (i, (kind, ns, repo, meta)) in steps.into_iter().enumerate() {
        drafts.push(Draft {
            at: start + 60 * i64::try_from(i).unwrap_or(0),
            kind,
            ns: ns.to_owned(),
            repo: repo.map(str::to_owned),
            performer: Some("devtable".to_owned()),
            ip: Some("127.0.0.1".to_owned()),
            meta: with_oauth(meta),
        });
    }
}
