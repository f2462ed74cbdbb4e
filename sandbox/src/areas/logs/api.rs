//! The logs endpoints, as Quay answers them:
//!
//! * `GET .../logs?starttime=MM/DD/YYYY&endtime=MM/DD/YYYY[&performer=][&next_page=]` for the user,
//!   an organization, a repository and the superuser; pages of at most 20 entries, newest first.
//! * `GET .../aggregatelogs`: `{"aggregated": [{"kind","count","datetime"}]}` per kind and day.
//! * `POST .../exportlogs` `{"callback_email"|"callback_url"}` → 200 `{"export_id"}`.
//!
//! Dates are UTC days, the end is inclusive; without dates Quay uses the last day (now − 1 day to
//! now + 1 day). An end before the start is a 400 `{"message"}`.
//!
//! Paging is Quay's table logs model (`TableLogsModel.lookup_logs`), as recorded: pages of 20 across
//! days, newest first, keyed on the last entry shown (new entries do not shift later pages). Quay
//! skips empty tables before answering, so the first page has entries whenever the window does; the
//! page that ends the window still carries a `next_page` (to Quay's next log table), which answers an
//! **empty page without `next_page`**: a short page is no sign of the end, only a missing token is.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{record, LogEntry};
use crate::auth::{self, Scope, Session};
use crate::errors::{self, ApiResult};
use crate::util::{self, avatar, http_date};
use crate::world::{Role, World};
use crate::AppState;

/// Entries per page, as Quay.
pub const PAGE_SIZE: usize = 20;
const DAY: i64 = 86_400;
/// Werkzeug's text for a bare `abort(400)`, which Quay sends for an end before the start.
pub const BAD_REQUEST_TEXT: &str =
    "The browser (or proxy) sent a request that this server could not understand.";
/// Kinds Quay leaves out of a user's own logs.
const SERVICE_LEVEL_KINDS: &[&str] = &[
    "service_key_create",
    "service_key_approve",
    "service_key_delete",
    "service_key_modify",
    "service_key_extend",
    "service_key_rotate",
];

/// Which entries a request may see.
enum Target {
    User(String),
    Org(String),
    Repo(String, String),
    Registry,
}

impl Target {
    fn holds(&self, entry: &LogEntry) -> bool {
        match self {
            Self::User(name) => {
                entry.namespace == *name && !SERVICE_LEVEL_KINDS.contains(&entry.kind.as_str())
            }
            Self::Org(name) => entry.namespace == *name,
            Self::Repo(ns, repo) => entry.namespace == *ns && entry.repo.as_deref() == Some(repo),
            Self::Registry => true,
        }
    }
}

/// The window `[start, end)` in Unix seconds, as Quay's `_validate_logs_arguments`.
fn window(params: &BTreeMap<String, String>, now: i64) -> Result<(i64, i64), Response> {
    let day = |key: &str| params.get(key).and_then(|v| util::parse_mdy(v));
    let start = day("starttime").unwrap_or(now - DAY);
    let end = day("endtime").unwrap_or(now) + DAY;
    if end < start {
        return Err(errors::message(StatusCode::BAD_REQUEST, BAD_REQUEST_TEXT));
    }
    Ok((start, end))
}

fn params_of(query: Option<&str>) -> BTreeMap<String, String> {
    util::query_pairs(query).into_iter().collect()
}

/// Where a page starts: Quay's log table (0 = the current one; a later table is empty here) and,
/// in table 0, the (datetime, id) of the first entry to show.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Cursor {
    From { datetime: i64, id: u64 },
    NextTable,
}

/// `gAAAAAB` + the cursor in hex + filler + `==`, like Quay's Fernet tokens.
fn page_token(cursor: Cursor) -> String {
    let plain = match cursor {
        Cursor::From { datetime, id } => format!("0{datetime:010x}{id:08x}"),
        Cursor::NextTable => format!("1{:018x}", 0),
    };
    let filler = util::fake_hash(&plain);
    format!("gAAAAAB{plain}{}==", filler.get(..22).unwrap_or_default())
}

fn parse_token(token: &str) -> Option<Cursor> {
    let hex = token.strip_prefix("gAAAAAB")?;
    match hex.get(0..1)? {
        "0" => Some(Cursor::From {
            datetime: i64::from_str_radix(hex.get(1..11)?, 16).ok()?,
            id: u64::from_str_radix(hex.get(11..19)?, 16).ok()?,
        }),
        "1" => Some(Cursor::NextTable),
        _ => None,
    }
}

fn performer_view(name: &str) -> Value {
    let robot = name.contains('+');
    json!({
        "kind": "user",
        "name": name,
        "is_robot": robot,
        "avatar": avatar(name, if robot { "robot" } else { "user" }),
    })
}

