//! Immutability policies, as recorded (`org_immutability_*`, `repo_immutability_*`):
//!
//! * `GET .../immutabilitypolicy/` → `{"policies": [{uuid, tagPattern, tagPatternMatches}]}`.
//! * `POST` `{"tagPattern", "tagPatternMatches"?}` → **201 `{"uuid"}`**; `PUT .../{uuid}` → **204**
//!   empty; `DELETE .../{uuid}` → **200 `{"uuid"}`**; `GET .../{uuid}` → the policy; unknown → 404.
//! * A missing `tagPattern` → 400 with the jsonschema text; blank → 400 "tag_pattern is required and
//!   must be a non-empty string"; over 256 characters → 400; a bad regex → 400 "Invalid regex
//!   pattern: ..."; the same pattern twice (whatever the flag) → 400 "A policy with the same
//!   tag_pattern already exists".
//! * Creating or updating marks the covered alive tags immutable ([`super::covers`]); deleting
//!   does not unlock them. Organizations need `org:admin` and an admin; repositories `repo:admin`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::{covers, ImmutabilityPolicy, Owner};
use crate::areas::logs;
use crate::areas::tags::immutable::mark_by_policy;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::{Role, World};
use crate::{util, AppState};

pub fn routes() -> Router<AppState> {
    let org = "/api/v1/organization/{org}/immutabilitypolicy";
    let repo = "/api/v1/repository/{namespace}/{repo}/immutabilitypolicy";
    Router::new()
        .route(&format!("{org}/"), get(org_list).post(org_create))
        .route(
            &format!("{org}/{{uuid}}"),
            get(org_get).put(org_update).delete(org_delete),
        )
        .route(&format!("{repo}/"), get(repo_list).post(repo_create))
        .route(
            &format!("{repo}/{{uuid}}"),
            get(repo_get).put(repo_update).delete(repo_delete),
        )
}

/// Who may manage the policies of `owner`.
fn authorize(world: &World, headers: &HeaderMap, owner: &Owner) -> Result<Session, Response> {
    match owner {
        Owner::Namespace(org) => {
            let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
            session.require_org_admin(world, org)?;
            Ok(session)
        }
        Owner::Repository(ns, repo) => {
            let session = auth::require_in(world, headers, Scope::RepoAdmin)?;
            session.require_repo(world, ns, repo, Role::Admin)?;
            Ok(session)
        }
    }
}

fn view(p: &ImmutabilityPolicy) -> Value {
    json!({"uuid": p.uuid, "tagPattern": p.pattern, "tagPatternMatches": p.matches})
}

/// The jsonschema refusal of a body without `tagPattern`, as Quay words it.
fn schema_error(field: &str) -> Response {
    errors::invalid_request(&format!(
        "'{field}' is a required property\n\nFailed validating 'required' in schema:\n    {{'description': 'The immutability policy configuration',\n     'properties': {{'tagPattern': {{'description': 'Regex pattern to match tag names', 'type': 'string'}},\n                    'tagPatternMatches': {{'description': 'If true, matching tags are immutable. If false, non-matching tags are immutable.', 'type': 'boolean'}}}},\n     'required': ['tagPattern'],\n     'type': 'object'}}\n\nOn instance:\n    {{}}"
    ))
}

/// Quay's `_validate_policy`: (pattern, matches).
fn parse(bytes: &[u8]) -> Result<(String, bool), Response> {
    let body = errors::parse_body(bytes)?;
    let Some(pattern) = body.get("tagPattern") else {
        return Err(schema_error("tagPattern"));
    };
    let Some(pattern) = pattern.as_str() else {
        return Err(errors::invalid_request(&format!(
            "{pattern} is not of type 'string'"
        )));
    };
    if pattern.is_empty() {
        return Err(errors::invalid_request(
            "tag_pattern is required and must be a non-empty string",
        ));
    }
    if pattern.chars().count() > 256 {
        return Err(errors::invalid_request(
            "tag_pattern must be 256 characters or less",
        ));
    }
    if let Err(e) = regex::Regex::new(pattern) {
        let text = e.to_string();
        let last = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let reason = last.trim().trim_start_matches("error: ");
        return Err(errors::invalid_request(&format!(
            "Invalid regex pattern: {reason}"
        )));
    }
    let matches = match body.get("tagPatternMatches") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(errors::invalid_request(
                "tag_pattern_matches must be a boolean",
            ))
        }
    };
    Ok((pattern.to_owned(), matches))
}

fn find(world: &World, owner: &Owner, uuid: &str) -> Option<usize> {
    world
        .lifecycle
        .immutability
        .iter()
        .position(|p| &p.owner == owner && p.uuid == uuid)
}

fn duplicate(world: &World, owner: &Owner, pattern: &str, except: Option<&str>) -> bool {
    world
        .lifecycle
        .immutability
        .iter()
        .any(|p| &p.owner == owner && p.pattern == pattern && Some(p.uuid.as_str()) != except)
}

