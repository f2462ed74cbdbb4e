//! The quota's Warning and Reject limits, with add, change and delete for superusers.

use leptos::prelude::*;

use super::panel::Open;
use super::usage_bar::kind_name;
use crate::i18n::t;
use crate::model::quotas::{format_bytes, threshold_bytes, LimitKind, Quota};

#[component]
pub fn LimitsTable(quota: Quota, editable: bool, open: RwSignal<Open>) -> impl IntoView {
    let limits = quota.sorted_limits();
    // The system default quota has no id: Quay cannot attach limits to it.
    let can_add = editable && quota.id.is_some();
    let no_reject = !limits.is_empty() && !limits.iter().any(|l| l.kind == LimitKind::Reject);
    let rows = limits
        .into_iter()
        .map(|limit| {
            let (edit, delete) = (limit.clone(), limit.clone());
            let class = if limit.kind == LimitKind::Reject { "badge badge-danger" } else { "badge badge-warn" };
            view! {
                <tr data-testid="limit-row" data-kind=limit.kind.as_str().to_owned()>
                    <td><span class=class>{kind_name(&limit.kind)}</span></td>
                    <td data-testid="limit-percent-cell">{format!("{}%", limit.limit_percent)}</td>
                    <td>{format_bytes(threshold_bytes(quota.limit_bytes, limit.limit_percent))}</td>
                    {editable.then(|| view! {
                        <td><div class="row-actions">
                            <button type="button" class="btn btn-small" data-testid="limit-edit"
                                aria-label=format!("{} {} {}%", t("quotas.limit_edit"), limit.kind.as_str(), limit.limit_percent)
                                on:click=move |_| open.set(Open::ChangeLimit(edit.clone()))>{t("quotas.limit_edit")}</button>
                            <button type="button" class="btn btn-small btn-danger" data-testid="limit-delete"
                                aria-label=format!("{} {} {}%", t("quotas.limit_delete"), limit.kind.as_str(), limit.limit_percent)
                                on:click=move |_| open.set(Open::DeleteLimit(delete.clone()))>{t("quotas.limit_delete")}</button>
                        </div></td>
                    })}
                </tr>
            }
        })
        .collect_view();
    let empty = quota.limits.is_empty();
    view! {
        <section class="card" data-testid="quota-limits">
            <div class="toolbar">
                <h2>{t("quotas.limits")}</h2>
                <span class="grow"></span>
                {can_add.then(|| view! {
                    <button type="button" class="btn" data-testid="limit-add"
                        on:click=move |_| open.set(Open::AddLimit)>{t("quotas.limit_add")}</button>
                })}
            </div>
            {if empty {
                view! { <p class="muted" data-testid="limits-empty">{t("quotas.limits_none")}</p> }.into_any()
            } else {
                view! {
                    <table class="data quota-limits-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("quotas.limit_type")}</th>
                                <th scope="col">{t("quotas.limit_threshold")}</th>
                                <th scope="col">{t("quotas.limit_applies_at")}</th>
                                {editable.then(|| view! { <th scope="col">{t("quotas.actions")}</th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {no_reject.then(|| view! { <p class="muted" data-testid="no-reject">{t("quotas.no_reject")}</p> })}
        </section>
    }
}
