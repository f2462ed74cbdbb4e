//! `GET /api/v1/user/`: who is signed in and which organizations they belong to.

use serde::{Deserialize, Serialize};

use crate::model::order::sort_by;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Avatar {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub kind: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserOrganization {
    pub name: String,
    #[serde(default)]
    pub avatar: Avatar,
    #[serde(default)]
    pub is_org_admin: bool,
    #[serde(default)]
    pub can_create_repo: bool,
    #[serde(default)]
    pub public: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct User {
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub avatar: Avatar,
    #[serde(default)]
    pub super_user: bool,
    #[serde(default)]
    pub can_create_repo: bool,
    #[serde(default)]
    pub organizations: Vec<UserOrganization>,
}

/// A namespace the signed-in user can open: their own, or one of their organizations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    pub is_user: bool,
    pub is_admin: bool,
    pub color: String,
}

impl User {
    /// The user's own namespace first, then organizations by name.
    #[must_use]
    pub fn namespaces(&self) -> Vec<Namespace> {
        let mut orgs: Vec<Namespace> = self
            .organizations
            .iter()
            .map(|o| Namespace {
                name: o.name.clone(),
                is_user: false,
                is_admin: o.is_org_admin,
                color: o.avatar.color.clone(),
            })
            .collect();
        sort_by(&mut orgs, |a, b| a.name.cmp(&b.name));
        let mut all = vec![Namespace {
            name: self.username.clone(),
            is_user: true,
            is_admin: true,
            color: self.avatar.color.clone(),
        }];
        all.extend(orgs);
        all
    }

    /// Whether the user administers `namespace` (their own, or an org where `is_org_admin`).
    #[must_use]
    pub fn is_admin_of(&self, namespace: &str) -> bool {
        namespace == self.username
            || self
                .organizations
                .iter()
                .any(|o| o.name == namespace && o.is_org_admin)
    }
}
