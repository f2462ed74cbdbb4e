//! `GET /api/v1/user/`.

use super::{scope, ApiError, Client};
use crate::model::user::User;

/// The signed-in user with their organizations.
///
/// # Errors
/// As the client reports them.
pub async fn current(client: &Client) -> Result<User, ApiError> {
    client.get("/user/", scope::USER_READ).await
}
