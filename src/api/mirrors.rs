//! Repository mirroring: the mirror config, sync control, the repository state, fleet health, and
//! the two small reads the mirror page needs from other areas (robot names, the repository's logs),
//! kept minimal here because those areas are built in parallel.

use serde_json::{json, Value};

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::Empty;
use crate::model::logs::LogPage;
use crate::model::mirrors::health::MirrorHealth;
use crate::model::mirrors::MirrorConfig;
use crate::model::robots::RobotList;
use crate::model::url::build_query;

fn mirror_path(namespace: &str, repo: &str) -> String {
    format!("/repository/{}/{}/mirror", seg(namespace), seg(repo))
}

/// `GET /api/v1/repository/{ns}/{repo}/mirror`; 404 when the repository has no mirror.
///
/// # Errors
/// As the client reports them.
pub async fn get(client: &Client, namespace: &str, repo: &str) -> Result<MirrorConfig, ApiError> {
    client
        .get(&mirror_path(namespace, repo), scope::REPO_ADMIN)
        .await
}

/// `POST .../mirror` → 201 `""`; the repository switches to state `MIRROR`. 409 if one exists.
///
/// # Errors
/// As the client reports them (400 with Quay's message for a refused source or robot).
pub async fn create(
    client: &Client,
    namespace: &str,
    repo: &str,
    body: &Value,
) -> Result<Empty, ApiError> {
    client
        .send(
            Method::Post,
            &mirror_path(namespace, repo),
            scope::REPO_ADMIN,
            Some(body),
        )
        .await
}

/// `PUT .../mirror` with only the changed fields → 201 `""`.
///
/// # Errors
/// As the client reports them.
pub async fn update(
    client: &Client,
    namespace: &str,
    repo: &str,
    body: &Value,
) -> Result<Empty, ApiError> {
    client
        .send(
            Method::Put,
            &mirror_path(namespace, repo),
            scope::REPO_ADMIN,
            Some(body),
        )
        .await
}

/// Enables or disables scheduled syncs (`PUT .../mirror {"is_enabled"}`).
///
/// # Errors
/// As the client reports them.
pub async fn set_enabled(
    client: &Client,
    namespace: &str,
    repo: &str,
    enabled: bool,
) -> Result<Empty, ApiError> {
    update(client, namespace, repo, &json!({ "is_enabled": enabled })).await
}

/// `POST .../mirror/sync-now` → 204 (`SYNC_NOW`); Quay answers 404 while a sync runs.
///
/// # Errors
/// As the client reports them.
pub async fn sync_now(client: &Client, namespace: &str, repo: &str) -> Result<Empty, ApiError> {
    client
        .send(
            Method::Post,
            &format!("{}/sync-now", mirror_path(namespace, repo)),
            scope::REPO_ADMIN,
            None::<&Value>,
        )
        .await
}

/// `POST .../mirror/sync-cancel` → 204 (`CANCEL`, no retries until the next manual sync); 404
/// unless a sync is pending or running.
///
/// # Errors
/// As the client reports them.
pub async fn sync_cancel(client: &Client, namespace: &str, repo: &str) -> Result<Empty, ApiError> {
    client
        .send(
            Method::Post,
            &format!("{}/sync-cancel", mirror_path(namespace, repo)),
            scope::REPO_ADMIN,
            None::<&Value>,
        )
        .await
}

/// `PUT /api/v1/repository/{ns}/{repo}/changestate {"state"}` → `{"success": true}`.
///
/// # Errors
/// As the client reports them.
pub async fn change_state(
    client: &Client,
    namespace: &str,
    repo: &str,
    state: &str,
) -> Result<Empty, ApiError> {
    client
        .send(
            Method::Put,
            &format!("/repository/{}/{}/changestate", seg(namespace), seg(repo)),
            scope::REPO_ADMIN,
            Some(&json!({ "state": state })),
        )
        .await
}

/// One page of `GET /api/v1/repository/mirror/health?detailed=true`, for a namespace or (for
/// superusers, `None`) every namespace. A 503 carries the same report (the fleet is unhealthy).
///
/// # Errors
/// As the client reports them.
pub async fn health(
    client: &Client,
    namespace: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<MirrorHealth, ApiError> {
    let query = build_query(&[
        ("namespace", namespace.unwrap_or_default().to_owned()),
        ("detailed", "true".to_owned()),
        ("limit", limit.to_string()),
        ("offset", offset.to_string()),
    ]);
    client
        .get_accepting(
            &format!("/repository/mirror/health{query}"),
            scope::REPO_READ,
            &[503],
        )
        .await
        .map_err(|e| not_a_scope_problem(client, e))
}

/// The health endpoint needs no OAuth scope: Quay's 403 (`insufficient_scope`, its name for every
/// refusal) means the user is not a member of the namespace (or not a superuser), so it is
/// reported as a plain refusal rather than as a missing scope.
fn not_a_scope_problem(client: &Client, mut e: ApiError) -> ApiError {
    if e.kind == crate::model::error::ErrorKind::Forbidden
        && client.session().has_scope(scope::REPO_READ)
    {
        e.error_type = None;
    }
    e
}

/// `GET /api/v1/superuser/mirror/health`: the registry-wide summary (no repository samples).
///
/// # Errors
/// As the client reports them.
pub async fn superuser_health(client: &Client) -> Result<MirrorHealth, ApiError> {
    client
        .get_accepting("/superuser/mirror/health", scope::SUPER_USER, &[503])
        .await
}

/// The namespace's robots for the robot picker: `GET /organization/{org}/robots` (needs
/// `org:admin`) or `GET /user/robots` (needs `user:admin`).
///
/// # Errors
/// As the client reports them (a repository admin who is not a namespace admin gets 403).
pub async fn robots(
    client: &Client,
    namespace: &str,
    is_user: bool,
) -> Result<RobotList, ApiError> {
    let query = "?permissions=false&token=false";
    if is_user {
        client
            .get(&format!("/user/robots{query}"), scope::USER_ADMIN)
            .await
    } else {
        client
            .get(
                &format!("/organization/{}/robots{query}", seg(namespace)),
                scope::ORG_ADMIN,
            )
            .await
    }
}

/// One page of `GET /api/v1/repository/{ns}/{repo}/logs` between two `MM/DD/YYYY` days; pass
/// `next_page` back for the following page.
///
/// # Errors
/// As the client reports them.
pub async fn repo_logs(
    client: &Client,
    namespace: &str,
    repo: &str,
    (start, end): (&str, &str),
    next_page: Option<&str>,
) -> Result<LogPage, ApiError> {
    let query = build_query(&[
        ("starttime", start),
        ("endtime", end),
        ("next_page", next_page.unwrap_or_default()),
    ]);
    client
        .get(
            &format!("/repository/{}/{}/logs{query}", seg(namespace), seg(repo)),
            scope::REPO_ADMIN,
        )
        .await
}
