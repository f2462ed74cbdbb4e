//! Quay's quota endpoints: namespace quotas and limits, consumption, superuser quotas, registry size.
//!
//! Scopes follow Quay: reading an organization's quota needs membership only; `/user/quota` needs
//! `user:admin`; every change (quota or limit, any namespace) needs a superuser with `super:user`.
//! Limits of any namespace, user or organization, live under `/organization/{ns}/quota/{id}/limit`
//! (Quay has no other limit endpoints).

use super::{scope, seg, ApiError, Client, ErrorKind, Method};
use crate::model::error::{Empty, Json};
use crate::model::quotas::{
    LimitRequest, NsKind, OrgUsage, Quota, QuotaRequest, QuotaTarget, RegistrySize, RepoSizePage,
    SuperuserOrgList, SuperuserUserList, UserUsage,
};
use crate::model::url::build_query;

/// Page size asked of the superuser lists (Quay's maximum).
const SUPERUSER_PAGE: &str = "100";

/// Where `target`'s quotas are listed and changed.
fn quota_path(target: &QuotaTarget) -> String {
    match (target.superuser, target.kind) {
        (true, NsKind::Org) => format!("/superuser/organization/{}/quota", seg(&target.namespace)),
        (true, NsKind::User) => format!("/superuser/users/{}/quota", seg(&target.namespace)),
        (false, NsKind::Org) => format!("/organization/{}/quota", seg(&target.namespace)),
        (false, NsKind::User) => "/user/quota".to_owned(),
    }
}

/// The scope to read `target`'s quotas with.
fn read_scope(target: &QuotaTarget) -> &'static str {
    match (target.superuser, target.kind) {
        (true, _) => scope::SUPER_USER,
        // Quay asks only for membership; every console sign-in has user:read.
        (false, NsKind::Org) => scope::USER_READ,
        (false, NsKind::User) => scope::USER_ADMIN,
    }
}

/// Quay has no endpoint through which users change their own quota: only superusers can.
fn writable(target: &QuotaTarget) -> Result<(), ApiError> {
    if !target.superuser && target.kind == NsKind::User {
        return Err(ApiError::new(
            ErrorKind::Forbidden,
            403,
            "Only superusers can change a user's quota.",
        ));
    }
    Ok(())
}

/// `GET .../quota`: the namespace's quotas (Quay keeps at most one; with a system default quota
/// and none set, one with `default_config: true` and no id).
///
/// # Errors
/// As the client reports them.
pub async fn list(client: &Client, target: &QuotaTarget) -> Result<Vec<Quota>, ApiError> {
    client.get(&quota_path(target), read_scope(target)).await
}

/// `POST .../quota {"limit_bytes"}` → 201 `"Created"` without the id: list again to learn it.
///
/// # Errors
/// As the client reports them (400 when a quota exists already).
pub async fn create(
    client: &Client,
    target: &QuotaTarget,
    limit_bytes: u64,
) -> Result<(), ApiError> {
    writable(target)?;
    client
        .send::<Empty>(
            Method::Post,
            &quota_path(target),
            scope::SUPER_USER,
            Some(&QuotaRequest { limit_bytes }),
        )
        .await
        .map(|_| ())
}

/// `PUT .../quota/{id} {"limit_bytes"}` → the changed quota.
///
/// # Errors
/// As the client reports them.
pub async fn change(
    client: &Client,
    target: &QuotaTarget,
    quota_id: u64,
    limit_bytes: u64,
) -> Result<Quota, ApiError> {
    writable(target)?;
    client
        .send::<Json<Quota>>(
            Method::Put,
            &format!("{}/{quota_id}", quota_path(target)),
            scope::SUPER_USER,
            Some(&QuotaRequest { limit_bytes }),
        )
        .await
        .map(|j| j.0)
}

