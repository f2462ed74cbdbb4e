#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Security scan model: the recorded "scanner off" answer, and Quay's shapes for every status
//! (from `SecurityInformation.to_dict`: nulls where the scanner said nothing).

use quay_console::model::error::{decode_error, decode_json, ErrorKind};
use quay_console::model::security::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A scanned manifest as Quay answers it (shape of Quay's `securityinformation*.json` test data).
const SCANNED: &str = r#"{"status": "scanned", "data": {"Layer": {
  "Name": "sha256:4b42", "ParentName": "", "NamespaceName": "", "IndexedByVersion": 4,
  "Features": [
    {"Name": "openssl", "VersionFormat": "", "NamespaceName": "", "AddedBy": "sha256:95", "Version": "1.0.2o-r0",
     "Vulnerabilities": [
       {"Severity": "Medium", "NamespaceName": "alpine-main-v3.7-updater",
        "Link": "https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2019-1559 https://nvd.nist.gov/vuln/detail/CVE-2019-1559",
        "FixedBy": "1.0.2r-r0", "Description": "", "Name": "CVE-2019-1559",
        "Metadata": {"UpdatedBy": "alpine", "RepoName": null, "NVD": {"CVSSv3": {"Vectors": "CVSS:3.0/AV:N", "Score": 5.9}}}},
       {"Severity": "Critical", "NamespaceName": "alpine", "Link": "javascript:alert(1)", "FixedBy": "1.0.2u-r0",
        "Description": "Bad.", "Name": "CVE-2020-0001", "Metadata": null}
     ]},
    {"Name": "mitmproxy", "VersionFormat": "", "NamespaceName": "", "AddedBy": "sha256:95", "Version": "4.0.1",
     "Vulnerabilities": [
       {"Severity": "High", "NamespaceName": "pyupio", "Link": "", "FixedBy": "", "Description": "DNS rebinding.",
        "Name": "pyup.io-36353 (CVE-2018-14505)", "Metadata": {"NVD": {"CVSSv3": {"Vectors": "", "Score": ""}}}},
       {"Severity": "Unknown", "NamespaceName": "pyupio", "Link": null, "FixedBy": null, "Description": null,
        "Name": "pyup.io-38179", "Metadata": null}
     ], "InstalledFrom": {"Name": null, "Link": null}},
    {"Name": "musl", "VersionFormat": "", "NamespaceName": "", "AddedBy": "sha256:ff", "Version": "1.1.18-r3",
     "Vulnerabilities": []}
  ]}}}"#;

#[test]
fn the_recorded_scanner_off_answer_is_a_not_found() {
    let e = decode_error(404, &fixture("secscan_manifest_security"));
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.message, "Not Found");
    assert_eq!(e.error_type.as_deref(), Some("not_found"));
}

#[test]
fn a_scanned_report_decodes_and_counts() {
    let r: SecurityReport = decode_json(SCANNED).unwrap();
    assert_eq!(r.status, ScanStatus::Scanned);
    let features = &r.data.as_ref().unwrap().layer.features;
    assert_eq!(features.len(), 3);
    assert_eq!(features[1].vulnerabilities[1].fixed_by, "", "null → empty");
    let s = Summary::of(&r);
    assert_eq!(s.count(Severity::Critical), 1);
    assert_eq!(s.count(Severity::High), 1);
    assert_eq!(s.count(Severity::Medium), 1);
    assert_eq!(s.count(Severity::Unknown), 1);
    assert_eq!((s.total(), s.fixable, s.packages), (4, 2, 3));
    assert_eq!(s.worst(), Some(Severity::Critical));
}

