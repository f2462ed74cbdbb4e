//! Consumption as a bar, with the Warning and Reject thresholds marked on it.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::quotas::{
    format_bytes, threshold_bytes, usage, Level, LimitKind, Quota, QuotaLimit,
};

/// The CSS class of a level.
#[must_use]
pub fn level_class(level: Level) -> &'static str {
    match level {
        Level::Ok => "level-ok",
        Level::Warning => "level-warning",
        Level::Reject => "level-reject",
    }
}

/// `12.5` → `"12.5%"`, `3.0` → `"3%"`.
#[must_use]
pub fn percent_text(percent: f64) -> String {
    let rounded = (percent * 10.0).round() / 10.0;
    if (rounded - rounded.round()).abs() < f64::EPSILON {
        format!("{rounded:.0}%")
    } else {
        format!("{rounded:.1}%")
    }
}

/// `used` of `quota` as a bar with one mark per limit. `compact` drops the legend (tables).
#[component]
pub fn UsageBar(used: u64, quota: Quota, #[prop(optional)] compact: bool) -> impl IntoView {
    let limits = quota.sorted_limits();
    let current = usage(used, quota.limit_bytes, &limits);
    let label = tf(
        "quotas.usage_of",
        &[
            ("used", &format_bytes(used)),
            ("quota", &format_bytes(quota.limit_bytes)),
            ("percent", &percent_text(current.percent)),
        ],
    );
    let marks = limits
        .iter()
        .map(|l| {
            let class = if l.kind == LimitKind::Reject { "mark mark-reject" } else { "mark mark-warning" };
            #[allow(clippy::cast_precision_loss)]
            let left = format!("{}%", (l.limit_percent as f64).min(100.0));
            view! { <span class=class style:left=left title=limit_text(l, quota.limit_bytes)></span> }
        })
        .collect_view();
    let legend = (!compact && !limits.is_empty()).then(|| {
        let items = limits
            .iter()
            .map(|l| {
                let class = if l.kind == LimitKind::Reject { "swatch swatch-reject" } else { "swatch swatch-warning" };
                view! { <li><span class=class aria-hidden="true"></span>{limit_text(l, quota.limit_bytes)}</li> }
            })
            .collect_view();
        view! { <ul class="quota-legend" data-testid="usage-legend">{items}</ul> }
    });
    let state = match current.level {
        Level::Ok => None,
        Level::Warning => Some(tf(
            "quotas.level_warning",
            &[("percent", &current.crossed.unwrap_or_default().to_string())],
        )),
        Level::Reject => Some(tf(
            "quotas.level_reject",
            &[("percent", &current.crossed.unwrap_or_default().to_string())],
        )),
    };
    let bar_width = format!("{}%", current.bar_percent());
    let now = format!("{:.1}", current.percent);
    view! {
        <div class=format!("quota-usage {}", level_class(current.level)) data-level=level_class(current.level)>
            <div class="meter quota-meter" role="meter" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=now aria-label=label.clone() data-testid="usage-bar">
                <div class="fill" style:width=bar_width></div>
                {marks}
            </div>
            {(!compact).then(|| view! {
                <p class="quota-usage-text" data-testid="quota-usage">{label.clone()}</p>
            })}
            {(!compact).then(|| state.map(|s| view! { <p class="quota-level" data-testid="quota-level">{s}</p> }))}
            {legend}
        </div>
    }
}

/// `Warning at 80% (8.0 GiB)`.
#[must_use]
pub fn limit_text(limit: &QuotaLimit, quota_bytes: u64) -> String {
    let key = match limit.kind {
        LimitKind::Reject => "quotas.reject_at",
        LimitKind::Warning => "quotas.warning_at",
        LimitKind::Other(_) => "quotas.other_at",
    };
    tf(
        key,
        &[
            ("kind", limit.kind.as_str()),
            ("percent", &limit.limit_percent.to_string()),
            (
                "bytes",
                &format_bytes(threshold_bytes(quota_bytes, limit.limit_percent)),
            ),
        ],
    )
}

/// The name of a limit kind in the current language.
#[must_use]
pub fn kind_name(kind: &LimitKind) -> String {
    match kind {
        LimitKind::Warning => t("quotas.kind_warning").to_owned(),
        LimitKind::Reject => t("quotas.kind_reject").to_owned(),
        LimitKind::Other(text) => text.clone(),
    }
}
