//! The tokens issued for an application (`GET .../tokens`, every page), with revoke.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::local_date;
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::applications::ApplicationToken;
use crate::reactive::resource;
use crate::views::use_client;

/// Pages fetched at most (a guard against a server that never stops paging).
const MAX_PAGES: usize = 40;

#[component]
pub fn IssuedTokens(org: String, client_id: String) -> impl IntoView {
    let client = use_client();
    let tokens = resource({
        let (client, org, id) = (client.clone(), org.clone(), client_id.clone());
        move || {
            let (client, org, id) = (client.clone(), org.clone(), id.clone());
            async move {
                let mut all: Vec<ApplicationToken> = Vec::new();
                let mut next: Option<String> = None;
                for _ in 0..MAX_PAGES {
                    let page =
                        api::applications::tokens(&client, &org, &id, next.as_deref()).await?;
                    all.extend(page.tokens);
                    next = page.next_page.filter(|n| !n.is_empty());
                    if next.is_none() {
                        break;
                    }
                }
                Ok::<_, ApiError>(all)
            }
        }
    });
    let toasts = use_toasts();
    let revoking = RwSignal::new(None::<ApplicationToken>);
    let busy = RwSignal::new(false);
    let revoke = Callback::new(move |()| {
        let Some(token) = revoking.get_untracked() else {
            return;
        };
        let (client, org, id) = (client.clone(), org.clone(), client_id.clone());
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::applications::revoke_token(&client, &org, &id, &token.uuid).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            revoking.try_set(None);
            match result {
                Ok(()) => {
                    toasts.success(t("applications.token_revoked"));
                    tokens.refetch();
                }
                Err(e) => toasts.error(describe(&e)),
            }
        });
    });
    view! {
        <section class="card" data-testid="issued-tokens">
            <div class="toolbar">
                <h2 class="grow">{t("applications.issued_title")}</h2>
                <button type="button" class="btn btn-small" on:click=move |_| tokens.refetch()>{t("common.refresh")}</button>
            </div>
                {move || tokens.get().map_or_else(|| view! { <Loading/> }.into_any(), |r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| tokens.refetch())/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <EmptyState message=t("applications.issued_none")/> }.into_any(),
                    Ok(list) => view! {
                        <table class="data" data-testid="issued-table">
                            <thead><tr>
                                <th scope="col">{t("applications.col_authorized_by")}</th>
                                <th scope="col">{t("applications.scopes")}</th>
                                <th scope="col">{t("applications.col_created")}</th>
                                <th scope="col">{t("applications.expires")}</th>
                                <th scope="col">{t("applications.col_last_accessed")}</th>
                                <th scope="col"><span class="visually-hidden">{t("applications.col_actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|token| {
                                    let shown = |d: &Option<String>| d.as_deref().map_or_else(|| t("common.never").to_owned(), local_date);
                                    let row = token.clone();
                                    view! {
                                        <tr data-testid="issued-row">
                                            <td>{token.created_by.clone().unwrap_or_default()}</td>
                                            <td><code>{token.scope.clone()}</code></td>
                                            <td>{shown(&token.created)}</td>
                                            <td>{shown(&token.expires_at)}</td>
                                            <td>{shown(&token.last_accessed)}</td>
                                            <td><button type="button" class="btn btn-small btn-danger" data-testid="issued-revoke"
                                                on:click=move |_| revoking.set(Some(row.clone()))>{t("applications.revoke")}</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            <ConfirmDialog open=Signal::derive(move || revoking.with(Option::is_some))
                title=t("applications.revoke_title").to_owned()
                message=Signal::derive(move || revoking.with(|r| r.as_ref().map(|tok| tf("applications.revoke_issued_text",
                    &[("user", tok.created_by.as_deref().unwrap_or_default()), ("scopes", &tok.scope)]))).unwrap_or_default())
                confirm_label=t("applications.revoke").to_owned() busy=busy
                on_confirm=revoke on_cancel=Callback::new(move |()| revoking.set(None))/>
        </section>
    }
}
