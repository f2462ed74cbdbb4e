//! Tags, manifests and labels of a repository.

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::tags::{
    ExpireTag, LabelCreated, LabelList, Manifest, NewLabel, SetExpiration, SetTarget, TagPage,
    TagQuery,
};

fn repo_path(ns: &str, repo: &str) -> String {
    format!("/repository/{}/{}", seg(ns), seg(repo))
}

/// The path of one page of `GET .../tag/`.
#[must_use]
pub fn list_path(ns: &str, repo: &str, query: &TagQuery) -> String {
    format!("{}/tag/{}", repo_path(ns, repo), query.to_query())
}

/// One page of `GET .../tag/`. The first page is remembered for this tab ([`last_seen`]).
///
/// # Errors
/// As the client reports them.
pub async fn list(
    client: &Client,
    ns: &str,
    repo: &str,
    query: &TagQuery,
) -> Result<TagPage, ApiError> {
    let path = list_path(ns, repo, query);
    if query.page <= 1 {
        client.get_remembered(&path, scope::REPO_READ).await
    } else {
        client.get(&path, scope::REPO_READ).await
    }
}

/// How many tags the list of `query` (its first page) had when this tab last saw its end.
#[must_use]
pub fn last_end(client: &Client, ns: &str, repo: &str, query: &TagQuery) -> Option<usize> {
    client.last_end(&list_path(ns, repo, query))
}

/// Remembers where the list of `query` (its first page) ended.
pub fn remember_end(client: &Client, ns: &str, repo: &str, query: &TagQuery, rows: usize) {
    client.remember_end(&list_path(ns, repo, query), rows);
}

/// The first page this tab last saw for `query` (shown at once on a reload, then refreshed).
#[must_use]
pub fn last_seen(client: &Client, ns: &str, repo: &str, query: &TagQuery) -> Option<TagPage> {
    client.last_seen(&list_path(ns, repo, query))
}

/// Starts the first page of a tag list early (a deep link, before the tags chunk has loaded).
pub fn prefetch(client: &Client, ns: &str, repo: &str, query: &TagQuery) {
    client.prefetch(&list_path(ns, repo, query), scope::REPO_READ);
}

fn tag_path(ns: &str, repo: &str, tag: &str) -> String {
    format!("{}/tag/{}", repo_path(ns, repo), seg(tag))
}

/// `PUT .../tag/{tag}` `{"manifest_digest"}`: creates the tag, or moves it (201 `"Updated"`).
///
/// # Errors
/// As the client reports them (404: no such manifest).
pub async fn set_target(
    client: &Client,
    ns: &str,
    repo: &str,
    tag: &str,
    digest: &str,
) -> Result<(), ApiError> {
    let body = SetTarget {
        manifest_digest: digest,
    };
    client
        .send::<Empty>(
            Method::Put,
            &tag_path(ns, repo, tag),
            scope::REPO_WRITE,
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// `PUT .../tag/{tag}` `{"expiration": seconds | null}`.
///
/// # Errors
/// As the client reports them (400: in the past).
pub async fn set_expiration(
    client: &Client,
    ns: &str,
    repo: &str,
    tag: &str,
    expiration: Option<i64>,
) -> Result<(), ApiError> {
    let body = SetExpiration { expiration };
    client
        .send::<Empty>(
            Method::Put,
            &tag_path(ns, repo, tag),
            scope::REPO_WRITE,
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// `DELETE .../tag/{tag}` (204).
///
/// # Errors
/// As the client reports them (404: no such tag).
pub async fn delete(client: &Client, ns: &str, repo: &str, tag: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &tag_path(ns, repo, tag),
            scope::REPO_WRITE,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `POST .../tag/{tag}/restore` `{"manifest_digest"}` (200 `{}`).
///
/// # Errors
/// As the client reports them.
pub async fn restore(
    client: &Client,
    ns: &str,
    repo: &str,
    tag: &str,
    digest: &str,
) -> Result<(), ApiError> {
    let body = SetTarget {
        manifest_digest: digest,
    };
    let path = format!("{}/restore", tag_path(ns, repo, tag));
    client
        .send::<Empty>(Method::Post, &path, scope::REPO_WRITE, Some(&body))
        .await
        .map(|_| ())
}

/// `POST .../tag/{tag}/expire` `{"manifest_digest", "include_submanifests": true, "is_alive":
/// false}` (200 `""`): deletes permanently the deleted tag `tag` of manifest `digest` still in the
/// time machine (Quay's `removeTagFromTimemachine`, `require_repo_write`). Routed only where Quay's
/// `PERMANENTLY_DELETE_TAGS` is on.
///
/// # Errors
/// As the client reports them: 404 when nothing matches (another manifest, already purged, out of
/// the window, or an immutable tag); 405 `{"message"}` where the feature is off.
pub async fn purge(
    client: &Client,
    ns: &str,
    repo: &str,
    tag: &str,
    digest: &str,
) -> Result<(), ApiError> {
    let body = ExpireTag {
        manifest_digest: digest,
        include_submanifests: true,
        is_alive: false,
    };
    let path = format!("{}/expire", tag_path(ns, repo, tag));
    client
        .send::<Empty>(Method::Post, &path, scope::REPO_WRITE, Some(&body))
        .await
        .map(|_| ())
}

fn manifest_path(ns: &str, repo: &str, digest: &str) -> String {
    format!("{}/manifest/{}", repo_path(ns, repo), seg(digest))
}

/// `GET .../manifest/{digest}`.
///
/// # Errors
/// As the client reports them.
pub async fn manifest(
    client: &Client,
    ns: &str,
    repo: &str,
    digest: &str,
) -> Result<Manifest, ApiError> {
    client
        .get(&manifest_path(ns, repo, digest), scope::REPO_READ)
        .await
}

/// `GET .../manifest/{digest}/labels`.
///
/// # Errors
/// As the client reports them.
pub async fn labels(
    client: &Client,
    ns: &str,
    repo: &str,
    digest: &str,
) -> Result<LabelList, ApiError> {
    let path = format!("{}/labels", manifest_path(ns, repo, digest));
    client.get(&path, scope::REPO_READ).await
}

/// `POST .../manifest/{digest}/labels` (201 `{"label"}`).
///
/// # Errors
/// As the client reports them (400: reserved prefix, bad key or media type).
pub async fn add_label(
    client: &Client,
    ns: &str,
    repo: &str,
    digest: &str,
    label: &NewLabel<'_>,
) -> Result<LabelCreated, ApiError> {
    let path = format!("{}/labels", manifest_path(ns, repo, digest));
    client
        .send::<Json<LabelCreated>>(Method::Post, &path, scope::REPO_WRITE, Some(label))
        .await
        .map(|j| j.0)
}

/// `DELETE .../manifest/{digest}/labels/{id}` (204).
///
/// # Errors
/// As the client reports them (400: a label that came with the image).
pub async fn delete_label(
    client: &Client,
    ns: &str,
    repo: &str,
    digest: &str,
    id: &str,
) -> Result<(), ApiError> {
    let path = format!("{}/labels/{}", manifest_path(ns, repo, digest), seg(id));
    client
        .send::<Empty>(Method::Delete, &path, scope::REPO_WRITE, None::<&()>)
        .await
        .map(|_| ())
}
