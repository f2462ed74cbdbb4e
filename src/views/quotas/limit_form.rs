//! Add or change a Warning or Reject limit: a threshold of 1–100 % of the quota, at most one Reject,
//! never the same type and threshold twice (Quay's "Quota limit already exists").

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::limit_error;
use super::usage_bar::kind_name;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, Dialog};
use crate::i18n::{t, tf};
use crate::model::quotas::{
    check_limit, format_bytes, threshold_bytes, LimitKind, LimitRequest, Quota, QuotaLimit,
};
use crate::reactive::memo;
use crate::views::drafts::Draft;
use crate::views::use_client;

/// The form's draft: (the limit being changed, its type, the threshold as typed), per namespace.
pub fn draft(namespace: &str) -> Draft {
    Draft::new("limit-form", namespace)
}

#[component]
pub fn LimitForm(
    #[prop(into)] open: Signal<bool>,
    namespace: String,
    /// The quota the limit belongs to.
    #[prop(into)]
    quota: Signal<Option<Quota>>,
    /// The limit being changed (`None`: a new one).
    #[prop(into)]
    editing: Signal<Option<QuotaLimit>>,
    on_close: Callback<()>,
    /// Told the whole quota after a change, `None` after a create.
    on_saved: Callback<Option<Quota>>,
) -> impl IntoView {
    let title = Signal::derive(move || {
        t(if editing.with(Option::is_some) {
            "quotas.limit_change_title"
        } else {
            "quotas.limit_add_title"
        })
        .to_owned()
    });
    // Cancel (or Escape) drops what was typed.
    let kept = draft(&namespace);
    let on_close = Callback::new(move |()| {
        kept.drop();
        on_close.run(());
    });
    view! {
        <Dialog open=open title=title on_close=on_close testid="limit-dialog">
            {
                let namespace = namespace.clone();
                move || quota.get_untracked().map(|q| view! {
                    <LimitFormBody namespace=namespace.clone() quota=q editing=editing.get_untracked()
                        on_close=on_close on_saved=on_saved/>
                })
            }
        </Dialog>
    }
}

#[component]
fn LimitFormBody(
    namespace: String,
    quota: Quota,
    editing: Option<QuotaLimit>,
    on_close: Callback<()>,
    on_saved: Callback<Option<Quota>>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let editing_id = editing.as_ref().map(|l| l.id);
    let kept = draft(&namespace);
    let (kind_text, percent_text) = kept
        .load::<(Option<u64>, String, String)>()
        .filter(|(id, _, _)| *id == editing_id)
        .map_or_else(
            || {
                editing.as_ref().map_or_else(
                    || (LimitKind::Warning.as_str().to_owned(), String::new()),
                    |l| (l.kind.as_str().to_owned(), l.limit_percent.to_string()),
                )
            },
            |(_, k, p)| (k, p),
        );
    let kind = RwSignal::new(LimitKind::from(kind_text));
    let percent = RwSignal::new(percent_text);
    let touched = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    let (limits, quota_bytes, quota_id) = (quota.limits.clone(), quota.limit_bytes, quota.id);
    let checked = memo(move || check_limit(&limits, editing_id, &kind.get(), &percent.get()));

    let feedback = move || {
        match checked.get() {
        Ok(pct) => Some(view! {
            <p class="hint" data-testid="limit-preview">
                {tf("quotas.limit_preview", &[("bytes", &format_bytes(threshold_bytes(quota_bytes, pct))), ("quota", &format_bytes(quota_bytes))])}
            </p>
        }.into_any()),
        Err(e) if touched.get() => Some(view! {
            <p class="field-error" role="alert" data-testid="limit-error">{limit_error(&e)}</p>
        }.into_any()),
        Err(_) => None,
    }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let (Ok(pct), Some(quota_id)) = (checked.get_untracked(), quota_id) else {
            return;
        };
        if !crate::views::flight::claim(busy) {
            return;
        }
        server_error.set(None);
        let request = LimitRequest {
            kind: kind.get_untracked().as_str().to_owned(),
            threshold_percent: pct,
        };
        let (client, namespace) = (client.clone(), namespace.clone());
        spawn_local(async move {
            let result = match editing_id {
                Some(id) => api::quotas::change_limit(&client, &namespace, quota_id, id, &request)
                    .await
                    .map(Some),
                None => api::quotas::create_limit(&client, &namespace, quota_id, &request)
                    .await
                    .map(|()| None),
            };
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(quota) => {
                    kept.drop();
                    let key = if editing_id.is_some() {
                        "quotas.limit_changed"
                    } else {
                        "quotas.limit_added"
                    };
                    toasts.success(tf(
                        key,
                        &[("kind", &request.kind), ("percent", &pct.to_string())],
                    ));
                    on_saved.run(quota);
                }
                Err(e) => {
                    server_error.try_set(Some(describe(&e)));
                }
            }
        });
    };
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        kept.save(&(
            editing_id,
            kind.get_untracked().as_str().to_owned(),
            percent.get_untracked(),
        ));
    };
    let option = move |value: LimitKind| {
        let selected = {
            let value = value.clone();
            move || kind.get() == value
        };
        view! { <option value=value.as_str().to_owned() prop:selected=selected>{kind_name(&value)}</option> }
    };

    view! {
        <form class="limit-form" on:submit=on_submit novalidate=true
            on:input=move |_| save_draft() on:change=move |_| save_draft()>
            <label class="field">
                <span>{t("quotas.limit_type")}</span>
                <select data-testid="limit-type"
                    on:change=move |ev| { kind.set(LimitKind::from(event_target_value(&ev))); server_error.set(None); }>
                    {option(LimitKind::Warning)}
                    {option(LimitKind::Reject)}
                </select>
                <span class="hint">{move || t(if kind.get() == LimitKind::Reject { "quotas.reject_hint" } else { "quotas.warning_hint" })}</span>
            </label>
            <label class="field">
                <span>{t("quotas.limit_percent")}</span>
                <input type="text" inputmode="numeric" autocomplete="off" data-testid="limit-percent"
                    placeholder="80" autofocus=true
                    aria-invalid=move || (touched.get() && checked.with(Result::is_err)).to_string()
                    prop:value=move || percent.get()
                    on:input=move |ev| { percent.set(event_target_value(&ev)); server_error.set(None); }
                    on:blur=move |_| { touched.try_set(true); } />
            </label>
            {feedback}
            {move || server_error.get().map(|e| view! {
                <p class="notice notice-error" role="alert" data-testid="limit-form-error">{e}</p>
            })}
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                <button type="submit" class="btn btn-primary" data-testid="limit-save" prop:disabled=move || busy.get()>
                    {move || if busy.get() { t("common.working") } else { t("common.save") }}
                </button>
            </div>
        </form>
    }
}
