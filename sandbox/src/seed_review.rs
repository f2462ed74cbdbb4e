//! `revieworg`: an organization seeded for the access review, with one of each finding: a robot
//! never used, one unused for 120 days, one with write or admin on six repositories, one in use;
//! an OAuth application whose redirect URI is a bare origin (and one that is not); users with
//! direct roles. Seeded after every area from fixed data (it draws nothing from the world's
//! generator), so no other organization's data changes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::areas::applications::OAuthApp;
use crate::areas::robots::Robot;
use crate::world::{Repo, RepoState, Role, World};

pub const ORG: &str = "revieworg";

const REPOS: &[&str] = &["api", "web", "worker", "db", "cache", "infra"];

/// (short name, last used days ago).
const ROBOTS: &[(&str, Option<i64>)] = &[
    ("neverbot", None),
    ("stalebot", Some(120)),
    ("widebot", Some(1)),
    ("freshbot", Some(0)),
];

/// (user or robot, repository, role).
const GRANTS: &[(&str, &str, Role)] = &[
    ("revieworg+neverbot", "api", Role::Read),
    ("revieworg+stalebot", "web", Role::Read),
    ("revieworg+widebot", "api", Role::Write),
    ("revieworg+widebot", "web", Role::Write),
    ("revieworg+widebot", "worker", Role::Write),
    ("revieworg+widebot", "db", Role::Write),
    ("revieworg+widebot", "cache", Role::Write),
    ("revieworg+widebot", "infra", Role::Admin),
    ("revieworg+freshbot", "worker", Role::Read),
    ("reader", "api", Role::Read),
    ("public", "web", Role::Write),
];

const DAY: i64 = 86_400;

pub fn seed(world: &mut World) {
    let now = world.seeded_at;
    world.orgs.push(crate::seed::org(
        ORG,
        "quay+revieworg@devtable.com",
        "devtable",
        0,
    ));
    for (i, name) in REPOS.iter().enumerate() {
        let age = i64::try_from(i).unwrap_or(0) * DAY;
        world.repos.push(Repo {
            namespace: ORG.to_owned(),
            name: (*name).to_owned(),
            description: format!("Review test repository {name}"),
            is_public: false,
            kind: "image".to_owned(),
            state: RepoState::Normal,
            last_modified: now - DAY - age,
            popularity: 0.0,
            starred_by: BTreeSet::new(),
            status_token: format!("00000000-0000-4000-8000-00000000000{i}"),
            trust_enabled: false,
            user_roles: BTreeMap::new(),
        });
    }
    for (i, &(short, used)) in ROBOTS.iter().enumerate() {
        world.robots.robots.push(Robot {
            name: format!("{ORG}+{short}"),
            description: String::new(),
            created: now - 200 * DAY,
            last_accessed: used.map(|d| now - d * DAY - 3_600),
            token: format!("REVIEWORG{i:055}"),
            unstructured_metadata: Value::Object(Map::new()),
        });
    }
    for &(who, repo, role) in GRANTS {
        if let Some(r) = world.repo_mut(ORG, repo) {
            r.user_roles.insert(who.to_owned(), role);
        }
    }
    for (name, client_id, redirect) in [
        (
            "Legacy Dashboard",
            "REVIEWLEGACYDASH0001",
            "https://legacy.revieworg.example/",
        ),
        (
            "Build Status",
            "REVIEWBUILDSTATUS001",
            "https://builds.revieworg.example/oauth/callback",
        ),
    ] {
        world.applications.apps.push(OAuthApp {
            org: ORG.to_owned(),
            name: name.to_owned(),
            description: String::new(),
            application_uri: redirect.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: format!("{client_id}SECRET00000000000000"),
            redirect_uri: redirect.to_owned(),
            avatar_email: None,
        });
    }
}
