//! "Generate a token" for an application: choose scopes, approve on Quay's authorize page for
//! that client, come back here, and see the token once (memory only, never stored).

use leptos::prelude::*;

use super::redirect::verdict;
use super::{app_route, use_config};
use crate::auth::{self, AppTokenOutcome, AppTokenRequest, AppTokenResult};
use crate::components::{CopyButton, Dialog};
use crate::i18n::format;
use crate::i18n::{t, tf};
use crate::model::applications::Application;
use crate::model::config::SENSITIVE_SCOPES;
use crate::routes;

/// Quay's scopes with the API guide's descriptions (i18n keys).
const SCOPES: [(&str, &str, &str); 8] = [
    (
        "repo:read",
        "applications.scope_repo_read",
        "applications.scope_repo_read_desc",
    ),
    (
        "repo:write",
        "applications.scope_repo_write",
        "applications.scope_repo_write_desc",
    ),
    (
        "repo:admin",
        "applications.scope_repo_admin",
        "applications.scope_repo_admin_desc",
    ),
    (
        "repo:create",
        "applications.scope_repo_create",
        "applications.scope_repo_create_desc",
    ),
    (
        "user:read",
        "applications.scope_user_read",
        "applications.scope_user_read_desc",
    ),
    (
        "user:admin",
        "applications.scope_user_admin",
        "applications.scope_user_admin_desc",
    ),
    (
        "org:admin",
        "applications.scope_org_admin",
        "applications.scope_org_admin_desc",
    ),
    (
        "super:user",
        "applications.scope_super_user",
        "applications.scope_super_user_desc",
    ),
];

#[component]
pub fn GenerateToken(org: String, #[prop(into)] app: Signal<Application>) -> impl IntoView {
    let config = use_config();
    let chosen = RwSignal::new(Vec::<String>::new());
    let tried = RwSignal::new(false);
    let target = Memo::new({
        let config = config.clone();
        move |_| app.with(|a| verdict(&a.redirect_uri, &a.client_id, &config).token_redirect)
    });
    let go = move |_| {
        tried.set(true);
        let scopes = chosen.get_untracked();
        let (Some(redirect_uri), false) = (target.get_untracked(), scopes.is_empty()) else {
            return;
        };
        let app = app.get_untracked();
        let (config, org) = (config.clone(), org.clone());
        leptos::task::spawn_local(async move {
            // Quay's authorize page needs Quay's own session (it answers a bare 401 without one).
            let signed_in = !matches!(
                crate::api::user::quay_session(&config.quay_url).await,
                crate::api::user::QuaySession::SignedOut
            );
            auth::start_app_token(
                &config,
                &AppTokenRequest {
                    org: &org,
                    client_id: &app.client_id,
                    app_name: &app.name,
                    scopes: &scopes,
                    redirect_uri: &redirect_uri,
                    return_to: &routes::strip_base(
                        &app_route(&org, Some(&app.client_id)),
                        routes::base(),
                    ),
                },
                signed_in,
            );
        });
    };
    let toggle = move |scope: &'static str, on: bool| {
        chosen.update(|c| {
            c.retain(|s| s != scope);
            if on {
                c.push(scope.to_owned());
            }
        });
    };
    view! {
        <section class="card generate" data-testid="generate-token">
            <h2>{t("applications.generate_title")}</h2>
            <p class="muted">{t("applications.generate_intro")}</p>
            <fieldset class="scopes">
                <legend>{t("applications.scopes")}</legend>
                {SCOPES.into_iter().map(|(scope, title, desc)| {
                    let sensitive = SENSITIVE_SCOPES.contains(&scope);
                    view! {
                        <label class="scope">
                            <input type="checkbox" data-testid=format!("scope-{scope}")
                                prop:checked=move || chosen.with(|c| c.iter().any(|s| s == scope))
                                on:change=move |ev| toggle(scope, event_target_checked(&ev))/>
                            <span class="scope-text">
                                <span class="scope-title"><code>{scope}</code>" "{t(title)}" "
                                    {sensitive.then(|| view! { <span class="badge badge-warn">{t("applications.sensitive")}</span> })}
                                </span>
                                <span class="hint">{t(desc)}</span>
                            </span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || (tried.get() && chosen.with(Vec::is_empty)).then(|| view! {
                <p class="field-error" role="alert" data-testid="scope-problem">{t("applications.err_no_scope")}</p>
            })}
            {move || target.get().is_none().then(|| view! {
                <p class="notice notice-warn" data-testid="generate-blocked">{t("applications.generate_blocked")}</p>
            })}
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="generate"
                    prop:disabled=move || target.with(Option::is_none) on:click=go>
                    {t("applications.generate")}
                </button>
            </div>
        </section>
    }
}

/// What came back from Quay, shown once: closing it forgets the token.
#[component]
pub fn TokenOnce(outcome: AppTokenOutcome, on_close: Callback<()>) -> impl IntoView {
    let title = tf("applications.token_for", &[("name", &outcome.app_name)]);
    let result = StoredValue::new(outcome.result);
    view! {
        <Dialog open=Signal::derive(|| true) title=title on_close=on_close testid="token-once">
            {move || result.with_value(outcome_view)}
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="token-once-done"
                    on:click=move |_| on_close.run(())>{t("applications.done")}</button>
            </div>
        </Dialog>
    }
}

fn outcome_view(result: &AppTokenResult) -> AnyView {
    match result {
        AppTokenResult::Granted {
            access_token,
            expires_in,
            scopes,
        } => {
            #[allow(clippy::cast_precision_loss)]
            let expires = expires_in.map_or_else(
                || t("common.never").to_owned(),
                |s| format::date_time(js_sys::Date::now() / 1000.0 + s as f64),
            );
            view! {
                <p class="notice notice-warn">{t("applications.token_once")}</p>
                <p><code class="secret" data-testid="generated-token">{access_token.clone()}</code></p>
                <p><CopyButton text=access_token.clone() label=t("applications.copy_token")/></p>
                <dl class="kv">
                    <dt>{t("applications.scopes")}</dt><dd data-testid="generated-scopes">{scopes.join(" ")}</dd>
                    <dt>{t("applications.expires")}</dt><dd>{expires}</dd>
                </dl>
                <p class="muted">{t("applications.token_usage")}</p>
            }
            .into_any()
        }
        AppTokenResult::Denied(error) => view! {
            <p role="alert" data-testid="generate-denied">{tf("applications.token_denied", &[("error", error)])}</p>
        }
        .into_any(),
        AppTokenResult::Rejected => view! {
            <p role="alert" data-testid="generate-rejected">{t("applications.token_rejected")}</p>
        }
        .into_any(),
    }
}
