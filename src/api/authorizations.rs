//! The signed-in user's OAuth grants (`/api/v1/user/authorizations`, `user:admin`).

use super::{scope, seg, ApiError, Client, Method};
use crate::model::authorizations::AuthorizationList;
use crate::model::error::Empty;

/// `GET /user/authorizations`: one entry per access token.
///
/// # Errors
/// As the client reports them.
pub async fn list(client: &Client) -> Result<AuthorizationList, ApiError> {
    client.get("/user/authorizations", scope::USER_ADMIN).await
}

/// `DELETE /user/authorizations/{uuid}` → 204: that token no longer works.
///
/// # Errors
/// As the client reports them (404 when it is already gone).
pub async fn revoke(client: &Client, uuid: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &format!("/user/authorizations/{}", seg(uuid)),
            scope::USER_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}
