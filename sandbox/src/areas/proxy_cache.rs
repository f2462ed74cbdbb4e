//! The proxy cache of an organization (`org:admin` and an administrator; unrouted while `/config`
//! has `PROXY_CACHE` off, see [`crate::features::gate`]), as recorded (`proxycache_*.json`):
//!
//! * `GET /api/v1/organization/{org}/proxycache` → always 200; without a configuration
//!   `{"upstream_registry": "", "expiration_s": "", "insecure": ""}` (empty strings).
//! * `POST .../proxycache` `{"upstream_registry", "expiration_s"?, "insecure"?,
//!   "upstream_registry_username"?, "upstream_registry_password"?}` → **201 `"Created"`**; again →
//!   400 "Proxy Cache Configuration already exists"; no `upstream_registry` → 400 (jsonschema); an
//!   org-mirrored organization → 400 "Cannot create proxy cache: organization is managed by
//!   organization-level mirroring".
//! * `DELETE .../proxycache` → **201 `"Deleted"`**; with none → 404.
//! * `POST .../validateproxycache` (same body) → 202 `"Valid"` (with credentials) or `"Anonymous"`;
//!   an unreachable upstream → 400 "Failed login to remote registry. ..."; a blocked address
//!   (link-local, cloud metadata) → 400 "The provided registry URL is not allowed"; a configuration
//!   that exists → 400 as on POST.
//!
//! The sandbox reaches no registry: `docker.io`, `quay.io`, `ghcr.io`, `registry.k8s.io`,
//! `gcr.io` and `mirror.gcr.io` (any port or namespace) count as reachable, anything else not.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::areas::{logs, org_mirror};
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::world::World;
use crate::AppState;

/// One organization's proxy cache configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyCache {
    pub upstream_registry: String,
    pub expiration_s: u64,
    pub insecure: bool,
    pub username: Option<String>,
}

/// Quay's default expiration of cached tags (a day).
const DEFAULT_EXPIRATION_S: u64 = 86_400;
const EXISTS: &str = "Proxy Cache Configuration already exists";
const UNREACHABLE: &str =
    "Failed login to remote registry. Please verify entered details and try again.";
const BLOCKED: &str = "The provided registry URL is not allowed";
const REACHABLE: &[&str] = &[
    "docker.io",
    "quay.io",
    "ghcr.io",
    "registry.k8s.io",
    "gcr.io",
    "mirror.gcr.io",
];

#[derive(Debug, Default)]
pub struct ProxyCacheStore {
    pub by_org: BTreeMap<String, ProxyCache>,
}

/// `proxyorg` is a proxy of Docker Hub, as recorded (`proxycache_get_proxyorg.json`).
pub fn seed(world: &mut World) {
    if world.org("proxyorg").is_some() {
        world.proxy_cache.by_org.insert(
            "proxyorg".into(),
            ProxyCache {
                upstream_registry: "docker.io".into(),
                expiration_s: DEFAULT_EXPIRATION_S,
                insecure: false,
                username: None,
            },
        );
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/organization/{org}/proxycache",
            get(show).post(create).delete(remove),
        )
        .route(
            "/api/v1/organization/{org}/validateproxycache",
            post(validate),
        )
}

fn authorize(world: &World, headers: &HeaderMap, org: &str) -> Result<Session, Response> {
    let session = auth::require_in(world, headers, Scope::OrgAdmin)?;
    if world.org(org).is_none() {
        return Err(errors::not_found());
    }
    if session.is_org_admin(world, org) {
        Ok(session)
    } else {
        Err(errors::unauthorized())
    }
}

/// The host of `host[:port][/namespace]`.
fn host_of(upstream: &str) -> &str {
    let host_port = upstream.split('/').next().unwrap_or_default();
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => host_port,
    }
}

fn blocked(host: &str) -> bool {
    host.starts_with("169.254.") || host == "metadata.google.internal" || host == "0.0.0.0"
}

/// The configuration a POST asks for, or Quay's refusal.
fn requested(body: &Value) -> Result<ProxyCache, Response> {
    errors::require_fields(body, &["upstream_registry"])?;
    let upstream = body
        .get("upstream_registry")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    let expiration_s = match body.get("expiration_s") {
        None | Some(Value::Null) => DEFAULT_EXPIRATION_S,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| errors::invalid_request("expiration_s must be an integer"))?,
    };
    let username = body
        .get("upstream_registry_username")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .map(str::to_owned);
    Ok(ProxyCache {
        upstream_registry: upstream,
        expiration_s,
        insecure: body
            .get("insecure")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        username,
    })
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let world = state.world();
    authorize(&world, &headers, &org)?;
    errors::ok(match world.proxy_cache.by_org.get(&org) {
        Some(c) => json!({
            "upstream_registry": c.upstream_registry,
            "expiration_s": c.expiration_s,
            "insecure": c.insecure,
        }),
        None => json!({"upstream_registry": "", "expiration_s": "", "insecure": ""}),
    })
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let body = errors::parse_body(&bytes)?;
    let config = requested(&body)?;
    if world.proxy_cache.by_org.contains_key(&org) {
        return Err(errors::invalid_request(EXISTS));
    }
    org_mirror::blocks_proxy_cache(&world, &org)?;
    logs::record(
        &mut world,
        &session,
        "create_proxy_cache_config",
        &org,
        None,
        json!({"upstream_registry": config.upstream_registry, "namespace": org}),
    );
    world.proxy_cache.by_org.insert(org, config);
    errors::with_status(StatusCode::CREATED, json!("Created"))
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> ApiResult {
    let mut world = state.world();
    let session = authorize(&world, &headers, &org)?;
    let Some(config) = world.proxy_cache.by_org.remove(&org) else {
        return Err(errors::not_found());
    };
    logs::record(
        &mut world,
        &session,
        "delete_proxy_cache_config",
        &org,
        None,
        json!({"upstream_registry": config.upstream_registry, "namespace": org}),
    );
    errors::with_status(StatusCode::CREATED, json!("Deleted"))
}

async fn validate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    let world = state.world();
    authorize(&world, &headers, &org)?;
    let body = errors::parse_body(&bytes)?;
    let config = requested(&body)?;
    if world.proxy_cache.by_org.contains_key(&org) {
        return Err(errors::invalid_request(EXISTS));
    }
    let host = host_of(&config.upstream_registry);
    if blocked(host) {
        return Err(errors::invalid_request(BLOCKED));
    }
    if !REACHABLE.contains(&host) {
        return Err(errors::invalid_request(UNREACHABLE));
    }
    let answer = if config.username.is_some() {
        "Valid"
    } else {
        "Anonymous"
    };
    errors::with_status(StatusCode::ACCEPTED, json!(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_upstreams() {
        assert_eq!(host_of("docker.io"), "docker.io");
        assert_eq!(host_of("127.0.0.1:5999/library"), "127.0.0.1");
        assert_eq!(host_of("quay.io/org/ns"), "quay.io");
        assert!(blocked(host_of("169.254.169.254:80/x")));
        assert!(!blocked(host_of("docker.io")));
    }
}
