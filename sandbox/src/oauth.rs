//! Quay's OAuth implicit flow and web sign-in, with a sandbox sign-in page standing in for Quay's.
//!
//! * `GET /oauth/authorize?response_type=token&client_id&redirect_uri&scope&state[&format=json]`: like
//!   Quay, **401** with Werkzeug's bare HTML page without a session cookie (`--friendly-signin` shows the
//!   sign-in form instead); else checks the client (404 page), the redirect URI (302 to the registered one
//!   with `?error=redirect_uri_mismatch`), the scopes and that the user is an admin of the application's
//!   organization (bare 403), then shows the consent page (`format=json`: Quay's compact JSON), or
//!   redirects at once with a new token when the user already granted those scopes to the client.
//! * `GET /signin[/]?redirect_url=` (Quay's sign-in page), `POST /signin` (`username`, `password`,
//!   `redirect_url`): 302 to `redirect_url` when it is on this origin, else to `/`. The older
//!   `/oauth/signin` (with `next`) still works. `GET /oauth/signout[?next=]`.
//! * `POST /oauth/authorize/confirm`: second confirmation for sensitive scopes (its form drops `state`).
//! * `POST /oauth/authorizeapp` → `302 REDIRECT?scope=...[&state=...]#access_token=...&token_type=Bearer&expires_in=315576000`.
//! * `POST /oauth/denyapp` → `302 REDIRECT?error=authorization_denied`.
//!
//! A query in the redirect URI is ignored by the check and kept on the way back (`...?cb=1&scope=...`).
//! The registered redirect URI's origin also matches the request's own origin (`Host`,
//! `X-Forwarded-Host`, `X-Forwarded-Proto`), since the sandbox's port is dynamic.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::areas::applications::OAuthApp;
use crate::auth::{self, BrowserSession, Scope};
use crate::oauth_pages::{self as pages, Fields};
use crate::world::World;
use crate::{errors, util, AppState};

/// Name of the sandbox's session cookie.
pub const COOKIE: &str = "quay_sandbox_session";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize))
        .route("/signin", get(signin_page).post(signin))
        .route("/signin/", get(signin_page).post(signin))
        .route("/oauth/signin", get(signin_page).post(signin))
        .route("/oauth/signout", get(signout))
        .route("/oauth/authorize/confirm", post(confirm))
        .route("/oauth/authorizeapp", post(authorize_app))
        .route("/oauth/denyapp", post(deny_app))
}

type Params = HashMap<String, String>;

fn param<'a>(p: &'a Params, key: &str) -> &'a str {
    p.get(key).map_or("", String::as_str)
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The signed-in browser of a request (the sandbox's session cookie), if any.
pub fn browser_session(world: &World, headers: &HeaderMap) -> Option<BrowserSession> {
    let id = session_id(headers)?;
    let session = world.auth.sessions.get(&id)?;
    world
        .user(&session.username)
        .is_some_and(|u| u.enabled)
        .then(|| session.clone())
}

fn redirect(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location.to_owned())]).into_response()
}

/// A request that passed every check.
struct Checked {
    app: OAuthApp,
    scopes: BTreeSet<Scope>,
}

fn check(world: &World, origin: &str, p: &Params, username: &str) -> Result<Checked, Response> {
    let rt = param(p, "response_type");
    if rt != "token" {
        return Err(pages::error_page(
            StatusCode::BAD_REQUEST,
            "Unsupported response type",
            &format!(
                "The sandbox supports only the implicit flow (response_type=token), not {rt:?}."
            ),
        ));
    }
    let app = world
        .applications
        .find(param(p, "client_id"))
        .ok_or_else(|| {
            pages::error_page(
                StatusCode::NOT_FOUND,
                "Unknown application",
                "No OAuth application is registered with this client_id.",
            )
        })?;
    if !util::redirect_allowed(&app.redirect_uri, param(p, "redirect_uri"), origin) {
        // Quay sends the browser to the registered redirect URI with the error.
        return Err(redirect(&with_query(
            &app.redirect_uri,
            "error=redirect_uri_mismatch",
        )));
    }
    let scopes = auth::parse_scopes(param(p, "scope"))
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            pages::error_page(
                StatusCode::BAD_REQUEST,
                "Invalid scope",
                "The requested scopes are missing or unknown.",
            )
        })?;
    if !world.is_org_admin(username, &app.org) {
        return Err(pages::werkzeug(StatusCode::FORBIDDEN, pages::WERKZEUG_403));
    }
    Ok(Checked {
        app: app.clone(),
        scopes,
    })
}

/// `base` (its fragment dropped) with `query` added to its own query string.
fn with_query(base: &str, query: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}")
}

