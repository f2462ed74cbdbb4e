//! One application (`?app=CLIENT_ID`): its credentials (secret masked, reveal, copy, reset), edit,
//! delete, what its redirect URI means for this console, token generation and its tokens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::form::{AppFormDialog, DRAFT};
use super::generate::GenerateToken;
use super::issued::IssuedTokens;
use super::redirect::RedirectCheck;
use super::{app_route, use_config};
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, CopyButton, ErrorView, FieldDiff, Loading};
use crate::i18n::{t, tf};
use crate::model::applications::{mask, Application, ApplicationForm};
use crate::reactive::resource;
use crate::views::{drafts, use_client, use_go};

#[component]
pub fn ApplicationDetail(org: String, client_id: String) -> impl IntoView {
    let client = use_client();
    let loaded = resource({
        let (org, client_id) = (org.clone(), client_id.clone());
        move || {
            let (client, org, id) = (client.clone(), org.clone(), client_id.clone());
            async move { api::applications::get(&client, &org, &id).await }
        }
    });
    let back = app_route(&org, None);
    view! {
        <div data-testid="application-detail">
            <A href=back attr:class="back-link" attr:data-testid="back-to-list">{t("applications.back")}</A>
                {move || loaded.get().map_or_else(|| view! { <Loading/> }.into_any(), |r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                    Ok(app) => view! { <AppView org=org.clone() app=app/> }.into_any(),
                })}
        </div>
    }
}

