//! Bearer tokens, OAuth scopes, the checks every endpoint makes, and the X-Requested-With rule.
//!
//! Area handlers start with one of:
//! * [`require`]`(&state, &headers, Scope::RepoRead)?` → a [`Session`], or the 401/403 response;
//! * [`optional`] for endpoints anonymous callers may use;
//! * then [`Session::require_org_admin`], [`Session::require_superuser`], [`Session::require_repo`].

use std::collections::{BTreeSet, HashMap};

use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::errors;
use crate::world::{Repo, Role, World};
use crate::AppState;

/// Quay's OAuth scopes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    RepoRead,
    RepoWrite,
    RepoAdmin,
    RepoCreate,
    UserRead,
    UserAdmin,
    OrgAdmin,
    SuperUser,
}

impl Scope {
    pub const ALL: [Scope; 8] = [
        Scope::RepoRead,
        Scope::RepoWrite,
        Scope::RepoAdmin,
        Scope::RepoCreate,
        Scope::UserRead,
        Scope::UserAdmin,
        Scope::OrgAdmin,
        Scope::SuperUser,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RepoRead => "repo:read",
            Self::RepoWrite => "repo:write",
            Self::RepoAdmin => "repo:admin",
            Self::RepoCreate => "repo:create",
            Self::UserRead => "user:read",
            Self::UserAdmin => "user:admin",
            Self::OrgAdmin => "org:admin",
            Self::SuperUser => "super:user",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Title and description shown on the consent page (Quay's `auth/scopes.py` wording).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::RepoRead => ("View all visible repositories", "This application will be able to view and pull all repositories visible to the granting user or robot account"),
            Self::RepoWrite => ("Read/Write to any accessible repositories", "This application will be able to view, push and pull to all repositories to which the granting user or robot account has write access"),
            Self::RepoAdmin => ("Administer Repositories", "This application will have administrator access to all repositories to which the granting user or robot account has access"),
            Self::RepoCreate => ("Create Repositories", "This application will be able to create repositories in to any namespaces that the granting user or robot account is allowed to create repositories"),
            Self::UserRead => ("Read User Information", "This application will be able to read user information such as username and email address."),
            Self::UserAdmin => ("Administer User", "This application will be able to administer your account including creating robots and granting them permissions to your repositories. You should have absolute trust in the requesting application before granting this permission."),
            Self::OrgAdmin => ("Administer Organization", "This application will be able to administer your organizations including creating robots, creating teams, adjusting team membership, and changing billing settings. You should have absolute trust in the requesting application before granting this permission."),
            Self::SuperUser => ("Super User Access", "This application will be able to administer your installation including managing users, managing organizations and other features found in the superuser panel. You should have absolute trust in the requesting application before granting this permission."),
        }
    }

    /// Quay asks for a second confirmation for these (`dangerous` in Quay's scope table).
    pub fn is_sensitive(self) -> bool {
        matches!(self, Self::UserAdmin | Self::OrgAdmin | Self::SuperUser)
    }

    /// Scopes granted implicitly by this one (Quay's `IMPLIED_SCOPES`).
    fn implies(self, other: Scope) -> bool {
        self == other
            || matches!(
                (self, other),
                (Self::RepoAdmin, Self::RepoWrite | Self::RepoRead)
                    | (Self::RepoWrite, Self::RepoRead)
                    | (Self::UserAdmin, Self::UserRead)
            )
    }
}

/// Parses a scope string (space- or comma-separated); unknown scopes are an error.
pub fn parse_scopes(text: &str) -> Result<BTreeSet<Scope>, String> {
    text.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| Scope::parse(s).ok_or_else(|| s.to_owned()))
        .collect()
}

/// Space-separated scope string, in Quay's canonical order.
pub fn scope_string(scopes: &BTreeSet<Scope>) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An issued OAuth access token.
#[derive(Clone, Debug)]
pub struct Token {
    pub id: u64,
    pub username: String,
    pub client_id: String,
    pub scopes: BTreeSet<Scope>,
    pub expires_at: i64,
}

/// A signed-in browser (the sandbox's stand-in for Quay's web session cookie).
#[derive(Clone, Debug)]
pub struct BrowserSession {
    pub username: String,
    pub csrf: String,
}

