//! Quay's public `GET /config`: which features this Quay has. No token (so no bcrypt: ~1 ms on
//! Quay, and never one of the screen's bearer calls), no cookie, and no `X-Requested-With` (not an
//! `/api/v1` call; Quay's CORS for `/config` allows only `Authorization` and `Content-Type`, so a
//! plain GET needs no preflight on another origin). Kept for the tab per registry.

use serde::{Deserialize, Serialize};

use crate::auth::storage;
use crate::model::features::{parse, Features};

const KEY: &str = "quay-console.features";

#[derive(Serialize, Deserialize)]
struct Cached {
    registry: String,
    features: Features,
}

/// What this tab already read from `registry`'s `/config`.
#[must_use]
pub fn cached(registry: &str) -> Option<Features> {
    storage::load::<Cached>(KEY)
        .filter(|c| c.registry == registry)
        .map(|c| c.features)
}

/// Reads `{quay_url}/config` and keeps the answer for the tab. `None` when Quay cannot say (a
/// network or CORS failure, or not Quay's JSON): the caller keeps "everything on".
pub async fn load(quay_url: &str, registry: &str) -> Option<Features> {
    let url = format!("{}/config", quay_url.trim_end_matches('/'));
    let (status, text) = super::user::fetch_without_token(&url, false, false).await?;
    let features = (status == 200).then(|| parse(&text)).flatten()?;
    storage::save(
        KEY,
        &Cached {
            registry: registry.to_owned(),
            features: features.clone(),
        },
    );
    Some(features)
}
