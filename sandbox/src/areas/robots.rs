//! Robot accounts area: `/api/v1/organization/{org}/robots[...]`, `/api/v1/user/robots[...]` (list, create,
//! get, regenerate, delete, permissions, federation) and the per-user repository permissions
//! (`/api/v1/repository/{ns}/{repo}/permissions/user/{username}`) that robots are granted through.
//!
//! A robot's repository permissions live in [`crate::world::Repo::user_roles`] under its full name, its
//! team memberships in the organization's teams, like any user's.

mod federation;
mod handlers;
mod permissions;

use std::collections::BTreeMap;

use axum::routing::{get, put};
use axum::Router;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Map, Value};

use crate::util;
use crate::world::{Role, TeamRole, World};
use crate::AppState;

/// A robot account; `name` is the full `namespace+short` name.
#[derive(Clone, Debug)]
pub struct Robot {
    pub name: String,
    pub description: String,
    pub created: i64,
    pub last_accessed: Option<i64>,
    pub token: String,
    pub unstructured_metadata: Value,
}

impl Robot {
    /// The namespace part of `namespace+short`.
    pub fn namespace(&self) -> &str {
        self.name.split_once('+').map_or("", |(ns, _)| ns)
    }

    /// Quay's `RobotWithPermissions.to_dict` without the optional parts; callers add `token`,
    /// `unstructured_metadata`, `teams` and `repositories` as the endpoint asks.
    pub fn base_view(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("name".into(), json!(self.name));
        map.insert("created".into(), json!(util::http_date(self.created)));
        map.insert(
            "last_accessed".into(),
            json!(self.last_accessed.map(util::http_date)),
        );
        map.insert("description".into(), json!(self.description));
        map
    }
}

/// One trusted identity of a robot (`issuer` + `subject`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Federation {
    pub issuer: String,
    pub subject: String,
}

#[derive(Debug, Default)]
pub struct RobotStore {
    pub robots: Vec<Robot>,
    /// Federation configurations by full robot name.
    pub federation: BTreeMap<String, Vec<Federation>>,
}

impl RobotStore {
    pub fn find(&self, full_name: &str) -> Option<&Robot> {
        self.robots.iter().find(|r| r.name == full_name)
    }

    pub fn find_mut(&mut self, full_name: &str) -> Option<&mut Robot> {
        self.robots.iter_mut().find(|r| r.name == full_name)
    }

    /// Robots of a namespace, in creation order (as Quay lists them).
    pub fn in_namespace<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Robot> + 'a {
        self.robots
            .iter()
            .filter(move |r| r.namespace() == namespace)
    }
}

const SEEDED: &[(&str, &str)] = &[
    ("devtable+dtrobot", "Pushes from CI"),
    ("devtable+dtrobot2", ""),
    ("buynlarge+coolrobot", ""),
    ("buynlarge+neworgrobot", ""),
    ("buynlarge+ownerbot", ""),
    ("buynlarge+creatorbot", ""),
    ("library+syncbot", "Mirrors upstream images"),
];

/// Direct repository permissions of the seeded robots: (robot, repository in its namespace, role).
const GRANTS: &[(&str, &str, Role)] = &[
    ("devtable+dtrobot", "shared", Role::Read),
    ("devtable+dtrobot", "complex", Role::Read),
    ("devtable+dtrobot", "mirrored", Role::Write),
    ("devtable+dtrobot2", "mirrored", Role::Read),
    ("buynlarge+coolrobot", "orgrepo", Role::Write),
    ("buynlarge+coolrobot", "anotherorgrepo", Role::Read),
    ("buynlarge+coolrobot", "webapp", Role::Admin),
    ("buynlarge+neworgrobot", "big", Role::Read),
    ("library+syncbot", "ubuntu", Role::Write),
    ("library+syncbot", "alpine", Role::Write),
];

/// Organization with many robots, for long lists (`titi` has no other seeded activity).
const MANY_ROBOTS_ORG: &str = "titi";
const MANY_ROBOTS: usize = 240;

