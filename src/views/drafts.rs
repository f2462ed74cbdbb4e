//! Drafts of open forms, kept for the tab (`sessionStorage`), so that what was typed survives the
//! shell's unmount when Quay answers 401 mid-form and comes back after signing in again.
//!
//! A draft holds only what the person typed; never a token, a client secret or a password (the
//! mirror and proxy cache forms leave their password out). It is dropped when the form is
//! submitted successfully or cancelled, and every draft is dropped on sign-out.
//!
//! Forms use [`Draft`]: made at mount, [`Draft::restore`] gives back what was kept (the form then
//! opens itself again with it), [`Draft::save`] runs on every input of the open form, and
//! [`Draft::drop`] on success and cancel.

use leptos::prelude::*;
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

/// One form's draft (its storage key), `Copy` for the form's closures.
#[derive(Clone, Copy)]
pub struct Draft(StoredValue<String>);

impl Draft {
    /// The draft of `form` for `scope` (what the form is about: a namespace, a repository, a tag).
    #[must_use]
    pub fn new(form: &str, scope: &str) -> Self {
        Self(StoredValue::new(key(form, scope)))
    }

    /// What was kept, if anything; says so to the person (a toast) when there was.
    #[must_use]
    pub fn restore<T: DeserializeOwned>(self) -> Option<T> {
        let kept = self.load();
        if kept.is_some() {
            crate::components::use_toasts().success(crate::i18n::t("draft.restored"));
        }
        kept
    }

    /// What was kept, without a word (a form opened again reads it).
    #[must_use]
    pub fn load<T: DeserializeOwned>(self) -> Option<T> {
        self.0.try_with_value(|k| storage::load(k)).flatten()
    }

    /// Keeps `draft` for the tab. A form that is gone (a 401 unmounted it) keeps nothing more.
    pub fn save<T: Serialize>(self, draft: &T) {
        self.0.try_with_value(|k| storage::save(k, draft));
    }

    pub fn drop(self) {
        self.0.try_with_value(|k| storage::remove(k));
    }

    /// Whether the form is gone (its signals with it). A focused field removed from the page
    /// (the form closed on success) still sends `blur` and `change`: a handler that saves checks
    /// this first and reads nothing.
    #[must_use]
    pub fn gone(self) -> bool {
        self.0.is_disposed()
    }
}
