//! Sign-in with Quay's OAuth 2 implicit flow, and the session that holds the token.
//!
//! The token lives in `sessionStorage` (this tab only; never `localStorage`), with its expiry and
//! granted scopes. It is never logged, never put in an error message, and removed from the
//! address bar the moment the callback is read.

mod app_token;
mod flow;
mod session;
pub(crate) mod storage;

pub use app_token::{
    start_app_token, take_app_token, AppTokenOutcome, AppTokenRequest, AppTokenResult,
};
pub use flow::{
    base_path, capture_callback, complete_from_location, console_root, own_redirect_uri,
    quay_origin, send_to_quay_signin, start_sign_in, CallbackResult,
};
pub use session::{cached_user, remember_user, Session, Token};
