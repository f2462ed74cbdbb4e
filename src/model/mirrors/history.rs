//! Sync history: the repository's audit log (`GET /repository/{ns}/{repo}/logs`) filtered to the
//! `repo_mirror_*` kinds the mirror worker and the API record, newest first.
//!
//! Pages decode as [`crate::model::logs::LogPage`]; this module picks the mirror events out of them.

use serde_json::Value;

use super::time::{mdy, parse_http_date};
use crate::model::logs::LogEntry;
use crate::model::order::sort_by;

/// Days of history the page asks for (Quay's log queries take whole UTC days).
pub const HISTORY_DAYS: i64 = 30;
/// Log pages fetched at most per "load older" step (Quay pages hold 20 entries, possibly fewer).
pub const MAX_PAGES_PER_STEP: usize = 25;
/// A step stops once it has this many mirror events.
pub const EVENTS_PER_STEP: usize = 20;

/// `(starttime, endtime)` for the last [`HISTORY_DAYS`] days; Quay's `endtime` is inclusive.
#[must_use]
pub fn window(now: i64) -> (String, String) {
    (mdy(now - HISTORY_DAYS * 86_400), mdy(now))
}

/// What a mirror event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    SyncStarted,
    SyncSucceeded,
    SyncFailed,
    SyncNowRequested,
    TagSucceeded,
    TagFailed,
    TestStarted,
    TestSucceeded,
    TestFailed,
    Enabled,
    Disabled,
    ConfigChanged,
    Other,
}

impl EventKind {
    #[must_use]
    pub fn of(kind: &str) -> Self {
        match kind {
            "repo_mirror_sync_started" => Self::SyncStarted,
            "repo_mirror_sync_success" => Self::SyncSucceeded,
            "repo_mirror_sync_failed" => Self::SyncFailed,
            "repo_mirror_sync_now_requested" => Self::SyncNowRequested,
            "repo_mirror_sync_tag_success" => Self::TagSucceeded,
            "repo_mirror_sync_tag_failed" => Self::TagFailed,
            "repo_mirror_sync_test_started" => Self::TestStarted,
            "repo_mirror_sync_test_success" => Self::TestSucceeded,
            "repo_mirror_sync_test_failed" => Self::TestFailed,
            "repo_mirror_enabled" => Self::Enabled,
            "repo_mirror_disabled" => Self::Disabled,
            "repo_mirror_config_changed" => Self::ConfigChanged,
            _ => Self::Other,
        }
    }

    #[must_use]
    pub fn is_failure(self) -> bool {
        matches!(self, Self::SyncFailed | Self::TagFailed | Self::TestFailed)
    }

    #[must_use]
    pub fn is_success(self) -> bool {
        matches!(
            self,
            Self::SyncSucceeded | Self::TagSucceeded | Self::TestSucceeded
        )
    }
}

/// One row of the sync history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryItem {
    /// Unix seconds (`None` when the date is unreadable).
    pub at: Option<i64>,
    /// The date as Quay sent it, shown when it cannot be parsed.
    pub datetime: String,
    pub kind: EventKind,
    /// Quay's kind (`repo_mirror_sync_failed`).
    pub raw_kind: String,
    /// The worker's message (`'quay.io/x' with tag pattern 'latest'`).
    pub message: Option<String>,
    /// What went wrong (`stderr` of skopeo) for failures.
    pub error: Option<String>,
    /// `(field, new value)` for configuration changes.
    pub change: Option<(String, String)>,
    pub tag: Option<String>,
    /// The user or robot who did it; `None` for the mirror worker.
    pub performer: Option<String>,
}

