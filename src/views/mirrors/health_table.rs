//! The table of mirrored repositories on the health page: filter by status (`?status=`) and by
//! name (`?q=`), problems first, each row linking to its mirror page. Windowed, so a fleet of
//! thousands scrolls smoothly.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::time::{local, now, relative};
use super::words;
use crate::components::{EmptyState, ErrorView, Loading, VirtualList};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::mirrors::health::{rows, HealthDetail, RowFilter};
use crate::model::url::build_query;
use crate::reactive::memo;
use crate::routes;
use crate::views::{use_go, use_route_path};

/// Row height in pixels (matches `.mirror-health-row` in mirrors.css).
const ROW_HEIGHT: f64 = 40.0;
/// The query parameters of the health page.
const PARAMS: [&str; 3] = ["ns", "status", "q"];

/// Sets one query parameter of the current page, keeping the others. `replace` for keystrokes.
pub fn use_set_param() -> Callback<(&'static str, String, bool)> {
    let query = use_query_map();
    let path = use_route_path();
    let go = use_go();
    Callback::new(move |(key, value, replace): (&'static str, String, bool)| {
        let pairs: Vec<(&str, String)> = PARAMS
            .iter()
            .map(|k| {
                let v = if *k == key {
                    value.clone()
                } else {
                    query.with_untracked(|q| q.get(k)).unwrap_or_default()
                };
                (*k, v)
            })
            .collect();
        go(
            &routes::href(&format!("{}{}", path.get_untracked(), build_query(&pairs))),
            replace,
        );
    })
}

fn filter_label(f: RowFilter) -> &'static str {
    match f {
        RowFilter::All => t("mirrors.health.filter_all"),
        RowFilter::Failing => t("mirrors.health.failing"),
        RowFilter::Stale => t("mirrors.health.stale"),
        RowFilter::NeverRun => t("mirrors.health.never_run"),
        RowFilter::Syncing => t("mirrors.health.syncing"),
        RowFilter::Healthy => t("mirrors.health.healthy_rows"),
    }
}

#[component]
pub fn HealthTable(
    #[prop(into)] details: Signal<Vec<HealthDetail>>,
    #[prop(into)] loading: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let query = use_query_map();
    let set_param = use_set_param();
    let filter =
        memo(move || RowFilter::parse(&query.with(|q| q.get("status")).unwrap_or_default()));
    let needle = memo(move || query.with(|q| q.get("q")).unwrap_or_default());
    let shown = memo(move || {
        let at = now();
        details.with(|d| rows(d, filter.get(), &needle.get(), at))
    });
    let len = Signal::derive(move || shown.with(Vec::len));
    let row = Arc::new(move |i: usize| {
        view! {
            {move || shown.with(|r| r.get(i).cloned()).map(|d| view! { <HealthRow detail=d/> })}
        }
        .into_any()
    });
    let chips = RowFilter::ALL
        .into_iter()
        .map(|f| {
            let count = move || {
                let at = now();
                details.with(|d| d.iter().filter(|x| f.keeps(x, at)).count())
            };
            view! {
                <button type="button" class="chip" data-testid=format!("mirror-health-filter-{}", if f == RowFilter::All { "all" } else { f.as_str() })
                    aria-pressed=move || if filter.get() == f { "true" } else { "false" }
                    on:click=move |_| set_param.run(("status", f.as_str().to_owned(), false))>
                    {move || format!("{} ({})", filter_label(f), count())}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="mirror-health-table" data-testid="mirror-health-table">
            <div class="toolbar">
                <nav class="chips grow" aria-label=t("mirrors.health.filter_status")>{chips}</nav>
                <label class="field filter">
                    <span class="visually-hidden">{t("mirrors.health.filter_name")}</span>
                    <input type="search" data-testid="mirror-health-search" placeholder=t("mirrors.health.filter_name")
                        prop:value=move || needle.get()
                        on:input=move |ev| set_param.run(("q", event_target_value(&ev), true)) />
                </label>
            </div>
            <p class="muted" aria-live="polite" data-testid="mirror-health-count">
                {move || tf("mirrors.health.count", &[("shown", &len.get().to_string()), ("total", &details.with(Vec::len).to_string())])}
            </p>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=on_retry/> })}
            <div role="table" aria-label=t("mirrors.health.table") aria-rowcount=move || (len.get() + 1).to_string()>
                <div class="grid-row grid-head mirror-health-row" role="row">
                    <span role="columnheader">{t("mirrors.health.col_repo")}</span>
                    <span role="columnheader">{t("mirrors.health.col_status")}</span>
                    <span role="columnheader">{t("mirrors.health.col_last")}</span>
                    <span role="columnheader">{t("mirrors.health.col_retries")}</span>
                    <span role="columnheader">{t("mirrors.health.col_enabled")}</span>
                </div>
                <VirtualList len=len row_height=ROW_HEIGHT height=480.0 row=row
                    label=t("mirrors.health.table") testid="mirror-health-rows"/>
            </div>
            {move || loading.get().then(|| view! { <Loading label=t("mirrors.health.loading_rows")/> })}
            {move || (!loading.get() && error.with(Option::is_none) && len.get() == 0).then(|| {
                let message = if details.with(Vec::is_empty) { t("mirrors.health.no_mirrors") } else { t("mirrors.health.no_match") };
                view! { <EmptyState message=message/> }
            })}
        </div>
    }
}

#[component]
fn HealthRow(detail: HealthDetail) -> impl IntoView {
    let at = now();
    let stale = detail.is_stale(at);
    let last = detail.last_sync_at().map_or_else(
        || t("mirrors.health.unknown").to_owned(),
        |s| format!("{} · {}", relative(s, at), local(s)),
    );
    let retries = detail
        .retries_remaining
        .map_or_else(|| "—".to_owned(), |n| n.to_string());
    let href = routes::repo_mirror(&detail.namespace, &detail.repository);
    let (name, label) = (detail.full_name(), detail.full_name());
    let status = detail.sync_status.as_str().to_owned();
    view! {
        <div class="grid-row mirror-health-row" role="row" data-testid="mirror-health-row"
            data-repo=name data-status=status>
            <span role="cell"><A href=href>{label}</A></span>
            <span role="cell">
                <span class=words::status_class(&detail.sync_status)>{words::status(&detail.sync_status)}</span>
                {stale.then(|| view! { " " <span class="badge badge-warn">{t("mirrors.health.stale_badge")}</span> })}
            </span>
            <span role="cell" title=detail.last_sync.clone().unwrap_or_default()>{last}</span>
            <span role="cell">{retries}</span>
            <span role="cell">{if detail.is_enabled { t("mirrors.yes") } else { t("mirrors.no") }}</span>
        </div>
    }
}
