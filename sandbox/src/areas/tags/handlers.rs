//! The tag and manifest endpoints, with Quay's checks, status codes and error bodies.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::immutable::{self, Switches};
use super::{now_ms, valid_label_key, valid_tag_name, view, Label, RepoTags};
use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::{RepoState, Role, World};
use crate::AppState;

/// Quay's `TAG_ERROR`.
pub const TAG_ERROR: &str = "Invalid tag: must match [A-Za-z0-9_.-], NOT start with \".\" or \"-\", and can contain 1-128 characters";

/// Werkzeug's description of a bare 400.
const BAD_REQUEST: &str =
    "The browser (or proxy) sent a request that this server could not understand.";

/// Label key prefixes Quay reserves for itself and Docker.
const RESERVED_PREFIXES: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];

/// Quay's `LABELED_EXPIRATION_MINIMUM` / `_MAXIMUM` (1h, 104w), applied from the tag's start.
const MIN_EXPIRE_S: i64 = 3_600;
const MAX_EXPIRE_S: i64 = 104 * 7 * 86_400;

type Repo = Path<(String, String)>;

/// Read access: signed-in with `repo:read` and a role, or anonymous on a public repository.
fn read_access(
    world: &World,
    headers: &HeaderMap,
    ns: &str,
    repo: &str,
) -> Result<(), axum::response::Response> {
    match auth::authenticate(world, headers)? {
        Some(session) => {
            session.need(Scope::RepoRead)?;
            session
                .require_repo(world, ns, repo, Role::Read)
                .map(|_| ())
        }
        None if world.repo(ns, repo).is_some_and(|r| r.is_public) => Ok(()),
        None => Err(errors::invalid_token()),
    }
}

/// Write access (`repo:write` and a write role) on a repository in the `NORMAL` state.
fn write_access(
    world: &World,
    headers: &HeaderMap,
    ns: &str,
    repo: &str,
) -> Result<Session, axum::response::Response> {
    let session = auth::require_in(world, headers, Scope::RepoWrite)?;
    let found = session.require_repo(world, ns, repo, Role::Write)?;
    if found.state != RepoState::Normal {
        return Err(errors::message(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!(
                "Repository is in read only or mirror mode: RepositoryState.{}",
                found.state.as_str()
            ),
        ));
    }
    Ok(session)
}

fn bad_message(text: &str) -> axum::response::Response {
    errors::message(StatusCode::BAD_REQUEST, text)
}

/// `GET .../tag/?onlyActiveTags&page&limit&specificTag&filter_tag_name` (newest start first).
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo)): Repo,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let immutable_on = Switches::read(&state).on;
    let world = state.world();
    read_access(&world, &headers, &ns, &repo)?;
    let params = util::query_pairs(query.as_deref());
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let int = |name: &str, default: i64| -> Result<i64, axum::response::Response> {
        match param(name).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => v.trim().parse().map_err(|_| {
                errors::message(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid literal for int() with base 10: '{v}'"),
                )
            }),
        }
    };
    let page = int("page", 1)?.max(1);
    let limit = int("limit", 50)?.clamp(1, 100);
    let active_only = util::truthy(param("onlyActiveTags").as_ref());
    let specific = param("specificTag").filter(|s| !s.is_empty());
    let filter = match param("filter_tag_name").filter(|s| !s.is_empty()) {
        None => None,
        Some(f) => Some(f.split_once(':').map(|(op, v)| (op.to_owned(), v.to_owned())).ok_or_else(|| {
            bad_message("Unsupported syntax for filter_tag_name. Expected <operation>:<tag_name> where <operation>can be 'like' or 'eq'.")
        })?),
    };
    let empty = RepoTags::default();
    let tags = world.tags.repo(&ns, &repo).unwrap_or(&empty);
    let now = now_ms();
    let mut rows: Vec<_> = tags
        .rows
        .iter()
        .filter(|r| specific.as_ref().is_none_or(|s| &r.name == s))
        .filter(|r| match &filter {
            Some((op, v)) if op == "like" => r.name.to_lowercase().contains(&v.to_lowercase()),
            Some((op, v)) if op == "eq" => &r.name == v,
            _ => true,
        })
        .filter(|r| !active_only || r.alive_at(now))
        .collect();
    rows.sort_by(|a, b| {
        b.start_ms
            .cmp(&a.start_ms)
            .then_with(|| a.name.cmp(&b.name))
    });
    let limit = usize::try_from(limit).unwrap_or(50);
    let offset = usize::try_from(page - 1).unwrap_or(0).saturating_mul(limit);
    let shown: Vec<Value> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|r| view::tag(tags, r, immutable_on))
        .collect();
    let has_additional = rows.len() > offset.saturating_add(limit);
    errors::ok(json!({"tags": shown, "page": page, "has_additional": has_additional}))
}

