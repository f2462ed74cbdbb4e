//! Shown instead of the console when `config.json` is missing or wrong: exactly what to fix.

use leptos::prelude::*;

use crate::api::config::ConfigError;
use crate::i18n::{t, tf};
use crate::model::config::EXAMPLE;

#[component]
pub fn SetupPage(error: ConfigError, redirect_uri: String) -> impl IntoView {
    let (url, problems) = match error {
        ConfigError::Unavailable { url, status } => {
            let status = if status == 0 {
                "network error".to_owned()
            } else {
                status.to_string()
            };
            (url, vec![tf("setup.missing", &[("status", &status)])])
        }
        ConfigError::Invalid { url, problems } => (
            url,
            problems
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.problem))
                .collect(),
        ),
    };
    view! {
        <main class="setup" data-testid="setup-page">
            <h1>{t("setup.title")}</h1>
            <p>{t("setup.intro")}</p>
            <ul class="problems" data-testid="setup-problems">
                {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            <p>{tf("setup.where", &[("url", &url)])}</p>
            <pre class="code">{EXAMPLE}</pre>
            <p>{t("setup.fields")}</p>
            <p>{tf("setup.redirect", &[("uri", &redirect_uri)])}</p>
            <button type="button" class="btn btn-primary"
                on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.location().reload(); } }>
                {t("setup.reload")}
            </button>
        </main>
    }
}
