//! The aggregate chart's data: counts per day and kind over the filter's window, one series per
//! kind (largest first), the first [`SLOTS`] with their own colour and the rest sharing one.

use std::collections::BTreeMap;

use super::date::{parse_quay_datetime, Day};
use super::filter::Window;
use super::AggregateCount;
use crate::model::order::sort_by;

/// Kinds with a colour of their own; the others share colour slot `SLOTS`.
pub const SLOTS: usize = 9;

/// Longest window drawn as one bar per day.
pub const MAX_DAYS: i64 = 366;

/// One kind's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub kind: String,
    pub total: u64,
    /// Colour slot, `0..=SLOTS`.
    pub slot: usize,
    /// Count per day of [`Chart::days`].
    pub counts: Vec<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    pub days: Vec<Day>,
    /// Largest total first, then by kind name.
    pub series: Vec<Series>,
    /// All kinds' count per day.
    pub totals: Vec<u64>,
    /// The y axis' top: a round number at or above the largest day.
    pub ceiling: u64,
    /// Counts Quay sent for days outside the window (not drawn).
    pub outside: u64,
    /// The window is longer than [`MAX_DAYS`]: no bars.
    pub too_long: bool,
}

impl Chart {
    #[must_use]
    pub fn total(&self) -> u64 {
        self.totals.iter().sum()
    }
}

/// 1, 2, 5 × 10ⁿ at or above `max` (at least 1).
#[must_use]
pub fn nice_ceiling(max: u64) -> u64 {
    let mut base = 1_u64;
    loop {
        for step in [1, 2, 5] {
            let candidate = base.saturating_mul(step);
            if candidate >= max || candidate == u64::MAX {
                return candidate;
            }
        }
        base = base.saturating_mul(10);
    }
}

/// Every how many days an axis label fits, for `days` bars and room for `labels` labels.
#[must_use]
pub fn label_step(days: usize, labels: usize) -> usize {
    days.div_ceil(labels.max(1)).max(1)
}

/// Builds the chart of `counts` over `window`.
#[must_use]
pub fn build(counts: &[AggregateCount], window: Window) -> Chart {
    if window.days() > MAX_DAYS || window.days() < 1 {
        return Chart {
            too_long: true,
            ceiling: 1,
            ..Chart::default()
        };
    }
    let days: Vec<Day> = (window.start.0..=window.end.0).map(Day).collect();
    let mut by_kind: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    let mut outside = 0_u64;
    for count in counts.iter().filter(|c| c.count > 0) {
        let day = parse_quay_datetime(&count.datetime).map(Day::of_seconds);
        let index = day
            .filter(|d| window.contains(*d))
            .and_then(|d| usize::try_from(d.0 - window.start.0).ok());
        let Some(index) = index else {
            outside = outside.saturating_add(count.count);
            continue;
        };
        let row = by_kind
            .entry(count.kind.as_str())
            .or_insert_with(|| vec![0; days.len()]);
        if let Some(cell) = row.get_mut(index) {
            *cell = cell.saturating_add(count.count);
        }
    }
    let mut series: Vec<Series> = by_kind
        .into_iter()
        .map(|(kind, counts)| Series {
            kind: kind.to_owned(),
            total: counts.iter().sum(),
            slot: 0,
            counts,
        })
        .collect();
    sort_by(&mut series, |a, b| {
        b.total.cmp(&a.total).then_with(|| a.kind.cmp(&b.kind))
    });
    for (i, s) in series.iter_mut().enumerate() {
        s.slot = i.min(SLOTS);
    }
    let totals: Vec<u64> = (0..days.len())
        .map(|i| series.iter().filter_map(|s| s.counts.get(i)).sum())
        .collect();
    let ceiling = nice_ceiling(totals.iter().copied().max().unwrap_or(0));
    Chart {
        days,
        series,
        totals,
        ceiling,
        outside,
        too_long: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(kind: &str, n: u64, date: &str) -> AggregateCount {
        AggregateCount {
            kind: kind.into(),
            count: n,
            datetime: date.into(),
        }
    }

    #[test]
    fn stacks_per_day_largest_kind_first() {
        let window = Window {
            start: Day::parse_iso("2026-11-17").unwrap(),
            end: Day::parse_iso("2026-11-23").unwrap(),
        };
        let chart = build(
            &[
                count("create_repo", 1, "Tue, 17 Nov 2026 00:00:00 -0000"),
                count("pull_repo", 3, "Mon, 23 Nov 2026 00:00:00 -0000"),
                count("pull_repo", 2, "Tue, 17 Nov 2026 00:00:00 -0000"),
                count("push_repo", 9, "Mon, 02 Nov 2026 00:00:00 -0000"),
            ],
            window,
        );
        assert_eq!(chart.days.len(), 7);
        assert_eq!(chart.series[0].kind, "pull_repo");
        assert_eq!(chart.series[0].counts, vec![2, 0, 0, 0, 0, 0, 3]);
        assert_eq!(chart.totals, vec![3, 0, 0, 0, 0, 0, 3]);
        assert_eq!(chart.outside, 9);
        assert_eq!(chart.ceiling, 5);
        assert_eq!(chart.total(), 6);
    }

    #[test]
    fn slots_and_scales() {
        let window = Window {
            start: Day(0),
            end: Day(0),
        };
        let counts: Vec<AggregateCount> = (0..12)
            .map(|i| {
                count(
                    &format!("k{i:02}"),
                    20 - i,
                    "Thu, 01 Jan 1970 00:00:00 -0000",
                )
            })
            .collect();
        let chart = build(&counts, window);
        assert_eq!(chart.series.iter().map(|s| s.slot).max(), Some(SLOTS));
        assert_eq!(chart.series[3].slot, 3);
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(101), 200);
        assert_eq!(label_step(42, 10), 5);
        assert!(
            build(
                &[],
                Window {
                    start: Day(0),
                    end: Day(400)
                }
            )
            .too_long
        );
    }
}
