//! A robot's federation: the OIDC issuer/subject pairs whose tokens may act as the robot. Quay
//! takes the whole list on every change (`POST`), so adding and removing send the new list; the
//! last entry is removed with `DELETE`.
//!
//! Since the whole list is sent, the list is read again just before each write: if someone else
//! changed it since it was loaded, both lists are shown entry by entry and the person chooses
//! (keep theirs, or save theirs over with the list they meant to send).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::detail::RobotGone;
use super::use_ctx;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{
    use_toasts, ConfirmDialog, ConflictPanel, EmptyState, ErrorView, FieldDiff, Loading,
};
use crate::i18n::{t, tf};
use crate::model::robots::{
    federation_rows, is_missing_robot, validate_federation, Federation, FederationProblem,
};
use crate::reactive::{effect, resource};
use crate::views::drafts::Draft;
use crate::views::use_client;

fn problem_text(problem: FederationProblem) -> &'static str {
    match problem {
        FederationProblem::MissingIssuer => t("robots.fed_missing_issuer"),
        FederationProblem::IssuerNotUrl => t("robots.fed_issuer_url"),
        FederationProblem::MissingSubject => t("robots.fed_missing_subject"),
        FederationProblem::Duplicate => t("robots.fed_duplicate"),
    }
}

#[component]
pub(super) fn FederationTab(short: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let owner = ctx.owner.clone();
    let full = owner.full_name(&short);
    let loaded = {
        let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
        resource(move || {
            let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
            async move { api::robots::federation(&client, &owner, &short).await }
        })
    };
    // The list as last saved: set from the load, then from each save's answer.
    let entries = RwSignal::new(None::<Vec<Federation>>);
    effect(move || {
        if let Some(Ok(list)) = loaded.get() {
            entries.set(Some(list));
        }
    });
    // What was typed into the add form, kept for the tab (back after a new sign-in).
    let kept = Draft::new("fed-form", &full);
    let (i, sub) = kept.restore::<(String, String)>().unwrap_or_default();
    let issuer = RwSignal::new(i);
    let subject = RwSignal::new(sub);
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        kept.save(&(issuer.get_untracked(), subject.get_untracked()));
    };
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let removing = RwSignal::new(None::<usize>);
    let conflict = RwSignal::new(Vec::<FieldDiff>::new());
    // What was about to be sent when the conflict showed: (list, added, theirs).
    let pending = StoredValue::new(None::<(Vec<Federation>, bool, Vec<Federation>)>);

    // Sends `next` (the whole new list) after checking, when `check`, that the list in Quay is
    // still the one shown; `Ok` clears what needs clearing.
    let save = {
        let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
        move |next: Vec<Federation>, added: bool, check: bool| {
            let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let fail = move |e: crate::api::ApiError| {
                    if added {
                        form_error.try_set(Some(describe(&e)));
                    } else {
                        toasts.error(tf("robots.fed_failed", &[("error", &describe(&e))]));
                    }
                };
                if check {
                    match api::robots::federation(&client, &owner, &short).await {
                        Ok(fresh) if entries.with_untracked(|e| e.as_ref() != Some(&fresh)) => {
                            busy.try_set(false);
                            removing.try_set(None);
                            conflict.try_set(
                                federation_rows(&fresh, &next)
                                    .into_iter()
                                    .map(|(n, theirs, yours)| FieldDiff {
                                        label: tf("robots.fed_entry", &[("n", &n.to_string())]),
                                        theirs,
                                        yours,
                                    })
                                    .collect(),
                            );
                            pending.try_update_value(|v| *v = Some((next, added, fresh)));
                            return;
                        }
                        Ok(_) => {}
                        Err(e) if e.kind == crate::api::ErrorKind::Unauthorized => return,
                        Err(e) => {
                            busy.try_set(false);
                            removing.try_set(None);
                            fail(e);
                            return;
                        }
                    }
                }
                conflict.try_set(Vec::new());
                let result = if next.is_empty() {
                    api::robots::delete_federation(&client, &owner, &short)
                        .await
                        .map(|()| Vec::new())
                } else {
                    api::robots::set_federation(&client, &owner, &short, &next).await
                };
                // A 401 signs out: the tab's signals are going away (see robots/create.rs).
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == crate::api::ErrorKind::Unauthorized)
                {
                    return;
                }
                busy.try_set(false);
                removing.try_set(None);
                match result {
                    Ok(saved) => {
                        entries.try_set(Some(saved));
                        if added {
                            kept.drop();
                            issuer.try_set(String::new());
                            subject.try_set(String::new());
                            form_error.try_set(None);
                            toasts.success(t("robots.fed_added"));
                        } else {
                            toasts.success(t("robots.fed_removed"));
                        }
                    }
                    Err(e) => fail(e.for_write()),
                }
            });
        }
    };
    let add = {
        let save = save.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let current = entries.get_untracked().unwrap_or_default();
            match validate_federation(&issuer.get_untracked(), &subject.get_untracked(), &current) {
                Err(problem) => form_error.set(Some(problem_text(problem).to_owned())),
                Ok(entry) => {
                    form_error.set(None);
                    let mut next = current;
                    next.push(entry);
                    save(next, true, true);
                }
            }
        }
    };
    let save_mine = {
        let save = save.clone();
        Callback::new(move |()| {
            if let Some((next, added, _)) = pending.get_value() {
                save(next, added, false);
            }
        })
    };
    let keep_theirs = Callback::new(move |()| {
        if let Some((_, _, fresh)) = pending.get_value() {
            entries.set(Some(fresh));
        }
        pending.set_value(None);
        conflict.set(Vec::new());
        toasts.success(t("robots.fed_kept_theirs"));
    });
    let confirm_remove = Callback::new(move |()| {
        let Some(index) = removing.get_untracked() else {
            return;
        };
        let mut next = entries.get_untracked().unwrap_or_default();
        if index < next.len() {
            next.remove(index);
            save(next, false, true);
        }
    });
    let gone_name = full.clone();
    let list_view = move || {
        match (entries.get(), loaded.get()) {
        (Some(list), _) if list.is_empty() => view! { <EmptyState message=t("robots.fed_none")/> }.into_any(),
        (Some(list), _) => view! {
            <table class="data" data-testid="federation-table">
                <thead><tr>
                    <th scope="col">{t("robots.fed_issuer")}</th>
                    <th scope="col">{t("robots.fed_subject")}</th>
                    <th scope="col"><span class="visually-hidden">{t("robots.fed_actions")}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().enumerate().map(|(i, f)| view! {
                        <tr data-testid="federation-row">
                            <td class="secret">{f.issuer.clone()}</td>
                            <td class="secret">{f.subject.clone()}</td>
                            <td><button type="button" class="btn btn-small" data-testid="federation-remove"
                                aria-label=tf("robots.fed_remove_label", &[("subject", &f.subject)])
                                prop:disabled=move || busy.get()
                                on:click=move |_| removing.set(Some(i))>{t("robots.fed_remove")}</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any(),
        (None, Some(Err(e))) if is_missing_robot(&e) => view! { <RobotGone name=gone_name.clone()/> }.into_any(),
        (None, Some(Err(e))) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
        (None, _) => view! { <Loading/> }.into_any(),
    }
    };
    let remove_message = move || {
        let subject = removing
            .get()
            .and_then(|i| {
                entries.with(|e| e.as_ref().and_then(|l| l.get(i).map(|f| f.subject.clone())))
            })
            .unwrap_or_default();
        tf("robots.fed_remove_message", &[("subject", &subject)])
    };
    view! {
        <div data-testid="federation-tab">
            <p class="muted">{tf("robots.fed_intro", &[("name", &full)])}</p>
            {move || (!conflict.with(Vec::is_empty)).then(|| view! {
                <ConflictPanel fields=conflict busy=busy on_keep_theirs=keep_theirs on_save_mine=save_mine/>
            })}
            {list_view}
            <form class="federation-form" on:submit=add novalidate=true data-testid="federation-form"
                on:input=move |_| save_draft()>
                <h3>{t("robots.fed_add_title")}</h3>
                <label class="field">
                    <span>{t("robots.fed_issuer")}</span>
                    <input type="url" placeholder="https://token.actions.githubusercontent.com" data-testid="fed-issuer"
                        prop:value=move || issuer.get() on:input=move |ev| issuer.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{t("robots.fed_subject")}</span>
                    <input type="text" placeholder="repo:org/app:ref:refs/heads/main" data-testid="fed-subject"
                        prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
                </label>
                <p class="field-error" role="alert" data-testid="fed-error" hidden=move || form_error.with(Option::is_none)>
                    {move || form_error.get().unwrap_or_default()}
                </p>
                <div class="actions">
                    <button type="submit" class="btn btn-primary" data-testid="fed-add" prop:disabled=move || busy.get()>
                        {t("robots.fed_add")}
                    </button>
                </div>
            </form>
            <ConfirmDialog open=Signal::derive(move || removing.get().is_some()) title=t("robots.fed_remove_title").to_owned()
                message=Signal::derive(remove_message) confirm_label=t("robots.fed_remove").to_owned()
                busy=busy on_confirm=confirm_remove on_cancel=Callback::new(move |()| removing.set(None))/>
        </div>
    }
    .into_any()
}
