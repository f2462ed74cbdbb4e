//! The pure half of Quay's OAuth 2 implicit flow: the authorize URL, the callback, the state check.
//!
//! Quay redirects back with `scope` and `state` (or `error`) in the **query** and only
//! `access_token`, `token_type` and `expires_in` in the **fragment**. When sensitive scopes were
//! confirmed in its second dialog, `state` is missing altogether: see [`check_state`].

use super::config::Config;
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

/// The query parameter of the redirect URI that carries a sign-in's nonce. Quay ignores the
/// redirect URI's query when it checks it and keeps it on the way back (also through the
/// sensitive-scope confirmation that drops `state`), so the nonce always comes back.
pub const NONCE_PARAM: &str = "cb";

/// `redirect_uri` with this sign-in's nonce in its query (`…/console/?cb=NONCE`).
#[must_use]
pub fn redirect_uri_with_nonce(redirect_uri: &str, nonce: &str) -> String {
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    format!("{redirect_uri}{sep}{NONCE_PARAM}={}", encode(nonce))
}

/// Quay's sign-in page, which goes on to `next` (a path on Quay's origin, or an absolute URL)
/// once signed in.
#[must_use]
pub fn signin_url(quay_url: &str, next: &str) -> String {
    format!("{quay_url}/signin?redirect_url={}", encode(next))
}

/// The nonce a callback carries in its query (`cb`), if any.
#[must_use]
pub fn callback_nonce(search: &str) -> Option<String> {
    get(&parse_query(search), NONCE_PARAM)
        .filter(|n| !n.is_empty())
        .map(ToOwned::to_owned)
}

/// The sign-in this tab started, kept in `sessionStorage` until Quay sends the browser back.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PendingSignIn {
    pub state: String,
    /// Sent in the redirect URI's query ([`NONCE_PARAM`]); a callback must bring it back.
    #[serde(default)]
    pub nonce: String,
    /// The console route to return to, e.g. `/repository/devtable/simple/tags?filter=v1`.
    pub return_to: String,
    pub scopes: Vec<String>,
}

/// Why a callback was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This tab has no sign-in waiting (never started here, or already used).
    NotStarted,
    /// The callback has no nonce, or not this tab's.
    WrongNonce,
    /// The callback's `state` is not this sign-in's.
    WrongState,
}

impl Refusal {
    /// The message key (`auth.refused_*`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NotStarted => "auth.refused_not_started",
            Self::WrongNonce => "auth.refused_nonce",
            Self::WrongState => "auth.refused_state",
        }
    }
}

/// Checks a callback against the sign-in this tab started (which is consumed either way): the
/// nonce must match (constant-time), with or without `state`; a `state`, when present, must
/// match too. There is no time window: the nonce is single-use and lives in this tab only.
///
/// # Errors
/// Why the callback is refused (its token is then discarded).
pub fn check_callback(
    pending: Option<&PendingSignIn>,
    nonce: Option<&str>,
    state: Option<&str>,
) -> Result<(), Refusal> {
    let pending = pending.ok_or(Refusal::NotStarted)?;
    let nonce_ok = !pending.nonce.is_empty()
        && nonce.is_some_and(|n| constant_time_eq(n.as_bytes(), pending.nonce.as_bytes()));
    if !nonce_ok {
        return Err(Refusal::WrongNonce);
    }
    match state {
        Some(s) if !constant_time_eq(s.as_bytes(), pending.state.as_bytes()) => {
            Err(Refusal::WrongState)
        }
        _ => Ok(()),
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
    /// `state`, nonce, the route to return to and the scopes asked for.
    pub flow: PendingSignIn,
}

/// Whose callback this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackOwner {
    /// The console's own sign-in (checked by [`check_callback`] against [`PendingSignIn`]).
    SignIn,
    /// A token generated for another application: shown once, never used to sign in.
    AppToken,
}

