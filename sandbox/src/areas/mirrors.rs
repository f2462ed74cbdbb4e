//! Repository mirroring area (`/api/v1/repository/{ns}/{repo}/mirror`). To be filled by the mirrors
//! engineer. Seeded with the configuration of `devtable/mirrored` (`mirror_get_existing.json`).

use axum::Router;
use serde_json::{json, Value};

use crate::util;
use crate::world::World;
use crate::AppState;

#[derive(Clone, Debug)]
pub struct MirrorConfig {
    pub namespace: String,
    pub repo: String,
    pub is_enabled: bool,
    pub external_reference: String,
    pub external_registry_username: Option<String>,
    pub external_registry_config: Value,
    pub sync_interval: u64,
    pub sync_start_date: i64,
    pub sync_expiration_date: Option<i64>,
    pub sync_retries_remaining: u32,
    /// `NEVER_RUN`, `SYNC_NOW`, `SYNCING`, `SUCCESS`, `FAIL`, `CANCEL`.
    pub sync_status: String,
    pub root_rule: Vec<String>,
    pub robot_username: String,
    pub skopeo_timeout_interval: u64,
    pub architecture_filter: Vec<String>,
}

impl MirrorConfig {
    /// Quay's `ViewMirrorConfig` (`mirror_get_existing.json`).
    pub fn view(&self) -> Value {
        json!({
            "is_enabled": self.is_enabled,
            "mirror_type": "PULL",
            "external_reference": self.external_reference,
            "external_registry_username": self.external_registry_username,
            "external_registry_config": self.external_registry_config,
            "sync_interval": self.sync_interval,
            "sync_start_date": util::iso_date(self.sync_start_date),
            "sync_expiration_date": self.sync_expiration_date.map(util::iso_date),
            "sync_retries_remaining": self.sync_retries_remaining,
            "sync_status": self.sync_status,
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": self.root_rule},
            "robot_username": self.robot_username,
            "skopeo_timeout_interval": self.skopeo_timeout_interval,
            "architecture_filter": self.architecture_filter,
        })
    }
}

#[derive(Debug, Default)]
pub struct MirrorStore {
    pub configs: Vec<MirrorConfig>,
}

impl MirrorStore {
    pub fn find(&self, namespace: &str, repo: &str) -> Option<&MirrorConfig> {
        self.configs
            .iter()
            .find(|c| c.namespace == namespace && c.repo == repo)
    }
}

pub fn seed(world: &mut World) {
    world.mirrors = MirrorStore {
        configs: vec![MirrorConfig {
            namespace: "devtable".to_owned(),
            repo: "mirrored".to_owned(),
            is_enabled: true,
            external_reference: "quay.io/coreos/etcd".to_owned(),
            external_registry_username: Some("fakeusername".to_owned()),
            external_registry_config: json!({}),
            sync_interval: 86_400,
            sync_start_date: world.seeded_at + 3_600,
            sync_expiration_date: None,
            sync_retries_remaining: 3,
            sync_status: "NEVER_RUN".to_owned(),
            root_rule: vec!["latest".to_owned(), "3.3*".to_owned()],
            robot_username: "devtable+dtrobot".to_owned(),
            skopeo_timeout_interval: 600,
            architecture_filter: Vec::new(),
        }],
    };
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
