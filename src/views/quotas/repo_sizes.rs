//! A namespace's repositories by size (Quay's `quota_report` in the repository list), filtered
//! (`?rq=`) and sorted (`?rsort=size|name`) through the URL; a windowed list for large namespaces.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::usage_bar::percent_text;
use super::{use_query_setter, Loader};
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading, VirtualList};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::quotas::{format_bytes, repo_rows, total_repo_bytes, RepoSize, RepoSort};
use crate::reactive::{effect, memo};
use crate::routes;
use crate::views::use_client;

/// Pages of repositories fetched at most.
const MAX_PAGES: usize = 500;
const ROW_HEIGHT: f64 = 36.0;

#[component]
pub fn RepoSizes(
    namespace: String,
    /// Receives the sum of the sizes once every page has arrived.
    total: RwSignal<Option<u64>>,
) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let set_query = use_query_setter();
    let needle = memo(move || query.with(|q| q.get("rq")).unwrap_or_default());
    let sort = memo(move || {
        query
            .with(|q| q.get("rsort"))
            .and_then(|s| RepoSort::parse(&s))
            .unwrap_or(RepoSort::Size)
    });
    let repos = Loader::new({
        let namespace = namespace.clone();
        move || {
            let (client, namespace) = (client.clone(), namespace.clone());
            async move {
                let mut all: Vec<RepoSize> = Vec::new();
                let mut next: Option<String> = None;
                for _ in 0..MAX_PAGES {
                    let page =
                        api::quotas::repository_sizes(&client, &namespace, next.as_deref()).await?;
                    all.extend(page.repositories);
                    next = page.next_page.filter(|n| !n.is_empty());
                    if next.is_none() {
                        break;
                    }
                }
                Ok::<_, ApiError>(all)
            }
        }
    });
    effect(move || {
        if let Some(Ok(all)) = repos.state.get() {
            total.set(total_repo_bytes(&all));
        }
    });
    let rows = memo(move || match repos.state.get() {
        Some(Ok(all)) => repo_rows(&all, &needle.get(), sort.get()),
        _ => Vec::new(),
    });
    let largest = memo(move || rows.with(|r| r.iter().filter_map(|r| r.bytes).max().unwrap_or(0)));
    let sum = memo(move || rows.with(|r| r.iter().filter_map(|r| r.bytes).sum::<u64>()));
    let ns = StoredValue::new(namespace.clone());
    let row: Arc<dyn Fn(usize) -> AnyView + Send + Sync> = Arc::new(move |i| {
        view! {
            {move || rows.with(|r| r.get(i).cloned()).map(|r| {
                #[allow(clippy::cast_precision_loss)]
                let share = match (r.bytes, largest.get()) {
                    (Some(b), l) if l > 0 => b as f64 * 100.0 / l as f64,
                    _ => 0.0,
                };
                #[allow(clippy::cast_precision_loss)]
                let of_total = match (r.bytes, sum.get()) {
                    (Some(b), s) if s > 0 => percent_text(b as f64 * 100.0 / s as f64),
                    _ => String::new(),
                };
                let href = routes::repository(&ns.get_value(), &r.name);
                view! {
                    <div class="grid-row repo-size-row" role="row" data-testid="repo-size-row">
                        <span role="cell"><A href=href>{r.name.clone()}</A></span>
                        <span role="cell" class="num" data-testid="repo-size">{r.bytes.map_or_else(|| t("quotas.unknown").to_owned(), format_bytes)}</span>
                        <span role="cell" class="num muted">{of_total}</span>
                        <span role="cell" aria-hidden="true"><span class="progress"><span class="progress-fill" style:width=format!("{share}%")></span></span></span>
                    </div>
                }
            })}
        }
        .into_any()
    });
    let set_filter = set_query.clone();
    let sort_button = move |which: RepoSort, key: &'static str| {
        let set_query = set_query.clone();
        view! {
            <button type="button" aria-pressed=move || (sort.get() == which).to_string()
                on:click=move |_| set_query(&[("rsort", which.as_str())], true)>{t(key)}</button>
        }
    };
    view! {
        <section class="card repo-sizes" data-testid="repo-sizes">
            <h2>{t("quotas.repo_sizes")}</h2>
            <p class="muted">{t("quotas.repo_sizes_note")}</p>
            <label class="field filter">
                <span class="visually-hidden">{t("quotas.repo_filter")}</span>
                <input type="search" placeholder=t("quotas.repo_filter") data-testid="repo-size-filter"
                    prop:value=move || needle.get()
                    on:input=move |ev| set_filter(&[("rq", &event_target_value(&ev))], true) />
            </label>
            {move || match repos.state.get() {
                None => view! { <Loading label=t("quotas.repo_loading")/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| repos.reload())/> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <EmptyState message=t("quotas.repo_none")/> }.into_any(),
                Some(Ok(all)) => {
                    let reported = total_repo_bytes(&all).is_some();
                    view! {
                        <p class="muted" data-testid="repo-size-total" aria-live="polite">
                            {move || tf("quotas.repo_total", &[
                                ("shown", &rows.with(Vec::len).to_string()),
                                ("size", &format_bytes(sum.get())),
                            ])}
                        </p>
                        {(!reported).then(|| view! { <p class="notice">{t("quotas.repo_unreported")}</p> })}
                        <div role="table" aria-label=t("quotas.repo_sizes") class="repo-size-table">
                            <div class="grid-row grid-head repo-size-row" role="row">
                                <span role="columnheader">{sort_button(RepoSort::Name, "quotas.repository")}</span>
                                <span role="columnheader" class="num">{sort_button(RepoSort::Size, "quotas.size")}</span>
                                <span role="columnheader" class="num">{t("quotas.share")}</span>
                                <span role="columnheader"></span>
                            </div>
                            <VirtualList len=Signal::derive(move || rows.with(Vec::len)) row_height=ROW_HEIGHT
                                height=420.0 row=row.clone() label=t("quotas.repo_sizes") testid="repo-size-list"/>
                        </div>
                        {move || (rows.with(Vec::is_empty) && !needle.with(String::is_empty)).then(|| view! {
                            <EmptyState message=tf("quotas.repo_no_match", &[("filter", &needle.get())])/>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}
