//! The security column of the tag list: its header and a row's cell (counts by severity, or the
//! scan's state), both only where the scanner is on. The cell asks [`ScanCounts`] for its digest
//! while it is mounted, and links to the tag's report drawer (`?tag=NAME&security=1`).

use leptos::prelude::*;

use super::security::{Scan, ScanCounts};
use crate::i18n::{t, tf};
use crate::model::security::{ScanStatus, Severity, Summary};
/// The words of a summary: "2 critical, 5 high" (or "no known vulnerabilities").
#[must_use]
pub fn summary_text(summary: &Summary) -> String {
    if summary.total() == 0 {
        return t("security.none_found").to_owned();
    }
    Severity::ALL
        .into_iter()
        .filter(|s| summary.count(*s) > 0)
        .map(|s| {
            tf(
                "security.count_of",
                &[
                    ("count", &summary.count(s).to_string()),
                    ("severity", severity_name(s)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A severity's name in the current language.
#[must_use]
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Critical => t("security.sev_critical"),
        Severity::High => t("security.sev_high"),
        Severity::Medium => t("security.sev_medium"),
        Severity::Low => t("security.sev_low"),
        Severity::Negligible => t("security.sev_negligible"),
        Severity::Unknown => t("security.sev_unknown"),
    }
}

/// A status's short word for the list.
#[must_use]
pub fn status_word(status: ScanStatus) -> &'static str {
    match status {
        ScanStatus::Scanned => t("security.status_scanned"),
        ScanStatus::Queued => t("security.status_queued"),
        ScanStatus::Failed => t("security.status_failed"),
        ScanStatus::Unsupported => t("security.status_unsupported"),
        ScanStatus::ManifestLayerTooLarge => t("security.status_too_large"),
        ScanStatus::Other => t("security.status_other"),
    }
}

/// The column header, only where the scanner is on.
#[component]
pub fn ScanHeader() -> impl IntoView {
    let counts = use_context::<ScanCounts>();
    move || {
        counts.filter(|c| c.enabled.get()).map(|_| {
            view! { <span role="columnheader" class="col-security">{t("security.column")}</span> }
        })
    }
}

/// A row's counts: asks for its digest while mounted (see the module doc).
#[component]
pub fn ScanCell(name: String, digest: String, is_list: bool) -> impl IntoView {
    let Some(counts) = use_context::<ScanCounts>() else {
        return ().into_any();
    };
    counts.want(&name, &digest, is_list);
    {
        let digest = digest.clone();
        on_cleanup(move || counts.release(&digest));
    }
    let href = format!(
        "{}{}",
        counts.href.get_value(),
        crate::model::url::encode(&name)
    );
    let open = super::use_set_params();
    let on_click = move |ev: web_sys::MouseEvent| {
        if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0) {
            ev.prevent_default();
            open.run((
                vec![("tag", name.clone()), ("security", "1".to_owned())],
                false,
            ));
        }
    };
    // This row's state only: other digests answering do not repaint it.
    let mine = crate::reactive::memo(move || counts.state(&digest));
    let body = move || -> AnyView {
        if is_list {
            return view! { <span class="badge" data-scan="list">{t("security.per_platform")}</span> }.into_any();
        }
        match mine.get() {
            None | Some(Scan::Waiting | Scan::Loading) => view! {
                <span class="muted" data-scan="loading">"…"</span>
            }
            .into_any(),
            Some(Scan::Failed(_)) => view! {
                <span class="badge badge-danger" data-scan="error">{t("security.error_short")}</span>
            }
            .into_any(),
            Some(Scan::Done(ScanStatus::Scanned, s)) if s.total() == 0 => view! {
                <span class="badge badge-ok" data-scan="clean">{t("security.clean_short")}</span>
            }
            .into_any(),
            Some(Scan::Done(ScanStatus::Scanned, s)) => counts_view(&s).into_any(),
            Some(Scan::Done(status, _)) => {
                let class = if status == ScanStatus::Failed { "badge badge-danger" } else { "badge badge-warn" };
                view! { <span class=class data-scan=status.slug()>{status_word(status)}</span> }.into_any()
            }
        }
    };
    let label = Signal::derive(move || {
        let what = match mine.get() {
            _ if is_list => t("security.per_platform").to_owned(),
            Some(Scan::Done(ScanStatus::Scanned, s)) => summary_text(&s),
            Some(Scan::Done(status, _)) => status_word(status).to_owned(),
            Some(Scan::Failed(m)) => m,
            _ => t("security.checking").to_owned(),
        };
        tf("security.cell_label", &[("summary", &what)])
    });
    (move || {
        counts.enabled.get().then(|| {
            view! {
                <span role="cell" class="col-security" data-testid="scan-cell">
                    <a href=href.clone() class="scan-link" title=label on:click=on_click.clone()>
                        <span aria-hidden="true">{body}</span>
                        <span class="visually-hidden" data-testid="scan-label">{label}</span>
                    </a>
                </span>
            }
        })
    })
    .into_any()
}

/// Chips of the non-zero severities, most severe first (at most three, then "+n").
fn counts_view(s: &Summary) -> impl IntoView {
    let shown: Vec<Severity> = Severity::ALL
        .into_iter()
        .filter(|sev| s.count(*sev) > 0)
        .collect();
    let rest: usize = shown.iter().skip(3).map(|sev| s.count(*sev)).sum();
    view! {
        <span class="sev-counts" data-scan="vulnerable" data-total=s.total().to_string()>
            {shown.into_iter().take(3).map(|sev| view! {
                <span class=format!("sev sev-{}", sev.slug()) data-severity=sev.slug()>{s.count(sev)}</span>
            }).collect_view()}
            {(rest > 0).then(|| view! { <span class="sev sev-more">{format!("+{rest}")}</span> })}
        </span>
    }
}