/// `PUT .../tag/{tag}` `{"manifest_digest"?, "expiration"?, "immutable"?}` → 201 `"Updated"`
/// (see [`immutable`] for what an immutable tag refuses).
pub async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, tag)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let switches = Switches::read(&state);
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let body = errors::parse_body(&body)?;
    for (field, ok) in [
        (
            "manifest_digest",
            body.get("manifest_digest")
                .is_none_or(|v| v.is_string() || v.is_null()),
        ),
        (
            "expiration",
            body.get("expiration")
                .is_none_or(|v| v.is_number() || v.is_null()),
        ),
    ] {
        if !ok {
            let kind = if field == "expiration" {
                "'number', 'null'"
            } else {
                "'string', 'null'"
            };
            return Err(errors::invalid_request(&format!(
                "{} is not of type {kind}",
                body.get(field).map(Value::to_string).unwrap_or_default()
            )));
        }
    }
    if !valid_tag_name(&tag) {
        return Err(bad_message(TAG_ERROR));
    }
    let now = world.tags.tick();
    immutable::apply_put(switches, world.tags.repo_mut(&ns, &repo), &tag, &body, now)?;
    if let Some(expiration) = body.get("expiration") {
        let now = world.tags.tick();
        let tags = world.tags.repo_mut(&ns, &repo);
        let index = tags.alive_index(&tag, now).ok_or_else(errors::not_found)?;
        let new_end = match expiration.as_f64() {
            None => None,
            Some(at) => {
                #[allow(clippy::cast_possible_truncation)]
                let at = at.floor() as i64;
                if at * 1000 <= now {
                    return Err(bad_message(BAD_REQUEST));
                }
                let start = tags.rows.get(index).map_or(now, |r| r.start_ms);
                let offset = (at - start.div_euclid(1000)).clamp(MIN_EXPIRE_S, MAX_EXPIRE_S);
                Some(start + offset * 1000)
            }
        };
        let old_end = tags.rows.get(index).and_then(|r| r.end_ms);
        if let Some(row) = tags.rows.get_mut(index) {
            row.end_ms = new_end;
        }
        if old_end.is_some() || new_end.is_some() {
            logs::record(
                &mut world,
                &session,
                "change_tag_expiration",
                &ns,
                Some(&repo),
                json!({"username": session.username, "repo": repo, "tag": tag, "namespace": ns,
                       "expiration_date": new_end.map(|e| util::http_date(view::secs(e))),
                       "old_expiration_date": old_end.map(view::secs)}),
            );
        }
    }
    if let Some(digest) = body.get("manifest_digest") {
        let digest = digest.as_str().unwrap_or_default().to_owned();
        let now = world.tags.tick();
        let tags = world.tags.repo_mut(&ns, &repo);
        if tags.manifest(&digest).is_none() {
            return Err(errors::not_found());
        }
        let previous = tags.retarget(&tag, &digest, now, false);
        if previous.is_none() && switches.on {
            crate::areas::lifecycle::lock_new_tag(&mut world, &ns, &repo, &tag, now);
        }
        let kind = if previous.is_some() {
            "move_tag"
        } else {
            "create_tag"
        };
        logs::record(
            &mut world,
            &session,
            kind,
            &ns,
            Some(&repo),
            json!({"username": session.username, "repo": repo, "tag": tag, "namespace": ns,
                   "manifest_digest": digest, "original_manifest_digest": previous}),
        );
    }
    errors::with_status(StatusCode::CREATED, json!("Updated"))
}

