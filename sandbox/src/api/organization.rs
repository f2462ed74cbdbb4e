//! `GET /api/v1/organization/{org}`: Quay's `org_view`. Anyone may ask; members also see the teams,
//! admins (with an `org:admin` token) also see billing, expiration and quota fields.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

use crate::areas::quotas;
use crate::auth;
use crate::errors::{self, ApiResult};
use crate::util::avatar;
use crate::world::{Org, TeamRole, World};
use crate::AppState;

pub async fn get_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> ApiResult {
    let world = state.world();
    let session = auth::authenticate(&world, &headers)?;
    let org = world.org(&name).ok_or_else(errors::not_found)?;
    let username = session.as_ref().map(|s| s.username.as_str());
    let is_admin = session
        .as_ref()
        .is_some_and(|s| s.is_org_admin(&world, &name));
    let is_member = username.is_some_and(|u| world.is_org_member(u, &name));
    errors::ok(org_view(&world, org, username, is_admin, is_member))
}

/// The organization as seen by `username` with the given rights.
pub fn org_view(
    world: &World,
    org: &Org,
    username: Option<&str>,
    is_admin: bool,
    is_member: bool,
) -> Value {
    let mut view = Map::new();
    view.insert("name".into(), json!(org.name));
    view.insert(
        "email".into(),
        json!(if is_admin { org.email.as_str() } else { "" }),
    );
    view.insert("avatar".into(), avatar(&org.name, "org"));
    view.insert("is_admin".into(), json!(is_admin));
    view.insert("is_member".into(), json!(is_member));
    if is_member {
        let mut teams = Map::new();
        for team in &org.teams {
            let in_team = username.is_some_and(|u| team.members.iter().any(|m| m == u));
            let repo_count = if team.role == TeamRole::Admin { 0 } else { 1 };
            teams.insert(
                team.name.clone(),
                json!({
                    "name": team.name,
                    "description": team.description,
                    "can_view": is_admin || in_team,
                    "role": team.role.as_str(),
                    "avatar": avatar(&team.name, "team"),
                    "new_team": false,
                    "member_count": team.members.len(),
                    "repo_count": repo_count,
                    "is_synced": false,
                }),
            );
        }
        view.insert("teams".into(), Value::Object(teams));
        let ordered: Vec<&str> = org.teams.iter().map(|t| t.name.as_str()).collect();
        view.insert("ordered_teams".into(), json!(ordered));
    }
    if is_admin {
        view.insert("invoice_email".into(), json!(false));
        view.insert("invoice_email_address".into(), Value::Null);
        view.insert("tag_expiration_s".into(), json!(org.tag_expiration_s));
        view.insert("is_free_account".into(), json!(!org.paid));
        view.insert("quotas".into(), json!(world.quotas.brief_view(&org.name)));
        view.insert("quota_report".into(), quotas::report(world, &org.name));
    }
    Value::Object(view)
}