/// Quay's `Log.to_dict`: the namespace object only on registry-wide (superuser) logs.
fn entry_view(world: &World, entry: &LogEntry, with_namespace: bool) -> Value {
    let mut view = Map::new();
    view.insert("kind".into(), json!(entry.kind));
    view.insert("metadata".into(), entry.metadata.clone());
    view.insert("ip".into(), json!(entry.ip));
    view.insert("datetime".into(), json!(http_date(entry.datetime)));
    if let Some(name) = &entry.performer {
        view.insert("performer".into(), performer_view(name));
    }
    if with_namespace {
        let kind = if world.org(&entry.namespace).is_some() {
            "org"
        } else {
            "user"
        };
        view.insert(
            "namespace".into(),
            json!({"kind": kind, "name": entry.namespace, "avatar": avatar(&entry.namespace, kind)}),
        );
    }
    Value::Object(view)
}

/// The entries of `target` in `[start, end)` by `performer`, newest first.
fn select<'w>(
    world: &'w World,
    target: &Target,
    start: i64,
    end: i64,
    performer: Option<&str>,
) -> Vec<&'w LogEntry> {
    let mut found: Vec<&LogEntry> = world
        .logs
        .entries
        .iter()
        .filter(|e| e.datetime >= start && e.datetime < end && target.holds(e))
        .filter(|e| performer.is_none_or(|p| e.performer.as_deref() == Some(p)))
        .collect();
    found.sort_by(|a, b| b.datetime.cmp(&a.datetime).then(b.id.cmp(&a.id)));
    found
}

fn performer_param(params: &BTreeMap<String, String>) -> Option<&str> {
    params
        .get("performer")
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
}

fn list(world: &World, target: &Target, query: Option<&str>, performer_allowed: bool) -> ApiResult {
    let params = params_of(query);
    let (start, end) = window(&params, util::now())?;
    let performer = performer_param(&params).filter(|_| performer_allowed);
    let entries = select(world, target, start, end, performer);
    let cursor = params.get("next_page").and_then(|t| parse_token(t));
    let (logs, next): (Vec<Value>, Option<Cursor>) = match cursor {
        Some(Cursor::NextTable) => (Vec::new(), None),
        from => {
            let first = match from {
                Some(Cursor::From { datetime, id }) => entries
                    .iter()
                    .position(|e| (e.datetime, e.id) <= (datetime, id))
                    .unwrap_or(entries.len()),
                _ => 0,
            };
            let page: Vec<&&LogEntry> = entries.iter().skip(first).take(PAGE_SIZE).collect();
            let next = match entries.get(first + PAGE_SIZE) {
                Some(e) => Some(Cursor::From {
                    datetime: e.datetime,
                    id: e.id,
                }),
                // Quay skips an empty table before answering: an empty window ends at once.
                None if page.is_empty() => None,
                None => Some(Cursor::NextTable),
            };
            let with_namespace = matches!(target, Target::Registry);
            let logs = page
                .iter()
                .map(|e| entry_view(world, e, with_namespace))
                .collect();
            (logs, next)
        }
    };
    let next = next.map(page_token);
    let mut body = Map::new();
    body.insert("start_time".into(), json!(http_date(start)));
    body.insert("end_time".into(), json!(http_date(end)));
    body.insert("logs".into(), Value::Array(logs));
    if let Some(next) = next {
        body.insert("next_page".into(), json!(next));
    }
    errors::ok(Value::Object(body))
}

fn aggregate(
    world: &World,
    target: &Target,
    query: Option<&str>,
    performer_allowed: bool,
) -> ApiResult {
    let params = params_of(query);
    let (start, end) = window(&params, util::now())?;
    let performer = performer_param(&params).filter(|_| performer_allowed);
    let mut counts: BTreeMap<(i64, &str), u64> = BTreeMap::new();
    for entry in select(world, target, start, end, performer) {
        *counts
            .entry((entry.datetime.div_euclid(DAY), entry.kind.as_str()))
            .or_default() += 1;
    }
    let aggregated: Vec<Value> = counts
        .into_iter()
        .map(|((day, kind), count)| json!({"kind": kind, "count": count, "datetime": http_date(day * DAY)}))
        .collect();
    errors::ok(json!({ "aggregated": aggregated }))
}

/// Queues an export as Quay's `_queue_logs_export`: checks the callbacks and the range, logs
/// `export_logs_success` (or `_failure`) and answers the export id.
fn export(
    world: &mut World,
    session: &Session,
    namespace: &str,
    repo: Option<&str>,
    query: Option<&str>,
    body: &Bytes,
) -> ApiResult {
    let body = errors::parse_body(body)?;
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (url, email) = (text("callback_url"), text("callback_email"));
    let params = params_of(query);
    let problem = if url
        .as_deref()
        .is_some_and(|u| !u.starts_with("https://") && !u.starts_with("http://"))
    {
        Some("Invalid callback URL")
    } else if email.as_deref().is_some_and(|e| !e.contains('@')) {
        Some("Invalid callback e-mail")
    } else if window(&params, util::now()).is_err() {
        Some("Invalid time span selected")
    } else {
        None
    };
    if let Some(problem) = problem {
        let mut meta = Map::new();
        if let Some(repo) = repo {
            meta.insert("repo".into(), json!(repo));
        }
        meta.insert("error".into(), json!(problem));
        meta.insert("url".into(), json!(url));
        meta.insert("email".into(), json!(email));
        let meta = Value::Object(meta);
        record(world, session, "export_logs_failure", namespace, repo, meta);
        return Err(errors::message(StatusCode::BAD_REQUEST, problem));
    }
    let export_id = util::uuid(&mut world.rng);
    // Quay compares the kind with a misspelt "reposiotory", so repository exports are never logged.
    if repo.is_none() {
        record(
            world,
            session,
            "export_logs_success",
            namespace,
            None,
            json!({"export_id": export_id, "url": url, "email": email}),
        );
    }
    errors::ok(json!({ "export_id": export_id }))
}

