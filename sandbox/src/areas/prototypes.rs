//! Default permissions of an organization (Quay's permission prototypes), `org:admin` and an
//! administrator of the organization (recorded: `org_prototype*.json`):
//!
//! * `GET /api/v1/organization/{org}/prototypes` → `{"prototypes": [{activating_user, delegate,
//!   role, id}]}`, in creation order. `activating_user` is null or a user view; `delegate` a user
//!   view (robots are `kind: "user"` with `is_robot: true` and an avatar of kind `robot`) or
//!   `{name, kind: "team", avatar}`.
//! * `POST .../prototypes` `{"delegate": {"kind", "name"}, "role", "activating_user"?: {"name"}}`
//!   → **200** (not 201) with the prototype. A role other than read/write/admin → 400 with the
//!   jsonschema text; an unknown activating user → 400 "Unknown activating user"; an unknown
//!   delegate → 400 "Missing delegate user or team".
//! * `PUT .../prototypes/{id}` `{"role"}` → 200 with the prototype; unknown id → 404.
//! * `DELETE .../prototypes/{id}` → 204, again → 404.
//! * `GET .../prototypes/{id}`: there is no such resource; Quay answers a 308 to the same path with
//!   a trailing slash (which is then Flask's 404).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::World;
use crate::{util, AppState};

/// Who a prototype gives its role to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delegate {
    /// A user or a robot (`org+short`).
    User(String),
    Team(String),
}

/// One default permission: repositories created in the organization (by `activating_user`, or
/// by anyone when `None`) give `role` to `delegate`.
#[derive(Clone, Debug)]
pub struct Prototype {
    pub id: String,
    pub org: String,
    pub activating_user: Option<String>,
    pub delegate: Delegate,
    pub role: String,
}

#[derive(Debug, Default)]
pub struct PrototypeStore {
    pub prototypes: Vec<Prototype>,
}

/// The recorded list of buynlarge (`org_prototypes_list.json`): (id, activating user, delegate, role).
const SEEDED: &[(&str, &str, bool, &str, &str)] = &[
    // (id, activating user, delegate is a team, delegate, role)
    (
        "2c81f8ef-6433-40d5-a9ad-da1d767478fa",
        "devtable",
        false,
        "public",
        "read",
    ),
    (
        "03dec761-f6be-43ff-8bfc-be33566fc7c4",
        "devtable",
        true,
        "readers",
        "read",
    ),
    (
        "4bd7ca49-4ab3-4c8a-966c-a47f68e56394",
        "public",
        false,
        "devtable",
        "write",
    ),
];

pub fn seed(world: &mut World) {
    world.prototypes.prototypes = SEEDED
        .iter()
        .map(|(id, activating, team, delegate, role)| Prototype {
            id: (*id).to_owned(),
            org: "buynlarge".to_owned(),
            activating_user: Some((*activating).to_owned()),
            delegate: if *team {
                Delegate::Team((*delegate).to_owned())
            } else {
                Delegate::User((*delegate).to_owned())
            },
            role: (*role).to_owned(),
        })
        .collect();
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/organization/{org}/prototypes",
            get(list).post(create),
        )
        .route(
            "/api/v1/organization/{org}/prototypes/{id}",
            get(redirect_one).put(update).delete(delete),
        )
}

const ROLES: [&str; 3] = ["read", "write", "admin"];

/// Quay's organization member set (`get_organization_member_set` with robots): team members, the
/// organization's robots and everyone holding a permission on one of its repositories.
fn is_member(world: &World, org: &str, name: &str) -> bool {
    world.is_org_member(name, org)
        || name.split_once('+').is_some_and(|(ns, _)| ns == org)
        || world
            .repos
            .iter()
            .any(|r| r.namespace == org && r.user_roles.contains_key(name))
}

/// Quay's user view in a prototype (`activating_user`, or a user/robot `delegate`).
fn user_view(world: &World, org: &str, name: &str) -> Value {
    let is_robot = name.contains('+');
    let member = is_member(world, org, name);
    json!({
        "name": name,
        "is_robot": is_robot,
        "kind": "user",
        "is_org_member": member,
        "avatar": util::avatar(name, if is_robot { "robot" } else { "user" }),
    })
}

fn view(world: &World, p: &Prototype) -> Value {
    let delegate = match &p.delegate {
        Delegate::User(name) => user_view(world, &p.org, name),
        Delegate::Team(name) => {
            json!({"name": name, "kind": "team", "avatar": util::avatar(name, "team")})
        }
    };
    json!({
        "activating_user": p.activating_user.as_deref().map(|u| user_view(world, &p.org, u)),
        "delegate": delegate,
        "role": p.role,
        "id": p.id,
    })
}

