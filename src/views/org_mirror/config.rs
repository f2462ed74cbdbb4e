//! The stored configuration as Quay shows it (the password never: only whether there is one).

use leptos::prelude::*;

use super::{status_class, status_words};
use crate::i18n::{t, tf};
use crate::model::org_mirror::form::whole_seconds;
use crate::model::org_mirror::{OrgMirrorConfig, RegistryType};

/// `86400` → "every 1 day", `3600` → "every 1 hour", else seconds.
fn every(s: u64) -> String {
    match s {
        s if s > 0 && s % 86_400 == 0 => {
            tf("orgmirror.every_days", &[("n", &(s / 86_400).to_string())])
        }
        s if s > 0 && s % 3_600 == 0 => {
            tf("orgmirror.every_hours", &[("n", &(s / 3_600).to_string())])
        }
        s => tf("orgmirror.every_seconds", &[("n", &s.to_string())]),
    }
}

fn or_none(text: Option<&str>) -> String {
    match text.map(str::trim) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => t("orgmirror.not_set").to_owned(),
    }
}

/// Quay's next sync (a UTC date) in the reader's time and language; Quay's text as it is when it is
/// not a date Quay writes.
fn next_sync(iso: Option<&str>) -> String {
    let Some(text) = iso.map(str::trim).filter(|s| !s.is_empty()) else {
        return or_none(None);
    };
    #[allow(clippy::cast_precision_loss)]
    crate::model::mirrors::time::parse_iso(text).map_or_else(
        || whole_seconds(text),
        |secs| crate::i18n::format::date_time(secs as f64),
    )
}

#[component]
pub fn ConfigPanel(config: Memo<OrgMirrorConfig>) -> impl IntoView {
    move || view! { <Facts config=config.get()/> }
}

#[component]
fn Facts(config: OrgMirrorConfig) -> impl IntoView {
    let source = match &config.external_registry_type {
        RegistryType::Quay => t("orgmirror.type_quay").to_owned(),
        RegistryType::Harbor => t("orgmirror.type_harbor").to_owned(),
        RegistryType::Other(raw) => raw.clone(),
    };
    let proxy = &config.external_registry_config.proxy;
    let proxies = [
        ("HTTP", proxy.http_proxy.as_deref()),
        ("HTTPS", proxy.https_proxy.as_deref()),
        ("no_proxy", proxy.no_proxy.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.filter(|v| !v.trim().is_empty())
            .map(|v| format!("{k}: {v}"))
    })
    .collect::<Vec<_>>();
    let proxies = if proxies.is_empty() {
        t("orgmirror.not_set").to_owned()
    } else {
        proxies.join(" · ")
    };
    let credentials = match (
        &config.external_registry_username,
        config.has_external_registry_password,
    ) {
        (Some(user), true) if !user.is_empty() => {
            tf("orgmirror.credentials_user_password", &[("user", user)])
        }
        (Some(user), false) if !user.is_empty() => user.clone(),
        (_, true) => t("orgmirror.credentials_password").to_owned(),
        _ => t("orgmirror.credentials_none").to_owned(),
    };
    let filters = if config.repository_filters.is_empty() {
        t("orgmirror.filters_all").to_owned()
    } else {
        config.repository_filters.join(", ")
    };
    let yes_no = |b: bool| t(if b { "common.yes" } else { "common.no" });
    let status = config.sync_status.clone();
    view! {
        <section class="card" data-testid="orgmirror-config">
            <h2>{t("orgmirror.config_title")}</h2>
            <dl class="kv facts">
                <dt>{t("orgmirror.field_status")}</dt>
                <dd><span class=status_class(&status) data-testid="orgmirror-status">{status_words(&status)}</span>
                    {(!config.is_enabled).then(|| view! { " " <span class="badge badge-warn" data-testid="orgmirror-disabled">{t("orgmirror.disabled")}</span> })}
                </dd>
                <dt>{t("orgmirror.field_enabled_short")}</dt>
                <dd data-testid="orgmirror-enabled-value">{yes_no(config.is_enabled)}</dd>
                <dt>{t("orgmirror.field_source")}</dt>
                <dd data-testid="orgmirror-source">{source}" · "<code>{config.external_registry_url.clone()}</code>" / "
                    <code>{config.external_namespace.clone()}</code></dd>
                <dt>{t("orgmirror.field_robot")}</dt>
                <dd data-testid="orgmirror-robot-value"><code>{or_none(config.robot_username.as_deref())}</code></dd>
                <dt>{t("orgmirror.field_visibility")}</dt>
                <dd>{t(if config.visibility.eq_ignore_ascii_case("public") { "orgmirror.public" } else { "orgmirror.private" })}</dd>
                <dt>{t("orgmirror.field_interval_short")}</dt>
                <dd data-testid="orgmirror-interval-value">{every(config.sync_interval)}</dd>
                <dt>{t("orgmirror.field_next")}</dt>
                <dd data-testid="orgmirror-next" title=config.sync_start_date.clone()>{next_sync(config.sync_start_date.as_deref())}</dd>
                <dt>{t("orgmirror.field_retries")}</dt>
                <dd>{config.sync_retries_remaining.map_or_else(|| t("orgmirror.not_set").to_owned(), |n| n.to_string())}</dd>
                <dt>{t("orgmirror.field_filters")}</dt>
                <dd data-testid="orgmirror-filters-value">{filters}</dd>
                <dt>{t("orgmirror.credentials")}</dt>
                <dd>{credentials}</dd>
                <dt>{t("orgmirror.field_verify_tls")}</dt>
                <dd>{yes_no(config.external_registry_config.verifies_tls())}</dd>
                <dt>{t("orgmirror.field_proxy")}</dt>
                <dd>{proxies}</dd>
                <dt>{t("orgmirror.field_timeout_short")}</dt>
                <dd>{config.skopeo_timeout.map_or_else(|| t("orgmirror.not_set").to_owned(), |n| tf("orgmirror.every_seconds_plain", &[("n", &n.to_string())]))}</dd>
            </dl>
            <p class="muted">{t("orgmirror.rule_blocks")}</p>
        </section>
    }
}
