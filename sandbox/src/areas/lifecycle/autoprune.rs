//! Auto-prune policies, as recorded (`org_autoprune_*`, `repo_autoprune_*`, `user_autoprune_*`):
//!
//! * `GET .../autoprunepolicy/` → `{"policies": [{uuid, method, value, tagPattern,
//!   tagPatternMatches}]}`; `GET .../{uuid}` → one; unknown uuid → 404 (GET, PUT, DELETE).
//! * `POST` `{"method", "value", "tagPattern"?, "tagPatternMatches"?}` → 201 `{"uuid"}`; `PUT
//!   .../{uuid}` → **204** empty, replacing the whole policy (an omitted `tagPattern` becomes null);
//!   `DELETE` → 200 `{"uuid"}`.
//! * Refusals (400 `invalid_request`): a missing `method`/`value` → jsonschema text; a blank
//!   `tagPattern` → "tag_pattern cannot be empty"; an unknown method → "Invalid method provided";
//!   `number_of_tags` not a JSON integer > 0, or `creation_date` not a string like `7d` → "Invalid
//!   value given for method type"; an exact duplicate → "Existing policy with same values for this
//!   namespace|repository, duplicate policies are not permitted".
//! * Organizations: `org:admin` and an admin; the user's own: `user:admin`; repositories:
//!   `repo:admin`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::{AutoprunePolicy, Owner};
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::world::{Role, World};
use crate::{util, AppState};

pub fn routes() -> Router<AppState> {
    let org = "/api/v1/organization/{org}/autoprunepolicy";
    let user = "/api/v1/user/autoprunepolicy";
    let repo = "/api/v1/repository/{namespace}/{repo}/autoprunepolicy";
    Router::new()
        .route(&format!("{org}/"), get(org_list).post(org_create))
        .route(
            &format!("{org}/{{uuid}}"),
            get(org_get).put(org_update).delete(org_delete),
        )
        .route(&format!("{user}/"), get(user_list).post(user_create))
        .route(
            &format!("{user}/{{uuid}}"),
            get(user_get).put(user_update).delete(user_delete),
        )
        .route(&format!("{repo}/"), get(repo_list).post(repo_create))
        .route(
            &format!("{repo}/{{uuid}}"),
            get(repo_get).put(repo_update).delete(repo_delete),
        )
}

/// Who is asking, for a namespace or repository; `None` = the caller's own namespace.
enum Target {
    Org(String),
    User,
    Repo(String, String),
}

fn authorize(world: &World, headers: &HeaderMap, target: Target) -> Result<Owner, Response> {
    match target {
        Target::Org(org) => {
            let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
            session.require_org_admin(world, &org)?;
            Ok(Owner::Namespace(org))
        }
        Target::User => {
            let session = auth::require_in(world, headers, Scope::UserAdmin)?;
            Ok(Owner::Namespace(session.username))
        }
        Target::Repo(ns, repo) => {
            let session = auth::require_in(world, headers, Scope::RepoAdmin)?;
            session.require_repo(world, &ns, &repo, Role::Admin)?;
            Ok(Owner::Repository(ns, repo))
        }
    }
}

fn view(p: &AutoprunePolicy) -> Value {
    json!({"uuid": p.uuid, "method": p.method, "value": p.value, "tagPattern": p.pattern,
           "tagPatternMatches": p.matches})
}

/// A `creation_date` value: digits then one of `s m h d w` (`7d`, `2w`), more than zero.
pub fn valid_age(text: &str) -> bool {
    let Some(unit) = text.chars().last() else {
        return false;
    };
    let digits = text.get(..text.len() - unit.len_utf8()).unwrap_or("");
    matches!(unit, 's' | 'm' | 'h' | 'd' | 'w')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
}

