//! Drafts of open forms, kept for the tab (`sessionStorage`), so that what was typed survives the
//! shell's unmount when Quay answers 401 mid-form and comes back after signing in again.
//!
//! A draft holds only what the person typed into a form that sends no secret (robot and
//! application forms); never a token or a client secret. It is dropped when the form is submitted
//! successfully or cancelled, and every draft is dropped on sign-out.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::storage;

const PREFIX: &str = "quay-console.draft.";

fn key(form: &str, scope: &str) -> String {
    format!("{PREFIX}{form}:{scope}")
}

/// The draft of `form` (e.g. `robot-create`) for `scope` (e.g. the namespace), if one was kept.
#[must_use]
pub fn load<T: DeserializeOwned>(form: &str, scope: &str) -> Option<T> {
    storage::load(&key(form, scope))
}

pub fn save<T: Serialize>(form: &str, scope: &str, draft: &T) {
    storage::save(&key(form, scope), draft);
}

pub fn drop(form: &str, scope: &str) {
    storage::remove(&key(form, scope));
}

/// Forgets every draft (sign-out: the next person in this tab must not find them).
pub fn forget_all() {
    let Some(store) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let len = store.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = store.remove_item(&k);
    }
}
