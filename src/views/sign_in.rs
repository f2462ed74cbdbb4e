//! The page shown when nobody is signed in, or when Quay stopped accepting the token.

use std::sync::Arc;

use leptos::prelude::*;

use crate::auth::{start_sign_in, CallbackResult};
use crate::i18n::{t, tf};
use crate::model::config::Config;

#[component]
pub fn SignInPage(
    config: Arc<Config>,
    /// What the last callback said, if it did not sign in.
    outcome: Option<CallbackResult>,
    /// The session ended (401): say so.
    expired: bool,
    /// The route to come back to (router-relative, with its query).
    #[prop(into)]
    return_to: Signal<String>,
) -> impl IntoView {
    let quay = if config.quay_url.is_empty() {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    } else {
        config.quay_url.clone()
    };
    let notice = match outcome {
        Some(CallbackResult::Denied { error }) => Some((
            t("auth.denied_title"),
            tf("auth.denied_text", &[("error", &error)]),
        )),
        Some(CallbackResult::Rejected { reason }) => Some((t("auth.rejected_title"), reason)),
        _ if expired => Some((t("auth.expired_title"), t("auth.expired_text").to_owned())),
        _ => None,
    };
    let has_notice = notice.is_some();
    let go = move |_| start_sign_in(&config, &return_to.get_untracked());
    view! {
        <main class="sign-in" data-testid="sign-in-page">
            <h1>{t("auth.welcome_title")}</h1>
            {notice.map(|(title, text)| view! {
                <div class="notice notice-warn" role="alert" data-testid="sign-in-notice">
                    <h2>{title}</h2>
                    <p>{text}</p>
                </div>
            })}
            <p>{t("auth.welcome_text")}</p>
            <p class="muted">{tf("auth.quay_at", &[("url", &quay)])}</p>
            <button type="button" class="btn btn-primary btn-large" data-testid="sign-in" on:click=go>
                {if has_notice { t("auth.retry") } else { t("auth.sign_in") }}
            </button>
        </main>
    }
}
