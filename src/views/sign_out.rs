//! "Sign out everywhere": revokes every token Quay issued to this console for the signed-in user
//! (`DELETE /user/authorizations/{uuid}` for each of the console application's grants), then signs
//! this tab out. Quay's list has no client id, so the console's grants are found by the
//! application's name and organization (`GET /api/v1/app/{client_id}`, no token needed).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::toast::use_toasts;
use crate::components::ConfirmDialog;
use crate::i18n::{t, tf};
use crate::model::config::Config;
use crate::views::{use_client, use_user};

/// Revokes the console's grants; `Ok(n)` with how many were revoked.
async fn revoke_all(client: &api::Client, config: &Config) -> Result<usize, ApiError> {
    let info = api::user::application_info(client.base(), &config.client_id)
        .await
        .ok_or_else(|| {
            ApiError::network("Quay did not describe the console's OAuth application.")
        })?;
    let list = api::authorizations::list(client).await?;
    let mut revoked = 0;
    for grant in list.grants_of(&info.name, &info.organization.name) {
        match api::authorizations::revoke(client, &grant.uuid).await {
            // The current token goes with its own grant: Quay may answer 401 to what follows.
            Ok(()) => revoked += 1,
            Err(e) if e.status == 404 || e.status == 401 => revoked += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(revoked)
}

/// Whether the "sign out everywhere" confirmation is open; provided by the header.
#[derive(Clone, Copy)]
pub struct SignOutOpen(pub RwSignal<bool>);

/// The header's button; the confirmation and the revoking are a chunk fetched on first use.
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    let open = RwSignal::new(false);
    provide_context(SignOutOpen(open));
    let wanted = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || open.get());
    view! {
        <button type="button" class="btn btn-small" data-testid="sign-out-everywhere"
            on:click=move |_| open.set(true)>{t("auth.sign_out_everywhere")}</button>
        {move || wanted.get().then(|| view! { <crate::lazy_pages::LazySignOut/> })}
    }
}

/// The confirmation, as the lazily loaded chunk shows it (its open state from [`SignOutOpen`]).
#[component]
pub fn SignOutDialog() -> impl IntoView {
    let open = use_context::<SignOutOpen>().map_or_else(|| RwSignal::new(false), |o| o.0);
    let busy = RwSignal::new(false);
    let user = use_user();
    let message = Signal::derive(move || {
        let name = user.with(|u| u.as_ref().map(|u| u.username.clone()).unwrap_or_default());
        tf("auth.sign_out_everywhere_text", &[("user", &name)])
    });
    let confirm = move |()| {
        let client = use_client();
        let Some(config) = use_context::<Arc<Config>>() else {
            return;
        };
        let toasts = use_toasts();
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let session = client.session();
            match revoke_all(&client, &config).await {
                Ok(_) => session.sign_out(),
                // Our own token was revoked first: the session has already ended.
                Err(e) if e.status == 401 => session.sign_out(),
                Err(e) => {
                    toasts.error(tf(
                        "auth.sign_out_everywhere_failed",
                        &[("error", &crate::components::error_view::describe(&e))],
                    ));
                    busy.set(false);
                    open.set(false);
                }
            }
        });
    };
    view! {
        <ConfirmDialog open=open title=t("auth.sign_out_everywhere_title").to_owned() message=message
            confirm_label=t("auth.sign_out_everywhere").to_owned()
            on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |()| open.set(false)) busy=busy/>
    }
}
