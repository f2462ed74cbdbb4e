//! A windowed list: only the rows in (and just around) the viewport are in the DOM, so 10,000+
//! rows scroll smoothly. Rows have a fixed height. `row(i)` renders row `i`; rows are keyed by
//! index, so a row must read its data reactively (e.g. `move || rows.with(|r| r.get(i).cloned())`)
//! to follow sorting or refreshes. `on_range` reports the visible range, so callers can load the
//! pages that are on screen.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::reactive::{effect, memo};

/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;

/// The rendered index range for a scroll position: `[start, end)`.
#[must_use]
pub fn window(len: usize, scroll_top: f64, viewport: f64, row_height: f64) -> (usize, usize) {
    if row_height <= 0.0 || len == 0 {
        return (0, 0);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let visible = (viewport.max(row_height) / row_height).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let end = first
        .saturating_add(visible)
        .saturating_add(OVERSCAN)
        .min(len);
    (start, end.max(start))
}

type RowFn = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

#[component]
pub fn VirtualList(
    /// Number of rows.
    #[prop(into)]
    len: Signal<usize>,
    /// Height of every row, in pixels (must match the CSS).
    row_height: f64,
    /// Height of the scrolling viewport, in pixels.
    #[prop(default = 560.0)]
    height: f64,
    /// Renders row `i`.
    row: RowFn,
    /// Told the visible range `[start, end)` whenever it changes.
    #[prop(optional, into)]
    on_range: Option<Callback<(usize, usize)>>,
    /// ARIA label of the list.
    #[prop(optional, into)]
    label: Option<String>,
    #[prop(optional, into)] testid: Option<String>,
    /// Set to a row index to scroll it into view.
    #[prop(optional, into)]
    scroll_to: Option<Signal<Option<usize>>>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = NodeRef::<html::Div>::new();
    let range = memo(move || window(len.get(), scroll_top.get(), height, row_height));
    if let Some(on_range) = on_range {
        effect(move || on_range.run(range.get()));
    }
    if let Some(target) = scroll_to {
        effect(move || {
            if let (Some(i), Some(el)) = (target.get(), viewport.get_untracked()) {
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
                let top = (i as f64 * row_height).min(f64::from(i32::MAX)) as i32;
                el.set_scroll_top(top);
            }
        });
    }
    // Rows are positioned with CSSOM (`style:`), which the console's CSP allows.
    #[allow(clippy::cast_precision_loss)]
    let total_height = move || format!("{}px", len.get() as f64 * row_height);
    #[allow(clippy::cast_precision_loss)]
    let offset = move || format!("translateY({}px)", range.get().0 as f64 * row_height);
    view! {
        <div class="vlist" node_ref=viewport role="rowgroup" aria-label=label
            data-testid=testid.unwrap_or_else(|| "virtual-list".into())
            style:max-height=format!("{height}px")
            on:scroll=move |_| {
                if let Some(el) = viewport.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }>
            <div class="vlist-space" style:height=total_height>
                <div class="vlist-window" style:transform=offset>
                    <For each=move || { let (s, e) = range.get(); s..e } key=|i| *i let:i>
                        {row(i)}
                    </For>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn window_is_bounded() {
        assert_eq!(window(0, 0.0, 500.0, 30.0), (0, 0));
        assert_eq!(window(10_000, 0.0, 600.0, 30.0), (0, 28));
        let (s, e) = window(10_000, 300_000.0, 600.0, 30.0);
        assert_eq!((s, e), (9_992, 10_000));
        let (s, e) = window(10_000, 150_000.0, 600.0, 30.0);
        assert!(e - s <= 40, "{s}..{e}");
        assert_eq!(window(5, 1e9, 600.0, 30.0), (5, 5));
        assert_eq!(window(5, -10.0, 600.0, 0.0), (0, 0));
    }
}
