//! The signed-in state, shared as context: a `Copy` handle on signals.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage;
use crate::model::user::User;

const TOKEN_KEY: &str = "quay-console.token";
/// The signed-in user as last seen by this tab, with the registry it belongs to.
const USER_KEY: &str = "quay-console.user";

#[derive(Serialize, Deserialize)]
struct CachedUser {
    registry: String,
    user: User,
}

/// The user this tab last saw signed in to `registry` (Quay's base URL as the browser reaches
/// it), so a reload or a deep link can start its own request without waiting for `GET /user/`.
#[must_use]
pub fn cached_user(registry: &str) -> Option<User> {
    storage::load::<CachedUser>(USER_KEY)
        .filter(|c| c.registry == registry)
        .map(|c| c.user)
}

/// Remembers the signed-in user of `registry` for this tab.
pub fn remember_user(registry: &str, user: &User) {
    storage::save(
        USER_KEY,
        &CachedUser {
            registry: registry.to_owned(),
            user: user.clone(),
        },
    );
}

/// An access token with what Quay granted. `Debug` never prints the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    access_token: String,
    /// `Date.now()` after which the token is no longer used; `None` when Quay gave no expiry.
    pub expires_at_ms: Option<f64>,
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl Token {
    #[must_use]
    pub fn new(
        access_token: String,
        expires_in_s: Option<u64>,
        scopes: Vec<String>,
        now_ms: f64,
    ) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let expires_at_ms = expires_in_s.map(|s| now_ms + (s as f64) * 1000.0);
        Self {
            access_token,
            expires_at_ms,
            scopes,
        }
    }
}

/// The session: the token (if any), and whether Quay has stopped accepting it.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<Token>>,
    expired: RwSignal<bool>,
}

impl Session {
    /// Restores the token of this tab, dropping it when past its expiry.
    #[must_use]
    pub fn restore() -> Self {
        let token = storage::load::<Token>(TOKEN_KEY)
            .filter(|t| t.expires_at_ms.is_none_or(|at| at > js_sys::Date::now()));
        Self {
            token: RwSignal::new(token),
            expired: RwSignal::new(false),
        }
    }

    pub fn sign_in(&self, token: Token) {
        crate::api::seen::forget();
        storage::save(TOKEN_KEY, &token);
        self.token.set(Some(token));
        self.expired.set(false);
    }

    /// Forgets the token (sign out).
    pub fn sign_out(&self) {
        crate::api::seen::forget();
        crate::views::drafts::forget_all();
        storage::remove(TOKEN_KEY);
        storage::remove(USER_KEY);
        self.token.set(None);
        self.expired.set(false);
    }

    /// Quay answered 401: forget the token and ask to sign in again.
    pub fn expire(&self) {
        crate::api::seen::forget();
        storage::remove(TOKEN_KEY);
        storage::remove(USER_KEY);
        self.token.set(None);
        self.expired.set(true);
    }

    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    #[must_use]
    pub fn is_expired(&self) -> bool {
        self.expired.get()
    }

    /// The bearer token for the API client; untracked.
    #[must_use]
    pub fn access_token(&self) -> Option<String> {
        self.token
            .with_untracked(|t| t.as_ref().map(|t| t.access_token.clone()))
    }

    /// Granted scopes (reactive).
    #[must_use]
    pub fn scopes(&self) -> Vec<String> {
        self.token
            .with(|t| t.as_ref().map(|t| t.scopes.clone()).unwrap_or_default())
    }

    /// Whether the token carries `scope`. Quay implies narrower scopes from broader ones
    /// (`repo:admin` ⊃ `repo:write` ⊃ `repo:read`); an unknown grant list allows everything.
    #[must_use]
    pub fn has_scope(&self, scope: &str) -> bool {
        self.token.with_untracked(|t| {
            t.as_ref().is_some_and(|t| {
                t.scopes.is_empty() || t.scopes.iter().any(|granted| implies(granted, scope))
            })
        })
    }
}

impl Session {
    /// Whether Quay's callback listed `scope` (or one that implies it) among the granted scopes.
    #[must_use]
    pub fn granted_explicitly(&self, scope: &str) -> bool {
        self.token.with_untracked(|t| {
            t.as_ref()
                .is_some_and(|t| t.scopes.iter().any(|granted| implies(granted, scope)))
        })
    }
}

fn implies(granted: &str, wanted: &str) -> bool {
    granted == wanted
        || matches!(
            (granted, wanted),
            ("repo:admin", "repo:write" | "repo:read")
                | ("repo:write", "repo:read")
                | ("user:admin", "user:read")
        )
}