pub fn seed(world: &mut World) {
    let created = world.seeded_at - 30 * 86_400;
    // The seeded robots' tokens come from the world's generator, in this order, as before: areas
    // seeded later draw from the same generator.
    let mut robots: Vec<Robot> = SEEDED
        .iter()
        .map(|&(name, description)| Robot {
            name: name.to_owned(),
            description: description.to_owned(),
            created,
            last_accessed: None,
            token: util::random_upper(&mut world.rng, 64),
            unstructured_metadata: Value::Object(Map::new()),
        })
        .collect();
    // Everything else from a generator of its own, so other areas' seeds stay as they were.
    let mut rng = StdRng::seed_from_u64(world.opts.seed ^ 0x0B07_5EED);
    for robot in &mut robots {
        match robot.name.as_str() {
            "devtable+dtrobot" => {
                robot.last_accessed = Some(world.seeded_at - 2 * 3_600);
                robot.unstructured_metadata = json!({"owner": "ci", "pipeline": "release"});
            }
            "buynlarge+coolrobot" => robot.last_accessed = Some(world.seeded_at - 3 * 86_400),
            _ => {}
        }
    }
    for i in 1..=MANY_ROBOTS {
        let age = i64::try_from(i).unwrap_or(0) * 3_600;
        robots.push(Robot {
            name: format!("{MANY_ROBOTS_ORG}+builder_{i:03}"),
            description: format!("Build agent {i}"),
            created: world.seeded_at - 60 * 86_400 + age,
            last_accessed: (i % 3 == 0).then_some(world.seeded_at - age),
            token: util::random_upper(&mut rng, 64),
            unstructured_metadata: Value::Object(Map::new()),
        });
    }
    for &(robot, repo, role) in GRANTS {
        let ns = robot.split_once('+').map_or("", |(ns, _)| ns);
        if let Some(r) = world.repo_mut(ns, repo) {
            r.user_roles.insert(robot.to_owned(), role);
        }
    }
    if let Some(org) = world.org_mut("buynlarge") {
        for team in &mut org.teams {
            match team.role {
                TeamRole::Admin if team.name == "owners" => {
                    team.members.push("buynlarge+ownerbot".to_owned());
                }
                TeamRole::Creator => team.members.push("buynlarge+creatorbot".to_owned()),
                _ => {}
            }
        }
    }
    let mut federation = BTreeMap::new();
    federation.insert(
        "buynlarge+coolrobot".to_owned(),
        vec![Federation {
            issuer: "https://token.actions.githubusercontent.com".to_owned(),
            subject: "repo:buynlarge/webapp:ref:refs/heads/main".to_owned(),
        }],
    );
    world.robots = RobotStore { robots, federation };
}

pub fn routes() -> Router<AppState> {
    use handlers as h;
    Router::new()
        .route("/api/v1/organization/{org}/robots", get(h::org_list))
        .route(
            "/api/v1/organization/{org}/robots/{short}",
            get(h::org_get).put(h::org_create).delete(h::org_delete),
        )
        .route(
            "/api/v1/organization/{org}/robots/{short}/regenerate",
            axum::routing::post(h::org_regenerate),
        )
        .route(
            "/api/v1/organization/{org}/robots/{short}/permissions",
            get(h::org_permissions),
        )
        .route(
            "/api/v1/organization/{org}/robots/{short}/federation",
            get(federation::org_get)
                .post(federation::org_set)
                .delete(federation::org_delete),
        )
        .route("/api/v1/user/robots", get(h::user_list))
        .route(
            "/api/v1/user/robots/{short}",
            get(h::user_get).put(h::user_create).delete(h::user_delete),
        )
        .route(
            "/api/v1/user/robots/{short}/regenerate",
            axum::routing::post(h::user_regenerate),
        )
        .route(
            "/api/v1/user/robots/{short}/permissions",
            get(h::user_permissions),
        )
        .route(
            "/api/v1/user/robots/{short}/federation",
            get(federation::user_get)
                .post(federation::user_set)
                .delete(federation::user_delete),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/permissions/user/",
            get(permissions::list),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/permissions/user/{username}",
            put(permissions::change)
                .get(permissions::get_one)
                .delete(permissions::delete),
        )
}
