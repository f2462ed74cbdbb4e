//! `/user/authorizations`: the signed-in user's authorized applications, **one row per grant**
//! (Quay lists one entry per access token), with the application, its organization and the
//! granted scopes (dangerous ones marked). The console's own grants are marked "this console":
//! the application whose name and organization match the console's (`GET /api/v1/app/{client_id}`,
//! no token). Quay's list does not say which grant is this tab's token, so revoking a console
//! grant reloads the list: Quay answers 401 when it was this tab's, and the tab is signed out.
//! Needs `user:admin` (the client refuses up front when it was not granted).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Named;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::authorizations::Authorization;
use crate::model::config::Config;
use crate::reactive::resource;
use crate::views::use_client;

/// The grants, and the console's application (name, organization) once Quay describes it.
#[derive(Clone)]
struct Loaded {
    grants: Vec<Authorization>,
    console: Option<(String, String)>,
}

fn is_console(grant: &Authorization, console: Option<&(String, String)>) -> bool {
    console.is_some_and(|(name, org)| grant.is_of(name, org))
}

#[component]
pub fn AuthorizationsPage() -> impl IntoView {
    let client = use_client();
    let client_id = use_context::<Arc<Config>>()
        .map(|c| c.client_id.clone())
        .unwrap_or_default();
    // The one bearer call of the first screen; beside it the console's description, which costs
    // Quay no bcrypt (no token).
    let loaded = resource({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::authorizations::list(&client).await }
        }
    });
    let console = resource({
        let base = client.base().to_owned();
        move || {
            let (base, client_id) = (base.clone(), client_id.clone());
            async move {
                api::user::application_info(&base, &client_id)
                    .await
                    .map(|i| (i.name, i.organization.name))
            }
        }
    });
    let revoking = RwSignal::new(None::<(Authorization, bool)>);
    let busy = RwSignal::new(false);
    let toasts = use_toasts();
    let confirm = move |()| {
        let Some((grant, own)) = revoking.get_untracked() else {
            return;
        };
        let client = client.clone();
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::authorizations::revoke(&client, &grant.uuid).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            revoking.try_set(None);
            match result {
                Err(e) if e.status == 401 => client.session().sign_out(),
                Err(e) if e.status != 404 => {
                    toasts.error(tf("auth_apps.revoke_failed", &[("error", &describe(&e))]));
                }
                _ => {
                    toasts.success(tf(
                        "auth_apps.revoked",
                        &[("name", &grant.application.name)],
                    ));
                    if own {
                        // Was it this tab's token? Quay answers 401 to it now, which ends the session.
                        if let Err(e) = api::authorizations::list(&client).await {
                            if e.status == 401 {
                                client.session().sign_out();
                                return;
                            }
                        }
                    }
                    loaded.refetch();
                }
            }
        });
    };
    let message = Signal::derive(move || {
        revoking.with(|r| {
            r.as_ref().map_or_else(String::new, |(g, own)| {
                let key = if *own {
                    "auth_apps.revoke_console_text"
                } else {
                    "auth_apps.revoke_text"
                };
                tf(
                    key,
                    &[
                        ("name", &g.application.name),
                        ("org", &g.application.organization.name),
                    ],
                )
            })
        })
    });
    view! {
        <section class="page access" data-testid="authorizations-page">
            <h1>{t("auth_apps.title")}</h1>
            <p class="muted">{t("auth_apps.intro")}</p>
            {move || loaded.get().map_or_else(|| view! { <Loading/> }.into_any(), |state| match state {
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                Ok(l) if l.authorizations.is_empty() => view! { <EmptyState message=t("auth_apps.none")/> }.into_any(),
                Ok(l) => {
                    let loaded = Loaded { grants: l.authorizations, console: console.get().flatten() };
                    view! { <GrantTable loaded=loaded revoking=revoking/> }.into_any()
                }
            })}
            <ConfirmDialog open=Signal::derive(move || revoking.with(Option::is_some))
                title=t("auth_apps.revoke_title").to_owned() message=message
                confirm_label=t("auth_apps.revoke").to_owned() busy=busy
                on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |()| revoking.set(None))/>
        </section>
    }
}

#[component]
fn GrantTable(loaded: Loaded, revoking: RwSignal<Option<(Authorization, bool)>>) -> impl IntoView {
    let count = loaded.grants.len();
    let console = loaded.console;
    view! {
        <p class="muted" data-testid="grant-count">{tf("auth_apps.count", &[("count", &count.to_string())])}</p>
        <div class="table-scroll">
            <table class="data grant-table" data-testid="grant-table">
                <thead><tr>
                    <th scope="col">{t("auth_apps.col_application")}</th>
                    <th scope="col">{t("auth_apps.col_organization")}</th>
                    <th scope="col">{t("auth_apps.col_scopes")}</th>
                    <th scope="col"><span class="visually-hidden">{t("auth_apps.col_actions")}</span></th>
                </tr></thead>
                <tbody>
                    {loaded.grants.into_iter().map(|g| {
                        let own = is_console(&g, console.as_ref());
                        let app = g.application.clone();
                        let for_revoke = g.clone();
                        view! {
                            <tr data-testid="grant-row" data-uuid=g.uuid.clone() class:own=own>
                                <td data-testid="grant-app">
                                    <Named name=app.name.clone() color=app.avatar.color.clone()/>
                                    {own.then(|| view! { " "<span class="badge" data-testid="grant-console">{t("auth_apps.this_console")}</span> })}
                                    {(!app.description.is_empty()).then(|| view! { <div class="muted small">{app.description.clone()}</div> })}
                                </td>
                                <td data-testid="grant-org">{app.organization.name.clone()}</td>
                                <td>
                                    <ul class="scopes" data-testid="grant-scopes">
                                        {g.scopes.iter().map(|s| view! {
                                            <li class:dangerous=s.dangerous data-testid="grant-scope" data-scope=s.scope.clone()
                                                title=s.description.clone()>
                                                <code>{s.scope.clone()}</code>" "{s.title.clone()}
                                                {s.dangerous.then(|| view! {
                                                    " "<span class="badge badge-danger" data-testid="grant-dangerous">{t("auth_apps.dangerous")}</span>
                                                })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </td>
                                <td class="actions">
                                    <button type="button" class="btn btn-small btn-danger" data-testid="grant-revoke"
                                        aria-label=tf("auth_apps.revoke_of", &[("name", &app.name)])
                                        on:click=move |_| revoking.set(Some((for_revoke.clone(), own)))>{t("auth_apps.revoke")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
