//! An organization's proxy cache (`/organization/{org}/proxycache`, scope `org:admin`).

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::proxy_cache::{ProxyCache, ProxyCacheRequest};

fn path(org: &str, leaf: &str) -> String {
    format!("/organization/{}/{leaf}", seg(org))
}

/// `GET .../proxycache`: always 200 (empty strings when there is none).
///
/// # Errors
/// As the client reports them.
pub async fn get(client: &Client, org: &str) -> Result<ProxyCache, ApiError> {
    client.get(&path(org, "proxycache"), scope::ORG_ADMIN).await
}

/// `POST .../proxycache` → 201 `"Created"`.
///
/// # Errors
/// As the client reports them (400 "Proxy Cache Configuration already exists", "Cannot convert
/// organization to proxy cache: immutable tags exist", "... organization-level mirroring").
pub async fn create(client: &Client, org: &str, body: &ProxyCacheRequest) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Post,
            &path(org, "proxycache"),
            scope::ORG_ADMIN,
            Some(body),
        )
        .await
        .map(|_| ())
}

/// `DELETE .../proxycache` → 201 `"Deleted"` (404 when there is none).
///
/// # Errors
/// As the client reports them.
pub async fn delete(client: &Client, org: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &path(org, "proxycache"),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `POST .../validateproxycache` → 202 `"Valid"` (credentials accepted) or `"Anonymous"`.
///
/// # Errors
/// As the client reports them (400 "Failed login to remote registry...", "The provided registry
/// URL is not allowed").
pub async fn validate(
    client: &Client,
    org: &str,
    body: &ProxyCacheRequest,
) -> Result<String, ApiError> {
    client
        .send::<Json<String>>(
            Method::Post,
            &path(org, "validateproxycache"),
            scope::ORG_ADMIN,
            Some(body),
        )
        .await
        .map(|j| j.0)
}
