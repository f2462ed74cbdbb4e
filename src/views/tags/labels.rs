//! The labels of a manifest: list, add (key checked with Quay's rule, media type), delete (only the
//! labels added through the API; the image's own labels are immutable in Quay).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error_text;
use crate::api;
use crate::components::{use_toasts, ConfirmDialog, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::tags::{check_label_key, Label, LabelKeyProblem, NewLabel, LABEL_MEDIA_TYPES};
use crate::reactive::{memo, resource};
use crate::views::drafts::Draft;
use crate::views::use_client;

fn key_problem(p: &LabelKeyProblem) -> String {
    match p {
        LabelKeyProblem::Empty => t("tags.label_key_empty").to_owned(),
        LabelKeyProblem::TooLong => t("tags.label_key_long").to_owned(),
        LabelKeyProblem::Reserved(prefix) => tf("tags.label_key_reserved", &[("prefix", prefix)]),
        LabelKeyProblem::Format => t("tags.label_key_format").to_owned(),
    }
}

#[component]
pub fn Labels(ns: String, repo: String, digest: String, can_write: bool) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let list = {
        let (client, ns, repo, digest) = (client.clone(), ns.clone(), repo.clone(), digest.clone());
        resource(move || {
            let (client, ns, repo, digest) =
                (client.clone(), ns.clone(), repo.clone(), digest.clone());
            async move { api::tags::labels(&client, &ns, &repo, &digest).await }
        })
    };
    // What was typed, kept for the tab (back after a new sign-in).
    let draft = Draft::new("label-form", &format!("{ns}/{repo}@{digest}"));
    let (k, v, m) = draft
        .restore::<(String, String, String)>()
        .unwrap_or_else(|| {
            (
                String::new(),
                String::new(),
                LABEL_MEDIA_TYPES[0].to_owned(),
            )
        });
    let (key, value, media) = (RwSignal::new(k), RwSignal::new(v), RwSignal::new(m));
    let save_draft = move || {
        if draft.gone() {
            return;
        }
        draft.save(&(
            key.get_untracked(),
            value.get_untracked(),
            media.get_untracked(),
        ));
    };
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let to_delete = RwSignal::new(None::<Label>);
    let key_error = memo(move || {
        key.with(|k| check_label_key(k.trim()).err())
            .map(|p| key_problem(&p))
    });
    let add = {
        let (client, ns, repo, digest) = (client.clone(), ns.clone(), repo.clone(), digest.clone());
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            tried.set(true);
            if key_error.with_untracked(Option::is_some) || busy.get_untracked() {
                return;
            }
            // A label that says it is JSON should be JSON (Quay stores it as given).
            let json = media.with_untracked(|m| m == "application/json");
            if json && value.with_untracked(|v| js_sys::JSON::parse(v).is_err()) {
                error.set(Some(t("tags.label_not_json").to_owned()));
                return;
            }
            let (client, ns, repo, digest) =
                (client.clone(), ns.clone(), repo.clone(), digest.clone());
            let (k, v, m) = (
                key.get_untracked().trim().to_owned(),
                value.get_untracked(),
                media.get_untracked(),
            );
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            spawn_local(async move {
                let label = NewLabel {
                    key: &k,
                    value: &v,
                    media_type: &m,
                };
                let result = api::tags::add_label(&client, &ns, &repo, &digest, &label).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(_) => {
                        draft.drop();
                        toasts.success(tf("tags.label_added", &[("key", &k)]));
                        key.try_set(String::new());
                        value.try_set(String::new());
                        tried.try_set(false);
                        list.refetch();
                    }
                    Err(e) => {
                        error.try_set(Some(error_text(&e)));
                    }
                }
            });
        }
    };
    let confirm_delete = {
        let (client, ns, repo, digest) = (client.clone(), ns.clone(), repo.clone(), digest.clone());
        Callback::new(move |()| {
            let Some(label) = to_delete.get_untracked() else {
                return;
            };
            let (client, ns, repo, digest) =
                (client.clone(), ns.clone(), repo.clone(), digest.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::tags::delete_label(&client, &ns, &repo, &digest, &label.id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                to_delete.try_set(None);
                match result {
                    Ok(()) => toasts.success(tf("tags.label_deleted", &[("key", &label.key)])),
                    Err(e) => toasts.error(error_text(&e)),
                }
                list.refetch();
            });
        })
    };
    view! {
        <section class="tag-labels" data-testid="labels">
            <h3>{t("tags.labels")}</h3>
            {move || match list.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| list.refetch())/> }.into_any(),
                    Some(Ok(l)) if l.labels.is_empty() => view! { <p class="muted" data-testid="labels-empty">{t("tags.labels_none")}</p> }.into_any(),
                    Some(Ok(l)) => view! {
                        <table class="data">
                            <thead><tr><th scope="col">{t("tags.label_key")}</th><th scope="col">{t("tags.label_value")}</th><th scope="col">{t("tags.label_source")}</th><th scope="col"><span class="visually-hidden">{t("common.delete")}</span></th></tr></thead>
                            <tbody>
                                {l.labels.into_iter().map(|label| {
                                    let mutable = label.is_mutable() && can_write;
                                    let source = if label.is_mutable() { t("tags.label_api") } else { t("tags.label_image") };
                                    let for_delete = label.clone();
                                    view! {
                                        <tr data-testid="label-row">
                                            <td class="mono">{label.key.clone()}</td>
                                            <td class="label-value" title=label.media_type.clone()>{label.value.clone()}</td>
                                            <td><span class="badge">{source}</span></td>
                                            <td>{mutable.then(|| view! {
                                                <button type="button" class="btn btn-small" data-testid="label-delete"
                                                    aria-label=tf("tags.label_delete", &[("key", &label.key)])
                                                    on:click=move |_| to_delete.set(Some(for_delete.clone()))>{t("common.delete")}</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            {can_write.then(|| view! {
                <form class="label-form" on:submit=add novalidate=true data-testid="label-form"
                    on:input=move |_| save_draft() on:change=move |_| save_draft()>
                    <label class="field">
                        <span>{t("tags.label_key")}</span>
                        <input type="text" data-testid="label-key" autocomplete="off" placeholder="com.example.team"
                            aria-invalid=move || (tried.get() && key_error.with(Option::is_some)).then_some("true")
                            prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                        {move || tried.get().then(|| key_error.get()).flatten().map(|e| view! { <span class="invalid" data-testid="label-key-error">{e}</span> })}
                    </label>
                    <label class="field">
                        <span>{t("tags.label_value")}</span>
                        <input type="text" data-testid="label-value" autocomplete="off"
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    </label>
                    <label class="field">
                        <span>{t("tags.label_media")}</span>
                        <select data-testid="label-media" on:change=move |ev| media.set(event_target_value(&ev))>
                            {LABEL_MEDIA_TYPES.iter().map(|m| view! { <option value=*m selected=move || media.get() == *m>{*m}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="btn" data-testid="label-add" prop:disabled=move || busy.get()>{t("tags.label_add")}</button>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="label-error">{e}</p> })}
                </form>
            })}
            <ConfirmDialog open=Signal::derive(move || to_delete.with(Option::is_some))
                title=Signal::derive(|| t("tags.label_delete_title").to_owned())
                message=Signal::derive(move || to_delete.with(|l| l.as_ref().map(|l| tf("tags.label_delete_confirm", &[("key", &l.key)])).unwrap_or_default()))
                confirm_label=Signal::derive(|| t("common.delete").to_owned())
                busy=busy
                on_confirm=confirm_delete on_cancel=Callback::new(move |()| to_delete.set(None))/>
        </section>
    }
}
