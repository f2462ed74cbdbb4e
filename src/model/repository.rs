//! `GET /api/v1/repository?namespace=...` and `GET /api/v1/repository/{ns}/{repo}`.

use serde::Deserialize;

use crate::model::text::FoldCase;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Repository {
    pub namespace: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub is_public: bool,
    #[serde(default)]
    pub kind: Option<String>,
    /// `NORMAL`, `READ_ONLY`, `MIRROR`, `MARKED_FOR_DELETION`.
    #[serde(default)]
    pub state: Option<String>,
    /// Unix seconds, when `last_modified=true` was asked.
    #[serde(default)]
    pub last_modified: Option<f64>,
    #[serde(default)]
    pub is_starred: bool,
    #[serde(default)]
    pub can_write: Option<bool>,
    #[serde(default)]
    pub can_admin: Option<bool>,
}

impl Repository {
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// One page of the repository list; `next_page` is an opaque token to pass back.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RepositoryList {
    #[serde(default)]
    pub repositories: Vec<Repository>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// Case-insensitive substring filter on name and description, for the home page.
#[must_use]
pub fn filter<'a>(repos: &'a [Repository], needle: &str) -> Vec<&'a Repository> {
    let needle = needle.trim().folded();
    repos
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.name.folded().contains(&needle)
                || r.description
                    .as_deref()
                    .is_some_and(|d| d.folded().contains(&needle))
        })
        .collect()
}
