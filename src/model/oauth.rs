//! The pure half of Quay's OAuth 2 implicit flow: the authorize URL, the callback, the state check.
//!
//! Quay redirects back with `scope` and `state` (or `error`) in the **query** and only
//! `access_token`, `token_type` and `expires_in` in the **fragment**. When sensitive scopes were
//! confirmed in its second dialog, `state` is missing altogether: see [`check_state`].

use super::config::{Config, SENSITIVE_SCOPES};
use super::url::{encode, get, parse_query};

/// `{quay}/oauth/authorize?response_type=token&client_id&redirect_uri&scope&state`.
#[must_use]
pub fn authorize_url(config: &Config, redirect_uri: &str, state: &str) -> String {
    authorize_url_for(
        &config.quay_url,
        &config.client_id,
        &config.scopes,
        redirect_uri,
        state,
    )
}

/// The same for any client and scopes (used to generate a token for another application).
#[must_use]
pub fn authorize_url_for(
    quay_url: &str,
    client_id: &str,
    scopes: &[String],
    redirect_uri: &str,
    state: &str,
) -> String {
    format!(
        "{quay_url}/oauth/authorize?response_type=token&client_id={}&redirect_uri={}&scope={}&state={}",
        encode(client_id),
        encode(redirect_uri),
        encode(&scopes.join(" ")),
        encode(state),
    )
}

/// What came back from Quay's authorize page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Token {
        access_token: String,
        token_type: String,
        /// Seconds; Quay sends 315576000 (ten years) by default.
        expires_in: Option<u64>,
        /// Granted scopes, from the query.
        scopes: Vec<String>,
        state: Option<String>,
    },
    Denied {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

/// Reads the callback from `location.search` and `location.hash`. `None` when the URL is not a
/// callback at all (no token in the fragment and no `error` in the query or fragment).
#[must_use]
pub fn parse_callback(search: &str, hash: &str) -> Option<Callback> {
    let query = parse_query(search);
    let fragment = parse_query(hash);
    // Quay puts state/scope/error in the query; accept the fragment too, as RFC 6749 does.
    let either = |key: &str| {
        get(&query, key)
            .or_else(|| get(&fragment, key))
            .map(ToOwned::to_owned)
    };
    if let Some(error) = either("error").filter(|e| !e.is_empty()) {
        return Some(Callback::Denied {
            error,
            description: either("error_description"),
            state: either("state"),
        });
    }
    let access_token = get(&fragment, "access_token")
        .filter(|t| !t.is_empty())?
        .to_owned();
    Some(Callback::Token {
        access_token,
        token_type: get(&fragment, "token_type").unwrap_or("Bearer").to_owned(),
        expires_in: get(&fragment, "expires_in").and_then(|s| s.parse().ok()),
        scopes: either("scope")
            .unwrap_or_default()
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(ToOwned::to_owned)
            .collect(),
        state: either("state").filter(|s| !s.is_empty()),
    })
}

/// The sign-in this tab started, kept in `sessionStorage` until Quay sends the browser back.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PendingSignIn {
    pub state: String,
    /// The console route to return to, e.g. `/repository/devtable/simple/tags?filter=v1`.
    pub return_to: String,
    pub scopes: Vec<String>,
    /// `Date.now()` when the flow started.
    pub started_ms: f64,
}

/// How long a started sign-in may take before its callback is no longer accepted.
pub const PENDING_TTL_MS: f64 = 15.0 * 60.0 * 1000.0;

/// The verdict on a callback's `state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateCheck {
    /// `state` matches the pending sign-in.
    Valid,
    /// No `state`, but this tab started a sign-in for sensitive scopes moments ago: Quay's
    /// second confirmation dialog drops `state`, so this is accepted once (see ARCHITECTURE.md).
    AcceptedWithoutState,
    /// Reject, with the reason shown to the user.
    Rejected(&'static str),
}

