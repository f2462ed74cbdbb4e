//! The aggregate chart: an SVG stacked bar per day (drawn by hand, scaled by its viewBox), and a
//! legend whose entries toggle their kind in the table's filter.

use leptos::prelude::*;

use crate::components::{ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, ErrorKind};
use crate::model::logs::chart::{build, label_step, Chart, SLOTS};
use crate::model::logs::filter::Window;
use crate::model::logs::AggregatedLogs;
use crate::reactive::memo;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

#[allow(clippy::cast_precision_loss)]
fn as_f64(n: u64) -> f64 {
    n as f64
}

fn index_f64(i: usize) -> f64 {
    as_f64(u64::try_from(i).unwrap_or(u64::MAX))
}

#[component]
pub fn LogChart(
    /// `None` while loading (or when no request can be made).
    #[prop(into)]
    aggregate: Signal<Option<Result<AggregatedLogs, ApiError>>>,
    #[prop(into)] window: Signal<Option<Window>>,
    /// The kinds selected in the filter (highlighted; others dimmed when some are selected).
    #[prop(into)]
    selected: Signal<Vec<String>>,
    on_toggle: Callback<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let chart = memo(move || match (aggregate.get(), window.get()) {
        (Some(Ok(data)), Some(w)) => Some(build(&data.aggregated, w)),
        _ => None,
    });
    view! {
        <section class="card logs-chart" data-testid="logs-chart" aria-labelledby="logs-chart-title">
            <h2 id="logs-chart-title">{t("logs.chart.title")}</h2>
            {move || match (aggregate.get(), window.get()) {
                (_, None) => view! { <p class="muted">{t("logs.chart.no_window")}</p> }.into_any(),
                (None, Some(_)) => view! { <Loading label=t("logs.chart.loading")/> }.into_any(),
                // A refused range is shown on the filter.
                (Some(Err(e)), _) if e.kind == ErrorKind::Refused => view! { <p class="muted">{t("logs.chart.refused")}</p> }.into_any(),
                (Some(Err(e)), _) => view! { <ErrorView error=e on_retry=on_retry/> }.into_any(),
                (Some(Ok(_)), Some(_)) => match chart.get() {
                    Some(c) if c.too_long => view! { <p class="muted">{t("logs.chart.too_long")}</p> }.into_any(),
                    Some(c) if c.total() == 0 => view! { <p class="muted" data-testid="logs-chart-empty">{t("logs.chart.empty")}</p> }.into_any(),
                    Some(c) => view! { <Bars chart=c selected=selected/><Legend chart=chart selected=selected on_toggle=on_toggle/> }.into_any(),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn Bars(chart: Chart, selected: Signal<Vec<String>>) -> impl IntoView {
    let days = chart.days.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot_w = plot_w / index_f64(days);
    let bar_w = (slot_w * 0.8).max(1.0);
    let ceiling = as_f64(chart.ceiling.max(1));
    let scale = move |n: u64| as_f64(n) / ceiling * plot_h;
    let step = label_step(days, 8);
    let summary = tf(
        "logs.chart.summary",
        &[
            ("total", &chart.total().to_string()),
            ("days", &chart.days.len().to_string()),
        ],
    );
    let ticks = [0, chart.ceiling / 2, chart.ceiling];
    let grid = ticks
        .into_iter()
        .map(|v| {
            let y = TOP + plot_h - scale(v);
            view! {
                <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y></line>
                <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{v.to_string()}</text>
            }
        })
        .collect_view();
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (i, day) in chart.days.iter().enumerate() {
        let x = LEFT + index_f64(i) * slot_w + (slot_w - bar_w) / 2.0;
        // One segment per kind with its own colour, then one for all the others.
        let mut segments: Vec<(usize, Vec<String>, u64, String)> = Vec::new();
        let (mut other_kinds, mut other_n, mut other_tip) = (Vec::new(), 0_u64, Vec::new());
        for series in &chart.series {
            let n = series.counts.get(i).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            if series.slot < SLOTS {
                let tip = format!("{day}: {} × {n}", series.kind);
                segments.push((series.slot, vec![series.kind.clone()], n, tip));
            } else {
                other_kinds.push(series.kind.clone());
                other_n += n;
                other_tip.push(format!("{} × {n}", series.kind));
            }
        }
        if other_n > 0 {
            let tip = format!("{day}: {}", other_tip.join(", "));
            segments.push((SLOTS, other_kinds, other_n, tip));
        }
        let mut y = TOP + plot_h;
        for (slot, kinds, n, tip) in segments {
            let h = scale(n);
            y -= h;
            let dim =
                move || selected.with(|s| !s.is_empty() && !kinds.iter().any(|k| s.contains(k)));
            bars.push(view! {
                <rect class=format!("bar s{slot}") class:dim=dim x=x y=y width=bar_w height=h.max(0.5)><title>{tip}</title></rect>
            });
        }
        if i % step == 0 {
            let (_, m, d) = day.ymd();
            labels.push(view! {
                <text class="axis" x=x + bar_w / 2.0 y=HEIGHT - 6.0 text-anchor="middle">{format!("{m:02}-{d:02}")}</text>
            });
        }
    }
    let aria = summary.clone();
    view! {
        <svg class="logs-bars" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=aria
            preserveAspectRatio="xMidYMid meet" data-testid="logs-bars">
            <title>{summary}</title>
            {grid}
            {bars}
            {labels}
        </svg>
    }
}

#[component]
fn Legend(
    chart: Memo<Option<Chart>>,
    selected: Signal<Vec<String>>,
    on_toggle: Callback<String>,
) -> impl IntoView {
    let entries = move || {
        chart.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.series
                        .iter()
                        .map(|s| (s.kind.clone(), s.total, s.slot))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <ul class="logs-legend" aria-label=t("logs.chart.legend") data-testid="logs-legend">
            <For each=entries key=|(kind, total, slot)| (kind.clone(), *total, *slot) let:entry>
                {
                    let (kind, total, slot) = entry;
                    let pressed = {
                        let kind = kind.clone();
                        move || selected.with(|s| s.contains(&kind))
                    };
                    let toggle = kind.clone();
                    let swatch = if slot >= SLOTS { format!("swatch s{SLOTS}") } else { format!("swatch s{slot}") };
                    view! {
                        <li>
                            <button type="button" class="legend-item" data-testid="legend-item" data-kind=kind.clone()
                                aria-pressed=move || if pressed() { "true" } else { "false" }
                                title=tf("logs.chart.toggle", &[("kind", &kind)])
                                on:click=move |_| on_toggle.run(toggle.clone())>
                                <span class=swatch aria-hidden="true"></span>
                                <code>{kind.clone()}</code>
                                <span class="muted">{total.to_string()}</span>
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
