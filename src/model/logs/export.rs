//! Exports: Quay's server export (`POST .../exportlogs` with a callback e-mail or URL) and the
//! browser downloads of loaded entries as CSV (RFC 4180) and NDJSON (one Quay entry per line).

use serde::Serialize;

use super::date::format_iso8601;
use super::filter::Row;

/// Where Quay delivers the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    Email,
    Url,
}

/// Why a callback was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportError {
    Empty,
    /// Quay needs an `@`; the console also wants text on both sides and no spaces.
    BadEmail,
    /// Quay needs `http://` or `https://`; the console also wants a host and no spaces.
    BadUrl,
}

/// The body of `POST .../exportlogs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
}

/// Checks a callback with Quay's rules (and a little more) and builds the request body.
///
/// # Errors
/// When the value is empty or would be refused.
pub fn validate(target: ExportTarget, value: &str) -> Result<ExportRequest, ExportError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ExportError::Empty);
    }
    let spaced = value.chars().any(char::is_whitespace);
    match target {
        ExportTarget::Email => {
            let ok = !spaced
                && value
                    .split_once('@')
                    .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
            ok.then(|| ExportRequest {
                callback_email: Some(value.to_owned()),
                callback_url: None,
            })
            .ok_or(ExportError::BadEmail)
        }
        ExportTarget::Url => {
            let rest = value
                .strip_prefix("https://")
                .or_else(|| value.strip_prefix("http://"));
            let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
            let ok = !spaced && host.is_some_and(|h| !h.is_empty() && !h.starts_with(':'));
            ok.then(|| ExportRequest {
                callback_email: None,
                callback_url: Some(value.to_owned()),
            })
            .ok_or(ExportError::BadUrl)
        }
    }
}

/// The CSV columns.
pub const CSV_HEADER: [&str; 10] = [
    "datetime",
    "kind",
    "description",
    "performer",
    "performer_kind",
    "application",
    "ip",
    "namespace",
    "repository",
    "metadata",
];

/// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled), and, so a
/// spreadsheet never runs API-supplied text as a formula, prefixed with `'` when it starts with
/// `=`, `+`, `-`, `@`, tab or carriage return.
#[must_use]
pub fn csv_field(text: &str) -> String {
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn csv_line(fields: &[&str], out: &mut String) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The rows as CSV with a header line, CRLF line ends.
#[must_use]
pub fn csv<'a>(rows: impl IntoIterator<Item = &'a Row>) -> String {
    let mut out = String::new();
    csv_line(&CSV_HEADER, &mut out);
    for row in rows {
        let time = row
            .time
            .map_or_else(|| row.entry.datetime.clone(), format_iso8601);
        let metadata = if row.entry.metadata.is_null() {
            String::new()
        } else {
            row.entry.metadata.to_string()
        };
        csv_line(
            &[
                &time,
                &row.entry.kind,
                &row.sentence,
                row.performer.name.as_deref().unwrap_or_default(),
                row.performer.category(),
                row.performer.application.as_deref().unwrap_or_default(),
                row.entry.ip.as_deref().unwrap_or_default(),
                row.namespace.as_deref().unwrap_or_default(),
                row.repo.as_deref().unwrap_or_default(),
                &metadata,
            ],
            &mut out,
        );
    }
    out
}

/// The rows' entries as Quay sent them, one JSON object per line.
#[must_use]
pub fn ndjson<'a>(rows: impl IntoIterator<Item = &'a Row>) -> String {
    let mut out = String::new();
    for row in rows {
        if let Ok(line) = serde_json::to_string(&row.entry) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Splits CSV text into records of fields (the inverse of [`csv`], for tests and checks).
#[must_use]
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_follow_quays_rules() {
        assert_eq!(
            validate(ExportTarget::Email, " admin@example.com "),
            Ok(ExportRequest {
                callback_email: Some("admin@example.com".into()),
                callback_url: None
            })
        );
        for bad in ["admin", "@example.com", "admin@", "a b@c"] {
            assert_eq!(
                validate(ExportTarget::Email, bad),
                Err(ExportError::BadEmail),
                "{bad}"
            );
        }
        assert_eq!(validate(ExportTarget::Email, "  "), Err(ExportError::Empty));
        assert!(validate(ExportTarget::Url, "https://hooks.example.com/logs?x=1").is_ok());
        assert!(validate(ExportTarget::Url, "http://127.0.0.1:9/cb").is_ok());
        for bad in [
            "ftp://x",
            "example.com",
            "https://",
            "https:///x",
            "http://a b",
        ] {
            assert_eq!(
                validate(ExportTarget::Url, bad),
                Err(ExportError::BadUrl),
                "{bad}"
            );
        }
        let body =
            serde_json::to_string(&validate(ExportTarget::Url, "https://h/x").unwrap()).unwrap();
        assert_eq!(body, r#"{"callback_url":"https://h/x"}"#);
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
        let text = "a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",,z\r\n";
        assert_eq!(
            parse_csv(text),
            vec![vec!["a", "b,c", "d\"e"], vec!["x\ny", "", "z"]]
        );
    }
}
