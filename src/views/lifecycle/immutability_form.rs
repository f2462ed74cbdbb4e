//! The immutability policy dialog: the pattern (checked as Quay does before sending), whether it
//! locks the tags that match or those that do not, a live preview of the loaded tags it would
//! lock, and the warning that saving locks them at once. Quay's refusal shows on the form and
//! what was typed stays.

use leptos::prelude::*;

use super::pattern::Pattern;
use super::preview::{Outcome, Source};
use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::components::Dialog;
use crate::i18n::t;
use crate::model::lifecycle::{
    immutability_body, immutability_preview, ImmutabilityBody, ImmutabilityPolicy,
};
use crate::reactive::{effect, memo};
use crate::views::drafts::Draft;

#[component]
pub fn ImmutabilityForm(
    #[prop(into)] open: Signal<bool>,
    editing: RwSignal<Option<Option<ImmutabilityPolicy>>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    source: Source,
    /// The body, and the names the preview says it locks.
    on_submit: Callback<(ImmutabilityBody, Vec<String>)>,
    on_close: Callback<()>,
    /// What is typed, kept for the tab: `(uuid, (pattern, matches))`.
    kept: Draft,
) -> impl IntoView {
    let pattern = RwSignal::new(String::new());
    let matches = RwSignal::new(true);
    let tried = RwSignal::new(false);
    effect(move || {
        if let Some(current) = editing.get() {
            let uuid = current.as_ref().map(|p| p.uuid.clone());
            let (p, m) = kept
                .load::<(Option<String>, (String, bool))>()
                .filter(|(u, _)| *u == uuid)
                .map_or_else(
                    || {
                        current.as_ref().map_or_else(
                            || (String::new(), true),
                            |p| (p.tag_pattern.clone(), p.tag_pattern_matches),
                        )
                    },
                    |(_, fields)| fields,
                );
            pattern.set(p);
            matches.set(m);
            tried.set(false);
            error.set(None);
        }
    });
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        let uuid = editing.with_untracked(|e| e.clone().flatten().map(|p| p.uuid));
        kept.save(&(uuid, (pattern.get_untracked(), matches.get_untracked())));
    };
    let on_close = Callback::new(move |()| {
        kept.drop();
        on_close.run(());
    });
    let compiled = memo(move || Pattern::compile(&pattern.get()).err());
    let problem = memo(move || {
        let ok = compiled.with(Option::is_none);
        immutability_body(&pattern.get(), matches.get(), ok).err()
    });
    let preview = Signal::derive(move || {
        if problem.with(Option::is_some) {
            return None;
        }
        let re = Pattern::compile(&pattern.get()).ok()?;
        source.tags.with(|t| match t {
            Some(Ok(tags)) => Some(immutability_preview(tags, matches.get(), &|n| re.hit(n))),
            _ => Some((Vec::new(), 0)),
        })
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let ok = compiled.with_untracked(Option::is_none);
        if let Ok(body) = immutability_body(&pattern.get_untracked(), matches.get_untracked(), ok) {
            if !busy.get_untracked() {
                let locks = preview.get_untracked().map(|p| p.0).unwrap_or_default();
                on_submit.run((body, locks));
            }
        }
    };
    let title = Signal::derive(move || {
        if editing.with(|e| matches!(e, Some(Some(_)))) {
            t("lc.imm_edit_title")
        } else {
            t("lc.imm_create_title")
        }
        .to_owned()
    });
    let shown_problem = move || {
        if !tried.get() && pattern.with(String::is_empty) {
            return None;
        }
        problem.get().map(|p| match (p, compiled.get()) {
            (crate::model::lifecycle::PolicyProblem::PatternInvalid, Some(why)) => {
                format!("{} {why}", t(p.key()))
            }
            _ => t(p.key()).to_owned(),
        })
    };
    view! {
        <Dialog open=open title=title on_close=on_close testid="imm-dialog">
            <form class="lc-form" novalidate=true on:submit=submit
                on:input=move |_| save_draft() on:change=move |_| save_draft()>
                <label class="field">
                    <span>{t("lc.field_pattern")}" *"</span>
                    <input type="text" class="mono" data-testid="imm-pattern-input" autocomplete="off" spellcheck="false"
                        aria-invalid=move || shown_problem().is_some().then_some("true") aria-describedby="imm-problem imm-hint"
                        prop:value=move || pattern.get() on:input=move |ev| pattern.set(event_target_value(&ev))/>
                    <span class="hint" id="imm-hint">{t("lc.pattern_hint")}</span>
                </label>
                <fieldset class="field">
                    <legend>{t("lc.field_applies")}</legend>
                    <label class="choice"><input type="radio" name="imm-matches" data-testid="imm-matches"
                        prop:checked=move || matches.get() on:change=move |_| matches.set(true)/>" "{t("lc.applies_match")}</label>
                    <label class="choice"><input type="radio" name="imm-matches" data-testid="imm-nomatch"
                        prop:checked=move || !matches.get() on:change=move |_| matches.set(false)/>" "{t("lc.applies_nomatch")}</label>
                </fieldset>
                <p class="invalid" id="imm-problem" data-testid="imm-problem">{shown_problem}</p>
                <Outcome source=source result=preview key="lc.imm_preview"/>
                <p class="notice notice-warn" data-testid="imm-save-warning">{t("lc.imm_save_warning")}</p>
                {move || error.get().map(|e| view! {
                    <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p>
                })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="imm-save" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else { t("lc.save_lock") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
