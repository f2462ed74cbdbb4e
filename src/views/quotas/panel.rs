//! One namespace's quota: its size, the consumption bar, its limits, and (for superusers) the
//! dialogs to set, change and delete them. Used by the namespace page and the superuser page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::limit_form::LimitForm;
use super::limits::LimitsTable;
use super::quota_form::QuotaForm;
use super::usage_bar::UsageBar;
use super::Loader;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::quotas::{format_bytes, Access, Quota, QuotaLimit, QuotaTarget};
use crate::reactive::{effect, memo};
use crate::views::use_client;

/// Which dialog is open.
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    Nothing,
    CreateQuota,
    ChangeQuota,
    DeleteQuota,
    AddLimit,
    ChangeLimit(QuotaLimit),
    DeleteLimit(QuotaLimit),
}

#[component]
pub fn QuotaPanel(
    target: QuotaTarget,
    access: Access,
    /// Bytes the namespace uses, when known.
    #[prop(into)]
    used: Signal<Option<u64>>,
    /// Told after every change (the superuser table reloads).
    #[prop(optional)]
    on_changed: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let list = Loader::new({
        let (client, target) = (client.clone(), target.clone());
        move || {
            let (client, target) = (client.clone(), target.clone());
            async move { api::quotas::list(&client, &target).await }
        }
    });
    let editable = access == Access::Edit;
    let open = RwSignal::new(Open::Nothing);
    let busy = RwSignal::new(false);
    let current = memo(move || {
        list.state
            .get()
            .and_then(Result::ok)
            .and_then(|v| v.into_iter().next())
    });
    let close = Callback::new(move |()| open.set(Open::Nothing));
    restore_drafts(&target.namespace, editable, list, open);
    let changed = move || {
        if let Some(cb) = on_changed {
            cb.run(());
        }
    };
    let saved = Callback::new(move |answer: Option<Quota>| {
        open.set(Open::Nothing);
        match answer {
            // `PUT` answers the whole quota: no need to ask again.
            Some(quota) => list.state.set(Some(Ok(vec![quota]))),
            // A create answers "Created" without the id: list again.
            None => list.reload(),
        }
        changed();
    });

    let namespace = target.namespace.clone();
    let delete_quota = {
        let (client, target, namespace) = (client.clone(), target.clone(), namespace.clone());
        Callback::new(move |()| {
            let Some(id) = current.get_untracked().and_then(|q| q.id) else {
                return;
            };
            if !crate::views::flight::claim(busy) {
                return;
            }
            let (client, target, namespace) = (client.clone(), target.clone(), namespace.clone());
            spawn_local(async move {
                let result = api::quotas::delete(&client, &target, id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                open.try_set(Open::Nothing);
                match result {
                    Ok(()) => {
                        toasts.success(tf("quotas.deleted", &[("ns", &namespace)]));
                        list.reload();
                        changed();
                    }
                    Err(e) => toasts.error(describe(&e)),
                }
            });
        })
    };
    let delete_limit = {
        let (client, namespace) = (client.clone(), namespace.clone());
        Callback::new(move |()| {
            let (Open::DeleteLimit(limit), Some(quota_id)) = (
                open.get_untracked(),
                current.get_untracked().and_then(|q| q.id),
            ) else {
                return;
            };
            if !crate::views::flight::claim(busy) {
                return;
            }
            let (client, namespace) = (client.clone(), namespace.clone());
            spawn_local(async move {
                let result =
                    api::quotas::delete_limit(&client, &namespace, quota_id, limit.id).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                open.try_set(Open::Nothing);
                match result {
                    Ok(()) => {
                        toasts.success(tf(
                            "quotas.limit_deleted",
                            &[
                                ("kind", limit.kind.as_str()),
                                ("percent", &limit.limit_percent.to_string()),
                            ],
                        ));
                        list.reload();
                        changed();
                    }
                    Err(e) => toasts.error(describe(&e)),
                }
            });
        })
    };

    let empty_ns = namespace.clone();
    let body = move || {
        match list.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| list.reload())/> }.into_any(),
        Some(Ok(quotas)) => match quotas.into_iter().next() {
            None => view! {
                <div class="card" data-testid="quota-none">
                    <EmptyState message=tf("quotas.none", &[("ns", &empty_ns)])>
                        {editable.then(|| view! {
                            <button type="button" class="btn btn-primary" data-testid="quota-create"
                                on:click=move |_| open.set(Open::CreateQuota)>{t("quotas.create")}</button>
                        })}
                    </EmptyState>
                </div>
            }.into_any(),
            Some(quota) => view! {
                <QuotaSummary quota=quota.clone() used=used editable=editable open=open/>
                <LimitsTable quota=quota editable=editable open=open/>
            }.into_any(),
        },
    }
    };

    let delete_message = Signal::derive({
        let namespace = namespace.clone();
        move || {
            let quota = current.get();
            tf(
                "quotas.delete_message",
                &[
                    ("ns", &namespace),
                    (
                        "size",
                        &quota
                            .as_ref()
                            .map(|q| format_bytes(q.limit_bytes))
                            .unwrap_or_default(),
                    ),
                    (
                        "limits",
                        &quota
                            .map(|q| q.limits.len())
                            .unwrap_or_default()
                            .to_string(),
                    ),
                ],
            )
        }
    });
    let limit_message = Signal::derive(move || match open.get() {
        Open::DeleteLimit(l) => tf(
            "quotas.limit_delete_message",
            &[
                ("kind", l.kind.as_str()),
                ("percent", &l.limit_percent.to_string()),
            ],
        ),
        _ => String::new(),
    });
    let is = move |which: fn(&Open) -> bool| Signal::derive(move || open.with(which));
    let existing = Signal::derive(move || {
        matches!(open.get(), Open::ChangeQuota)
            .then(|| current.get())
            .flatten()
    });
    let editing = Signal::derive(move || match open.get() {
        Open::ChangeLimit(l) => Some(l),
        _ => None,
    });
    view! {
        <div class="quota-panel" data-testid="quota-panel">
            {body}
            <QuotaForm open=is(|o| matches!(o, Open::CreateQuota | Open::ChangeQuota)) target=target.clone()
                existing=existing used=used on_close=close on_saved=saved/>
            <LimitForm open=is(|o| matches!(o, Open::AddLimit | Open::ChangeLimit(_))) namespace=namespace.clone()
                quota=current editing=editing on_close=close on_saved=saved/>
            <ConfirmDialog open=is(|o| matches!(o, Open::DeleteQuota)) title=t("quotas.delete_title").to_owned()
                message=delete_message confirm_label=t("quotas.delete").to_owned()
                on_confirm=delete_quota on_cancel=close busy=busy/>
            <ConfirmDialog open=is(|o| matches!(o, Open::DeleteLimit(_))) title=t("quotas.limit_delete_title").to_owned()
                message=limit_message confirm_label=t("quotas.limit_delete").to_owned()
                on_confirm=delete_limit on_cancel=close busy=busy/>
        </div>
    }
}