/// Issues a token, remembers the grant and builds the final redirect (`state` only when given).
fn grant(world: &mut World, username: &str, p: &Params, checked: &Checked) -> Response {
    let client_id = param(p, "client_id");
    let token = world
        .auth
        .issue(username, client_id, checked.scopes.clone());
    world
        .auth
        .grants
        .entry((username.to_owned(), client_id.to_owned()))
        .or_default()
        .extend(checked.scopes.iter().copied());
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("scope", &auth::scope_string(&checked.scopes));
    if let Some(state) = p.get("state").filter(|s| !s.is_empty()) {
        query.append_pair("state", state);
    }
    let query = format!(
        "{}#access_token={token}&token_type=Bearer&expires_in={}",
        query.finish(),
        auth::TOKEN_TTL_SECONDS
    );
    redirect(&with_query(param(p, "redirect_uri"), &query))
}

async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<Params>,
    uri: axum::http::Uri,
) -> Response {
    let mut world = state.world();
    let Some(session) = browser_session(&world, &headers) else {
        if state.opts.friendly_signin {
            let next = uri
                .path_and_query()
                .map_or("/oauth/authorize", |pq| pq.as_str());
            return pages::sign_in(next, None);
        }
        return pages::werkzeug(StatusCode::UNAUTHORIZED, pages::WERKZEUG_401);
    };
    let origin = util::request_origin(&headers);
    let checked = match check(&world, &origin, &p, &session.username) {
        Ok(c) => c,
        Err(page) => return page,
    };
    let key = (session.username.clone(), param(&p, "client_id").to_owned());
    if world
        .auth
        .grants
        .get(&key)
        .is_some_and(|granted| checked.scopes.is_subset(granted))
    {
        return grant(&mut world, &session.username, &p, &checked);
    }
    if param(&p, "format") == "json" {
        return authorize_json(&p, &checked, &session.csrf);
    }
    let scopes: Vec<Scope> = checked.scopes.iter().copied().collect();
    let fields = Fields {
        client_id: param(&p, "client_id"),
        redirect_uri: param(&p, "redirect_uri"),
        scope: param(&p, "scope"),
        state: Some(param(&p, "state")),
        csrf: &session.csrf,
    };
    let sensitive = scopes.iter().any(|s| s.is_sensitive());
    pages::consent(
        &checked.app.name,
        &checked.app.org,
        &session.username,
        &scopes,
        &fields,
        sensitive,
    )
}

/// Where `GET /oauth/signout?next=` may go.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/oauth/authorize?") || next.starts_with("/console/") {
        next
    } else {
        "/console/"
    }
}

/// Where a sign-in may send the browser: a URL on the request's own origin, or a path starting with a
/// single `/`; anything else (another origin, `//host`, `javascript:`, relative) → `/`.
pub fn safe_redirect<'a>(url: &'a str, origin: &str) -> &'a str {
    let suspicious = url.chars().any(|c| c == '\\' || c.is_control());
    let path_ok =
        |path: &str| path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    let ok = !suspicious
        && (path_ok(url)
            || url
                .get(..origin.len())
                .filter(|head| head.eq_ignore_ascii_case(origin))
                .and_then(|_| url.get(origin.len()..))
                .is_some_and(|rest| rest.is_empty() || path_ok(rest)));
    if ok {
        url
    } else {
        "/"
    }
}

/// `redirect_url` (Quay's `/signin`), or `next` (the older `/oauth/signin`).
fn wanted_redirect(p: &Params) -> &str {
    p.get("redirect_url")
        .or_else(|| p.get("next"))
        .map_or("", String::as_str)
}

async fn signin_page(headers: HeaderMap, Query(p): Query<Params>) -> Response {
    let origin = util::request_origin(&headers);
    let wanted = wanted_redirect(&p);
    let target = if wanted.is_empty() {
        ""
    } else {
        safe_redirect(wanted, &origin)
    };
    pages::sign_in(target, None)
}

