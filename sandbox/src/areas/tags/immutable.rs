//! Immutable tags (`FEATURE_IMMUTABLE_TAGS`, recorded as `tag_immutable_*`): the flag of a tag row,
//! what Quay refuses on an immutable tag, and the marking done by immutability policies.
//!
//! * `PUT tag/{t} {"immutable": bool}` → 201 `"Updated"`; making a tag with an expiration immutable
//!   → 400 `{"message"}` unless `IMMUTABLE_TAGS_CAN_EXPIRE`.
//! * An immutable tag: DELETE → 409 `tag_immutable` "Cannot delete immutable tag 't'"; a move
//!   (`manifest_digest`) or restore → 409 "Cannot overwrite immutable tag 't'"; an expiration → 400
//!   `{"message": "Cannot set expiration on immutable tag 't'"}` (the compact shape, as recorded).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::{RepoTags, TagStore};
use crate::errors;

/// Whether the feature is on, and whether immutable tags may carry an expiration.
#[derive(Clone, Copy, Debug)]
pub struct Switches {
    pub on: bool,
    pub can_expire: bool,
}

impl Switches {
    pub fn read(state: &crate::AppState) -> Self {
        Self {
            on: crate::features::is_on(state, "IMMUTABLE_TAGS"),
            can_expire: crate::features::is_on(state, "IMMUTABLE_TAGS_CAN_EXPIRE"),
        }
    }
}

fn is_immutable(tags: &RepoTags, tag: &str, now: i64) -> bool {
    tags.alive_index(tag, now)
        .and_then(|i| tags.rows.get(i))
        .is_some_and(|r| r.immutable)
}

fn conflict(text: &str) -> Response {
    errors::api_error(StatusCode::CONFLICT, "tag_immutable", text)
}

/// 409 for a DELETE of an immutable tag.
pub fn refuse_delete(sw: Switches, tags: &RepoTags, tag: &str, now: i64) -> Result<(), Response> {
    if sw.on && is_immutable(tags, tag, now) {
        return Err(conflict(&format!("Cannot delete immutable tag '{tag}'")));
    }
    Ok(())
}

/// 409 for a move or restore onto an immutable tag.
pub fn refuse_overwrite(
    sw: Switches,
    tags: &RepoTags,
    tag: &str,
    now: i64,
) -> Result<(), Response> {
    if sw.on && is_immutable(tags, tag, now) {
        return Err(conflict(&format!("Cannot overwrite immutable tag '{tag}'")));
    }
    Ok(())
}

/// Applies `{"immutable": bool}` of a `PUT tag/{t}` body (first, so that an unlock and an
/// expiration can go together), then refuses an expiration on a tag that is still immutable.
pub fn apply_put(
    sw: Switches,
    tags: &mut RepoTags,
    tag: &str,
    body: &Value,
    now: i64,
) -> Result<(), Response> {
    if !sw.on {
        return Ok(());
    }
    if let Some(flag) = body.get("immutable") {
        let Some(flag) = flag.as_bool() else {
            return Err(errors::invalid_request(&format!(
                "{flag} is not of type 'boolean'"
            )));
        };
        let index = tags.alive_index(tag, now).ok_or_else(errors::not_found)?;
        let row = tags.rows.get_mut(index).ok_or_else(errors::not_found)?;
        if flag && row.end_ms.is_some() && !sw.can_expire {
            return Err(errors::message(
                StatusCode::BAD_REQUEST,
                &format!("Cannot make tag '{tag}' immutable: tag has expiration set. Clear expiration first or enable FEATURE_IMMUTABLE_TAGS_CAN_EXPIRE."),
            ));
        }
        row.immutable = flag;
    }
    if body.get("expiration").is_some() && !sw.can_expire && is_immutable(tags, tag, now) {
        return Err(errors::message(
            StatusCode::BAD_REQUEST,
            &format!("Cannot set expiration on immutable tag '{tag}'"),
        ));
    }
    if body.get("manifest_digest").is_some() {
        refuse_overwrite(sw, tags, tag, now)?;
    }
    Ok(())
}

/// Quay's `apply_immutability_policy_to_existing_tags`: marks the alive tags of `namespace` (of one
/// repository when `repo` is given) that the policy covers (`covers(name)`). Returns how many
/// changed. Deleting a policy never undoes this.
pub fn mark_by_policy(
    store: &mut TagStore,
    namespace: &str,
    repo: Option<&str>,
    covers: &dyn Fn(&str) -> bool,
    now: i64,
) -> usize {
    let prefix = format!("{namespace}/");
    let mut changed = 0;
    for (key, tags) in &mut store.repos {
        let Some(name) = key.strip_prefix(&prefix) else {
            continue;
        };
        if repo.is_some_and(|r| r != name) {
            continue;
        }
        for row in tags.rows.iter_mut().filter(|r| r.alive_at(now)) {
            if !row.immutable && covers(&row.name) {
                row.immutable = true;
                changed += 1;
            }
        }
    }
    changed
}
