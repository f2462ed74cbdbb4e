//! The review's findings as files for audits: CSV (with the logs export's formula guard) and JSON.

use super::{ExportRow, Finding};
use crate::model::logs::export::csv_field;

const HEADER: [&str; 6] = ["kind", "subject", "reason", "repository", "role", "remedy"];

/// The findings as CSV with a header line, CRLF line ends; every field through the formula guard.
#[must_use]
pub fn to_csv(findings: &[Finding]) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for f in findings {
        let r = f.export_row();
        let fields = [
            r.kind,
            r.subject.as_str(),
            r.reason.as_str(),
            r.repository.as_str(),
            r.role.as_str(),
            r.remedy,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The findings as a JSON document: `{"namespace", "generated", "findings": [{kind, subject,
/// reason, repository, role, remedy}]}`.
#[must_use]
pub fn to_json(namespace: &str, generated: &str, findings: &[Finding]) -> String {
    // A struct, not `json!`: its fields keep their order in the file.
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        namespace: &'a str,
        generated: &'a str,
        findings: Vec<ExportRow>,
    }
    let doc = Doc {
        namespace,
        generated,
        findings: findings.iter().map(Finding::export_row).collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
