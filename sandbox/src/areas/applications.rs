//! OAuth applications area: `/api/v1/organization/{org}/applications[/{client_id}[/resetclientsecret|/tokens]]`
//! (`org:admin`, organization admins), and in [`tokens`] the user's app-specific tokens
//! (`/api/v1/user/apptoken`, `user:admin`) and `/api/v1/superuser/apptokens`.
//!
//! Quay's quirks kept here: create answers **200** (not 201) and needs only `name`; `PUT` needs
//! `name`, `redirect_uri` and `application_uri` and sets `avatar_email` to null when it is omitted;
//! deleting an application revokes its tokens.

mod tokens;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{delete, get, post};
use axum::Router;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Map, Value};

use crate::areas::logs;
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::World;
use crate::AppState;

pub use tokens::AppSpecificToken;

/// Client id of the console's own application (seeded in `buynlarge`), also in `/console/config.json`.
pub const CONSOLE_CLIENT_ID: &str = "CONSOLE0DEMO0CLIENT0ID";
/// The organization that owns the console's application: only its administrators may authorize it.
pub const CONSOLE_ORG: &str = "buynlarge";

/// An OAuth application owned by an organization.
#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub org: String,
    pub name: String,
    pub description: String,
    pub application_uri: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub avatar_email: Option<String>,
}

impl OAuthApp {
    /// Quay's application view (`org_app_get.json`).
    pub fn view(&self) -> Value {
        json!({
            "name": self.name,
            "description": self.description,
            "application_uri": self.application_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uri": self.redirect_uri,
            "avatar_email": self.avatar_email,
        })
    }
}

#[derive(Debug, Default)]
pub struct AppStore {
    pub apps: Vec<OAuthApp>,
    /// App-specific tokens of every user.
    pub tokens: Vec<AppSpecificToken>,
}

impl AppStore {
    pub fn find(&self, client_id: &str) -> Option<&OAuthApp> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn in_org<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a OAuthApp> + 'a {
        self.apps.iter().filter(move |a| a.org == org)
    }

    fn find_in_org_mut(&mut self, org: &str, client_id: &str) -> Option<&mut OAuthApp> {
        self.apps
            .iter_mut()
            .find(|a| a.org == org && a.client_id == client_id)
    }
}

const SEEDED: &[(&str, &str, &str, &str, &str, &str)] = &[
    // (org, name, description, application_uri, client_id, redirect_uri)
    (
        CONSOLE_ORG,
        "Quay Console",
        "The Rust/Leptos admin console served by the sandbox",
        "http://localhost/console/",
        CONSOLE_CLIENT_ID,
        "http://localhost/console/",
    ),
    (
        "buynlarge",
        "Some Test App",
        "",
        "http://localhost:8000",
        "deadbeef",
        "http://localhost:8000/o2c.html",
    ),
    (
        "buynlarge",
        "Some Other Test App",
        "This is another test application",
        "http://quay.io",
        "deadpork",
        "http://localhost:8000/o2c.html",
    ),
    (
        "library",
        "Release Dashboard",
        "Shows which library images were rebuilt",
        "https://dashboard.example.com",
        "LIBRARYDASHBOARD0001",
        "https://dashboard.example.com/oauth/callback",
    ),
];

/// Seeded after [`SEEDED`] with their own generator, so the shared one (and every later area's
/// seed) draws the same numbers as before they existed.
const SEEDED_MORE: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    // (org, name, description, application_uri, client_id, redirect_uri, avatar_email)
    (
        "buynlarge",
        "Release Notifier",
        "Posts to chat when a release tag is pushed",
        "https://notifier.buynlarge.example",
        "RELEASENOTIFIER00001",
        "https://notifier.buynlarge.example/oauth/callback",
        "release-bot@buynlarge.example",
    ),
];

pub fn seed(world: &mut World) {
    let mut apps = Vec::new();
    for &(org, name, description, application_uri, client_id, redirect_uri) in SEEDED {
        apps.push(OAuthApp {
            org: org.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
            application_uri: application_uri.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: util::random_upper(&mut world.rng, 40),
            redirect_uri: redirect_uri.to_owned(),
            avatar_email: None,
        });
    }
    let mut rng = StdRng::seed_from_u64(world.opts.seed ^ 0x0a11_ca71_0000);
    for &(org, name, description, application_uri, client_id, redirect_uri, email) in SEEDED_MORE {
        apps.push(OAuthApp {
            org: org.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
            application_uri: application_uri.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: util::random_upper(&mut rng, 40),
            redirect_uri: redirect_uri.to_owned(),
            avatar_email: Some(email.to_owned()),
        });
    }
    let tokens = tokens::seed(world.seeded_at, &mut rng);
    world.applications = AppStore { apps, tokens };
}

