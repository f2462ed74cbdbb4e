//! A robot's repository permissions: change the role per repository (read, write, admin, or none
//! after a confirmation), and grant access to another repository of the namespace.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::detail::RobotGone;
use super::use_ctx;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::robots::{is_missing_robot, Role};
use crate::reactive::resource;
use crate::routes;
use crate::views::drafts::Draft;
use crate::views::use_client;

/// Pages of repositories fetched at most for the "grant" suggestions.
const MAX_PAGES: usize = 50;

/// The grant form's error message and repository input: set on failure, cleared on success.
type FormHandle = (RwSignal<Option<String>>, RwSignal<String>);

fn role_label(role: &str) -> &'static str {
    match role {
        "read" => t("robots.role_read"),
        "write" => t("robots.role_write"),
        "admin" => t("robots.role_admin"),
        _ => t("robots.role_none"),
    }
}

#[component]
pub(super) fn PermissionsTab(short: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let owner = ctx.owner.clone();
    let full = owner.full_name(&short);
    let reload = RwSignal::new(0_u32);
    let loaded = {
        let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
        resource(move || {
            reload.track();
            let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
            async move { api::robots::permissions(&client, &owner, &short).await }
        })
    };
    // Repositories of the namespace, for the grant form's suggestions.
    let repos = {
        let (client, ns) = (client.clone(), owner.namespace.clone());
        resource(move || {
            let (client, ns) = (client.clone(), ns.clone());
            async move {
                let mut names = Vec::new();
                let mut next: Option<String> = None;
                for _ in 0..MAX_PAGES {
                    let Ok(page) = api::repositories::list(&client, &ns, next.as_deref()).await
                    else {
                        break;
                    };
                    names.extend(page.repositories.into_iter().map(|r| r.name));
                    next = page.next_page.filter(|n| !n.is_empty());
                    if next.is_none() {
                        break;
                    }
                }
                names
            }
        })
    };
    let busy = RwSignal::new(None::<String>);
    let grant_draft = Draft::new("grant-form", &full);
    let removing = RwSignal::new(None::<String>);
    let ns = owner.namespace.clone();

    let apply = {
        let (client, ns, full) = (client.clone(), ns.clone(), full.clone());
        move |repo: String, role: Option<Role>, form: Option<FormHandle>| {
            // Single flight: a second click before the first answer sends nothing.
            if busy.try_get_untracked().is_none_or(|b| b.is_some()) {
                return;
            }
            let (client, ns, full) = (client.clone(), ns.clone(), full.clone());
            busy.set(Some(repo.clone()));
            spawn_local(async move {
                let result = match role {
                    Some(role) => {
                        api::robots::set_repo_permission(&client, &ns, &repo, &full, role)
                            .await
                            .map(|_| ())
                    }
                    None => api::robots::delete_repo_permission(&client, &ns, &repo, &full).await,
                };
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(None);
                removing.try_set(None);
                match result {
                    Ok(()) => {
                        let message = match role {
                            Some(role) => tf(
                                "robots.role_set",
                                &[
                                    ("name", &full),
                                    ("repo", &repo),
                                    ("role", role_label(role.as_str())),
                                ],
                            ),
                            None => tf("robots.role_removed", &[("name", &full), ("repo", &repo)]),
                        };
                        toasts.success(message);
                        if let Some((err, input)) = form {
                            grant_draft.drop();
                            err.try_set(None);
                            input.try_set(String::new());
                        }
                    }
                    Err(e) => match form {
                        Some((err, _)) => {
                            err.try_set(Some(describe(&e)));
                        }
                        None => toasts.error(tf(
                            "robots.role_failed",
                            &[("repo", &repo), ("error", &describe(&e))],
                        )),
                    },
                }
                reload.try_update(|n| *n = n.wrapping_add(1));
            });
        }
    };
    let confirm_remove = {
        let apply = apply.clone();
        Callback::new(move |()| {
            if let Some(repo) = removing.get_untracked() {
                apply(repo, None, None);
            }
        })
    };
    let table_apply = apply.clone();
    let gone_name = full.clone();
    let row_ns = ns.clone();
    let table = move |perms: Vec<crate::model::robots::RobotPermission>| {
        let apply = table_apply.clone();
        let ns = row_ns.clone();
        if perms.is_empty() {
            return view! { <EmptyState message=t("robots.no_permissions")/> }.into_any();
        }
        view! {
            <table class="data" data-testid="permissions-table">
                <thead><tr>
                    <th scope="col">{t("robots.col_repository")}</th>
                    <th scope="col">{t("robots.col_visibility")}</th>
                    <th scope="col">{t("robots.col_role")}</th>
                </tr></thead>
                <tbody>
                    {perms.into_iter().map(|p| {
                        let repo = p.repository.name.clone();
                        let apply = apply.clone();
                        let select_repo = repo.clone();
                        let label = tf("robots.role_of", &[("repo", &repo)]);
                        let current = p.role.clone();
                        let (repo_href, repo_text) = (routes::repository(&ns, &repo), repo.clone());
                        view! {
                            <tr data-testid="permission-row" data-repo=repo.clone()>
                                <td><A href=repo_href>{repo_text}</A></td>
                                <td>{if p.repository.is_public { t("robots.public") } else { t("robots.private") }}</td>
                                <td>
                                    // `prop:value`: when the list is read again (after every
                                    // change, sent, refused or not sent while another was out),
                                    // the select shows the role Quay holds, not the last choice.
                                    <select aria-label=label data-testid="role-select"
                                        prop:value=current.clone()
                                        prop:disabled=move || busy.get().is_some()
                                        on:change=move |ev| {
                                            let value = event_target_value(&ev);
                                            match Role::parse(&value) {
                                                Some(role) => apply(select_repo.clone(), Some(role), None),
                                                None => removing.set(Some(select_repo.clone())),
                                            }
                                        }>
                                        {["read", "write", "admin", "none"].into_iter().map(|r| view! {
                                            <option value=r selected=r == current>{role_label(r)}</option>
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
    view! {
        <div data-testid="permissions-tab">
            <p class="muted">{tf("robots.permissions_intro", &[("name", &full)])}</p>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if is_missing_robot(&e) => view! { <RobotGone name=gone_name.clone()/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                Some(Ok(perms)) => table(perms),
            }}
            <GrantForm apply=Callback::new(move |(repo, role, form)| apply(repo, Some(role), Some(form)))
                draft=grant_draft
                suggestions=Signal::derive(move || {
                    let granted: Vec<String> = loaded.get().and_then(Result::ok).unwrap_or_default()
                        .into_iter().map(|p| p.repository.name).collect();
                    repos.get().unwrap_or_default().into_iter().filter(|r| !granted.contains(r)).collect::<Vec<_>>()
                })
                busy=Signal::derive(move || busy.get().is_some())/>
            <ConfirmDialog open=Signal::derive(move || removing.get().is_some()) title=t("robots.remove_access_title").to_owned()
                message=Signal::derive({ let full = full.clone(); move || tf("robots.remove_access_message", &[("name", &full), ("repo", &removing.get().unwrap_or_default())]) })
                confirm_label=t("robots.remove_access").to_owned()
                busy=Signal::derive(move || busy.get().is_some())
                on_confirm=confirm_remove
                on_cancel=Callback::new(move |()| { removing.set(None); reload.update(|n| *n = n.wrapping_add(1)); })/>
        </div>
    }
    .into_any()
}

/// Grant the robot a role on another repository of the namespace.
#[component]
fn GrantForm(
    apply: Callback<(String, Role, FormHandle)>,
    draft: Draft,
    #[prop(into)] suggestions: Signal<Vec<String>>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    // What was typed, kept for the tab (back after a new sign-in); dropped once granted.
    let (r, ro) = draft
        .restore::<(String, Role)>()
        .unwrap_or((String::new(), Role::Read));
    let repo = RwSignal::new(r);
    let role = RwSignal::new(ro);
    let error = RwSignal::new(None::<String>);
    let save_draft = move || {
        if draft.gone() {
            return;
        }
        draft.save(&(repo.get_untracked(), role.get_untracked()));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = repo.get_untracked().trim().to_owned();
        if name.is_empty() {
            error.set(Some(t("robots.grant_pick").to_owned()));
            return;
        }
        if name.contains('/') || name.chars().any(char::is_whitespace) {
            error.set(Some(t("robots.grant_bad_repo").to_owned()));
            return;
        }
        // A second click before the first answer sends nothing.
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        apply.run((name, role.get_untracked(), (error, repo)));
    };
    view! {
        <form class="grant-form" on:submit=submit novalidate=true data-testid="grant-form"
            on:input=move |_| save_draft() on:change=move |_| save_draft()>
            <h3>{t("robots.grant_title")}</h3>
            <div class="inline-fields">
                <label class="field">
                    <span>{t("robots.col_repository")}</span>
                    <input type="text" list="robot-grant-repos" autocomplete="off" data-testid="grant-repo"
                        prop:value=move || repo.get() on:input=move |ev| repo.set(event_target_value(&ev)) />
                    <datalist id="robot-grant-repos">
                        <For each=move || suggestions.get() key=|r| r.clone() let:r>
                            <option value=r.clone()></option>
                        </For>
                    </datalist>
                </label>
                <label class="field">
                    <span>{t("robots.col_role")}</span>
                    <select data-testid="grant-role" on:change=move |ev| {
                        if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r); }
                    }>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r>{role_label(r.as_str())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="btn btn-primary" data-testid="grant-submit" prop:disabled=move || busy.get()>
                    {t("robots.grant")}
                </button>
            </div>
            <p class="field-error" role="alert" data-testid="grant-error" hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </form>
    }
}
