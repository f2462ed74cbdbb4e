//! Every log fixture decodes; every recorded kind gets a sentence; the sentence templates and their
//! placeholders agree with the locale file; paging, filter, CSV and date logic (with properties).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

use proptest::prelude::*;
use quay_console::i18n::t;
use quay_console::model::error::{decode_error, decode_json, ErrorKind};
use quay_console::model::logs::date::{format_utc, parse_quay_datetime, Day};
use quay_console::model::logs::describe::{describe, MISSING};
use quay_console::model::logs::export::{csv, csv_field, ndjson, parse_csv, CSV_HEADER};
use quay_console::model::logs::filter::{LocalFilter, LogFilter, Row, Window};
use quay_console::model::logs::kinds::FORMS;
use quay_console::model::logs::{
    chart, performer, AggregatedLogs, ExportResult, LogEntry, LogPage, PerformerKind,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const PAGES: &[&str] = &[
    "user_logs",
    "user_logs_range",
    "user_logs_performer",
    "user_logs_page2",
    "org_logs",
    "org_logs_performer",
    "org_logs_page2",
    "org_logs_page3",
    "repo_logs",
    "su_logs",
    "su_logs_page2",
    "su_logs_page3",
    "su_logs_page4",
];

fn page(name: &str) -> LogPage {
    decode_json(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_log_page_decodes_and_paging_follows_quay() {
    for name in PAGES {
        let p = page(name);
        assert!(p.logs.len() <= 20, "{name}");
        for entry in &p.logs {
            assert!(entry.time().is_some(), "{name}: {}", entry.datetime);
        }
    }
    // Short pages still carry next_page; the empty last page does not.
    assert_eq!(page("user_logs").logs.len(), 12);
    assert!(page("user_logs").next().is_some());
    assert!(page("user_logs_page2").logs.is_empty());
    assert!(page("user_logs_page2").next().is_none());
    assert_eq!(page("org_logs_page2").logs.len(), 14);
    assert!(page("org_logs_page2").next().is_some());
    // Superuser entries name their namespace; others do not.
    assert!(page("su_logs").logs.iter().all(|e| e.namespace.is_some()));
    assert!(page("org_logs").logs.iter().all(|e| e.namespace.is_none()));
}

#[test]
fn aggregates_exports_and_the_refused_range_decode() {
    for name in [
        "user_aggregatelogs",
        "org_aggregatelogs",
        "repo_aggregatelogs",
        "su_aggregatelogs",
    ] {
        let a: AggregatedLogs = decode_json(&fixture(name)).unwrap();
        assert!(!a.aggregated.is_empty(), "{name}");
        assert!(a
            .aggregated
            .iter()
            .all(|c| c.count > 0 && parse_quay_datetime(&c.datetime).is_some()));
    }
    for name in [
        "user_exportlogs",
        "org_exportlogs",
        "repo_exportlogs",
        "org_exportlogs_noemail",
        "org_exportlogs_url_loopback",
    ] {
        let r: ExportResult = decode_json(&fixture(name)).unwrap();
        assert_eq!(r.export_id.len(), 36, "{name}");
    }
    let e = decode_error(400, &fixture("logs_bad_range"));
    assert_eq!(e.kind, ErrorKind::Refused);
    assert!(e.message.contains("could not understand"));
    // Counts as floats or strings decode too.
    let a: AggregatedLogs = decode_json(r#"{"aggregated":[{"kind":"x","count":2.0,"datetime":""},{"kind":"y","count":"3"},{"kind":"z","count":null}]}"#).unwrap();
    assert_eq!(
        a.aggregated.iter().map(|c| c.count).collect::<Vec<_>>(),
        vec![2, 3, 0]
    );
}

#[test]
fn every_recorded_kind_has_a_full_sentence() {
    for name in PAGES {
        let ns = match *name {
            n if n.starts_with("org") => Some("buynlarge"),
            n if n.starts_with("repo") || n.starts_with("user") => Some("devtable"),
            _ => None,
        };
        for entry in page(name).logs {
            let sentence = describe(&entry, ns)
                .unwrap_or_else(|| panic!("{name}: no sentence for {}", entry.kind));
            let text = sentence.render(t);
            assert!(!text.contains('{'), "{name}: {text}");
            assert!(
                !text.starts_with("logs."),
                "{name}: missing template {text}"
            );
            // Recorded metadata always has what its sentence needs.
            assert!(
                !text.contains(MISSING),
                "{name} {}: {text} from {}",
                entry.kind,
                entry.metadata
            );
        }
    }
}

#[test]
fn templates_and_placeholders_agree() {
    for form in FORMS {
        let template = t(form.key);
        assert_ne!(template, form.key, "no English text for {}", form.key);
        let mut placeholders = BTreeSet::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').expect("closing brace") + start;
            placeholders.insert(&rest[start + 1..end]);
            rest = &rest[end + 1..];
        }
        let fields: BTreeSet<&str> = form.fields.iter().map(|(name, _)| *name).collect();
        assert_eq!(placeholders, fields, "{}", form.key);
    }
}

#[test]
fn unknown_kinds_are_kept_raw() {
    let entry: LogEntry = decode_json(r#"{"kind":"brand_new_thing","metadata":{"x":1},"ip":null,"datetime":"Mon, 23 Nov 2026 15:16:31 -0000"}"#).unwrap();
    assert!(describe(&entry, None).is_none());
    let row = Row::new(entry, None, None);
    assert_eq!(row.sentence, "brand_new_thing");
    assert!(!row.known);
    assert_eq!(LocalFilter::default().apply(&[row]), vec![0]);
}

#[test]
fn performers_users_robots_and_applications() {
    let org = page("org_logs");
    let via_app = &org.logs[0];
    let p = performer(via_app);
    assert_eq!(p.name.as_deref(), Some("devtable"));
    assert_eq!(p.kind, PerformerKind::User);
    assert_eq!(p.application.as_deref(), Some("Quay Console (local)"));
    assert_eq!(p.category(), "application");
    let robot: LogEntry = decode_json(r#"{"kind":"push_repo","metadata":{"repo":"r"},"datetime":"","performer":{"kind":"user","name":"buynlarge+ci","is_robot":false}}"#).unwrap();
    assert_eq!(performer(&robot).kind, PerformerKind::Robot);
    let app_id_only: LogEntry = decode_json(r#"{"kind":"x","metadata":{"oauth_token_application_id":"ABC"},"datetime":"","performer":{"name":"u"}}"#).unwrap();
    assert_eq!(performer(&app_id_only).application.as_deref(), Some("ABC"));
    let nobody = page("user_logs")
        .logs
        .into_iter()
        .find(|e| e.performer.is_none())
        .unwrap();
    assert_eq!(performer(&nobody).kind, PerformerKind::Nobody);
    assert_eq!(performer(&nobody).category(), "none");
}

fn rows_of(name: &str, ns: Option<&str>) -> Vec<Row> {
    page(name)
        .logs
        .into_iter()
        .map(|e| {
            let s = describe(&e, ns).map(|s| s.render(t));
            Row::new(e, s, ns)
        })
        .collect()
}

#[test]
fn local_filter_by_kind_text_and_performer() {
    let rows = rows_of("su_logs_page3", None);
    let filter = |pairs: &[(&str, &str)]| {
        LogFilter::from_query(|k| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_owned()))
    };
    let only_pulls = LocalFilter::new(&filter(&[("kinds", "pull_repo")]), false).apply(&rows);
    assert!(!only_pulls.is_empty());
    assert!(only_pulls
        .iter()
        .all(|i| rows[*i].entry.kind == "pull_repo"));
    let text = LocalFilter::new(&filter(&[("q", "ORGREPO")]), false).apply(&rows);
    assert!(text
        .iter()
        .all(|i| rows[*i].entry.metadata.to_string().contains("orgrepo")));
    assert!(!text.is_empty());
    let by_public = LocalFilter::new(&filter(&[("performer", "public")]), false).apply(&rows);
    assert!(by_public
        .iter()
        .all(|i| rows[*i].performer.name.as_deref() == Some("public")));
    // Where Quay filters by performer, the console does not filter again.
    assert_eq!(
        LocalFilter::new(&filter(&[("performer", "public")]), true)
            .apply(&rows)
            .len(),
        rows.len()
    );
}

#[test]
fn csv_and_ndjson_of_fixture_rows() {
    let rows = rows_of("org_logs", Some("buynlarge"));
    let text = csv(rows.iter());
    let records = parse_csv(&text);
    assert_eq!(records.len(), rows.len() + 1);
    assert_eq!(records[0], CSV_HEADER.to_vec());
    assert_eq!(records[1][0], "2026-11-23T15:16:31Z");
    assert_eq!(records[1][1], "repo_mirror_config_changed");
    assert_eq!(records[1][3], "devtable");
    assert_eq!(records[1][4], "application");
    assert_eq!(records[1][5], "Quay Console (local)");
    let meta: serde_json::Value = serde_json::from_str(&records[1][9]).unwrap();
    assert_eq!(meta["to"], "SYNC_CANCEL");
    let text = ndjson(rows.iter());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows.len());
    let back: LogEntry = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(back, rows[0].entry);
}

#[test]
fn chart_of_the_org_aggregate() {
    let a: AggregatedLogs = decode_json(&fixture("org_aggregatelogs")).unwrap();
    let window = Window {
        start: Day::parse_iso("2026-10-24").unwrap(),
        end: Day::parse_iso("2026-11-23").unwrap(),
    };
    let c = chart::build(&a.aggregated, window);
    assert_eq!(c.days.len(), 31);
    assert_eq!(c.total(), a.aggregated.iter().map(|x| x.count).sum::<u64>());
    assert_eq!(c.series[0].kind, "repo_mirror_config_changed");
    assert_eq!(*c.totals.last().unwrap(), 23);
    assert_eq!(c.ceiling, 50);
}

proptest! {
    #[test]
    fn csv_fields_round_trip(fields in proptest::collection::vec(".{0,12}", 1..6)) {
        let line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\r\n";
        let parsed = parse_csv(&line);
        prop_assert_eq!(parsed.len(), 1);
        let expected: Vec<String> = fields.iter().map(|f| {
            if f.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{f}") } else { f.clone() }
        }).collect();
        prop_assert_eq!(&parsed[0], &expected);
    }

    #[test]
    fn days_round_trip(days in -700_000_i64..2_900_000) {
        let day = Day(days);
        prop_assert_eq!(Day::parse_iso(&day.iso()), Some(day));
        let seconds = day.start_seconds() + 3_723;
        let (y, m, d) = day.ymd();
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let text = format!("Mon, {d:02} {} {y:04} 01:02:03 -0000", months[m as usize - 1]);
        prop_assert_eq!(parse_quay_datetime(&text), Some(seconds));
        prop_assert!(format_utc(seconds).ends_with("01:02:03"));
    }

    #[test]
    fn filters_survive_the_url(from in 0_i64..30_000, len in 0_i64..400, performer in "[a-z+]{0,8}",
                               kinds in proptest::collection::btree_set("[a-z_]{1,10}", 0..4), q in ".{0,10}") {
        let f = LogFilter {
            from: Day(from).iso(),
            to: Day(from + len).iso(),
            performer,
            kinds: kinds.into_iter().collect(),
            q,
        };
        let query = f.to_query();
        let pairs = quay_console::model::url::parse_query(&query);
        let back = LogFilter::from_query(|k| quay_console::model::url::get(&pairs, k).map(str::to_owned));
        prop_assert_eq!(back.window(Day(0)).map(Window::days), Ok(len + 1));
        prop_assert_eq!(back.kinds, f.kinds);
        prop_assert_eq!(back.performer.trim(), f.performer.trim());
        prop_assert_eq!(back.q, f.q);
    }

    #[test]
    fn any_json_entry_is_described_or_kept(kind in "[a-z_]{1,30}", key in "[a-z]{1,8}", value in ".{0,20}") {
        let entry = LogEntry { kind: kind.clone(), metadata: serde_json::json!({ key: value }), ..LogEntry::default() };
        let row = Row::new(entry.clone(), describe(&entry, Some("ns")).map(|s| s.render(t)), Some("ns"));
        prop_assert!(!row.sentence.is_empty());
        prop_assert_eq!(row.known, describe(&entry, None).is_some());
    }
}