pub fn routes() -> Router<AppState> {
    const APPS: &str = "/api/v1/organization/{org}/applications";
    Router::new()
        .route(APPS, get(list_apps).post(create_app))
        .route(
            &format!("{APPS}/{{client_id}}"),
            get(get_app).put(update_app).delete(delete_app),
        )
        .route(
            &format!("{APPS}/{{client_id}}/resetclientsecret"),
            post(reset_secret),
        )
        .route(
            &format!("{APPS}/{{client_id}}/tokens"),
            get(list_app_tokens),
        )
        .route(
            &format!("{APPS}/{{client_id}}/tokens/{{token_uuid}}"),
            delete(revoke_app_token),
        )
        .merge(tokens::routes())
}

/// Signed in with `org:admin` as an admin of `org` (404 for an unknown organization).
fn org_admin(
    world: &World,
    headers: &HeaderMap,
    org: &str,
) -> Result<Session, axum::response::Response> {
    let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
    session.require_org_admin(world, org)?;
    Ok(session)
}

/// The text fields of `NewApp` / `UpdateApp`: each must be a string when present.
const FIELDS: [&str; 5] = [
    "name",
    "redirect_uri",
    "application_uri",
    "description",
    "avatar_email",
];

fn check_types(body: &Value) -> Result<(), axum::response::Response> {
    if !body.is_object() {
        return Err(errors::invalid_request(&format!(
            "{body} is not of type 'object'"
        )));
    }
    for field in FIELDS {
        match body.get(field) {
            None | Some(Value::String(_)) => {}
            Some(other) => {
                return Err(errors::invalid_request(&format!(
                    "{other} is not of type 'string'"
                )))
            }
        }
    }
    Ok(())
}

fn text(body: &Value, field: &str) -> Option<String> {
    body.get(field).and_then(Value::as_str).map(str::to_owned)
}

/// Quay logs the request's fields plus `application_name` and `client_id`.
fn log_meta(body: Option<&Value>, app: &OAuthApp) -> Value {
    let mut map = body
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(k, _)| FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Map<_, _>>()
        })
        .unwrap_or_default();
    map.insert("application_name".into(), json!(app.name));
    map.insert("client_id".into(), json!(app.client_id));
    Value::Object(map)
}

async fn list_apps(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let world = state.world();
    org_admin(&world, &headers, &org)?;
    let apps: Vec<Value> = world
        .applications
        .in_org(&org)
        .map(OAuthApp::view)
        .collect();
    errors::ok(json!({ "applications": apps }))
}

async fn create_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = org_admin(&world, &headers, &org)?;
    let body = errors::parse_body(&body)?;
    check_types(&body)?;
    errors::require_fields(&body, &["name"])?;
    let app = OAuthApp {
        org: org.clone(),
        name: text(&body, "name").unwrap_or_default(),
        description: text(&body, "description").unwrap_or_default(),
        application_uri: text(&body, "application_uri").unwrap_or_default(),
        client_id: util::random_upper(&mut world.rng, 20),
        client_secret: util::random_upper(&mut world.rng, 40),
        redirect_uri: text(&body, "redirect_uri").unwrap_or_default(),
        avatar_email: text(&body, "avatar_email"),
    };
    let view = app.view();
    let meta = log_meta(Some(&body), &app);
    world.applications.apps.push(app);
    logs::record(&mut world, &session, "create_application", &org, None, meta);
    errors::ok(view)
}

async fn get_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id)): Path<(String, String)>,
) -> ApiResult {
    let world = state.world();
    org_admin(&world, &headers, &org)?;
    let view = world
        .applications
        .in_org(&org)
        .find(|a| a.client_id == client_id)
        .map(OAuthApp::view);
    view.map_or_else(|| Err(errors::not_found()), errors::ok)
}

async fn update_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = org_admin(&world, &headers, &org)?;
    let body = errors::parse_body(&body)?;
    check_types(&body)?;
    errors::require_fields(&body, &["name", "redirect_uri", "application_uri"])?;
    let app = world
        .applications
        .find_in_org_mut(&org, &client_id)
        .ok_or_else(errors::not_found)?;
    app.name = text(&body, "name").unwrap_or_default();
    app.redirect_uri = text(&body, "redirect_uri").unwrap_or_default();
    app.application_uri = text(&body, "application_uri").unwrap_or_default();
    app.description = text(&body, "description").unwrap_or_default();
    // Quay's quirk: an omitted avatar_email is cleared.
    app.avatar_email = text(&body, "avatar_email");
    let (view, meta) = (app.view(), log_meta(Some(&body), app));
    logs::record(&mut world, &session, "update_application", &org, None, meta);
    errors::ok(view)
}

