//! An existing mirror at a glance, and its controls: sync now, cancel a sync, enable / disable, and
//! putting the repository back in state `MIRROR` when someone changed it (Quay syncs only
//! repositories in that state). While a sync is pending the page polls; see [`poll_while`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::time::{every, local_and_relative};
use super::words;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog};
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, Empty};
use crate::model::mirrors::{MirrorConfig, STATE_MIRROR};
use crate::reactive::{effect, memo};
use crate::views::use_client;

/// How often the page refreshes while a sync is pending.
pub const POLL: Duration = Duration::from_secs(2);
/// Polls at full speed for this many ticks, then every [`SLOW_EVERY`]th tick.
const FAST_TICKS: u32 = 30;
const SLOW_EVERY: u32 = 5;

/// Calls `refresh` every [`POLL`] while `pending` is true (slower after a minute); stops when it
/// turns false or when the view goes away.
pub fn poll_while(pending: Signal<bool>, refresh: Callback<()>) {
    let handle: Arc<Mutex<Option<IntervalHandle>>> = Arc::default();
    let ticks = StoredValue::new(0_u32);
    let running = handle.clone();
    effect(move || {
        let want = pending.get();
        let Ok(mut slot) = running.lock() else { return };
        match (want, slot.is_some()) {
            (true, false) => {
                ticks.set_value(0);
                let tick = move || {
                    let n = ticks.try_get_value().unwrap_or(0).saturating_add(1);
                    ticks.try_set_value(n);
                    if n <= FAST_TICKS || n.is_multiple_of(SLOW_EVERY) {
                        refresh.run(());
                    }
                };
                *slot = set_interval_with_handle(tick, POLL).ok();
            }
            (false, true) => {
                if let Some(h) = slot.take() {
                    h.clear();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.lock().ok().and_then(|mut s| s.take()) {
            h.clear();
        }
    });
}

/// Which confirmation is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirm {
    Cancel,
    Disable,
    MirrorState,
}

#[component]
pub fn StatusPanel(
    ns: String,
    repo: String,
    config: RwSignal<Option<MirrorConfig>>,
    /// The repository's state (`NORMAL`, `READ_ONLY`, `MIRROR`), when known.
    repo_state: RwSignal<Option<String>>,
    /// Asks the page to read the mirror again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let target = StoredValue::new((ns, repo));
    let field = move |get: fn(&MirrorConfig) -> String| {
        move || config.with(|c| c.as_ref().map(get).unwrap_or_default())
    };
    let status = memo(move || {
        config
            .with(|c| c.as_ref().map(|c| c.sync_status.clone()))
            .unwrap_or_default()
    });
    let enabled = memo(move || config.with(|c| c.as_ref().is_some_and(|c| c.is_enabled)));
    let not_mirror =
        memo(move || repo_state.with(|s| s.as_deref().is_some_and(|s| s != STATE_MIRROR)));

    // One action at a time; the result is a toast, then a refresh.
    let run = Callback::new(move |kind: &'static str| {
        if !crate::views::flight::claim(busy) {
            return;
        }
        confirm.set(None);
        let client = client.clone();
        let (ns, repo) = target.get_value();
        spawn_local(async move {
            let result: Result<Empty, ApiError> = match kind {
                "sync" => api::mirrors::sync_now(&client, &ns, &repo).await,
                "cancel" => api::mirrors::sync_cancel(&client, &ns, &repo).await,
                "enable" => api::mirrors::set_enabled(&client, &ns, &repo, true).await,
                "disable" => api::mirrors::set_enabled(&client, &ns, &repo, false).await,
                _ => api::mirrors::change_state(&client, &ns, &repo, STATE_MIRROR).await,
            };
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            let name = format!("{ns}/{repo}");
            match result {
                Ok(_) => {
                    let key = match kind {
                        "sync" => "mirrors.done.sync",
                        "cancel" => "mirrors.done.cancel",
                        "enable" => "mirrors.done.enable",
                        "disable" => "mirrors.done.disable",
                        _ => "mirrors.done.state",
                    };
                    toasts.success(tf(key, &[("repo", &name)]));
                }
                Err(e) if e.status == 404 && matches!(kind, "sync" | "cancel") => {
                    toasts.error(t("mirrors.err.sync_state_changed"));
                }
                Err(e) => toasts.error(describe(&e)),
            }
            on_changed.run(());
        });
    });

    let retries = move || {
        config.with(|c| {
            c.as_ref()
                .and_then(|c| c.sync_retries_remaining)
                .map_or_else(|| "—".to_owned(), |n| n.to_string())
        })
    };
    let next_sync = move || {
        config.with(|c| match c.as_ref() {
            Some(c) => c.next_sync().map_or_else(
                || {
                    c.sync_start_date
                        .clone()
                        .unwrap_or_else(|| t("mirrors.none").to_owned())
                },
                local_and_relative,
            ),
            None => String::new(),
        })
    };
    let expiration = move || {
        config
            .with(|c| c.as_ref().and_then(MirrorConfig::expiration))
            .map(local_and_relative)
    };
    let (ns, repo) = target.get_value();
    let full = format!("{ns}/{repo}");
    view! {
        <section class="card mirror-status" data-testid="mirror-status-panel" aria-labelledby="mirror-status-title">
            <div class="toolbar">
                <h2 id="mirror-status-title" class="grow">{t("mirrors.status.title")}</h2>
                <span class=move || words::status_class(&status.get()) data-testid="mirror-status"
                    data-status=move || status.get().as_str().to_owned()>{move || words::status(&status.get())}</span>
                <span class=move || if enabled.get() { "badge badge-ok" } else { "badge badge-warn" } data-testid="mirror-enabled-badge">
                    {move || if enabled.get() { t("mirrors.enabled") } else { t("mirrors.disabled") }}
                </span>
            </div>
            {move || status.get().is_pending().then(|| view! {
                <p class="loading" role="status" data-testid="mirror-polling">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{t("mirrors.polling")}</span>
                </p>
            })}
            {move || not_mirror.get().then(|| view! {
                <div class="notice notice-warn" role="alert" data-testid="mirror-state-warning">
                    <p>{tf("mirrors.state_warning", &[("state", &repo_state.get().unwrap_or_default())])}</p>
                    <button type="button" class="btn" data-testid="mirror-state-fix"
                        on:click=move |_| confirm.set(Some(Confirm::MirrorState))>{t("mirrors.state_fix")}</button>
                </div>
            })}
            <dl class="kv">
                <dt>{t("mirrors.form.reference")}</dt><dd><code data-testid="mirror-source">{field(|c| c.external_reference.clone())}</code></dd>
                <dt>{t("mirrors.form.tags")}</dt><dd data-testid="mirror-rule">{field(|c| c.root_rule.rule_value.join(", "))}</dd>
                <dt>{t("mirrors.form.interval")}</dt><dd data-testid="mirror-every">{field(|c| every(c.sync_interval))}</dd>
                <dt>{t("mirrors.next_sync")}</dt><dd data-testid="mirror-next">{next_sync}</dd>
                {move || expiration().map(|e| view! { <dt>{t("mirrors.expiration")}</dt><dd data-testid="mirror-expiration">{e}</dd> })}
                <dt>{t("mirrors.retries")}</dt><dd data-testid="mirror-retries">{retries}</dd>
                <dt>{t("mirrors.form.robot")}</dt><dd><code>{field(|c| c.robot_username.clone().unwrap_or_default())}</code></dd>
                <dt>{t("mirrors.form.architectures")}</dt>
                <dd>{field(|c| if c.architecture_filter.is_empty() { t("mirrors.all_architectures").to_owned() } else { c.architecture_filter.join(", ") })}</dd>
            </dl>
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="mirror-sync-now"
                    prop:disabled=move || busy.get() || !status.get().can_sync_now()
                    on:click=move |_| run.run("sync")>{t("mirrors.sync_now")}</button>
                <button type="button" class="btn" data-testid="mirror-cancel"
                    prop:disabled=move || busy.get() || !status.get().can_cancel()
                    on:click=move |_| confirm.set(Some(Confirm::Cancel))>{t("mirrors.cancel_sync")}</button>
                {move || if enabled.get() {
                    view! { <button type="button" class="btn" data-testid="mirror-disable" prop:disabled=move || busy.get()
                        on:click=move |_| confirm.set(Some(Confirm::Disable))>{t("mirrors.disable")}</button> }.into_any()
                } else {
                    view! { <button type="button" class="btn" data-testid="mirror-enable" prop:disabled=move || busy.get()
                        on:click=move |_| run.run("enable")>{t("mirrors.enable")}</button> }.into_any()
                }}
            </div>
            <ConfirmDialog
                open=Signal::derive(move || confirm.get().is_some())
                title=Signal::derive(move || match confirm.get() {
                    Some(Confirm::Cancel) => t("mirrors.confirm.cancel_title").to_owned(),
                    Some(Confirm::Disable) => t("mirrors.confirm.disable_title").to_owned(),
                    _ => t("mirrors.confirm.state_title").to_owned(),
                })
                message=Signal::derive(move || match confirm.get() {
                    Some(Confirm::Cancel) => tf("mirrors.confirm.cancel", &[("repo", &full)]),
                    Some(Confirm::Disable) => tf("mirrors.confirm.disable", &[("repo", &full)]),
                    _ => tf("mirrors.confirm.state", &[("repo", &full)]),
                })
                confirm_label=Signal::derive(move || match confirm.get() {
                    Some(Confirm::Cancel) => t("mirrors.cancel_sync").to_owned(),
                    Some(Confirm::Disable) => t("mirrors.disable").to_owned(),
                    _ => t("mirrors.state_fix").to_owned(),
                })
                busy=busy
                on_confirm=Callback::new(move |()| match confirm.get_untracked() {
                    Some(Confirm::Cancel) => run.run("cancel"),
                    Some(Confirm::Disable) => run.run("disable"),
                    Some(Confirm::MirrorState) => run.run("state"),
                    None => {}
                })
                on_cancel=Callback::new(move |()| confirm.set(None)) />
        </section>
    }
}
