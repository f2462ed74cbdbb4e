//! The signed-in user's OAuth grants and the public application description:
//!
//! * `GET /api/v1/user/authorizations` (`user:admin`): **one entry per access token** the user
//!   holds, `{application:{name, description, url, avatar, organization:{name, avatar}}, scopes:
//!   [{title, scope, description, icon, dangerous}], uuid}`, no client id (recorded:
//!   `user_authorizations_list*.json`).
//! * `GET|DELETE /api/v1/user/authorizations/{uuid}`: one entry; DELETE → 204 and the token is
//!   invalid at once (Quay then answers 401 `invalid_token`); an unknown uuid → 404.
//! * `GET /api/v1/app/{client_id}`: `{name, description, uri, avatar, organization}` with no token
//!   needed (Quay's `getApplicationInformation`); unknown → 404.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::auth::{self, Scope, Token};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::World;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/user/authorizations", get(list))
        .route(
            "/api/v1/user/authorizations/{uuid}",
            get(get_one).delete(delete_one),
        )
        .route("/api/v1/app/{client_id}", get(app_info))
}

/// A stable uuid for a token (Quay's `OAuthAccessToken.uuid`).
pub fn token_uuid(token: &Token) -> String {
    let hex = format!("{:032x}", u128::from(token.id) | (0xa7u128 << 100));
    format!(
        "{}-{}-4{}-8{}-{}",
        hex.get(0..8).unwrap_or_default(),
        hex.get(8..12).unwrap_or_default(),
        hex.get(13..16).unwrap_or_default(),
        hex.get(17..20).unwrap_or_default(),
        hex.get(20..32).unwrap_or_default()
    )
}

fn icon(scope: Scope) -> &'static str {
    match scope {
        Scope::RepoRead | Scope::RepoWrite | Scope::RepoAdmin | Scope::RepoCreate => "fa-hdd-o",
        Scope::UserRead | Scope::UserAdmin => "fa-user",
        Scope::OrgAdmin => "fa-gear",
        Scope::SuperUser => "fa-street-view",
    }
}

fn entry(world: &World, token: &Token) -> Value {
    let app = world.applications.find(&token.client_id);
    let (name, description, url, org) = app.map_or_else(
        || {
            (
                token.client_id.clone(),
                String::new(),
                String::new(),
                String::new(),
            )
        },
        |a| {
            (
                a.name.clone(),
                a.description.clone(),
                a.application_uri.clone(),
                a.org.clone(),
            )
        },
    );
    let scopes: Vec<Value> = token
        .scopes
        .iter()
        .map(|s| {
            let (title, text) = s.describe();
            json!({"title": title, "scope": s.as_str(), "description": text,
                   "icon": icon(*s), "dangerous": s.is_sensitive()})
        })
        .collect();
    json!({
        "application": {
            "name": name, "description": description, "url": url,
            "avatar": util::avatar(&name, "app"),
            "organization": {"name": org, "avatar": util::avatar(&org, "org")},
        },
        "scopes": scopes,
        "uuid": token_uuid(token),
    })
}

fn own_tokens<'a>(world: &'a World, username: &'a str) -> impl Iterator<Item = &'a Token> + 'a {
    let now = util::now();
    let mut tokens: Vec<&Token> = world
        .auth
        .tokens
        .values()
        .filter(move |t| t.username == username && t.expires_at > now)
        .collect();
    tokens.sort_by_key(|t| t.id);
    tokens.into_iter()
}

async fn list(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let entries: Vec<Value> = own_tokens(&world, &session.username)
        .map(|t| entry(&world, t))
        .collect();
    errors::ok(json!({ "authorizations": entries }))
}

async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let found = own_tokens(&world, &session.username).find(|t| token_uuid(t) == uuid);
    match found {
        Some(token) => errors::ok(entry(&world, token)),
        None => Err(errors::not_found()),
    }
}

async fn delete_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let code = world
        .auth
        .tokens
        .iter()
        .find(|(_, t)| t.username == session.username && token_uuid(t) == uuid)
        .map(|(code, _)| code.clone());
    match code {
        Some(code) => {
            world.auth.tokens.remove(&code);
            errors::no_content()
        }
        None => Err(errors::not_found()),
    }
}

async fn app_info(State(state): State<AppState>, Path(client_id): Path<String>) -> ApiResult {
    let world = state.world();
    let Some(app) = world.applications.find(&client_id) else {
        return Err(errors::not_found());
    };
    errors::ok(json!({
        "name": app.name,
        "description": app.description,
        "uri": app.application_uri,
        "avatar": util::avatar(&app.name, "app"),
        "organization": {
            "name": app.org,
            "avatar": util::avatar(&app.org, "org"),
            "is_admin": false,
            "is_member": false,
        },
    }))
}
