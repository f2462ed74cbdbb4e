//! The core of Quay's REST API: the signed-in user, repositories, organizations, superuser lists.

pub mod organization;
pub mod repository;
pub mod superuser;
pub mod user;

use axum::routing::{get, put};
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/user/", get(user::get_user))
        .route(
            "/api/v1/repository",
            get(repository::list).post(repository::create),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}",
            get(repository::get_repo),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/changestate",
            put(repository::change_state),
        )
        .route("/api/v1/organization/{org}", get(organization::get_org))
        .route("/api/v1/superuser/users/", get(superuser::list_users))
        .route(
            "/api/v1/superuser/organizations/",
            get(superuser::list_organizations),
        )
}
