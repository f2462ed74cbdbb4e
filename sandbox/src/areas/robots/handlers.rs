//! The robot endpoints, shared by the organization and user variants (Quay's `OrgRobot*` and
//! `UserRobot*` resources): same bodies, same errors, different permission checks.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::Robot;
use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::World;
use crate::{util, AppState};

/// Whose robots a request is about.
pub(super) enum Who {
    Org(String),
    User,
}

/// What the caller wants: listing is open to organization members (without tokens and
/// permissions), everything else needs an administrator; robot permissions need `user:admin`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    List,
    Admin,
    Permissions,
}

/// Quay's message when a robot does not exist (`lookup_robot`), with status **400**.
pub(super) const NOT_FOUND: &str = "Could not find robot with specified username";

/// The checks of each resource: returns the session, the namespace and whether the caller administers it.
pub(super) fn authorize(
    world: &World,
    headers: &HeaderMap,
    who: &Who,
    access: Access,
) -> Result<(Session, String, bool), Response> {
    match who {
        Who::User => {
            let session = auth::require_in(world, headers, Scope::UserAdmin)?;
            let ns = session.username.clone();
            Ok((session, ns, true))
        }
        Who::Org(org) => {
            let scope = if access == Access::Permissions {
                Scope::UserAdmin
            } else {
                Scope::OrgAdmin
            };
            let session = auth::require_in(world, headers, scope)?;
            let admin = session.is_org_admin(world, org);
            let allowed = match access {
                Access::List => world.is_org_member(&session.username, org),
                Access::Admin | Access::Permissions => admin,
            };
            if allowed {
                Ok((session, org.clone(), admin))
            } else {
                Err(errors::unauthorized())
            }
        }
    }
}

pub(super) fn lookup<'w>(world: &'w World, full: &str) -> Result<&'w Robot, Response> {
    world
        .robots
        .find(full)
        .ok_or_else(|| errors::message(StatusCode::BAD_REQUEST, NOT_FOUND))
}

fn with_token(robot: &Robot) -> Value {
    let mut view = robot.base_view();
    view.insert("token".into(), json!(robot.token));
    Value::Object(view)
}

fn with_metadata(robot: &Robot) -> Value {
    let mut view = with_token(robot);
    if let Some(map) = view.as_object_mut() {
        map.insert(
            "unstructured_metadata".into(),
            robot.unstructured_metadata.clone(),
        );
    }
    view
}

fn list(state: &AppState, headers: &HeaderMap, who: &Who, query: Option<&str>) -> ApiResult {
    let world = state.world();
    let (_, ns, admin) = authorize(&world, headers, who, Access::List)?;
    let pairs = util::query_pairs(query);
    let param = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let include_token = admin && param("token").is_none_or(|v| util::truthy(Some(v)));
    let include_permissions = admin && util::truthy(param("permissions"));
    let limit = match param("limit") {
        None => usize::MAX,
        Some(v) => v.trim().parse::<usize>().map_err(|_| {
            errors::invalid_request(&format!("invalid literal for int() with base 10: '{v}'"))
        })?,
    };
    let robots: Vec<Value> = world
        .robots
        .in_namespace(&ns)
        .take(limit)
        .map(|robot| {
            let mut view = robot.base_view();
            if include_token {
                view.insert("token".into(), json!(robot.token));
            }
            if include_permissions {
                let teams: Vec<Value> = world
                    .org(&ns)
                    .map(|o| o.teams.iter().filter(|t| t.members.contains(&robot.name)))
                    .into_iter()
                    .flatten()
                    .map(|t| json!({"name": t.name, "avatar": util::avatar(&t.name, "team")}))
                    .collect();
                let repos: Vec<&str> = world
                    .repos
                    .iter()
                    .filter(|r| r.namespace == ns && r.user_roles.contains_key(&robot.name))
                    .map(|r| r.name.as_str())
                    .collect();
                view.insert("teams".into(), json!(teams));
                view.insert("repositories".into(), json!(repos));
            }
            Value::Object(view)
        })
        .collect();
    errors::ok(json!({ "robots": robots }))
}

