//! Immutable tags, immutability policies and auto-prune policies: every recording decodes, and
//! the rules and previews the policy pages use.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::model::error::{decode_error, ErrorKind};
use quay_console::model::lifecycle::{
    autoprune_body, immutability_body, immutability_preview, parse_age, prune_preview,
    AutoprunePolicy, ImmutabilityPolicy, PolicyId, PolicyList, PolicyProblem, PreviewTag,
};
use quay_console::model::tags::TagPage;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ))
    .join(format!("{name}.json"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(prefixes: &[&str]) -> Vec<String> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ));
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_owned()
        })
        .filter(|n| prefixes.iter().any(|p| n.starts_with(p)))
        .collect();
    out.sort();
    out
}

/// Every recording of the area: a list, one policy, a uuid, an empty 204/201 body, or an error.
#[test]
fn every_lifecycle_recording_decodes() {
    let all = names(&[
        "org_immutability_",
        "repo_immutability_",
        "org_autoprune_",
        "repo_autoprune_",
        "user_autoprune_",
        "tag_immutable_",
        "tag_set_immutable",
        "orgmirror_blocks_immutability",
        "tag_expire_alive_immutable",
    ]);
    assert!(all.len() > 80, "{}", all.len());
    for name in &all {
        let body = fixture(name);
        let trimmed = body.trim();
        if trimmed.is_empty() || trimmed == "\"Updated\"" {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(trimmed).unwrap();
        if value.get("error_type").is_some() || value.get("message").is_some() {
            let status = value["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(400);
            let e = decode_error(status, trimmed);
            assert!(!e.message.is_empty(), "{name}: {e:?}");
            continue;
        }
        if value.get("policies").is_some() {
            if name.contains("autoprune") {
                let l: PolicyList<AutoprunePolicy> = serde_json::from_str(trimmed).unwrap();
                assert!(l.policies.iter().all(|p| !p.uuid.is_empty()), "{name}");
            } else {
                let l: PolicyList<ImmutabilityPolicy> = serde_json::from_str(trimmed).unwrap();
                assert!(
                    l.policies.iter().all(|p| !p.tag_pattern.is_empty()),
                    "{name}"
                );
            }
        } else if value.get("method").is_some() {
            let p: AutoprunePolicy = serde_json::from_str(trimmed).unwrap();
            assert!(p.method().is_some(), "{name}");
        } else if value.get("tagPattern").is_some() {
            let _: ImmutabilityPolicy = serde_json::from_str(trimmed).unwrap();
        } else {
            let id: PolicyId = serde_json::from_str(trimmed).unwrap();
            assert_eq!(id.uuid.len(), 36, "{name}");
        }
    }
}

#[test]
fn policies_decode_with_their_values() {
    let l: PolicyList<ImmutabilityPolicy> =
        serde_json::from_str(&fixture("repo_immutability_list")).unwrap();
    assert_eq!(l.policies.len(), 2);
    assert_eq!(l.policies[0].tag_pattern, "^prod$");
    assert!(l.policies[0].tag_pattern_matches);
    assert!(!l.policies[1].tag_pattern_matches);
    let seeded: PolicyList<AutoprunePolicy> =
        serde_json::from_str(&fixture("org_autoprune_list")).unwrap();
    let p = &seeded.policies[0];
    assert_eq!(
        (p.method.as_str(), p.value_text().as_str()),
        ("creation_date", "5d")
    );
    assert_eq!((p.tag_pattern.clone(), p.tag_pattern_matches), (None, None));
    assert!(p.matches(), "a null flag counts as 'matches'");
    let count: AutoprunePolicy =
        serde_json::from_str(&fixture("org_autoprune_get_after_update")).unwrap();
    assert_eq!(count.value, serde_json::json!(25));
    assert_eq!(count.value_text(), "25");
    let pat: AutoprunePolicy = serde_json::from_str(&fixture("org_autoprune_get_pattern")).unwrap();
    assert_eq!(pat.tag_pattern.as_deref(), Some("^dev-"));
    assert!(!pat.matches());
}

#[test]
fn the_immutable_flag_is_read_only_where_quay_sends_it() {
    let on: TagPage = serde_json::from_str(&fixture("tags_list_immutable_field")).unwrap();
    assert!(on.tags.iter().all(|t| t.immutable == Some(false)));
    let locked: TagPage = serde_json::from_str(&fixture("tags_specific_immutable")).unwrap();
    assert!(locked.tags[0].is_immutable());
    let after: TagPage =
        serde_json::from_str(&fixture("tags_after_repo_immutability_create")).unwrap();
    let prod = after.tags.iter().find(|t| t.name == "prod").unwrap();
    assert!(prod.is_immutable());
    let off: TagPage = serde_json::from_str(&fixture("tags_list")).unwrap();
    assert!(off
        .tags
        .iter()
        .all(|t| t.immutable.is_none() && !t.is_immutable()));
}

#[test]
fn refusals_of_an_immutable_tag_read_as_quay_wrote_them() {
    let delete = decode_error(409, &fixture("tag_immutable_delete"));
    assert_eq!(delete.kind, ErrorKind::Conflict);
    assert_eq!(delete.error_type.as_deref(), Some("tag_immutable"));
    assert_eq!(delete.message, "Cannot delete immutable tag 'latest'");
    let moved = decode_error(409, &fixture("tag_immutable_retarget"));
    assert_eq!(moved.message, "Cannot overwrite immutable tag 'latest'");
    // The compact `{"message"}` shape of the same kind of refusal.
    let expire = decode_error(400, &fixture("tag_immutable_set_expiration"));
    assert_eq!(
        expire.message,
        "Cannot set expiration on immutable tag 'latest'"
    );
    let expiring = decode_error(400, &fixture("tag_immutable_set_on_expiring"));
    assert!(expiring.message.contains("tag has expiration set"));
    let bad = decode_error(400, &fixture("org_autoprune_create_bad_value"));
    assert_eq!(bad.message, "Invalid value given for method type");
}

#[test]
fn forms_check_what_quay_checks() {
    // Each recorded refusal is caught before sending.
    assert_eq!(
        autoprune_body("number_of_tags", "0", "", true, true),
        Err(PolicyProblem::CountInvalid)
    );
    assert_eq!(
        autoprune_body("number_of_tags", "-1", "", true, true),
        Err(PolicyProblem::CountInvalid)
    );
    assert_eq!(
        autoprune_body("creation_date", "7x", "", true, true),
        Err(PolicyProblem::AgeInvalid)
    );
    assert_eq!(
        autoprune_body("creation_date", "soon", "", true, true),
        Err(PolicyProblem::AgeInvalid)
    );
    assert_eq!(
        autoprune_body("creation_date", "7", "", true, true),
        Err(PolicyProblem::AgeInvalid)
    );
    assert_eq!(
        autoprune_body("by_size", "10", "", true, true),
        Err(PolicyProblem::MethodInvalid)
    );
    assert_eq!(
        immutability_body("", true, true),
        Err(PolicyProblem::PatternEmpty)
    );
    assert_eq!(
        immutability_body("v[0-9", true, false),
        Err(PolicyProblem::PatternInvalid)
    );
    // Typed as Quay wants them: an integer count, a string age.
    let count = autoprune_body("number_of_tags", "10", "", true, true).unwrap();
    assert_eq!(count.value, serde_json::json!(10));
    let age = autoprune_body("creation_date", "2w", "^tmp-", true, true).unwrap();
    assert_eq!(
        serde_json::to_value(&age).unwrap(),
        serde_json::json!({"method": "creation_date", "value": "2w", "tagPattern": "^tmp-", "tagPatternMatches": true})
    );
    assert_eq!(parse_age("1w"), Some(7 * 86_400));
    let imm = immutability_body("^v[0-9]+$", false, true).unwrap();
    assert_eq!(
        serde_json::to_value(&imm).unwrap(),
        serde_json::json!({"tagPattern": "^v[0-9]+$", "tagPatternMatches": false})
    );
}

fn tag(name: &str, age_days: i64, immutable: bool) -> PreviewTag {
    PreviewTag {
        name: name.into(),
        start_ts: Some(1_000_000_000 - age_days * 86_400),
        immutable,
    }
}

#[test]
fn previews_follow_quays_rules() {
    let tags = vec![
        tag("latest", 0, false),
        tag("prod", 1, true),
        tag("release-1", 10, false),
        tag("release-2", 20, false),
        tag("dev-3", 30, false),
    ];
    // re.match: anchored at the start.
    let starts = |p: &'static str| move |n: &str| n.starts_with(p);
    let (lock, already) = immutability_preview(&tags, true, &starts("release-"));
    assert_eq!(
        (lock, already),
        (vec!["release-1".to_owned(), "release-2".to_owned()], 0)
    );
    let (lock, already) = immutability_preview(&tags, false, &starts("release-"));
    assert_eq!(lock, vec!["latest".to_owned(), "dev-3".to_owned()]);
    assert_eq!(already, 1, "prod is already immutable");
    let now = 1_000_000_000;
    let keep2 = autoprune_body("number_of_tags", "2", "", true, true).unwrap();
    assert_eq!(
        prune_preview(&tags, &keep2, now, None),
        vec!["release-1", "release-2", "dev-3"]
    );
    let week = autoprune_body("creation_date", "1w", "", true, true).unwrap();
    assert_eq!(
        prune_preview(&tags, &week, now, None),
        vec!["release-1", "release-2", "dev-3"]
    );
    let hit = starts("release-");
    let only_release = autoprune_body("number_of_tags", "1", "release-", true, true).unwrap();
    assert_eq!(
        prune_preview(&tags, &only_release, now, Some(&hit)),
        vec!["release-2"]
    );
    let not_release = autoprune_body("creation_date", "2d", "release-", false, true).unwrap();
    assert_eq!(
        prune_preview(&tags, &not_release, now, Some(&hit)),
        vec!["dev-3"]
    );
}
