//! The entries table: a windowed list (only the visible rows are in the DOM) that asks for the
//! next page when the visible rows near the end of what is loaded. A row opens the drawer.

use std::sync::Arc;

use leptos::prelude::*;

use super::loader::Loader;
use crate::components::{ErrorView, Loading, VirtualList};
use crate::i18n::{t, tf};
use crate::model::logs::date::format_utc;
use crate::model::logs::filter::Row;
use crate::model::logs::PerformerKind;
use crate::reactive::effect;

/// Row height in pixels (matches `--row-height` in tokens.css).
pub const ROW_HEIGHT: f64 = 36.0;
/// Height of the scrolling table body.
const VIEWPORT: f64 = 540.0;
/// Fetch the next page when fewer than this many matching rows lie below the visible ones.
const PREFETCH_ROWS: usize = 30;

#[component]
pub fn LogTable(
    loader: Loader,
    /// Indices into `loader.rows` of the rows that match the filter.
    shown: Memo<Vec<usize>>,
    #[prop(into)] show_namespace: Signal<bool>,
    /// Whether the local filter hides some rows (changes the empty-state sentence).
    #[prop(into)]
    filtered: Signal<bool>,
    /// Quay refused the range: the filter bar says so, the table stays quiet.
    #[prop(into)]
    refused: Signal<bool>,
    on_open: Callback<Arc<Row>>,
) -> impl IntoView {
    let range = RwSignal::new((0_usize, 0_usize));
    // Load more when the visible rows come near the end of the matching rows (or nothing matches
    // yet): short and empty pages simply lead to the next request.
    effect(move || {
        let (_, end) = range.get();
        let len = shown.with(Vec::len);
        if end.saturating_add(PREFETCH_ROWS) >= len && loader.can_load() {
            loader.load_next();
        }
    });
    let row_at = move |i: usize| -> Option<Arc<Row>> {
        let index = shown.with(|s| s.get(i).copied())?;
        loader.rows.with(|rows| rows.get(index).cloned())
    };
    let render = Arc::new(move |i: usize| {
        view! {
            {move || row_at(i).map(|row| view! { <LogRow row=row show_namespace=show_namespace.get() on_open=on_open/> })}
        }
        .into_any()
    });
    let total = move || loader.rows.with(Vec::len);
    let count = move || shown.with(Vec::len);
    view! {
        <div class="logs-table" role="table" aria-label=t("logs.table.label") data-testid="logs-table"
            hidden=move || refused.get()
            aria-rowcount=move || (count() + 1).to_string()
            class:with-namespace=move || show_namespace.get()>
            <div class="grid-row grid-head logs-grid" role="row">
                <span role="columnheader">{t("logs.table.time")}</span>
                <span role="columnheader">{t("logs.table.event")}</span>
                <span role="columnheader">{t("logs.table.performer")}</span>
                <span role="columnheader">{t("logs.table.ip")}</span>
                {move || show_namespace.get().then(|| view! { <span role="columnheader">{t("logs.table.namespace")}</span> })}
            </div>
            <VirtualList len=Signal::derive(count) row_height=ROW_HEIGHT height=VIEWPORT row=render
                on_range=Callback::new(move |r| range.set(r)) label=t("logs.table.label") testid="logs-rows"/>
        </div>
        <div class="logs-table-status" aria-live="polite" hidden=move || refused.get()>
            <p class="muted" data-testid="logs-count">
                {move || tf("logs.table.count", &[("shown", &count().to_string()), ("loaded", &total().to_string())])}
                " "
                {move || if loader.finished() { t("logs.table.all_loaded") } else if loader.pages.get() > 0 { t("logs.table.more") } else { "" }}
                {move || loader.stale.get().then(|| view! { <span class="refreshing" data-testid="refreshing">{t("logs.table.refreshing")}</span> })}
            </p>
            <div hidden=move || !loader.loading.get()><Loading label=t("logs.table.loading")/></div>
            {move || loader.error.get().filter(|_| !refused.get()).map(|e| view! {
                <ErrorView error=e on_retry=Callback::new(move |()| loader.retry())/>
            })}
            <div class="empty-state" data-testid="empty-state" hidden=move || !(loader.finished() && count() == 0)>
                <p>{move || if filtered.get() && total() > 0 { t("logs.table.no_match") } else { t("logs.table.empty") }}</p>
            </div>
        </div>
    }
}

#[component]
fn LogRow(row: Arc<Row>, show_namespace: bool, on_open: Callback<Arc<Row>>) -> impl IntoView {
    let time = row
        .time
        .map_or_else(|| row.entry.datetime.clone(), format_utc);
    let performer = &row.performer;
    let who = performer
        .name
        .clone()
        .unwrap_or_else(|| t("logs.performer.nobody").to_owned());
    let badge = match performer.kind {
        PerformerKind::Robot => Some(t("logs.performer.robot")),
        PerformerKind::User | PerformerKind::Nobody => None,
    };
    let app = performer
        .application
        .clone()
        .map(|a| tf("logs.performer.via", &[("application", &a)]));
    let title = match &app {
        Some(a) => format!("{who} {a}"),
        None => who.clone(),
    };
    let ip = row.entry.ip.clone().unwrap_or_default();
    let namespace = show_namespace.then(|| row.namespace.clone().unwrap_or_default());
    let kind = row.entry.kind.clone();
    let sentence = row.sentence.clone();
    let full_sentence = sentence.clone();
    let unknown = !row.known;
    let label = tf("logs.table.open", &[("event", &sentence)]);
    let open = {
        let row = row.clone();
        move || on_open.run(row.clone())
    };
    let open_key = open.clone();
    view! {
        <div class="grid-row logs-grid logs-row" role="row" tabindex="0" data-testid="log-row" data-kind=kind.clone()
            aria-label=label
            on:click=move |_| open()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); open_key(); }>
            <span role="cell" class="mono logs-time">{time}</span>
            <span role="cell" class="logs-event" title=full_sentence>
                {unknown.then(|| view! { <span class="badge badge-warn" title=t("logs.table.unknown_kind")>{t("logs.table.raw")}</span>" " })}
                <span data-testid="log-sentence">{sentence}</span>
            </span>
            <span role="cell" class="logs-performer" title=title data-testid="log-performer">
                <span class:muted=performer.name.is_none()>{who}</span>
                {badge.map(|b| view! { " "<span class="badge">{b}</span> })}
                {app.map(|a| view! { " "<span class="badge badge-admin logs-app">{a}</span> })}
            </span>
            <span role="cell" class="mono">{ip}</span>
            {namespace.map(|ns| view! { <span role="cell">{ns}</span> })}
        </div>
    }
}
