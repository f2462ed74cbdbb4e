//! Repository mirroring (`/api/v1/repository/{ns}/{repo}/mirror`, `sync-now`, `sync-cancel`) and
//! fleet health (`/api/v1/repository/mirror/health`, `/api/v1/superuser/mirror/health`).
//!
//! * [`rules`]: Quay's request checks (schema, dates, robots, the SSRF block on sources);
//! * [`worker`]: a stand-in mirror worker: `SYNC_NOW` → `SYNCING` → `SUCCESS` (or `FAIL` for a
//!   source whose path contains `fail`) over a few seconds, with the worker's log entries;
//! * [`health`]: the health endpoints (503 when unhealthy, as Quay);
//! * [`seed`]: a fleet in `library/*` (healthy, failing, stale, never run, disabled) and
//!   `devtable/mirrored` (the recorded config).

mod health;
mod rules;
mod seed;
mod worker;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::{RepoState, Role, World};
use crate::AppState;

pub use rules::host_blocked;
pub use seed::{after_logs, seed};

/// Quay's `MAX_SYNC_RETRIES`.
pub const MAX_RETRIES: u32 = 3;

#[derive(Clone, Debug)]
pub struct MirrorConfig {
    pub namespace: String,
    pub repo: String,
    pub is_enabled: bool,
    pub external_reference: String,
    pub external_registry_username: Option<String>,
    /// Stored, never shown.
    pub external_registry_password: Option<String>,
    /// Kept as JSON, as Quay stores it (including its proxy quirk).
    pub external_registry_config: Value,
    pub sync_interval: u64,
    pub sync_start_date: Option<i64>,
    pub sync_expiration_date: Option<i64>,
    pub sync_retries_remaining: u32,
    /// `NEVER_RUN`, `SYNC_NOW`, `SYNCING`, `SUCCESS`, `FAIL`, `CANCEL`.
    pub sync_status: String,
    pub root_rule: Vec<String>,
    pub robot_username: String,
    pub skopeo_timeout_interval: u64,
    pub architecture_filter: Vec<String>,
    /// When the last sync ended (for fleet health), unix seconds.
    pub last_sync: Option<i64>,
    /// Quay's `sync_transaction_id`: changes whenever the status is claimed, so a worker run that
    /// lost its claim (cancelled, reset) stops.
    pub sync_token: u64,
}

impl MirrorConfig {
    /// Quay's `ViewMirrorConfig` (`mirror_get_existing.json`).
    pub fn view(&self) -> Value {
        json!({
            "is_enabled": self.is_enabled,
            "mirror_type": "PULL",
            "external_reference": self.external_reference,
            "external_registry_username": self.external_registry_username,
            "external_registry_config": self.external_registry_config,
            "sync_interval": self.sync_interval,
            "sync_start_date": self.sync_start_date.map(util::iso_date),
            "sync_expiration_date": self.sync_expiration_date.map(util::iso_date),
            "sync_retries_remaining": self.sync_retries_remaining,
            "sync_status": self.sync_status,
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": self.root_rule},
            "robot_username": self.robot_username,
            "skopeo_timeout_interval": self.skopeo_timeout_interval,
            "architecture_filter": self.architecture_filter,
        })
    }
}

#[derive(Debug, Default)]
pub struct MirrorStore {
    pub configs: Vec<MirrorConfig>,
}

impl MirrorStore {
    pub fn find(&self, namespace: &str, repo: &str) -> Option<&MirrorConfig> {
        self.configs
            .iter()
            .find(|c| c.namespace == namespace && c.repo == repo)
    }

    pub fn find_mut(&mut self, namespace: &str, repo: &str) -> Option<&mut MirrorConfig> {
        self.configs
            .iter_mut()
            .find(|c| c.namespace == namespace && c.repo == repo)
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/repository/{namespace}/{repo}/mirror",
            get(get_mirror).post(create_mirror).put(change_mirror),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/mirror/sync-now",
            post(sync_now),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/mirror/sync-cancel",
            post(sync_cancel),
        )
        .route("/api/v1/repository/mirror/health", get(health::repository))
        .route("/api/v1/superuser/mirror/health", get(health::superuser))
}

/// `require_repo_admin`: a `repo:admin` token of a repository administrator.
fn repo_admin(
    world: &World,
    headers: &HeaderMap,
    namespace: &str,
    repo: &str,
) -> Result<Session, axum::response::Response> {
    let session = auth::require_in(world, headers, Scope::RepoAdmin)?;
    session.require_repo(world, namespace, repo, Role::Admin)?;
    Ok(session)
}

/// Records `repo_mirror_config_changed` as Quay's API does (`changed`, `to`).
fn log_change(
    world: &mut World,
    session: &Session,
    ns: &str,
    repo: &str,
    changed: &str,
    to: Value,
) {
    logs::record(
        world,
        session,
        "repo_mirror_config_changed",
        ns,
        Some(repo),
        json!({"repo": repo, "namespace": ns, "changed": changed, "to": to, "username": session.username}),
    );
}

/// Quay's `_setup_robot_for_mirroring` side effect: the robot gets write access to the repository.
fn grant_robot(world: &mut World, ns: &str, repo: &str, robot: &str) {
    if let Some(r) = world.repo_mut(ns, repo) {
        let role = r.user_roles.entry(robot.to_owned()).or_insert(Role::Write);
        if *role < Role::Write {
            *role = Role::Write;
        }
    }
}

/// `GET .../mirror`.
async fn get_mirror(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
) -> ApiResult {
    let world = state.world();
    repo_admin(&world, &headers, &namespace, &repo)?;
    match world.mirrors.find(&namespace, &repo) {
        Some(config) => errors::ok(config.view()),
        None => Err(errors::not_found()),
    }
}

