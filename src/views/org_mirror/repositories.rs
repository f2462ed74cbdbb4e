//! The mirrored repositories of an organization mirror: the status counts (from the configuration,
//! no call of their own) as a filter that lives in the URL (`?status=`, Quay's server-side filter),
//! and Quay's pages (`?page=`, [`LIMIT`] a page). One bearer call per page, asked after the
//! configuration has answered.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{status_class, status_words};
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::org_mirror::form::whole_seconds;
use crate::model::org_mirror::{RepositoriesPage, Status, StatusCounts};
use crate::model::url::build_query;
use crate::reactive::{memo, resource};
use crate::routes;
use crate::views::{use_client, use_route_path};

/// Repositories a page.
pub const LIMIT: u32 = 50;

/// The href of this page with `status` and `page` set (others dropped: the form is closed).
fn href(path: &str, status: Option<&Status>, page: u32) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(s) = status {
        pairs.push(("status", s.as_str().to_ascii_lowercase()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    routes::href(&format!("{path}{}", build_query(&pairs)))
}

#[component]
pub fn Repositories(org: String, counts: Memo<StatusCounts>) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let path = use_route_path();
    let status = memo(move || {
        query.with(|q| {
            q.get("status")
                .filter(|s| !s.trim().is_empty())
                .map(|s| Status::parse(s.trim()))
        })
    });
    let page = memo(move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1)
        })
    });
    let answer = resource({
        let org = org.clone();
        move || {
            let (client, org) = (client.clone(), org.clone());
            let (status, page) = (status.get(), page.get());
            async move {
                api::org_mirror::repositories(&client, &org, page, LIMIT, status.as_ref()).await
            }
        }
    });
    let chip = move |choice: Option<Status>| {
        let (label, n, id) = match &choice {
            None => (
                t("orgmirror.filter_all").to_owned(),
                counts.with(StatusCounts::total),
                "all".to_owned(),
            ),
            Some(s) => (
                status_words(s),
                counts.with(|c| c.get(s)),
                s.as_str().to_ascii_lowercase(),
            ),
        };
        let current = status.with(|s| *s == choice);
        view! {
            <a href=href(&path.get(), choice.as_ref(), 1) class="chip" data-testid=format!("orgmirror-filter-{id}")
                aria-current=current.then_some("page")>
                {label}" "<span class="count" data-testid="orgmirror-count">{n.to_string()}</span>
            </a>
        }
    };
    view! {
        <section class="card" data-testid="orgmirror-repositories" aria-labelledby="orgmirror-repos-title">
            <h2 id="orgmirror-repos-title">{t("orgmirror.repos_title")}</h2>
            <nav class="chips" aria-label=t("orgmirror.filter_label") data-testid="orgmirror-filters">
                {move || {
                    let mut all = vec![chip(None)];
                    all.extend(Status::ALL.into_iter().map(|s| chip(Some(s))));
                    all
                }}
            </nav>
            <Transition fallback=|| view! { <Loading/> }>
                {move || answer.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| answer.refetch())/> }.into_any(),
                    Ok(list) => view! { <Table org=org.clone() list=list status=status.get() page=page.get() path=path.get()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Table(
    org: String,
    list: RepositoriesPage,
    status: Option<Status>,
    page: u32,
    path: String,
) -> impl IntoView {
    if list.repositories.is_empty() {
        let message = if status.is_some() {
            t("orgmirror.repos_none_status")
        } else {
            t("orgmirror.repos_none")
        };
        return view! { <EmptyState message=message.to_owned()/> }.into_any();
    }
    let pages = list.total.div_ceil(u64::from(LIMIT)).max(1);
    let has_next = list.has_next || u64::from(page) < pages;
    let rows = list.repositories.into_iter().map(|r| {
        let name = match r.quay_repository.as_deref().and_then(|q| q.split_once('/')) {
            Some((ns, repo)) => view! { <A href=routes::repository(ns, repo)>{r.name.clone()}</A> }.into_any(),
            None => view! { <span>{r.name.clone()}</span> }.into_any(),
        };
        let date = |d: Option<String>| d.as_deref().map(whole_seconds).unwrap_or_else(|| t("common.never").to_owned());
        view! {
            <tr data-testid="orgmirror-repo-row" data-status=r.sync_status.as_str().to_owned()>
                <td>{name}</td>
                <td><span class=status_class(&r.sync_status)>{status_words(&r.sync_status)}</span></td>
                <td>{date(r.last_sync_date)}</td>
                <td>{date(r.discovery_date)}</td>
                <td class="muted">{r.status_message.unwrap_or_default()}</td>
            </tr>
        }
    }).collect_view();
    let prev = (page > 1).then(|| href(&path, status.as_ref(), page - 1));
    let next = has_next.then(|| href(&path, status.as_ref(), page + 1));
    view! {
        <div class="table-scroll">
        <table class="data" data-testid="orgmirror-repo-table">
            <caption class="visually-hidden">{tf("orgmirror.repos_caption", &[("org", &org)])}</caption>
            <thead><tr>
                <th scope="col">{t("orgmirror.col_name")}</th>
                <th scope="col">{t("orgmirror.field_status")}</th>
                <th scope="col">{t("orgmirror.col_last_sync")}</th>
                <th scope="col">{t("orgmirror.col_discovered")}</th>
                <th scope="col">{t("orgmirror.col_message")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <nav class="pager" aria-label=t("orgmirror.pages") data-testid="orgmirror-pager">
            {prev.map(|h| view! { <a href=h data-testid="orgmirror-prev">{t("orgmirror.prev")}</a> })}
            <span data-testid="orgmirror-page">{tf("orgmirror.page_of", &[("page", &page.to_string()), ("pages", &pages.to_string()), ("total", &list.total.to_string())])}</span>
            {next.map(|h| view! { <a href=h data-testid="orgmirror-next-page">{t("orgmirror.next")}</a> })}
        </nav>
    }.into_any()
}
