//! The time machine: Quay's tag rows (`onlyActiveTags=false`) turned into a timeline per tag.
//!
//! A tag name has one row per lifetime. Moving or restoring a tag ends its row and starts the next
//! at the same second, so a row that starts when the previous one ended is a *move* (or a *revert*
//! when Quay marks it `reversion`). A row that ends with no successor was deleted or expired (Quay
//! keeps no difference between the two); an end still to come is a scheduled expiration. A row
//! that ends before it starts was purged from the time machine (permanently deleted).

use std::collections::{BTreeMap, HashSet};

use super::Tag;
use crate::model::order::{sort_by, sort_by_key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Moved,
    /// Restored to an earlier manifest (`reversion`), also when it brings back a deleted tag.
    Reverted,
    /// Deleted, or expired: Quay records both as the end of the row.
    Removed,
    /// An expiration still to come.
    Expires,
    /// Deleted permanently (`POST .../tag/{tag}/expire`): Quay keeps the row in the history with its
    /// end moved a time-machine window back, before its start. Dated at the row's start, since Quay
    /// keeps no time of the purge.
    Purged,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// Unix seconds.
    pub at: i64,
    /// The manifest the tag points to after the event (for `Removed` and `Expires`: the one it
    /// pointed to until then).
    pub digest: String,
    /// The manifest before a move or revert.
    pub previous: Option<String>,
}

/// One tag's story, newest event first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub name: String,
    /// The manifest of the alive row, if the tag exists now.
    pub current: Option<String>,
    pub events: Vec<Event>,
}

impl Timeline {
    /// Restoring to the event's manifest would change something: the tag is gone, or points elsewhere.
    #[must_use]
    pub fn can_restore(&self, event: &Event) -> bool {
        !matches!(event.kind, EventKind::Expires | EventKind::Purged)
            && self.current.as_deref() != Some(event.digest.as_str())
    }

    /// The event ends a lifetime that is still in the time machine (a deletion or past
    /// expiration not yet purged): it can be deleted permanently.
    #[must_use]
    pub fn can_purge(&self, event: &Event) -> bool {
        event.kind == EventKind::Removed
    }

    /// Time of the newest event.
    #[must_use]
    pub fn latest(&self) -> i64 {
        self.events.first().map_or(0, |e| e.at)
    }
}

/// Builds every tag's timeline from history rows (any order, duplicates ignored), newest first.
#[must_use]
pub fn timelines<'a>(rows: impl IntoIterator<Item = &'a Tag>, now: i64) -> Vec<Timeline> {
    let mut by_name: BTreeMap<&str, Vec<&Tag>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for row in rows {
        if seen.insert((
            row.name.as_str(),
            row.start_ts,
            row.manifest_digest.as_str(),
        )) {
            by_name.entry(row.name.as_str()).or_default().push(row);
        }
    }
    let mut out: Vec<Timeline> = by_name
        .into_iter()
        .map(|(name, mut rows)| {
            sort_by_key(&mut rows, |r| r.start_ts.unwrap_or(0));
            timeline(name, &rows, now)
        })
        .collect();
    sort_by(&mut out, |a, b| {
        b.latest()
            .cmp(&a.latest())
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

fn timeline(name: &str, rows: &[&Tag], now: i64) -> Timeline {
    let mut events = Vec::new();
    let mut prev: Option<&Tag> = None;
    for row in rows {
        let start = row.start_ts.unwrap_or(0);
        let digest = row.manifest_digest.clone();
        match prev {
            Some(p) if p.end_ts.is_some_and(|end| end >= start) => events.push(Event {
                kind: if row.reversion {
                    EventKind::Reverted
                } else {
                    EventKind::Moved
                },
                at: start,
                digest,
                previous: Some(p.manifest_digest.clone()),
            }),
            _ => {
                if let Some(end) = prev.and_then(|p| p.end_ts) {
                    events.push(removed(prev, end));
                }
                events.push(Event {
                    kind: if row.reversion {
                        EventKind::Reverted
                    } else {
                        EventKind::Created
                    },
                    at: start,
                    digest,
                    previous: None,
                });
            }
        }
        prev = Some(row);
    }
    if let Some(last) = prev {
        if let Some(end) = last.end_ts {
            let mut event = removed(prev, end);
            if end > now {
                event.kind = EventKind::Expires;
            }
            events.push(event);
        }
    }
    events.reverse();
    let current = rows
        .iter()
        .rev()
        .find(|r| r.alive_at(now))
        .map(|r| r.manifest_digest.clone());
    Timeline {
        name: name.to_owned(),
        current,
        events,
    }
}

/// The end of a row: deleted or expired, or purged when it ends before it starts.
fn removed(row: Option<&Tag>, end: i64) -> Event {
    let start = row.and_then(|r| r.start_ts).unwrap_or(0);
    let purged = end < start;
    Event {
        kind: if purged {
            EventKind::Purged
        } else {
            EventKind::Removed
        },
        at: if purged { start } else { end },
        digest: row.map(|r| r.manifest_digest.clone()).unwrap_or_default(),
        previous: None,
    }
}

/// Keeps the events in `[from, until)` (unix seconds; `None` = open) and the timelines that have any.
#[must_use]
pub fn within(timelines: &[Timeline], from: Option<i64>, until: Option<i64>) -> Vec<Timeline> {
    timelines
        .iter()
        .filter_map(|t| {
            let events: Vec<Event> = t
                .events
                .iter()
                .filter(|e| from.is_none_or(|f| e.at >= f) && until.is_none_or(|u| e.at < u))
                .cloned()
                .collect();
            (!events.is_empty()).then(|| Timeline {
                name: t.name.clone(),
                current: t.current.clone(),
                events,
            })
        })
        .collect()
}

/// One line of the flattened timeline list: a tag's header, or one of its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    Header(usize),
    Event(usize, usize),
}

/// Flattens timelines into fixed-height lines for a virtual list.
#[must_use]
pub fn lines(timelines: &[Timeline]) -> Vec<Line> {
    let mut out = Vec::new();
    for (t, timeline) in timelines.iter().enumerate() {
        out.push(Line::Header(t));
        out.extend((0..timeline.events.len()).map(|e| Line::Event(t, e)));
    }
    out
}
