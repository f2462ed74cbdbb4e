//! Quotas area: namespace quotas and their limits, consumption reports, superuser quotas and the
//! registry size, with Quay's rules and quirks (see `quotas/namespace.rs` and `quotas/superuser.rs`).
//! The core uses [`QuotaStore::brief_view`], [`report`] and [`repo_report`] in user, organization,
//! superuser and repository views.
//!
//! Seeded close to the limits: `buynlarge` is past its Warning limit, `randomuser` past its Reject
//! limit, `orgwithnosuperuser` just past its Warning; `library` and `devtable` have none.

mod namespace;
mod superuser;

use std::time::Instant;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::errors;
use crate::world::World;
use crate::AppState;

/// A quota limit: `kind` is `Warning` or `Reject`.
#[derive(Clone, Debug)]
pub struct QuotaLimit {
    pub id: u64,
    pub kind: String,
    pub limit_percent: u64,
}

#[derive(Clone, Debug)]
pub struct Quota {
    pub id: u64,
    pub namespace: String,
    pub limit_bytes: u64,
    pub limits: Vec<QuotaLimit>,
}

/// The registry-size job: `POST` queues it; it waits [`QUEUED_FOR`], runs [`RUNNING_FOR`], then
/// stores the total.
#[derive(Debug, Default)]
pub struct RegistrySize {
    pub size_bytes: u64,
    /// Milliseconds since the epoch of the last completed calculation.
    pub last_ran_ms: Option<i64>,
    pub queued_at: Option<Instant>,
}

/// How long a queued calculation waits for a worker.
pub const QUEUED_FOR: std::time::Duration = std::time::Duration::from_millis(1500);
/// How long the calculation runs.
pub const RUNNING_FOR: std::time::Duration = std::time::Duration::from_millis(2500);

#[derive(Debug, Default)]
pub struct QuotaStore {
    pub quotas: Vec<Quota>,
    pub next_quota_id: u64,
    pub next_limit_id: u64,
    pub registry: RegistrySize,
}

impl QuotaStore {
    pub fn for_namespace<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Quota> + 'a {
        self.quotas.iter().filter(move |q| q.namespace == namespace)
    }

    /// The quota `id` of `namespace`.
    pub fn find(&self, namespace: &str, id: &str) -> Option<&Quota> {
        let id: u64 = id.parse().ok()?;
        self.quotas
            .iter()
            .find(|q| q.namespace == namespace && q.id == id)
    }

    pub fn find_mut(&mut self, namespace: &str, id: &str) -> Option<&mut Quota> {
        let id: u64 = id.parse().ok()?;
        self.quotas
            .iter_mut()
            .find(|q| q.namespace == namespace && q.id == id)
    }

    /// `[{"id","limit_bytes","limits":[{"id","type","limit_percent"}]}]` as in `su_users.json`.
    pub fn brief_view(&self, namespace: &str) -> Vec<Value> {
        self.for_namespace(namespace)
            .map(|q| {
                let limits: Vec<Value> = q.limits.iter().map(limit_view).collect();
                json!({"id": q.id, "limit_bytes": q.limit_bytes, "limits": limits})
            })
            .collect()
    }
}

/// `{"id","type","limit_percent"}`.
pub fn limit_view(limit: &QuotaLimit) -> Value {
    json!({"id": limit.id, "type": limit.kind, "limit_percent": limit.limit_percent})
}

/// Quay's `quota_view`. `float_bytes`: after a change through a human-readable `limit`, Quay answers
/// with the float its parser produced (`21474836480.0`).
pub fn quota_view(quota: &Quota, float_bytes: bool) -> Value {
    #[allow(clippy::cast_precision_loss)]
    let bytes = if float_bytes {
        json!(quota.limit_bytes as f64)
    } else {
        json!(quota.limit_bytes)
    };
    let limits: Vec<Value> = quota.limits.iter().map(limit_view).collect();
    json!({
        "id": quota.id,
        "limit_bytes": bytes,
        "limit": human_size(quota.limit_bytes),
        "default_config": false,
        "limits": limits,
        "default_config_exists": false,
    })
}

/// Quay's `limit` text: one decimal and the best binary unit (`"2.9 KiB"`, `"20.0 GiB"`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    if value < 1024.0 {
        return format!("{value:.1} Byte");
    }
    let mut unit = "Byte";
    for u in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = u;
    }
    format!("{value:.1} {unit}")
}

/// Quay's `limit` pattern (`^(\d+\s?(B|KiB|...|Y)?)$`) read with bitmath's rules: `i` units count in
/// 1024s, the others in 1000s. `None` when the text does not match the pattern.
pub fn parse_limit(text: &str) -> Option<u128> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_end);
    let unit = rest
        .strip_prefix(|c: char| c.is_whitespace())
        .unwrap_or(rest);
    if digits.is_empty() || unit.starts_with(char::is_whitespace) {
        return None;
    }
    let n: u128 = digits.parse().ok()?;
    let power = |p: &str| "KMGTPEZY".find(p).and_then(|i| u32::try_from(i + 1).ok());
    let per_unit = match unit {
        "" | "B" => 1,
        _ => {
            let first = unit.get(..1)?;
            let exp = power(first)?;
            match unit.get(1..) {
                Some("iB" | "i") => 1_u128.checked_shl(10 * exp)?,
                Some("B" | "") => 1000_u128.checked_pow(exp)?,
                _ => return None,
            }
        }
    };
    n.checked_mul(per_unit)
}

