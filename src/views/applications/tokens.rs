//! The signed-in user's app-specific tokens (`/user/apptokens`): list, "expiring soon" filter
//! (`?expiring=true`, Quay's own filter), create (code shown once), revoke.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use super::local_date;
use super::token_create::TokenCreateDialog;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::applications::{expiry, AppToken, Expiry};
use crate::reactive::{memo, resource};
use crate::routes::{self, NamespaceArea};
use crate::views::{use_client, use_go};

#[component]
pub fn AppTokensPage() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let go = use_go();
    let expiring = memo(move || {
        query
            .with(|q| q.get("expiring"))
            .is_some_and(|v| v == "true")
    });
    let tokens = resource({
        let client = client.clone();
        move || {
            let (client, only) = (client.clone(), expiring.get());
            async move { api::applications::list_app_tokens(&client, only).await }
        }
    });
    let set_expiring = move |on: bool| {
        let base = routes::namespace_area("", true, NamespaceArea::AppTokens);
        let path = if on {
            format!("{base}?expiring=true")
        } else {
            base
        };
        go(&path, false);
    };

    let creating = RwSignal::new(false);
    let toasts = use_toasts();
    let revoking = RwSignal::new(None::<AppToken>);
    let busy = RwSignal::new(false);
    let revoke = Callback::new(move |()| {
        let Some(token) = revoking.get_untracked() else {
            return;
        };
        let client = client.clone();
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::applications::revoke_app_token(&client, &token.uuid).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            revoking.try_set(None);
            match result {
                Ok(()) => {
                    toasts.success(tf(
                        "applications.apptoken_revoked",
                        &[("title", &token.title)],
                    ));
                    tokens.refetch();
                }
                Err(e) => toasts.error(describe(&e)),
            }
        });
    });
    view! {
        <section class="page apptokens" data-testid="apptokens-page">
            <h1>{t("applications.apptokens_title")}</h1>
            <p class="muted">{t("applications.apptokens_intro")}</p>
            <div class="toolbar">
                <label class="check-inline">
                    <input type="checkbox" data-testid="expiring-filter" prop:checked=move || expiring.get()
                        on:change=move |ev| set_expiring(event_target_checked(&ev))/>
                    " "{t("applications.expiring_only")}
                </label>
                <span class="grow"></span>
                <button type="button" class="btn btn-primary" data-testid="apptoken-create"
                    on:click=move |_| creating.set(true)>{t("applications.apptoken_create")}</button>
            </div>
                {move || tokens.get().map_or_else(|| view! { <Loading/> }.into_any(), |r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| tokens.refetch())/> }.into_any(),
                    Ok(list) if list.tokens.is_empty() => {
                        let key = if expiring.get() { "applications.apptokens_none_expiring" } else { "applications.apptokens_none" };
                        view! { <EmptyState message=t(key)/> }.into_any()
                    }
                    Ok(list) => view! { <TokenTable tokens=list.tokens revoking=revoking/> }.into_any(),
                })}
            <TokenCreateDialog open=creating on_close=Callback::new(move |()| creating.set(false))
                on_created=Callback::new(move |()| tokens.refetch())/>
            <ConfirmDialog open=Signal::derive(move || revoking.with(Option::is_some))
                title=t("applications.apptoken_revoke_title").to_owned()
                message=Signal::derive(move || revoking.with(|r| r.as_ref()
                    .map(|tok| tf("applications.apptoken_revoke_text", &[("title", &tok.title)])).unwrap_or_default()))
                confirm_label=t("applications.revoke").to_owned() busy=busy
                on_confirm=revoke on_cancel=Callback::new(move |()| revoking.set(None))/>
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<AppToken>, revoking: RwSignal<Option<AppToken>>) -> impl IntoView {
    #[allow(clippy::cast_possible_truncation)]
    let now = (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <table class="data" data-testid="apptokens-table">
            <thead><tr>
                <th scope="col">{t("applications.col_title")}</th>
                <th scope="col">{t("applications.col_created")}</th>
                <th scope="col">{t("applications.col_last_accessed")}</th>
                <th scope="col">{t("applications.col_expiration")}</th>
                <th scope="col"><span class="visually-hidden">{t("applications.col_actions")}</span></th>
            </tr></thead>
            <tbody>
                {tokens.into_iter().map(|token| {
                    let shown = |d: &Option<String>, none: &'static str| d.as_deref().filter(|d| !d.is_empty()).map_or_else(|| t(none).to_owned(), local_date);
                    let badge = match expiry(token.expiration.as_deref(), now) {
                        Expiry::Expired => Some(("badge badge-danger", t("applications.expired"))),
                        Expiry::Soon => Some(("badge badge-warn", t("applications.expiring_soon"))),
                        _ => None,
                    };
                    let row = token.clone();
                    view! {
                        <tr data-testid="apptoken-row">
                            <td>{token.title.clone()}</td>
                            <td>{shown(&token.created, "common.never")}</td>
                            <td>{shown(&token.last_accessed, "common.never")}</td>
                            <td>{shown(&token.expiration, "applications.no_expiry")}
                                {badge.map(|(class, text)| view! { " "<span class=class data-testid="expiry-badge">{text}</span> })}</td>
                            <td><button type="button" class="btn btn-small btn-danger" data-testid="apptoken-revoke"
                                on:click=move |_| revoking.set(Some(row.clone()))>{t("applications.revoke")}</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
