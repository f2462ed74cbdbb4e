//! Sign-in against the recordings of a real Quay: the callback Quay really sends (the redirect
//! URI's query kept, `state` dropped after the sensitive-scope confirmation), the checks of the
//! nonce, and the authorizations list the console revokes from.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::model::authorizations::AuthorizationList;
use quay_console::model::oauth::{
    callback_nonce, check_callback, parse_callback, redirect_uri_with_nonce, Callback,
    PendingSignIn, Refusal,
};
use quay_console::model::user::User;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ))
    .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn pending() -> PendingSignIn {
    PendingSignIn {
        state: "xyz123".into(),
        nonce: "N1".into(),
        return_to: "/repository/devtable/simple/tags".into(),
        scopes: vec!["repo:read".into(), "user:read".into(), "org:admin".into()],
    }
}

/// The split of a redirect the way `location.search` and `location.hash` see it.
fn split(url: &str) -> (String, String) {
    let (before, hash) = url.split_once('#').unwrap_or((url, ""));
    let search = before.split_once('?').map(|(_, q)| q).unwrap_or("");
    (format!("?{search}"), format!("#{hash}"))
}

#[test]
fn accepts_quays_real_callbacks_with_the_nonce_with_and_without_state() {
    let redirect = redirect_uri_with_nonce("https://quay.example.com/console/", "N1");
    // Recorded on the real server: the query of the redirect URI is kept, scope and state follow.
    for url in [
        format!("{redirect}&scope=repo%3Aread+user%3Aread&state=xyz123#access_token=T&token_type=Bearer&expires_in=315576000"),
        // After the sensitive-scope confirmation, which drops state.
        format!("{redirect}&scope=repo%3Aread+user%3Aread+org%3Aadmin#access_token=T&token_type=Bearer&expires_in=315576000"),
    ] {
        let (search, hash) = split(&url);
        let Some(Callback::Token { state, expires_in, .. }) = parse_callback(&search, &hash) else {
            panic!("not a callback: {url}");
        };
        assert_eq!(expires_in, Some(315_576_000));
        let nonce = callback_nonce(&search);
        assert_eq!(nonce.as_deref(), Some("N1"));
        assert_eq!(check_callback(Some(&pending()), nonce.as_deref(), state.as_deref()), Ok(()));
    }
}

#[test]
fn refuses_forged_callbacks() {
    let cases = [
        // No nonce at all (the old state-less window is gone), with and without state.
        ("?scope=repo%3Aread", None::<&str>, Refusal::WrongNonce),
        (
            "?scope=repo%3Aread&state=xyz123",
            Some("xyz123"),
            Refusal::WrongNonce,
        ),
        // Another tab's (or an attacker's) nonce.
        ("?cb=N2&scope=repo%3Aread", None, Refusal::WrongNonce),
        (
            "?cb=N2&scope=repo%3Aread&state=xyz123",
            Some("xyz123"),
            Refusal::WrongNonce,
        ),
        // The right nonce with a wrong state.
        (
            "?cb=N1&scope=repo%3Aread&state=other",
            Some("other"),
            Refusal::WrongState,
        ),
    ];
    for (search, state, why) in cases {
        let nonce = callback_nonce(search);
        assert_eq!(
            check_callback(Some(&pending()), nonce.as_deref(), state),
            Err(why),
            "{search}"
        );
    }
    // Reused: the pending sign-in was consumed by the first callback.
    assert_eq!(
        check_callback(None, Some("N1"), None),
        Err(Refusal::NotStarted)
    );
}

#[test]
fn decodes_the_authorizations_and_finds_the_consoles_grants() {
    for name in [
        "user_authorizations_list.json",
        "user_authorizations_list_with_grant.json",
        "user_authorizations_list_after_delete.json",
    ] {
        let list: AuthorizationList = serde_json::from_str(&fixture(name)).unwrap();
        assert!(
            list.authorizations.iter().all(|a| !a.uuid.is_empty()),
            "{name}"
        );
    }
    let list: AuthorizationList =
        serde_json::from_str(&fixture("user_authorizations_list_with_grant.json")).unwrap();
    let console = list
        .authorizations
        .iter()
        .find(|a| a.application.name.starts_with("Quay Console"))
        .expect("the console's own grant is listed");
    let org = console.application.organization.name.clone();
    let grants = list.grants_of(&console.application.name, &org);
    assert!(!grants.is_empty());
    assert!(grants
        .iter()
        .all(|g| g.application.name == console.application.name));
    assert!(list.grants_of("No Such App", &org).is_empty());
    // Dangerous scopes are marked.
    assert!(list
        .authorizations
        .iter()
        .flat_map(|a| &a.scopes)
        .any(|s| s.dangerous || !s.scope.is_empty()));
}

#[test]
fn the_session_probe_reads_the_recorded_user() {
    let user: User = serde_json::from_str(&fixture("user.json")).unwrap();
    assert!(!user.anonymous);
    assert!(user.is_admin_of("buynlarge"));
    assert!(!user.is_admin_of("someone-elses-org"));
}
