//! Tag lifecycle policies: immutability policies (`FEATURE_IMMUTABLE_TAGS`) of organizations and
//! repositories, and auto-prune policies (`FEATURE_AUTO_PRUNE`) of organizations, users and
//! repositories. Recorded as `org_immutability_*`, `repo_immutability_*`, `*_autoprune_*`.
//!
//! * [`immutability`]: `/organization/{org}/immutabilitypolicy/` and
//!   `/repository/{ns}/{repo}/immutabilitypolicy/` (+ `/{uuid}`). Saving a policy marks the
//!   existing tags it covers immutable at once; deleting it does not unlock them.
//! * [`autoprune`]: `/organization/{org}/autoprunepolicy/`, `/user/autoprunepolicy/`,
//!   `/repository/{ns}/{repo}/autoprunepolicy/` (+ `/{uuid}`). Quay prunes on its own schedule
//!   (a worker); the sandbox only keeps the policies.
//!
//! While a feature is off its paths are not routed ([`crate::features::gate`]).

mod autoprune;
mod immutability;

use axum::Router;

use crate::world::World;
use crate::AppState;

/// Where a policy belongs: a namespace (organization or user) or one repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Namespace(String),
    Repository(String, String),
}

/// An immutability policy (`{uuid, tagPattern, tagPatternMatches}`).
#[derive(Clone, Debug)]
pub struct ImmutabilityPolicy {
    pub uuid: String,
    pub owner: Owner,
    pub pattern: String,
    pub matches: bool,
}

/// An auto-prune policy. `value` is kept as sent (an integer or a string such as `7d`);
/// `pattern`/`matches` are `None` on the seeded policies, as recorded.
#[derive(Clone, Debug)]
pub struct AutoprunePolicy {
    pub uuid: String,
    pub owner: Owner,
    pub method: String,
    pub value: serde_json::Value,
    pub pattern: Option<String>,
    pub matches: Option<bool>,
}

#[derive(Debug, Default)]
pub struct LifecycleStore {
    pub immutability: Vec<ImmutabilityPolicy>,
    pub autoprune: Vec<AutoprunePolicy>,
}

/// The recorded seeded auto-prune policies: (uuid, namespace, repository, method, value).
const SEEDED_AUTOPRUNE: &[(&str, &str, Option<&str>, &str, &str)] = &[
    (
        "a5e0c889-27ba-4c7b-b585-05facc16e5bf",
        "devtable",
        None,
        "number_of_tags",
        "10",
    ),
    (
        "f4d761bd-428c-44a7-803a-6ce32c4d374f",
        "buynlarge",
        None,
        "creation_date",
        "5d",
    ),
    (
        "6c119f6d-7bee-4335-850c-68955d38aece",
        "devtable",
        Some("simple"),
        "number_of_tags",
        "10",
    ),
];

pub fn seed(world: &mut World) {
    world.lifecycle.autoprune = SEEDED_AUTOPRUNE
        .iter()
        .map(|(uuid, ns, repo, method, value)| AutoprunePolicy {
            uuid: (*uuid).to_owned(),
            owner: match repo {
                Some(r) => Owner::Repository((*ns).to_owned(), (*r).to_owned()),
                None => Owner::Namespace((*ns).to_owned()),
            },
            method: (*method).to_owned(),
            value: if *method == "number_of_tags" {
                value
                    .parse::<i64>()
                    .map_or(serde_json::Value::Null, Into::into)
            } else {
                (*value).into()
            },
            pattern: None,
            matches: None,
        })
        .collect();
}

pub fn routes() -> Router<AppState> {
    immutability::routes().merge(autoprune::routes())
}

/// Quay's `_matches_policy`: Python's `re.match` (anchored at the start only), negated when the
/// policy is for tags that do *not* match. A pattern that does not compile covers nothing.
pub fn covers(pattern: &str, matches: bool, tag: &str) -> bool {
    regex::Regex::new(&format!("^(?:{pattern})")).is_ok_and(|re| re.is_match(tag) == matches)
}

/// A tag just created in `namespace/repo`: immutable at once when a policy of the repository or
/// of its namespace covers it.
pub fn lock_new_tag(world: &mut World, namespace: &str, repo: &str, tag: &str, now: i64) {
    let covered = world.lifecycle.immutability.iter().any(|p| {
        let mine = match &p.owner {
            Owner::Namespace(ns) => ns == namespace,
            Owner::Repository(ns, r) => ns == namespace && r == repo,
        };
        mine && covers(&p.pattern, p.matches, tag)
    });
    if covered {
        let tags = world.tags.repo_mut(namespace, repo);
        if let Some(row) = tags
            .alive_index(tag, now)
            .and_then(|i| tags.rows.get_mut(i))
        {
            row.immutable = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn covers_is_anchored_at_the_start_only() {
        assert!(covers("^v[0-9]+$", true, "v12"));
        assert!(covers("v1", true, "v1.2"));
        assert!(!covers("1", true, "v1"));
        assert!(covers("^release-", false, "latest"));
        assert!(!covers("^release-", false, "release-1"));
        assert!(!covers("[a-", true, "a"));
    }
}
