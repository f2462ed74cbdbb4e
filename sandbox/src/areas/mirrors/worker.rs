//! A stand-in for Quay's mirror worker, for one requested sync: after [`START_DELAY`] a `SYNC_NOW`
//! mirror is claimed (`SYNCING`, with an expiration), and after [`RUN_TIME`] released as `SUCCESS`,
//! or `FAIL` when its source's path contains `fail`, with the worker's log entries
//! (`repo_mirror_sync_started`, `_tag_success`, `_success` / `_failed`). As in Quay, only
//! repositories in state `MIRROR` are picked up, and a run whose claim changed (cancelled, reset,
//! a new sync-now) stops.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{json, Value};

use super::{MirrorConfig, MAX_RETRIES};
use crate::areas::logs;
use crate::util;
use crate::world::{RepoState, World};
use crate::AppState;

pub const START_DELAY: Duration = Duration::from_millis(1500);
pub const RUN_TIME: Duration = Duration::from_millis(3000);
/// Quay's `MAX_SYNC_DURATION` (12 hours): the expiration of a claimed sync.
const MAX_SYNC_DURATION: i64 = 12 * 3_600;

static TOKENS: AtomicU64 = AtomicU64::new(1);

/// A new claim token (never repeats within the process, so a reset world cannot match old runs).
pub fn next_token() -> u64 {
    TOKENS.fetch_add(1, Ordering::Relaxed)
}

/// Runs the requested sync in the background.
pub fn spawn(state: AppState, namespace: String, repo: String, token: u64) {
    tokio::spawn(async move {
        tokio::time::sleep(START_DELAY).await;
        let claimed = start(&mut state.world(), &namespace, &repo, token);
        let Some(token) = claimed else { return };
        tokio::time::sleep(RUN_TIME).await;
        finish(&mut state.world(), &namespace, &repo, token, util::now());
    });
}

/// The worker's log metadata (`emit_log` in Quay's repomirrorworker).
pub fn worker_meta(config: &MirrorConfig, verb: &str, tag: Option<&str>, stderr: Value) -> Value {
    let tags = config.root_rule.join(",");
    let message = match tag {
        Some(tag) => format!(
            "Source '{}:{tag}' successful sync",
            config.external_reference
        ),
        None => format!("'{}' with tag pattern '{tags}'", config.external_reference),
    };
    json!({"verb": verb, "namespace": config.namespace, "repo": config.repo, "message": message,
           "tag": tag, "tags": tags, "stdout": Value::Null, "stderr": stderr})
}

fn claim<'w>(
    world: &'w mut World,
    ns: &str,
    repo: &str,
    token: u64,
) -> Option<&'w mut MirrorConfig> {
    let mirroring = world
        .repo(ns, repo)
        .is_some_and(|r| r.state == RepoState::Mirror);
    world
        .mirrors
        .find_mut(ns, repo)
        .filter(|c| mirroring && c.sync_token == token)
}

/// `SYNC_NOW` → `SYNCING`; the new claim token, or `None` when the run is no longer wanted.
pub fn start(world: &mut World, ns: &str, repo: &str, token: u64) -> Option<u64> {
    let next = next_token();
    let config = claim(world, ns, repo, token).filter(|c| c.sync_status == "SYNC_NOW")?;
    config.sync_status = "SYNCING".to_owned();
    config.sync_expiration_date = Some(util::now() + MAX_SYNC_DURATION);
    config.sync_token = next;
    let meta = worker_meta(config, "start", None, Value::Null);
    logs::record_system(world, "repo_mirror_sync_started", ns, Some(repo), meta);
    Some(next)
}

/// `SYNCING` → `SUCCESS` / `FAIL`, with Quay's `release_mirror` rules for the next date and retries.
pub fn finish(world: &mut World, ns: &str, repo: &str, token: u64, now: i64) {
    let next = next_token();
    let Some(config) = claim(world, ns, repo, token).filter(|c| c.sync_status == "SYNCING") else {
        return;
    };
    let failed = config
        .external_reference
        .split_once('/')
        .is_some_and(|(_, path)| path.contains("fail"));
    let mut retries = config.sync_retries_remaining;
    if failed {
        retries = retries.saturating_sub(1);
    }
    if !failed || retries < 1 {
        let interval = i64::try_from(config.sync_interval.max(1)).unwrap_or(86_400);
        let start = config.sync_start_date.unwrap_or(now);
        let delta = (now - start).max(0);
        config.sync_start_date = Some(now + interval - delta % interval);
        retries = MAX_RETRIES;
    }
    config.sync_retries_remaining = retries;
    config.sync_status = if failed { "FAIL" } else { "SUCCESS" }.to_owned();
    config.sync_expiration_date = None;
    config.sync_token = next;
    config.last_sync = Some(now);
    let config = config.clone();
    if failed {
        let stderr = json!(format!(
            "time=\"{}\" level=fatal msg=\"Error reading manifest {} in {}: manifest unknown\"",
            util::iso_date(now),
            config.root_rule.first().map_or("latest", String::as_str),
            config.external_reference
        ));
        let meta = worker_meta(&config, "end", None, stderr);
        logs::record_system(world, "repo_mirror_sync_failed", ns, Some(repo), meta);
        return;
    }
    for tag in config
        .root_rule
        .iter()
        .filter(|t| !t.contains(['*', '?', '[']))
    {
        let meta = worker_meta(&config, "finish", Some(tag), Value::Null);
        logs::record_system(world, "repo_mirror_sync_tag_success", ns, Some(repo), meta);
    }
    let meta = worker_meta(&config, "end", None, Value::Null);
    logs::record_system(world, "repo_mirror_sync_success", ns, Some(repo), meta);
}
