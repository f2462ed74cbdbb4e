//! Single-flight writes: a second click on a submit or action button sends nothing while the first
//! write is out.
//!
//! Two clicks can arrive in one task (a double click, or a script), before Leptos has re-rendered
//! the button as disabled, so the button's `disabled` is not enough: the handler itself checks and
//! sets the write's busy flag in the same synchronous step, before anything is sent. Release the
//! flag with `busy.try_set(false)` after the answer (the page may be gone by then: a 401 unmounts
//! the shell).

use leptos::prelude::*;

/// Claims `busy` for one write: `false` (send nothing) when a write is already in flight, else
/// sets the flag and returns `true`.
#[must_use]
pub fn claim(busy: RwSignal<bool>) -> bool {
    if busy.try_get_untracked().unwrap_or(true) {
        return false;
    }
    busy.try_set(true);
    true
}

/// Whether Quay answered 401 to the write. The client has signed out then, and the shell (with
/// this form and its signals) is going away: a signal written now would wake views that are
/// disposed before they run (a panic). Write nothing after such an answer; the form's draft
/// brings back what was typed once the person has signed in again.
#[must_use]
pub fn signed_out<T>(result: &Result<T, crate::api::ApiError>) -> bool {
    result
        .as_ref()
        .is_err_and(|e| e.kind == crate::api::ErrorKind::Unauthorized)
}
