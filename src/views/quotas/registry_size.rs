//! `/superuser/registry-size`: the registry's total size, when it was last calculated, and a
//! recalculation (`POST` queues it; the page follows it through queued and running until done).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{QuotasOn, SuperuserOnly};
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::quotas::{format_bytes, RegistrySize};
use crate::views::use_client;

/// How often to ask again while a calculation is queued or running.
const POLL: Duration = Duration::from_millis(1500);

#[component]
pub fn RegistrySizePage() -> impl IntoView {
    view! {
        <section class="page quotas-page" data-testid="registry-size-page">
            <h1>{t("quotas.registry_title")}</h1>
            <QuotasOn>
                <SuperuserOnly>
                    <RegistrySizeCard/>
                </SuperuserOnly>
            </QuotasOn>
        </section>
    }
}

/// A moment in milliseconds since the epoch, in the current language.
fn local_time(ms: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let seconds = ms as f64 / 1000.0;
    crate::i18n::format::date_time(seconds)
}

#[component]
fn RegistrySizeCard() -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let state = RwSignal::new(None::<Result<RegistrySize, ApiError>>);
    let queuing = RwSignal::new(false);
    // Bumped to ask again; the answer decides whether to ask once more after `POLL`.
    let reload = RwSignal::new(0_u64);
    let was_busy = StoredValue::new(false);
    Effect::new({
        let client = client.clone();
        move |_| {
            let this = reload.get();
            let client = client.clone();
            spawn_local(async move {
                let answer = api::quotas::registry_size(&client).await;
                if reload.try_get_untracked() != Some(this) {
                    return; // a newer request is on its way, or the page went away
                }
                let busy = answer.as_ref().is_ok_and(RegistrySize::busy);
                if let Ok(size) = &answer {
                    if was_busy.get_value() && !busy {
                        toasts.success(tf(
                            "quotas.registry_done",
                            &[("size", &format_bytes(size.size_bytes))],
                        ));
                    }
                }
                was_busy.set_value(busy);
                state.try_set(Some(answer));
                if busy {
                    set_timeout(
                        move || {
                            reload.try_update(|n| *n += 1);
                        },
                        POLL,
                    );
                }
            });
        }
    });

    let recalculate = {
        let client = client.clone();
        move |_| {
            if queuing.get_untracked() {
                return;
            }
            queuing.set(true);
            let client = client.clone();
            spawn_local(async move {
                let result = api::quotas::queue_registry_size(&client).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                queuing.try_set(false);
                match result {
                    Ok(()) => {
                        toasts.push(
                            crate::components::ToastKind::Info,
                            t("quotas.registry_queued"),
                        );
                        reload.try_update(|n| *n += 1);
                    }
                    Err(e) => toasts.error(describe(&e)),
                }
            });
        }
    };
    let retry = Callback::new(move |()| reload.update(|n| *n += 1));

    view! {
        {move || {
            match state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=retry/> }.into_any(),
                Some(Ok(size)) => {
                    let status = if size.running {
                        ("badge badge-warn", t("quotas.registry_running"), "running")
                    } else if size.queued {
                        ("badge badge-warn", t("quotas.registry_queued_state"), "queued")
                    } else {
                        ("badge badge-ok", t("quotas.registry_idle"), "idle")
                    };
                    let last = size.last_ran.map_or_else(|| t("quotas.registry_never").to_owned(), local_time);
                    let busy = size.busy();
                    view! {
                        <section class="card registry-size" data-testid="registry-size">
                            <dl class="kv">
                                <dt>{t("quotas.registry_size")}</dt>
                                <dd>
                                    <strong data-testid="registry-bytes">{format_bytes(size.size_bytes)}</strong>" "
                                    <span class="muted">{tf("quotas.exact_bytes", &[("bytes", &super::texts::exact(size.size_bytes))])}</span>
                                </dd>
                                <dt>{t("quotas.registry_last")}</dt>
                                <dd data-testid="registry-last-ran">{last}</dd>
                                <dt>{t("quotas.registry_status")}</dt>
                                <dd aria-live="polite">
                                    <span class=status.0 data-testid="registry-status" data-state=status.2>{status.1}</span>
                                    {busy.then(|| view! { " "<span class="spinner" aria-hidden="true"></span> })}
                                </dd>
                            </dl>
                            <p class="muted">{t("quotas.registry_note")}</p>
                        </section>
                    }.into_any()
                }
            }
        }}
        <div class="actions">
            <button type="button" class="btn btn-primary" data-testid="registry-recalculate"
                prop:disabled=move || queuing.get() || state.with(|s| matches!(s, Some(Ok(size)) if size.busy()))
                on:click=recalculate>
                {move || if queuing.get() { t("common.working") } else { t("quotas.registry_recalculate") }}
            </button>
        </div>
    }
}
