//! `/api/v1/organization/{org}/quota[/{id}[/limit[/{limit_id}]]]` and `/api/v1/user/quota...`, as in
//! Quay's `endpoints/api/namespacequota.py`:
//!
//! * reading an organization's quota needs membership (or a superuser); its limits, membership only;
//! * every change (create, change, delete a quota or a limit) needs a superuser with `super:user`,
//!   whatever the caller's role in the organization; the body is validated first (400), then the
//!   permission (403), then the quota (404);
//! * create answers 201 `"Created"` without the id; a second quota is 400 "Organization quota for
//!   'x' already exists";
//! * limits: same type and threshold twice is 400 "Quota limit already exists"; Quay's "only one
//!   Reject" check never fires (it is behind the duplicate check), so a second Reject at another
//!   threshold is accepted, as here;
//! * limit endpoints look the quota up by namespace name, so superusers manage user namespaces'
//!   limits through them too;
//! * `GET /user/quota/{id}/limit/{limit_id}` answers with the whole quota.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use super::{created, limit_view, quota_view, size_from_body, Quota, QuotaLimit};
use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::World;
use crate::AppState;

/// Member of the organization, or a superuser (`listOrganizationQuota`, `getOrganizationQuota`).
fn require_member_or_superuser(
    world: &World,
    session: &Session,
    org: &str,
) -> Result<(), Response> {
    if world.is_org_member(&session.username, org) || session.is_superuser(world) {
        Ok(())
    } else {
        Err(errors::unauthorized())
    }
}

fn require_member(world: &World, session: &Session, org: &str) -> Result<(), Response> {
    if world.is_org_member(&session.username, org) {
        Ok(())
    } else {
        Err(errors::unauthorized())
    }
}

fn signed_in(world: &World, headers: &HeaderMap) -> Result<Session, Response> {
    auth::authenticate(world, headers)?.ok_or_else(errors::invalid_token)
}

pub async fn list_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    require_member_or_superuser(&world, &session, &org)?;
    world.org(&org).ok_or_else(errors::not_found)?;
    let list: Vec<Value> = world
        .quotas
        .for_namespace(&org)
        .map(|q| quota_view(q, false))
        .collect();
    errors::ok(json!(list))
}

pub async fn get_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id)): Path<(String, String)>,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    require_member_or_superuser(&world, &session, &org)?;
    let quota = world
        .quotas
        .find(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    errors::ok(quota_view(quota, false))
}

pub async fn create_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    let body = errors::parse_body(&body)?;
    let Some((bytes, _)) = super::size_from_body(&body, false)? else {
        return Err(errors::invalid_request(&format!(
            "{body} is not valid under any of the given schemas"
        )));
    };
    session.require_superuser(&world)?;
    world.org(&org).ok_or_else(errors::not_found)?;
    if world.quotas.for_namespace(&org).next().is_some() {
        return Err(errors::invalid_request(&format!(
            "Organization quota for '{org}' already exists"
        )));
    }
    create_quota(&mut world, &session, &org, bytes);
    created()
}

/// Adds the namespace's quota and logs `org_create_quota`.
pub fn create_quota(world: &mut World, session: &Session, namespace: &str, bytes: u64) {
    let id = world.quotas.next_quota_id;
    world.quotas.next_quota_id += 1;
    world.quotas.quotas.push(Quota {
        id,
        namespace: namespace.to_owned(),
        limit_bytes: bytes,
        limits: Vec::new(),
    });
    logs::record(
        world,
        session,
        "org_create_quota",
        namespace,
        None,
        json!({"namespace": namespace, "limit_bytes": bytes, "limit": super::human_size(bytes)}),
    );
}

pub async fn change_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    let body = errors::parse_body(&body)?;
    let size = size_from_body(&body, true)?;
    session.require_superuser(&world)?;
    change_quota(&mut world, &session, &org, &quota_id, size)
}

