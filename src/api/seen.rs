//! What this tab last saw: the bodies of a few first pages (the tag list, the usage logs), kept in
//! `sessionStorage` so that a reload shows them at once, marked as refreshing, while the fresh
//! answer comes. Forgotten whenever the token changes (sign-in, sign-out, expiry), and kept per
//! registry, so nothing of another user or another registry is ever shown.

use serde::{Deserialize, Serialize};

use crate::auth::storage;

const KEY: &str = "quay-console.seen";
/// Bodies kept at most (the most recently seen first).
const KEEP: usize = 6;

#[derive(Default, Serialize, Deserialize)]
struct Seen {
    registry: String,
    /// `(path, body)`, most recent first.
    entries: Vec<(String, String)>,
}

/// The body last seen for `path` on `registry`.
#[must_use]
pub fn load(registry: &str, path: &str) -> Option<String> {
    storage::load::<Seen>(KEY)
        .filter(|s| s.registry == registry)?
        .entries
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, body)| body)
}

/// Remembers `body` as the answer for `path` on `registry`.
pub fn save(registry: &str, path: &str, body: &str) {
    let mut seen = storage::load::<Seen>(KEY)
        .filter(|s| s.registry == registry)
        .unwrap_or_else(|| Seen {
            registry: registry.to_owned(),
            entries: Vec::new(),
        });
    seen.entries.retain(|(p, _)| p != path);
    seen.entries.insert(0, (path.to_owned(), body.to_owned()));
    seen.entries.truncate(KEEP);
    storage::save(KEY, &seen);
}

/// Forgets everything (the token changed).
pub fn forget() {
    storage::remove(KEY);
}
