//! Serde types mirroring Quay's JSON, and pure logic (paging, parsing, validation).
//!
//! Invariant: nothing here imports leptos, web-sys or gloo, so `cargo test` on the host covers it all
//! (`text` alone calls JavaScript's `toLowerCase`, on wasm only).

pub mod applications;
pub mod authorizations;
pub mod config;
pub mod error;
pub mod features;
pub mod lifecycle;
pub mod logs;
pub mod mirrors;
pub mod oauth;
pub mod order;
pub mod org_mirror;
pub mod prototypes;
pub mod proxy_cache;
pub mod quotas;
pub mod repository;
pub mod review;
pub mod robots;
pub mod security;
pub mod tags;
pub mod text;
pub mod url;
pub mod user;
pub mod wire;
