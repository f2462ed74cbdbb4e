//! Default permissions of an organization (`/organization/{org}/prototypes`, scope `org:admin`).

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::prototypes::{CreatePrototype, Prototype, PrototypeList, RoleChange};
use crate::model::robots::Role;

fn base(org: &str) -> String {
    format!("/organization/{}/prototypes", seg(org))
}

/// `GET /organization/{org}/prototypes`: every default permission of the organization.
///
/// # Errors
/// As the client reports them.
pub async fn list(client: &Client, org: &str) -> Result<Vec<Prototype>, ApiError> {
    let list: PrototypeList = client.get(&base(org), scope::ORG_ADMIN).await?;
    Ok(list.prototypes)
}

/// `POST /organization/{org}/prototypes` → **200** with the new prototype.
///
/// # Errors
/// As the client reports them (400 "Missing delegate user or team", "Unknown activating user",
/// or jsonschema text).
pub async fn create(
    client: &Client,
    org: &str,
    body: &CreatePrototype,
) -> Result<Prototype, ApiError> {
    client
        .send::<Json<Prototype>>(Method::Post, &base(org), scope::ORG_ADMIN, Some(body))
        .await
        .map(|j| j.0)
}

/// `PUT /organization/{org}/prototypes/{id}` `{role}` → 200 with the prototype.
///
/// # Errors
/// As the client reports them (404 when it is gone).
pub async fn set_role(
    client: &Client,
    org: &str,
    id: &str,
    role: Role,
) -> Result<Prototype, ApiError> {
    client
        .send::<Json<Prototype>>(
            Method::Put,
            &format!("{}/{}", base(org), seg(id)),
            scope::ORG_ADMIN,
            Some(&RoleChange {
                role: role.as_str(),
            }),
        )
        .await
        .map(|j| j.0)
}

/// `DELETE /organization/{org}/prototypes/{id}` → 204.
///
/// # Errors
/// As the client reports them (404 when it is already gone).
pub async fn delete(client: &Client, org: &str, id: &str) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &format!("{}/{}", base(org), seg(id)),
            scope::ORG_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}
