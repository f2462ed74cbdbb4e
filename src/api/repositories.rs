//! Repository list and details.

use super::{scope, seg, ApiError, Client};
use crate::model::repository::{Repository, RepositoryList};
use crate::model::url::build_query;

/// One page of `GET /api/v1/repository?namespace=...`; pass `next_page` back for the next.
///
/// # Errors
/// As the client reports them.
pub async fn list(
    client: &Client,
    namespace: &str,
    next_page: Option<&str>,
) -> Result<RepositoryList, ApiError> {
    let query = build_query(&[
        ("namespace", namespace),
        ("last_modified", "true"),
        ("next_page", next_page.unwrap_or_default()),
    ]);
    client
        .get(&format!("/repository{query}"), scope::REPO_READ)
        .await
}

/// `GET /api/v1/repository/{ns}/{repo}?includeTags=false`.
///
/// # Errors
/// As the client reports them.
pub async fn get(client: &Client, namespace: &str, name: &str) -> Result<Repository, ApiError> {
    client
        .get(
            // Without includeTags=false Quay lists every active tag: megabytes for a big repository.
            &format!(
                "/repository/{}/{}?includeTags=false",
                seg(namespace),
                seg(name)
            ),
            scope::REPO_READ,
        )
        .await
}

/// `GET /api/v1/repository/{ns}/{repo}/permissions/user/`: every user and robot with a direct
/// role on the repository, a map keyed by name (the access review reads one per repository).
///
/// # Errors
/// As the client reports them (403 without admin on the repository).
pub async fn user_permissions(
    client: &Client,
    namespace: &str,
    name: &str,
) -> Result<crate::model::review::UserPermissionMap, ApiError> {
    client
        .get(
            &format!(
                "/repository/{}/{}/permissions/user/",
                seg(namespace),
                seg(name)
            ),
            scope::REPO_ADMIN,
        )
        .await
}