/// The pattern Quay's schema gives for `limit`, for its error messages.
pub const LIMIT_PATTERN: &str = r"^(\d+\s?(B|KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB|Ki|Mi|Gi|Ti|Pi|Ei|Zi|Yi|KB|MB|GB|TB|PB|EB|ZB|YB|K|M|G|T|P|E|Z|Y)?)$";

/// A new size from a create or change body: `(bytes, given as a human-readable limit)`.
/// `Ok(None)` when the body has neither field. Follows the schema (`limit_bytes` integer, `limit`
/// matching [`LIMIT_PATTERN`], not both) and the model's checks (more than 0, fits a bigint).
pub fn size_from_body(body: &Value, exclusive: bool) -> Result<Option<(u64, bool)>, Response> {
    let object = body.as_object().cloned().unwrap_or_else(Map::new);
    let has_bytes = object.contains_key("limit_bytes");
    let has_limit = object.contains_key("limit");
    let extra = object.keys().any(|k| k != "limit_bytes" && k != "limit");
    if (has_bytes && has_limit) || (exclusive && extra) {
        return Err(errors::invalid_request(&format!(
            "{body} is not valid under any of the given schemas"
        )));
    }
    let (bytes, human) = if let Some(value) = object.get("limit_bytes") {
        if !(value.is_i64() || value.is_u64()) {
            return Err(errors::invalid_request(&format!(
                "{value} is not of type 'integer'"
            )));
        }
        if value.as_i64().is_some_and(|n| n <= 0) {
            return Err(invalid_size(value));
        }
        (value.as_u64().map(u128::from), false)
    } else if let Some(value) = object.get("limit") {
        let text = value.as_str().unwrap_or_default();
        let Some(bytes) = value.as_str().and_then(parse_limit) else {
            return Err(errors::invalid_request(&format!(
                "'{text}' does not match '{LIMIT_PATTERN}'"
            )));
        };
        if bytes == 0 {
            return Err(invalid_size(&json!(0.0)));
        }
        (Some(bytes), true)
    } else {
        return Ok(None);
    };
    match bytes
        .and_then(|b| u64::try_from(b).ok())
        .filter(|b| i64::try_from(*b).is_ok())
    {
        Some(b) => Ok(Some((b, human))),
        None => Err(errors::invalid_request("Unsupported quota size limit.")),
    }
}

fn invalid_size(value: &Value) -> Response {
    errors::invalid_request(&format!("Invalid quota size limit value: '{value}'"))
}

/// Storage used by a namespace.
pub fn used_bytes(world: &World, namespace: &str) -> u64 {
    world
        .user(namespace)
        .map(|u| u.used_bytes)
        .or_else(|| world.org(namespace).map(|o| o.used_bytes))
        .unwrap_or(0)
}

/// `quota_report` of a namespace: `{"quota_bytes","configured_quota","running_backfill","backfill_status"}`.
pub fn report(world: &World, namespace: &str) -> Value {
    let used = used_bytes(world, namespace);
    let configured = world
        .quotas
        .for_namespace(namespace)
        .next()
        .map(|q| q.limit_bytes);
    let backfill = if used > 0 { "complete" } else { "waiting" };
    json!({
        "quota_bytes": used,
        "configured_quota": configured,
        "running_backfill": backfill,
        "backfill_status": backfill,
    })
}

/// A stable pseudo-random weight per repository name (FNV-1a), skewed so that a few are large.
fn weight(name: &str) -> u128 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let w = u128::from(hash % 1000);
    w * w + 1
}