/// Tokens, browser sessions and remembered grants. Kept across `POST /__sandbox/reset` unless asked.
#[derive(Default, Debug)]
pub struct AuthStore {
    pub tokens: HashMap<String, Token>,
    pub next_token_id: u64,
    pub sessions: HashMap<String, BrowserSession>,
    /// (username, client_id) → scopes the user already granted to that client.
    pub grants: HashMap<(String, String), BTreeSet<Scope>>,
}

/// Lifetime of implicit-flow tokens (`expires_in`), as Quay: ten years.
pub const TOKEN_TTL_SECONDS: i64 = 315_576_000;

impl AuthStore {
    /// Issues a new access token and returns its 40-character code.
    pub fn issue(&mut self, username: &str, client_id: &str, scopes: BTreeSet<Scope>) -> String {
        let code = crate::util::random_token(40);
        self.next_token_id += 1;
        self.tokens.insert(
            code.clone(),
            Token {
                id: self.next_token_id,
                username: username.to_owned(),
                client_id: client_id.to_owned(),
                scopes,
                expires_at: crate::util::now() + TOKEN_TTL_SECONDS,
            },
        );
        code
    }
}

/// An authenticated API caller.
#[derive(Clone, Debug)]
pub struct Session {
    pub username: String,
    pub scopes: BTreeSet<Scope>,
    pub token_id: u64,
    pub client_id: String,
    pub app_name: String,
    /// Client address for log entries (`X-Forwarded-For`, else 127.0.0.1).
    pub ip: String,
}

