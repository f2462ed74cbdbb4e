//! The organization mirror form's inputs, each bound to one field of the form's state and showing
//! the problems of that field (Quay's rules, checked before sending).

use leptos::prelude::*;

use crate::i18n::t;
use crate::model::org_mirror::form::{Form, FormProblem};

/// Reads one field of the form.
pub type Getter = fn(&Form) -> String;
/// Writes one field of the form.
pub type Setter = fn(&mut Form, String);

/// The problems among `problems` that belong to a field (`of`), in words.
fn messages(problems: RwSignal<Vec<FormProblem>>, of: &'static [FormProblem]) -> Option<String> {
    problems.with(|list| {
        let words: Vec<&str> = list
            .iter()
            .filter(|p| of.contains(p))
            .map(|p| t(p.key()))
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    })
}

/// A labelled text (or number) input with its hint and problems.
#[component]
pub fn TextField(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    get: Getter,
    set: Setter,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] of: &'static [FormProblem],
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let problems =
        use_context::<RwSignal<Vec<FormProblem>>>().unwrap_or_else(|| RwSignal::new(Vec::new()));
    let error = move || messages(problems, of);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    view! {
        <div class="field">
            <label for=id>{t(label)}{required.then_some(" *")}</label>
            <input id=id type=kind.unwrap_or("text") data-testid=id autocomplete="off" spellcheck="false"
                placeholder=placeholder aria-describedby=described
                aria-invalid=move || error().is_some().to_string()
                prop:value=move || form.with(get)
                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
            {hint.map(|h| view! { <span class="hint" id=hint_id.clone()>{t(h)}</span> })}
            <span class="invalid" id=error_id data-testid=format!("{id}-problem")>{error}</span>
        </div>
    }
}

/// A labelled checkbox bound to a boolean field.
#[component]
pub fn CheckField(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    get: fn(&Form) -> bool,
    set: fn(&mut Form, bool),
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="checkbox" id=id data-testid=id prop:checked=move || form.with(get)
                on:change=move |ev| { let v = event_target_checked(&ev); form.update(|f| set(f, v)); }/>
            " " {t(label)}
        </label>
    }
}

/// The problems of the form that no single input shows (none today: every problem has its field),
/// kept so a problem added to the model is never silently dropped.
#[must_use]
pub fn unplaced(problems: &[FormProblem]) -> Vec<FormProblem> {
    problems
        .iter()
        .copied()
        .filter(|p| !PLACED.contains(p))
        .collect()
}

/// Every problem that an input shows.
const PLACED: &[FormProblem] = &[
    FormProblem::RegistryType,
    FormProblem::UrlMissing,
    FormProblem::UrlScheme,
    FormProblem::UrlInvalid,
    FormProblem::NamespaceMissing,
    FormProblem::NamespaceTooLong,
    FormProblem::RobotMissing,
    FormProblem::RobotForeign,
    FormProblem::Visibility,
    FormProblem::Interval,
    FormProblem::StartDate,
    FormProblem::Timeout,
    FormProblem::Filter,
];
