//! Home: the signed-in user's namespaces and, for the chosen one, its repositories.
//! The chosen namespace (`?ns=`) and the filter (`?q=`) live in the URL.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{use_client, use_go, use_user};
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::repository::{filter, Repository};
use crate::model::url::build_query;
use crate::reactive::memo;
use crate::routes::{self, NamespaceArea};

/// Pages of repositories fetched at most, as a guard against a server that never stops paging.
const MAX_PAGES: usize = 500;

#[component]
pub fn HomePage() -> impl IntoView {
    let user = use_user();
    let query = use_query_map();
    let go = use_go();
    let chosen = memo(move || {
        query
            .with(|q| q.get("ns"))
            .filter(|ns| !ns.is_empty())
            .or_else(|| user.get().map(|u| u.username))
    });
    let needle = memo(move || query.with(|q| q.get("q")).unwrap_or_default());

    let set_filter = move |value: String| {
        let ns = chosen.get_untracked().unwrap_or_default();
        let query = build_query(&[("ns", ns.as_str()), ("q", value.as_str())]);
        go(&routes::href(&format!("/{query}")), true);
    };

    let namespaces = move || user.get().map(|u| u.namespaces()).unwrap_or_default();
    view! {
        <section class="page home" data-testid="home">
            <h1>{t("home.title")}</h1>
            <div class="home-grid">
                <nav class="namespace-list" aria-label=t("home.namespaces") data-testid="namespaces">
                    <h2>{t("home.namespaces")}</h2>
                    <ul>
                        <For each=namespaces key=|ns| ns.name.clone() let:ns>
                            {
                                let name = ns.name.clone();
                                let current = {
                                    let name = name.clone();
                                    Signal::derive(move || chosen.get().as_deref() == Some(name.as_str()))
                                };
                                view! {
                                    <li class:current=current>
                                        <A href=routes::namespace(&name) attr:aria-current=move || current.get().then_some("page")>
                                            <span class="avatar" style:background-color=ns.color.clone() aria-hidden="true"></span>
                                            <span class="ns-name" title=name.clone()>{name.clone()}</span>
                                            <span class="badge">{if ns.is_user { t("home.user_ns") } else { t("home.org_ns") }}</span>
                                            {(ns.is_admin && !ns.is_user).then(|| view! { <span class="badge badge-admin">{t("home.admin")}</span> })}
                                        </A>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </nav>
                <div class="repo-panel">
                    {move || match chosen.get() {
                        None => view! { <EmptyState message=t("home.pick")/> }.into_any(),
                        Some(ns) => {
                            // Untracked: a refreshed user (same name) must not refetch the list.
                            let is_user = user.with_untracked(|u| u.as_ref().is_some_and(|u| u.username == ns));
                            view! { <NamespaceRepositories ns=ns is_user=is_user needle=needle set_filter=Callback::new(set_filter.clone())/> }.into_any()
                        }
                    }}
                </div>
            </div>
        </section>
    }
}

#[component]
fn NamespaceRepositories(
    ns: String,
    is_user: bool,
    needle: Memo<String>,
    set_filter: Callback<String>,
) -> impl IntoView {
    let client = use_client();
    let repos = RwSignal::new(Vec::<Repository>::new());
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let generation = StoredValue::new(0_u32);

    let load = {
        let ns = ns.clone();
        move || {
            let (client, ns) = (client.clone(), ns.clone());
            let this = generation.get_value().wrapping_add(1);
            generation.set_value(this);
            repos.set(Vec::new());
            error.set(None);
            loading.set(true);
            spawn_local(async move {
                let mut next: Option<String> = None;
                for _ in 0..MAX_PAGES {
                    let page = api::repositories::list(&client, &ns, next.as_deref()).await;
                    if generation.try_get_value() != Some(this) {
                        return; // the namespace changed or the view went away
                    }
                    match page {
                        Ok(page) => {
                            repos.update(|r| r.extend(page.repositories));
                            next = page.next_page.filter(|n| !n.is_empty());
                            if next.is_none() {
                                break;
                            }
                        }
                        Err(e) => {
                            error.set(Some(e));
                            break;
                        }
                    }
                }
                loading.set(false);
            });
        }
    };
    load();
    on_cleanup(move || {
        generation.try_set_value(u32::MAX);
    });

    let shown = memo(move || {
        let needle = needle.get();
        repos.with(|all| {
            filter(all, &needle)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let retry = {
        let load = load.clone();
        Callback::new(move |()| load())
    };
    let areas = NamespaceArea::ALL
        .into_iter()
        .filter(|a| a.applies(is_user))
        .map(|area| {
            view! { <A href=routes::namespace_area(&ns, is_user, area) attr:class="chip">{t(area.nav_key())}</A> }
        })
        .collect_view();
    let title = tf("home.repositories", &[("ns", &ns)]);
    view! {
        <div data-testid="repositories">
            <h2>{title}</h2>
            <nav class="chips" aria-label=tf("home.ns_tools", &[("ns", &ns)])>{areas}</nav>
            <label class="field filter">
                <span class="visually-hidden">{t("home.filter")}</span>
                <input type="search" placeholder=t("home.filter") data-testid="repo-filter" data-filter="true"
                    prop:value=move || needle.get()
                    on:input=move |ev| set_filter.run(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=retry/> })}
            <p class="muted" aria-live="polite" data-testid="repo-count">
                {move || tf("home.count", &[("shown", &shown.with(Vec::len).to_string()), ("total", &repos.with(Vec::len).to_string())])}
            </p>
            <ul class="repo-list">
                <For each=move || shown.get() key=|r| r.full_name() let:repo>
                    <RepositoryRow repo=repo/>
                </For>
            </ul>
            {move || loading.get().then(|| view! { <Loading label=t("home.loading_more")/> })}
            {move || (!loading.get() && error.with(Option::is_none) && shown.with(Vec::is_empty)).then(|| {
                let message = if needle.with(String::is_empty) {
                    t("home.no_repos").to_owned()
                } else {
                    tf("home.no_match", &[("filter", &needle.get())])
                };
                view! { <EmptyState message=message/> }
            })}
        </div>
    }
}

#[component]
fn RepositoryRow(repo: Repository) -> impl IntoView {
    let state = repo.state.clone().filter(|s| s != "NORMAL");
    let (ns, name) = (repo.namespace.clone(), repo.name.clone());
    let label = name.clone();
    view! {
        <li class="repo-row" data-testid="repo-row">
            <div class="repo-main">
                <A href=routes::repository(&ns, &name) attr:class="repo-name">{label}</A>
                <span class="badge">{if repo.is_public { t("home.public") } else { t("home.private") }}</span>
                {state.map(|s| view! { <span class="badge badge-state">{tf("home.state", &[("state", &s)])}</span> })}
            </div>
            {repo.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="muted repo-desc">{d}</p> })}
            <nav class="chips">
                <A href=routes::repo_tags(&ns, &name) attr:class="chip">{t("nav.tags")}</A>
                <A href=routes::repo_mirror(&ns, &name) attr:class="chip">{t("nav.mirror")}</A>
                <A href=routes::repo_logs(&ns, &name) attr:class="chip">{t("nav.logs")}</A>
            </nav>
        </li>
    }
}
