//! Sign-in with Quay's OAuth 2 implicit flow, and the session that holds the token.
//!
//! The token lives in `sessionStorage` (this tab only; never `localStorage`), with its expiry and
//! granted scopes. It is never logged, never put in an error message, and removed from the
//! address bar the moment the callback is read.

mod app_token;
mod flow;
mod session;
mod storage;

pub use app_token::{
    start_app_token, take_app_token, AppTokenOutcome, AppTokenRequest, AppTokenResult,
};
pub use flow::{
    base_path, complete_from_location, console_root, own_redirect_uri, start_sign_in,
    CallbackResult,
};
pub use session::{Session, Token};
