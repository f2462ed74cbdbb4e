//! Generated log history: `--logs` random entries over the last six weeks (many kinds, metadata shaped
//! like Quay's), a daily mirror sync of `devtable/mirrored`, and a short recent story.

use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

use crate::areas::applications::CONSOLE_CLIENT_ID;
use crate::util::fake_digest;
use crate::world::World;

pub(super) struct Draft {
    pub(super) at: i64,
    pub(super) kind: &'static str,
    pub(super) ns: String,
    pub(super) repo: Option<String>,
    pub(super) performer: Option<String>,
    pub(super) ip: Option<String>,
    pub(super) meta: Value,
}

const SPAN: i64 = 42 * 86_400;
const NAMESPACES: &[(&str, u32)] = &[
    ("buynlarge", 5),
    ("devtable", 4),
    ("library", 2),
    ("testorgforautoprune", 1),
    ("sellnsmall", 1),
];
const REPO_KINDS: &[(&str, u32)] = &[
    ("pull_repo", 30),
    ("push_repo", 12),
    ("create_tag", 6),
    ("move_tag", 4),
    ("delete_tag", 4),
    ("revert_tag", 1),
    ("change_tag_expiration", 2),
    ("change_repo_permission", 1),
    ("change_repo_visibility", 1),
    ("set_repo_description", 1),
    ("create_repo", 1),
    ("change_repo_state", 1),
];
const NS_KINDS: &[(&str, u32)] = &[
    ("create_robot", 3),
    ("delete_robot", 1),
    ("regenerate_robot_token", 1),
    ("create_application", 1),
    ("update_application", 1),
    ("reset_application_client_secret", 1),
    ("delete_application", 1),
    ("org_create_team", 1),
    ("org_set_team_role", 1),
    ("org_add_team_member", 1),
    ("org_create_quota", 1),
    ("org_change_quota", 1),
    ("org_create_quota_limit", 1),
    ("org_change_quota_limit", 1),
    ("org_delete_quota_limit", 1),
    ("create_app_specific_token", 1),
    ("revoke_app_specific_token", 1),
];
const TAGS: &[&str] = &[
    "latest", "v1.0", "v1.1", "v2.0", "stable", "edge", "3.3.1", "prod", "staging",
];

