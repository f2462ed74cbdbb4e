//! An organization's proxy cache (`/organization/{org}/proxy-cache`): show it, check an upstream
//! (`validateproxycache`), create it, delete it. One bearer call for the first screen; Quay's own
//! rules are said before the form (an organization with immutable tags, or mirrored at the
//! organization level, cannot become a proxy cache), and its refusals keep the input.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::proxy_cache::{self, FormProblem, ProxyCache, DEFAULT_EXPIRATION_S};
use crate::reactive::{effect, memo, resource};
use crate::views::drafts::Draft;
use crate::views::{use_client, use_features};

#[component]
pub fn ProxyCacheView(org: String) -> impl IntoView {
    let features = use_features();
    let on = memo(move || features.with(|f| f.proxy_cache));
    let client = use_client();
    let loaded = resource({
        let (client, org) = (client.clone(), org.clone());
        move || {
            let (client, org) = (client.clone(), org.clone());
            let on = on.get();
            async move {
                if on {
                    Some(api::proxy_cache::get(&client, &org).await)
                } else {
                    None
                }
            }
        }
    });
    let state = RwSignal::new(None::<Option<Result<ProxyCache, ApiError>>>);
    effect(move || state.set(loaded.get()));
    let title = tf("proxy.title", &[("org", &org)]);
    let org = StoredValue::new(org);
    view! {
        <div data-testid="proxy-cache">
            <h1>{title}</h1>
            <p class="muted">{t("proxy.intro")}</p>
            {move || match state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(None) => view! {
                    <p class="notice" data-testid="proxy-off">{t("proxy.off")}</p>
                }.into_any(),
                Some(Some(Err(e))) => view! {
                    <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/>
                }.into_any(),
                Some(Some(Ok(config))) if config.is_configured() => view! {
                    <Configured org=org.get_value() config=config state=state/>
                }.into_any(),
                Some(Some(Ok(_))) => view! { <CreateForm org=org.get_value() state=state/> }.into_any(),
            }}
        </div>
    }
}

type State = RwSignal<Option<Option<Result<ProxyCache, ApiError>>>>;

#[component]
fn Configured(org: String, config: ProxyCache, state: State) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let deleting = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let expiration = config
        .expiration_s
        .map_or_else(|| t("proxy.unknown").to_owned(), describe_seconds);
    let message = tf(
        "proxy.delete_text",
        &[("org", &org), ("upstream", &config.upstream_registry)],
    );
    let confirm = move |()| {
        let (client, org) = (client.clone(), org.clone());
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::proxy_cache::delete(&client, &org).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            deleting.try_set(false);
            match result {
                // 404: there was none any more, which is what was asked.
                Err(e) if e.status != 404 => {
                    toasts.error(tf("proxy.delete_failed", &[("error", &describe(&e))]));
                }
                _ => {
                    toasts.success(t("proxy.deleted"));
                    state.try_set(Some(Some(Ok(ProxyCache::default()))));
                }
            }
        });
    };
    view! {
        <dl class="kv" data-testid="proxy-config">
            <dt>{t("proxy.field_upstream")}</dt>
            <dd data-testid="proxy-upstream"><code>{config.upstream_registry.clone()}</code></dd>
            <dt>{t("proxy.field_expiration")}</dt>
            <dd data-testid="proxy-expiration">{expiration}</dd>
            <dt>{t("proxy.field_insecure")}</dt>
            <dd data-testid="proxy-insecure">{t(if config.insecure { "proxy.insecure_yes" } else { "proxy.insecure_no" })}</dd>
        </dl>
        <p class="muted">{t("proxy.configured_note")}</p>
        <div class="toolbar">
            <button type="button" class="btn btn-danger" data-testid="proxy-delete"
                on:click=move |_| deleting.set(true)>{t("proxy.delete")}</button>
        </div>
        <ConfirmDialog open=Signal::derive(move || deleting.get())
            title=t("proxy.delete_title").to_owned() message=Signal::derive(move || message.clone())
            confirm_label=t("proxy.delete").to_owned() busy=busy
            on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |()| deleting.set(false))/>
    }
}

/// `86400` → "1 day", `3600` → "1 hour", else seconds.
fn describe_seconds(s: u64) -> String {
    match s {
        s if s > 0 && s % 86_400 == 0 => tf("proxy.days", &[("n", &(s / 86_400).to_string())]),
        s if s > 0 && s % 3_600 == 0 => tf("proxy.hours", &[("n", &(s / 3_600).to_string())]),
        s => tf("proxy.seconds", &[("n", &s.to_string())]),
    }
}