/// The caller (401 without a valid token); the scope is checked by [`repo_access`].
fn signed_in(world: &World, headers: &HeaderMap) -> Result<Session, Response> {
    auth::authenticate(world, headers)?.ok_or_else(errors::invalid_token)
}

/// 403 unless an admin of the organization (with `org:admin`) or a superuser.
fn org_access(world: &World, session: &Session, org: &str) -> Result<(), Response> {
    session.need(Scope::OrgAdmin)?;
    if session.is_org_admin(world, org) || session.is_superuser(world) {
        Ok(())
    } else {
        Err(errors::unauthorized())
    }
}

/// Repository admins (with `repo:admin`) and superusers; 404 for a missing repository.
fn repo_access(world: &World, session: &Session, ns: &str, repo: &str) -> Result<(), Response> {
    if session.is_superuser(world) {
        return world
            .repo(ns, repo)
            .map(|_| ())
            .ok_or_else(errors::not_found);
    }
    session.need(Scope::RepoAdmin)?;
    session
        .require_repo(world, ns, repo, Role::Admin)
        .map(|_| ())
}

pub async fn user_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    list(
        &world,
        &Target::User(session.username.clone()),
        q.as_deref(),
        true,
    )
}

pub async fn user_aggregate(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    aggregate(
        &world,
        &Target::User(session.username.clone()),
        q.as_deref(),
        true,
    )
}

pub async fn user_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let name = session.username.clone();
    export(&mut world, &session, &name, None, q.as_deref(), &body)
}

pub async fn org_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::OrgAdmin)?;
    org_access(&world, &session, &org)?;
    list(&world, &Target::Org(org), q.as_deref(), true)
}

pub async fn org_aggregate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::OrgAdmin)?;
    org_access(&world, &session, &org)?;
    aggregate(&world, &Target::Org(org), q.as_deref(), true)
}

pub async fn org_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(org): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::OrgAdmin)?;
    org_access(&world, &session, &org)?;
    export(&mut world, &session, &org, None, q.as_deref(), &body)
}

pub async fn repo_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    repo_access(&world, &session, &ns, &repo)?;
    list(&world, &Target::Repo(ns, repo), q.as_deref(), false)
}

pub async fn repo_aggregate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = signed_in(&world, &headers)?;
    repo_access(&world, &session, &ns, &repo)?;
    aggregate(&world, &Target::Repo(ns, repo), q.as_deref(), false)
}

pub async fn repo_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo)): Path<(String, String)>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> ApiResult {
    let mut world = state.world();
    let session = signed_in(&world, &headers)?;
    repo_access(&world, &session, &ns, &repo)?;
    export(&mut world, &session, &ns, Some(&repo), q.as_deref(), &body)
}

pub async fn superuser_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    list(&world, &Target::Registry, q.as_deref(), false)
}

pub async fn superuser_aggregate(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    aggregate(&world, &Target::Registry, q.as_deref(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for cursor in [
            Cursor::From {
                datetime: 1_795_000_000,
                id: 42,
            },
            Cursor::NextTable,
        ] {
            let t = page_token(cursor);
            assert!(t.starts_with("gAAAAAB") && t.ends_with("=="));
            assert_eq!(parse_token(&t), Some(cursor));
        }
        assert_eq!(parse_token("gAAAAABrBFjcqyoMX0osirbS"), None);
        assert_eq!(parse_token("garbage"), None);
    }

    #[test]
    fn windows() {
        let now = 20_780 * DAY + 3600;
        let p = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(window(&p(&[]), now).unwrap(), (now - DAY, now + DAY));
        let (s, e) = window(
            &p(&[("starttime", "11/17/2026"), ("endtime", "11/23/2026")]),
            now,
        )
        .unwrap();
        assert_eq!(e - s, 7 * DAY);
        assert!(window(
            &p(&[("starttime", "11/23/2026"), ("endtime", "10/24/2026")]),
            now
        )
        .is_err());
        // Quay adds a day to the end before comparing: the day before the start is an empty window.
        assert!(window(
            &p(&[("starttime", "11/23/2026"), ("endtime", "11/22/2026")]),
            now
        )
        .is_ok());
    }
}
