//! The one way every API error is shown: what happened, in words, and what to do next.

use leptos::prelude::*;

use crate::auth::Session;
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, ErrorKind};

/// The sentence for an error, in the current language; Quay's own message where it sent one.
#[must_use]
pub fn describe(error: &ApiError) -> String {
    match error.kind {
        ErrorKind::Network
            if error.error_type.as_deref() == Some(crate::api::client::CANCELLED) =>
        {
            t("error.cancelled").to_owned()
        }
        ErrorKind::Network if is_offline() => t("error.offline").to_owned(),
        ErrorKind::Network => t("error.network").to_owned(),
        ErrorKind::Refused if error.status == 429 => t("error.too_many").to_owned(),
        ErrorKind::Timeout => t("error.timeout").to_owned(),
        ErrorKind::Unauthorized => t("error.unauthorized").to_owned(),
        ErrorKind::Forbidden
            if error.error_type.as_deref() == Some(crate::api::client::MISSING_SCOPE) =>
        {
            error.message.clone()
        }
        ErrorKind::Forbidden => t("error.forbidden").to_owned(),
        ErrorKind::NotFound => t("error.not_found").to_owned(),
        ErrorKind::Conflict => tf("error.conflict", &[("message", &error.message)]),
        ErrorKind::Refused => tf("error.refused", &[("message", &error.message)]),
        ErrorKind::Server => tf("error.server", &[("status", &error.status.to_string())]),
        ErrorKind::Decode
            if error.error_type.as_deref() == Some(crate::api::client::WRITE_UNKNOWN) =>
        {
            t("write.unknown").to_owned()
        }
        ErrorKind::Decode => t("error.decode").to_owned(),
    }
}

/// The browser says it has no network.
#[must_use]
pub fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// A panel for a failed load, with a retry button when `on_retry` is given.
#[component]
pub fn ErrorView(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let text = describe(&error);
    let detail = (error.status != 0 || !error.message.is_empty()).then(|| error.to_string());
    let is_auth = error.kind == ErrorKind::Unauthorized;
    let session = use_context::<Session>();
    view! {
        <div class="error-view" role="alert" data-testid="error-view" data-status=error.status.to_string()>
            <h2>{t("error.title")}</h2>
            <p>{text}</p>
            {detail.map(|d| view! {
                <details><summary>{t("error.details")}</summary><code>{d}</code></details>
            })}
            <div class="actions">
                {on_retry.map(|retry| view! {
                    <button type="button" class="btn" on:click=move |_| retry.run(())>{t("error.retry")}</button>
                })}
                {(is_auth && session.is_some()).then(|| view! {
                    <button type="button" class="btn btn-primary"
                        on:click=move |_| { if let Some(s) = session { s.expire(); } }>{t("error.sign_in")}</button>
                })}
            </div>
        </div>
    }
}
