//! The entry drawer: everything about one entry, with its raw metadata as Quay sent it.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::CopyButton;
use crate::i18n::t;
use crate::model::logs::date::format_utc;
use crate::model::logs::filter::Row;
use crate::reactive::effect;

#[component]
pub fn EntryDrawer(row: RwSignal<Option<Arc<Row>>>) -> impl IntoView {
    let close_button = NodeRef::<html::Button>::new();
    // Where focus was when the drawer opened (the row), to return it on close.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    // Focus the close button when an entry opens, so Escape and Tab start in the drawer.
    effect(move || {
        if row.with(Option::is_some) {
            if let Some(button) = close_button.get() {
                if opener.with_value(Option::is_none) {
                    let active = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    opener.set_value(active);
                }
                let _ = button.focus();
            }
        }
    });
    let close = move || {
        row.set(None);
        if let Some(el) = opener.try_update_value(Option::take).flatten() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    };
    // Escape closes the drawer wherever the focus is (the close button may have lost it), unless a
    // dialog on top of it takes it.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let dialog_open = document()
            .query_selector("dialog[open]")
            .ok()
            .flatten()
            .is_some();
        if ev.key() == "Escape" && !dialog_open && row.with_untracked(Option::is_some) {
            close();
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        {move || row.get().map(|r| {
            let time = r.time.map_or_else(|| r.entry.datetime.clone(), |s| format!("{} UTC", format_utc(s)));
            let raw = serde_json::to_string_pretty(&r.entry.metadata).unwrap_or_default();
            let whole = serde_json::to_string_pretty(&r.entry).unwrap_or_default();
            let performer = r.performer.name.clone().unwrap_or_else(|| t("logs.performer.nobody").to_owned());
            view! {
                <aside class="drawer logs-drawer" role="dialog" aria-labelledby="logs-drawer-title" data-testid="log-drawer">
                    <header class="logs-drawer-head">
                        <h2 id="logs-drawer-title">{r.sentence.clone()}</h2>
                        <button type="button" class="btn-icon" node_ref=close_button aria-label=t("common.close")
                            data-testid="log-drawer-close" on:click=move |_| close()>"×"</button>
                    </header>
                    <dl class="kv">
                        <dt>{t("logs.drawer.time")}</dt><dd>{time}</dd>
                        <dt>{t("logs.drawer.kind")}</dt><dd><code data-testid="log-drawer-kind">{r.entry.kind.clone()}</code></dd>
                        <dt>{t("logs.drawer.performer")}</dt>
                        <dd>{performer}" "<span class="badge">{r.performer.category()}</span></dd>
                        {r.performer.application.clone().map(|a| view! {
                            <dt>{t("logs.drawer.application")}</dt><dd>{a}</dd>
                        })}
                        <dt>{t("logs.drawer.ip")}</dt><dd class="mono">{r.entry.ip.clone().unwrap_or_else(|| "—".into())}</dd>
                        {r.namespace.clone().map(|ns| view! { <dt>{t("logs.drawer.namespace")}</dt><dd>{ns}</dd> })}
                        {r.repo.clone().map(|repo| view! { <dt>{t("logs.drawer.repository")}</dt><dd>{repo}</dd> })}
                    </dl>
                    <h3>{t("logs.drawer.metadata")}</h3>
                    <pre class="code" data-testid="log-metadata">{raw}</pre>
                    <div class="actions">
                        <CopyButton text=Signal::derive(move || whole.clone()) label=t("logs.drawer.copy")/>
                    </div>
                </aside>
            }
        })}
    }
}
