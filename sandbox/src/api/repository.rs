//! Repositories: list (`GET /api/v1/repository`), create, get, change state.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use crate::areas::{logs, quotas, tags};
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::{Repo, RepoState, Role, World};
use crate::AppState;

/// Quay's `REPOS_PER_PAGE`.
pub const PAGE_SIZE: usize = 100;

fn description(repo: &Repo) -> Value {
    if repo.description.is_empty() {
        Value::Null
    } else {
        json!(repo.description)
    }
}

/// `GET /api/v1/repository?namespace=&public=&starred=&last_modified=&popularity=&next_page=&repo_kind=`
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::authenticate(&world, &headers)?;
    if let Some(s) = &session {
        s.need(Scope::RepoRead)?;
    }
    let params: HashMap<String, String> = util::query_pairs(query.as_deref()).into_iter().collect();
    let namespace = params.get("namespace").filter(|n| !n.is_empty());
    let public = util::truthy(params.get("public"));
    let starred = util::truthy(params.get("starred"));
    let last_modified = util::truthy(params.get("last_modified"));
    let popularity = util::truthy(params.get("popularity"));
    let kind = params.get("repo_kind").map_or("image", String::as_str);
    if namespace.is_none() && !starred && !public {
        return Err(errors::invalid_request(
            "namespace, starred or public are required for this API call",
        ));
    }
    let username = session.as_ref().map(|s| s.username.clone());
    if starred && username.is_none() {
        return Err(errors::invalid_token());
    }
    let mut visible: Vec<&Repo> = world
        .repos
        .iter()
        .filter(|r| r.kind == kind)
        .filter(|r| namespace.is_none_or(|ns| &r.namespace == ns))
        .filter(|r| !starred || username.as_ref().is_some_and(|u| r.starred_by.contains(u)))
        .filter(|r| {
            let member = username
                .as_deref()
                .and_then(|u| world.member_role(u, r))
                .is_some();
            member || (r.is_public && (public || starred))
        })
        .collect();
    visible.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let offset = util::parse_page_token(params.get("next_page").map(String::as_str));
    let page: Vec<Value> = visible
        .iter()
        .skip(offset)
        .take(PAGE_SIZE)
        .map(|r| {
            let mut v = json!({
                "namespace": r.namespace,
                "name": r.name,
                "description": description(r),
                "is_public": r.is_public,
                "kind": r.kind,
                "state": r.state.as_str(),
            });
            if let Some(map) = v.as_object_mut() {
                if last_modified {
                    map.insert("last_modified".into(), json!(r.last_modified));
                }
                if popularity {
                    map.insert("popularity".into(), json!(r.popularity));
                }
                if let Some(user) = username.as_ref().filter(|_| !starred) {
                    map.insert("is_starred".into(), json!(r.starred_by.contains(user)));
                }
                // Quay adds each repository's consumption when quota management is on.
                map.insert(
                    "quota_report".into(),
                    quotas::repo_report(&world, &r.namespace, &r.name),
                );
            }
            v
        })
        .collect();
    let mut body = Map::new();
    body.insert("repositories".into(), Value::Array(page));
    if visible.len() > offset + PAGE_SIZE {
        body.insert(
            "next_page".into(),
            json!(util::page_token(offset + PAGE_SIZE)),
        );
    }
    errors::ok(Value::Object(body))
}

/// The repository as `GET /api/v1/repository/{ns}/{repo}` shows it (`repo_get_state.json`).
pub fn repo_view(world: &World, repo: &Repo, username: Option<&str>, role: Option<Role>) -> Value {
    let (tag_expiration_s, paid) = world
        .org(&repo.namespace)
        .map(|o| (o.tag_expiration_s, o.paid))
        .or_else(|| {
            world
                .user(&repo.namespace)
                .map(|u| (u.tag_expiration_s, u.paid))
        })
        .unwrap_or((1_209_600, false));
    let mut view = json!({
        "namespace": repo.namespace,
        "name": repo.name,
        "kind": repo.kind,
        "description": description(repo),
        "is_public": repo.is_public,
        "is_organization": world.org(&repo.namespace).is_some(),
        "is_starred": username.is_some_and(|u| repo.starred_by.contains(u)),
        "status_token": repo.status_token,
        "trust_enabled": repo.trust_enabled,
        "tag_expiration_s": tag_expiration_s,
        "is_free_account": !paid,
        "state": repo.state.as_str(),
        "tags": tags::repo_view_tags(world, &repo.namespace, &repo.name),
        "can_write": role.is_some_and(|r| r >= Role::Write) && repo.state == RepoState::Normal,
        "can_admin": role.is_some_and(|r| r >= Role::Admin),
    });
    if username.is_none() {
        if let Some(map) = view.as_object_mut() {
            map.remove("is_starred");
        }
    }
    view
}