#[component]
fn CreateForm(org: String, state: State) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    // What was typed (never the password), kept for the tab: back after a new sign-in.
    let kept = Draft::new("proxy-form", &org);
    let (u, e, i, n) = kept
        .restore::<(String, String, bool, String)>()
        .unwrap_or_else(|| {
            (
                String::new(),
                DEFAULT_EXPIRATION_S.to_string(),
                false,
                String::new(),
            )
        });
    let (upstream, expiration) = (RwSignal::new(u), RwSignal::new(e));
    let (insecure, username) = (RwSignal::new(i), RwSignal::new(n));
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        let fields = (
            upstream.get_untracked(),
            expiration.get_untracked(),
            insecure.get_untracked(),
            username.get_untracked(),
        );
        kept.save(&fields);
    };
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let checked = RwSignal::new(None::<String>);
    let build = move || {
        proxy_cache::request(
            &upstream.get_untracked(),
            &expiration.get_untracked(),
            insecure.get_untracked(),
            &username.get_untracked(),
            &password.get_untracked(),
        )
    };
    let check = {
        let (client, org) = (client.clone(), org.clone());
        move |_| {
            let body = match build() {
                Ok(b) => b,
                Err(p) => return problems.set(p),
            };
            problems.set(Vec::new());
            let (client, org) = (client.clone(), org.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            checked.set(None);
            spawn_local(async move {
                let result = api::proxy_cache::validate(&client, &org, &body).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(answer) => {
                        let key = if answer == "Valid" {
                            "proxy.valid"
                        } else {
                            "proxy.anonymous"
                        };
                        checked.try_set(Some(t(key).to_owned()));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
    };
    let submit = {
        let (client, org) = (client.clone(), org.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let body = match build() {
                Ok(b) => b,
                Err(p) => return problems.set(p),
            };
            problems.set(Vec::new());
            let (client, org) = (client.clone(), org.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            error.set(None);
            spawn_local(async move {
                let result = api::proxy_cache::create(&client, &org, &body).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(()) => {
                        kept.drop();
                        toasts.success(tf(
                            "proxy.created",
                            &[("upstream", &body.upstream_registry)],
                        ));
                        state.try_set(Some(Some(Ok(ProxyCache {
                            upstream_registry: body.upstream_registry.clone(),
                            expiration_s: Some(body.expiration_s),
                            insecure: body.insecure,
                        }))));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
    };
    let has = move |p: FormProblem| problems.with(|list| list.contains(&p));
    let upstream_problem = move || {
        problems.with(|list| {
            list.iter()
                .find(|p| {
                    matches!(
                        p,
                        FormProblem::UpstreamMissing
                            | FormProblem::UpstreamScheme
                            | FormProblem::UpstreamInvalid
                    )
                })
                .map(|p| t(p.key()))
        })
    };
    view! {
        <p data-testid="proxy-none">{t("proxy.none")}</p>
        <ul class="notes" data-testid="proxy-rules">
            <li>{t("proxy.rule_pulls")}</li>
            <li>{t("proxy.rule_immutable")}</li>
            <li>{t("proxy.rule_mirror")}</li>
        </ul>
        <form class="proxy-form" novalidate=true on:submit=submit data-testid="proxy-form"
            on:input=move |_| save_draft() on:change=move |_| save_draft()>
            <label class="field">
                <span>{t("proxy.field_upstream")}" *"</span>
                <input type="text" data-testid="proxy-upstream-input" autocomplete="off" spellcheck="false"
                    placeholder="docker.io" aria-invalid=move || upstream_problem().is_some().to_string()
                    prop:value=move || upstream.get() on:input=move |ev| upstream.set(event_target_value(&ev))/>
                <span class="hint">{t("proxy.upstream_hint")}</span>
                <span class="invalid" data-testid="proxy-upstream-problem">{upstream_problem}</span>
            </label>
            <label class="field">
                <span>{t("proxy.field_expiration_s")}</span>
                <input type="number" min="1" step="1" data-testid="proxy-expiration-input"
                    aria-invalid=move || has(FormProblem::Expiration).to_string()
                    prop:value=move || expiration.get() on:input=move |ev| expiration.set(event_target_value(&ev))/>
                <span class="invalid">{move || has(FormProblem::Expiration).then(|| t(FormProblem::Expiration.key()))}</span>
            </label>
            <label class="choice">
                <input type="checkbox" data-testid="proxy-insecure-input" prop:checked=move || insecure.get()
                    on:change=move |ev| insecure.set(event_target_checked(&ev))/>
                " " {t("proxy.insecure_label")}
            </label>
            <label class="field">
                <span>{t("proxy.field_username")}</span>
                <input type="text" data-testid="proxy-username-input" autocomplete="off"
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{t("proxy.field_password")}</span>
                <input type="password" data-testid="proxy-password-input" autocomplete="new-password"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <span class="hint">{t("proxy.credentials_hint")}</span>
                <span class="invalid">{move || has(FormProblem::Credentials).then(|| t(FormProblem::Credentials.key()))}</span>
            </label>
            {move || checked.get().map(|text| view! { <p class="notice" role="status" data-testid="proxy-checked">{text}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p> })}
            <div class="actions">
                <button type="button" class="btn" data-testid="proxy-check" prop:disabled=move || busy.get()
                    on:click=check>{t("proxy.check")}</button>
                <button type="submit" class="btn btn-primary" data-testid="proxy-save" prop:disabled=move || busy.get()>
                    {t("proxy.save")}</button>
            </div>
        </form>
    }
}
