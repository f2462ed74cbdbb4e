//! Seeded mirrors: `devtable/mirrored` (the recorded config, whose status follows its seeded daily
//! sync history) and a fleet in `library/*` pulled by `library+syncbot`: eight healthy, one stale,
//! one failing (retries exhausted), one never run, one disabled. Their repositories are put in
//! state `MIRROR`, and the worker's log entries of their last runs are added to the history.

use serde_json::{json, Value};

use super::worker::{next_token, worker_meta};
use super::{MirrorConfig, MAX_RETRIES};
use crate::world::{RepoState, Role, World};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// How a seeded mirror stands.
#[derive(Clone, Copy)]
enum Kind {
    /// Last sync this long ago, successfully.
    Healthy(i64),
    /// Last success this long ago; nothing since.
    Stale(i64),
    /// Last success long ago, then three failed attempts in the last hours.
    Failing(i64),
    NeverRun,
    /// Disabled after a success this long ago.
    Disabled(i64),
}

/// (repository in `library`, source, tag patterns, interval, architectures, state)
type Fleet = (
    &'static str,
    &'static str,
    &'static [&'static str],
    u64,
    &'static [&'static str],
    Kind,
);

const FLEET: &[Fleet] = &[
    (
        "etcd",
        "quay.io/coreos/etcd",
        &["v3.5.*", "latest"],
        21_600,
        &[],
        Kind::Healthy(2 * HOUR),
    ),
    (
        "prometheus",
        "quay.io/prometheus/prometheus",
        &["v2.*", "latest"],
        3_600,
        &[],
        Kind::Healthy(1_200),
    ),
    (
        "traefik",
        "docker.io/library/traefik",
        &["v3.*"],
        43_200,
        &[],
        Kind::Healthy(5 * HOUR),
    ),
    (
        "haproxy",
        "docker.io/library/haproxy",
        &["2.8*", "lts"],
        86_400,
        &[],
        Kind::Healthy(9 * HOUR),
    ),
    (
        "memcached",
        "docker.io/library/memcached",
        &["1.6*"],
        86_400,
        &[],
        Kind::Healthy(14 * HOUR),
    ),
    (
        "rabbitmq",
        "docker.io/library/rabbitmq",
        &["3.13*", "management"],
        86_400,
        &["amd64", "arm64"],
        Kind::Healthy(3 * HOUR),
    ),
    (
        "influxdb",
        "docker.io/library/influxdb",
        &["2.*"],
        86_400,
        &[],
        Kind::Healthy(6 * HOUR),
    ),
    (
        "consul",
        "docker.io/hashicorp/consul",
        &["1.*"],
        86_400,
        &[],
        Kind::Healthy(11 * HOUR),
    ),
    (
        "vault",
        "docker.io/hashicorp/vault",
        &["1.15*"],
        86_400,
        &[],
        Kind::Stale(3 * DAY + 2 * HOUR),
    ),
    (
        "grafana",
        "registry.example.com/grafana/grafana",
        &["10.*", "latest"],
        3_600,
        &[],
        Kind::Failing(2 * DAY),
    ),
    (
        "kibana",
        "docker.io/library/kibana",
        &["8.*"],
        86_400,
        &[],
        Kind::NeverRun,
    ),
    (
        "logstash",
        "docker.io/library/logstash",
        &["8.*"],
        86_400,
        &[],
        Kind::Disabled(5 * DAY),
    ),
];

const ROBOT: &str = "library+syncbot";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn library_mirror(now: i64, entry: &Fleet) -> MirrorConfig {
    let &(name, source, tags, interval, arch, kind) = entry;
    let step = i64::try_from(interval).unwrap_or(DAY);
    let (status, last_sync, retries, enabled) = match kind {
        Kind::Healthy(ago) | Kind::Stale(ago) => ("SUCCESS", Some(now - ago), MAX_RETRIES, true),
        Kind::Failing(ago) => ("FAIL", Some(now - ago), 0, true),
        Kind::NeverRun => ("NEVER_RUN", None, MAX_RETRIES, true),
        Kind::Disabled(ago) => ("SUCCESS", Some(now - ago), MAX_RETRIES, false),
    };
    let next = match kind {
        Kind::NeverRun => now + DAY - now.rem_euclid(DAY) + 2 * HOUR,
        Kind::Failing(_) => now - 3 * HOUR,
        _ => last_sync.map_or(now, |t| t + step),
    };
    MirrorConfig {
        namespace: "library".to_owned(),
        repo: name.to_owned(),
        is_enabled: enabled,
        external_reference: source.to_owned(),
        external_registry_username: matches!(kind, Kind::Failing(_))
            .then(|| "mirror-bot".to_owned()),
        external_registry_password: matches!(kind, Kind::Failing(_)).then(|| "expired".to_owned()),
        external_registry_config: json!({"verify_tls": true, "unsigned_images": false,
            "proxy": {"http_proxy": null, "https_proxy": null, "no_proxy": null}}),
        sync_interval: interval,
        sync_start_date: Some(next),
        sync_expiration_date: None,
        sync_retries_remaining: retries,
        sync_status: status.to_owned(),
        root_rule: strings(tags),
        robot_username: ROBOT.to_owned(),
        skopeo_timeout_interval: 600,
        architecture_filter: strings(arch),
        last_sync,
        sync_token: next_token(),
    }
}

