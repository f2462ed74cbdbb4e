//! One module per console area. Each has its state type (a field of [`crate::World`]), a `seed`
//! function called by [`crate::World::seed`], and `routes()` merged into the app here.
//!
//! Area handlers use [`crate::auth::require`] (or `require_in` under the lock), the builders of
//! [`crate::errors`], and record what they change with [`logs::record`].

pub mod applications;
pub mod authorizations;
pub mod lifecycle;
pub mod logs;
mod logs_history;
mod logs_seed;
pub mod mirrors;
pub mod org_mirror;
pub mod prototypes;
pub mod proxy_cache;
pub mod quotas;
pub mod robots;
pub mod security;
pub mod tags;

use axum::Router;

use crate::AppState;

/// Every area's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(tags::routes())
        .merge(robots::routes())
        .merge(applications::routes())
        .merge(authorizations::routes())
        .merge(prototypes::routes())
        .merge(proxy_cache::routes())
        .merge(quotas::routes())
        .merge(mirrors::routes())
        .merge(org_mirror::routes())
        .merge(logs::routes())
        .merge(lifecycle::routes())
        .merge(security::routes())
}
