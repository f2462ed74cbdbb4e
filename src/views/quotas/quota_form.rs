//! Set or change a namespace's quota: the size is typed as people write it ("10 GiB", "500 MiB",
//! "1.5 GB", bytes), read back live, validated before sending, and sent as `limit_bytes`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::size_error;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, Dialog};
use crate::i18n::{t, tf};
use crate::model::quotas::{exact_size_text, format_bytes, parse_size, Quota, QuotaTarget};
use crate::reactive::memo;
use crate::views::drafts::Draft;
use crate::views::use_client;

/// The form's draft: (changing an existing quota, the size as typed), per namespace.
pub fn draft(namespace: &str) -> Draft {
    Draft::new("quota-form", namespace)
}

/// The dialog; `existing` is the quota being changed (`None`: a new one).
#[component]
pub fn QuotaForm(
    #[prop(into)] open: Signal<bool>,
    target: QuotaTarget,
    #[prop(into)] existing: Signal<Option<Quota>>,
    #[prop(into)] used: Signal<Option<u64>>,
    on_close: Callback<()>,
    /// Told the changed quota (`PUT` answers it), or `None` after a create (list again for the id).
    on_saved: Callback<Option<Quota>>,
) -> impl IntoView {
    let title = Signal::derive(move || {
        let key = if existing.with(Option::is_some) {
            "quotas.change_title"
        } else {
            "quotas.create_title"
        };
        t(key).to_owned()
    });
    // Cancel (or Escape) drops what was typed.
    let kept = draft(&target.namespace);
    let on_close = Callback::new(move |()| {
        kept.drop();
        on_close.run(());
    });
    view! {
        <Dialog open=open title=title on_close=on_close testid="quota-dialog">
            <QuotaFormBody target=target.clone() existing=existing.get_untracked()
                used=used.get_untracked() on_close=on_close on_saved=on_saved/>
        </Dialog>
    }
}

#[component]
fn QuotaFormBody(
    target: QuotaTarget,
    existing: Option<Quota>,
    used: Option<u64>,
    on_close: Callback<()>,
    on_saved: Callback<Option<Quota>>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let quota_id = existing.as_ref().and_then(|q| q.id);
    let kept = draft(&target.namespace);
    let text = RwSignal::new(
        kept.load::<(bool, String)>()
            .filter(|(change, _)| *change == quota_id.is_some())
            .map_or_else(
                || {
                    existing
                        .as_ref()
                        .map(|q| exact_size_text(q.limit_bytes))
                        .unwrap_or_default()
                },
                |(_, text)| text,
            ),
    );
    let touched = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    let parsed = memo(move || parse_size(&text.get()));
    let invalid = move || touched.get() && parsed.with(Result::is_err);

    let preview = move || {
        match parsed.get() {
        Ok(bytes) => Some(view! {
            <p class="hint" data-testid="quota-preview">
                {tf("quotas.preview", &[("size", &format_bytes(bytes)), ("bytes", &super::texts::exact(bytes))])}
            </p>
        }.into_any()),
        Err(e) if touched.get() => Some(view! {
            <p class="field-error" role="alert" data-testid="quota-error">{size_error(&e)}</p>
        }.into_any()),
        Err(_) => None,
    }
    };
    let over = move || {
        let bytes = parsed.get().ok()?;
        let used = used.filter(|u| *u > bytes)?;
        Some(view! {
            <p class="notice notice-warn" data-testid="quota-below-usage">
                {tf("quotas.below_usage", &[("used", &format_bytes(used))])}
            </p>
        })
    };

    let namespace = target.namespace.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let Ok(bytes) = parsed.get_untracked() else {
            return;
        };
        if !crate::views::flight::claim(busy) {
            return;
        }
        server_error.set(None);
        let (client, target, namespace) = (client.clone(), target.clone(), namespace.clone());
        spawn_local(async move {
            let result = match quota_id {
                Some(id) => api::quotas::change(&client, &target, id, bytes)
                    .await
                    .map(Some),
                None => api::quotas::create(&client, &target, bytes)
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
                    let key = if quota_id.is_some() {
                        "quotas.changed"
                    } else {
                        "quotas.created"
                    };
                    toasts.success(tf(
                        key,
                        &[("ns", &namespace), ("size", &format_bytes(bytes))],
                    ));
                    on_saved.run(quota);
                }
                Err(e) => {
                    server_error.try_set(Some(describe(&e)));
                }
            }
        });
    };

    view! {
        <form class="quota-form" on:submit=on_submit novalidate=true
            on:input=move |_| if !kept.gone() { kept.save(&(quota_id.is_some(), text.get_untracked())) }>
            <label class="field">
                <span>{t("quotas.size_label")}</span>
                <input type="text" name="quota-size" autocomplete="off" data-testid="quota-size"
                    placeholder=t("quotas.size_placeholder") autofocus=true
                    aria-invalid=move || invalid().to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); server_error.set(None); }
                    on:blur=move |_| { touched.try_set(true); } />
                <span class="hint">{t("quotas.size_hint")}</span>
            </label>
            {preview}
            {over}
            {move || server_error.get().map(|e| view! {
                <p class="notice notice-error" role="alert" data-testid="quota-form-error">{e}</p>
            })}
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                <button type="submit" class="btn btn-primary" data-testid="quota-save" prop:disabled=move || busy.get()>
                    {move || if busy.get() { t("common.working") } else { t("common.save") }}
                </button>
            </div>
        </form>
    }
}