fn schema_error(field: &str) -> Response {
    errors::invalid_request(&format!(
        "'{field}' is a required property\n\nFailed validating 'required' in schema:\n    {{'description': 'The policy configuration that is to be applied to the organization',\n     'properties': {{'method': {{'description': 'The method to use for pruning tags (number_of_tags, creation_date)', 'type': 'string'}},\n                    'tagPattern': {{'description': 'Tags only matching this pattern will be pruned', 'type': 'string'}},\n                    'tagPatternMatches': {{'description': 'Determine whether pruned tags should or should not match the tagPattern', 'type': 'boolean'}},\n                    'value': {{'description': 'The value to use for the pruning method (number of tags e.g. 10, time delta e.g. 7d (7 days))', 'type': ['integer', 'string']}}}},\n     'required': ['method', 'value'],\n     'type': 'object'}}"
    ))
}

/// Checks a create or update body as Quay does; the policy without uuid and owner.
fn parse(bytes: &[u8]) -> Result<(String, Value, Option<String>, bool), Response> {
    let body = errors::parse_body(bytes)?;
    for field in ["method", "value"] {
        if body.get(field).is_none() {
            return Err(schema_error(field));
        }
    }
    let pattern = match body.get("tagPattern") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if p.trim().is_empty() => {
            return Err(errors::invalid_request("tag_pattern cannot be empty"))
        }
        Some(Value::String(p)) => Some(p.trim().to_owned()),
        Some(other) => {
            return Err(errors::invalid_request(&format!(
                "{other} is not of type 'string'"
            )))
        }
    };
    let matches = body
        .get("tagPatternMatches")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let method = body.get("method").and_then(Value::as_str).unwrap_or("");
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    let ok = match method {
        "number_of_tags" => value.as_i64().is_some_and(|n| n > 0),
        "creation_date" => value.as_str().is_some_and(valid_age),
        _ => return Err(errors::invalid_request("Invalid method provided")),
    };
    if !ok {
        return Err(errors::invalid_request(
            "Invalid value given for method type",
        ));
    }
    Ok((method.to_owned(), value, pattern, matches))
}

fn find(world: &World, owner: &Owner, uuid: &str) -> Option<usize> {
    world
        .lifecycle
        .autoprune
        .iter()
        .position(|p| &p.owner == owner && p.uuid == uuid)
}

fn list(state: &AppState, headers: &HeaderMap, target: Target) -> ApiResult {
    let world = state.world();
    let owner = authorize(&world, headers, target)?;
    let policies: Vec<Value> = world
        .lifecycle
        .autoprune
        .iter()
        .filter(|p| p.owner == owner)
        .map(view)
        .collect();
    errors::ok(json!({ "policies": policies }))
}

fn one(state: &AppState, headers: &HeaderMap, target: Target, uuid: &str) -> ApiResult {
    let world = state.world();
    let owner = authorize(&world, headers, target)?;
    let index = find(&world, &owner, uuid).ok_or_else(errors::not_found)?;
    let policy = world
        .lifecycle
        .autoprune
        .get(index)
        .ok_or_else(errors::not_found)?;
    errors::ok(view(policy))
}

fn save(
    state: &AppState,
    headers: &HeaderMap,
    target: Target,
    uuid: Option<&str>,
    bytes: &[u8],
) -> ApiResult {
    let mut world = state.world();
    let owner = authorize(&world, headers, target)?;
    let (method, value, pattern, matches) = parse(bytes)?;
    let index = match uuid {
        Some(u) => Some(find(&world, &owner, u).ok_or_else(errors::not_found)?),
        None => None,
    };
    let duplicate = world.lifecycle.autoprune.iter().any(|p| {
        p.owner == owner
            && Some(p.uuid.as_str()) != uuid
            && p.method == method
            && p.value == value
            && p.pattern == pattern
            && p.matches.unwrap_or(true) == matches
    });
    if duplicate {
        let what = match owner {
            Owner::Namespace(_) => "namespace",
            Owner::Repository(..) => "repository",
        };
        return Err(errors::invalid_request(&format!(
            "Existing policy with same values for this {what}, duplicate policies are not permitted"
        )));
    }
    let uuid = match uuid {
        Some(u) => u.to_owned(),
        None => util::uuid(&mut world.rng),
    };
    let policy = AutoprunePolicy {
        uuid: uuid.clone(),
        owner,
        method,
        value,
        pattern,
        matches: Some(matches),
    };
    match index.and_then(|i| world.lifecycle.autoprune.get_mut(i)) {
        Some(slot) => {
            *slot = policy;
            errors::no_content()
        }
        None => {
            world.lifecycle.autoprune.push(policy);
            errors::with_status(StatusCode::CREATED, json!({ "uuid": uuid }))
        }
    }
}

