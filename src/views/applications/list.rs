//! An organization's OAuth applications: filter (`?q=`), open one (`?app=ID`), create one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::app_route;
use super::form::{AppFormDialog, DRAFT};
use super::redirect::FitBadge;
use crate::api;
use crate::components::{use_toasts, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::applications::{filter, Application, ApplicationForm};
use crate::model::error::ApiError;
use crate::model::url::build_query;
use crate::reactive::{memo, resource};
use crate::views::{drafts, use_client, use_go};

#[component]
pub fn ApplicationList(org: String) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let go = use_go();
    let needle = memo(move || query.with(|q| q.get("q")).unwrap_or_default());
    let apps = resource({
        let (client, org) = (client.clone(), org.clone());
        move || {
            let (client, org) = (client.clone(), org.clone());
            async move { api::applications::list(&client, &org).await }
        }
    });
    let set_filter = {
        let (org, go) = (org.clone(), go.clone());
        move |value: String| {
            go(
                &format!(
                    "{}{}",
                    app_route(&org, None),
                    build_query(&[("q", value.as_str())])
                ),
                true,
            );
        }
    };

    let creating = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let toasts = use_toasts();
    // A draft kept for the tab (e.g. across a 401 and a new sign-in) opens the dialog again.
    let draft_scope = format!("create:{org}");
    if drafts::load::<ApplicationForm>(DRAFT, &draft_scope).is_some() {
        creating.set(true);
        toasts.success(t("draft.restored"));
    }
    // The name of a create whose answer never came (or could not be read): checked before resending.
    let unsure = StoredValue::new(None::<String>);
    let create = {
        let (org, go, draft_scope) = (org.clone(), go.clone(), draft_scope.clone());
        Callback::new(move |form: ApplicationForm| {
            let (client, org, go, draft_scope) =
                (client.clone(), org.clone(), go.clone(), draft_scope.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            spawn_local(async move {
                let done_org = org.clone();
                let done = move |app: &Application, after_all: bool| {
                    creating.try_set(false);
                    drafts::drop(DRAFT, &draft_scope);
                    unsure.try_update_value(|v| *v = None);
                    let key = if after_all {
                        "applications.created_after_all"
                    } else {
                        "applications.created"
                    };
                    toasts.success(tf(key, &[("name", &app.name)]));
                    go(&app_route(&done_org, Some(&app.client_id)), false);
                };
                if unsure.get_value().as_deref() == Some(form.name.as_str()) {
                    match api::applications::list(&client, &org).await {
                        Ok(list) => {
                            let found = list.applications.into_iter().find(|a| {
                                a.name == form.name && a.redirect_uri == form.redirect_uri
                            });
                            if let Some(app) = found {
                                busy.try_set(false);
                                done(&app, true);
                                return;
                            }
                        }
                        Err(e) if e.kind == crate::api::ErrorKind::Unauthorized => return,
                        Err(e) => {
                            busy.try_set(false);
                            error.try_set(Some(e));
                            return;
                        }
                    }
                }
                let result = api::applications::create(&client, &org, &form.body()).await;
                // A 401 signs out: the shell (and this form's signals) is going away, and a
                // signal written now would wake views that are disposed before they run.
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == crate::api::ErrorKind::Unauthorized)
                {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(app) => done(&app, false),
                    Err(e) if e.write_may_have_happened() => {
                        unsure.try_update_value(|v| *v = Some(form.name.clone()));
                        if e.kind == crate::api::ErrorKind::Decode {
                            apps.refetch();
                        }
                        error.try_set(Some(e.for_write()));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        })
    };

    let title = tf("applications.title", &[("org", &org)]);
    view! {
        <div data-testid="applications-list">
            <h1>{title}</h1>
            <p class="muted">{t("applications.intro")}</p>
            <div class="toolbar">
                <label class="field filter">
                    <span class="visually-hidden">{t("applications.filter")}</span>
                    <input type="search" placeholder=t("applications.filter") data-testid="app-filter"
                        prop:value=move || needle.get()
                        on:input=move |ev| set_filter(event_target_value(&ev))/>
                </label>
                <span class="grow"></span>
                <button type="button" class="btn btn-primary" data-testid="app-create"
                    on:click=move |_| creating.set(true)>{t("applications.create")}</button>
            </div>
                {move || apps.get().map_or_else(|| view! { <Loading/> }.into_any(), |loaded| match loaded {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| apps.refetch())/> }.into_any(),
                    Ok(list) => {
                        let needle = needle.get();
                        let shown: Vec<Application> = filter(&list.applications, &needle).into_iter().cloned().collect();
                        if list.applications.is_empty() {
                            view! { <EmptyState message=t("applications.none")>
                                <button type="button" class="btn btn-primary" on:click=move |_| creating.set(true)>
                                    {t("applications.create")}</button>
                            </EmptyState> }.into_any()
                        } else if shown.is_empty() {
                            view! { <EmptyState message=tf("applications.no_match", &[("filter", &needle)])/> }.into_any()
                        } else {
                            view! { <AppTable org=org.clone() apps=shown/> }.into_any()
                        }
                    }
                })}
            <AppFormDialog open=creating title=Signal::derive(|| t("applications.create_title").to_owned())
                submit_label=t("common.create") initial=Signal::derive(ApplicationForm::default)
                busy=busy error=error on_submit=create on_close=Callback::new(move |()| creating.set(false))
                testid="app-create-dialog" draft=draft_scope/>
        </div>
    }
}

#[component]
fn AppTable(org: String, apps: Vec<Application>) -> impl IntoView {
    let count = apps.len();
    view! {
        <p class="muted" data-testid="app-count">{tf("applications.count", &[("count", &count.to_string())])}</p>
        <div class="table-scroll">
            <table class="data apps-table" data-testid="apps-table">
                <thead><tr>
                    <th scope="col">{t("applications.col_name")}</th>
                    <th scope="col">{t("applications.col_client_id")}</th>
                    <th scope="col">{t("applications.col_redirect")}</th>
                    <th scope="col">{t("applications.col_app_uri")}</th>
                    <th scope="col">{t("applications.col_description")}</th>
                    <th scope="col">{t("applications.col_avatar")}</th>
                </tr></thead>
                <tbody>
                    {apps.into_iter().map(|app| {
                        let href = app_route(&org, Some(&app.client_id));
                        view! {
                            <tr data-testid="app-row">
                                <td><A href=href attr:class="app-name">{app.name.clone()}</A></td>
                                <td><code>{app.client_id.clone()}</code></td>
                                <td class="wrap">
                                    <span class="uri">{app.redirect_uri.clone()}</span>" "
                                    <FitBadge registered=app.redirect_uri.clone() client_id=app.client_id.clone()/>
                                </td>
                                <td class="wrap uri">{app.application_uri.clone()}</td>
                                <td class="wrap">{app.description.clone()}</td>
                                <td>{app.avatar_email.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "—".to_owned())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
