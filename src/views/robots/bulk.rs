//! Delete the selected robots: confirm (typing a phrase for five or more), delete one by one with
//! visible progress, then show what happened to each robot.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{use_ctx, Robots};
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, Dialog};
use crate::i18n::{t, tf};
use crate::views::use_client;

/// From this many robots on, the confirmation asks to type a phrase.
const TYPE_TO_CONFIRM_FROM: usize = 5;
/// Names listed in the confirmation before "and N more".
const LISTED: usize = 8;

#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    name: String,
    error: Option<String>,
}

#[component]
pub(super) fn BulkDelete(
    open: RwSignal<bool>,
    selected: RwSignal<BTreeSet<String>>,
    #[prop(into)] all: Signal<Robots>,
) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let running = RwSignal::new(false);
    let total = RwSignal::new(0_usize);
    let outcomes = RwSignal::new(Vec::<Outcome>::new());
    let progress_open = RwSignal::new(false);

    let names = move || selected.with(|s| s.iter().cloned().collect::<Vec<_>>());
    let message = {
        let ns = ctx.owner.namespace.clone();
        move || {
            let list = names();
            let mut shown: Vec<String> = list
                .iter()
                .take(LISTED)
                .map(|s| format!("{ns}+{s}"))
                .collect();
            if list.len() > LISTED {
                shown.push(tf(
                    "robots.and_more",
                    &[("count", &(list.len() - LISTED).to_string())],
                ));
            }
            tf(
                "robots.bulk_message",
                &[
                    ("count", &list.len().to_string()),
                    ("names", &shown.join(", ")),
                ],
            )
        }
    };
    let phrase = move || {
        let n = selected.with(BTreeSet::len);
        (n >= TYPE_TO_CONFIRM_FROM).then(|| tf("robots.bulk_phrase", &[("count", &n.to_string())]))
    };
    let run_ctx = ctx.clone();
    let confirm = Callback::new(move |()| {
        // Single flight: a second confirm while the run is going sends nothing.
        if running.get_untracked() {
            return;
        }
        let list = names();
        let known: BTreeSet<String> =
            all.with_untracked(|a| a.iter().map(|r| r.short_name().to_owned()).collect());
        let (client, ctx) = (client.clone(), run_ctx.clone());
        open.set(false);
        outcomes.set(Vec::new());
        total.set(list.len());
        running.set(true);
        progress_open.set(true);
        spawn_local(async move {
            for short in list {
                let result = if known.contains(&short) {
                    let answer = api::robots::delete(&client, &ctx.owner, &short).await;
                    if crate::views::flight::signed_out(&answer) {
                        return;
                    }
                    answer.map_err(|e| describe(&e))
                } else {
                    Err(t("robots.gone").to_owned())
                };
                let name = ctx.owner.full_name(&short);
                outcomes.try_update(|o| {
                    o.push(Outcome {
                        name,
                        error: result.err(),
                    })
                });
                if outcomes.try_with_untracked(|o| o.last().is_some_and(|x| x.error.is_none()))
                    == Some(true)
                {
                    selected.try_update(|s| {
                        s.remove(&short);
                    });
                }
            }
            running.try_set(false);
            // The page is gone (a 401 signed out): nothing to report on.
            let Some((done, failed)) = outcomes.try_with_untracked(|o| {
                let failed = o.iter().filter(|x| x.error.is_some()).count();
                (o.len() - failed, failed)
            }) else {
                return;
            };
            if failed == 0 {
                toasts.success(tf("robots.bulk_done", &[("count", &done.to_string())]));
            } else {
                toasts.error(tf(
                    "robots.bulk_partial",
                    &[("done", &done.to_string()), ("failed", &failed.to_string())],
                ));
            }
            ctx.refresh();
        });
    });
    let percent = move || {
        let n = total.get().max(1);
        format!("{}%", outcomes.with(Vec::len) * 100 / n)
    };
    view! {
        <ConfirmDialog open=open title=t("robots.bulk_title").to_owned()
            message=Signal::derive(message) confirm_label=t("common.delete").to_owned()
            type_to_confirm=Signal::derive(phrase)
            on_confirm=confirm on_cancel=Callback::new(move |()| open.set(false))/>
        <Dialog open=progress_open title=t("robots.bulk_progress_title").to_owned()
            on_close=Callback::new(move |()| if !running.get_untracked() { progress_open.set(false) })
            testid="bulk-progress">
            <p aria-live="polite" data-testid="bulk-status">
                {move || if running.get() {
                    tf("robots.bulk_running", &[("done", &outcomes.with(Vec::len).to_string()), ("total", &total.get().to_string())])
                } else {
                    t("robots.bulk_finished").to_owned()
                }}
            </p>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax=move || total.get()
                aria-valuenow=move || outcomes.with(Vec::len)>
                <div style:width=percent></div>
            </div>
            <table class="data bulk-results" data-testid="bulk-results">
                <thead><tr><th scope="col">{t("robots.col_name")}</th><th scope="col">{t("robots.result")}</th></tr></thead>
                <tbody>
                    <For each=move || outcomes.get() key=|o| o.name.clone() let:o>
                        <tr data-testid="bulk-result" data-ok=o.error.is_none().to_string()>
                            <td>{o.name.clone()}</td>
                            <td class:field-error=o.error.is_some()>
                                {o.error.clone().unwrap_or_else(|| t("robots.deleted").to_owned())}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="bulk-close" prop:disabled=move || running.get()
                    on:click=move |_| progress_open.set(false)>{t("common.close")}</button>
            </div>
        </Dialog>
    }
    .into_any()
}
