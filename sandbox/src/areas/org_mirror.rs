//! Organization mirroring (`/api/v1/organization/{org}/mirror`, `org:admin` and an administrator;
//! unrouted while `/config` has `ORG_MIRROR` off, see [`crate::features::gate`]), as recorded
//! (`orgmirror_*.json`):
//!
//! * `GET .../mirror` → the configuration (password never shown, `repo_sync_status_counts`), 404
//!   without one; `POST` → **201 `""`** (an empty organization only, no proxy cache, once: again →
//!   400); `PUT` (partial) → **200 `""`**; `DELETE` → 204 (404 without one);
//! * `POST .../sync-now` → 204 (also disabled, also twice; 400 while `SYNCING`), `POST
//!   .../sync-cancel` → 204, again → 400 "Cannot cancel: mirror is already cancelled";
//! * `POST .../verify` → **200** `{"success", "message"}`: the sandbox reaches no registry, so only
//!   the hosts in [`REACHABLE`] answer `success: true`; anything else fails like the recording;
//! * `GET .../repositories?page&limit&status` → `{"repositories", "page", "limit", "total",
//!   "has_next"}`, `status` in any case (400 listing the valid values otherwise).
//!
//! While an organization is mirrored, creating a repository ([`blocks_repository`]) or a proxy
//! cache in it is refused. The seed: `mirrororg` (empty, robot `mirrororg+syncbot`, as recorded)
//! and `syncedorg`, already mirrored from Harbor with a repository in every status.

mod actions;
mod rules;
mod seed;

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::World;
use crate::AppState;

pub use rules::REPO_STATUSES;
pub use seed::seed;

/// Quay's `MAX_SYNC_RETRIES`.
const MAX_RETRIES: u32 = 3;
/// Hosts the sandbox pretends to reach (`verify` answers `success: true`).
pub const REACHABLE: [&str; 3] = ["quay.io", "harbor.example.com", "demo.goharbor.io"];
const MIRRORED: &str = "organization is managed by organization-level mirroring";

/// One mirrored repository of an organization mirror.
#[derive(Clone, Debug)]
pub struct MirroredRepo {
    pub name: String,
    pub status: &'static str,
    pub discovered: i64,
    pub last_sync: Option<i64>,
    pub message: Option<String>,
    /// The Quay repository exists (`quay_repository` is `org/name`).
    pub created: bool,
}

/// One organization's mirror configuration.
#[derive(Clone, Debug)]
pub struct OrgMirror {
    pub is_enabled: bool,
    pub registry_type: String,
    pub url: String,
    pub namespace: String,
    pub username: Option<String>,
    /// Stored, never shown.
    pub password: Option<String>,
    pub registry_config: Value,
    pub filters: Vec<String>,
    pub robot: String,
    pub visibility: String,
    pub interval: u64,
    /// ISO text as Quay shows it (`…Z`, with microseconds when not whole seconds).
    pub start_date: String,
    pub expiration_date: Option<String>,
    pub status: &'static str,
    pub retries: u32,
    pub skopeo_timeout: u64,
    pub created: String,
    pub repos: Vec<MirroredRepo>,
}

impl OrgMirror {
    fn view(&self) -> Value {
        let mut counts = Map::new();
        for s in REPO_STATUSES {
            let n = self.repos.iter().filter(|r| r.status == s).count();
            counts.insert(s.to_owned(), json!(n));
        }
        json!({
            "is_enabled": self.is_enabled,
            "external_registry_type": self.registry_type,
            "external_registry_url": self.url,
            "external_namespace": self.namespace,
            "external_registry_username": self.username,
            "has_external_registry_password": self.password.is_some(),
            "external_registry_config": self.registry_config,
            "repository_filters": self.filters,
            "robot_username": self.robot,
            "visibility": self.visibility,
            "sync_interval": self.interval,
            "sync_start_date": self.start_date,
            "sync_expiration_date": self.expiration_date,
            "sync_status": self.status,
            "sync_retries_remaining": self.retries,
            "repo_sync_status_counts": counts,
            "skopeo_timeout": self.skopeo_timeout,
            "creation_date": self.created,
        })
    }

