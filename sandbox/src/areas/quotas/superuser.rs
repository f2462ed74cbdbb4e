//! Superuser quota endpoints and the registry size, as in Quay's `endpoints/api/superuser.py`:
//!
//! * `/superuser/users/{ns}/quota` and `/superuser/organization/{ns}/quota` are one resource: either
//!   path serves users and organizations alike;
//! * create: 400 "Quota for 'x' already exists" for a second one; change: a `limit_bytes` of 0 is
//!   silently ignored (Quay tests `if limit_bytes:`), a human `limit` answers a float;
//! * registry size: `POST` answers 201 `""` when it queues the calculation and 202 `""` when one is
//!   already queued or running; `GET` shows `queued`, then `running`, then the new `size_bytes` and
//!   `last_ran` (milliseconds).

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::namespace::{change_quota, create_quota, delete_quota};
use super::{created, quota_view, size_from_body, used_bytes, QUEUED_FOR, RUNNING_FOR};
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::World;
use crate::AppState;

fn superuser(world: &World, headers: &HeaderMap) -> Result<Session, Response> {
    let session = auth::require_in(world, headers, Scope::SuperUser)?;
    session.require_superuser(world)?;
    Ok(session)
}

fn require_namespace(world: &World, namespace: &str) -> Result<(), Response> {
    if world.namespace_exists(namespace) {
        Ok(())
    } else {
        Err(errors::not_found())
    }
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(namespace): Path<String>,
) -> ApiResult {
    let world = state.world();
    superuser(&world, &headers)?;
    require_namespace(&world, &namespace)?;
    let list: Vec<Value> = world
        .quotas
        .for_namespace(&namespace)
        .map(|q| quota_view(q, false))
        .collect();
    errors::ok(json!(list))
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(namespace): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    let body = errors::parse_body(&body)?;
    let Some((bytes, _)) = size_from_body(&body, false)? else {
        return Err(errors::invalid_request(&format!(
            "{body} is not valid under any of the given schemas"
        )));
    };
    session.require_superuser(&world)?;
    require_namespace(&world, &namespace)?;
    if world.quotas.for_namespace(&namespace).next().is_some() {
        return Err(errors::invalid_request(&format!(
            "Quota for '{namespace}' already exists"
        )));
    }
    create_quota(&mut world, &session, &namespace, bytes);
    created()
}

pub async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, quota_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    let body = errors::parse_body(&body)?;
    let size = size_from_body(&body, true);
    // Quay ignores `limit_bytes: 0` here instead of refusing it.
    let size = match size {
        Err(_) if body.get("limit_bytes").and_then(Value::as_i64) == Some(0) => None,
        other => other?,
    };
    session.require_superuser(&world)?;
    require_namespace(&world, &namespace)?;
    change_quota(&mut world, &session, &namespace, &quota_id, size)
}

pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, quota_id)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = superuser(&world, &headers)?;
    require_namespace(&world, &namespace)?;
    delete_quota(&mut world, &session, &namespace, &quota_id)
}

/// Moves the registry-size job along with the clock: once queued and run, it stores the total of
/// every namespace's usage.
fn advance(world: &mut World) -> (bool, bool) {
    let Some(queued_at) = world.quotas.registry.queued_at else {
        return (false, false);
    };
    let elapsed = queued_at.elapsed();
    if elapsed < QUEUED_FOR {
        return (true, false);
    }
    if elapsed < QUEUED_FOR + RUNNING_FOR {
        return (false, true);
    }
    let total = world
        .users
        .iter()
        .map(|u| used_bytes(world, &u.username))
        .chain(world.orgs.iter().map(|o| used_bytes(world, &o.name)))
        .fold(0_u64, u64::saturating_add);
    let late = elapsed - QUEUED_FOR - RUNNING_FOR;
    let late_ms = i64::try_from(late.as_millis()).unwrap_or(0);
    let registry = &mut world.quotas.registry;
    registry.size_bytes = total;
    registry.last_ran_ms = Some(crate::util::now() * 1000 - late_ms);
    registry.queued_at = None;
    (false, false)
}

pub async fn registry_size(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let mut world = state.world();
    superuser(&world, &headers)?;
    let (queued, running) = advance(&mut world);
    let registry = &world.quotas.registry;
    errors::ok(json!({
        "size_bytes": registry.size_bytes,
        "last_ran": registry.last_ran_ms,
        "running": running,
        "queued": queued,
    }))
}

pub async fn queue_registry_size(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let mut world = state.world();
    superuser(&world, &headers)?;
    let (queued, running) = advance(&mut world);
    if queued || running {
        return errors::with_status(StatusCode::ACCEPTED, json!(""));
    }
    world.quotas.registry.queued_at = Some(Instant::now());
    errors::with_status(StatusCode::CREATED, json!(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_job_finishes_with_the_total() {
        let mut world = World::seed(&crate::world::SeedOptions::default());
        assert_eq!(advance(&mut world), (false, false));
        world.quotas.registry.queued_at = Some(Instant::now());
        assert_eq!(advance(&mut world), (true, false));
        world.quotas.registry.queued_at = Instant::now().checked_sub(QUEUED_FOR);
        assert_eq!(advance(&mut world), (false, true));
        world.quotas.registry.queued_at = Instant::now().checked_sub(QUEUED_FOR + RUNNING_FOR);
        assert_eq!(advance(&mut world), (false, false));
        let total: u64 = world.users.iter().map(|u| u.used_bytes).sum::<u64>()
            + world.orgs.iter().map(|o| o.used_bytes).sum::<u64>();
        assert_eq!(world.quotas.registry.size_bytes, total);
        assert!(world.quotas.registry.last_ran_ms.is_some());
        assert!(world.quotas.registry.queued_at.is_none());
    }
}
