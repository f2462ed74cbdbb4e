//! Fleet health, as Quay's `mirrorhealth` endpoint computes it: enabled mirrors of repositories in
//! state `MIRROR`, counts by status, sampled issues (at most 5 of each kind), unhealthy (and **503**)
//! when more than 20% of the mirrors that have run are failing.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::MirrorConfig;
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::{RepoState, World};
use crate::AppState;

const ISSUE_SAMPLE_CAP: usize = 5;
const STALE_AFTER: i64 = 86_400;
const CRITICAL_FAILURE_RATE: f64 = 0.2;

fn fleet<'w>(world: &'w World, namespace: Option<&str>) -> Vec<&'w MirrorConfig> {
    let mut mirrors: Vec<&MirrorConfig> = world
        .mirrors
        .configs
        .iter()
        .filter(|c| c.is_enabled)
        .filter(|c| namespace.is_none_or(|ns| c.namespace == ns))
        .filter(|c| {
            world
                .repo(&c.namespace, &c.repo)
                .is_some_and(|r| r.state == RepoState::Mirror)
        })
        .collect();
    mirrors.sort_by(|a, b| (&a.namespace, &a.repo).cmp(&(&b.namespace, &b.repo)));
    mirrors
}

fn issue(severity: &str, message: String, now: i64) -> Value {
    json!({"severity": severity, "message": message, "timestamp": util::iso_date(now)})
}

/// The health report; `detail` is `(limit, offset)` for the per-repository rows.
pub fn report(
    world: &World,
    namespace: Option<&str>,
    detail: Option<(usize, usize)>,
    now: i64,
) -> Value {
    let mirrors = fleet(world, namespace);
    let count = |status: &str| mirrors.iter().filter(|c| c.sync_status == status).count();
    let (total, never_run, failed) = (mirrors.len(), count("NEVER_RUN"), count("FAIL"));
    let mut issues = Vec::new();
    let stale = mirrors
        .iter()
        .filter(|c| c.last_sync.is_some_and(|t| now - t > STALE_AFTER));
    for c in stale.take(ISSUE_SAMPLE_CAP) {
        let message = format!(
            "Repository {}/{} hasn't synced in over 24 hours",
            c.namespace, c.repo
        );
        issues.push(issue("warning", message, now));
    }
    let never = mirrors.iter().filter(|c| c.sync_status == "NEVER_RUN");
    for c in never.take(ISSUE_SAMPLE_CAP) {
        let message = format!(
            "Repository {}/{} has never been synced",
            c.namespace, c.repo
        );
        issues.push(issue("warning", message, now));
    }
    let exhausted = mirrors
        .iter()
        .filter(|c| c.sync_status == "FAIL" && c.sync_retries_remaining == 0);
    for c in exhausted.take(ISSUE_SAMPLE_CAP) {
        let message = format!(
            "Repository {}/{} has exhausted all retry attempts",
            c.namespace, c.repo
        );
        issues.push(issue("error", message, now));
    }
    let mut healthy = true;
    let ran = total - never_run;
    #[allow(clippy::cast_precision_loss)]
    let rate = if ran > 0 {
        failed as f64 / ran as f64
    } else {
        0.0
    };
    if rate > CRITICAL_FAILURE_RATE {
        healthy = false;
        let message = format!(
            "{:.1}% of repositories are failing (threshold: {:.1}%)",
            rate * 100.0,
            CRITICAL_FAILURE_RATE * 100.0
        );
        issues.insert(0, issue("critical", message, now));
    }
    let mut repositories = json!({
        "total": total,
        "syncing": count("SYNCING"),
        "completed": count("SUCCESS"),
        "failed": failed,
        "never_run": never_run,
    });
    if let (Some((limit, offset)), Some(map)) = (detail, repositories.as_object_mut()) {
        let rows: Vec<Value> = mirrors
            .iter()
            .skip(offset)
            .take(limit)
            .map(|c| {
                json!({
                    "namespace": c.namespace,
                    "repository": c.repo,
                    "sync_status": c.sync_status,
                    "is_enabled": c.is_enabled,
                    "last_sync": c.last_sync.map(util::iso_date),
                    "retries_remaining": c.sync_retries_remaining,
                })
            })
            .collect();
        map.insert("details".into(), Value::Array(rows));
        map.insert(
            "pagination".into(),
            json!({"limit": limit, "offset": offset, "has_more": total > offset + limit}),
        );
    }
    json!({
        "healthy": healthy,
        "workers": {"active": 1, "configured": 1, "status": if healthy { "healthy" } else { "degraded" }},
        "repositories": repositories,
        "tags_pending": 0,
        "last_check": util::iso_date(now),
        "issues": issues,
    })
}

/// 200 when healthy, 503 when not, never cached (as Quay).
fn answer(body: Value) -> ApiResult {
    let status = if body.get("healthy") == Some(&Value::Bool(true)) {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-cache, no-store, must-revalidate")],
        Json(body),
    )
        .into_response())
}

/// `GET /api/v1/repository/mirror/health?namespace&detailed&limit&offset`: global for superusers,
/// else a namespace the caller belongs to (org member, or the user's own).
pub async fn repository(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    let Some(session) = auth::authenticate(&world, &headers)? else {
        return Err(errors::invalid_token());
    };
    let params: HashMap<String, String> = util::query_pairs(query.as_deref()).into_iter().collect();
    let namespace = params.get("namespace").filter(|n| !n.is_empty());
    let superuser = session.is_superuser(&world);
    match namespace {
        None if !superuser => return Err(errors::unauthorized()),
        None => {}
        Some(ns) if !world.namespace_exists(ns) => return Err(errors::not_found()),
        Some(ns) => {
            let allowed =
                superuser || *ns == session.username || world.is_org_member(&session.username, ns);
            if !allowed {
                return Err(errors::unauthorized());
            }
        }
    }
    let number = |key: &str, default: usize| {
        params
            .get(key)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let detail = util::truthy(params.get("detailed"))
        .then(|| (number("limit", 100).clamp(1, 1000), number("offset", 0)));
    answer(report(
        &world,
        namespace.map(String::as_str),
        detail,
        util::now(),
    ))
}

/// `GET /api/v1/superuser/mirror/health`: the global summary without repository-identifying samples.
pub async fn superuser(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    let mut body = report(&world, None, None, util::now());
    if let Some(issues) = body.get_mut("issues").and_then(Value::as_array_mut) {
        issues.retain(|i| {
            i.get("message")
                .and_then(Value::as_str)
                .is_some_and(|m| !m.starts_with("Repository "))
        });
    }
    answer(body)
}
