//! An organization's default permissions: who gets which role on the repositories created in it
//! (only those created by the activating user, or by anyone). One bearer call for the first
//! screen (the list); a role change, a creation or a deletion updates the list in place.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::prototype_form::PrototypeFormDialog;
use super::Named;
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::prototypes::{DelegateKind, Prototype, PrototypeForm};
use crate::model::robots::Role;
use crate::reactive::{effect, resource};
use crate::views::use_client;

/// The message key of a delegate kind.
pub(super) fn kind_key(kind: DelegateKind) -> &'static str {
    match kind {
        DelegateKind::User => "proto.kind_user",
        DelegateKind::Robot => "proto.kind_robot",
        DelegateKind::Team => "proto.kind_team",
    }
}

/// The message key of a role.
pub(super) fn role_key(role: Role) -> &'static str {
    match role {
        Role::Read => "proto.role_read",
        Role::Write => "proto.role_write",
        Role::Admin => "proto.role_admin",
    }
}

#[component]
pub fn PrototypeList(org: String) -> impl IntoView {
    let client = use_client();
    let loaded = resource({
        let (client, org) = (client.clone(), org.clone());
        move || {
            let (client, org) = (client.clone(), org.clone());
            async move { api::prototypes::list(&client, &org).await }
        }
    });
    // The list as shown: Quay's answer, then changed in place by what this page does.
    let items = RwSignal::new(None::<Result<Vec<Prototype>, ApiError>>);
    effect(move || items.set(loaded.get()));

    let creating = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let toasts = use_toasts();
    let create = {
        let (client, org) = (client.clone(), org.clone());
        Callback::new(move |form: PrototypeForm| {
            let Ok(body) = crate::model::prototypes::validate(&org, &form) else {
                return;
            };
            let (client, org) = (client.clone(), org.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            let kept = super::prototype_form::draft(&org);
            error.set(None);
            spawn_local(async move {
                let result = api::prototypes::create(&client, &org, &body).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(p) => {
                        kept.drop();
                        creating.try_set(false);
                        toasts.success(tf("proto.created", &[("name", &p.delegate.name)]));
                        items.try_update(|i| {
                            if let Some(Ok(list)) = i {
                                list.push(p);
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

    let title = tf("proto.title", &[("org", &org)]);
    let org = StoredValue::new(org);
    view! {
        <div data-testid="prototypes">
            <h1>{title}</h1>
            <p class="muted">{t("proto.intro")}</p>
            <div class="toolbar">
                <span class="grow"></span>
                <button type="button" class="btn btn-primary" data-testid="proto-create"
                    on:click=move |_| creating.set(true)>{t("proto.create")}</button>
            </div>
            {move || items.get().map_or_else(|| view! { <Loading/> }.into_any(), |state| match state {
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <EmptyState message=t("proto.none")/> }.into_any(),
                Ok(list) => view! { <PrototypeTable org=org.get_value() list=list items=items/> }.into_any(),
            })}
            <PrototypeFormDialog org=org.get_value() open=creating busy=busy error=error on_submit=create
                on_close=Callback::new(move |()| creating.set(false))/>
        </div>
    }
}

type Items = RwSignal<Option<Result<Vec<Prototype>, ApiError>>>;

#[component]
fn PrototypeTable(org: String, list: Vec<Prototype>, items: Items) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let deleting = RwSignal::new(None::<Prototype>);
    let delete_busy = RwSignal::new(false);
    // One role change at a time: a second before the first is answered would race it on Quay.
    let role_busy = RwSignal::new(false);
    let replace = move |p: Prototype| {
        items.try_update(|i| {
            if let Some(Ok(list)) = i {
                if let Some(slot) = list.iter_mut().find(|x| x.id == p.id) {
                    *slot = p;
                }
            }
        });
    };
    let change_role = {
        let (client, org) = (client.clone(), org.clone());
        move |p: Prototype, role: Role| {
            let (client, org) = (client.clone(), org.clone());
            if !crate::views::flight::claim(role_busy) {
                // Not sent: the row shows the role Quay holds again.
                replace(p);
                return;
            }
            spawn_local(async move {
                let result = api::prototypes::set_role(&client, &org, &p.id, role).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                role_busy.try_set(false);
                match result {
                    Ok(changed) => {
                        toasts.success(tf(
                            "proto.role_changed",
                            &[
                                ("name", &changed.delegate.name),
                                ("role", t(role_key(role))),
                            ],
                        ));
                        replace(changed);
                    }
                    Err(e) => {
                        toasts.error(tf("proto.role_failed", &[("error", &describe(&e))]));
                        // Show the role Quay still has.
                        replace(p);
                    }
                }
            });
        }
    };
    let confirm_delete = {
        let (client, org) = (client.clone(), org.clone());
        move |()| {
            let Some(p) = deleting.get_untracked() else {
                return;
            };
            let (client, org) = (client.clone(), org.clone());
            if !crate::views::flight::claim(delete_busy) {
                return;
            }
            spawn_local(async move {
                let result = api::prototypes::delete(&client, &org, &p.id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                delete_busy.try_set(false);
                deleting.try_set(None);
                match result {
                    // 404: already gone, which is what was asked.
                    Err(e) if e.status != 404 => {
                        toasts.error(tf("proto.delete_failed", &[("error", &describe(&e))]));
                    }
                    _ => {
                        toasts.success(tf("proto.deleted", &[("name", &p.delegate.name)]));
                        items.try_update(|i| {
                            if let Some(Ok(list)) = i {
                                list.retain(|x| x.id != p.id);
                            }
                        });
                    }
                }
            });
        }
    };
    let message = Signal::derive(move || {
        deleting.with(|d| {
            d.as_ref().map_or_else(String::new, |p| {
                let who = p
                    .activating_user
                    .as_ref()
                    .map_or_else(|| t("proto.anyone").to_owned(), |u| u.name.clone());
                tf(
                    "proto.delete_text",
                    &[("name", &p.delegate.name), ("who", &who), ("role", &p.role)],
                )
            })
        })
    });
    let count = list.len();
    view! {
        <p class="muted" data-testid="proto-count">{tf("proto.count", &[("count", &count.to_string())])}</p>
        <div class="table-scroll">
            <table class="data proto-table" data-testid="proto-table">
                <thead><tr>
                    <th scope="col">{t("proto.col_delegate")}</th>
                    <th scope="col">{t("proto.col_kind")}</th>
                    <th scope="col">{t("proto.col_role")}</th>
                    <th scope="col">{t("proto.col_activating")}</th>
                    <th scope="col"><span class="visually-hidden">{t("proto.col_actions")}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|p| {
                        let kind = p.delegate.kind();
                        let role_label = tf("proto.role_of", &[("name", &p.delegate.name)]);
                        let current = p.role.clone();
                        let change_role = change_role.clone();
                        let for_change = p.clone();
                        let for_delete = p.clone();
                        view! {
                            <tr data-testid="proto-row" data-id=p.id.clone()>
                                <td data-testid="proto-delegate">
                                    <Named name=p.delegate.name.clone() color=p.delegate.avatar.color.clone()/>
                                </td>
                                <td data-testid="proto-kind">{t(kind_key(kind))}</td>
                                <td>
                                    // `prop:value`: a refused (or not sent) change puts back
                                    // the role Quay holds; the options' `selected` alone would
                                    // not, as the row is updated in place.
                                    <select data-testid="proto-role" aria-label=role_label
                                        prop:value=current.clone()
                                        prop:disabled=move || role_busy.get()
                                        on:change=move |ev| {
                                            if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                                change_role(for_change.clone(), role);
                                            }
                                        }>
                                        {Role::ALL.into_iter().map(|r| view! {
                                            <option value=r.as_str() selected=current == r.as_str()>{t(role_key(r))}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td data-testid="proto-activating">
                                    {p.activating_user.clone().map_or_else(
                                        || view! { <span class="muted">{t("proto.anyone")}</span> }.into_any(),
                                        |u| view! { <Named name=u.name color=u.avatar.color/> }.into_any(),
                                    )}
                                </td>
                                <td class="actions">
                                    <button type="button" class="btn btn-small btn-danger" data-testid="proto-delete"
                                        aria-label=tf("proto.delete_of", &[("name", &p.delegate.name)])
                                        on:click=move |_| deleting.set(Some(for_delete.clone()))>{t("proto.delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <ConfirmDialog open=Signal::derive(move || deleting.with(Option::is_some))
            title=t("proto.delete_title").to_owned() message=message
            confirm_label=t("proto.delete").to_owned() busy=delete_busy
            on_confirm=Callback::new(confirm_delete) on_cancel=Callback::new(move |()| deleting.set(None))/>
    }
}