/// Checks a callback's `state` against the sign-in this tab started (consumed either way).
#[must_use]
pub fn check_state(
    pending: Option<&PendingSignIn>,
    received: Option<&str>,
    now_ms: f64,
) -> StateCheck {
    let Some(pending) = pending else {
        return StateCheck::Rejected(
            "This sign-in was not started from this tab (or was already used). Sign in again.",
        );
    };
    if !(0.0..=PENDING_TTL_MS).contains(&(now_ms - pending.started_ms)) {
        return StateCheck::Rejected("This sign-in took too long and has expired. Sign in again.");
    }
    match received {
        Some(state) if constant_time_eq(state.as_bytes(), pending.state.as_bytes()) => {
            StateCheck::Valid
        }
        Some(_) => StateCheck::Rejected(
            "The sign-in response does not belong to this sign-in (state mismatch). Sign in again.",
        ),
        None if pending
            .scopes
            .iter()
            .any(|s| SENSITIVE_SCOPES.contains(&s.as_str())) =>
        {
            StateCheck::AcceptedWithoutState
        }
        None => StateCheck::Rejected("The sign-in response has no state. Sign in again."),
    }
}

/// A token this tab asked Quay for on behalf of another OAuth application ("generate a token"),
/// kept in `sessionStorage` under its own key until Quay sends the browser back. Its callback
/// must never sign the console in.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PendingAppToken {
    pub client_id: String,
    /// The application's name and organization, to say whose token is shown.
    pub app_name: String,
    pub org: String,
    /// `state`, the route to return to, the scopes asked for and the start time.
    pub flow: PendingSignIn,
}

/// Whose callback this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackOwner {
    /// The console's own sign-in (checked by [`check_state`] against [`PendingSignIn`]).
    SignIn,
    /// A token generated for another application: shown once, never used to sign in.
    AppToken,
}

