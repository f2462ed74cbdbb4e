//! Organization mirroring (`/organization/{org}/mirror`, scope `org:admin`; routed by Quay only
//! where `/config` has `ORG_MIRROR` on). One bearer call each.

use serde_json::{Map, Value};

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::org_mirror::form::CreateRequest;
use crate::model::org_mirror::{OrgMirrorConfig, RepositoriesPage, Status, Verification};
use crate::model::url::build_query;

fn path(org: &str, leaf: &str) -> String {
    format!("/organization/{}/mirror{leaf}", seg(org))
}

/// `GET .../mirror` (404 when the organization is not mirrored).
///
/// # Errors
/// As the client reports them.
pub async fn get(client: &Client, org: &str) -> Result<OrgMirrorConfig, ApiError> {
    client.get(&path(org, ""), scope::ORG_ADMIN).await
}

/// `POST .../mirror` → 201 `""`.
///
/// # Errors
/// As the client reports them (400: "the organization already contains repositories", "has a
/// proxy cache configuration", "Mirror configuration already exists for this organization",
/// "Invalid robot account: …", "The provided registry URL is not allowed", jsonschema texts).
pub async fn create(client: &Client, org: &str, body: &CreateRequest) -> Result<(), ApiError> {
    client
        .send::<Empty>(Method::Post, &path(org, ""), scope::ORG_ADMIN, Some(body))
        .await
        .map(|_| ())
}

/// `PUT .../mirror` with only the changed fields → 200 `""`.
///
/// # Errors
/// As the client reports them.
pub async fn update(client: &Client, org: &str, body: &Map<String, Value>) -> Result<(), ApiError> {
    client
        .send::<Empty>(Method::Put, &path(org, ""), scope::ORG_ADMIN, Some(body))
        .await
        .map(|_| ())
}

/// `PUT .../mirror` `{"is_enabled"}` → 200 `""`.
///
/// # Errors
/// As the client reports them.
pub async fn set_enabled(client: &Client, org: &str, enabled: bool) -> Result<(), ApiError> {
    let mut body = Map::new();
    body.insert("is_enabled".into(), Value::Bool(enabled));
    update(client, org, &body).await
}

/// `DELETE .../mirror` → 204 (404 when there is none).
///
/// # Errors
/// As the client reports them.
pub async fn delete(client: &Client, org: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &path(org, ""),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `POST .../mirror/sync-now` → 204 (400 while a sync runs).
///
/// # Errors
/// As the client reports them.
pub async fn sync_now(client: &Client, org: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Post,
            &path(org, "/sync-now"),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `POST .../mirror/sync-cancel` → 204 (400 "Cannot cancel: mirror is already cancelled").
///
/// # Errors
/// As the client reports them.
pub async fn sync_cancel(client: &Client, org: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Post,
            &path(org, "/sync-cancel"),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `POST .../mirror/verify` → 200 `{"success", "message"}` (an unreachable source is
/// `success: false`, not an error).
///
/// # Errors
/// As the client reports them.
pub async fn verify(client: &Client, org: &str) -> Result<Verification, ApiError> {
    client
        .send::<Json<Verification>>(
            Method::Post,
            &path(org, "/verify"),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|j| j.0)
}

/// The path of `GET .../mirror/repositories?page&limit&status` (page from 1).
#[must_use]
pub fn repositories_path(org: &str, page: u32, limit: u32, status: Option<&Status>) -> String {
    let mut pairs = vec![
        ("page", page.max(1).to_string()),
        ("limit", limit.to_string()),
    ];
    if let Some(s) = status {
        pairs.push(("status", s.as_str().to_owned()));
    }
    format!("{}{}", path(org, "/repositories"), build_query(&pairs))
}

/// `GET .../mirror/repositories?page&limit&status`.
///
/// # Errors
/// As the client reports them (400 "Invalid status filter …").
pub async fn repositories(
    client: &Client,
    org: &str,
    page: u32,
    limit: u32,
    status: Option<&Status>,
) -> Result<RepositoriesPage, ApiError> {
    client
        .get(
            &repositories_path(org, page, limit, status),
            scope::ORG_ADMIN,
        )
        .await
}
