//! Seeded organization mirrors: `mirrororg` stays empty with its robot `mirrororg+syncbot` (the
//! recordings' organization), and `syncedorg` is mirrored from a Harbor project with a few
//! repositories in every status. The repositories that a sync created exist in state `MIRROR`.
//! Seeded last, from fixed data: no other area's seed changes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::{MirroredRepo, OrgMirror, REPO_STATUSES};
use crate::areas::robots::Robot;
use crate::util;
use crate::world::{Repo, RepoState, World};

const DAY: i64 = 86_400;
/// (status, repository names, message)
const SYNCED: &[(&str, &[&str], Option<&str>)] = &[
    (
        "SUCCESS",
        &[
            "base-alpine",
            "base-ubuntu",
            "base-debian",
            "tools-curl",
            "tools-git",
            "tools-make",
            "runtime-go",
            "runtime-node",
            "runtime-python",
            "runtime-java",
            "runtime-ruby",
            "runtime-rust",
        ],
        None,
    ),
    ("SYNCING", &["base-fedora", "base-rocky"], None),
    ("SYNC_NOW", &["tools-jq", "tools-yq"], None),
    (
        "FAIL",
        &["tools-kubectl", "tools-helm", "runtime-php"],
        Some("skopeo copy failed: manifest unknown"),
    ),
    (
        "NEVER_RUN",
        &["ml-torch", "ml-tensorflow", "ml-jupyter"],
        None,
    ),
    (
        "CANCEL",
        &["legacy-centos7", "legacy-java8"],
        Some("Sync cancelled"),
    ),
    (
        "SKIP",
        &["scratch", "test-fixtures"],
        Some("Excluded by repository filters"),
    ),
];

fn robot(name: &str, description: &str, created: i64, token: &str) -> Robot {
    Robot {
        name: name.to_owned(),
        description: description.to_owned(),
        created,
        last_accessed: None,
        token: token.to_owned(),
        unstructured_metadata: Value::Object(Map::new()),
    }
}

pub fn seed(world: &mut World) {
    let now = world.seeded_at;
    if world.org("mirrororg").is_some() {
        world.robots.robots.push(robot(
            "mirrororg+syncbot",
            "Creates the mirrored repositories",
            now - 2 * DAY,
            "MIRRORORGSYNCBOT0000000000000000000000000000000000000000000000AA",
        ));
    }
    if world.org("syncedorg").is_none() {
        return;
    }
    let mut bot = robot(
        "syncedorg+mirrorbot",
        "Organization mirror of harbor.example.com/platform",
        now - 40 * DAY,
        "SYNCEDORGMIRRORBOT00000000000000000000000000000000000000000000BB",
    );
    bot.last_accessed = Some(now - 3_600);
    world.robots.robots.push(bot);
    let mut repos = Vec::new();
    let mut age = 0;
    for &(status, names, message) in SYNCED {
        let Some(status) = REPO_STATUSES.iter().copied().find(|s| *s == status) else {
            continue;
        };
        for name in names {
            age += 1;
            let created = matches!(status, "SUCCESS" | "SYNCING" | "FAIL");
            let synced = matches!(status, "SUCCESS" | "FAIL" | "CANCEL");
            repos.push(MirroredRepo {
                name: (*name).to_owned(),
                status,
                discovered: now - 30 * DAY + age * 3_600,
                last_sync: synced.then_some(now - 6 * 3_600 - age * 60),
                message: message.map(str::to_owned),
                created,
            });
        }
    }
    for r in repos.iter().filter(|r| r.created) {
        world.repos.push(Repo {
            namespace: "syncedorg".to_owned(),
            name: r.name.clone(),
            description: format!("Mirrored from harbor.example.com/platform/{}", r.name),
            is_public: false,
            kind: "image".to_owned(),
            state: RepoState::Mirror,
            last_modified: r.last_sync.unwrap_or(r.discovered),
            popularity: 0.0,
            starred_by: BTreeSet::new(),
            status_token: format!("00000000-0000-4000-8000-{:012}", world.repos.len()),
            trust_enabled: false,
            user_roles: BTreeMap::new(),
        });
    }
    let start = util::iso_date(now - 6 * 3_600);
    world.org_mirror.by_org.insert(
        "syncedorg".to_owned(),
        OrgMirror {
            is_enabled: true,
            registry_type: "harbor".to_owned(),
            url: "https://harbor.example.com".to_owned(),
            namespace: "platform".to_owned(),
            username: Some("robot$platform+quay".to_owned()),
            password: Some("seeded".to_owned()),
            registry_config: json!({"verify_tls": true, "proxy": {"http_proxy": null, "https_proxy": null, "no_proxy": null}}),
            filters: vec![
                "base-*".to_owned(),
                "tools-*".to_owned(),
                "runtime-*".to_owned(),
                "ml-*".to_owned(),
                "legacy-*".to_owned(),
            ],
            robot: "syncedorg+mirrorbot".to_owned(),
            visibility: "private".to_owned(),
            interval: DAY.unsigned_abs(),
            start_date: format!("{}.000000Z", start.trim_end_matches('Z')),
            expiration_date: None,
            status: "SYNCING",
            retries: super::MAX_RETRIES,
            skopeo_timeout: 600,
            created: util::iso_date(now - 40 * DAY),
            repos,
        },
    );
}
