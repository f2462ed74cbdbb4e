//! `GET /api/v1/user/`: with the token (the signed-in user), and with Quay's own session cookie
//! (is this browser signed in to Quay at all?).

use std::time::Duration;

use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use web_sys::{AbortController, RequestCredentials};

use super::{scope, ApiError, Client};
use crate::model::user::User;

/// The signed-in user with their organizations.
///
/// # Errors
/// As the client reports them.
pub async fn current(client: &Client) -> Result<User, ApiError> {
    client.get("/user/", scope::USER_READ).await
}

/// Whether this browser has a Quay session, as Quay's cookie tells.
#[derive(Clone, Debug, PartialEq)]
pub enum QuaySession {
    /// Signed in to Quay as this user.
    SignedIn(Box<User>),
    /// Quay answered 401: nobody is signed in to Quay in this browser.
    SignedOut,
    /// Cannot tell: another origin whose CORS does not allow credentials, a network failure,
    /// or an answer that is neither.
    Unknown,
}

/// `GET {quay}/api/v1/user/` with Quay's session cookie (no token; cheap for Quay: no bcrypt).
/// Same origin always works; another origin only where Quay's `CORS_ORIGIN` allows credentials.
pub async fn quay_session(quay_url: &str) -> QuaySession {
    match fetch_without_token(&format!("{quay_url}/api/v1/user/"), true, true).await {
        Some((200, text)) => serde_json::from_str::<User>(&text)
            .ok()
            .filter(|u| !u.anonymous && !u.username.is_empty())
            .map_or(QuaySession::Unknown, |u| QuaySession::SignedIn(Box::new(u))),
        Some((401, _)) => QuaySession::SignedOut,
        _ => QuaySession::Unknown,
    }
}

/// The OAuth application's public description (`GET /api/v1/app/{client_id}`, no token needed):
/// its name and the organization that owns it. `None` when Quay cannot say.
pub async fn application_info(quay_url: &str, client_id: &str) -> Option<AppInfo> {
    let url = format!("{quay_url}/api/v1/app/{}", super::seg(client_id));
    match fetch_without_token(&url, false, true).await {
        Some((200, text)) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}

/// What `GET /api/v1/app/{client_id}` says of an application (the fields the console reads).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct AppInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub organization: AppOrganization,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct AppOrganization {
    #[serde(default)]
    pub name: String,
}

/// A GET without the token (so Quay runs no bcrypt), with Quay's cookie when `cookies` and
/// `X-Requested-With` when `xhr` (every `/api/v1` GET needs it); at most eight seconds. `None` for a
/// network or CORS failure.
pub(crate) async fn fetch_without_token(
    url: &str,
    cookies: bool,
    xhr: bool,
) -> Option<(u16, String)> {
    let controller = AbortController::new().ok();
    let timer = controller
        .clone()
        .and_then(|c| set_timeout_with_handle(move || c.abort(), Duration::from_secs(8)).ok());
    let signal = controller.as_ref().map(AbortController::signal);
    let credentials = if cookies {
        RequestCredentials::Include
    } else {
        RequestCredentials::Omit
    };
    let builder = Request::get(url).credentials(credentials);
    let builder = if xhr {
        builder.header("X-Requested-With", "XMLHttpRequest")
    } else {
        builder
    };
    let request = builder
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref())
        .build()
        .ok();
    let outcome = match request {
        None => None,
        Some(request) => match request.send().await {
            Err(_) => None,
            Ok(response) => {
                let status = response.status();
                Some((status, response.text().await.unwrap_or_default()))
            }
        },
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    outcome
}
