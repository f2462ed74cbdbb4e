//! The logs filter as it lives in the URL (`?from=YYYY-MM-DD&to=...&performer=...&kinds=a,b&q=...`),
//! the date window sent to Quay, and the matching of loaded entries.
//!
//! Quay takes `starttime` / `endtime` as `MM/DD/YYYY` (UTC) with an inclusive end, and refuses
//! (400) an end before the start. Its own default is the last day; the console defaults to the
//! last [`DEFAULT_DAYS`] days, today included, and always sends both dates.

use std::borrow::Borrow;
use std::collections::BTreeSet;

use super::date::Day;
use super::{performer, LogEntry, PerformerInfo};
use crate::model::order::sort;
use crate::model::text::FoldCase;
use crate::model::url::build_query;

/// Days shown when the URL names none: the last week, today included.
pub const DEFAULT_DAYS: i64 = 7;

/// The filter, exactly as in the URL (dates stay text so a broken link is shown, not dropped).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub from: String,
    pub to: String,
    pub performer: String,
    /// Selected kinds (empty = all), sorted and without duplicates.
    pub kinds: Vec<String>,
    pub q: String,
}

/// The inclusive range of days asked of Quay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    pub start: Day,
    pub end: Day,
}

impl Window {
    /// Number of days, both ends included.
    #[must_use]
    pub fn days(self) -> i64 {
        self.end.0 - self.start.0 + 1
    }

    /// Quay's `starttime`.
    #[must_use]
    pub fn starttime(self) -> String {
        self.start.mdy()
    }

    /// Quay's `endtime` (inclusive).
    #[must_use]
    pub fn endtime(self) -> String {
        self.end.mdy()
    }

    #[must_use]
    pub fn contains(self, day: Day) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Why the filter's dates cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// `from` is not a `YYYY-MM-DD` date.
    BadFrom(String),
    /// `to` is not a `YYYY-MM-DD` date.
    BadTo(String),
    /// The end is before the start: Quay answers 400.
    Reversed,
}

/// Splits `a,b,,c` into sorted, unique, trimmed kinds.
#[must_use]
pub fn parse_kinds(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

impl LogFilter {
    /// Reads the filter from the URL query (`get("from")`, ...). Never fails.
    #[must_use]
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).unwrap_or_default().trim().to_owned();
        Self {
            from: text("from"),
            to: text("to"),
            performer: text("performer"),
            kinds: parse_kinds(&text("kinds")),
            q: get("q").unwrap_or_default(),
        }
    }

    /// `?from=...&to=...` with empty parts left out (the empty string when nothing is set).
    #[must_use]
    pub fn to_query(&self) -> String {
        let kinds = self.kinds.join(",");
        build_query(&[
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("performer", self.performer.as_str()),
            ("kinds", kinds.as_str()),
            ("q", self.q.as_str()),
        ])
    }

    /// The days to ask Quay for: `to` defaults to today, `from` to the [`DEFAULT_DAYS`] days that
    /// end at `to`.
    ///
    /// # Errors
    /// A date that is not `YYYY-MM-DD`, or an end before the start (Quay's own 400).
    pub fn window(&self, today: Day) -> Result<Window, RangeError> {
        let end = if self.to.is_empty() {
            today
        } else {
            Day::parse_iso(&self.to).ok_or_else(|| RangeError::BadTo(self.to.clone()))?
        };
        let start = if self.from.is_empty() {
            end.plus(1 - DEFAULT_DAYS)
        } else {
            Day::parse_iso(&self.from).ok_or_else(|| RangeError::BadFrom(self.from.clone()))?
        };
        if end < start {
            return Err(RangeError::Reversed);
        }
        Ok(Window { start, end })
    }

    /// The filter with `kind` added to or removed from the selected kinds.
    #[must_use]
    pub fn toggled_kind(&self, kind: &str) -> Self {
        let mut next = self.clone();
        if next.kinds.iter().any(|k| k == kind) {
            next.kinds.retain(|k| k != kind);
        } else {
            next.kinds.push(kind.to_owned());
            sort(&mut next.kinds);
        }
        next
    }

    /// The performer to send as `performer=` (user and organization scopes), trimmed.
    #[must_use]
    pub fn performer_name(&self) -> Option<&str> {
        Some(self.performer.trim()).filter(|p| !p.is_empty())
    }
}

/// A loaded entry with what the table shows and searches, computed once.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub entry: LogEntry,
    /// Unix seconds, when Quay's date parsed.
    pub time: Option<i64>,
    /// The human sentence for the kind, or the raw kind when it is unknown.
    pub sentence: String,
    /// Whether [`Row::sentence`] came from a known kind.
    pub known: bool,
    pub performer: PerformerInfo,
    pub namespace: Option<String>,
    pub repo: Option<String>,
    /// Lower-case text that the free-text filter searches.
    haystack: String,
}

