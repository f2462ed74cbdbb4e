//! The filter bar: date range (sent to Quay), performer (sent to Quay where it can filter, else
//! applied here), kinds and free text (applied to the loaded entries). Everything lives in the URL;
//! a refused range (the console's own check or Quay's 400) is shown here, under the dates.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::logs::filter::{LogFilter, RangeError, Window};
use crate::reactive::{effect, memo};

/// How long typing in the performer field waits before asking Quay.
const PERFORMER_DEBOUNCE_MS: u64 = 450;

#[derive(Clone, Copy)]
enum End {
    From,
    To,
}

fn range_message(error: &RangeError) -> String {
    match error {
        RangeError::BadFrom(text) => tf("logs.filter.bad_from", &[("value", text)]),
        RangeError::BadTo(text) => tf("logs.filter.bad_to", &[("value", text)]),
        RangeError::Reversed => t("logs.filter.reversed").to_owned(),
    }
}

#[component]
pub fn FilterBar(
    filter: Memo<LogFilter>,
    window: Memo<Result<Window, RangeError>>,
    /// Quay's refusal of the range, already in words.
    #[prop(into)]
    refusal: Signal<Option<String>>,
    /// Kinds offered in the picker.
    #[prop(into)]
    kinds: Signal<Vec<String>>,
    #[prop(into)] server_performer: Signal<bool>,
    /// A new filter, and whether it replaces the history entry (typing) or adds one.
    on_change: Callback<(LogFilter, bool)>,
) -> impl IntoView {
    let set_date = move |end: End, value: String| {
        let mut next = filter.get_untracked();
        // Changing one end pins the other where it is shown, so it does not move by itself.
        if let Ok(w) = window.get_untracked() {
            if next.from.is_empty() {
                next.from = w.start.iso();
            }
            if next.to.is_empty() {
                next.to = w.end.iso();
            }
        }
        match end {
            End::From => next.from = value,
            End::To => next.to = value,
        }
        on_change.run((next, false));
    };
    let shown_date = move |end: End| {
        let f = filter.get();
        let raw = match end {
            End::From => f.from,
            End::To => f.to,
        };
        match window.get() {
            Ok(w) if raw.is_empty() => match end {
                End::From => w.start.iso(),
                End::To => w.end.iso(),
            },
            _ => raw,
        }
    };
    let problem = memo(move || match window.get() {
        Err(e) => Some(range_message(&e)),
        Ok(_) => refusal.get(),
    });

    // The performer field: typed text, applied after a pause or on Enter.
    let url_performer = memo(move || filter.with(|f| f.performer.clone()));
    let typed = RwSignal::new(url_performer.get_untracked());
    effect(move || typed.set(url_performer.get()));
    let pending = StoredValue::new(0_u32);
    let apply_performer = move || {
        let mut next = filter.get_untracked();
        next.performer = typed.get_untracked().trim().to_owned();
        if next != filter.get_untracked() {
            on_change.run((next, true));
        }
    };
    let on_performer = move |ev: leptos::ev::Event| {
        typed.set(event_target_value(&ev));
        let ticket = pending.get_value().wrapping_add(1);
        pending.set_value(ticket);
        set_timeout(
            move || {
                if pending.try_get_value() == Some(ticket) {
                    apply_performer();
                }
            },
            std::time::Duration::from_millis(PERFORMER_DEBOUNCE_MS),
        );
    };

    let kinds_label = move || {
        let n = filter.with(|f| f.kinds.len());
        if n == 0 {
            t("logs.filter.kinds_all").to_owned()
        } else {
            tf("logs.filter.kinds_some", &[("count", &n.to_string())])
        }
    };
    let window_text = move || {
        window.get().ok().map(|w| {
            tf(
                "logs.filter.window",
                &[
                    ("days", &w.days().to_string()),
                    ("from", &w.start.iso()),
                    ("to", &w.end.iso()),
                ],
            )
        })
    };
    view! {
        <form class="logs-filters" role="search" aria-label=t("logs.filter.label") data-testid="logs-filters"
            on:submit=move |ev| { ev.prevent_default(); apply_performer(); }>
            <label class="field">
                <span>{t("logs.filter.from")}</span>
                <input type="date" data-testid="logs-from" aria-describedby="logs-range-problem"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    prop:value=move || shown_date(End::From)
                    on:change=move |ev| set_date(End::From, event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{t("logs.filter.to")}</span>
                <input type="date" data-testid="logs-to" aria-describedby="logs-range-problem"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    prop:value=move || shown_date(End::To)
                    on:change=move |ev| set_date(End::To, event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{t("logs.filter.performer")}</span>
                <input type="search" data-testid="logs-performer" autocomplete="off" spellcheck="false"
                    placeholder=t("logs.filter.performer_placeholder")
                    prop:value=move || typed.get()
                    on:input=on_performer
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); apply_performer(); }/>
                <span class="hint">{move || if server_performer.get() { t("logs.filter.performer_server") } else { t("logs.filter.performer_local") }}</span>
            </label>
            <div class="field logs-kinds">
                <span id="logs-kinds-label">{t("logs.filter.kinds")}</span>
                <details data-testid="logs-kinds">
                    <summary>{kinds_label}</summary>
                    <fieldset aria-labelledby="logs-kinds-label">
                        {move || {
                            let all = kinds.get();
                            if all.is_empty() {
                                return view! { <p class="muted">{t("logs.filter.kinds_none")}</p> }.into_any();
                            }
                            all.into_iter().map(|kind| {
                                let k = kind.clone();
                                let checked = move || filter.with(|f| f.kinds.contains(&k));
                                let toggle = kind.clone();
                                view! {
                                    <label class="logs-kind-option">
                                        <input type="checkbox" data-kind=kind.clone() prop:checked=checked
                                            on:change=move |_| on_change.run((filter.get_untracked().toggled_kind(&toggle), false))/>
                                        <code>{kind}</code>
                                    </label>
                                }
                            }).collect_view().into_any()
                        }}
                    </fieldset>
                </details>
            </div>
            <label class="field logs-search">
                <span>{t("logs.filter.search")}</span>
                <input type="search" data-testid="logs-search" placeholder=t("logs.filter.search_placeholder")
                    prop:value=move || filter.with(|f| f.q.clone())
                    on:input=move |ev| {
                        let mut next = filter.get_untracked();
                        next.q = event_target_value(&ev);
                        on_change.run((next, true));
                    }/>
            </label>
            <div class="field logs-clear">
                <span class="visually-hidden">{t("logs.filter.clear")}</span>
                <button type="button" class="btn" data-testid="logs-clear"
                    prop:disabled=move || filter.with(|f| *f == LogFilter::default())
                    on:click=move |_| on_change.run((LogFilter::default(), false))>{t("logs.filter.clear")}</button>
            </div>
        </form>
        <div class="logs-filter-status">
            <p id="logs-range-problem" class="field-error" role="alert" data-testid="logs-range-error"
                hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <p class="muted" data-testid="logs-window">{window_text}</p>
            {move || {
                let selected = filter.with(|f| f.kinds.clone());
                (!selected.is_empty()).then(|| view! {
                    <ul class="chips logs-kind-chips" aria-label=t("logs.filter.kinds_selected")>
                        {selected.into_iter().map(|kind| {
                            let toggle = kind.clone();
                            view! {
                                <li><button type="button" class="chip" data-testid="logs-kind-chip"
                                    aria-label=tf("logs.filter.kind_remove", &[("kind", &kind)])
                                    on:click=move |_| on_change.run((filter.get_untracked().toggled_kind(&toggle), false))>
                                    <code>{kind.clone()}</code>" ×"
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}
