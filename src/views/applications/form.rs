//! The create / edit dialog of an application. It validates with Quay's rules before sending,
//! keeps what was typed when Quay refuses, and shows Quay's message on the form.
//!
//! With `draft`, what is typed is kept for the tab ([`crate::views::drafts`], form `app-form`) and
//! comes back when the dialog opens again (e.g. after a 401 and a new sign-in); closing the dialog
//! drops it, and the page drops it once the save went through. With `conflict`, the dialog shows
//! both versions when someone else changed the application meanwhile.

use leptos::prelude::*;

use super::use_config;
use crate::api::ApiError;
use crate::auth;
use crate::components::error_view::describe;
use crate::components::{ConflictPanel, Dialog, FieldDiff};
use crate::i18n::t;
use crate::model::applications::{AppField, ApplicationForm};
use crate::reactive::{effect, memo};
use crate::views::drafts;

/// The drafts' form name ([`crate::views::drafts`]).
pub const DRAFT: &str = "app-form";

#[component]
pub fn AppFormDialog(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] submit_label: String,
    /// The fields as the dialog opens (empty to create, the application's to edit).
    #[prop(into)]
    initial: Signal<ApplicationForm>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    on_submit: Callback<ApplicationForm>,
    on_close: Callback<()>,
    testid: &'static str,
    /// Keeps a draft under this scope (the organization, or organization/client id).
    #[prop(optional, into)]
    draft: Option<String>,
    /// Someone else's changes, field by field, and the two choices.
    #[prop(optional)]
    conflict: Option<RwSignal<Vec<FieldDiff>>>,
    #[prop(optional)] on_keep_theirs: Option<Callback<()>>,
    #[prop(optional)] on_save_mine: Option<Callback<()>>,
) -> impl IntoView {
    let draft = StoredValue::new(draft);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let application_uri = RwSignal::new(String::new());
    let redirect_uri = RwSignal::new(String::new());
    let avatar_email = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    effect(move || {
        if open.try_get().unwrap_or(false) {
            let kept = draft
                .get_value()
                .and_then(|scope| drafts::load::<ApplicationForm>(DRAFT, &scope));
            let form = kept.unwrap_or_else(|| initial.get_untracked());
            name.set(form.name);
            description.set(form.description);
            application_uri.set(form.application_uri);
            redirect_uri.set(form.redirect_uri);
            avatar_email.set(form.avatar_email);
            tried.set(false);
            error.set(None);
        }
    });
    let form = move || ApplicationForm {
        name: name.get(),
        description: description.get(),
        application_uri: application_uri.get(),
        redirect_uri: redirect_uri.get(),
        avatar_email: avatar_email.get(),
    };
    effect(move || {
        let current = form();
        if let Some(scope) = draft.get_value() {
            // `open` untracked: opening must not save the fields of a previous opening.
            if open.get_untracked() && current != initial.get_untracked() {
                drafts::save(DRAFT, &scope, &current);
            }
        }
    });
    let on_close = Callback::new(move |()| {
        if let Some(scope) = draft.get_value() {
            drafts::drop(DRAFT, &scope);
        }
        on_close.run(());
    });
    let problems = memo(move || {
        if tried.get() {
            form().validate()
        } else {
            Vec::new()
        }
    });
    let problem = move |field: AppField| {
        Signal::derive(move || {
            problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, key)| *key))
        })
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let current = form();
        if current.validate().is_empty() && !busy.get_untracked() {
            on_submit.run(current);
        }
    };
    let own = auth::own_redirect_uri(&use_config());
    let submit_label = StoredValue::new(submit_label);
    view! {
        <Dialog open=open title=title on_close=on_close testid=testid>
            <form class="app-form" novalidate=true on:submit=submit>
                <TextField label=t("applications.field_name") value=name problem=problem(AppField::Name)
                    testid="app-name" required=true/>
                <label class="field">
                    <span>{t("applications.field_description")}</span>
                    <textarea rows="2" data-testid="app-description" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                <TextField label=t("applications.field_application_uri") value=application_uri
                    problem=problem(AppField::ApplicationUri) testid="app-application-uri" kind="url"/>
                <TextField label=t("applications.field_redirect_uri") value=redirect_uri
                    problem=problem(AppField::RedirectUri) testid="app-redirect-uri" kind="url"/>
                <p class="hint redirect-hint">
                    {t("applications.redirect_hint")}" "<code data-testid="console-redirect-uri">{own.clone()}</code>" "
                    <button type="button" class="btn btn-small" data-testid="use-console-redirect"
                        on:click={
                            let own = own.clone();
                            move |_| redirect_uri.set(own.clone())
                        }>{t("applications.use_console_redirect")}</button>
                </p>
                <TextField label=t("applications.field_avatar_email") value=avatar_email
                    problem=problem(AppField::AvatarEmail) testid="app-avatar-email" kind="email"/>
                {move || error.get().map(|e| view! {
                    <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p>
                })}
                {move || conflict.filter(|c| c.with(|c| !c.is_empty())).map(|c| view! {
                    <ConflictPanel fields=c busy=busy
                        on_keep_theirs=on_keep_theirs.unwrap_or_else(|| Callback::new(|()| {}))
                        on_save_mine=on_save_mine.unwrap_or_else(|| Callback::new(|()| {}))/>
                })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="app-save" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working").to_owned() } else { submit_label.get_value() }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// A labelled text input with its validation message.
#[component]
fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    problem: Signal<Option<&'static str>>,
    testid: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let message_id = format!("{testid}-problem");
    view! {
        <label class="field">
            <span>{label}{required.then_some(" *")}</span>
            <input type=kind data-testid=testid autocomplete="off" required=required
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby=message_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <span class="invalid" id=message_id data-testid=format!("{testid}-problem")>
                {move || problem.get().map(t)}
            </span>
        </label>
    }
}
