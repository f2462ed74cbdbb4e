//! What this tab last saw: the bodies of a few first pages (the tag list, the usage logs), kept in
//! `sessionStorage` so that a reload shows them at once, marked as refreshing, while the fresh
//! answer comes; and where lists ended (how many tags), so that a search for the end of a list
//! asks there first (`TagPages::set_hint`). Forgotten whenever the token changes (sign-in, sign-out, expiry), and kept per
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

/// Where lists ended, apart from the bodies (small: read at every answer of a list).
const ENDS_KEY: &str = "quay-console.ends";

#[derive(Default, Serialize, Deserialize)]
struct Ends {
    registry: String,
    /// `(path of a list's first page, rows)`, most recent first.
    ends: Vec<(String, usize)>,
}

/// Lists whose end is kept at most.
const KEEP_ENDS: usize = 32;

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

/// How many rows the list whose first page is `path` had when this tab last saw its end.
#[must_use]
pub fn end(registry: &str, path: &str) -> Option<usize> {
    storage::load::<Ends>(ENDS_KEY)
        .filter(|e| e.registry == registry)?
        .ends
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, rows)| rows)
}

/// Remembers that the list whose first page is `path` ended after `rows` rows.
pub fn save_end(registry: &str, path: &str, rows: usize) {
    let mut ends = storage::load::<Ends>(ENDS_KEY)
        .filter(|e| e.registry == registry)
        .unwrap_or_else(|| Ends {
            registry: registry.to_owned(),
            ends: Vec::new(),
        });
    if ends
        .ends
        .first()
        .is_some_and(|(p, r)| p == path && *r == rows)
    {
        return;
    }
    ends.ends.retain(|(p, _)| p != path);
    ends.ends.insert(0, (path.to_owned(), rows));
    ends.ends.truncate(KEEP_ENDS);
    storage::save(ENDS_KEY, &ends);
}

/// Forgets everything (the token changed).
pub fn forget() {
    storage::remove(KEY);
    storage::remove(ENDS_KEY);
}
