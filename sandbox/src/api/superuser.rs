//! `GET /api/v1/superuser/users/` and `GET /api/v1/superuser/organizations/` (superuser with a
//! `super:user` token), paged with `limit` (max 100, default 50) and `next_page`.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

use crate::areas::quotas;
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::util::{self, avatar};
use crate::AppState;

fn page(items: Vec<Value>, key: &str, params: &HashMap<String, String>) -> Value {
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, 100);
    let offset = util::parse_page_token(params.get("next_page").map(String::as_str));
    let total = items.len();
    let slice: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let mut body = Map::new();
    body.insert(key.into(), Value::Array(slice));
    if total > offset + limit {
        body.insert("next_page".into(), json!(util::page_token(offset + limit)));
    }
    Value::Object(body)
}

pub async fn list_users(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    let params: HashMap<String, String> = util::query_pairs(query.as_deref()).into_iter().collect();
    let include_disabled = params.get("disabled").is_none_or(|v| util::truthy(Some(v)));
    let users: Vec<Value> = world
        .users
        .iter()
        .filter(|u| include_disabled || u.enabled)
        .map(|u| {
            json!({
                "kind": "user",
                "name": u.username,
                "username": u.username,
                "email": u.email,
                "verified": u.verified,
                "avatar": avatar(&u.username, "user"),
                "super_user": u.super_user,
                "global_readonly_super_user": false,
                "enabled": u.enabled,
                "quotas": world.quotas.brief_view(&u.username),
                "quota_report": quotas::report(&world, &u.username),
            })
        })
        .collect();
    errors::ok(page(users, "users", &params))
}

pub async fn list_organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    let params: HashMap<String, String> = util::query_pairs(query.as_deref()).into_iter().collect();
    let orgs: Vec<Value> = world
        .orgs
        .iter()
        .map(|o| {
            json!({
                "name": o.name,
                "email": o.email,
                "avatar": avatar(&o.name, "org"),
                "quotas": world.quotas.brief_view(&o.name),
                "quota_report": quotas::report(&world, &o.name),
            })
        })
        .collect();
    errors::ok(page(orgs, "organizations", &params))
}
