//! Sync history: the repository's `repo_mirror_*` log events of the last 30 days, newest first,
//! read page by page (following `next_page`, even past short or empty pages) until a screenful of
//! events is in; "Load older" continues. Failures show the worker's error output.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::time::{local, now, relative};
use super::words;
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::mirrors::history::{
    history_items, newest_first, window, HistoryItem, EVENTS_PER_STEP, HISTORY_DAYS,
    MAX_PAGES_PER_STEP,
};
use crate::reactive::effect;
use crate::views::use_client;

#[component]
pub fn SyncHistory(
    ns: String,
    repo: String,
    /// Bumped by the page to read the history again (a sync ended, the config changed).
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let client = use_client();
    let items = RwSignal::new(Vec::<HistoryItem>::new());
    let next = StoredValue::new(None::<String>);
    let range = StoredValue::new(window(now()));
    let done = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let generation = StoredValue::new(0_u32);
    let target = StoredValue::new((ns, repo));

    let step = Callback::new(move |reset: bool| {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        if reset {
            items.set(Vec::new());
            next.set_value(None);
            range.set_value(window(now()));
            done.set(false);
        }
        error.set(None);
        loading.set(true);
        let client = client.clone();
        let (ns, repo) = target.get_value();
        spawn_local(async move {
            let (start, end) = range.get_value();
            let mut found = 0;
            for _ in 0..MAX_PAGES_PER_STEP {
                let token = next.get_value();
                let page =
                    api::mirrors::repo_logs(&client, &ns, &repo, (&start, &end), token.as_deref())
                        .await;
                if generation.try_get_value() != Some(this) {
                    return; // superseded, or the view went away
                }
                match page {
                    Ok(page) => {
                        let new = history_items(&page.logs);
                        found += new.len();
                        items.update(|all| {
                            all.extend(new);
                            newest_first(all);
                        });
                        next.set_value(page.next().map(str::to_owned));
                        if page.next().is_none() {
                            done.set(true);
                            break;
                        }
                        if found >= EVENTS_PER_STEP {
                            break;
                        }
                    }
                    Err(e) => {
                        error.set(Some(e));
                        break;
                    }
                }
            }
            loading.set(false);
        });
    });
    effect(move || {
        refresh.track();
        step.run(true);
    });
    on_cleanup(move || {
        generation.try_set_value(u32::MAX);
    });

    view! {
        <div class="mirror-history" data-testid="mirror-history">
            <p class="hint">{tf("mirrors.history.window", &[("days", &HISTORY_DAYS.to_string())])}</p>
            <ol class="mirror-events" aria-label=t("mirrors.history.title")>
                <For each=move || items.get().into_iter().enumerate() key=|(i, item)| (*i, item.raw_kind.clone(), item.datetime.clone()) let:entry>
                    <HistoryRow item=entry.1/>
                </For>
            </ol>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |()| step.run(false))/> })}
            {move || loading.get().then(|| view! { <Loading label=t("mirrors.history.loading")/> })}
            {move || (!loading.get() && error.with(Option::is_none) && done.get() && items.with(Vec::is_empty)).then(|| view! {
                <EmptyState message=tf("mirrors.history.empty", &[("days", &HISTORY_DAYS.to_string())])/>
            })}
            {move || (!loading.get() && !done.get() && error.with(Option::is_none)).then(|| view! {
                <button type="button" class="btn" data-testid="mirror-history-more"
                    on:click=move |_| step.run(false)>{t("mirrors.history.more")}</button>
            })}
        </div>
    }
}

#[component]
fn HistoryRow(item: HistoryItem) -> impl IntoView {
    let badge = if item.kind.is_failure() {
        "badge badge-danger"
    } else if item.kind.is_success() {
        "badge badge-ok"
    } else {
        "badge"
    };
    let when = item.at.map_or_else(
        || item.datetime.clone(),
        |at| format!("{} · {}", local(at), relative(at, now())),
    );
    let who = item.performer.clone().map_or_else(
        || t("mirrors.history.worker").to_owned(),
        |p| tf("mirrors.history.by", &[("user", &p)]),
    );
    let change = item.change.clone().map(|(field, to)| {
        let to = if to.is_empty() {
            t("mirrors.none").to_owned()
        } else {
            to
        };
        tf("mirrors.history.change", &[("field", &field), ("to", &to)])
    });
    view! {
        <li class="mirror-event" data-testid="mirror-history-item" data-kind=item.raw_kind.clone()>
            <div class="mirror-event-head">
                <span class=badge>{words::event(item.kind, &item.raw_kind)}</span>
                <time class="muted">{when}</time>
                <span class="muted">{who}</span>
            </div>
            {item.message.clone().map(|m| view! { <p class="mirror-event-text">{m}</p> })}
            {item.tag.clone().map(|tag| view! { <p class="mirror-event-text"><code>{tag}</code></p> })}
            {change.map(|c| view! { <p class="mirror-event-text">{c}</p> })}
            {item.error.clone().map(|e| view! {
                <pre class="mirror-error" data-testid="mirror-history-error">{e}</pre>
            })}
        </li>
    }
}
