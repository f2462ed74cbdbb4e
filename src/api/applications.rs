//! OAuth applications of an organization (`org:admin`) and the user's app-specific tokens
//! (`user:admin`).

use super::{scope, seg, ApiError, Client, Method};
use crate::model::applications::{
    AppTokenEnvelope, AppTokenList, Application, ApplicationBody, ApplicationList,
    ApplicationTokenList, NewAppToken,
};
use crate::model::error::{Empty, Json};
use crate::model::url::build_query;

fn apps_path(org: &str) -> String {
    format!("/organization/{}/applications", seg(org))
}

fn app_path(org: &str, client_id: &str) -> String {
    format!("{}/{}", apps_path(org), seg(client_id))
}

/// `GET /organization/{org}/applications`.
///
/// # Errors
/// As the client reports them.
pub async fn list(client: &Client, org: &str) -> Result<ApplicationList, ApiError> {
    client.get(&apps_path(org), scope::ORG_ADMIN).await
}

/// `GET /organization/{org}/applications/{client_id}`.
///
/// # Errors
/// As the client reports them (404 once deleted).
pub async fn get(client: &Client, org: &str, client_id: &str) -> Result<Application, ApiError> {
    client
        .get(&app_path(org, client_id), scope::ORG_ADMIN)
        .await
}

/// `POST /organization/{org}/applications` → 200 with the new application (and its secret).
///
/// # Errors
/// As the client reports them.
pub async fn create(
    client: &Client,
    org: &str,
    body: &ApplicationBody,
) -> Result<Application, ApiError> {
    client
        .send::<Json<Application>>(Method::Post, &apps_path(org), scope::ORG_ADMIN, Some(body))
        .await
        .map(|j| j.0)
}

/// `PUT /organization/{org}/applications/{client_id}` with every field (see [`ApplicationBody`]).
///
/// # Errors
/// As the client reports them.
pub async fn update(
    client: &Client,
    org: &str,
    client_id: &str,
    body: &ApplicationBody,
) -> Result<Application, ApiError> {
    client
        .send::<Json<Application>>(
            Method::Put,
            &app_path(org, client_id),
            scope::ORG_ADMIN,
            Some(body),
        )
        .await
        .map(|j| j.0)
}

/// `POST .../{client_id}/resetclientsecret` → the application with its new secret.
///
/// # Errors
/// As the client reports them.
pub async fn reset_secret(
    client: &Client,
    org: &str,
    client_id: &str,
) -> Result<Application, ApiError> {
    client
        .send::<Json<Application>>(
            Method::Post,
            &format!("{}/resetclientsecret", app_path(org, client_id)),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|j| j.0)
}

/// `DELETE /organization/{org}/applications/{client_id}` → 204.
///
/// # Errors
/// As the client reports them.
pub async fn delete(client: &Client, org: &str, client_id: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &app_path(org, client_id),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// One page of `GET .../{client_id}/tokens`; pass `next_page` back for the next.
///
/// # Errors
/// As the client reports them.
pub async fn tokens(
    client: &Client,
    org: &str,
    client_id: &str,
    next_page: Option<&str>,
) -> Result<ApplicationTokenList, ApiError> {
    let query = build_query(&[("next_page", next_page.unwrap_or_default())]);
    client
        .get(
            &format!("{}/tokens{query}", app_path(org, client_id)),
            scope::ORG_ADMIN,
        )
        .await
}

/// `DELETE .../{client_id}/tokens/{uuid}` → 204: revokes one of the application's tokens.
///
/// # Errors
/// As the client reports them.
pub async fn revoke_token(
    client: &Client,
    org: &str,
    client_id: &str,
    uuid: &str,
) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &format!("{}/tokens/{}", app_path(org, client_id), seg(uuid)),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

/// `GET /user/apptoken`, or only the tokens expiring soon (`?expiring=true`).
///
/// # Errors
/// As the client reports them.
pub async fn list_app_tokens(client: &Client, expiring: bool) -> Result<AppTokenList, ApiError> {
    let query = if expiring { "?expiring=true" } else { "" };
    client
        .get(&format!("/user/apptoken{query}"), scope::USER_ADMIN)
        .await
}

/// `POST /user/apptoken {"title"}` → 200 with the token, whose `token_code` is shown only now.
///
/// # Errors
/// As the client reports them.
pub async fn create_app_token(
    client: &Client,
    body: &NewAppToken,
) -> Result<AppTokenEnvelope, ApiError> {
    client
        .send::<Json<AppTokenEnvelope>>(
            Method::Post,
            "/user/apptoken",
            scope::USER_ADMIN,
            Some(body),
        )
        .await
        .map(|j| j.0)
}

/// `DELETE /user/apptoken/{uuid}` → 204 (revokes it).
///
/// # Errors
/// As the client reports them.
pub async fn revoke_app_token(client: &Client, uuid: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &format!("/user/apptoken/{}", seg(uuid)),
            scope::USER_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}