impl Row {
    /// Builds a row; `sentence` is `None` for an unknown kind (shown raw, never dropped).
    #[must_use]
    pub fn new(entry: LogEntry, sentence: Option<String>, scope_namespace: Option<&str>) -> Self {
        let known = sentence.is_some();
        let sentence = sentence.unwrap_or_else(|| entry.kind.clone());
        let performer = performer(&entry);
        let namespace = entry.namespace_name(scope_namespace);
        let repo = entry.meta_text("repo");
        let haystack = [
            entry.kind.as_str(),
            sentence.as_str(),
            performer.name.as_deref().unwrap_or_default(),
            performer.application.as_deref().unwrap_or_default(),
            entry.ip.as_deref().unwrap_or_default(),
            namespace.as_deref().unwrap_or_default(),
            repo.as_deref().unwrap_or_default(),
            &entry.metadata.to_string(),
        ]
        .join("\n")
        .folded();
        Self {
            time: entry.time(),
            entry,
            sentence,
            known,
            performer,
            namespace,
            repo,
            haystack,
        }
    }

    /// Whether the free text (already lower-case and trimmed) occurs anywhere in the row.
    #[must_use]
    pub fn contains(&self, needle: &str) -> bool {
        needle.is_empty() || self.haystack.contains(needle)
    }
}

/// The part of the filter the console applies to loaded entries itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalFilter {
    kinds: BTreeSet<String>,
    needle: String,
    /// Set when Quay cannot filter by performer for this scope (repository, superuser).
    performer: Option<String>,
}

impl LocalFilter {
    #[must_use]
    pub fn new(filter: &LogFilter, server_performer: bool) -> Self {
        Self {
            kinds: filter.kinds.iter().cloned().collect(),
            needle: filter.q.trim().folded(),
            performer: (!server_performer)
                .then(|| filter.performer_name().map(str::folded))
                .flatten(),
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.needle.is_empty() && self.performer.is_none()
    }

    #[must_use]
    pub fn matches(&self, row: &Row) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&row.entry.kind))
            && row.contains(&self.needle)
            && self.performer.as_deref().is_none_or(|p| {
                row.performer
                    .name
                    .as_deref()
                    .is_some_and(|n| n.folded() == p)
            })
    }

    /// Indices of the rows that match, in order.
    #[must_use]
    pub fn apply<R: Borrow<Row>>(&self, rows: &[R]) -> Vec<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, r)| self.matches((*r).borrow()))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> LogFilter {
        LogFilter::from_query(|k| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_owned()))
    }

    #[test]
    fn defaults_to_the_last_week() {
        let today = Day::parse_iso("2026-11-23").unwrap();
        let w = filter(&[]).window(today).unwrap();
        assert_eq!(
            (w.starttime(), w.endtime()),
            ("11/17/2026".into(), "11/23/2026".into())
        );
        assert_eq!(w.days(), 7);
        let w = filter(&[("to", "2026-11-01")]).window(today).unwrap();
        assert_eq!(w.starttime(), "10/26/2026");
    }

    #[test]
    fn refuses_bad_dates_and_reversed_ranges() {
        let today = Day(20_000);
        assert_eq!(
            filter(&[("from", "2026-11-23"), ("to", "2026-10-24")]).window(today),
            Err(RangeError::Reversed)
        );
        assert_eq!(
            filter(&[("from", "11/23/2026")]).window(today),
            Err(RangeError::BadFrom("11/23/2026".into()))
        );
        assert!(matches!(
            filter(&[("to", "soon")]).window(today),
            Err(RangeError::BadTo(_))
        ));
        let one_day = filter(&[("from", "2026-11-23"), ("to", "2026-11-23")]).window(today);
        assert_eq!(one_day.map(Window::days), Ok(1));
    }

    #[test]
    fn url_round_trip_and_kind_toggle() {
        let f = filter(&[
            ("kinds", "push_repo,,create_tag,push_repo"),
            ("q", "a b"),
            ("performer", " devtable "),
        ]);
        assert_eq!(
            f.kinds,
            vec!["create_tag".to_owned(), "push_repo".to_owned()]
        );
        assert_eq!(f.performer_name(), Some("devtable"));
        assert_eq!(
            f.to_query(),
            "?performer=devtable&kinds=create_tag%2Cpush_repo&q=a%20b"
        );
        let g = f.toggled_kind("create_tag").toggled_kind("delete_tag");
        assert_eq!(
            g.kinds,
            vec!["delete_tag".to_owned(), "push_repo".to_owned()]
        );
        assert_eq!(LogFilter::default().to_query(), "");
    }
}