    pub(super) fn reference(&self) -> String {
        format!("{}/{}", self.url, self.namespace)
    }
}

#[derive(Debug, Default)]
pub struct OrgMirrorStore {
    pub by_org: BTreeMap<String, OrgMirror>,
}

/// Quay's `isoformat() + "Z"` of now: microseconds included.
pub(super) fn now_iso() -> String {
    let now = time::OffsetDateTime::now_utc();
    let secs = util::iso_date(now.unix_timestamp());
    format!("{}.{:06}Z", secs.trim_end_matches('Z'), now.microsecond())
}

/// 400 "Cannot create repository: …" when `namespace` is org-mirrored (`POST /repository`).
pub fn blocks_repository(world: &World, namespace: &str) -> Result<(), Response> {
    blocks(world, namespace, "Cannot create repository")
}

/// 400 "Cannot create proxy cache: …" when `org` is org-mirrored.
pub fn blocks_proxy_cache(world: &World, org: &str) -> Result<(), Response> {
    blocks(world, org, "Cannot create proxy cache")
}

/// 400 "Cannot create immutability policy: …" when `org` is org-mirrored (recorded).
pub fn blocks_immutability_policy(world: &World, org: &str) -> Result<(), Response> {
    blocks(world, org, "Cannot create immutability policy")
}

fn blocks(world: &World, namespace: &str, what: &str) -> Result<(), Response> {
    if world.org_mirror.by_org.contains_key(namespace) {
        return Err(errors::invalid_request(&format!("{what}: {MIRRORED}")));
    }
    Ok(())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/organization/{org}/mirror",
            get(show).post(create).put(change).delete(actions::remove),
        )
        .route(
            "/api/v1/organization/{org}/mirror/sync-now",
            post(actions::sync_now),
        )
        .route(
            "/api/v1/organization/{org}/mirror/sync-cancel",
            post(actions::sync_cancel),
        )
        .route(
            "/api/v1/organization/{org}/mirror/verify",
            post(actions::verify),
        )
        .route(
            "/api/v1/organization/{org}/mirror/repositories",
            get(actions::repositories),
        )
}

/// `org:admin`, an administrator (403), an organization (404).
pub(super) fn authorize(
    world: &World,
    headers: &HeaderMap,
    org: &str,
) -> Result<Session, Response> {
    let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
    if !session.is_org_admin(world, org) {
        return Err(if world.org(org).is_none() {
            errors::not_found()
        } else {
            errors::unauthorized()
        });
    }
    Ok(session)
}