/// `DELETE .../quota/{id}` → 204 (its limits go with it).
///
/// # Errors
/// As the client reports them.
pub async fn delete(client: &Client, target: &QuotaTarget, quota_id: u64) -> Result<(), ApiError> {
    writable(target)?;
    client
        .send::<Empty>(
            Method::Delete,
            &format!("{}/{quota_id}", quota_path(target)),
            scope::SUPER_USER,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

fn limits_path(namespace: &str, quota_id: u64) -> String {
    format!("/organization/{}/quota/{quota_id}/limit", seg(namespace))
}

/// `POST /organization/{ns}/quota/{id}/limit {"type","threshold_percent"}` → 201 `"Created"`.
///
/// # Errors
/// As the client reports them.
pub async fn create_limit(
    client: &Client,
    namespace: &str,
    quota_id: u64,
    limit: &LimitRequest,
) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Post,
            &limits_path(namespace, quota_id),
            scope::SUPER_USER,
            Some(limit),
        )
        .await
        .map(|_| ())
}

/// `PUT /organization/{ns}/quota/{id}/limit/{limit_id}` → the whole quota.
///
/// # Errors
/// As the client reports them.
pub async fn change_limit(
    client: &Client,
    namespace: &str,
    quota_id: u64,
    limit_id: u64,
    limit: &LimitRequest,
) -> Result<Quota, ApiError> {
    client
        .send::<Json<Quota>>(
            Method::Put,
            &format!("{}/{limit_id}", limits_path(namespace, quota_id)),
            scope::SUPER_USER,
            Some(limit),
        )
        .await
        .map(|j| j.0)
}

/// `DELETE /organization/{ns}/quota/{id}/limit/{limit_id}` → 204.
///
/// # Errors
/// As the client reports them.
pub async fn delete_limit(
    client: &Client,
    namespace: &str,
    quota_id: u64,
    limit_id: u64,
) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &format!("{}/{limit_id}", limits_path(namespace, quota_id)),
            scope::SUPER_USER,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `GET /organization/{org}`: administrators (with `org:admin`) see `quota_report`, members do not.
///
/// # Errors
/// As the client reports them.
pub async fn org_usage(client: &Client, org: &str) -> Result<OrgUsage, ApiError> {
    client
        .get(&format!("/organization/{}", seg(org)), scope::USER_READ)
        .await
}

/// `GET /user/`: the signed-in user's `quota_report` (present with `user:admin`).
///
/// # Errors
/// As the client reports them.
pub async fn user_usage(client: &Client) -> Result<UserUsage, ApiError> {
    client.get("/user/", scope::USER_READ).await
}

/// One page of `GET /superuser/organizations/` (with quotas and consumption).
///
/// # Errors
/// As the client reports them.
pub async fn superuser_orgs(
    client: &Client,
    next_page: Option<&str>,
) -> Result<SuperuserOrgList, ApiError> {
    let query = build_query(&[
        ("limit", SUPERUSER_PAGE),
        ("next_page", next_page.unwrap_or_default()),
    ]);
    client
        .get(
            &format!("/superuser/organizations/{query}"),
            scope::SUPER_USER,
        )
        .await
}

/// One page of `GET /superuser/users/` (with quotas and consumption).
///
/// # Errors
/// As the client reports them.
pub async fn superuser_users(
    client: &Client,
    next_page: Option<&str>,
) -> Result<SuperuserUserList, ApiError> {
    let query = build_query(&[
        ("limit", SUPERUSER_PAGE),
        ("next_page", next_page.unwrap_or_default()),
    ]);
    client
        .get(&format!("/superuser/users/{query}"), scope::SUPER_USER)
        .await
}

/// One page of `GET /repository?namespace=`, read for each repository's `quota_report`.
///
/// # Errors
/// As the client reports them.
pub async fn repository_sizes(
    client: &Client,
    namespace: &str,
    next_page: Option<&str>,
) -> Result<RepoSizePage, ApiError> {
    let query = build_query(&[
        ("namespace", namespace),
        ("next_page", next_page.unwrap_or_default()),
    ]);
    client
        .get(&format!("/repository{query}"), scope::REPO_READ)
        .await
}

/// `GET /superuser/registrysize/`.
///
/// # Errors
/// As the client reports them.
pub async fn registry_size(client: &Client) -> Result<RegistrySize, ApiError> {
    client
        .get("/superuser/registrysize/", scope::SUPER_USER)
        .await
}

/// `POST /superuser/registrysize/` → 201 `""` (queued) or 202 (already queued).
///
/// # Errors
/// As the client reports them.
pub async fn queue_registry_size(client: &Client) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Post,
            "/superuser/registrysize/",
            scope::SUPER_USER,
            None::<&()>,
        )
        .await
        .map(|_| ())
}
