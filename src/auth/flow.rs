//! The browser half of the implicit flow: leave for Quay (its sign-in page when the browser has no
//! Quay session, else its authorize page), come back, check, store.
//!
//! The callback is read by [`capture_callback`] before anything else runs (before `config.json`
//! is fetched): the token, `scope`, `state` and the nonce leave the address bar at once, and the
//! verdict waits in memory until the console takes it ([`complete_from_location`]).

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::app_token::{complete_app_token, PENDING_APP_TOKEN_KEY};
use super::session::{Session, Token};
use super::storage;
use crate::model::config::Config;
use crate::model::oauth::{
    authorize_url, callback_nonce, callback_owner, check_callback, parse_callback, redirect_uri,
    redirect_uri_with_nonce, signin_url, state_from_bytes, Callback, CallbackOwner, PendingSignIn,
    Refusal,
};

const PENDING_KEY: &str = "quay-console.pending";
/// Set when this tab sent the person to Quay's sign-in page (a Quay UI without a way back
/// leaves them there: the sign-in page then says what to do next).
const SENT_TO_SIGNIN_KEY: &str = "quay-console.sent-to-signin";

/// The console's base path (`/console/`), from `<base href>` as trunk writes it.
#[must_use]
pub fn base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map_or_else(|| "/".to_owned(), |url| url.pathname())
}

/// The console's own origin (`https://host:port`).
#[must_use]
pub fn console_origin() -> String {
    origin()
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Quay's base URL as the browser reaches it (the console's own origin when `quay_url` is empty).
#[must_use]
pub fn quay_origin(config: &Config) -> String {
    if config.quay_url.is_empty() {
        origin()
    } else {
        config.quay_url.clone()
    }
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

/// Starts a sign-in: a fresh `state` and nonce for this tab, then the browser leaves for Quay's
/// authorize page. `return_to` is the console route to come back to.
pub fn start_sign_in(config: &Config, return_to: &str) {
    if let Some(url) = prepare_authorize(config, return_to) {
        storage::remove(SENT_TO_SIGNIN_KEY);
        assign(&url);
    }
}

/// The authorize URL of a new sign-in, remembered for this tab (`None` without randomness).
fn prepare_authorize(config: &Config, return_to: &str) -> Option<String> {
    let (state, nonce) = (random_state()?, random_state()?);
    storage::save(
        PENDING_KEY,
        &PendingSignIn {
            state: state.clone(),
            nonce: nonce.clone(),
            return_to: return_to.to_owned(),
            scopes: config.scopes.clone(),
        },
    );
    let redirect = redirect_uri_with_nonce(&own_redirect_uri(config), &nonce);
    Some(authorize_url(config, &redirect, &state))
}

/// The browser has no Quay session: Quay's sign-in page first (its authorize page would answer a
/// bare 401). Served from Quay's origin, the console asks to come back to `return_to` and then
/// checks again (so a person who may not authorize the console is told why before Quay refuses);
/// on another origin, Quay's sign-in page goes straight on to the authorize page.
pub fn send_to_quay_signin(config: &Config, return_to: &str) {
    let next = if config.quay_url.is_empty() {
        Some(format!("{}{return_to}", base_path().trim_end_matches('/')))
    } else {
        prepare_authorize(config, return_to)
    };
    let Some(next) = next else {
        return;
    };
    storage::save(SENT_TO_SIGNIN_KEY, &true);
    assign(&signin_url(&config.quay_url, &next));
}

fn assign(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
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
        reason: Refusal,
    },
    /// A token generated for another application came back (or was refused): not a sign-in.
    /// The outcome waits in memory for [`super::take_app_token`].
    AppToken {
        return_to: String,
    },
    /// No callback: this tab had sent the person to Quay's sign-in page, and they came back by
    /// themselves (a Quay whose sign-in page has no way back).
    BackFromSignIn,
}

/// The verdict on the callback in the address bar, waiting for the console.
enum Captured {
    SignIn { token: Token, return_to: String },
    Other(CallbackResult),
}

thread_local! {
    static CAPTURED: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Reads a callback from the address bar, if there is one, and replaces the address at once
/// (token, state, scope and nonce gone) with the route to return to. Decides whether it answers
/// the console's sign-in or a token generated for another application and checks it; the
/// pending requests of this tab are consumed either way. Without a callback, a pending sign-in
/// is forgotten (it can no longer come back). Runs before anything else.
pub fn capture_callback() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let pending: Option<PendingSignIn> = storage::load(PENDING_KEY);
    let app_pending = storage::load(PENDING_APP_TOKEN_KEY);
    let sent_to_signin = storage::load::<bool>(SENT_TO_SIGNIN_KEY).unwrap_or(false);
    storage::remove(PENDING_KEY);
    storage::remove(PENDING_APP_TOKEN_KEY);
    storage::remove(SENT_TO_SIGNIN_KEY);
    let Some(callback) = parse_callback(&search, &hash) else {
        if sent_to_signin {
            set_captured(Captured::Other(CallbackResult::BackFromSignIn));
        }
        return;
    };
    let nonce = callback_nonce(&search);
    let now = js_sys::Date::now();
    if callback_owner(nonce.as_deref(), app_pending.as_ref()) == CallbackOwner::AppToken {
        if let Some(app) = app_pending {
            let return_to = clear_address(&window, Some(&app.flow.return_to));
            complete_app_token(app, callback, nonce.as_deref());
            set_captured(Captured::Other(CallbackResult::AppToken { return_to }));
            return;
        }
    }
    let captured = match callback {
        Callback::Denied {
            error,
            description,
            state,
        } => {
            // A denial carries no token; it is still only believed for this tab's sign-in.
            clear_address(&window, pending.as_ref().map(|p| p.return_to.as_str()));
            match check_callback(pending.as_ref(), nonce.as_deref(), state.as_deref()) {
                Ok(()) => Captured::Other(CallbackResult::Denied {
                    error: description.unwrap_or(error),
                }),
                Err(reason) => Captured::Other(CallbackResult::Rejected { reason }),
            }
        }
        Callback::Token {
            access_token,
            expires_in,
            scopes,
            state,
            ..
        } => match check_callback(pending.as_ref(), nonce.as_deref(), state.as_deref()) {
            Ok(()) => {
                let return_to =
                    clear_address(&window, pending.as_ref().map(|p| p.return_to.as_str()));
                let scopes = if scopes.is_empty() {
                    pending.map(|p| p.scopes).unwrap_or_default()
                } else {
                    scopes
                };
                Captured::SignIn {
                    token: Token::new(access_token, expires_in, scopes, now),
                    return_to,
                }
            }
            Err(reason) => {
                // The token is dropped here; the address keeps nothing of it.
                clear_address(&window, None);
                Captured::Other(CallbackResult::Rejected { reason })
            }
        },
    };
    set_captured(captured);
}

fn set_captured(captured: Captured) {
    CAPTURED.with(|slot| *slot.borrow_mut() = Some(captured));
}

/// Takes what [`capture_callback`] found (once): signs in with an accepted token.
#[must_use]
pub fn complete_from_location(session: &Session) -> Option<CallbackResult> {
    let captured = CAPTURED.with(|slot| slot.borrow_mut().take())?;
    Some(match captured {
        Captured::SignIn { token, return_to } => {
            session.sign_in(token);
            CallbackResult::SignedIn { return_to }
        }
        Captured::Other(result) => result,
    })
}

/// Replaces the address at once (token, state, scope, nonce gone) with the console route to
/// return to (only a local path is accepted); returns that route.
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
