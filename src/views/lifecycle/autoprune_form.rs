//! The auto-prune policy dialog: by number of tags (a whole number above zero, sent as a JSON
//! integer) or by age (`7d`, `2w`: a string), an optional tag pattern and whether it selects the
//! tags that match or those that do not; a preview of what it would prune among loaded tags.
//! Checked as Quay types the values before sending; Quay's refusal shows on the form.

use leptos::prelude::*;

use super::pattern::Pattern;
use super::preview::{Outcome, Source};
use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::components::Dialog;
use crate::i18n::t;
use crate::model::lifecycle::{
    autoprune_body, prune_preview, AutopruneBody, AutoprunePolicy, PolicyProblem, PruneMethod,
};
use crate::reactive::{effect, memo};
use crate::views::drafts::Draft;

/// Now, in unix seconds.
fn now() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = (js_sys::Date::now() / 1000.0) as i64;
    now
}

#[component]
pub fn AutopruneForm(
    #[prop(into)] open: Signal<bool>,
    editing: RwSignal<Option<Option<AutoprunePolicy>>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    source: Source,
    on_submit: Callback<AutopruneBody>,
    on_close: Callback<()>,
    /// What is typed, kept for the tab: `(uuid, (method, value, pattern, matches))`.
    kept: Draft,
) -> impl IntoView {
    let method = RwSignal::new(PruneMethod::NumberOfTags.as_str().to_owned());
    let value = RwSignal::new(String::new());
    let pattern = RwSignal::new(String::new());
    let matches = RwSignal::new(true);
    let tried = RwSignal::new(false);
    effect(move || {
        if let Some(current) = editing.get() {
            let uuid = current.as_ref().map(|p| p.uuid.clone());
            let draft = kept
                .load::<(Option<String>, (String, String, String, bool))>()
                .filter(|(u, _)| *u == uuid);
            let p = current.unwrap_or_default();
            let (m, v, pat, hit) = draft.map_or_else(
                || {
                    let m = if p.method.is_empty() {
                        PruneMethod::NumberOfTags.as_str().to_owned()
                    } else {
                        p.method.clone()
                    };
                    let pat = p.tag_pattern.clone().unwrap_or_default();
                    (m, p.value_text(), pat, p.matches())
                },
                |(_, fields)| fields,
            );
            method.set(m);
            value.set(v);
            pattern.set(pat);
            matches.set(hit);
            tried.set(false);
            error.set(None);
        }
    });
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        let uuid = editing.with_untracked(|e| e.clone().flatten().map(|p| p.uuid));
        let fields = (
            method.get_untracked(),
            value.get_untracked(),
            pattern.get_untracked(),
            matches.get_untracked(),
        );
        kept.save(&(uuid, fields));
    };
    let on_close = Callback::new(move |()| {
        kept.drop();
        on_close.run(());
    });
    let compiled = memo(move || {
        let p = pattern.get();
        if p.trim().is_empty() {
            None
        } else {
            Pattern::compile(p.trim()).err()
        }
    });
    let body = memo(move || {
        autoprune_body(
            &method.get(),
            &value.get(),
            &pattern.get(),
            matches.get(),
            compiled.with(Option::is_none),
        )
    });
    let preview = Signal::derive(move || {
        let body = body.get().ok()?;
        let re = body
            .tag_pattern
            .as_deref()
            .and_then(|p| Pattern::compile(p).ok());
        let hit = |n: &str| re.as_ref().is_some_and(|r| r.hit(n));
        source.tags.with(|t| match t {
            Some(Ok(tags)) => {
                let hit: Option<&dyn Fn(&str) -> bool> =
                    if re.is_some() { Some(&hit) } else { None };
                Some((prune_preview(tags, &body, now(), hit), 0))
            }
            _ => Some((Vec::new(), 0)),
        })
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if let Ok(b) = body.get_untracked() {
            if !busy.get_untracked() {
                on_submit.run(b);
            }
        }
    };
    let title = Signal::derive(move || {
        if editing.with(|e| matches!(e, Some(Some(_)))) {
            t("lc.prune_edit_title")
        } else {
            t("lc.prune_create_title")
        }
        .to_owned()
    });
    let shown_problem = move || {
        if !tried.get() && value.with(String::is_empty) {
            return None;
        }
        body.get().err().map(|p| match (p, compiled.get()) {
            (PolicyProblem::PatternInvalid, Some(why)) => format!("{} {why}", t(p.key())),
            _ => t(p.key()).to_owned(),
        })
    };
    let value_hint = move || {
        if method.get() == PruneMethod::CreationDate.as_str() {
            t("lc.age_hint")
        } else {
            t("lc.count_hint")
        }
    };
    view! {
        <Dialog open=open title=title on_close=on_close testid="prune-dialog">
            <form class="lc-form" novalidate=true on:submit=submit
                on:input=move |_| save_draft() on:change=move |_| save_draft()>
                <label class="field">
                    <span>{t("lc.field_method")}</span>
                    <select data-testid="prune-method" prop:value=move || method.get()
                        on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value=PruneMethod::NumberOfTags.as_str()>{t("lc.method_count")}</option>
                        <option value=PruneMethod::CreationDate.as_str()>{t("lc.method_age")}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{t("lc.field_value")}" *"</span>
                    <input type="text" data-testid="prune-value" autocomplete="off" aria-describedby="prune-problem prune-value-hint"
                        aria-invalid=move || shown_problem().is_some().then_some("true")
                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    <span class="hint" id="prune-value-hint">{value_hint}</span>
                </label>
                <label class="field">
                    <span>{t("lc.field_pattern_optional")}</span>
                    <input type="text" class="mono" data-testid="prune-pattern" autocomplete="off" spellcheck="false"
                        prop:value=move || pattern.get() on:input=move |ev| pattern.set(event_target_value(&ev))/>
                    <span class="hint">{t("lc.pattern_hint")}</span>
                </label>
                <fieldset class="field">
                    <legend>{t("lc.field_prune_applies")}</legend>
                    <label class="choice"><input type="radio" name="prune-matches" data-testid="prune-matches"
                        prop:checked=move || matches.get() on:change=move |_| matches.set(true)/>" "{t("lc.applies_match")}</label>
                    <label class="choice"><input type="radio" name="prune-matches" data-testid="prune-nomatch"
                        prop:checked=move || !matches.get() on:change=move |_| matches.set(false)/>" "{t("lc.applies_nomatch")}</label>
                </fieldset>
                <p class="invalid" id="prune-problem" data-testid="prune-problem">{shown_problem}</p>
                <Outcome source=source result=preview key="lc.prune_preview"/>
                <p class="muted">{t("lc.prune_schedule")}</p>
                {move || error.get().map(|e| view! {
                    <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p>
                })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="prune-save" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else { t("common.save") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
