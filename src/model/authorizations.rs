//! `GET /api/v1/user/authorizations`: the OAuth grants of the signed-in user, **one entry per
//! access token** (not per application), with no client id: an application is known by its name
//! and organization. Deleting an entry invalidates that token at once.

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AuthorizationList {
    #[serde(default)]
    pub authorizations: Vec<Authorization>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Authorization {
    #[serde(default)]
    pub uuid: String,
    #[serde(default)]
    pub application: AuthorizedApplication,
    #[serde(default)]
    pub scopes: Vec<GrantedScope>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AuthorizedApplication {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub avatar: crate::model::user::Avatar,
    #[serde(default)]
    pub organization: OrganizationRef,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OrganizationRef {
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct GrantedScope {
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dangerous: bool,
}

impl Authorization {
    /// Whether this grant is of the application named `app` in organization `org` (Quay's list
    /// has no client id: name and organization are how an application is known there).
    #[must_use]
    pub fn is_of(&self, app: &str, org: &str) -> bool {
        self.application.name == app && self.application.organization.name == org
    }
}

impl AuthorizationList {
    /// The grants (tokens) of the application named `app` in organization `org`.
    #[must_use]
    pub fn grants_of(&self, app: &str, org: &str) -> Vec<&Authorization> {
        self.authorizations
            .iter()
            .filter(|a| a.is_of(app, org))
            .filter(|a| !a.uuid.is_empty())
            .collect()
    }
}