/// Sets the quota's size (if given), logs `org_change_quota`, answers the quota.
pub fn change_quota(
    world: &mut World,
    session: &Session,
    namespace: &str,
    quota_id: &str,
    size: Option<(u64, bool)>,
) -> ApiResult {
    let quota = world
        .quotas
        .find_mut(namespace, quota_id)
        .ok_or_else(errors::not_found)?;
    let previous = quota.limit_bytes;
    let Some((bytes, human)) = size else {
        return errors::ok(quota_view(quota, false));
    };
    quota.limit_bytes = bytes;
    let view = quota_view(quota, human);
    let id = quota.id;
    logs::record(
        world,
        session,
        "org_change_quota",
        namespace,
        None,
        json!({
            "namespace": namespace, "quota_id": id,
            "limit_bytes": bytes, "limit": super::human_size(bytes),
            "previous_limit_bytes": previous, "previous_limit": super::human_size(previous),
        }),
    );
    errors::ok(view)
}

pub async fn delete_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    session.require_superuser(&world)?;
    delete_quota(&mut world, &session, &org, &quota_id)
}

/// Removes the quota with its limits and logs `org_delete_quota`.
pub fn delete_quota(
    world: &mut World,
    session: &Session,
    namespace: &str,
    quota_id: &str,
) -> ApiResult {
    let quota = world
        .quotas
        .find(namespace, quota_id)
        .cloned()
        .ok_or_else(errors::not_found)?;
    world.quotas.quotas.retain(|q| q.id != quota.id);
    logs::record(
        world,
        session,
        "org_delete_quota",
        namespace,
        None,
        json!({
            "namespace": namespace, "quota_id": quota.id,
            "limit_bytes": quota.limit_bytes, "limit": super::human_size(quota.limit_bytes),
        }),
    );
    errors::no_content()
}

pub async fn list_limits(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id)): Path<(String, String)>,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    require_member(&world, &session, &org)?;
    let quota = world
        .quotas
        .find(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    let limits: Vec<Value> = quota.limits.iter().map(limit_view).collect();
    errors::ok(json!(limits))
}

pub async fn get_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id, limit_id)): Path<(String, String, String)>,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    require_member(&world, &session, &org)?;
    let quota = world
        .quotas
        .find(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    let limit = find_limit(quota, &limit_id).ok_or_else(errors::not_found)?;
    errors::ok(limit_view(limit))
}

fn find_limit<'q>(quota: &'q Quota, limit_id: &str) -> Option<&'q QuotaLimit> {
    let id: u64 = limit_id.parse().ok()?;
    quota.limits.iter().find(|l| l.id == id)
}

/// Quay's `_quota_type`: case-insensitive `warning` / `reject`.
fn quota_type(value: &Value) -> Result<String, Response> {
    match value.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("warning") => Ok("Warning".to_owned()),
        Some("reject") => Ok("Reject".to_owned()),
        _ => Err(errors::invalid_request(
            "Quota type must be one of [Warning, Reject]",
        )),
    }
}

fn threshold(value: &Value) -> Result<u64, Response> {
    let Some(n) = value.as_i64().filter(|_| value.is_i64() || value.is_u64()) else {
        return Err(errors::invalid_request(&format!(
            "{value} is not of type 'integer'"
        )));
    };
    u64::try_from(n)
        .ok()
        .filter(|n| (1..=100).contains(n))
        .ok_or_else(|| errors::invalid_request("Quota limit threshold must be between 1 and 100"))
}