/// `GET /api/v1/repository/{ns}/{repo}`: anonymous callers see public repositories only.
/// `includeTags=false` leaves the `tags` map out (Quay lists every active tag otherwise).
pub async fn get_repo(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, name)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    let include_tags = util::query_pairs(query.as_deref())
        .into_iter()
        .find(|(k, _)| k == "includeTags")
        .is_none_or(|(_, v)| !matches!(v.to_ascii_lowercase().as_str(), "false" | "0"));
    let mut view = match auth::authenticate(&world, &headers)? {
        Some(session) => {
            session.need(Scope::RepoRead)?;
            let repo = session.require_repo(&world, &namespace, &name, Role::Read)?;
            let role = session.repo_role(&world, repo);
            repo_view(&world, repo, Some(&session.username), role)
        }
        None => match world.repo(&namespace, &name).filter(|r| r.is_public) {
            Some(repo) => repo_view(&world, repo, None, None),
            None => return Err(errors::invalid_token()),
        },
    };
    if !include_tags {
        if let Some(map) = view.as_object_mut() {
            map.remove("tags");
        }
    }
    errors::ok(view)
}

fn valid_repo_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok
        && name.len() <= 255
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// `POST /api/v1/repository` `{"repository","visibility","description","namespace"?,"repo_kind"?}` → 201.
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::RepoCreate)?;
    let body = errors::parse_body(&body)?;
    errors::require_fields(&body, &["repository", "visibility", "description"])?;
    let name = body
        .get("repository")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let namespace = body
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or(&session.username)
        .to_owned();
    let visibility = body
        .get("visibility")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(visibility, "public" | "private") {
        return Err(errors::invalid_request(&format!(
            "'{visibility}' is not one of ['public', 'private']"
        )));
    }
    let kind = body
        .get("repo_kind")
        .and_then(Value::as_str)
        .unwrap_or("image")
        .to_owned();
    if !world.can_create_repo_in(&session.username, &namespace) {
        return Err(errors::unauthorized());
    }
    if !valid_repo_name(&name) {
        return Err(errors::invalid_request("Invalid repository name"));
    }
    crate::areas::org_mirror::blocks_repository(&world, &namespace)?;
    if world.repo(&namespace, &name).is_some() {
        return Err(errors::invalid_request("Repository already exists"));
    }
    let status_token = util::uuid(&mut world.rng);
    world.repos.push(Repo {
        namespace: namespace.clone(),
        name: name.clone(),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        is_public: visibility == "public",
        kind: kind.clone(),
        state: RepoState::Normal,
        last_modified: util::now(),
        popularity: 0.0,
        starred_by: Default::default(),
        status_token,
        trust_enabled: false,
        user_roles: Default::default(),
    });
    logs::record(
        &mut world,
        &session,
        "create_repo",
        &namespace,
        Some(&name),
        json!({"namespace": namespace, "repo": name}),
    );
    errors::with_status(
        StatusCode::CREATED,
        json!({"namespace": namespace, "name": name, "kind": kind}),
    )
}

/// `PUT /api/v1/repository/{ns}/{repo}/changestate` `{"state"}` → `{"success": true}`.
pub async fn change_state(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, name)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::RepoAdmin)?;
    session.require_repo(&world, &namespace, &name, Role::Admin)?;
    let body = errors::parse_body(&body)?;
    errors::require_fields(&body, &["state"])?;
    let text = body
        .get("state")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let new_state = RepoState::parse(text).ok_or_else(|| {
        errors::invalid_request(&format!(
            "'{text}' is not one of ['NORMAL', 'READ_ONLY', 'MIRROR']"
        ))
    })?;
    if let Some(repo) = world.repo_mut(&namespace, &name) {
        repo.state = new_state;
    }
    logs::record(
        &mut world,
        &session,
        "change_repo_state",
        &namespace,
        Some(&name),
        json!({"repo": name, "namespace": namespace, "state_changed": new_state.as_str()}),
    );
    errors::ok(json!({"success": true}))
}