/// Decides whose callback arrived. A `state` equal to the pending app-token request's is that
/// request's (even when stale: [`check_state`] then rejects it rather than signing in). Without
/// `state` (a denial, or Quay's sensitive-scope confirmation), a fresh app-token request owns it
/// unless a sign-in was started after it.
#[must_use]
pub fn callback_owner(
    received_state: Option<&str>,
    app_token: Option<&PendingAppToken>,
    sign_in: Option<&PendingSignIn>,
    now_ms: f64,
) -> CallbackOwner {
    let Some(app) = app_token else {
        return CallbackOwner::SignIn;
    };
    match received_state {
        Some(state) if constant_time_eq(state.as_bytes(), app.flow.state.as_bytes()) => {
            CallbackOwner::AppToken
        }
        Some(_) => CallbackOwner::SignIn,
        None => {
            let fresh = (0.0..=PENDING_TTL_MS).contains(&(now_ms - app.flow.started_ms));
            let newer_sign_in = sign_in.is_some_and(|s| s.started_ms > app.flow.started_ms);
            if fresh && !newer_sign_in {
                CallbackOwner::AppToken
            } else {
                CallbackOwner::SignIn
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The redirect URI for a console served at `origin` + `base` (base ends with `/`).
#[must_use]
pub fn redirect_uri(origin: &str, base: &str, redirect_path: &str) -> String {
    format!("{origin}{base}{redirect_path}")
}

/// Hex of random bytes, for `state`.
#[must_use]
pub fn state_from_bytes(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            quay_url: "https://quay.example.com".into(),
            client_id: "CLIENT123".into(),
            scopes: vec!["repo:read".into(), "user:read".into()],
            redirect_path: String::new(),
        }
    }

    fn pending(scopes: &[&str]) -> PendingSignIn {
        PendingSignIn {
            state: "abc123".into(),
            return_to: "/".into(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            started_ms: 1000.0,
        }
    }

    #[test]
    fn builds_the_authorize_url() {
        let url = authorize_url(&config(), "https://c.example.com/console/", "s1");
        assert_eq!(
            url,
            "https://quay.example.com/oauth/authorize?response_type=token&client_id=CLIENT123\
             &redirect_uri=https%3A%2F%2Fc.example.com%2Fconsole%2F&scope=repo%3Aread%20user%3Aread&state=s1"
        );
    }

    #[test]
    fn parses_quays_real_callback() {
        let cb = parse_callback(
            "?scope=repo%3Aread+user%3Aread&state=XYZ",
            "#access_token=tok&token_type=Bearer&expires_in=315576000",
        );
        assert_eq!(
            cb,
            Some(Callback::Token {
                access_token: "tok".into(),
                token_type: "Bearer".into(),
                expires_in: Some(315_576_000),
                scopes: vec!["repo:read".into(), "user:read".into()],
                state: Some("XYZ".into()),
            })
        );
    }

    #[test]
    fn parses_missing_state_and_denial() {
        let Some(Callback::Token { state, .. }) =
            parse_callback("?scope=org%3Aadmin", "#access_token=t")
        else {
            panic!("expected a token");
        };
        assert_eq!(state, None);
        assert_eq!(
            parse_callback("?error=authorization_denied", ""),
            Some(Callback::Denied {
                error: "authorization_denied".into(),
                description: None,
                state: None
            })
        );
        assert_eq!(parse_callback("?ns=devtable", ""), None);
        assert_eq!(parse_callback("", "#access_token="), None);
    }

    #[test]
    fn state_rules() {
        let p = pending(&["repo:read"]);
        assert_eq!(
            check_state(Some(&p), Some("abc123"), 2000.0),
            StateCheck::Valid
        );
        assert!(matches!(
            check_state(Some(&p), Some("abc124"), 2000.0),
            StateCheck::Rejected(_)
        ));
        assert!(matches!(
            check_state(Some(&p), None, 2000.0),
            StateCheck::Rejected(_)
        ));
        assert!(matches!(
            check_state(None, Some("abc123"), 2000.0),
            StateCheck::Rejected(_)
        ));
        assert!(matches!(
            check_state(Some(&p), Some("abc123"), 1000.0 + PENDING_TTL_MS + 1.0),
            StateCheck::Rejected(_)
        ));
        let sensitive = pending(&["repo:read", "org:admin"]);
        assert_eq!(
            check_state(Some(&sensitive), None, 2000.0),
            StateCheck::AcceptedWithoutState
        );
        assert!(matches!(
            check_state(None, None, 2000.0),
            StateCheck::Rejected(_)
        ));
    }

    fn app_pending(state: &str, scopes: &[&str], started_ms: f64) -> PendingAppToken {
        PendingAppToken {
            client_id: "APP1".into(),
            app_name: "CI".into(),
            org: "buynlarge".into(),
            flow: PendingSignIn {
                state: state.into(),
                return_to: "/organization/buynlarge/applications?app=APP1".into(),
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
                started_ms,
            },
        }
    }

    #[test]
    fn app_token_callbacks_never_look_like_sign_ins() {
        let app = app_pending("apps", &["repo:read"], 1000.0);
        let sign_in = pending(&["repo:read"]);
        // Matching state: the app-token request's, whatever else is pending.
        assert_eq!(
            callback_owner(Some("apps"), Some(&app), Some(&sign_in), 2000.0),
            CallbackOwner::AppToken
        );
        // Stale but matching: still the app token's (then rejected by check_state, not signed in).
        let late = 1000.0 + PENDING_TTL_MS + 1.0;
        assert_eq!(
            callback_owner(Some("apps"), Some(&app), None, late),
            CallbackOwner::AppToken
        );
        assert!(matches!(
            check_state(Some(&app.flow), Some("apps"), late),
            StateCheck::Rejected(_)
        ));
        // Another state: the sign-in's (which checks its own state).
        assert_eq!(
            callback_owner(Some("abc123"), Some(&app), Some(&sign_in), 2000.0),
            CallbackOwner::SignIn
        );
        assert_eq!(
            callback_owner(Some("apps"), None, Some(&sign_in), 2000.0),
            CallbackOwner::SignIn
        );
        // No state (denial, sensitive-scope confirmation): the fresh app-token request's...
        assert_eq!(
            callback_owner(None, Some(&app), None, 2000.0),
            CallbackOwner::AppToken
        );
        // ...unless a sign-in started after it, or it is stale.
        let later_sign_in = PendingSignIn {
            started_ms: 1500.0,
            ..pending(&["org:admin"])
        };
        assert_eq!(
            callback_owner(None, Some(&app), Some(&later_sign_in), 2000.0),
            CallbackOwner::SignIn
        );
        assert_eq!(
            callback_owner(None, Some(&app), None, late),
            CallbackOwner::SignIn
        );
        // Without state, only sensitive-scope requests are accepted, as for sign-in.
        assert!(matches!(
            check_state(Some(&app.flow), None, 2000.0),
            StateCheck::Rejected(_)
        ));
        let sensitive = app_pending("apps", &["org:admin"], 1000.0);
        assert_eq!(
            check_state(Some(&sensitive.flow), None, 2000.0),
            StateCheck::AcceptedWithoutState
        );
    }
}