/// `DELETE .../tag/{tag}` → 204; 404 when no such alive tag.
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, tag)): Path<(String, String, String)>,
) -> ApiResult {
    let switches = Switches::read(&state);
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let now = world.tags.tick();
    let tags = world.tags.repo_mut(&ns, &repo);
    let index = tags.alive_index(&tag, now).ok_or_else(errors::not_found)?;
    immutable::refuse_delete(switches, tags, &tag, now)?;
    if let Some(row) = tags.rows.get_mut(index) {
        row.end_ms = Some(now);
    }
    logs::record(
        &mut world,
        &session,
        "delete_tag",
        &ns,
        Some(&repo),
        json!({"username": session.username, "repo": repo, "namespace": ns, "tag": tag}),
    );
    errors::no_content()
}

/// `POST .../tag/{tag}/restore` `{"manifest_digest"}` → 200 `{}`; the new row has `reversion: true`.
pub async fn restore(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, tag)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let switches = Switches::read(&state);
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let body = errors::parse_body(&body)?;
    let Some(digest) = body
        .get("manifest_digest")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Err(errors::invalid_request("Missing manifest_digest"));
    };
    let now = world.tags.tick();
    let tags = world.tags.repo_mut(&ns, &repo);
    if tags.manifest(&digest).is_none() {
        return Err(errors::not_found());
    }
    if !valid_tag_name(&tag) {
        return Err(errors::invalid_request("Could not restore tag"));
    }
    immutable::refuse_overwrite(switches, tags, &tag, now)?;
    tags.retarget(&tag, &digest, now, true);
    logs::record(
        &mut world,
        &session,
        "revert_tag",
        &ns,
        Some(&repo),
        json!({"username": session.username, "repo": repo, "tag": tag, "manifest_digest": digest}),
    );
    errors::ok(json!({}))
}

/// `GET .../manifest/{digest}`.
pub async fn manifest(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest)): Path<(String, String, String)>,
) -> ApiResult {
    let world = state.world();
    read_access(&world, &headers, &ns, &repo)?;
    let manifest = world
        .tags
        .repo(&ns, &repo)
        .and_then(|t| t.manifest(&digest))
        .ok_or_else(errors::not_found)?;
    errors::ok(view::manifest(manifest))
}

/// `GET .../manifest/{digest}/labels?filter=prefix` → `{"labels": [...]}`.
pub async fn labels(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    read_access(&world, &headers, &ns, &repo)?;
    let prefix = util::query_pairs(query.as_deref())
        .into_iter()
        .find(|(k, _)| k == "filter")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let manifest = world
        .tags
        .repo(&ns, &repo)
        .and_then(|t| t.manifest(&digest))
        .ok_or_else(errors::not_found)?;
    let list: Vec<Value> = manifest
        .labels
        .iter()
        .filter(|l| l.key.starts_with(&prefix))
        .map(view::label)
        .collect();
    errors::ok(json!({ "labels": list }))
}

/// `POST .../manifest/{digest}/labels` `{"key","value","media_type"}` → 201 `{"label": {...}}`.
pub async fn add_label(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let body = errors::parse_body(&body)?;
    errors::require_fields(&body, &["key", "value", "media_type"])?;
    let text = |field: &str| body.get(field).and_then(Value::as_str).map(str::to_owned);
    let (Some(key), Some(value)) = (text("key"), text("value")) else {
        return Err(errors::invalid_request("key and value must be strings"));
    };
    let media_type = match body.get("media_type") {
        Some(Value::Null) | None => "text/plain".to_owned(),
        Some(Value::String(m)) if m == "text/plain" || m == "application/json" => m.clone(),
        Some(other) => {
            return Err(errors::invalid_request(&format!(
                "{other} is not one of ['text/plain', 'application/json', None]"
            )))
        }
    };
    if RESERVED_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return Err(bad_message("Label has a reserved prefix"));
    }
    if world
        .tags
        .repo(&ns, &repo)
        .and_then(|t| t.manifest(&digest))
        .is_none()
    {
        return Err(errors::not_found());
    }
    if !valid_label_key(&key) {
        return Err(bad_message("Label is of an invalid format or missing please use ^[a-z0-9](([a-z0-9]|[-.](?![.-]))*[a-z0-9])?$ format for labels"));
    }
    let label = Label {
        id: util::uuid(&mut world.rng),
        key,
        value,
        source_type: "api".to_owned(),
        media_type,
    };
    if let Some(m) = world.tags.repo_mut(&ns, &repo).manifest_mut(&digest) {
        m.labels.push(label.clone());
    }
    logs::record(
        &mut world,
        &session,
        "manifest_label_add",
        &ns,
        Some(&repo),
        json!({"id": label.id, "key": label.key, "value": label.value, "manifest_digest": digest,
               "media_type": label.media_type, "namespace": ns, "repo": repo}),
    );
    let location = format!(
        "/api/v1/repository/{ns}/{repo}/manifest/{digest}/labels/{}",
        label.id
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(json!({ "label": view::label(&label) })),
    )
        .into_response())
}

