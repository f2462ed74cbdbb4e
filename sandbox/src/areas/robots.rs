//! Robot accounts area (`/api/v1/organization/{org}/robots`, `/api/v1/user/robots`). To be filled by
//! the robots engineer.

use axum::Router;
use serde_json::Value;

use crate::util;
use crate::world::World;
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
}

#[derive(Debug, Default)]
pub struct RobotStore {
    pub robots: Vec<Robot>,
}

impl RobotStore {
    pub fn find(&self, full_name: &str) -> Option<&Robot> {
        self.robots.iter().find(|r| r.name == full_name)
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

pub fn seed(world: &mut World) {
    let created = world.seeded_at - 30 * 86_400;
    let robots = SEEDED
        .iter()
        .map(|&(name, description)| Robot {
            name: name.to_owned(),
            description: description.to_owned(),
            created,
            last_accessed: None,
            token: util::random_upper(&mut world.rng, 64),
            unstructured_metadata: Value::Object(serde_json::Map::new()),
        })
        .collect();
    world.robots = RobotStore { robots };
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
