//! The browser half of the implicit flow: leave for Quay's authorize page, come back, check, store.

use wasm_bindgen::JsValue;

use super::app_token::{complete_app_token, PENDING_APP_TOKEN_KEY};
use super::session::{Session, Token};
use super::storage;
use crate::model::config::Config;
use crate::model::oauth::{
    authorize_url, callback_owner, check_state, parse_callback, redirect_uri, state_from_bytes,
    Callback, CallbackOwner, PendingAppToken, PendingSignIn, StateCheck,
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

pub(super) fn random_state() -> Option<String> {
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
    /// A token generated for another application came back (or was refused): not a sign-in.
    /// The outcome waits in memory for [`super::take_app_token`].
    AppToken {
        return_to: String,
    },
}

/// Reads a callback from the address bar, if there is one: decides whether it answers the
/// console's sign-in or a token generated for another application, checks `state`, and replaces
/// the address (token, state and scope gone) with the route to return to.
#[must_use]
pub fn complete_from_location(session: &Session) -> Option<CallbackResult> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let callback = parse_callback(&search, &hash)?;
    let received_state = match &callback {
        Callback::Token { state, .. } | Callback::Denied { state, .. } => state.clone(),
    };
    let pending: Option<PendingSignIn> = storage::load(PENDING_KEY);
    let app_pending: Option<PendingAppToken> = storage::load(PENDING_APP_TOKEN_KEY);
    let now = js_sys::Date::now();
    if let (CallbackOwner::AppToken, Some(app)) = (
        callback_owner(
            received_state.as_deref(),
            app_pending.as_ref(),
            pending.as_ref(),
            now,
        ),
        app_pending,
    ) {
        storage::remove(PENDING_APP_TOKEN_KEY);
        let return_to = clear_address(&window, Some(&app.flow.return_to));
        complete_app_token(app, callback, now);
        return Some(CallbackResult::AppToken { return_to });
    }

    storage::remove(PENDING_KEY);
    let return_to = clear_address(&window, pending.as_ref().map(|p| p.return_to.as_str()));
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
        } => match check_state(pending.as_ref(), state.as_deref(), now) {
            StateCheck::Valid | StateCheck::AcceptedWithoutState => {
                let scopes = if scopes.is_empty() {
                    pending.map(|p| p.scopes).unwrap_or_default()
                } else {
                    scopes
                };
                session.sign_in(Token::new(access_token, expires_in, scopes, now));
                CallbackResult::SignedIn { return_to }
            }
            StateCheck::Rejected(reason) => CallbackResult::Rejected {
                reason: reason.to_owned(),
            },
        },
    })
}

/// Replaces the address at once (token, state, scope gone) with the console route to return to
/// (only a local path is accepted); returns that route.
fn clear_address(window: &web_sys::Window, return_to: Option<&str>) -> String {
    let return_to = return_to
        .filter(|r| r.starts_with('/') && !r.starts_with("//"))
        .unwrap_or("/")
        .to_owned();
    let clean = format!("{}{}", base_path().trim_end_matches('/'), return_to);
    let _ = window
        .history()
        .map(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&clean)));
    return_to
}

/// The console's root URL (`{origin}{base}`), to which another application's token may return.
#[must_use]
pub fn console_root() -> String {
    format!("{}{}", origin(), base_path())
}
