//! What can be done to a stored organization mirror: edit, enable/disable, sync now, cancel the
//! sync, verify the connection, delete (behind a confirmation). One bearer call each, then one
//! re-read of the configuration. `verify` answers 200 also when the source cannot be reached
//! (`success: false`): that is shown as a failure with Quay's message. A second cancel (another
//! admin was first) is Quay's 400 "already cancelled": said as such, and the page re-read.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Refresh;
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog};
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::org_mirror::{OrgMirrorConfig, Verification};
use crate::views::use_client;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Enable,
    Disable,
    SyncNow,
    Cancel,
    Delete,
}

/// Quay's 400 for a cancel of a cancelled sync.
fn already_cancelled(e: &ApiError) -> bool {
    e.status == 400 && e.message.contains("already cancelled")
}

#[component]
pub fn Actions(
    org: String,
    config: Memo<OrgMirrorConfig>,
    refresh: Refresh,
    on_edit: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let verified = RwSignal::new(None::<Verification>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);

    let act = {
        let (client, org) = (client.clone(), org.clone());
        move |what: Act| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            notice.set(None);
            let (client, org) = (client.clone(), org.clone());
            spawn_local(async move {
                let result = match what {
                    Act::Enable => api::org_mirror::set_enabled(&client, &org, true).await,
                    Act::Disable => api::org_mirror::set_enabled(&client, &org, false).await,
                    Act::SyncNow => api::org_mirror::sync_now(&client, &org).await,
                    Act::Cancel => api::org_mirror::sync_cancel(&client, &org).await,
                    Act::Delete => api::org_mirror::delete(&client, &org).await,
                };
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
                {
                    return;
                }
                busy.try_set(false);
                deleting.try_set(false);
                let done = match what {
                    Act::Enable => "orgmirror.enabled_done",
                    Act::Disable => "orgmirror.disabled_done",
                    Act::SyncNow => "orgmirror.sync_now_done",
                    Act::Cancel => "orgmirror.cancel_done",
                    Act::Delete => "orgmirror.deleted",
                };
                match result {
                    Ok(()) => {
                        toasts.success(t(done));
                        refresh.run(true);
                    }
                    // Gone already: what was asked.
                    Err(e) if what == Act::Delete && e.kind == ErrorKind::NotFound => {
                        toasts.success(t(done));
                        refresh.run(true);
                    }
                    Err(e) if what == Act::Cancel && already_cancelled(&e) => {
                        notice.try_set(Some(t("orgmirror.already_cancelled").to_owned()));
                        refresh.run(true);
                    }
                    Err(e) if e.write_may_have_happened() => {
                        error.try_set(Some(describe(&e.for_write())));
                        refresh.run(true);
                    }
                    Err(e) => {
                        error.try_set(Some(describe(&e)));
                    }
                }
            });
        }
    };
    let verify = {
        let (client, org) = (client.clone(), org.clone());
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            verified.set(None);
            let (client, org) = (client.clone(), org.clone());
            spawn_local(async move {
                let result = api::org_mirror::verify(&client, &org).await;
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
                {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(v) => {
                        verified.try_set(Some(v));
                    }
                    Err(e) => {
                        error.try_set(Some(describe(&e)));
                    }
                }
            });
        }
    };

    let enabled = move || config.with(|c| c.is_enabled);
    let can_sync = move || config.with(|c| c.sync_status.can_sync_now());
    let can_cancel = move || config.with(|c| c.sync_status.can_cancel());
    let message = move || {
        config.with(|c| {
            let source = format!("{}/{}", c.external_registry_url, c.external_namespace);
            tf(
                "orgmirror.delete_text",
                &[("org", &org), ("source", &source)],
            )
        })
    };
    let on_act = StoredValue::new(act);
    let run = move |what: Act| on_act.with_value(|f| f(what));
    view! {
        <div class="toolbar" role="group" aria-label=t("orgmirror.actions") data-testid="orgmirror-actions">
            <button type="button" class="btn" data-testid="orgmirror-edit" on:click=move |_| on_edit.run(())>{t("orgmirror.edit")}</button>
            <button type="button" class="btn" data-testid="orgmirror-toggle" prop:disabled=move || busy.get()
                on:click=move |_| run(if enabled() { Act::Disable } else { Act::Enable })>
                {move || t(if enabled() { "orgmirror.disable" } else { "orgmirror.enable" })}</button>
            <button type="button" class="btn" data-testid="orgmirror-sync-now" prop:disabled=move || busy.get() || !can_sync()
                title=move || (!can_sync()).then(|| t("orgmirror.sync_running"))
                on:click=move |_| run(Act::SyncNow)>{t("orgmirror.sync_now")}</button>
            <button type="button" class="btn" data-testid="orgmirror-cancel" prop:disabled=move || busy.get() || !can_cancel()
                title=move || (!can_cancel()).then(|| t("orgmirror.already_cancelled"))
                on:click=move |_| run(Act::Cancel)>{t("orgmirror.cancel_sync")}</button>
            <button type="button" class="btn" data-testid="orgmirror-verify" prop:disabled=move || busy.get()
                on:click=verify>{t("orgmirror.verify")}</button>
            <button type="button" class="btn" data-testid="orgmirror-refresh" on:click=move |_| refresh.run(false)>{t("common.refresh")}</button>
            <button type="button" class="btn btn-danger" data-testid="orgmirror-delete" prop:disabled=move || busy.get()
                on:click=move |_| deleting.set(true)>{t("common.delete")}</button>
        </div>
        <div role="status" aria-live="polite">
            {move || busy.get().then(|| view! { <p class="muted" data-testid="orgmirror-busy">{t("common.working")}</p> })}
            {move || verified.get().map(|v| if v.success {
                view! { <p class="notice notice-ok" data-testid="orgmirror-verify-ok">{t("orgmirror.verify_ok")}" "{v.message}</p> }.into_any()
            } else {
                view! { <p class="field-error" data-testid="orgmirror-verify-failed">{t("orgmirror.verify_failed")}" "{v.message}</p> }.into_any()
            })}
            {move || notice.get().map(|n| view! { <p class="notice" data-testid="orgmirror-notice">{n}</p> })}
        </div>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="orgmirror-action-error">{e}</p> })}
        <ConfirmDialog open=Signal::derive(move || deleting.get())
            title=t("orgmirror.delete_title").to_owned() message=Signal::derive(message)
            confirm_label=t("common.delete").to_owned() busy=busy
            on_confirm=Callback::new(move |()| run(Act::Delete)) on_cancel=Callback::new(move |()| deleting.set(false))/>
    }
}
