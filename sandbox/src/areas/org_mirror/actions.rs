//! The organization mirror's actions: `DELETE`, `sync-now`, `sync-cancel`, `verify` and the mirrored
//! repositories list (see the parent module for what Quay answers).

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use serde_json::{json, Value};

use super::{authorize, now_iso, rules, MirroredRepo, OrgMirror, MAX_RETRIES, REACHABLE};
use crate::areas::logs;
use crate::errors::{self, ApiResult};
use crate::util;
use crate::AppState;

pub(super) async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let mirror = world
        .org_mirror
        .by_org
        .remove(&org)
        .ok_or_else(errors::not_found)?;
    logs::record(
        &mut world,
        &session,
        "org_mirror_disabled",
        &org,
        None,
        json!({"external_reference": mirror.reference()}),
    );
    errors::no_content()
}

pub(super) async fn sync_now(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    act(
        &state,
        &headers,
        &org,
        "org_mirror_sync_now_requested",
        |mirror| {
            if mirror.status == "SYNCING" {
                return Err(errors::invalid_request(
                    "Cannot trigger sync: mirror is currently syncing",
                ));
            }
            mirror.status = "SYNC_NOW";
            mirror.start_date = now_iso();
            mirror.expiration_date = None;
            mirror.retries = MAX_RETRIES;
            Ok(())
        },
    )
}

pub(super) async fn sync_cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    act(
        &state,
        &headers,
        &org,
        "org_mirror_sync_cancelled",
        |mirror| {
            if mirror.status == "CANCEL" {
                return Err(errors::invalid_request(
                    "Cannot cancel: mirror is already cancelled",
                ));
            }
            mirror.status = "CANCEL";
            mirror.retries = 0;
            mirror.expiration_date = Some(now_iso());
            Ok(())
        },
    )
}

/// A sync action: the organization's mirror (404 without one) is changed by `change` (or refused
/// by it), the log entry `event` names its source, and Quay answers 204.
fn act(
    state: &AppState,
    headers: &HeaderMap,
    org: &str,
    event: &str,
    change: impl FnOnce(&mut OrgMirror) -> Result<(), axum::response::Response>,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, headers, org)?;
    let mirror = world
        .org_mirror
        .by_org
        .get_mut(org)
        .ok_or_else(errors::not_found)?;
    change(mirror)?;
    let reference = mirror.reference();
    logs::record(
        &mut world,
        &session,
        event,
        org,
        None,
        json!({"external_reference": reference}),
    );
    errors::no_content()
}

pub(super) async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let world = state.world();
    authorize(&world, &headers, &org)?;
    let mirror = world
        .org_mirror
        .by_org
        .get(&org)
        .ok_or_else(errors::not_found)?;
    errors::ok(verdict(mirror))
}

/// What `verify` says of a mirror's source.
fn verdict(mirror: &OrgMirror) -> Value {
    let host = rules::url_host(&mirror.url).unwrap_or_default();
    if REACHABLE.contains(&host.as_str()) {
        return json!({"success": true, "message": format!("Successfully connected to {} registry", mirror.registry_type)});
    }
    let secure = mirror.url.to_ascii_lowercase().starts_with("https://");
    let (pool, default_port) = if secure {
        ("HTTPSConnectionPool", 443)
    } else {
        ("HTTPConnectionPool", 80)
    };
    let port = mirror
        .url
        .split_once("://")
        .map_or("", |(_, r)| r)
        .split('/')
        .next()
        .and_then(|a| a.rsplit_once(':'))
        .and_then(|(_, p)| p.parse::<u16>().ok())
        .unwrap_or(default_port);
    let path = if mirror.registry_type == "harbor" {
        "/api/v2.0/projects"
    } else {
        "/api/v1/user/"
    };
    let conn = if secure {
        "HTTPSConnection"
    } else {
        "HTTPConnection"
    };
    json!({"success": false, "message": format!(
        "Connection error: {pool}(host='{host}', port={port}): Max retries exceeded with url: {path} (Caused by NewConnectionError(\"{conn}(host='{host}', port={port}): Failed to establish a new connection: [Errno 111] Connection refused\"))"
    )})
}

pub(super) async fn repositories(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    authorize(&world, &headers, &org)?;
    let mirror = world
        .org_mirror
        .by_org
        .get(&org)
        .ok_or_else(errors::not_found)?;
    let pairs = util::query_pairs(query.as_deref());
    let arg = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let status = arg("status")
        .filter(|s| !s.is_empty())
        .map(rules::status_filter)
        .transpose()?;
    // Flask's `type=int`: a non-number is the default; then Quay's bounds.
    let page = arg("page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1);
    let limit = match arg("limit")
        .and_then(|l| l.parse::<i64>().ok())
        .unwrap_or(100)
    {
        n if n < 1 => 100,
        n => n.min(500),
    };
    let matching: Vec<&MirroredRepo> = mirror
        .repos
        .iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .collect();
    let total = matching.len();
    let start = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let rows: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(usize::try_from(limit).unwrap_or(100))
        .map(|r| {
            json!({
                "name": r.name,
                "sync_status": r.status,
                "discovery_date": util::iso_date(r.discovered),
                "last_sync_date": r.last_sync.map(util::iso_date),
                "status_message": r.message,
                "quay_repository": r.created.then(|| format!("{org}/{}", r.name)),
            })
        })
        .collect();
    let has_next = u64::try_from(page.saturating_mul(limit)).unwrap_or(u64::MAX) < total as u64;
    errors::ok(json!({
        "repositories": rows,
        "page": page,
        "limit": limit,
        "total": total,
        "has_next": has_next,
    }))
}