/// `org:admin` and an administrator of `org` (403 otherwise, as Quay's `Unauthorized`).
fn authorize(world: &World, headers: &HeaderMap, org: &str) -> Result<Session, Response> {
    let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
    if session.is_org_admin(world, org) {
        Ok(session)
    } else {
        Err(errors::unauthorized())
    }
}

/// The jsonschema error for a `role` outside the enum, as Quay words it.
fn bad_role(role: &Value) -> Response {
    let shown = role
        .as_str()
        .map_or_else(|| role.to_string(), |s| format!("'{s}'"));
    errors::invalid_request(&format!(
        "{shown} is not one of ['read', 'write', 'admin']\n\nFailed validating 'enum' in schema['properties']['role']:\n    {{'description': 'Role that should be applied to the delegate',\n     'enum': ['read', 'write', 'admin'],\n     'type': 'string'}}\n\nOn instance['role']:\n    {shown}"
    ))
}

/// The `role` of a body, checked against the enum.
fn role_of(body: &Value) -> Result<String, Response> {
    errors::require_fields(body, &["role"])?;
    let role = body.get("role").cloned().unwrap_or(Value::Null);
    match role.as_str() {
        Some(r) if ROLES.contains(&r) => Ok(r.to_owned()),
        _ => Err(bad_role(&role)),
    }
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let world = state.world();
    authorize(&world, &headers, &org)?;
    let prototypes: Vec<Value> = world
        .prototypes
        .prototypes
        .iter()
        .filter(|p| p.org == org)
        .map(|p| view(&world, p))
        .collect();
    errors::ok(json!({ "prototypes": prototypes }))
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
    errors::require_fields(&body, &["delegate", "role"])?;
    let role = role_of(&body)?;
    let kind = body
        .pointer("/delegate/kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = body
        .pointer("/delegate/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let activating = match body
        .pointer("/activating_user/name")
        .and_then(Value::as_str)
    {
        None | Some("") => None,
        Some(user) if world.user(user).is_some() => Some(user.to_owned()),
        Some(_) => return Err(errors::invalid_request("Unknown activating user")),
    };
    let delegate = match kind {
        "user" if world.user(&name).is_some() || world.robots.find(&name).is_some() => {
            Delegate::User(name)
        }
        "team"
            if world
                .org(&org)
                .is_some_and(|o| o.teams.iter().any(|t| t.name == name)) =>
        {
            Delegate::Team(name)
        }
        _ => return Err(errors::invalid_request("Missing delegate user or team")),
    };
    let prototype = Prototype {
        id: util::uuid(&mut world.rng),
        org: org.clone(),
        activating_user: activating,
        delegate,
        role,
    };
    let answer = view(&world, &prototype);
    logs::record(
        &mut world,
        &session,
        "create_prototype_permission",
        &org,
        None,
        json!({
            "prototypeid": prototype.id,
            "role": prototype.role,
            "delegate": answer.get("delegate"),
            "activating_user": answer.get("activating_user"),
        }),
    );
    world.prototypes.prototypes.push(prototype);
    errors::ok(answer)
}

async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, id)): Path<(String, String)>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let body = errors::parse_body(&bytes)?;
    let role = role_of(&body)?;
    let Some(index) = world
        .prototypes
        .prototypes
        .iter()
        .position(|p| p.org == org && p.id == id)
    else {
        return Err(errors::not_found());
    };
    let Some(prototype) = world.prototypes.prototypes.get_mut(index) else {
        return Err(errors::not_found());
    };
    let original_role = std::mem::replace(&mut prototype.role, role.clone());
    let prototype = prototype.clone();
    let answer = view(&world, &prototype);
    logs::record(
        &mut world,
        &session,
        "modify_prototype_permission",
        &org,
        None,
        json!({
            "prototypeid": id,
            "role": role,
            "original_role": original_role,
            "delegate": answer.get("delegate"),
            "activating_user": answer.get("activating_user"),
        }),
    );
    errors::ok(answer)
}

async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, id)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let Some(index) = world
        .prototypes
        .prototypes
        .iter()
        .position(|p| p.org == org && p.id == id)
    else {
        return Err(errors::not_found());
    };
    let prototype = world.prototypes.prototypes.remove(index);
    let answer = view(&world, &prototype);
    logs::record(
        &mut world,
        &session,
        "delete_prototype_permission",
        &org,
        None,
        json!({
            "prototypeid": id,
            "role": prototype.role,
            "delegate": answer.get("delegate"),
            "activating_user": answer.get("activating_user"),
        }),
    );
    errors::no_content()
}

/// No GET for one prototype: Flask's 308 to the path with a trailing slash.
async fn redirect_one(uri: Uri) -> Response {
    let location = format!("{}/", uri.path());
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}