#[component]
fn AppView(org: String, app: Application) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let go = use_go();
    let client_id = app.client_id.clone();
    let is_console_app = client_id == use_config().client_id;
    let app = RwSignal::new(app);
    let field = move |f: fn(&Application) -> String| Signal::derive(move || app.with(f));
    let revealed = RwSignal::new(false);

    // Edit: every field is sent, so nothing the user did not touch is lost. Quay has no version
    // check, so the application is read again just before the write: if someone else changed it
    // since it was loaded, the dialog shows both versions and the person chooses.
    let editing = RwSignal::new(false);
    let edit_busy = RwSignal::new(false);
    let edit_error = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(Vec::<FieldDiff>::new());
    let pending = StoredValue::new(None::<(ApplicationForm, Application)>);
    let draft_scope = format!("edit:{org}/{client_id}");
    if drafts::load::<ApplicationForm>(DRAFT, &draft_scope).is_some() {
        editing.set(true);
        toasts.success(t("draft.restored"));
    }
    let write = {
        let (client, org, id, draft_scope) = (
            client.clone(),
            org.clone(),
            client_id.clone(),
            draft_scope.clone(),
        );
        move |form: ApplicationForm, check: bool| {
            let (client, org, id, draft_scope) =
                (client.clone(), org.clone(), id.clone(), draft_scope.clone());
            if !crate::views::flight::claim(edit_busy) {
                return;
            }
            edit_error.set(None);
            spawn_local(async move {
                if check {
                    let fresh = match api::applications::get(&client, &org, &id).await {
                        Ok(fresh) => fresh,
                        Err(e) if e.kind == crate::api::ErrorKind::Unauthorized => return,
                        Err(e) => {
                            edit_busy.try_set(false);
                            edit_error.try_set(Some(e));
                            return;
                        }
                    };
                    let base = app.with_untracked(ApplicationForm::from_app);
                    let theirs = ApplicationForm::from_app(&fresh);
                    let diffs = ApplicationForm::conflicts(&base, &theirs, &form);
                    if !diffs.is_empty() {
                        edit_busy.try_set(false);
                        conflict.try_set(
                            diffs
                                .into_iter()
                                .map(|(key, theirs, yours)| FieldDiff {
                                    label: t(key).to_owned(),
                                    theirs,
                                    yours,
                                })
                                .collect(),
                        );
                        pending.try_update_value(|v| *v = Some((form, fresh)));
                        return;
                    }
                }
                let result = api::applications::update(&client, &org, &id, &form.body()).await;
                // A 401 signs out: the shell (and this form's signals) is going away, and a
                // signal written now would wake views that are disposed before they run.
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == crate::api::ErrorKind::Unauthorized)
                {
                    return;
                }
                edit_busy.try_set(false);
                match result {
                    Ok(updated) => {
                        toasts.success(tf("applications.saved", &[("name", &updated.name)]));
                        drafts::drop(DRAFT, &draft_scope);
                        conflict.try_set(Vec::new());
                        app.try_set(updated);
                        editing.try_set(false);
                    }
                    Err(e) => {
                        edit_error.try_set(Some(e.for_write()));
                    }
                }
            });
        }
    };
    let save = {
        let write = write.clone();
        Callback::new(move |form: ApplicationForm| write(form, true))
    };
    let save_mine = Callback::new(move |()| {
        if let Some((form, _)) = pending.get_value() {
            write(form, false);
        }
    });
    let keep_theirs = {
        let draft_scope = draft_scope.clone();
        Callback::new(move |()| {
            if let Some((_, fresh)) = pending.get_value() {
                app.set(fresh);
            }
            pending.set_value(None);
            conflict.set(Vec::new());
            drafts::drop(DRAFT, &draft_scope);
            editing.set(false);
            toasts.success(t("applications.kept_theirs"));
        })
    };

    let resetting = RwSignal::new(false);
    let reset_busy = RwSignal::new(false);
    let reset = {
        let (client, org, id) = (client.clone(), org.clone(), client_id.clone());
        Callback::new(move |()| {
            let (client, org, id) = (client.clone(), org.clone(), id.clone());
            if !crate::views::flight::claim(reset_busy) {
                return;
            }
            spawn_local(async move {
                let result = api::applications::reset_secret(&client, &org, &id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                reset_busy.try_set(false);
                resetting.try_set(false);
                match result {
                    Ok(updated) => {
                        app.try_set(updated);
                        revealed.try_set(true);
                        toasts.success(t("applications.secret_reset"));
                    }
                    Err(e) => toasts.error(describe(&e)),
                }
            });
        })
    };

    let deleting = RwSignal::new(false);
    let delete_busy = RwSignal::new(false);
    let delete = {
        let (client, org, id) = (client.clone(), org.clone(), client_id.clone());
        Callback::new(move |()| {
            let (client, org, id, go) = (client.clone(), org.clone(), id.clone(), go.clone());
            let name = app.with_untracked(|a| a.name.clone());
            if !crate::views::flight::claim(delete_busy) {
                return;
            }
            spawn_local(async move {
                let result = api::applications::delete(&client, &org, &id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                delete_busy.try_set(false);
                deleting.try_set(false);
                match result {
                    Ok(()) => {
                        toasts.success(tf("applications.deleted", &[("name", &name)]));
                        go(&app_route(&org, None), false);
                    }
                    Err(e) => toasts.error(describe(&e)),
                }
            });
        })
    };
    let delete_message = Signal::derive(move || {
        let name = app.with(|a| a.name.clone());
        let mut text = tf("applications.delete_text", &[("name", &name)]);
        if is_console_app {
            text.push(' ');
            text.push_str(t("applications.delete_console_app"));
        }
        text
    });

    let secret = field(|a| a.client_secret.clone());
    let app_uri = field(|a| a.application_uri.clone());
    view! {
        <header class="app-header">
            <h1 data-testid="app-title">{move || app.with(|a| a.name.clone())}</h1>
            <div class="actions">
                <button type="button" class="btn" data-testid="app-edit" on:click=move |_| editing.set(true)>{t("applications.edit")}</button>
                <button type="button" class="btn btn-danger" data-testid="app-delete" on:click=move |_| deleting.set(true)>{t("common.delete")}</button>
            </div>
        </header>
        {move || app.with(|a| (!a.description.is_empty()).then(|| view! { <p class="muted">{a.description.clone()}</p> }))}
        <section class="card">
            <h2>{t("applications.credentials")}</h2>
            <dl class="kv">
                <dt>{t("applications.col_client_id")}</dt>
                <dd><code data-testid="client-id">{client_id.clone()}</code>" "
                    <CopyButton text=client_id.clone() label=t("applications.copy_client_id")/></dd>
                <dt>{t("applications.client_secret")}</dt>
                <dd class="secret-row">
                    <code class="secret" data-testid="client-secret">
                        {move || if revealed.get() { secret.get() } else { mask(&secret.get()) }}
                    </code>" "
                    <button type="button" class="btn btn-small" data-testid="reveal-secret" aria-pressed=move || revealed.get().to_string()
                        on:click=move |_| revealed.update(|r| *r = !*r)>
                        {move || if revealed.get() { t("common.hide") } else { t("common.reveal") }}
                    </button>
                    <CopyButton text=secret label=t("applications.copy_secret")/>
                    <button type="button" class="btn btn-small" data-testid="reset-secret"
                        on:click=move |_| resetting.set(true)>{t("applications.reset_secret")}</button>
                </dd>
                <dt>{t("applications.col_redirect")}</dt>
                <dd class="uri" data-testid="app-redirect">{move || app.with(|a| a.redirect_uri.clone())}</dd>
                <dt>{t("applications.col_app_uri")}</dt>
                <dd class="uri" data-testid="app-uri">{move || {
                    let uri = app_uri.get();
                    // Only http(s) addresses become links; anything else stays text.
                    if uri.starts_with("https://") || uri.starts_with("http://") {
                        let href = uri.clone();
                        view! { <a href=href rel="noopener noreferrer" target="_blank">{uri}</a> }.into_any()
                    } else {
                        view! { <span>{uri}</span> }.into_any()
                    }
                }}</dd>
                <dt>{t("applications.col_avatar")}</dt>
                <dd data-testid="app-avatar-email">{move || app.with(|a| a.avatar_email.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "—".to_owned()))}</dd>
            </dl>
        </section>
        <RedirectCheck registered=field(|a| a.redirect_uri.clone()) client_id=client_id.clone()/>
        <GenerateToken org=org.clone() app=app/>
        <IssuedTokens org=org.clone() client_id=client_id.clone()/>

        <AppFormDialog open=editing title=Signal::derive(move || tf("applications.edit_title", &[("name", &app.with(|a| a.name.clone()))]))
            submit_label=t("common.save") initial=Signal::derive(move || app.with(ApplicationForm::from_app))
            busy=edit_busy error=edit_error on_submit=save on_close=Callback::new(move |()| { conflict.set(Vec::new()); editing.set(false) })
            testid="app-edit-dialog" draft=draft_scope conflict=conflict on_keep_theirs=keep_theirs on_save_mine=save_mine/>
        <ConfirmDialog open=resetting title=t("applications.reset_title").to_owned()
            message=Signal::derive(move || tf("applications.reset_text", &[("name", &app.with(|a| a.name.clone()))]))
            confirm_label=t("applications.reset_secret").to_owned() busy=reset_busy
            on_confirm=reset on_cancel=Callback::new(move |()| resetting.set(false))/>
        <ConfirmDialog open=deleting title=t("applications.delete_title").to_owned() message=delete_message
            confirm_label=t("common.delete").to_owned() busy=delete_busy
            type_to_confirm=Signal::derive(move || is_console_app.then(|| app.with(|a| a.name.clone())))
            on_confirm=delete on_cancel=Callback::new(move |()| deleting.set(false))/>
    }
}