pub async fn create_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    let body = errors::parse_body(&body)?;
    errors::require_fields(&body, &["type", "threshold_percent"])?;
    let raw_threshold = body
        .get("threshold_percent")
        .cloned()
        .unwrap_or(Value::Null);
    if !(raw_threshold.is_i64() || raw_threshold.is_u64()) {
        return Err(errors::invalid_request(&format!(
            "{raw_threshold} is not of type 'integer'"
        )));
    }
    session.require_superuser(&world)?;
    world
        .quotas
        .find(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    let percent = threshold(&raw_threshold)?;
    let kind = quota_type(body.get("type").unwrap_or(&Value::Null))?;
    let id = world.quotas.next_limit_id;
    let quota = world
        .quotas
        .find_mut(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    if quota
        .limits
        .iter()
        .any(|l| l.kind == kind && l.limit_percent == percent)
    {
        return Err(errors::invalid_request("Quota limit already exists"));
    }
    quota.limits.push(QuotaLimit {
        id,
        kind: kind.clone(),
        limit_percent: percent,
    });
    world.quotas.next_limit_id += 1;
    logs::record(
        &mut world,
        &session,
        "org_create_quota_limit",
        &org,
        None,
        json!({"namespace": org, "type": kind, "threshold_percent": percent}),
    );
    created()
}

pub async fn change_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id, limit_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    let body = errors::parse_body(&body)?;
    if let Some(raw) = body
        .get("threshold_percent")
        .filter(|v| !(v.is_i64() || v.is_u64()))
    {
        return Err(errors::invalid_request(&format!(
            "{raw} is not of type 'integer'"
        )));
    }
    session.require_superuser(&world)?;
    let new_kind = body.get("type").map(quota_type).transpose()?;
    let new_percent = body.get("threshold_percent").map(threshold).transpose()?;
    let quota = world
        .quotas
        .find_mut(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    let limit_id: u64 = limit_id.parse().map_err(|_| errors::not_found())?;
    let limit = quota
        .limits
        .iter_mut()
        .find(|l| l.id == limit_id)
        .ok_or_else(errors::not_found)?;
    let (previous_type, previous_percent) = (limit.kind.clone(), limit.limit_percent);
    if let Some(kind) = new_kind {
        limit.kind = kind;
    }
    if let Some(percent) = new_percent {
        limit.limit_percent = percent;
    }
    let metadata = json!({
        "namespace": org, "type": limit.kind, "threshold_percent": limit.limit_percent,
        "previous_type": previous_type, "previous_threshold_percent": previous_percent,
    });
    let view = quota_view(quota, false);
    logs::record(
        &mut world,
        &session,
        "org_change_quota_limit",
        &org,
        None,
        metadata,
    );
    errors::ok(view)
}

pub async fn delete_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, quota_id, limit_id)): Path<(String, String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    session.require_superuser(&world)?;
    let quota = world
        .quotas
        .find_mut(&org, &quota_id)
        .ok_or_else(errors::not_found)?;
    let limit_id: u64 = limit_id.parse().map_err(|_| errors::not_found())?;
    let limit = quota
        .limits
        .iter()
        .find(|l| l.id == limit_id)
        .cloned()
        .ok_or_else(errors::not_found)?;
    quota.limits.retain(|l| l.id != limit_id);
    logs::record(
        &mut world,
        &session,
        "org_delete_quota_limit",
        &org,
        None,
        json!({"namespace": org, "limit_id": limit.id, "type": limit.kind, "threshold_percent": limit.limit_percent}),
    );
    errors::no_content()
}

/// `require_user_admin`: a `user:admin` token.
fn user_admin(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    auth::require(state, headers, Scope::UserAdmin)
}

pub async fn list_user(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let session = user_admin(&state, &headers)?;
    let world = state.world();
    let list: Vec<Value> = world
        .quotas
        .for_namespace(&session.username)
        .map(|q| quota_view(q, false))
        .collect();
    errors::ok(json!(list))
}

pub async fn get_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(quota_id): Path<String>,
) -> ApiResult {
    let session = user_admin(&state, &headers)?;
    let world = state.world();
    let quota = world
        .quotas
        .find(&session.username, &quota_id)
        .ok_or_else(errors::not_found)?;
    errors::ok(quota_view(quota, false))
}

pub async fn list_user_limits(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(quota_id): Path<String>,
) -> ApiResult {
    let session = user_admin(&state, &headers)?;
    let world = state.world();
    let quota = world
        .quotas
        .find(&session.username, &quota_id)
        .ok_or_else(errors::not_found)?;
    let limits: Vec<Value> = quota.limits.iter().map(limit_view).collect();
    errors::ok(json!(limits))
}

/// Answers with the whole quota, as Quay does.
pub async fn get_user_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((quota_id, limit_id)): Path<(String, String)>,
) -> ApiResult {
    let session = user_admin(&state, &headers)?;
    let world = state.world();
    let quota = world
        .quotas
        .find(&session.username, &quota_id)
        .ok_or_else(errors::not_found)?;
    find_limit(quota, &limit_id).ok_or_else(errors::not_found)?;
    errors::ok(quota_view(quota, false))
}