#[test]
fn every_status_decodes_with_null_data() {
    for (word, status) in [
        ("queued", ScanStatus::Queued),
        ("failed", ScanStatus::Failed),
        ("unsupported", ScanStatus::Unsupported),
        (
            "manifest_layer_too_large",
            ScanStatus::ManifestLayerTooLarge,
        ),
        ("something_new", ScanStatus::Other),
    ] {
        let r: SecurityReport =
            decode_json(&format!(r#"{{"status": "{word}", "data": null}}"#)).unwrap();
        assert_eq!(r.status, status, "{word}");
        assert!(r.data.is_none());
        assert_eq!(Summary::of(&r), Summary::default());
        if status != ScanStatus::Other {
            assert_eq!(status.slug(), word);
        }
    }
    let clean: SecurityReport = decode_json(
        r#"{"status": "scanned", "data": {"Layer": {"Name": "x", "Features": [{"Name": "musl", "Version": "1", "Vulnerabilities": []}]}}}"#,
    )
    .unwrap();
    let s = Summary::of(&clean);
    assert_eq!((s.total(), s.packages, s.worst()), (0, 1, None));
}

#[test]
fn findings_are_most_severe_first_and_filter() {
    let r: SecurityReport = decode_json(SCANNED).unwrap();
    let rows = findings(&r);
    let order: Vec<_> = rows.iter().map(|f| f.severity).collect();
    assert_eq!(
        order,
        [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Unknown
        ]
    );
    assert_eq!(rows[0].package, "openssl");
    assert!(rows[0].fixable() && !rows[1].fixable());

    let f = Filter::from_query("high,critical,bogus", "");
    assert_eq!(f.sev_param(), "critical,high");
    assert_eq!(rows.iter().filter(|r| f.matches(r)).count(), 2);
    let fixable = Filter::from_query("", "1");
    assert_eq!(rows.iter().filter(|r| fixable.matches(r)).count(), 2);
    let both = Filter::from_query("high", "1");
    assert_eq!(rows.iter().filter(|r| both.matches(r)).count(), 0);
    assert_eq!(f.toggled(Severity::High).sev_param(), "critical");
    assert_eq!(Filter::default().toggled(Severity::Low).sev_param(), "low");
}

#[test]
fn severities_parse_any_case() {
    assert_eq!(Severity::parse("CRITICAL"), Severity::Critical);
    assert_eq!(Severity::parse("Defcon1"), Severity::Critical);
    assert_eq!(Severity::parse("Important"), Severity::High);
    assert_eq!(Severity::parse("Moderate"), Severity::Medium);
    assert_eq!(Severity::parse(""), Severity::Unknown);
    for s in Severity::ALL {
        assert_eq!(Severity::from_slug(s.slug()), Some(s));
    }
}

#[test]
fn only_http_links_are_links() {
    assert_eq!(
        link_parts(
            "https://a.example/x http://b.example javascript:alert(1) HTTPS://C.example ftp://d"
        ),
        vec![
            LinkPart::Url("https://a.example/x".into()),
            LinkPart::Url("http://b.example".into()),
            LinkPart::Text("javascript:alert(1)".into()),
            LinkPart::Url("HTTPS://C.example".into()),
            LinkPart::Text("ftp://d".into()),
        ]
    );
    assert!(link_parts("").is_empty());
    assert_eq!(
        link_parts("https://"),
        vec![LinkPart::Text("https://".into())]
    );
    assert_eq!(
        link_parts("https:///x"),
        vec![LinkPart::Text("https:///x".into())]
    );
    assert_eq!(link_parts("ü"), vec![LinkPart::Text("ü".into())]);
}

#[test]
fn odd_bodies_never_panic() {
    for body in [
        "{}",
        r#"{"status": null, "data": null}"#,
        r#"{"status": "scanned", "data": {"Layer": null}}"#,
        r#"{"status": "scanned", "data": {"Layer": {"Features": null}}}"#,
        r#"{"status": "scanned", "data": {"Layer": {"Features": [{"Vulnerabilities": null}]}}}"#,
    ] {
        let r: SecurityReport = decode_json(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(Summary::of(&r).total(), 0);
        assert!(findings(&r).is_empty());
    }
}
