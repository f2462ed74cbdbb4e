//! Quay's OAuth implicit flow, with a sandbox sign-in page standing in for Quay's web login.
//!
//! * `GET /oauth/authorize?response_type=token&client_id&redirect_uri&scope&state`: sign-in page without
//!   a session cookie; else checks (client, redirect URI, scopes, org admin) and shows the consent page,
//!   or redirects at once with a new token when the user already granted those scopes to the client.
//! * `POST /oauth/signin` (`username`, `password`, `next`), `GET /oauth/signout[?next=]`.
//! * `POST /oauth/authorize/confirm`: second confirmation for sensitive scopes (its form drops `state`).
//! * `POST /oauth/authorizeapp` → `302 REDIRECT?scope=...[&state=...]#access_token=...&token_type=Bearer&expires_in=315576000`.
//! * `POST /oauth/denyapp` → `302 REDIRECT?error=authorization_denied`.
//!
//! The registered redirect URI's origin also matches the request's own origin (`Host`,
//! `X-Forwarded-Host`, `X-Forwarded-Proto`), since the sandbox's port is dynamic.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::{self, BrowserSession, Scope};
use crate::oauth_pages::{self as pages, Fields};
use crate::world::World;
use crate::{errors, util, AppState};

/// Name of the sandbox's session cookie.
pub const COOKIE: &str = "quay_sandbox_session";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize))
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

fn browser_session(world: &World, headers: &HeaderMap) -> Option<BrowserSession> {
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
    app_name: String,
    org: String,
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
        return Err(pages::error_page(
            StatusCode::BAD_REQUEST,
            "Invalid redirect URI",
            &format!(
                "The redirect_uri must match the application's registered one ({}) in scheme and host:port \
                 (or this server's own origin, {origin}) and start with its path.",
                app.redirect_uri
            ),
        ));
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
        return Err(pages::error_page(
            StatusCode::FORBIDDEN,
            "Access denied",
            &format!(
                "Only administrators of organization {} may authorize its application {}.",
                app.org, app.name
            ),
        ));
    }
    Ok(Checked {
        app_name: app.name.clone(),
        org: app.org.clone(),
        scopes,
    })
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
    let base = param(p, "redirect_uri");
    let base = base.split('#').next().unwrap_or(base);
    let sep = if base.contains('?') { '&' } else { '?' };
    redirect(&format!(
        "{base}{sep}{}#access_token={token}&token_type=Bearer&expires_in={}",
        query.finish(),
        auth::TOKEN_TTL_SECONDS
    ))
}

async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<Params>,
    uri: axum::http::Uri,
) -> Response {
    let mut world = state.world();
    let Some(session) = browser_session(&world, &headers) else {
        let next = uri
            .path_and_query()
            .map_or("/oauth/authorize", |pq| pq.as_str());
        return pages::sign_in(next, None);
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
        &checked.app_name,
        &checked.org,
        &session.username,
        &scopes,
        &fields,
        sensitive,
    )
}

fn safe_next(next: &str) -> &str {
    if next.starts_with("/oauth/authorize?") || next.starts_with("/console/") {
        next
    } else {
        "/console/"
    }
}

async fn signin_page(Query(p): Query<Params>) -> Response {
    pages::sign_in(safe_next(param(&p, "next")), None)
}

async fn signin(State(state): State<AppState>, Form(p): Form<Params>) -> Response {
    let next = safe_next(param(&p, "next")).to_owned();
    let username = param(&p, "username").trim();
    let mut world = state.world();
    let ok = world
        .user(username)
        .is_some_and(|u| u.enabled && u.password == param(&p, "password"));
    if !ok {
        return pages::sign_in(&next, Some("Invalid username or password."));
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
    pages::confirm(&checked.app_name, &scopes, &fields)
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
    let base = param(&p, "redirect_uri");
    let base = base.split('#').next().unwrap_or(base);
    let sep = if base.contains('?') { '&' } else { '?' };
    redirect(&format!("{base}{sep}error=authorization_denied"))
}