fn delete(state: &AppState, headers: &HeaderMap, target: Target, uuid: &str) -> ApiResult {
    let mut world = state.world();
    let owner = authorize(&world, headers, target)?;
    let index = find(&world, &owner, uuid).ok_or_else(errors::not_found)?;
    world.lifecycle.autoprune.remove(index);
    errors::ok(json!({ "uuid": uuid }))
}

type One = Path<(String, String)>;
type RepoOne = Path<(String, String, String)>;

async fn org_list(State(s): State<AppState>, h: HeaderMap, Path(o): Path<String>) -> ApiResult {
    list(&s, &h, Target::Org(o))
}
async fn org_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(o): Path<String>,
    b: Bytes,
) -> ApiResult {
    save(&s, &h, Target::Org(o), None, &b)
}
async fn org_get(State(s): State<AppState>, h: HeaderMap, Path((o, u)): One) -> ApiResult {
    one(&s, &h, Target::Org(o), &u)
}
async fn org_update(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((o, u)): One,
    b: Bytes,
) -> ApiResult {
    save(&s, &h, Target::Org(o), Some(&u), &b)
}
async fn org_delete(State(s): State<AppState>, h: HeaderMap, Path((o, u)): One) -> ApiResult {
    delete(&s, &h, Target::Org(o), &u)
}
async fn user_list(State(s): State<AppState>, h: HeaderMap) -> ApiResult {
    list(&s, &h, Target::User)
}
async fn user_create(State(s): State<AppState>, h: HeaderMap, b: Bytes) -> ApiResult {
    save(&s, &h, Target::User, None, &b)
}
async fn user_get(State(s): State<AppState>, h: HeaderMap, Path(u): Path<String>) -> ApiResult {
    one(&s, &h, Target::User, &u)
}
async fn user_update(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(u): Path<String>,
    b: Bytes,
) -> ApiResult {
    save(&s, &h, Target::User, Some(&u), &b)
}
async fn user_delete(State(s): State<AppState>, h: HeaderMap, Path(u): Path<String>) -> ApiResult {
    delete(&s, &h, Target::User, &u)
}
async fn repo_list(State(s): State<AppState>, h: HeaderMap, Path((n, r)): One) -> ApiResult {
    list(&s, &h, Target::Repo(n, r))
}
async fn repo_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((n, r)): One,
    b: Bytes,
) -> ApiResult {
    save(&s, &h, Target::Repo(n, r), None, &b)
}
async fn repo_get(State(s): State<AppState>, h: HeaderMap, Path((n, r, u)): RepoOne) -> ApiResult {
    one(&s, &h, Target::Repo(n, r), &u)
}
async fn repo_update(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((n, r, u)): RepoOne,
    b: Bytes,
) -> ApiResult {
    save(&s, &h, Target::Repo(n, r), Some(&u), &b)
}
async fn repo_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((n, r, u)): RepoOne,
) -> ApiResult {
    delete(&s, &h, Target::Repo(n, r), &u)
}

#[cfg(test)]
mod tests {
    use super::valid_age;

    #[test]
    fn ages_as_quay_types_them() {
        for ok in ["7d", "1w", "2w", "12h", "30m", "10s"] {
            assert!(valid_age(ok), "{ok}");
        }
        for bad in ["", "7", "7x", "soon", "d", "0d", "-1d", "7 d", "7dd"] {
            assert!(!valid_age(bad), "{bad}");
        }
    }
}
