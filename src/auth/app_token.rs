//! "Generate a token" for another OAuth application: the same implicit flow as sign-in, but
//! its answer is kept in memory only, shown once on the applications page, and never signs in.
//! [`super::flow::complete_from_location`] decides whose callback arrived.

use std::cell::RefCell;

use super::flow::random_state;
use super::storage;
use crate::model::config::Config;
use crate::model::oauth::{
    authorize_url_for, check_callback, redirect_uri_with_nonce, signin_url, Callback,
    PendingAppToken, PendingSignIn,
};

/// `sessionStorage` key of the pending request (apart from the sign-in's).
pub(super) const PENDING_APP_TOKEN_KEY: &str = "quay-console.pending-app-token";

/// What Quay answered to "generate a token" for an application. `Debug` never prints the token.
#[derive(Clone, PartialEq, Eq)]
pub struct AppTokenOutcome {
    pub client_id: String,
    pub app_name: String,
    pub org: String,
    pub result: AppTokenResult,
}

#[derive(Clone, PartialEq, Eq)]
pub enum AppTokenResult {
    Granted {
        access_token: String,
        expires_in: Option<u64>,
        scopes: Vec<String>,
    },
    /// The user (or Quay) said no; Quay's error text.
    Denied(String),
    /// The answer did not match the request (state mismatch or too late).
    Rejected,
}

impl std::fmt::Debug for AppTokenOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let result = match &self.result {
            AppTokenResult::Granted { .. } => "Granted(<redacted>)",
            AppTokenResult::Denied(_) => "Denied",
            AppTokenResult::Rejected => "Rejected",
        };
        f.debug_struct("AppTokenOutcome")
            .field("client_id", &self.client_id)
            .field("result", &result)
            .finish_non_exhaustive()
    }
}

thread_local! {
    /// Memory only: never stored, gone on reload, taken once.
    static APP_TOKEN: RefCell<Option<AppTokenOutcome>> = const { RefCell::new(None) };
}

pub(super) fn complete_app_token(app: PendingAppToken, callback: Callback, nonce: Option<&str>) {
    let result = match callback {
        Callback::Denied {
            error,
            description,
            state,
        } => match check_callback(Some(&app.flow), nonce, state.as_deref()) {
            Ok(()) => AppTokenResult::Denied(description.unwrap_or(error)),
            Err(_) => AppTokenResult::Rejected,
        },
        Callback::Token {
            access_token,
            expires_in,
            scopes,
            state,
            ..
        } => match check_callback(Some(&app.flow), nonce, state.as_deref()) {
            Ok(()) => AppTokenResult::Granted {
                access_token,
                expires_in,
                scopes: if scopes.is_empty() {
                    app.flow.scopes.clone()
                } else {
                    scopes
                },
            },
            Err(_) => AppTokenResult::Rejected,
        },
    };
    let outcome = AppTokenOutcome {
        client_id: app.client_id,
        app_name: app.app_name,
        org: app.org,
        result,
    };
    APP_TOKEN.with(|slot| *slot.borrow_mut() = Some(outcome));
}

/// The outcome of the last "generate a token", once: the next call returns `None`.
#[must_use]
pub fn take_app_token() -> Option<AppTokenOutcome> {
    APP_TOKEN.with(|slot| slot.borrow_mut().take())
}

/// "Generate a token" for an application: what to ask Quay for and where to come back.
pub struct AppTokenRequest<'a> {
    pub org: &'a str,
    pub client_id: &'a str,
    pub app_name: &'a str,
    pub scopes: &'a [String],
    /// Must start with the application's registered redirect URI and lead to this console.
    pub redirect_uri: &'a str,
    /// The console route to show the token on (router-relative, with query).
    pub return_to: &'a str,
}

/// Sends the browser to Quay's authorize page for another application, remembering the request
/// under its own key so that the answer is shown, not used to sign in. Without a Quay session in
/// this browser (`quay_signed_in` false: the console's token says nothing of Quay's cookie),
/// Quay's sign-in page comes first and goes on to the authorize page.
pub fn start_app_token(config: &Config, request: &AppTokenRequest<'_>, quay_signed_in: bool) {
    let (Some(state), Some(nonce)) = (random_state(), random_state()) else {
        return;
    };
    storage::save(
        PENDING_APP_TOKEN_KEY,
        &PendingAppToken {
            client_id: request.client_id.to_owned(),
            app_name: request.app_name.to_owned(),
            org: request.org.to_owned(),
            flow: PendingSignIn {
                state: state.clone(),
                nonce: nonce.clone(),
                return_to: request.return_to.to_owned(),
                scopes: request.scopes.to_vec(),
            },
        },
    );
    let url = authorize_url_for(
        &config.quay_url,
        request.client_id,
        request.scopes,
        &redirect_uri_with_nonce(request.redirect_uri, &nonce),
        &state,
    );
    let url = if quay_signed_in {
        url
    } else {
        let absolute = if url.starts_with('/') {
            format!("{}{url}", super::flow::console_origin())
        } else {
            url
        };
        signin_url(&config.quay_url, &absolute)
    };
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(&url);
    }
}