fn get_robot(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let world = state.world();
    let (_, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let robot = lookup(&world, &format!("{ns}+{short}"))?;
    errors::ok(with_metadata(robot))
}

/// Quay's `validate_username` for the short name, with `create_robot`'s wording.
fn check_short_name(short: &str) -> Result<(), Response> {
    const PATTERN: &str = "^([a-z0-9]+(?:[._-][a-z0-9]+)*)$";
    let matches = !short.is_empty()
        && short.split(['.', '_', '-']).all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    let issue = if !matches {
        format!("Namespace must match expression {PATTERN}")
    } else if !(2..=255).contains(&short.len()) {
        "Namespace must be between 2 and 255 characters in length".to_owned()
    } else {
        return Ok(());
    };
    Err(errors::invalid_request(&format!(
        "The name for the robot '{short}' is invalid: {issue}"
    )))
}

/// The `CreateRobot` JSON schema: an object, `description` a string of at most 255 characters,
/// `unstructured_metadata` an object.
fn check_create_body(body: &Value) -> Result<(), Response> {
    if !body.is_object() {
        return Err(errors::invalid_request(&format!(
            "{body} is not of type 'object'"
        )));
    }
    match body.get("description") {
        None | Some(Value::String(_)) => {}
        Some(other) => {
            return Err(errors::invalid_request(&format!(
                "{other} is not of type 'string'"
            )))
        }
    }
    if let Some(Value::String(d)) = body.get("description") {
        if d.chars().count() > 255 {
            return Err(errors::invalid_request(&format!("'{d}' is too long")));
        }
    }
    match body.get("unstructured_metadata") {
        None | Some(Value::Object(_)) => Ok(()),
        Some(other) => Err(errors::invalid_request(&format!(
            "{other} is not of type 'object'"
        ))),
    }
}

fn create(
    state: &AppState,
    headers: &HeaderMap,
    who: &Who,
    short: &str,
    bytes: &[u8],
) -> ApiResult {
    let mut world = state.world();
    let (session, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let body = errors::parse_body(bytes)?;
    check_create_body(&body)?;
    check_short_name(short)?;
    let full = format!("{ns}+{short}");
    if world.robots.find(&full).is_some() {
        return Err(errors::invalid_request(&format!(
            "Existing robot with name: {full}"
        )));
    }
    let description = body
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let metadata = body.get("unstructured_metadata").cloned();
    let robot = Robot {
        name: full,
        description: description.clone(),
        created: util::now(),
        last_accessed: None,
        token: util::random_upper(&mut world.rng, 64),
        unstructured_metadata: metadata
            .clone()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new())),
    };
    let mut view = with_token(&robot);
    if let Some(map) = view.as_object_mut() {
        map.insert(
            "unstructured_metadata".into(),
            metadata.clone().unwrap_or(Value::Null),
        );
    }
    world.robots.robots.push(robot);
    logs::record(
        &mut world,
        &session,
        "create_robot",
        &ns,
        None,
        json!({"robot": short, "description": description, "unstructured_metadata": metadata}),
    );
    errors::with_status(StatusCode::CREATED, view)
}

fn regenerate(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let mut world = state.world();
    let (session, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let full = format!("{ns}+{short}");
    lookup(&world, &full)?;
    let token = util::random_upper(&mut world.rng, 64);
    let view = match world.robots.find_mut(&full) {
        Some(robot) => {
            robot.token = token;
            with_token(robot)
        }
        None => return Err(errors::message(StatusCode::BAD_REQUEST, NOT_FOUND)),
    };
    logs::record(
        &mut world,
        &session,
        "regenerate_robot_token",
        &ns,
        None,
        json!({"robot": short}),
    );
    errors::ok(view)
}

fn delete(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let mut world = state.world();
    let (session, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let full = format!("{ns}+{short}");
    if world
        .mirrors
        .configs
        .iter()
        .any(|c| c.robot_username == full)
    {
        return Err(errors::invalid_request("Robot is being used by a mirror"));
    }
    if world.robots.find(&full).is_none() {
        return Err(errors::message(
            StatusCode::BAD_REQUEST,
            &format!("Could not find robot with username: {full}"),
        ));
    }
    world.robots.robots.retain(|r| r.name != full);
    world.robots.federation.remove(&full);
    // Quay deletes the robot's rows recursively, its default permissions (prototypes) among them.
    world
        .prototypes
        .prototypes
        .retain(|p| p.delegate != crate::areas::prototypes::Delegate::User(full.clone()));
    for repo in &mut world.repos {
        repo.user_roles.remove(&full);
    }
    for org in &mut world.orgs {
        for team in &mut org.teams {
            team.members.retain(|m| *m != full);
        }
    }
    logs::record(
        &mut world,
        &session,
        "delete_robot",
        &ns,
        None,
        json!({"robot": short}),
    );
    errors::no_content()
}

fn permissions(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let world = state.world();
    let (_, ns, _) = authorize(&world, headers, who, Access::Permissions)?;
    let full = format!("{ns}+{short}");
    lookup(&world, &full)?;
    let list: Vec<Value> = world
        .repos
        .iter()
        .filter(|r| r.namespace == ns)
        .filter_map(|r| {
            r.user_roles.get(&full).map(|role| {
                json!({"repository": {"name": r.name, "is_public": r.is_public}, "role": role.as_str()})
            })
        })
        .collect();
    errors::ok(json!({ "permissions": list }))
}

// Route handlers: thin wrappers choosing the organization or the user variant.

pub(super) type OrgRobot = Path<(String, String)>;

pub async fn org_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    list(&state, &headers, &Who::Org(org), query.as_deref())
}

pub async fn user_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    list(&state, &headers, &Who::User, query.as_deref())
}

pub async fn org_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    get_robot(&s, &h, &Who::Org(org), &short)
}

pub async fn user_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    get_robot(&s, &h, &Who::User, &short)
}

pub async fn org_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
    body: Bytes,
) -> ApiResult {
    create(&s, &h, &Who::Org(org), &short, &body)
}

pub async fn user_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
    body: Bytes,
) -> ApiResult {
    create(&s, &h, &Who::User, &short, &body)
}

pub async fn org_regenerate(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    regenerate(&s, &h, &Who::Org(org), &short)
}

pub async fn user_regenerate(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    regenerate(&s, &h, &Who::User, &short)
}

pub async fn org_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    delete(&s, &h, &Who::Org(org), &short)
}

pub async fn user_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    delete(&s, &h, &Who::User, &short)
}

pub async fn org_permissions(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    permissions(&s, &h, &Who::Org(org), &short)
}

pub async fn user_permissions(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    permissions(&s, &h, &Who::User, &short)
}