/// Size of one repository: the namespace's usage shared among its repositories by [`weight`], so
/// that the sizes add up to the namespace's `quota_bytes`.
pub fn repo_bytes(world: &World, namespace: &str, name: &str) -> u64 {
    let used = u128::from(used_bytes(world, namespace));
    let repos: Vec<&str> = world
        .repos
        .iter()
        .filter(|r| r.namespace == namespace)
        .map(|r| r.name.as_str())
        .collect();
    let total: u128 = repos.iter().map(|r| weight(r)).sum();
    if total == 0 || !repos.contains(&name) {
        return 0;
    }
    let share = |r: &str| used * weight(r) / total;
    let mut bytes = share(name);
    // The rounding remainder goes to the largest repository.
    let largest = repos
        .iter()
        .max_by_key(|r| (weight(r), std::cmp::Reverse(**r)));
    if largest == Some(&name) {
        let given: u128 = repos.iter().map(|r| share(r)).sum();
        bytes += used - given;
    }
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

/// `quota_report` of a repository in the repository list: `{"quota_bytes","configured_quota"}`.
pub fn repo_report(world: &World, namespace: &str, name: &str) -> Value {
    let configured = world
        .quotas
        .for_namespace(namespace)
        .next()
        .map(|q| q.limit_bytes);
    json!({
        "quota_bytes": repo_bytes(world, namespace, name),
        "configured_quota": configured,
    })
}

const GIB: u64 = 1 << 30;

pub fn seed(world: &mut World) {
    // (id, namespace, bytes, limit type, percent, used bytes)
    let seeded: [(u64, &str, u64, &str, u64, u64); 3] = [
        (1, "buynlarge", 10 * GIB, "Warning", 80, 9_234_567_890),
        (2, "randomuser", 5 * GIB, "Reject", 90, 5_046_586_573),
        (
            3,
            "orgwithnosuperuser",
            2 * GIB,
            "Warning",
            50,
            1_181_116_006,
        ),
    ];
    let mut quotas = Vec::new();
    for (id, ns, bytes, kind, pct, used) in seeded {
        set_used(world, ns, used);
        quotas.push(Quota {
            id,
            namespace: ns.to_owned(),
            limit_bytes: bytes,
            limits: vec![QuotaLimit {
                id,
                kind: kind.to_owned(),
                limit_percent: pct,
            }],
        });
    }
    set_used(world, "library", 40_162_334_720);
    set_used(world, "devtable", 3_435_973_837);
    let total: u64 = world.users.iter().map(|u| u.used_bytes).sum::<u64>()
        + world.orgs.iter().map(|o| o.used_bytes).sum::<u64>();
    world.quotas = QuotaStore {
        quotas,
        next_quota_id: 4,
        next_limit_id: 4,
        registry: RegistrySize {
            // Last counted two days ago, before the latest pushes.
            size_bytes: total / 100 * 97,
            last_ran_ms: Some((world.seeded_at - 2 * 86_400) * 1000),
            queued_at: None,
        },
    };
}

fn set_used(world: &mut World, namespace: &str, bytes: u64) {
    if let Some(org) = world.org_mut(namespace) {
        org.used_bytes = bytes;
    } else if let Some(user) = world.user_mut(namespace) {
        user.used_bytes = bytes;
    }
}

/// 201 `"Created"`.
fn created() -> errors::ApiResult {
    errors::with_status(StatusCode::CREATED, json!("Created"))
}

pub fn routes() -> Router<AppState> {
    use namespace as ns;
    use superuser as su;
    Router::new()
        .route(
            "/api/v1/organization/{org}/quota",
            get(ns::list_org).post(ns::create_org),
        )
        .route(
            "/api/v1/organization/{org}/quota/{quota_id}",
            get(ns::get_org).put(ns::change_org).delete(ns::delete_org),
        )
        .route(
            "/api/v1/organization/{org}/quota/{quota_id}/limit",
            get(ns::list_limits).post(ns::create_limit),
        )
        .route(
            "/api/v1/organization/{org}/quota/{quota_id}/limit/{limit_id}",
            get(ns::get_limit)
                .put(ns::change_limit)
                .delete(ns::delete_limit),
        )
        .route("/api/v1/user/quota", get(ns::list_user))
        .route("/api/v1/user/quota/{quota_id}", get(ns::get_user))
        .route(
            "/api/v1/user/quota/{quota_id}/limit",
            get(ns::list_user_limits),
        )
        .route(
            "/api/v1/user/quota/{quota_id}/limit/{limit_id}",
            get(ns::get_user_limit),
        )
        .route(
            "/api/v1/superuser/organization/{namespace}/quota",
            get(su::list).post(su::create),
        )
        .route(
            "/api/v1/superuser/users/{namespace}/quota",
            get(su::list).post(su::create),
        )
        .route(
            "/api/v1/superuser/organization/{namespace}/quota/{quota_id}",
            axum::routing::put(su::change).delete(su::delete),
        )
        .route(
            "/api/v1/superuser/users/{namespace}/quota/{quota_id}",
            axum::routing::put(su::change).delete(su::delete),
        )
        .route(
            "/api/v1/superuser/registrysize/",
            get(su::registry_size).post(su::queue_registry_size),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_text_follows_quays_pattern() {
        assert_eq!(parse_limit("20 GiB"), Some(20 << 30));
        assert_eq!(parse_limit("20GiB"), Some(20 << 30));
        assert_eq!(parse_limit("10 Gi"), Some(10 << 30));
        assert_eq!(parse_limit("2 GB"), Some(2_000_000_000));
        assert_eq!(parse_limit("3 G"), Some(3_000_000_000));
        assert_eq!(parse_limit("3000"), Some(3000));
        assert_eq!(parse_limit("3000 B"), Some(3000));
        for bad in ["", "1.5 GB", "GiB", "10  GiB", "10 gib", "10 GiBs", "-1"] {
            assert_eq!(parse_limit(bad), None, "{bad}");
        }
        assert_eq!(human_size(3000), "2.9 KiB");
        assert_eq!(human_size(21_474_836_480), "20.0 GiB");
        assert_eq!(human_size(12), "12.0 Byte");
    }
}