async fn reset_secret(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = org_admin(&world, &headers, &org)?;
    let secret = util::random_upper(&mut world.rng, 40);
    let app = world
        .applications
        .find_in_org_mut(&org, &client_id)
        .ok_or_else(errors::not_found)?;
    app.client_secret = secret;
    let (view, meta) = (app.view(), log_meta(None, app));
    logs::record(
        &mut world,
        &session,
        "reset_application_client_secret",
        &org,
        None,
        meta,
    );
    errors::ok(view)
}

async fn delete_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id)): Path<(String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = org_admin(&world, &headers, &org)?;
    let index = world
        .applications
        .apps
        .iter()
        .position(|a| a.org == org && a.client_id == client_id)
        .ok_or_else(errors::not_found)?;
    let app = world.applications.apps.remove(index);
    // Quay deletes the application's tokens with it.
    world.auth.tokens.retain(|_, t| t.client_id != client_id);
    let meta = log_meta(None, &app);
    logs::record(&mut world, &session, "delete_application", &org, None, meta);
    errors::no_content()
}

/// Tokens of an application per page.
const TOKENS_PAGE: usize = 50;

/// A stable UUID for an issued OAuth token (the auth store keys tokens by their code).
pub fn oauth_token_uuid(id: u64) -> String {
    let h = util::fake_hash(&format!("oauth-token-{id}"));
    let part = |a: usize, b: usize| h.get(a..b).unwrap_or_default().to_owned();
    format!(
        "{}-{}-4{}-a{}-{}",
        part(0, 8),
        part(8, 12),
        part(13, 16),
        part(17, 20),
        part(20, 32)
    )
}

async fn list_app_tokens(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id)): Path<(String, String)>,
    uri: axum::http::Uri,
) -> ApiResult {
    let world = state.world();
    org_admin(&world, &headers, &org)?;
    if !world
        .applications
        .in_org(&org)
        .any(|a| a.client_id == client_id)
    {
        return Err(errors::not_found());
    }
    let mut issued: Vec<&auth::Token> = world
        .auth
        .tokens
        .values()
        .filter(|t| t.client_id == client_id)
        .collect();
    issued.sort_by_key(|t| std::cmp::Reverse(t.id));
    let params = util::query_pairs(uri.query());
    let next = params
        .iter()
        .find(|(k, _)| k == "next_page")
        .map(|(_, v)| v.as_str());
    let offset = util::parse_page_token(next);
    let page: Vec<Value> = issued
        .iter()
        .skip(offset)
        .take(TOKENS_PAGE)
        .map(|t| {
            json!({
                "uuid": oauth_token_uuid(t.id),
                "scope": auth::scope_string(&t.scopes),
                "created": util::iso_date(t.expires_at - auth::TOKEN_TTL_SECONDS),
                "expires_at": util::iso_date(t.expires_at),
                "last_accessed": null,
                "created_by": t.username,
            })
        })
        .collect();
    let mut body = Map::new();
    body.insert("tokens".into(), Value::Array(page));
    if offset + TOKENS_PAGE < issued.len() {
        body.insert(
            "next_page".into(),
            json!(util::page_token(offset + TOKENS_PAGE)),
        );
    }
    errors::ok(Value::Object(body))
}

async fn revoke_app_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((org, client_id, token_uuid)): Path<(String, String, String)>,
) -> ApiResult {
    let mut world = state.world();
    let session = org_admin(&world, &headers, &org)?;
    if !world
        .applications
        .in_org(&org)
        .any(|a| a.client_id == client_id)
    {
        return Err(errors::not_found());
    }
    let code = world
        .auth
        .tokens
        .iter()
        .find(|(_, t)| t.client_id == client_id && oauth_token_uuid(t.id) == token_uuid)
        .map(|(code, _)| code.clone())
        .ok_or_else(errors::not_found)?;
    world.auth.tokens.remove(&code);
    logs::record(
        &mut world,
        &session,
        "revoke_oauth_api_token",
        &org,
        None,
        json!({"oauth_token_uuid": token_uuid, "client_id": client_id}),
    );
    errors::no_content()
}
