//! `GET /api/v1/user/`: Quay's `user_view`, whose fields depend on the token's scopes exactly as in
//! Quay: `user:admin` adds the account block (email, quotas, ...) and `is_org_admin`, `user:read` the
//! organizations, and `super_user` appears only for a superuser with a `super:user` token.
//! Without an Authorization header, the sandbox's session cookie with `X-Requested-With` answers too
//! (a Quay web session has every scope); no or an unknown session → 401 `invalid_token`.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use serde_json::{json, Map, Value};

use crate::areas::quotas;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util::avatar;
use crate::world::{TeamRole, User, World};
use crate::AppState;

pub async fn get_user(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let world = state.world();
    // Without a token, Quay's session cookie (with X-Requested-With) also answers.
    let session = match auth::cookie_session(&world, &headers) {
        Some(session) if !headers.contains_key(header::AUTHORIZATION) => session,
        _ => auth::require_in(&world, &headers, Scope::UserRead)?,
    };
    let user = world
        .user(&session.username)
        .ok_or_else(errors::invalid_token)?;
    errors::ok(user_view(&world, &session, user))
}

/// The user as Quay shows it to `session`.
pub fn user_view(world: &World, session: &Session, user: &User) -> Value {
    let mut view = Map::new();
    view.insert("anonymous".into(), json!(false));
    view.insert("username".into(), json!(user.username));
    view.insert("avatar".into(), avatar(&user.username, "user"));
    let user_admin = session.has(Scope::UserAdmin);
    if user_admin {
        let extra = json!({
            "can_create_repo": true,
            "is_me": true,
            "verified": user.verified,
            "email": user.email,
            "logins": [],
            "invoice_email": false,
            "invoice_email_address": null,
            "preferred_namespace": user.paid,
            "tag_expiration_s": user.tag_expiration_s,
            "prompts": [],
            "company": user.company,
            "family_name": user.family_name,
            "given_name": user.given_name,
            "location": user.location,
            "is_free_account": !user.paid,
            "has_password_set": true,
            "quotas": world.quotas.brief_view(&user.username),
            "quota_report": quotas::report(world, &user.username),
        });
        if let Value::Object(map) = extra {
            view.extend(map);
        }
    }
    if session.has(Scope::UserRead) {
        let orgs: Vec<Value> = world
            .orgs_of(&user.username)
            .into_iter()
            .map(|org| {
                let role = org.role_of(&user.username);
                let mut o = json!({
                    "name": org.name,
                    "avatar": avatar(&org.name, "org"),
                    "can_create_repo": session.has(Scope::RepoCreate)
                        && role.is_some_and(|r| r >= TeamRole::Creator),
                    "public": false,
                });
                if user_admin {
                    if let Some(map) = o.as_object_mut() {
                        map.insert(
                            "is_org_admin".into(),
                            json!(session.is_org_admin(world, &org.name)),
                        );
                        map.insert("preferred_namespace".into(), json!(org.paid));
                    }
                }
                o
            })
            .collect();
        view.insert("organizations".into(), Value::Array(orgs));
    }
    if session.is_superuser(world) {
        view.insert("super_user".into(), json!(true));
    }
    Value::Object(view)
}