fn str_field<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

/// `POST .../mirror` → 201 `""`, repository state `MIRROR`; 409 when a config exists.
async fn create_mirror(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = repo_admin(&world, &headers, &namespace, &repo)?;
    let body = errors::parse_body(&bytes)?;
    rules::schema(&body, true)?;
    if world.mirrors.find(&namespace, &repo).is_some() {
        return Err(errors::detail_only(
            StatusCode::CONFLICT,
            &format!("Mirror configuration already exits for repository {namespace}/{repo}"),
        ));
    }
    let start = rules::start_date(str_field(&body, "sync_start_date").unwrap_or_default())?;
    let tags = rules::rule_value(body.get("root_rule"))?;
    let Some(robot) = str_field(&body, "robot_username") else {
        return Err(errors::invalid_request(
            "'robot_username' is a required property",
        ));
    };
    rules::robot(&world, &namespace, robot)?;
    let reference = str_field(&body, "external_reference").unwrap_or_default();
    rules::reference(reference)?;
    let architectures = rules::architectures(body.get("architecture_filter"))?;
    let token = worker::next_token();
    let config = MirrorConfig {
        namespace: namespace.clone(),
        repo: repo.clone(),
        is_enabled: body
            .get("is_enabled")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        external_reference: reference.to_owned(),
        external_registry_username: str_field(&body, "external_registry_username")
            .filter(|u| !u.is_empty())
            .map(str::to_owned),
        external_registry_password: str_field(&body, "external_registry_password")
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        external_registry_config: body
            .get("external_registry_config")
            .filter(|c| c.is_object())
            .cloned()
            .unwrap_or_else(|| json!({})),
        sync_interval: body
            .get("sync_interval")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        sync_start_date: Some(start),
        sync_expiration_date: None,
        sync_retries_remaining: MAX_RETRIES,
        sync_status: "NEVER_RUN".to_owned(),
        root_rule: tags,
        robot_username: robot.to_owned(),
        skopeo_timeout_interval: body
            .get("skopeo_timeout_interval")
            .and_then(Value::as_u64)
            .unwrap_or(300),
        architecture_filter: architectures,
        last_sync: None,
        sync_token: token,
    };
    world.mirrors.configs.push(config);
    grant_robot(&mut world, &namespace, &repo, robot);
    if let Some(r) = world.repo_mut(&namespace, &repo) {
        r.state = RepoState::Mirror;
    }
    log_change(
        &mut world,
        &session,
        &namespace,
        &repo,
        "external_reference",
        json!(reference),
    );
    errors::with_status(StatusCode::CREATED, json!(""))
}

/// `PUT .../mirror` (partial) → 201 `""`. Everything is checked before anything changes; then
/// each field is applied and logged as Quay does, including Quay's proxy quirk.
async fn change_mirror(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = repo_admin(&world, &headers, &namespace, &repo)?;
    let body = errors::parse_body(&bytes)?;
    rules::schema(&body, false)?;
    if world.mirrors.find(&namespace, &repo).is_none() {
        return Err(errors::not_found());
    }
    let changes = rules::changes(&world, &namespace, &body)?;
    let mut logged: Vec<(&'static str, Value)> = Vec::new();
    if let Some(robot) = &changes.robot {
        grant_robot(&mut world, &namespace, &repo, robot);
    }
    let Some(config) = world.mirrors.find_mut(&namespace, &repo) else {
        return Err(errors::not_found());
    };
    changes.apply(config, &mut logged);
    for (changed, to) in logged {
        log_change(&mut world, &session, &namespace, &repo, changed, to);
    }
    errors::with_status(StatusCode::CREATED, json!(""))
}

/// `POST .../mirror/sync-now` → 204; 404 when there is no mirror or a sync is running.
async fn sync_now(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
) -> ApiResult {
    let token = {
        let mut world = state.world();
        let session = repo_admin(&world, &headers, &namespace, &repo)?;
        let token = worker::next_token();
        let Some(config) = world
            .mirrors
            .find_mut(&namespace, &repo)
            .filter(|c| c.sync_status != "SYNCING")
        else {
            return Err(errors::not_found());
        };
        config.sync_status = "SYNC_NOW".to_owned();
        config.sync_retries_remaining = config.sync_retries_remaining.max(1);
        config.sync_expiration_date = None;
        config.sync_token = token;
        log_change(
            &mut world,
            &session,
            &namespace,
            &repo,
            "sync_status",
            json!("SYNC_NOW"),
        );
        token
    };
    worker::spawn(state, namespace, repo, token);
    errors::no_content()
}

/// `POST .../mirror/sync-cancel` → 204 (`CANCEL`, no retries); 404 unless pending or running.
async fn sync_cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = repo_admin(&world, &headers, &namespace, &repo)?;
    let Some(config) = world
        .mirrors
        .find_mut(&namespace, &repo)
        .filter(|c| matches!(c.sync_status.as_str(), "SYNCING" | "SYNC_NOW"))
    else {
        return Err(errors::not_found());
    };
    config.sync_status = "CANCEL".to_owned();
    config.sync_retries_remaining = 0;
    config.sync_expiration_date = None;
    config.sync_token = worker::next_token();
    log_change(
        &mut world,
        &session,
        &namespace,
        &repo,
        "sync_status",
        json!("SYNC_CANCEL"),
    );
    errors::no_content()
}

/// `value` as an object, replacing anything else with `{}` first.
fn object_mut(value: &mut Value) -> Option<&mut Map<String, Value>> {
    if !value.is_object() {
        *value = json!({});
    }
    value.as_object_mut()
}