/// `GET .../manifest/{digest}/labels/{labelid}`.
pub async fn label(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest, id)): Path<(String, String, String, String)>,
) -> ApiResult {
    let world = state.world();
    read_access(&world, &headers, &ns, &repo)?;
    let label = world
        .tags
        .repo(&ns, &repo)
        .and_then(|t| t.manifest(&digest))
        .and_then(|m| m.labels.iter().find(|l| l.id == id))
        .ok_or_else(errors::not_found)?;
    errors::ok(view::label(label))
}

/// `DELETE .../manifest/{digest}/labels/{labelid}` → 204; labels from the manifest itself are immutable.
pub async fn delete_label(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest, id)): Path<(String, String, String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let manifest = world
        .tags
        .repo_mut(&ns, &repo)
        .manifest_mut(&digest)
        .ok_or_else(errors::not_found)?;
    let index = manifest
        .labels
        .iter()
        .position(|l| l.id == id)
        .ok_or_else(errors::not_found)?;
    if manifest
        .labels
        .get(index)
        .is_some_and(|l| l.source_type != "api")
    {
        return Err(bad_message("Cannot delete immutable label"));
    }
    let removed = manifest.labels.remove(index);
    logs::record(
        &mut world,
        &session,
        "manifest_label_delete",
        &ns,
        Some(&repo),
        json!({"id": id, "key": removed.key, "value": removed.value, "manifest_digest": digest,
               "namespace": ns, "repo": repo}),
    );
    errors::no_content()
}

/// The namespace's time-machine window (Quay's default `removed_tag_expiration_s`, two weeks).
pub const TIME_MACHINE_S: i64 = 14 * 86_400;

/// `POST .../tag/{tag}/expire` `{"manifest_digest", "include_submanifests", "is_alive"}` (only
/// routed where `PERMANENTLY_DELETE_TAGS` is on: see [`crate::features::gate`]). Moves the end of
/// the matching rows out of the time machine: `end = now − window`, so they stay in the history
/// with `end_ts < start_ts`. `is_alive` false (the default): the deleted rows of that name and
/// manifest still inside the window (`manifest_digest` required); true: the alive row. 200 `""`;
/// nothing matches → 404.
pub async fn expire(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, tag)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = write_access(&world, &headers, &ns, &repo)?;
    let body = errors::parse_body(&body)?;
    let alive = body
        .get("is_alive")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let digest = body
        .get("manifest_digest")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if !alive && digest.is_none() {
        return Err(errors::invalid_request(
            "manifest_digest required when is_alive set to false",
        ));
    }
    let now = world.tags.tick();
    let window_ms = TIME_MACHINE_S * 1000;
    let tags = world.tags.repo_mut(&ns, &repo);
    let mut changed = 0;
    for row in tags.rows.iter_mut().filter(|r| r.name == tag) {
        let same = digest.as_deref().is_none_or(|d| d == row.digest);
        let hit = if alive {
            row.alive_at(now) && !row.immutable
        } else {
            row.end_ms
                .is_some_and(|end| end <= now && end >= now - window_ms && end >= row.start_ms)
        };
        if same && hit {
            row.end_ms = Some(now - window_ms);
            changed += 1;
        }
    }
    if changed == 0 {
        return Err(errors::not_found());
    }
    logs::record(
        &mut world,
        &session,
        "permanently_delete_tag",
        &ns,
        Some(&repo),
        json!({"username": session.username, "repo": repo, "namespace": ns, "tag": tag,
               "manifest_digest": digest.unwrap_or_default()}),
    );
    errors::ok(json!(""))
}