fn weighted<'a, R: Rng>(rng: &mut R, table: &'a [(&'a str, u32)]) -> &'a str {
    table
        .choose_weighted(rng, |(_, w)| *w)
        .map_or("pull_repo", |(k, _)| *k)
}

fn pick<R: Rng>(rng: &mut R, items: &[String], fallback: &str) -> String {
    items
        .choose(rng)
        .cloned()
        .unwrap_or_else(|| fallback.to_owned())
}

pub fn seed(world: &mut World) {
    let now = world.seeded_at;
    let mut drafts = Vec::new();
    for _ in 0..world.opts.logs {
        drafts.push(random_entry(world, now));
    }
    super::logs_history::mirror_history(world, now, &mut drafts);
    super::logs_history::story(now, &mut drafts);
    drafts.sort_by_key(|d| d.at);
    for d in drafts {
        world.logs.push(
            d.kind,
            &d.ns,
            d.repo.as_deref(),
            d.performer.as_deref(),
            d.ip.as_deref(),
            d.at,
            d.meta,
        );
    }
}

fn performers(world: &World, ns: &str) -> Vec<String> {
    let mut people: Vec<String> = match world.org(ns) {
        Some(org) => org
            .teams
            .iter()
            .flat_map(|t| t.members.iter().cloned())
            .collect(),
        None => vec![ns.to_owned()],
    };
    people.extend(
        world
            .robots
            .robots
            .iter()
            .filter(|r| r.namespace() == ns)
            .map(|r| r.name.clone()),
    );
    people.sort();
    people.dedup();
    people
}

pub(super) fn with_oauth(meta: Value) -> Value {
    let mut meta = meta;
    if let Some(map) = meta.as_object_mut() {
        map.insert("oauth_token_id".into(), json!(1));
        map.insert(
            "oauth_token_application_id".into(),
            json!(CONSOLE_CLIENT_ID),
        );
        map.insert("oauth_token_application".into(), json!("Quay Console"));
    }
    meta
}

fn random_entry(world: &mut World, now: i64) -> Draft {
    let ns = weighted(&mut world.rng, NAMESPACES).to_owned();
    let is_org = world.org(&ns).is_some();
    let repos: Vec<String> = world
        .repos
        .iter()
        .filter(|r| r.namespace == ns)
        .map(|r| r.name.clone())
        .collect();
    let people = performers(world, &ns);
    let rng = &mut world.rng;
    let at = now - rng.gen_range(0..SPAN);
    let mut performer = Some(pick(rng, &people, "devtable"));
    let user = performer.clone().unwrap_or_default();
    let ip = Some(format!(
        "10.0.{}.{}",
        rng.gen_range(0..8),
        rng.gen_range(2..250)
    ));
    let tag = TAGS.choose(rng).copied().unwrap_or("latest");
    let n: u32 = rng.gen_range(0..1000);
    let repo_level = rng.gen_bool(0.85) || !is_org;
    if repo_level && !repos.is_empty() {
        let repo = pick(rng, &repos, "simple");
        let kind = weighted(rng, REPO_KINDS);
        let digest = fake_digest(&format!("{ns}/{repo}:{tag}:{n}"));
        let meta = match kind {
            "pull_repo" | "push_repo" => {
                if kind == "pull_repo" && rng.gen_bool(0.2) {
                    performer = None;
                    json!({"repo": repo, "namespace": ns, "tag": tag})
                } else if user.contains('+') {
                    json!({"repo": repo, "namespace": ns, "tag": tag, "robot": user})
                } else {
                    json!({"repo": repo, "namespace": ns, "tag": tag, "username": user})
                }
            }
            "create_tag" | "move_tag" => {
                let original = (kind == "move_tag")
                    .then(|| fake_digest(&format!("{ns}/{repo}:{tag}:{}", n + 1)));
                json!({"username": user, "repo": repo, "tag": tag, "namespace": ns,
                       "manifest_digest": digest, "original_manifest_digest": original})
            }
            "delete_tag" => json!({"username": user, "repo": repo, "namespace": ns, "tag": tag}),
            "revert_tag" => {
                json!({"username": user, "repo": repo, "tag": tag, "manifest_digest": digest})
            }
            "change_tag_expiration" => {
                let expires = rng.gen_bool(0.7).then(|| at + 14 * 86_400);
                json!({"username": user, "repo": repo, "tag": tag, "namespace": ns,
                       "expiration_date": expires, "old_expiration_date": Value::Null})
            }
            "change_repo_permission" => json!({"username": "reader", "repo": repo, "role": "read"}),
            "change_repo_visibility" => {
                json!({"repo": repo, "namespace": ns, "visibility": "private"})
            }
            "set_repo_description" => {
                json!({"repo": repo, "namespace": ns, "description": "Updated description"})
            }
            "create_repo" => json!({"namespace": ns, "repo": repo}),
            _ => json!({"repo": repo, "namespace": ns, "state_changed": "READ_ONLY"}),
        };
        let meta = if performer.as_deref() == Some("devtable") && rng.gen_bool(0.3) {
            with_oauth(meta)
        } else {
            meta
        };
        let ip = if performer.is_none() { None } else { ip };
        return Draft {
            at,
            kind,
            ns,
            repo: Some(repo),
            performer,
            ip,
            meta,
        };
    }
    let kind = loop {
        let k = weighted(rng, NS_KINDS);
        let org_only = k.starts_with("org_") || k.contains("application");
        let user_only = k.contains("app_specific_token");
        if (is_org && !user_only) || (!is_org && !org_only) {
            break k;
        }
    };
    if user.contains('+') {
        performer = Some(if is_org {
            "devtable".to_owned()
        } else {
            ns.clone()
        });
    }
    let robot = format!("bot{n}");
    let app = format!("App {n}");
    let client_id = format!("CLIENT{n:014}");
    let meta = match kind {
        "create_robot" => json!({"robot": robot, "description": "", "unstructured_metadata": {}}),
        "delete_robot" | "regenerate_robot_token" => json!({"robot": robot}),
        "create_application" | "update_application" => json!({
            "name": app, "redirect_uri": "https://app.example.com/cb", "application_uri": "https://app.example.com",
            "description": "", "avatar_email": Value::Null, "application_name": app, "client_id": client_id}),
        "reset_application_client_secret" | "delete_application" => {
            json!({"application_name": app, "client_id": client_id})
        }
        "org_create_team" => json!({"team": "deployers"}),
        "org_set_team_role" => json!({"team": "deployers", "role": "creator"}),
        "org_add_team_member" => json!({"team": "deployers", "member": "member"}),
        "org_create_quota" => {
            json!({"namespace": ns, "limit_bytes": 10_737_418_240_u64, "limit": "10.0 GiB"})
        }
        "org_change_quota" => {
            json!({"namespace": ns, "limit_bytes": 21_474_836_480_u64, "limit": "20.0 GiB",
            "previous_limit_bytes": 10_737_418_240_u64, "previous_limit": "10.0 GiB"})
        }
        "org_create_quota_limit" => {
            json!({"namespace": ns, "type": "Warning", "threshold_percent": 80})
        }
        "org_change_quota_limit" => {
            json!({"namespace": ns, "type": "Warning", "threshold_percent": 70,
            "previous_type": "Warning", "previous_threshold_percent": 80})
        }
        "org_delete_quota_limit" => {
            json!({"namespace": ns, "limit_id": n, "type": "Reject", "threshold_percent": 95})
        }
        _ => json!({"app_specific_token_title": format!("token {n}"),
                     "app_specific_token": crate::util::uuid(rng)}),
    };
    Draft {
        at,
        kind,
        ns,
        repo: None,
        performer,
        ip,
        meta,
    }
}
