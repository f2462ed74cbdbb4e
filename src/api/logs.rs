//! Usage logs: list (paged with `next_page`), aggregate counts, server export; for the user, an
//! organization, a repository, or (superuser) the registry.

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::Json;
use crate::model::logs::export::ExportRequest;
use crate::model::logs::filter::Window;
use crate::model::logs::{AggregatedLogs, ExportResult, LogPage, LogScope};
use crate::model::url::build_query;

/// `/user`, `/organization/{org}`, `/repository/{ns}/{repo}`, `/superuser`.
fn base(target: &LogScope) -> String {
    match target {
        LogScope::User => "/user".into(),
        LogScope::Org(org) => format!("/organization/{}", seg(org)),
        LogScope::Repo { namespace, repo } => {
            format!("/repository/{}/{}", seg(namespace), seg(repo))
        }
        LogScope::Superuser => "/superuser".into(),
    }
}

/// The OAuth scope each endpoint family needs (Quay's discovery document).
fn oauth_scope(target: &LogScope) -> &'static str {
    match target {
        LogScope::User => scope::USER_ADMIN,
        LogScope::Org(_) => scope::ORG_ADMIN,
        LogScope::Repo { .. } => scope::REPO_ADMIN,
        LogScope::Superuser => scope::SUPER_USER,
    }
}

/// `?starttime=MM/DD/YYYY&endtime=...[&performer=...][&next_page=...]`, every value encoded.
fn query(
    target: &LogScope,
    window: Window,
    performer: Option<&str>,
    next_page: Option<&str>,
) -> String {
    let performer = performer.filter(|_| target.server_performer());
    build_query(&[
        ("starttime", window.starttime().as_str()),
        ("endtime", window.endtime().as_str()),
        ("performer", performer.unwrap_or_default()),
        ("next_page", next_page.unwrap_or_default()),
    ])
}

/// One page of `GET .../logs`; pass the page's `next_page` back for the next one. `first_entries`:
/// no entry has come yet, so a page with entries is kept for this tab as the list's first view
/// ([`last_seen`]; Quay may answer empty pages first).
///
/// # Errors
/// As the client reports them (a refused range is a 400 with `{"message"}`).
pub async fn list(
    client: &Client,
    target: &LogScope,
    window: Window,
    performer: Option<&str>,
    next_page: Option<&str>,
    first_entries: bool,
) -> Result<LogPage, ApiError> {
    let path = list_path(target, window, performer, next_page);
    if first_entries {
        let key = list_path(target, window, performer, None);
        client
            .get_remembered_as(&path, &key, oauth_scope(target), |p: &LogPage| {
                !p.logs.is_empty()
            })
            .await
    } else {
        client.get(&path, oauth_scope(target)).await
    }
}

fn list_path(
    target: &LogScope,
    window: Window,
    performer: Option<&str>,
    next_page: Option<&str>,
) -> String {
    format!(
        "{}/logs{}",
        base(target),
        query(target, window, performer, next_page)
    )
}

/// The first page this tab last saw for these logs (shown at once on a reload, then refreshed).
#[must_use]
pub fn last_seen(
    client: &Client,
    target: &LogScope,
    window: Window,
    performer: Option<&str>,
) -> Option<LogPage> {
    client.last_seen(&list_path(target, window, performer, None))
}

/// `GET .../aggregatelogs`: counts per day and kind.
///
/// # Errors
/// As the client reports them.
pub async fn aggregate(
    client: &Client,
    target: &LogScope,
    window: Window,
    performer: Option<&str>,
) -> Result<AggregatedLogs, ApiError> {
    let path = format!(
        "{}/aggregatelogs{}",
        base(target),
        query(target, window, performer, None)
    );
    client.get(&path, oauth_scope(target)).await
}

/// `POST .../exportlogs` with a callback e-mail or URL: Quay queues the export and answers its id.
///
/// # Errors
/// As the client reports them; also for the superuser scope, which has no export endpoint.
pub async fn export(
    client: &Client,
    target: &LogScope,
    window: Window,
    body: &ExportRequest,
) -> Result<ExportResult, ApiError> {
    if !target.server_export() {
        return Err(ApiError::new(
            crate::model::error::ErrorKind::NotFound,
            404,
            "Quay has no export for registry-wide logs.",
        ));
    }
    let path = format!(
        "{}/exportlogs{}",
        base(target),
        query(target, window, None, None)
    );
    client
        .send::<Json<ExportResult>>(Method::Post, &path, oauth_scope(target), Some(body))
        .await
        .map(|j| j.0)
}