pub fn seed(world: &mut World) {
    let now = world.seeded_at;
    let mut configs = vec![MirrorConfig {
        namespace: "devtable".to_owned(),
        repo: "mirrored".to_owned(),
        is_enabled: true,
        external_reference: "quay.io/coreos/etcd".to_owned(),
        external_registry_username: Some("fakeusername".to_owned()),
        external_registry_password: Some("fakepassword".to_owned()),
        external_registry_config: json!({}),
        sync_interval: 86_400,
        sync_start_date: Some(now + HOUR),
        sync_expiration_date: None,
        sync_retries_remaining: MAX_RETRIES,
        sync_status: "NEVER_RUN".to_owned(),
        root_rule: strings(&["latest", "3.3*"]),
        robot_username: "devtable+dtrobot".to_owned(),
        skopeo_timeout_interval: 600,
        architecture_filter: Vec::new(),
        last_sync: None,
        sync_token: next_token(),
    }];
    configs.extend(FLEET.iter().map(|entry| library_mirror(now, entry)));
    for config in &configs {
        if let Some(repo) = world.repo_mut(&config.namespace, &config.repo) {
            repo.state = RepoState::Mirror;
            let role = repo
                .user_roles
                .entry(config.robot_username.clone())
                .or_insert(Role::Write);
            *role = (*role).max(Role::Write);
        }
    }
    world.mirrors.configs = configs;
}

/// After the log history is seeded: `devtable/mirrored` takes the outcome of its last seeded run,
/// and the fleet's last runs are added to the history (kept in time order).
pub fn after_logs(world: &mut World) {
    let runs = |kinds: &[&str]| {
        world
            .logs
            .entries
            .iter()
            .rev()
            .find(|e| {
                e.namespace == "devtable"
                    && e.repo.as_deref() == Some("mirrored")
                    && kinds.contains(&e.kind.as_str())
            })
            .map(|e| (e.kind == "repo_mirror_sync_success", e.datetime))
    };
    let last = runs(&["repo_mirror_sync_success", "repo_mirror_sync_failed"]);
    let last_success = runs(&["repo_mirror_sync_success"]).map(|(_, at)| at);
    if let (Some((ok, at)), Some(config)) = (last, world.mirrors.find_mut("devtable", "mirrored")) {
        config.sync_status = if ok { "SUCCESS" } else { "FAIL" }.to_owned();
        config.sync_retries_remaining = if ok { MAX_RETRIES } else { MAX_RETRIES - 1 };
        config.last_sync = last_success;
        config.sync_start_date = Some(at - 95 + DAY);
    }
    let now = world.seeded_at;
    let mut drafts: Vec<(i64, &'static str, MirrorConfig, Value)> = Vec::new();
    for (entry, config) in FLEET.iter().zip(world.mirrors.configs.iter().skip(1)) {
        let runs = match entry.5 {
            Kind::Healthy(ago) | Kind::Stale(ago) | Kind::Disabled(ago) => vec![(now - ago, true)],
            Kind::Failing(ago) => vec![
                (now - ago, true),
                (now - 5 * HOUR, false),
                (now - 4 * HOUR, false),
                (now - 3 * HOUR, false),
            ],
            Kind::NeverRun => Vec::new(),
        };
        for (end, ok) in runs {
            let start_meta = worker_meta(config, "start", None, Value::Null);
            drafts.push((
                end - 80,
                "repo_mirror_sync_started",
                config.clone(),
                start_meta,
            ));
            let (kind, stderr) = if ok {
                ("repo_mirror_sync_success", Value::Null)
            } else {
                (
                    "repo_mirror_sync_failed",
                    json!(format!(
                        "time=\"...\" level=fatal msg=\"Error reading manifest latest in {}: unauthorized: authentication required\"",
                        config.external_reference
                    )),
                )
            };
            let end_meta = worker_meta(config, "end", None, stderr);
            drafts.push((end, kind, config.clone(), end_meta));
        }
    }
    for (at, kind, config, meta) in drafts {
        world.logs.push(
            kind,
            &config.namespace,
            Some(&config.repo),
            None,
            None,
            at,
            meta,
        );
    }
    world.logs.entries.sort_by_key(|e| e.datetime);
    for (i, entry) in world.logs.entries.iter_mut().enumerate() {
        entry.id = u64::try_from(i + 1).unwrap_or(u64::MAX);
    }
    world.logs.next_id = u64::try_from(world.logs.entries.len()).unwrap_or(u64::MAX);
}
