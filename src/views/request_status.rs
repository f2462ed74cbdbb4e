//! The shell's word on requests: a bar with "Cancel" when a call has waited more than 1.5 s (hung
//! or slow), Quay's 429 wait before the one retry of a GET, and "offline" while the browser has no
//! network. Cancel aborts every call in flight; each screen then shows its error with a retry.

use leptos::prelude::*;

use crate::api::client;
use crate::components::error_view::is_offline;
use crate::i18n::{t, tf};
use crate::views::use_client;

/// How long a call waits before the bar with "Cancel" shows.
const SLOW_MS: f64 = 1500.0;

#[component]
pub fn RequestStatus() -> impl IntoView {
    let activity = use_client().activity();
    let slow = RwSignal::new(false);
    let offline = RwSignal::new(is_offline());
    let tick = set_interval_with_handle(
        move || {
            let now = client::oldest_in_flight_ms().is_some_and(|ms| ms >= SLOW_MS);
            if slow.get_untracked() != now {
                slow.set(now);
            }
            let off = is_offline();
            if offline.get_untracked() != off {
                offline.set(off);
            }
        },
        std::time::Duration::from_millis(250),
    )
    .ok();
    let on_line = window_event_listener(leptos::ev::online, move |_| offline.set(false));
    let off_line = window_event_listener(leptos::ev::offline, move |_| offline.set(true));
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
        on_line.remove();
        off_line.remove();
    });
    let waiting = move || activity.try_with(|a| a.retry_wait_s).unwrap_or(0);
    view! {
        <div class="request-status" role="status" aria-live="polite" data-testid="request-status">
            {move || offline.try_get().unwrap_or(false).then(|| view! {
                <p class="notice notice-warn" data-testid="offline-notice">{t("status.offline")}</p>
            })}
            {move || (waiting() > 0).then(|| view! {
                <p class="notice notice-warn" data-testid="retry-wait">
                    {tf("status.retry_wait", &[("s", &waiting().to_string())])}
                </p>
            })}
            {move || (slow.try_get().unwrap_or(false) && !offline.try_get().unwrap_or(false) && waiting() == 0).then(|| view! {
                <p class="notice slow-request" data-testid="slow-request">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{t("status.slow")}</span>
                    <button type="button" class="btn btn-small" data-testid="cancel-requests"
                        on:click=move |_| client::cancel_all()>{t("status.cancel")}</button>
                </p>
            })}
        </div>
    }
}