/// The quota's size, the consumption bar and the quota's actions.
#[component]
fn QuotaSummary(
    quota: Quota,
    used: Signal<Option<u64>>,
    editable: bool,
    open: RwSignal<Open>,
) -> impl IntoView {
    let size = format_bytes(quota.limit_bytes);
    let exact = tf(
        "quotas.exact_bytes",
        &[("bytes", &super::texts::exact(quota.limit_bytes))],
    );
    let is_default = quota.default_config || quota.id.is_none();
    let bar_quota = quota.clone();
    let used_text = move || match used.get() {
        Some(u) => tf(
            "quotas.used_value",
            &[
                ("used", &format_bytes(u)),
                ("bytes", &super::texts::exact(u)),
            ],
        ),
        None => t("quotas.used_unknown").to_owned(),
    };
    view! {
        <section class="card quota-summary" data-testid="quota-summary">
            <h2>{t("quotas.quota")}</h2>
            <dl class="kv">
                <dt>{t("quotas.limit")}</dt>
                <dd>
                    <strong data-testid="quota-limit">{size}</strong>" "
                    <span class="muted">{exact}</span>
                    {is_default.then(|| view! { <span class="badge" data-testid="quota-default">{t("quotas.default_badge")}</span> })}
                </dd>
                <dt>{t("quotas.used")}</dt>
                <dd data-testid="quota-used">{used_text}</dd>
            </dl>
            {move || used.get().map(|u| view! { <UsageBar used=u quota=bar_quota.clone()/> })}
            {is_default.then(|| view! { <p class="muted">{t("quotas.default_note")}</p> })}
            {editable.then(|| view! {
                <div class="actions">
                    {if is_default {
                        view! {
                            <button type="button" class="btn btn-primary" data-testid="quota-create"
                                on:click=move |_| open.set(Open::CreateQuota)>{t("quotas.create")}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn" data-testid="quota-edit"
                                on:click=move |_| open.set(Open::ChangeQuota)>{t("quotas.change")}</button>
                            <button type="button" class="btn btn-danger" data-testid="quota-delete"
                                on:click=move |_| open.set(Open::DeleteQuota)>{t("quotas.delete")}</button>
                        }.into_any()
                    }}
                </div>
            })}
        </section>
    }
}

/// A quota or limit form's draft kept for the tab (a 401 mid-form, then a new sign-in) opens its
/// dialog again, once the quota is known.
fn restore_drafts(namespace: &str, editable: bool, list: Loader<Vec<Quota>>, open: RwSignal<Open>) {
    let (quota_draft, limit_draft) = (
        super::quota_form::draft(namespace),
        super::limit_form::draft(namespace),
    );
    let done = StoredValue::new(!editable);
    effect(move || {
        let Some(Ok(quotas)) = list.state.get() else {
            return;
        };
        if done.get_value() || open.get_untracked() != Open::Nothing {
            return;
        }
        done.set_value(true);
        let quota = quotas.into_iter().next();
        let with_id = quota.as_ref().is_some_and(|q| q.id.is_some());
        if let Some((change, _)) = quota_draft.restore::<(bool, String)>() {
            open.set(if change && with_id {
                Open::ChangeQuota
            } else {
                Open::CreateQuota
            });
        } else if let Some((id, _, _)) = limit_draft.restore::<(Option<u64>, String, String)>() {
            let limit = id.and_then(|id| {
                quota
                    .as_ref()
                    .and_then(|q| q.limits.iter().find(|l| l.id == id).cloned())
            });
            match limit {
                Some(l) => open.set(Open::ChangeLimit(l)),
                None if id.is_none() && with_id => open.set(Open::AddLimit),
                None => {}
            }
        }
    });
}
