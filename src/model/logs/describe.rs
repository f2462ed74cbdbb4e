//! A human sentence per log kind, built from the entry's metadata.
//!
//! Each kind has one or more [`Form`]s in [`super::kinds::FORMS`]: a message key (its English text
//! is in `locales/en/logs.txt`, with `{name}` placeholders), conditions on the metadata that pick
//! the variant, and how each placeholder is read. The first form whose kind and conditions match
//! wins. A kind without a form is unknown: the table shows it raw, never drops it.

use serde_json::Value;

use super::date::{format_utc, metadata_time};
use super::LogEntry;

/// Shown for a placeholder whose metadata field is missing.
pub const MISSING: &str = "—";

/// A condition on the metadata.
#[derive(Clone, Copy, Debug)]
pub enum Cond {
    /// The field is present, not null and not an empty string.
    Has(&'static str),
    /// The field's text equals the value.
    Is(&'static str, &'static str),
    /// The field is `true`, a non-zero number, or a non-empty string other than `false`.
    Truthy(&'static str),
}

/// How a placeholder's value is read.
#[derive(Clone, Copy, Debug)]
pub enum Field {
    /// A metadata field as text.
    Meta(&'static str),
    /// The first present of two metadata fields.
    Either(&'static str, &'static str),
    /// `namespace/repo` (the namespace from the metadata, the entry or the page).
    Repo,
    /// The namespace (metadata, entry or page).
    Namespace,
    /// A manifest digest, shortened to 12 hex digits.
    Digest(&'static str),
    /// A Unix time (seconds or milliseconds) as `YYYY-MM-DD HH:MM:SS UTC`.
    Time(&'static str),
    /// A duration in seconds as `14d`, `6h`, `30m`, `45s`.
    Duration(&'static str),
    /// A field of the metadata's `config` object (build triggers).
    Config(&'static str),
    /// A service key's name, else the first 12 characters of its `kid`.
    KeyName,
}

/// One way to say what happened.
#[derive(Clone, Copy, Debug)]
pub struct Form {
    pub kind: &'static str,
    pub when: &'static [Cond],
    pub key: &'static str,
    pub fields: &'static [(&'static str, Field)],
}

/// A message key with its placeholder values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Sentence {
    /// Fills the template that `lookup(key)` gives (the i18n `t`) with the values.
    #[must_use]
    pub fn render(&self, lookup: impl Fn(&'static str) -> &'static str) -> String {
        let mut text = lookup(self.key).to_owned();
        for (name, value) in &self.args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty() && !s.eq_ignore_ascii_case("false"),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::Null) | None => false,
    }
}

fn holds(entry: &LogEntry, cond: Cond) -> bool {
    match cond {
        Cond::Has(key) => entry.meta_text(key).is_some(),
        Cond::Is(key, value) => entry.meta_text(key).as_deref() == Some(value),
        Cond::Truthy(key) => truthy(entry.meta(key)),
    }
}

/// `sha256:147e953181af…` from a full digest; other text unchanged.
#[must_use]
pub fn short_digest(digest: &str) -> String {
    match digest.split_once(':') {
        Some((algo, hex)) if hex.len() > 12 => {
            format!("{algo}:{}…", hex.get(..12).unwrap_or(hex))
        }
        _ => digest.to_owned(),
    }
}

/// `14d`, `1d 6h`, `6h`, `30m`, `45s`.
#[must_use]
pub fn duration_text(seconds: i64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    );
    match (d, h, m, s) {
        (0, 0, 0, s) => format!("{s}s"),
        (0, 0, m, _) => format!("{m}m"),
        (0, h, 0, _) => format!("{h}h"),
        (0, h, m, _) => format!("{h}h {m}m"),
        (d, 0, _, _) => format!("{d}d"),
        (d, h, _, _) => format!("{d}d {h}h"),
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn read(entry: &LogEntry, field: Field, scope_namespace: Option<&str>) -> Option<String> {
    match field {
        Field::Meta(key) => entry.meta_text(key),
        Field::Either(a, b) => entry.meta_text(a).or_else(|| entry.meta_text(b)),
        Field::Namespace => entry.namespace_name(scope_namespace),
        Field::Repo => {
            let repo = entry.meta_text("repo")?;
            Some(match entry.namespace_name(scope_namespace) {
                Some(ns) if !repo.contains('/') => format!("{ns}/{repo}"),
                _ => repo,
            })
        }
        Field::Digest(key) => entry.meta_text(key).map(|d| short_digest(&d)),
        Field::Time(key) => number(entry.meta(key))
            .and_then(metadata_time)
            .map(|t| format!("{} UTC", format_utc(t))),
        Field::Duration(key) => {
            #[allow(clippy::cast_possible_truncation)]
            let seconds = number(entry.meta(key)).filter(|f| f.is_finite() && *f >= 0.0)? as i64;
            Some(duration_text(seconds))
        }
        Field::Config(key) => {
            let config = entry.meta("config")?;
            let parsed;
            let object = match config {
                Value::String(text) => {
                    parsed = serde_json::from_str::<Value>(text).ok()?;
                    &parsed
                }
                other => other,
            };
            match object.get(key)? {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::String(_) | Value::Null => None,
                other => Some(other.to_string()),
            }
        }
        Field::KeyName => entry
            .meta_text("name")
            .or_else(|| entry.meta_text("kid").map(|k| k.chars().take(12).collect())),
    }
}

/// The form that describes `entry`, if its kind is known.
#[must_use]
pub fn form_for(entry: &LogEntry) -> Option<&'static Form> {
    super::kinds::FORMS
        .iter()
        .find(|f| f.kind == entry.kind && f.when.iter().all(|c| holds(entry, *c)))
}

/// The sentence for `entry`, or `None` for a kind the console does not know.
#[must_use]
pub fn describe(entry: &LogEntry, scope_namespace: Option<&str>) -> Option<Sentence> {
    let form = form_for(entry)?;
    let args = form
        .fields
        .iter()
        .map(|(name, field)| {
            let value = read(entry, *field, scope_namespace).unwrap_or_else(|| MISSING.to_owned());
            (*name, value)
        })
        .collect();
    Some(Sentence {
        key: form.key,
        args,
    })
}

/// Whether the console has a sentence for this kind.
#[must_use]
pub fn is_known(kind: &str) -> bool {
    super::kinds::FORMS.iter().any(|f| f.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(kind: &str, metadata: Value) -> LogEntry {
        LogEntry {
            kind: kind.into(),
            metadata,
            ..LogEntry::default()
        }
    }

    fn english(key: &'static str) -> &'static str {
        crate::i18n::t(key)
    }

    #[test]
    fn picks_the_variant_from_the_metadata() {
        let e = entry(
            "push_repo",
            json!({"repo": "simple", "namespace": "devtable", "tag": "latest"}),
        );
        let s = describe(&e, None).unwrap();
        assert_eq!(s.render(english), "Pushed latest to devtable/simple");
        let e = entry("push_repo", json!({"repo": "simple"}));
        assert_eq!(
            describe(&e, Some("org")).unwrap().render(english),
            "Pushed to org/simple"
        );
        let e = entry(
            "repo_mirror_config_changed",
            json!({"changed": "sync_status", "to": "SYNC_NOW", "repo": "m", "namespace": "n"}),
        );
        assert_eq!(
            describe(&e, None).unwrap().render(english),
            "Requested an immediate mirror sync of n/m"
        );
    }

    #[test]
    fn unknown_kinds_and_missing_fields() {
        assert_eq!(describe(&entry("brand_new_kind", json!({})), None), None);
        assert!(!is_known("brand_new_kind"));
        let s = describe(&entry("create_robot", Value::Null), None).unwrap();
        assert_eq!(s.args, vec![("robot", MISSING.to_owned())]);
    }

    #[test]
    fn helpers() {
        assert_eq!(
            short_digest("sha256:147e953181af1ee6b90befe18567e66a6cfc45474c0d23310e181731fec70be0"),
            "sha256:147e953181af…"
        );
        assert_eq!(short_digest("abc"), "abc");
        assert_eq!(duration_text(1_209_600), "14d");
        assert_eq!(duration_text(93_600), "1d 2h");
        assert_eq!(duration_text(5400), "1h 30m");
        assert_eq!(duration_text(42), "42s");
        let e = entry(
            "build_dockerfile",
            json!({"config": "{\"build_source\": \"a/b\"}"}),
        );
        assert_eq!(
            read(&e, Field::Config("build_source"), None).as_deref(),
            Some("a/b")
        );
    }
}
