//! The browser half of the implicit flow: leave for Quay's authorize page, come back, check, store.

use wasm_bindgen::JsValue;

use super::session::{Session, Token};
use super::storage;
use crate::model::config::Config;
use crate::model::oauth::{
    authorize_url, check_state, parse_callback, redirect_uri, state_from_bytes, Callback,
    PendingSignIn, StateCheck,
};

const PENDING_KEY: &str = "quay-console.pending";

/// The console's base path (`/console/`), from `<base href>` as trunk writes it.
#[must_use]
pub fn base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map_or_else(|| "/".to_owned(), |url| url.pathname())
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The redirect URI Quay must send the browser back to (register it on the OAuth application).
#[must_use]
pub fn own_redirect_uri(config: &Config) -> String {
    redirect_uri(&origin(), &base_path(), &config.redirect_path)
}

fn random_state() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 24];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(state_from_bytes(&bytes))
}

/// Sends the browser to Quay's authorize page; `return_to` is the console route to come back to.
pub fn start_sign_in(config: &Config, return_to: &str) {
    let Some(state) = random_state() else {
        return;
    };
    storage::save(
        PENDING_KEY,
        &PendingSignIn {
            state: state.clone(),
            return_to: return_to.to_owned(),
            scopes: config.scopes.clone(),
            started_ms: js_sys::Date::now(),
        },
    );
    let url = authorize_url(config, &own_redirect_uri(config), &state);
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(&url);
    }
}

/// What the callback came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackResult {
    /// Signed in; the router should show this route (router-relative, with query).
    SignedIn {
        return_to: String,
    },
    Denied {
        error: String,
    },
    Rejected {
        reason: String,
    },
}

/// Reads a callback from the address bar, if there is one: checks `state`, stores the token and
/// replaces the address (token, state and scope gone) with the route to return to.
#[must_use]
pub fn complete_from_location(session: &Session) -> Option<CallbackResult> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let callback = parse_callback(&search, &hash)?;

    let pending: Option<PendingSignIn> = storage::load(PENDING_KEY);
    storage::remove(PENDING_KEY);
    let base = base_path();
    let return_to = pending
        .as_ref()
        .map(|p| p.return_to.clone())
        .filter(|r| r.starts_with('/') && !r.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    // Clear the address bar at once, whatever happens next.
    let clean = format!("{}{}", base.trim_end_matches('/'), return_to);
    let _ = window
        .history()
        .map(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&clean)));

    Some(match callback {
        Callback::Denied {
            error, description, ..
        } => CallbackResult::Denied {
            error: description.unwrap_or(error),
        },
        Callback::Token {
            access_token,
            expires_in,
            scopes,
            state,
            ..
        } => match check_state(pending.as_ref(), state.as_deref(), js_sys::Date::now()) {
            StateCheck::Valid | StateCheck::AcceptedWithoutState => {
                let scopes = if scopes.is_empty() {
                    pending.map(|p| p.scopes).unwrap_or_default()
                } else {
                    scopes
                };
                session.sign_in(Token::new(
                    access_token,
                    expires_in,
                    scopes,
                    js_sys::Date::now(),
                ));
                CallbackResult::SignedIn { return_to }
            }
            StateCheck::Rejected(reason) => CallbackResult::Rejected {
                reason: reason.to_owned(),
            },
        },
    })
}
