//! Per-user repository permissions (`/api/v1/repository/{ns}/{repo}/permissions/user/...`), Quay's
//! `RepositoryUserPermission`: how robots (and people) are granted read, write or admin on a repository.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::{Role, World};
use crate::{util, AppState};

/// Quay's `UserPermission.to_dict`: `is_org_member` only for organization repositories.
fn view(world: &World, namespace: &str, username: &str, role: Role) -> Value {
    let is_robot = username.contains('+');
    let mut map = Map::new();
    map.insert("role".into(), json!(role.as_str()));
    map.insert("name".into(), json!(username));
    map.insert("is_robot".into(), json!(is_robot));
    map.insert(
        "avatar".into(),
        util::avatar(username, if is_robot { "robot" } else { "user" }),
    );
    if world.org(namespace).is_some() {
        map.insert(
            "is_org_member".into(),
            json!(is_robot || world.is_org_member(username, namespace)),
        );
    }
    Value::Object(map)
}

/// The repository's direct user permissions as Quay stores them: in a user's namespace the owner
/// has an admin row from the repository's creation (recorded: `repo_permissions_user` lists
/// `devtable` as admin on `devtable/simple`), which Quay refuses to change or delete.
fn direct_roles(world: &World, namespace: &str, repo: &str) -> Vec<(String, Role)> {
    let Some(r) = world.repo(namespace, repo) else {
        return Vec::new();
    };
    let owner = world.org(namespace).is_none() && world.user(namespace).is_some();
    let mut roles: Vec<(String, Role)> = r
        .user_roles
        .iter()
        .filter(|(user, _)| !owner || user.as_str() != namespace)
        .map(|(user, role)| (user.clone(), *role))
        .collect();
    if owner {
        roles.insert(0, (namespace.to_owned(), Role::Admin));
    }
    roles
}

/// `repo:admin` scope and admin role on the repository (404 for a missing one, as Quay's
/// `require_repo_admin` answers namespace admins).
fn admin_session(
    world: &World,
    headers: &HeaderMap,
    namespace: &str,
    repo: &str,
) -> Result<Session, Response> {
    let session = auth::require_in(world, headers, Scope::RepoAdmin)?;
    session.require_repo(world, namespace, repo, Role::Admin)?;
    Ok(session)
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo)): Path<(String, String)>,
) -> ApiResult {
    let world = state.world();
    admin_session(&world, &headers, &namespace, &repo)?;
    let mut permissions = Map::new();
    for (user, role) in direct_roles(&world, &namespace, &repo) {
        permissions.insert(user.clone(), view(&world, &namespace, &user, role));
    }
    errors::ok(json!({ "permissions": permissions }))
}

pub async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo, username)): Path<(String, String, String)>,
) -> ApiResult {
    let world = state.world();
    admin_session(&world, &headers, &namespace, &repo)?;
    let role = direct_roles(&world, &namespace, &repo)
        .into_iter()
        .find_map(|(user, role)| (user == username).then_some(role));
    match role {
        Some(role) => errors::ok(view(&world, &namespace, &username, role)),
        None => Err(errors::message(
            StatusCode::BAD_REQUEST,
            "User does not have permission for repo.",
        )),
    }
}

fn parse_role(body: &Value) -> Result<Role, Response> {
    errors::require_fields(body, &["role"])?;
    match body.get("role") {
        Some(Value::String(s)) if s == "read" => Ok(Role::Read),
        Some(Value::String(s)) if s == "write" => Ok(Role::Write),
        Some(Value::String(s)) if s == "admin" => Ok(Role::Admin),
        Some(Value::String(s)) => Err(errors::invalid_request(&format!(
            "'{s}' is not one of ['read', 'write', 'admin']"
        ))),
        Some(other) => Err(errors::invalid_request(&format!(
            "{other} is not one of ['read', 'write', 'admin']"
        ))),
        None => Err(errors::invalid_request("'role' is a required property")),
    }
}

pub async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo, username)): Path<(String, String, String)>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = admin_session(&world, &headers, &namespace, &repo)?;
    let role = parse_role(&errors::parse_body(&bytes)?)?;
    if username == namespace {
        return Err(errors::invalid_request(
            "Namespace owner must always be admin.",
        ));
    }
    let robot_ns = username.split_once('+').map(|(ns, _)| ns);
    let exists = match robot_ns {
        Some(_) => world.robots.find(&username).is_some(),
        None => world.user(&username).is_some(),
    };
    if !exists {
        return Err(errors::invalid_request(&format!(
            "Invalid username: {username}"
        )));
    }
    if robot_ns.is_some_and(|ns| ns != namespace) {
        return Err(errors::invalid_request(&format!(
            "Cannot add robot {username} under namespace {namespace}"
        )));
    }
    if let Some(r) = world.repo_mut(&namespace, &repo) {
        r.user_roles.insert(username.clone(), role);
    }
    let body = view(&world, &namespace, &username, role);
    logs::record(
        &mut world,
        &session,
        "change_repo_permission",
        &namespace,
        Some(&repo),
        json!({"username": username, "repo": repo, "namespace": namespace, "role": role.as_str()}),
    );
    errors::ok(body)
}

pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((namespace, repo, username)): Path<(String, String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = admin_session(&world, &headers, &namespace, &repo)?;
    if username == namespace {
        return Err(errors::invalid_request(
            "Namespace owner must always be admin.",
        ));
    }
    let removed = world
        .repo_mut(&namespace, &repo)
        .and_then(|r| r.user_roles.remove(&username));
    if removed.is_none() {
        return Err(errors::invalid_request(
            "User does not have permission for repo.",
        ));
    }
    logs::record(
        &mut world,
        &session,
        "delete_repo_permission",
        &namespace,
        Some(&repo),
        json!({"username": username, "repo": repo, "namespace": namespace}),
    );
    errors::no_content()
}
