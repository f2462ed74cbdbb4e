//! The immutability policies of an organization or a repository: list, create, edit, delete.
//! Saving locks the existing tags the policy covers at once, and deleting a policy unlocks
//! nothing: the page says both before anything is sent.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::immutability_form::ImmutabilityForm;
use super::preview::{use_source, Picker};
use crate::api::lifecycle::{self as calls, Owner};
use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::lifecycle::{ImmutabilityBody, ImmutabilityPolicy};
use crate::reactive::{effect, memo, resource};
use crate::views::use_client;

type Items = RwSignal<Option<Result<Vec<ImmutabilityPolicy>, ApiError>>>;

/// The policy a dialog edits: `None` creates one.
type Editing = RwSignal<Option<Option<ImmutabilityPolicy>>>;

#[component]
pub fn ImmutabilityList(owner: Owner) -> impl IntoView {
    let client = use_client();
    let loaded = resource({
        let (client, owner) = (client.clone(), owner.clone());
        move || {
            let (client, owner) = (client.clone(), owner.clone());
            async move { calls::immutability_list(&client, &owner).await }
        }
    });
    let items: Items = RwSignal::new(None);
    effect(move || items.set(loaded.get()));
    let ready = Signal::derive(move || items.with(Option::is_some));
    let source = use_source(&owner, ready);
    let can_edit = client.session().has_scope(owner.scope());
    let editing: Editing = RwSignal::new(None);
    let kept = super::policy_draft("imm-form", &owner);
    super::restore_policy(kept, items, editing, |p: &ImmutabilityPolicy| {
        p.uuid.as_str()
    });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let toasts = use_toasts();
    let save = {
        let (client, owner) = (client.clone(), owner.clone());
        Callback::new(move |(body, locks): (ImmutabilityBody, Vec<String>)| {
            let (client, owner) = (client.clone(), owner.clone());
            let uuid = editing.get_untracked().flatten().map(|p| p.uuid);
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            spawn_local(async move {
                let result = match &uuid {
                    Some(u) => calls::immutability_update(&client, &owner, u, &body)
                        .await
                        .map(|()| u.clone()),
                    None => calls::immutability_create(&client, &owner, &body).await,
                };
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(uuid) => {
                        kept.drop();
                        editing.try_set(None);
                        source.lock(&locks);
                        toasts.success(tf("lc.imm_saved", &[("pattern", &body.tag_pattern)]));
                        let policy = ImmutabilityPolicy {
                            uuid: uuid.clone(),
                            tag_pattern: body.tag_pattern,
                            tag_pattern_matches: body.tag_pattern_matches,
                        };
                        items.try_update(|i| {
                            if let Some(Ok(list)) = i {
                                match list.iter_mut().find(|p| p.uuid == uuid) {
                                    Some(slot) => *slot = policy,
                                    None => list.push(policy),
                                }
                            }
                        });
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        })
    };
    let deleting = RwSignal::new(None::<ImmutabilityPolicy>);
    let delete_busy = RwSignal::new(false);
    let confirm_delete = {
        let (client, owner) = (client.clone(), owner.clone());
        move |()| {
            let Some(p) = deleting.get_untracked() else {
                return;
            };
            let (client, owner) = (client.clone(), owner.clone());
            if !crate::views::flight::claim(delete_busy) {
                return;
            }
            spawn_local(async move {
                let result = calls::immutability_delete(&client, &owner, &p.uuid).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                delete_busy.try_set(false);
                deleting.try_set(None);
                match result {
                    Err(e) if e.status != 404 => {
                        toasts.error(tf("lc.delete_failed", &[("error", &describe(&e))]))
                    }
                    _ => {
                        toasts.success(tf("lc.imm_deleted", &[("pattern", &p.tag_pattern)]));
                        items.try_update(|i| {
                            if let Some(Ok(list)) = i {
                                list.retain(|x| x.uuid != p.uuid);
                            }
                        });
                    }
                }
            });
        }
    };
    let delete_message = Signal::derive(move || {
        deleting.with(|d| {
            d.as_ref()
                .map(|p| tf("lc.imm_delete_text", &[("pattern", &p.tag_pattern)]))
                .unwrap_or_default()
        })
    });
    let open = memo(move || editing.with(Option::is_some));
    let pick = source.pick;
    let picker_owner = owner.clone();
    view! {
        <p class="muted">{t("lc.imm_intro")}</p>
        <div class="notice notice-warn" role="note" data-testid="imm-warning">{t("lc.imm_warning")}</div>
        <div class="toolbar">
            <span class="grow"></span>
            <button type="button" class="btn btn-primary" data-testid="imm-create" prop:disabled=!can_edit
                title=(!can_edit).then(|| t("lc.no_scope")) on:click=move |_| editing.set(Some(None))>{t("lc.imm_create")}</button>
        </div>
        {move || items.get().map_or_else(|| view! { <Loading/> }.into_any(), |state| match state {
            Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <EmptyState message=t("lc.imm_none")/> }.into_any(),
            Ok(list) => view! { <Table list=list editing=editing deleting=deleting can_edit=can_edit/> }.into_any(),
        })}
        {pick.then(|| view! { <Picker owner=picker_owner.clone() source=source/> })}
        <ImmutabilityForm open=open editing=editing busy=busy error=error source=source on_submit=save
            on_close=Callback::new(move |()| editing.set(None)) kept=kept/>
        <ConfirmDialog open=Signal::derive(move || deleting.with(Option::is_some))
            title=t("lc.imm_delete_title").to_owned() message=delete_message
            confirm_label=t("common.delete").to_owned() busy=delete_busy
            on_confirm=Callback::new(confirm_delete) on_cancel=Callback::new(move |()| deleting.set(None))/>
    }
}

#[component]
fn Table(
    list: Vec<ImmutabilityPolicy>,
    editing: Editing,
    deleting: RwSignal<Option<ImmutabilityPolicy>>,
    can_edit: bool,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data" data-testid="imm-table">
                <thead><tr>
                    <th scope="col">{t("lc.col_pattern")}</th>
                    <th scope="col">{t("lc.col_applies")}</th>
                    <th scope="col"><span class="visually-hidden">{t("lc.col_actions")}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|p| {
                        let (for_edit, for_delete) = (p.clone(), p.clone());
                        let applies = if p.tag_pattern_matches { t("lc.applies_match") } else { t("lc.applies_nomatch") };
                        view! {
                            <tr data-testid="imm-row" data-uuid=p.uuid.clone()>
                                <td class="mono" data-testid="imm-pattern">{p.tag_pattern.clone()}</td>
                                <td data-testid="imm-applies">{applies}</td>
                                <td class="actions">
                                    <button type="button" class="btn btn-small" data-testid="imm-edit" prop:disabled=!can_edit
                                        aria-label=tf("lc.edit_of", &[("pattern", &p.tag_pattern)])
                                        on:click=move |_| editing.set(Some(Some(for_edit.clone())))>{t("lc.edit")}</button>
                                    <button type="button" class="btn btn-small btn-danger" data-testid="imm-delete" prop:disabled=!can_edit
                                        aria-label=tf("lc.delete_of", &[("pattern", &p.tag_pattern)])
                                        on:click=move |_| deleting.set(Some(for_delete.clone()))>{t("common.delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