/// Decides whose callback arrived: the pending app-token request's when the callback brings back
/// its nonce, otherwise the sign-in's (which [`check_callback`] then judges).
#[must_use]
pub fn callback_owner(
    received_nonce: Option<&str>,
    app_token: Option<&PendingAppToken>,
) -> CallbackOwner {
    match (received_nonce, app_token) {
        (Some(nonce), Some(app))
            if !app.flow.nonce.is_empty()
                && constant_time_eq(nonce.as_bytes(), app.flow.nonce.as_bytes()) =>
        {
            CallbackOwner::AppToken
        }
        _ => CallbackOwner::SignIn,
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
            organization: None,
        }
    }

    fn pending(scopes: &[&str]) -> PendingSignIn {
        PendingSignIn {
            state: "abc123".into(),
            nonce: "n0nce".into(),
            return_to: "/".into(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
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
    fn callback_rules() {
        let p = pending(&["repo:read", "org:admin"]);
        // Nonce and state both right; or the nonce alone (Quay dropped state after the
        // sensitive-scope confirmation).
        assert_eq!(
            check_callback(Some(&p), Some("n0nce"), Some("abc123")),
            Ok(())
        );
        assert_eq!(check_callback(Some(&p), Some("n0nce"), None), Ok(()));
        // A wrong state is refused even with the right nonce.
        assert_eq!(
            check_callback(Some(&p), Some("n0nce"), Some("abc124")),
            Err(Refusal::WrongState)
        );
        // Missing or wrong nonce: refused, with or without state.
        for state in [None, Some("abc123")] {
            assert_eq!(
                check_callback(Some(&p), None, state),
                Err(Refusal::WrongNonce)
            );
            assert_eq!(
                check_callback(Some(&p), Some("n0ncf"), state),
                Err(Refusal::WrongNonce)
            );
            assert_eq!(
                check_callback(Some(&p), Some("n0nc"), state),
                Err(Refusal::WrongNonce)
            );
            // Nothing pending (never started here, or already consumed: a reused callback).
            assert_eq!(
                check_callback(None, Some("n0nce"), state),
                Err(Refusal::NotStarted)
            );
        }
        // A pending sign-in stored by an older console (no nonce) accepts nothing.
        let old = PendingSignIn {
            nonce: String::new(),
            ..p
        };
        assert_eq!(
            check_callback(Some(&old), Some(""), None),
            Err(Refusal::WrongNonce)
        );
    }

    #[test]
    fn nonce_travels_in_the_redirect_uri_query() {
        let uri = redirect_uri_with_nonce("https://q.example.com/console/", "ab12");
        assert_eq!(uri, "https://q.example.com/console/?cb=ab12");
        assert_eq!(
            redirect_uri_with_nonce("https://q.example.com/console/?x=1", "ab12"),
            "https://q.example.com/console/?x=1&cb=ab12"
        );
        // As Quay sends it back: the redirect URI's query, then scope and state.
        let search = "?cb=ab12&scope=repo%3Aread+org%3Aadmin&state=s1";
        assert_eq!(callback_nonce(search).as_deref(), Some("ab12"));
        assert_eq!(callback_nonce("?scope=repo%3Aread"), None);
        assert_eq!(callback_nonce("?cb="), None);
        assert_eq!(
            signin_url("https://q.example.com", "https://q.example.com/oauth/authorize?a=1&b=2"),
            "https://q.example.com/signin?redirect_url=https%3A%2F%2Fq.example.com%2Foauth%2Fauthorize%3Fa%3D1%26b%3D2"
        );
    }

    fn app_pending(nonce: &str) -> PendingAppToken {
        PendingAppToken {
            client_id: "APP1".into(),
            app_name: "CI".into(),
            org: "buynlarge".into(),
            flow: PendingSignIn {
                state: "apps".into(),
                nonce: nonce.into(),
                return_to: "/organization/buynlarge/applications?app=APP1".into(),
                scopes: vec!["repo:read".into()],
            },
        }
    }

    #[test]
    fn app_token_callbacks_never_look_like_sign_ins() {
        let app = app_pending("appnonce");
        assert_eq!(
            callback_owner(Some("appnonce"), Some(&app)),
            CallbackOwner::AppToken
        );
        assert_eq!(
            callback_owner(Some("n0nce"), Some(&app)),
            CallbackOwner::SignIn
        );
        assert_eq!(callback_owner(None, Some(&app)), CallbackOwner::SignIn);
        assert_eq!(
            callback_owner(Some("appnonce"), None),
            CallbackOwner::SignIn
        );
        assert_eq!(
            callback_owner(Some(""), Some(&app_pending(""))),
            CallbackOwner::SignIn
        );
        // The app token's own checks are the sign-in's: its nonce, and its state when present.
        assert_eq!(
            check_callback(Some(&app.flow), Some("appnonce"), None),
            Ok(())
        );
        assert_eq!(
            check_callback(Some(&app.flow), Some("appnonce"), Some("x")),
            Err(Refusal::WrongState)
        );
    }
}
