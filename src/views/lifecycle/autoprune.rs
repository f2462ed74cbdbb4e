//! The auto-prune policies of an organization, the user or a repository: list, create, edit,
//! delete. Quay prunes on its own schedule (its auto-prune worker), not when a policy is saved;
//! the page says so, and previews what a policy would prune among loaded tags.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::autoprune_form::AutopruneForm;
use super::preview::{use_source, Picker};
use crate::api::lifecycle::{self as calls, Owner};
use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::lifecycle::{AutopruneBody, AutoprunePolicy, PruneMethod};
use crate::reactive::{effect, memo, resource};
use crate::views::use_client;

type Items = RwSignal<Option<Result<Vec<AutoprunePolicy>, ApiError>>>;
type Editing = RwSignal<Option<Option<AutoprunePolicy>>>;

/// "Keep the newest 10 tags" / "Prune tags older than 7d".
pub fn rule_text(method: &str, value: &str) -> String {
    match PruneMethod::parse(method) {
        Some(PruneMethod::NumberOfTags) => tf("lc.rule_count", &[("value", value)]),
        Some(PruneMethod::CreationDate) => tf("lc.rule_age", &[("value", value)]),
        None => format!("{method}: {value}"),
    }
}

/// Which tags a policy looks at: all, or those that (do not) match its pattern.
fn scope_text(p: &AutoprunePolicy) -> String {
    match &p.tag_pattern {
        None => t("lc.all_tags").to_owned(),
        Some(pat) if p.matches() => tf("lc.tags_matching", &[("pattern", pat)]),
        Some(pat) => tf("lc.tags_not_matching", &[("pattern", pat)]),
    }
}

#[component]
pub fn AutopruneList(owner: Owner) -> impl IntoView {
    let client = use_client();
    let loaded = resource({
        let (client, owner) = (client.clone(), owner.clone());
        move || {
            let (client, owner) = (client.clone(), owner.clone());
            async move { calls::autoprune_list(&client, &owner).await }
        }
    });
    let items: Items = RwSignal::new(None);
    effect(move || items.set(loaded.get()));
    let ready = Signal::derive(move || items.with(Option::is_some));
    let source = use_source(&owner, ready);
    let can_edit = client.session().has_scope(owner.scope());
    let editing: Editing = RwSignal::new(None);
    let kept = super::policy_draft("prune-form", &owner);
    super::restore_policy(kept, items, editing, |p: &AutoprunePolicy| p.uuid.as_str());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let toasts = use_toasts();
    let save = {
        let (client, owner) = (client.clone(), owner.clone());
        Callback::new(move |body: AutopruneBody| {
            let (client, owner) = (client.clone(), owner.clone());
            let uuid = editing.get_untracked().flatten().map(|p| p.uuid);
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            spawn_local(async move {
                let result = match &uuid {
                    Some(u) => calls::autoprune_update(&client, &owner, u, &body)
                        .await
                        .map(|()| u.clone()),
                    None => calls::autoprune_create(&client, &owner, &body).await,
                };
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(uuid) => {
                        kept.drop();
                        editing.try_set(None);
                        toasts.success(t("lc.prune_saved"));
                        let policy = AutoprunePolicy {
                            uuid: uuid.clone(),
                            method: body.method,
                            value: body.value,
                            tag_pattern: body.tag_pattern,
                            tag_pattern_matches: Some(body.tag_pattern_matches),
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
    let deleting = RwSignal::new(None::<AutoprunePolicy>);
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
                let result = calls::autoprune_delete(&client, &owner, &p.uuid).await;
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
                        toasts.success(t("lc.prune_deleted"));
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
                .map(|p| {
                    tf(
                        "lc.prune_delete_text",
                        &[
                            ("rule", &rule_text(&p.method, &p.value_text())),
                            ("scope", &scope_text(p)),
                        ],
                    )
                })
                .unwrap_or_default()
        })
    });
    let open = memo(move || editing.with(Option::is_some));
    let pick = source.pick;
    let picker_owner = owner.clone();
    view! {
        <p class="muted">{t("lc.prune_intro")}</p>
        <div class="notice" role="note" data-testid="prune-schedule">{t("lc.prune_schedule")}</div>
        <div class="toolbar">
            <span class="grow"></span>
            <button type="button" class="btn btn-primary" data-testid="prune-create" prop:disabled=!can_edit
                title=(!can_edit).then(|| t("lc.no_scope")) on:click=move |_| editing.set(Some(None))>{t("lc.prune_create")}</button>
        </div>
        {move || items.get().map_or_else(|| view! { <Loading/> }.into_any(), |state| match state {
            Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <EmptyState message=t("lc.prune_none")/> }.into_any(),
            Ok(list) => view! { <Table list=list editing=editing deleting=deleting can_edit=can_edit/> }.into_any(),
        })}
        {pick.then(|| view! { <Picker owner=picker_owner.clone() source=source/> })}
        <AutopruneForm open=open editing=editing busy=busy error=error source=source on_submit=save
            on_close=Callback::new(move |()| editing.set(None)) kept=kept/>
        <ConfirmDialog open=Signal::derive(move || deleting.with(Option::is_some))
            title=t("lc.prune_delete_title").to_owned() message=delete_message
            confirm_label=t("common.delete").to_owned() busy=delete_busy
            on_confirm=Callback::new(confirm_delete) on_cancel=Callback::new(move |()| deleting.set(None))/>
    }
}

#[component]
fn Table(
    list: Vec<AutoprunePolicy>,
    editing: Editing,
    deleting: RwSignal<Option<AutoprunePolicy>>,
    can_edit: bool,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data" data-testid="prune-table">
                <thead><tr>
                    <th scope="col">{t("lc.col_rule")}</th>
                    <th scope="col">{t("lc.col_tags")}</th>
                    <th scope="col"><span class="visually-hidden">{t("lc.col_actions")}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|p| {
                        let (for_edit, for_delete) = (p.clone(), p.clone());
                        let rule = rule_text(&p.method, &p.value_text());
                        view! {
                            <tr data-testid="prune-row" data-uuid=p.uuid.clone()>
                                <td data-testid="prune-rule">{rule.clone()}</td>
                                <td data-testid="prune-scope">{scope_text(&p)}</td>
                                <td class="actions">
                                    <button type="button" class="btn btn-small" data-testid="prune-edit" prop:disabled=!can_edit
                                        aria-label=tf("lc.edit_of", &[("pattern", &rule)])
                                        on:click=move |_| editing.set(Some(Some(for_edit.clone())))>{t("lc.edit")}</button>
                                    <button type="button" class="btn btn-small btn-danger" data-testid="prune-delete" prop:disabled=!can_edit
                                        aria-label=tf("lc.delete_of", &[("pattern", &rule)])
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