impl Session {
    /// The token grants `scope` (directly or implied).
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.iter().any(|s| s.implies(scope))
    }

    /// `Err(403)` unless the token has `scope`.
    pub fn need(&self, scope: Scope) -> Result<(), Response> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(errors::unauthorized())
        }
    }

    /// Quay's `AdministerOrganizationPermission`: admin role *and* an `org:admin` token.
    pub fn is_org_admin(&self, world: &World, org: &str) -> bool {
        self.has(Scope::OrgAdmin) && world.is_org_admin(&self.username, org)
    }

    /// Quay's `SuperUserPermission`: a superuser *and* a `super:user` token.
    pub fn is_superuser(&self, world: &World) -> bool {
        self.has(Scope::SuperUser) && world.user(&self.username).is_some_and(|u| u.super_user)
    }

    /// 404 if the organization does not exist, 403 unless [`Session::is_org_admin`].
    pub fn require_org_admin(&self, world: &World, org: &str) -> Result<(), Response> {
        if world.org(org).is_none() {
            return Err(errors::not_found());
        }
        if self.is_org_admin(world, org) {
            Ok(())
        } else {
            Err(errors::unauthorized())
        }
    }

    /// 403 unless [`Session::is_superuser`].
    pub fn require_superuser(&self, world: &World) -> Result<(), Response> {
        if self.is_superuser(world) {
            Ok(())
        } else {
            Err(errors::unauthorized())
        }
    }

    /// For user-or-org namespaces (robots, quotas, logs): the caller's own namespace needs `user:admin`,
    /// an organization needs [`Session::require_org_admin`].
    pub fn require_namespace_admin(&self, world: &World, namespace: &str) -> Result<(), Response> {
        if namespace == self.username {
            return self.need(Scope::UserAdmin);
        }
        if world.user(namespace).is_some() {
            return Err(errors::unauthorized());
        }
        self.require_org_admin(world, namespace)
    }

    /// The caller's role on a repository, capped by the token's repo scopes.
    pub fn repo_role(&self, world: &World, repo: &Repo) -> Option<Role> {
        let cap = if self.has(Scope::RepoAdmin) {
            Role::Admin
        } else if self.has(Scope::RepoWrite) {
            Role::Write
        } else if self.has(Scope::RepoRead) {
            Role::Read
        } else {
            return None;
        };
        world
            .repo_role(Some(&self.username), repo)
            .map(|r| r.min(cap))
    }

    /// Looks up `namespace/name` and checks the caller holds at least `role` on it.
    /// Missing repository: 404 for namespace admins, 403 for others (Quay checks permission first).
    pub fn require_repo<'w>(
        &self,
        world: &'w World,
        namespace: &str,
        name: &str,
        role: Role,
    ) -> Result<&'w Repo, Response> {
        match world.repo(namespace, name) {
            Some(repo) if self.repo_role(world, repo).is_some_and(|r| r >= role) => Ok(repo),
            Some(_) => Err(errors::unauthorized()),
            None if world.is_namespace_admin(&self.username, namespace) => Err(errors::not_found()),
            None => Err(errors::unauthorized()),
        }
    }

    /// Adds Quay's OAuth fields (`oauth_token_id`, `oauth_token_application_id`,
    /// `oauth_token_application`) to a log entry's metadata.
    pub fn log_metadata(&self, metadata: Value) -> Value {
        let mut map = match metadata {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        map.insert("oauth_token_id".into(), self.token_id.into());
        map.insert(
            "oauth_token_application_id".into(),
            self.client_id.clone().into(),
        );
        map.insert(
            "oauth_token_application".into(),
            self.app_name.clone().into(),
        );
        Value::Object(map)
    }
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (kind, token) = value.split_once(' ')?;
    kind.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// Client address for logs.
pub fn client_ip(headers: &HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map_or_else(|| "127.0.0.1".to_owned(), |v| v.trim().to_owned())
}

/// `Ok(None)` without an Authorization header; 401 for an unknown, revoked or expired token, or a
/// token of a disabled user.
pub fn authenticate(world: &World, headers: &HeaderMap) -> Result<Option<Session>, Response> {
    if headers.get(header::AUTHORIZATION).is_none() {
        return Ok(None);
    }
    let token = bearer(headers)
        .and_then(|code| world.auth.tokens.get(code))
        .filter(|t| t.expires_at > crate::util::now())
        .ok_or_else(errors::invalid_token)?;
    if !world.user(&token.username).is_some_and(|u| u.enabled) {
        return Err(errors::invalid_token());
    }
    let app_name = world
        .applications
        .find(&token.client_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    Ok(Some(Session {
        username: token.username.clone(),
        scopes: token.scopes.clone(),
        token_id: token.id,
        client_id: token.client_id.clone(),
        app_name,
        ip: client_ip(headers),
    }))
}

/// Quay's web session as an API caller: the sandbox's session cookie of a signed-in, enabled user, on a
/// call that says `X-Requested-With: XMLHttpRequest`. A session has every scope (as Quay's cookie does).
/// Only `GET /api/v1/user/` accepts it (the console asks it whether the browser is signed in to Quay).
pub fn cookie_session(world: &World, headers: &HeaderMap) -> Option<Session> {
    let xhr = headers
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("XMLHttpRequest"));
    if !xhr {
        return None;
    }
    let browser = crate::oauth::browser_session(world, headers)?;
    Some(Session {
        username: browser.username,
        scopes: Scope::ALL.into_iter().collect(),
        token_id: 0,
        client_id: String::new(),
        app_name: String::new(),
        ip: client_ip(headers),
    })
}

/// Like [`require`], for a caller already holding the world lock.
pub fn require_in(world: &World, headers: &HeaderMap, scope: Scope) -> Result<Session, Response> {
    let session = authenticate(world, headers)?.ok_or_else(errors::invalid_token)?;
    session.need(scope)?;
    Ok(session)
}

/// The caller must be signed in (else 401 `invalid_token`) with a token holding `scope` (else 403
/// `insufficient_scope`). Locks the world briefly: do not call it while holding the lock.
pub fn require(state: &AppState, headers: &HeaderMap, scope: Scope) -> Result<Session, Response> {
    require_in(&state.world(), headers, scope)
}

/// Signed in or anonymous; only a bad token is an error (401).
pub fn optional(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, Response> {
    authenticate(&state.world(), headers)
}

/// The text of Quay's refusal.
pub const XHR_REFUSAL: &str =
    "API calls must be invoked with an X-Requested-With header if called from a browser";

/// `BROWSER_API_CALLS_XHR_ONLY`: a GET from a browser User-Agent without
/// `X-Requested-With: XMLHttpRequest` gets 400 `{"error": ...}`, whatever the token. Other methods pass.
pub fn xhr_rule(method: &Method, headers: &HeaderMap) -> Result<(), Response> {
    if method != Method::GET {
        return Ok(());
    }
    let browser = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.contains("Mozilla"));
    let xhr = headers
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("XMLHttpRequest"));
    if browser && !xhr {
        Err(errors::error(StatusCode::BAD_REQUEST, XHR_REFUSAL))
    } else {
        Ok(())
    }
}
