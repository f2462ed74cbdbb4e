//! The mirror form's inputs: labelled text and check fields, the tag pattern list, the interval
//! with its unit, the robot picker and the architecture filter.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::mirrors::draft::{split_tags, ARCHITECTURES};
use crate::model::mirrors::time::IntervalUnit;
use crate::model::order::sort_by_key;

use super::time::unit_word;

/// A labelled input with an optional hint and an error tied to it (`aria-describedby`).
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    /// Also the base of the element ids.
    #[prop(into)]
    testid: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Id of a `<datalist>` of suggestions.
    #[prop(optional, into)]
    list: Option<String>,
) -> impl IntoView {
    let id = format!("mirror-{testid}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind.unwrap_or("text") data-testid=testid
                placeholder=placeholder autocomplete=autocomplete.unwrap_or("off") list=list
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev)) />
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
            {move || error.get().map(|e| view! { <span class="field-error" id=error_id.clone()>{e}</span> })}
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckField(
    #[prop(into)] label: String,
    #[prop(into)] testid: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            <span>{label}</span>
            {hint.map(|h| view! { <span class="hint">{h}</span> })}
        </label>
    }
}

/// The tag patterns, edited as a list: chips with a remove button, and a box that adds what is
/// typed or pasted (commas and spaces separate patterns) on Enter or "Add".
#[component]
pub fn TagList(
    #[prop(into)] tags: Signal<Vec<String>>,
    #[prop(into)] pending: Signal<String>,
    #[prop(into)] on_pending: Callback<String>,
    #[prop(into)] on_change: Callback<Vec<String>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let add = move || {
        let text = pending.get_untracked();
        if split_tags(&text).is_empty() {
            return;
        }
        let mut list = tags.get_untracked();
        crate::model::mirrors::draft::add_tags(&mut list, &text);
        on_change.run(list);
        on_pending.run(String::new());
    };
    let remove = move |tag: String| {
        let list: Vec<String> = tags
            .get_untracked()
            .into_iter()
            .filter(|t| *t != tag)
            .collect();
        on_change.run(list);
    };
    view! {
        <div class="field" role="group" aria-labelledby="mirror-tags-label">
            <span id="mirror-tags-label">{t("mirrors.form.tags")}</span>
            <ul class="mirror-tags" data-testid="mirror-tags">
                <For each=move || tags.get() key=|tag| tag.clone() let:tag>
                    {
                        let label = tf("mirrors.form.tag_remove", &[("tag", &tag)]);
                        let value = tag.clone();
                        view! {
                            <li class="chip">
                                <code>{tag.clone()}</code>
                                <button type="button" class="btn-icon" aria-label=label
                                    on:click=move |_| remove(value.clone())>"×"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="mirror-inline">
                <input id="mirror-tag-input" type="text" data-testid="mirror-tag-input" autocomplete="off"
                    aria-label=t("mirrors.form.tag_new") placeholder=t("mirrors.form.tag_placeholder")
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || pending.get()
                    on:input=move |ev| on_pending.run(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    } />
                <button type="button" class="btn" data-testid="mirror-tag-add" on:click=move |_| add()>
                    {t("mirrors.form.tag_add")}
                </button>
            </div>
            <span class="hint">{t("mirrors.form.tags_hint")}</span>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </div>
    }
}

/// The sync interval: a whole number and its unit.
#[component]
pub fn IntervalField(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] unit: Signal<IntervalUnit>,
    #[prop(into)] on_value: Callback<String>,
    #[prop(into)] on_unit: Callback<IntervalUnit>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="mirror-interval">{t("mirrors.form.interval")}</label>
            <div class="mirror-inline">
                <input id="mirror-interval" type="number" min="1" step="1" data-testid="mirror-interval"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || value.get()
                    on:input=move |ev| on_value.run(event_target_value(&ev)) />
                <select data-testid="mirror-interval-unit" aria-label=t("mirrors.form.interval_unit")
                    on:change=move |ev| {
                        if let Some(u) = IntervalUnit::parse(&event_target_value(&ev)) {
                            on_unit.run(u);
                        }
                    }>
                    {IntervalUnit::ALL.into_iter().map(|u| view! {
                        <option value=u.as_str() prop:selected=move || unit.get() == u>{unit_word(u)}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || error.get().map(|e| view! { <span class="field-error">{e}</span> })}
        </div>
    }
}

/// The architecture filter: none checked means every architecture.
#[component]
pub fn ArchitectureField(
    #[prop(into)] chosen: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="mirror-arch" data-testid="mirror-architectures">
            <legend>{t("mirrors.form.architectures")}</legend>
            {ARCHITECTURES.into_iter().map(|arch| view! {
                <label class="check">
                    <input type="checkbox" value=arch
                        prop:checked=move || chosen.with(|c| c.iter().any(|a| a == arch))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut list: Vec<String> = chosen.get_untracked().into_iter().filter(|a| a != arch).collect();
                            if on {
                                list.push(arch.to_owned());
                                sort_by_key(&mut list, |a| ARCHITECTURES.iter().position(|x| x == a));
                            }
                            on_change.run(list);
                        } />
                    <code>{arch}</code>
                </label>
            }).collect_view()}
            <span class="hint">{t("mirrors.form.architectures_hint")}</span>
        </fieldset>
    }
}
