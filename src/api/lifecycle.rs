//! Tag lifecycle: a tag's immutable flag, immutability policies (organization, repository) and
//! auto-prune policies (organization, user, repository). See `model::lifecycle` for the shapes.

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::lifecycle::{
    AutopruneBody, AutoprunePolicy, ImmutabilityBody, ImmutabilityPolicy, PolicyId, PolicyList,
};

/// Whose policies: an organization's, the signed-in user's, or a repository's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    Org(String),
    User,
    Repo(String, String),
}

impl Owner {
    fn base(&self, kind: &str) -> String {
        match self {
            Self::Org(org) => format!("/organization/{}/{kind}", seg(org)),
            Self::User => format!("/user/{kind}"),
            Self::Repo(ns, repo) => format!("/repository/{}/{}/{kind}", seg(ns), seg(repo)),
        }
    }

    /// The scope Quay checks: `org:admin`, `user:admin` or `repo:admin`.
    #[must_use]
    pub fn scope(&self) -> &'static str {
        match self {
            Self::Org(_) => scope::ORG_ADMIN,
            Self::User => scope::USER_ADMIN,
            Self::Repo(..) => scope::REPO_ADMIN,
        }
    }
}

const IMMUTABILITY: &str = "immutabilitypolicy";
const AUTOPRUNE: &str = "autoprunepolicy";

/// `PUT .../tag/{tag}` `{"immutable": bool}` → 201 `"Updated"`.
///
/// # Errors
/// As the client reports them: 400 `{"message"}` when the tag has an expiration and Quay does
/// not allow immutable tags to expire.
pub async fn set_immutable(
    client: &Client,
    ns: &str,
    repo: &str,
    tag: &str,
    immutable: bool,
) -> Result<(), ApiError> {
    let path = format!("/repository/{}/{}/tag/{}", seg(ns), seg(repo), seg(tag));
    client
        .send::<Empty>(
            Method::Put,
            &path,
            scope::REPO_WRITE,
            Some(&serde_json::json!({ "immutable": immutable })),
        )
        .await
        .map(|_| ())
}

/// `GET .../immutabilitypolicy/` (trailing slash, as Quay routes it).
///
/// # Errors
/// As the client reports them (Flask's 404 where the feature is off).
pub async fn immutability_list(
    client: &Client,
    owner: &Owner,
) -> Result<Vec<ImmutabilityPolicy>, ApiError> {
    let path = format!("{}/", owner.base(IMMUTABILITY));
    let list: PolicyList<ImmutabilityPolicy> = client.get(&path, owner.scope()).await?;
    Ok(list.policies)
}

/// `POST .../immutabilitypolicy/` → 201 `{"uuid"}`; the covered tags become immutable at once.
///
/// # Errors
/// As the client reports them (400: duplicate pattern, bad regex, blank pattern).
pub async fn immutability_create(
    client: &Client,
    owner: &Owner,
    body: &ImmutabilityBody,
) -> Result<String, ApiError> {
    let path = format!("{}/", owner.base(IMMUTABILITY));
    client
        .send::<Json<PolicyId>>(Method::Post, &path, owner.scope(), Some(body))
        .await
        .map(|j| j.0.uuid)
}

/// `PUT .../immutabilitypolicy/{uuid}` → 204.
///
/// # Errors
/// As the client reports them (404 when it is gone).
pub async fn immutability_update(
    client: &Client,
    owner: &Owner,
    uuid: &str,
    body: &ImmutabilityBody,
) -> Result<(), ApiError> {
    let path = format!("{}/{}", owner.base(IMMUTABILITY), seg(uuid));
    client
        .send::<Empty>(Method::Put, &path, owner.scope(), Some(body))
        .await
        .map(|_| ())
}

/// `DELETE .../{kind}/{uuid}` → 200 `{"uuid"}` (both kinds).
async fn delete(client: &Client, owner: &Owner, kind: &str, uuid: &str) -> Result<(), ApiError> {
    let path = format!("{}/{}", owner.base(kind), seg(uuid));
    client
        .send::<Empty>(Method::Delete, &path, owner.scope(), None::<&()>)
        .await
        .map(|_| ())
}

/// Deletes an immutability policy; the tags it locked stay immutable.
///
/// # Errors
/// As the client reports them (404 when it is already gone).
pub async fn immutability_delete(
    client: &Client,
    owner: &Owner,
    uuid: &str,
) -> Result<(), ApiError> {
    delete(client, owner, IMMUTABILITY, uuid).await
}

/// `GET .../autoprunepolicy/`.
///
/// # Errors
/// As the client reports them (Flask's 404 where the feature is off).
pub async fn autoprune_list(
    client: &Client,
    owner: &Owner,
) -> Result<Vec<AutoprunePolicy>, ApiError> {
    let path = format!("{}/", owner.base(AUTOPRUNE));
    let list: PolicyList<AutoprunePolicy> = client.get(&path, owner.scope()).await?;
    Ok(list.policies)
}

/// `POST .../autoprunepolicy/` → 201 `{"uuid"}`.
///
/// # Errors
/// As the client reports them (400: "Invalid value given for method type", duplicate, ...).
pub async fn autoprune_create(
    client: &Client,
    owner: &Owner,
    body: &AutopruneBody,
) -> Result<String, ApiError> {
    let path = format!("{}/", owner.base(AUTOPRUNE));
    client
        .send::<Json<PolicyId>>(Method::Post, &path, owner.scope(), Some(body))
        .await
        .map(|j| j.0.uuid)
}

/// `PUT .../autoprunepolicy/{uuid}` → 204, replacing the whole policy.
///
/// # Errors
/// As the client reports them.
pub async fn autoprune_update(
    client: &Client,
    owner: &Owner,
    uuid: &str,
    body: &AutopruneBody,
) -> Result<(), ApiError> {
    let path = format!("{}/{}", owner.base(AUTOPRUNE), seg(uuid));
    client
        .send::<Empty>(Method::Put, &path, owner.scope(), Some(body))
        .await
        .map(|_| ())
}

/// Deletes an auto-prune policy.
///
/// # Errors
/// As the client reports them (404 when it is already gone).
pub async fn autoprune_delete(client: &Client, owner: &Owner, uuid: &str) -> Result<(), ApiError> {
    delete(client, owner, AUTOPRUNE, uuid).await
}