fn text(metadata: &Value, key: &str) -> Option<String> {
    metadata
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A metadata value in words: strings as they are, lists joined, `null` as an empty string.
#[must_use]
pub fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(describe_value)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Whether a log kind belongs to the sync history.
#[must_use]
pub fn is_mirror_kind(kind: &str) -> bool {
    kind.starts_with("repo_mirror_")
}

impl HistoryItem {
    #[must_use]
    pub fn from_entry(entry: &LogEntry) -> Self {
        let kind = EventKind::of(&entry.kind);
        let meta = &entry.metadata;
        let error = kind
            .is_failure()
            .then(|| text(meta, "stderr").or_else(|| text(meta, "error")))
            .flatten();
        let change = (kind == EventKind::ConfigChanged)
            .then(|| {
                text(meta, "changed").map(|field| {
                    (
                        field,
                        meta.get("to").map(describe_value).unwrap_or_default(),
                    )
                })
            })
            .flatten();
        Self {
            at: parse_http_date(&entry.datetime),
            datetime: entry.datetime.clone(),
            kind,
            raw_kind: entry.kind.clone(),
            message: text(meta, "message"),
            error,
            change,
            tag: text(meta, "tag"),
            performer: entry
                .performer
                .as_ref()
                .map(|p| p.name.clone())
                .filter(|n| !n.is_empty())
                .or_else(|| text(meta, "username")),
        }
    }
}

/// The mirror events of some log entries, newest first (entries of equal time keep their order).
#[must_use]
pub fn history_items<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> Vec<HistoryItem> {
    let mut items: Vec<HistoryItem> = entries
        .into_iter()
        .filter(|e| is_mirror_kind(&e.kind))
        .map(HistoryItem::from_entry)
        .collect();
    newest_first(&mut items);
    items
}

/// Sorts events newest first; events of equal time (or none) keep their order.
pub fn newest_first(items: &mut [HistoryItem]) {
    sort_by(items, |a, b| {
        b.at.unwrap_or(i64::MIN).cmp(&a.at.unwrap_or(i64::MIN))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, datetime: &str, metadata: Value) -> LogEntry {
        LogEntry {
            kind: kind.into(),
            metadata,
            datetime: datetime.into(),
            ..LogEntry::default()
        }
    }

    #[test]
    fn keeps_mirror_events_newest_first() {
        let entries = vec![
            entry(
                "repo_mirror_sync_started",
                "Mon, 23 Nov 2026 03:00:00 -0000",
                serde_json::json!({"message": "'quay.io/coreos/etcd' with tag pattern 'latest'"}),
            ),
            entry("push_repo", "Mon, 23 Nov 2026 04:00:00 -0000", Value::Null),
            entry(
                "repo_mirror_sync_failed",
                "Mon, 23 Nov 2026 03:01:35 -0000",
                serde_json::json!({"stderr": "manifest unknown", "stdout": ""}),
            ),
            entry(
                "repo_mirror_config_changed",
                "Mon, 23 Nov 2026 05:00:00 -0000",
                serde_json::json!({"changed": "mirror_rule", "to": ["v1.*", "latest"], "username": "devtable"}),
            ),
        ];
        let items = history_items(&entries);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].kind, EventKind::ConfigChanged);
        assert_eq!(
            items[0].change,
            Some(("mirror_rule".into(), "v1.*, latest".into()))
        );
        assert_eq!(items[0].performer.as_deref(), Some("devtable"));
        assert_eq!(items[1].error.as_deref(), Some("manifest unknown"));
        assert!(items[1].kind.is_failure());
        assert_eq!(items[2].performer, None);
    }

    #[test]
    fn values_in_words() {
        assert_eq!(describe_value(&Value::Null), "");
        assert_eq!(describe_value(&serde_json::json!(false)), "false");
        assert_eq!(describe_value(&serde_json::json!(7200)), "7200");
        assert_eq!(describe_value(&serde_json::json!("SYNC_NOW")), "SYNC_NOW");
    }

    #[test]
    fn window_is_thirty_days() {
        assert_eq!(
            window(1_795_446_805),
            ("10/24/2026".to_owned(), "11/23/2026".to_owned())
        );
    }
}
