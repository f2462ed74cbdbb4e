//! Quotas area (`/api/v1/organization/{org}/quota`, `/api/v1/superuser/.../quota`). To be filled by the
//! quotas engineer. The core uses [`QuotaStore::brief_view`] and [`report`] in user, organization and
//! superuser views.

use axum::Router;
use serde_json::{json, Value};

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

#[derive(Debug, Default)]
pub struct QuotaStore {
    pub quotas: Vec<Quota>,
    pub next_quota_id: u64,
    pub next_limit_id: u64,
}

impl QuotaStore {
    pub fn for_namespace<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Quota> + 'a {
        self.quotas.iter().filter(move |q| q.namespace == namespace)
    }

    /// `[{"id","limit_bytes","limits":[{"id","type","limit_percent"}]}]` as in `su_users.json`.
    pub fn brief_view(&self, namespace: &str) -> Vec<Value> {
        self.for_namespace(namespace)
            .map(|q| {
                let limits: Vec<Value> = q
                    .limits
                    .iter()
                    .map(|l| json!({"id": l.id, "type": l.kind, "limit_percent": l.limit_percent}))
                    .collect();
                json!({"id": q.id, "limit_bytes": q.limit_bytes, "limits": limits})
            })
            .collect()
    }
}

/// `quota_report` of a namespace: `{"quota_bytes","configured_quota","running_backfill","backfill_status"}`.
pub fn report(world: &World, namespace: &str) -> Value {
    let used = world
        .user(namespace)
        .map(|u| u.used_bytes)
        .or_else(|| world.org(namespace).map(|o| o.used_bytes))
        .unwrap_or(0);
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

pub fn seed(world: &mut World) {
    let quota = |id: u64, ns: &str, bytes: u64, kind: &str, pct: u64| Quota {
        id,
        namespace: ns.to_owned(),
        limit_bytes: bytes,
        limits: vec![QuotaLimit {
            id,
            kind: kind.to_owned(),
            limit_percent: pct,
        }],
    };
    world.quotas = QuotaStore {
        quotas: vec![
            quota(1, "buynlarge", 3000, "Warning", 50),
            quota(2, "randomuser", 6000, "Reject", 90),
            quota(3, "orgwithnosuperuser", 3000, "Warning", 50),
        ],
        next_quota_id: 4,
        next_limit_id: 4,
    };
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
