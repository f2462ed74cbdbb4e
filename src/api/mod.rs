//! The only module that knows Quay's URLs or uses gloo-net.
//!
//! `client` sends every request (headers, time limit, cancellation, error mapping);
//! one file per Quay area holds one thin function per endpoint.

pub mod applications;
pub mod authorizations;
pub mod boot;
pub mod client;
pub mod config;
mod early;
pub mod features;
pub mod lifecycle;
pub mod logs;
pub mod mirrors;
pub mod org_mirror;
pub mod prototypes;
pub mod proxy_cache;
pub mod quotas;
pub mod repositories;
pub mod robots;
pub mod security;
pub mod seen;
pub mod tags;
pub mod user;
mod wait;

pub use crate::model::error::{ApiError, ErrorKind};
pub use client::{Client, Method};

/// Quay's OAuth scopes, as the client checks them before sending.
pub mod scope {
    pub const REPO_READ: &str = "repo:read";
    pub const REPO_WRITE: &str = "repo:write";
    pub const REPO_ADMIN: &str = "repo:admin";
    pub const REPO_CREATE: &str = "repo:create";
    pub const USER_READ: &str = "user:read";
    pub const USER_ADMIN: &str = "user:admin";
    pub const ORG_ADMIN: &str = "org:admin";
    pub const SUPER_USER: &str = "super:user";
}

/// Encodes one path segment (namespace, repository, tag, robot short name, ...).
#[must_use]
pub fn seg(value: &str) -> String {
    crate::model::url::encode(value)
}
