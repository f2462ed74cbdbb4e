//! What this tab last saw: the bodies of a few first pages (the tag list, the usage logs), kept in
//! `sessionStorage` so that a reload shows them at once, marked as refreshing, while the fresh
//! answer comes; and where lists ended (how many tags), so that a search for the end of a list
//! asks there first (`TagPages::set_hint`). Forgotten whenever the token changes (sign-in, sign-out, expiry), and kept per
//! registry, so nothing of another user or another registry is ever shown.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::auth::storage;

/// The first pages' bodies.
const KEY: &str = "quay-console.seen";
/// Bodies kept at most (the most recently seen first).
const KEEP: usize = 6;
/// Where lists ended, apart from the bodies (small: read at every answer of a list).
const ENDS_KEY: &str = "quay-console.ends";
/// Lists whose end is kept at most.
const KEEP_ENDS: usize = 32;

/// What one registry's tab kept under a key: `(path, value)`, most recent first.
#[derive(Serialize, Deserialize)]
struct Kept<T> {
    registry: String,
    entries: Vec<(String, T)>,
}

fn find<T: DeserializeOwned>(key: &str, registry: &str, path: &str) -> Option<T> {
    storage::load::<Kept<T>>(key)
        .filter(|k| k.registry == registry)?
        .entries
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, value)| value)
}

fn keep<T: Serialize + DeserializeOwned + PartialEq>(
    key: &str,
    registry: &str,
    path: &str,
    value: T,
    most: usize,
) {
    let mut kept = storage::load::<Kept<T>>(key)
        .filter(|k| k.registry == registry)
        .unwrap_or_else(|| Kept {
            registry: registry.to_owned(),
            entries: Vec::new(),
        });
    if kept
        .entries
        .first()
        .is_some_and(|(p, v)| p == path && *v == value)
    {
        return;
    }
    kept.entries.retain(|(p, _)| p != path);
    kept.entries.insert(0, (path.to_owned(), value));
    kept.entries.truncate(most);
    storage::save(key, &kept);
}

/// The body last seen for `path` on `registry`.
#[must_use]
pub fn load(registry: &str, path: &str) -> Option<String> {
    find(KEY, registry, path)
}

/// Remembers `body` as the answer for `path` on `registry`.
pub fn save(registry: &str, path: &str, body: &str) {
    keep(KEY, registry, path, body.to_owned(), KEEP);
}

/// How many rows the list whose first page is `path` had when this tab last saw its end.
#[must_use]
pub fn end(registry: &str, path: &str) -> Option<usize> {
    find(ENDS_KEY, registry, path)
}

/// Remembers that the list whose first page is `path` ended after `rows` rows.
pub fn save_end(registry: &str, path: &str, rows: usize) {
    keep(ENDS_KEY, registry, path, rows, KEEP_ENDS);
}

/// Forgets everything (the token changed).
pub fn forget() {
    storage::remove(KEY);
    storage::remove(ENDS_KEY);
}
