//! The robot picker's list: `GET /organization/{org}/robots` or `GET /user/robots`.
//!
//! A deliberately minimal copy of what the robots area decodes in full (`model::robots`): the
//! mirror form only needs the names, and the two areas are built in parallel.

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RobotName {
    /// Full name, `namespace+short`.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RobotNames {
    #[serde(default)]
    pub robots: Vec<RobotName>,
}

impl RobotNames {
    /// The full names, sorted.
    #[must_use]
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .robots
            .iter()
            .map(|r| r.name.clone())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}