fn text<'a>(body: &'a Value, key: &str) -> &'a str {
    body.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn opt_text(body: &Value, key: &str) -> Option<String> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn filters(body: &Value) -> Vec<String> {
    body.get("repository_filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

async fn show(
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
    errors::ok(mirror.view())
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let body = errors::parse_body(&bytes)?;
    rules::schema(&body, true)?;
    let robot = text(&body, "robot_username").to_owned();
    rules::robot(&world, &org, &robot)?;
    let start = text(&body, "sync_start_date");
    rules::start_date(start)?;
    let url = text(&body, "external_registry_url").to_owned();
    rules::url(&url)?;
    if world.org_mirror.by_org.contains_key(&org) {
        return Err(errors::invalid_request(
            "Mirror configuration already exists for this organization",
        ));
    }
    if world.proxy_cache.by_org.contains_key(&org) {
        return Err(errors::invalid_request("Cannot create organization mirror: the organization has a proxy cache configuration. Remove the proxy cache configuration first."));
    }
    if world.repos.iter().any(|r| r.namespace == org) {
        return Err(errors::invalid_request("Cannot create organization mirror: the organization already contains repositories. Organization mirroring requires an empty organization."));
    }
    let mirror = OrgMirror {
        is_enabled: body
            .get("is_enabled")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        registry_type: text(&body, "external_registry_type").to_owned(),
        url,
        namespace: text(&body, "external_namespace").to_owned(),
        username: opt_text(&body, "external_registry_username"),
        password: opt_text(&body, "external_registry_password"),
        registry_config: body
            .get("external_registry_config")
            .cloned()
            .unwrap_or_else(|| json!({})),
        filters: filters(&body),
        robot: robot.clone(),
        visibility: text(&body, "visibility").to_owned(),
        interval: body
            .get("sync_interval")
            .and_then(Value::as_u64)
            .unwrap_or(60),
        start_date: start.to_owned(),
        expiration_date: None,
        status: "NEVER_RUN",
        retries: MAX_RETRIES,
        skopeo_timeout: body
            .get("skopeo_timeout")
            .and_then(Value::as_u64)
            .unwrap_or(300),
        created: now_iso(),
        repos: Vec::new(),
    };
    logs::record(
        &mut world,
        &session,
        "org_mirror_enabled",
        &org,
        None,
        json!({
            "external_registry_type": mirror.registry_type,
            "external_registry_url": mirror.url,
            "external_namespace": mirror.namespace,
            "sync_interval": mirror.interval,
            "robot_username": robot,
        }),
    );
    world.org_mirror.by_org.insert(org, mirror);
    errors::with_status(StatusCode::CREATED, json!(""))
}

async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let body = errors::parse_body(&bytes)?;
    rules::schema(&body, false)?;
    if !world.org_mirror.by_org.contains_key(&org) {
        return Err(errors::not_found());
    }
    if let Some(url) = body.get("external_registry_url").and_then(Value::as_str) {
        rules::url(url)?;
    }
    if let Some(robot) = body.get("robot_username").and_then(Value::as_str) {
        rules::robot(&world, &org, robot)?;
    }
    if let Some(start) = body.get("sync_start_date").and_then(Value::as_str) {
        rules::start_date(start)?;
    }
    let Some(mirror) = world.org_mirror.by_org.get_mut(&org) else {
        return Err(errors::not_found());
    };
    let old = mirror.reference();
    apply(mirror, &body);
    let new = mirror.reference();
    let fields: Vec<String> = body
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    logs::record(
        &mut world,
        &session,
        "org_mirror_config_changed",
        &org,
        None,
        json!({"updated_fields": fields, "old_external_reference": old, "external_reference": new}),
    );
    errors::ok(json!(""))
}

/// A checked partial update.
fn apply(mirror: &mut OrgMirror, body: &Value) {
    let get = |k: &str| body.get(k);
    if let Some(v) = get("is_enabled").and_then(Value::as_bool) {
        mirror.is_enabled = v;
    }
    for (key, field) in [
        ("external_registry_url", &mut mirror.url),
        ("external_namespace", &mut mirror.namespace),
        ("robot_username", &mut mirror.robot),
        ("visibility", &mut mirror.visibility),
        ("sync_start_date", &mut mirror.start_date),
    ] {
        if let Some(v) = get(key).and_then(Value::as_str) {
            v.clone_into(field);
        }
    }
    if let Some(v) = get("sync_interval").and_then(Value::as_u64) {
        mirror.interval = v;
    }
    if let Some(v) = get("skopeo_timeout").and_then(Value::as_u64) {
        mirror.skopeo_timeout = v;
    }
    // An empty string or null clears a credential.
    if get("external_registry_username").is_some() {
        mirror.username = opt_text(body, "external_registry_username");
    }
    if get("external_registry_password").is_some() {
        mirror.password = opt_text(body, "external_registry_password");
    }
    if let Some(v) = get("external_registry_config") {
        mirror.registry_config = v.clone();
    }
    if get("repository_filters").is_some() {
        mirror.filters = filters(body);
    }
}