async fn signin(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form<Params>,
) -> Response {
    let origin = util::request_origin(&headers);
    let next = safe_redirect(wanted_redirect(&p), &origin).to_owned();
    let username = param(&p, "username").trim();
    let mut world = state.world();
    let ok = world
        .user(username)
        .is_some_and(|u| u.enabled && u.password == param(&p, "password"));
    if !ok {
        return pages::sign_in(wanted_redirect(&p), Some("Invalid username or password."));
    }
    let id = util::random_token(32);
    world.auth.sessions.insert(
        id.clone(),
        BrowserSession {
            username: username.to_owned(),
            csrf: util::random_token(32),
        },
    );
    let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax");
    (
        StatusCode::FOUND,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

async fn signout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    if let Some(id) = session_id(&headers) {
        state.world().auth.sessions.remove(&id);
    }
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    let next = safe_next(param(&p, "next")).to_owned();
    (
        StatusCode::FOUND,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// Session and CSRF checks of the form posts; Quay answers a CSRF failure with `{"error"}`.
fn form_session(
    world: &World,
    headers: &HeaderMap,
    p: &Params,
) -> Result<BrowserSession, Response> {
    let session = browser_session(world, headers).ok_or_else(|| {
        pages::error_page(
            StatusCode::UNAUTHORIZED,
            "Not signed in",
            "Sign in again and retry.",
        )
    })?;
    if param(p, "_csrf_token") != session.csrf {
        return Err(errors::error(
            StatusCode::FORBIDDEN,
            "CSRF token was invalid or missing.",
        ));
    }
    Ok(session)
}

async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form<Params>,
) -> Response {
    let world = state.world();
    let result = form_session(&world, &headers, &p).and_then(|s| {
        let origin = util::request_origin(&headers);
        check(&world, &origin, &p, &s.username).map(|c| (s, c))
    });
    let (session, checked) = match result {
        Ok(ok) => ok,
        Err(page) => return page,
    };
    let scopes: Vec<Scope> = checked.scopes.iter().copied().collect();
    let fields = Fields {
        client_id: param(&p, "client_id"),
        redirect_uri: param(&p, "redirect_uri"),
        scope: param(&p, "scope"),
        state: None,
        csrf: &session.csrf,
    };
    pages::confirm(&checked.app.name, &scopes, &fields)
}

async fn authorize_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form<Params>,
) -> Response {
    let mut world = state.world();
    let result = form_session(&world, &headers, &p).and_then(|s| {
        let origin = util::request_origin(&headers);
        check(&world, &origin, &p, &s.username).map(|c| (s, c))
    });
    match result {
        Ok((session, checked)) => grant(&mut world, &session.username, &p, &checked),
        Err(page) => page,
    }
}

async fn deny_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form<Params>,
) -> Response {
    let world = state.world();
    let result = form_session(&world, &headers, &p).and_then(|s| {
        let origin = util::request_origin(&headers);
        check(&world, &origin, &p, &s.username)
    });
    if let Err(page) = result {
        return page;
    }
    redirect(&with_query(
        param(&p, "redirect_uri"),
        "error=authorization_denied",
    ))
}

/// Quay's `icon` of a scope on the consent page.
fn scope_icon(scope: Scope) -> &'static str {
    match scope {
        Scope::RepoRead | Scope::RepoWrite | Scope::RepoAdmin => "fa-hdd-o",
        Scope::RepoCreate => "fa-plus",
        Scope::UserRead => "fa-user",
        Scope::UserAdmin | Scope::OrgAdmin => "fa-gear",
        Scope::SuperUser => "fa-street-view",
    }
}

/// An avatar as Quay's `format=json` page carries it: the avatar object JSON-encoded into a string,
/// with Python's separators (`{"name": "x", "hash": ...}`).
fn avatar_string(name: &str, source: &str, kind: &str) -> String {
    let (hash, color) = util::avatar_parts(source);
    let field = |v: &str| serde_json::Value::from(v).to_string();
    format!(
        "{{\"name\": {}, \"hash\": {}, \"color\": {}, \"kind\": {}}}",
        field(name),
        field(&hash),
        field(&color),
        field(kind)
    )
}

/// `format=json`: Quay's compact JSON of the consent page (`oauth-pages/oauth_authorize_json.json`).
fn authorize_json(p: &Params, checked: &Checked, csrf: &str) -> Response {
    let app = &checked.app;
    let avatar_source = app.avatar_email.as_deref().unwrap_or(&app.org);
    let scopes: Vec<serde_json::Value> = checked
        .scopes
        .iter()
        .map(|s| {
            let (title, description) = s.describe();
            serde_json::json!({
                "dangerous": s.is_sensitive(),
                "description": description,
                "icon": scope_icon(*s),
                "scope": s.as_str(),
                "title": title,
            })
        })
        .collect();
    let body = serde_json::json!({
        "application": {
            "avatar": avatar_string(&app.name, avatar_source, "app"),
            "description": app.description,
            "name": app.name,
            "organization": {
                "avatar": avatar_string(&app.org, &app.org, "org"),
                "name": app.org,
            },
            "url": app.application_uri,
        },
        "assignment_uuid": null,
        "client_id": app.client_id,
        "csrf_token_val": csrf,
        "has_dangerous_scopes": checked.scopes.iter().any(|s| s.is_sensitive()),
        "redirect_uri": param(p, "redirect_uri"),
        "response_type": param(p, "response_type"),
        "scope": param(p, "scope"),
        "scopes": scopes,
        "state": p.get("state"),
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache, no-store, must-revalidate"),
        ],
        body.to_string(),
    )
        .into_response()
}
