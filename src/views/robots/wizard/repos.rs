//! Step 2: repository permissions. The namespace's repositories come from Quay's list
//! (`GET /repository?namespace=`, 100 a page), which has no name filter: the first page is asked
//! when the step first opens (1 bearer call), "Load more" asks the next (1 each), and the search
//! runs over what is loaded (name and description, no call). Each repository gets a role or none.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::steps::{role_label, StepBar};
use super::{use_form, Repos};
use crate::api::{self, Client};
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::repository::filter;
use crate::model::robots::wizard::{pick, picked, Step};
use crate::model::robots::Role;
use crate::reactive::{effect, memo};
use crate::views::robots::use_ctx;
use crate::views::use_client;

/// Matches shown at most; a narrower search shows the others.
const SHOWN: usize = 50;
/// Pages followed at once while Quay answers short or empty pages with a `next_page`.
const EMPTY_PAGES: usize = 5;

/// Asks Quay for the next page(s): unless one is in flight, and only while there are more.
fn load_more(repos: Repos, client: Client, namespace: String) {
    if repos.loading.get_untracked() {
        return;
    }
    // Every page is in (a failed page is asked again).
    if repos.started.get_untracked()
        && repos.next.with_untracked(Option::is_none)
        && repos.error.with_untracked(Option::is_none)
    {
        return;
    }
    repos.loading.set(true);
    repos.started.set(true);
    repos.error.set(None);
    spawn_local(async move {
        for _ in 0..EMPTY_PAGES {
            let next = repos.next.get_untracked();
            match api::repositories::list(&client, &namespace, next.as_deref()).await {
                Ok(page) => {
                    let got = page.repositories.len();
                    repos.loaded.try_update(|l| l.extend(page.repositories));
                    let next = page.next_page.filter(|n| !n.is_empty());
                    let more = next.is_some();
                    repos.next.try_set(next);
                    if got > 0 || !more {
                        break;
                    }
                }
                // Signed out: the shell is going away; touch nothing.
                Err(e) if e.kind == ErrorKind::Unauthorized => return,
                Err(e) => {
                    repos.error.try_set(Some(e));
                    break;
                }
            }
        }
        repos.loading.try_set(false);
    });
}

#[component]
pub(super) fn ReposStep() -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let client = use_client();
    let repos = form.repos;
    let ns = ctx.owner.namespace.clone();
    // The first page when the step first opens, never before (not on the page's critical path).
    {
        let (client, ns) = (client.clone(), ns.clone());
        effect(move || {
            if !repos.started.get() {
                load_more(repos, client.clone(), ns.clone());
            }
        });
    }
    let needle = RwSignal::new(String::new());
    let matches = memo(move || {
        repos.loaded.with(|all| {
            filter(all, &needle.get())
                .into_iter()
                .map(|r| (r.name.clone(), r.is_public))
                .collect::<Vec<_>>()
        })
    });
    let more = {
        let (client, ns) = (client.clone(), ns.clone());
        move |_| load_more(repos, client.clone(), ns.clone())
    };
    let retry = {
        let (client, ns) = (client.clone(), ns.clone());
        Callback::new(move |()| load_more(repos, client.clone(), ns.clone()))
    };
    let set_role = move |repo: String, value: String| {
        form.grants.update(|g| pick(g, &repo, Role::parse(&value)));
    };
    let table = move || {
        let rows = matches.get();
        if rows.is_empty() {
            return view! { <EmptyState message=tf("robots.wiz_no_match", &[("filter", &needle.get())])/> }.into_any();
        }
        view! {
            <table class="data" data-testid="repo-picker">
                <thead><tr>
                    <th scope="col">{t("robots.col_repository")}</th>
                    <th scope="col">{t("robots.col_visibility")}</th>
                    <th scope="col">{t("robots.col_role")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().take(SHOWN).map(|(name, public)| {
                        let label = tf("robots.role_of", &[("repo", &name)]);
                        let (current, select_name) = (name.clone(), name.clone());
                        view! {
                            <tr data-testid="repo-row" data-repo=name.clone()>
                                <td>{name.clone()}</td>
                                <td>{if public { t("robots.public") } else { t("robots.private") }}</td>
                                <td>
                                    <select aria-label=label data-testid="repo-role"
                                        on:change=move |ev| set_role(select_name.clone(), event_target_value(&ev))>
                                        {[None, Some(Role::Read), Some(Role::Write), Some(Role::Admin)].into_iter().map(|role| {
                                            let current = current.clone();
                                            view! {
                                                <option value=role.map_or("none", Role::as_str)
                                                    selected=move || form.grants.with(|g| picked(g, &current)) == role>
                                                    {role_label(role)}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    };
    let chosen = move || {
        let list = form.grants.get();
        if list.is_empty() {
            return view! { <p class="muted" data-testid="picked-none">{t("robots.wiz_none_picked")}</p> }.into_any();
        }
        view! {
            <ul class="plain picked" data-testid="picked">
                {list.into_iter().map(|g| {
                    let repo = g.repo.clone();
                    view! {
                        <li data-repo=g.repo.clone()>
                            {tf("robots.wiz_grant", &[("repo", &g.repo), ("role", role_label(Some(g.role)))])}" "
                            <button type="button" class="btn btn-small" aria-label=tf("robots.wiz_unpick", &[("repo", &g.repo)])
                                on:click=move |_| form.grants.update(|l| pick(l, &repo, None))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let intro = {
        let ns = ns.clone();
        move || {
            tf(
                "robots.wiz_repos_intro",
                &[
                    ("name", &format!("{ns}+{}", form.name.get().trim())),
                    ("ns", &ns),
                ],
            )
        }
    };
    view! {
        <form class="robot-form" novalidate=true data-testid="repos-step" on:submit=|ev| ev.prevent_default()>
            <p class="muted">{intro}</p>
            <label class="field filter">
                <span>{t("robots.wiz_search")}</span>
                <input type="search" data-testid="repo-search" prop:value=move || needle.get()
                    on:input=move |ev| needle.set(event_target_value(&ev)) />
            </label>
            <p class="muted" aria-live="polite" data-testid="repo-count">
                {move || tf("robots.wiz_repo_count", &[
                    ("shown", &matches.with(Vec::len).min(SHOWN).to_string()),
                    ("matching", &matches.with(Vec::len).to_string()),
                    ("loaded", &repos.loaded.with(Vec::len).to_string()),
                ])}
            </p>
            {move || match (repos.error.get(), repos.loading.get(), repos.loaded.with(Vec::is_empty)) {
                (Some(e), _, _) => view! { <ErrorView error=e on_retry=retry/> }.into_any(),
                (None, true, true) => view! { <Loading/> }.into_any(),
                (None, false, true) => view! { <EmptyState message=tf("robots.wiz_no_repos", &[("ns", &ctx.owner.namespace)])/> }.into_any(),
                _ => table(),
            }}
            <p hidden=move || repos.next.with(Option::is_none) && !repos.loading.get()>
                <button type="button" class="btn btn-small" data-testid="repo-more"
                    prop:disabled=move || repos.loading.get() on:click=more.clone()>
                    {move || if repos.loading.get() { t("common.loading") } else { t("robots.wiz_more") }}
                </button>
            </p>
            <h3>{move || tf("robots.wiz_picked", &[("n", &form.grants.with(Vec::len).to_string())])}</h3>
            {chosen}
            <StepBar step=Step::Permissions skip=Callback::new(move |()| form.grants.set(Vec::new()))/>
        </form>
    }
    .into_any()
}