/// Marks the covered tags and logs `tags_made_immutable_by_policy` when any changed.
fn apply(world: &mut World, session: &Session, owner: &Owner, pattern: &str, matches: bool) {
    let now = world.tags.tick();
    let (ns, repo) = match owner {
        Owner::Namespace(ns) => (ns.clone(), None),
        Owner::Repository(ns, r) => (ns.clone(), Some(r.clone())),
    };
    let count = mark_by_policy(
        &mut world.tags,
        &ns,
        repo.as_deref(),
        &|tag| covers(pattern, matches, tag),
        now,
    );
    if count > 0 {
        logs::record(
            world,
            session,
            "tags_made_immutable_by_policy",
            &ns,
            repo.as_deref(),
            json!({"namespace": ns, "repo": repo, "tag_pattern": pattern,
                   "tag_pattern_matches": matches, "count": count}),
        );
    }
}

fn list(state: &AppState, headers: &HeaderMap, owner: &Owner) -> ApiResult {
    let world = state.world();
    authorize(&world, headers, owner)?;
    let policies: Vec<Value> = world
        .lifecycle
        .immutability
        .iter()
        .filter(|p| &p.owner == owner)
        .map(view)
        .collect();
    errors::ok(json!({ "policies": policies }))
}

fn one(state: &AppState, headers: &HeaderMap, owner: &Owner, uuid: &str) -> ApiResult {
    let world = state.world();
    authorize(&world, headers, owner)?;
    let index = find(&world, owner, uuid).ok_or_else(errors::not_found)?;
    let policy = world
        .lifecycle
        .immutability
        .get(index)
        .ok_or_else(errors::not_found)?;
    errors::ok(view(policy))
}

fn create(state: &AppState, headers: &HeaderMap, owner: Owner, bytes: &[u8]) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, headers, &owner)?;
    if let Owner::Namespace(org) = &owner {
        crate::areas::org_mirror::blocks_immutability_policy(&world, org)?;
    }
    let (pattern, matches) = parse(bytes)?;
    if duplicate(&world, &owner, &pattern, None) {
        return Err(errors::invalid_request(
            "A policy with the same tag_pattern already exists",
        ));
    }
    let uuid = util::uuid(&mut world.rng);
    apply(&mut world, &session, &owner, &pattern, matches);
    world.lifecycle.immutability.push(ImmutabilityPolicy {
        uuid: uuid.clone(),
        owner,
        pattern,
        matches,
    });
    errors::with_status(StatusCode::CREATED, json!({ "uuid": uuid }))
}

fn update(
    state: &AppState,
    headers: &HeaderMap,
    owner: &Owner,
    uuid: &str,
    bytes: &[u8],
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, headers, owner)?;
    let (pattern, matches) = parse(bytes)?;
    let index = find(&world, owner, uuid).ok_or_else(errors::not_found)?;
    if duplicate(&world, owner, &pattern, Some(uuid)) {
        return Err(errors::invalid_request(
            "A policy with the same tag_pattern already exists",
        ));
    }
    if let Some(p) = world.lifecycle.immutability.get_mut(index) {
        p.pattern.clone_from(&pattern);
        p.matches = matches;
    }
    apply(&mut world, &session, owner, &pattern, matches);
    errors::no_content()
}

fn delete(state: &AppState, headers: &HeaderMap, owner: &Owner, uuid: &str) -> ApiResult {
    let mut world = state.world();
    authorize(&world, headers, owner)?;
    let index = find(&world, owner, uuid).ok_or_else(errors::not_found)?;
    world.lifecycle.immutability.remove(index);
    errors::ok(json!({ "uuid": uuid }))
}

fn org(name: String) -> Owner {
    Owner::Namespace(name)
}

async fn org_list(State(s): State<AppState>, h: HeaderMap, Path(o): Path<String>) -> ApiResult {
    list(&s, &h, &org(o))
}
async fn org_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(o): Path<String>,
    b: Bytes,
) -> ApiResult {
    create(&s, &h, org(o), &b)
}
async fn org_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((o, u)): Path<(String, String)>,
) -> ApiResult {
    one(&s, &h, &org(o), &u)
}
async fn org_update(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((o, u)): Path<(String, String)>,
    b: Bytes,
) -> ApiResult {
    update(&s, &h, &org(o), &u, &b)
}
async fn org_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((o, u)): Path<(String, String)>,
) -> ApiResult {
    delete(&s, &h, &org(o), &u)
}

type RepoUuid = Path<(String, String, String)>;

async fn repo_list(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((ns, r)): Path<(String, String)>,
) -> ApiResult {
    list(&s, &h, &Owner::Repository(ns, r))
}
async fn repo_create(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((ns, r)): Path<(String, String)>,
    b: Bytes,
) -> ApiResult {
    create(&s, &h, Owner::Repository(ns, r), &b)
}
async fn repo_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((ns, r, u)): RepoUuid,
) -> ApiResult {
    one(&s, &h, &Owner::Repository(ns, r), &u)
}
async fn repo_update(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((ns, r, u)): RepoUuid,
    b: Bytes,
) -> ApiResult {
    update(&s, &h, &Owner::Repository(ns, r), &u, &b)
}
async fn repo_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((ns, r, u)): RepoUuid,
) -> ApiResult {
    delete(&s, &h, &Owner::Repository(ns, r), &u)
}
