//! Usage logs: the store every area writes to with [`record`], a few weeks of seeded history, and
//! the endpoints (`/api/v1/{user,organization/{org},repository/{ns}/{repo},superuser}/logs`,
//! `aggregatelogs`, `exportlogs`) in [`api`].

pub mod api;

use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use crate::auth::Session;
use crate::world::World;
use crate::{util, AppState};

/// One audit-log entry. `metadata` is exactly what Quay stores for the kind (see the log fixtures).
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub id: u64,
    /// Quay's log kind: `push_repo`, `create_tag`, `create_robot`, ...
    pub kind: String,
    pub metadata: Value,
    /// Username (robots as `namespace+short`); `None` for system actions (mirror worker, anonymous pulls).
    pub performer: Option<String>,
    pub ip: Option<String>,
    /// Unix seconds.
    pub datetime: i64,
    /// The namespace (user or organization) the action belongs to.
    pub namespace: String,
    pub repo: Option<String>,
}

/// All entries in insertion order (seeded history is sorted by time, oldest first).
#[derive(Debug, Default)]
pub struct LogStore {
    pub entries: Vec<LogEntry>,
    pub next_id: u64,
}

impl LogStore {
    /// Appends an entry at an explicit time (seeds, workers, tests).
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        kind: &str,
        namespace: &str,
        repo: Option<&str>,
        performer: Option<&str>,
        ip: Option<&str>,
        datetime: i64,
        metadata: Value,
    ) {
        self.next_id += 1;
        self.entries.push(LogEntry {
            id: self.next_id,
            kind: kind.to_owned(),
            metadata,
            performer: performer.map(str::to_owned),
            ip: ip.map(str::to_owned),
            datetime,
            namespace: namespace.to_owned(),
            repo: repo.map(str::to_owned),
        });
    }
}

/// Records an action done now through the API by `session`, as Quay does: the session's OAuth fields
/// (`oauth_token_id`, `oauth_token_application_id`, `oauth_token_application`) are added to `metadata`,
/// the performer is the session's user and the ip the caller's.
///
/// ```text
/// logs::record(&mut world, &session, "delete_tag", "devtable", Some("simple"),
///     json!({"username": session.username, "repo": "simple", "namespace": "devtable", "tag": "latest"}));
/// ```
pub fn record(
    world: &mut World,
    session: &Session,
    kind: &str,
    namespace: &str,
    repo: Option<&str>,
    metadata: Value,
) {
    let metadata = session.log_metadata(metadata);
    world.logs.push(
        kind,
        namespace,
        repo,
        Some(&session.username),
        Some(&session.ip),
        util::now(),
        metadata,
    );
}

/// Records a system action done now (no performer, no ip), e.g. the mirror worker's
/// `repo_mirror_sync_started` / `_success` / `_failed`.
pub fn record_system(
    world: &mut World,
    kind: &str,
    namespace: &str,
    repo: Option<&str>,
    metadata: Value,
) {
    world
        .logs
        .push(kind, namespace, repo, None, None, util::now(), metadata);
}

/// Seeds hand-written recent entries plus `--logs` random ones over the last six weeks.
pub fn seed(world: &mut World) {
    super::logs_seed::seed(world);
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/user/logs", get(api::user_logs))
        .route("/api/v1/user/aggregatelogs", get(api::user_aggregate))
        .route("/api/v1/user/exportlogs", post(api::user_export))
        .route("/api/v1/organization/{org}/logs", get(api::org_logs))
        .route(
            "/api/v1/organization/{org}/aggregatelogs",
            get(api::org_aggregate),
        )
        .route(
            "/api/v1/organization/{org}/exportlogs",
            post(api::org_export),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/logs",
            get(api::repo_logs),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/aggregatelogs",
            get(api::repo_aggregate),
        )
        .route(
            "/api/v1/repository/{namespace}/{repo}/exportlogs",
            post(api::repo_export),
        )
        .route("/api/v1/superuser/logs", get(api::superuser_logs))
        .route(
            "/api/v1/superuser/aggregatelogs",
            get(api::superuser_aggregate),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Scope;
    use crate::world::SeedOptions;

    #[test]
    fn seeded_history_and_record() {
        let opts = SeedOptions {
            tags: 1,
            logs: 500,
            seed: 3,
            hostile: false,
        };
        let mut world = World::seed(&opts);
        let entries = &world.logs.entries;
        assert!(entries.len() >= 500 + 84);
        assert!(entries.windows(2).all(|w| w[0].datetime <= w[1].datetime));
        let kinds: std::collections::BTreeSet<&str> =
            entries.iter().map(|e| e.kind.as_str()).collect();
        for kind in [
            "push_repo",
            "pull_repo",
            "create_tag",
            "move_tag",
            "delete_tag",
            "revert_tag",
            "create_robot",
            "org_create_quota",
            "repo_mirror_sync_started",
            "repo_mirror_sync_success",
        ] {
            assert!(kinds.contains(kind), "{kind} missing");
        }
        assert!(entries
            .iter()
            .all(|e| e.datetime > world.seeded_at - 43 * 86_400));
        let token = world.auth.issue(
            "devtable",
            "CONSOLE0DEMO0CLIENT0ID",
            [Scope::RepoRead].into(),
        );
        let headers: axum::http::HeaderMap = [(
            axum::http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        )]
        .into_iter()
        .collect();
        let session = crate::auth::require_in(&world, &headers, Scope::RepoRead).unwrap();
        record(
            &mut world,
            &session,
            "delete_tag",
            "devtable",
            Some("simple"),
            serde_json::json!({"tag": "x"}),
        );
        let last = world.logs.entries.last().unwrap();
        assert_eq!(last.metadata["oauth_token_application"], "Quay Console");
        assert_eq!(last.performer.as_deref(), Some("devtable"));
        assert_eq!(last.ip.as_deref(), Some("127.0.0.1"));
    }
}
