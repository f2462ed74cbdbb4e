#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Tags model: every tag fixture decodes; Quay's rules; paging with an unknown total (property tests
//! against a simulated Quay); the time machine; sorting and formatting.

use proptest::prelude::*;
use quay_console::model::error::{decode_error, decode_json, Empty, ErrorKind, FromBody};
use quay_console::model::tags::history::{lines, timelines, within, EventKind, Line};
use quay_console::model::tags::paging::{PageData, Row, TagPages};
use quay_console::model::tags::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const LISTS: &[&str] = &[
    "tags_list",
    "tags_list_all",
    "tags_specific",
    "tags_page1_limit1",
    "tags_page2_limit1",
    "tags_filter",
    "tags_specific_newtag",
    "tags_after_delete_all",
    "tags_after_restore",
];

#[test]
fn every_tag_fixture_decodes() {
    for name in LISTS {
        let page: TagPage = decode_json(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!page.tags.is_empty(), "{name}");
        assert!(page
            .tags
            .iter()
            .all(|t| t.manifest_digest.starts_with("sha256:") && t.start_ts.is_some()));
    }
    let page: TagPage = decode_json(&fixture("tags_page1_limit1")).unwrap();
    assert!(page.has_additional);
    assert_eq!(page.page, Some(1));
    let list: TagPage = decode_json(&fixture("tags_list")).unwrap();
    assert_eq!(list.tags[0].name, "prod");
    assert_eq!(list.tags[0].size, Some(92));
    assert!(list.tags[0].end_ts.is_none());
    let deleted: TagPage = decode_json(&fixture("tags_after_delete_all")).unwrap();
    assert_eq!(deleted.tags[0].end_ts, Some(1_795_446_909));
    // Writes answer "Updated", {} or nothing; failures are Quay's ApiError.
    for name in [
        "tag_create_put",
        "tag_change_expiration",
        "tag_clear_expiration",
        "tag_set_immutable",
        "tag_delete",
        "tag_restore",
    ] {
        assert_eq!(Empty::from_body(&fixture(name)), Ok(Empty), "{name}");
    }
    for name in ["tag_delete_missing", "tag_put_bad_digest"] {
        let e = decode_error(404, &fixture(name));
        assert_eq!(
            (e.kind, e.error_type.as_deref()),
            (ErrorKind::NotFound, Some("not_found")),
            "{name}"
        );
    }
}

#[test]
fn decoding_is_tolerant() {
    let page: TagPage = decode_json(
        r#"{"tags":[{"name":"x","reversion":null,"start_ts":1.7e9,"size":null,"is_manifest_list":true,"manifest_digest":null,"extra":1}],"has_additional":null}"#,
    )
    .unwrap();
    let t = &page.tags[0];
    assert_eq!(
        (
            t.start_ts,
            t.size,
            t.is_manifest_list,
            t.manifest_digest.as_str()
        ),
        (Some(1_700_000_000), None, true, "")
    );
    assert!(decode_json::<TagPage>("{}").unwrap().tags.is_empty());
    let m: Manifest = decode_json(
        r#"{"digest":"sha256:a","is_manifest_list":false,"manifest_data":"{}","config_media_type":null,
            "layers":[{"index":0,"compressed_size":12.0,"is_remote":false,"urls":null,"command":["/bin/sh","-c","echo"],
            "comment":null,"author":null,"blob_digest":"sha256:b","created_datetime":"Mon, 23 Nov 2026 15:13:17 -0000"},
            {"index":1,"command":"RUN x"},{"index":2,"command":[1,2]}]}"#,
    )
    .unwrap();
    let layers = m.layers.unwrap();
    assert_eq!(layers[0].compressed_size, Some(12));
    assert_eq!(layers[0].command_text(), "/bin/sh -c echo");
    assert_eq!(layers[1].command_text(), "RUN x");
    assert_eq!(layers[2].command_text(), "1 2");
    let index = r#"{"schemaVersion":2,"manifests":[{"digest":"sha256:a","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},{"digest":"sha256:b","platform":{"os":"linux","architecture":"amd64"}},{"digest":"sha256:c"}]}"#;
    assert_eq!(
        platforms(index),
        vec![
            ("linux/arm64/v8".into(), "sha256:a".into()),
            ("linux/amd64".into(), "sha256:b".into()),
            ("?".into(), "sha256:c".into())
        ]
    );
    assert!(platforms("not json").is_empty());
    let odd: Manifest = decode_json(
        r#"{"layers":[{"command":{"a":1}},{"command":null},{"command":[["x"],true]}]}"#,
    )
    .unwrap();
    let odd = odd.layers.unwrap();
    assert_eq!(
        (
            odd[0].command_text(),
            odd[1].command_text(),
            odd[2].command_text()
        ),
        ("…".into(), String::new(), "… true".into())
    );
    let labels: LabelList = decode_json(
        r#"{"labels":[{"id":"e9f7","key":"org.opencontainers.image.url","value":"https://x","source_type":"manifest","media_type":"text/plain"}]}"#,
    )
    .unwrap();
    assert!(!labels.labels[0].is_mutable());
    let created: LabelCreated = decode_json(r#"{"label":{"id":"1","key":"k","value":"v","source_type":"api","media_type":"text/plain"}}"#).unwrap();
    assert!(created.label.is_mutable());
}

#[test]
fn quay_rules() {
    assert_eq!(check_tag_name("latest"), Ok(()));
    assert_eq!(check_tag_name(&"a".repeat(128)), Ok(()));
    assert_eq!(check_tag_name(""), Err(NameProblem::Empty));
    assert_eq!(check_tag_name(".x"), Err(NameProblem::BadFirst('.')));
    assert_eq!(check_tag_name("-x"), Err(NameProblem::BadFirst('-')));
    assert_eq!(check_tag_name("a b"), Err(NameProblem::BadChar(' ')));
    assert_eq!(check_tag_name("é"), Err(NameProblem::BadFirst('é')));
    assert_eq!(
        check_tag_name(&"a".repeat(129)),
        Err(NameProblem::TooLong(129))
    );
    assert!(valid_digest(&format!("sha256:{}", "a".repeat(64))));
    assert!(!valid_digest(&format!("sha256:{}", "a".repeat(63))));
    assert!(!valid_digest("sha256:xyz") && !valid_digest("latest") && !valid_digest(":ab"));
    assert_eq!(check_label_key("com.example.team"), Ok(()));
    assert_eq!(
        check_label_key("com.docker.x"),
        Err(LabelKeyProblem::Reserved("com.docker."))
    );
    for bad in ["A", "a..b", "a-", "-a", "a_b", "a b"] {
        assert_eq!(check_label_key(bad), Err(LabelKeyProblem::Format), "{bad}");
    }
    assert_eq!(
        check_label_key(&"a".repeat(256)),
        Err(LabelKeyProblem::TooLong)
    );
}

proptest! {
    #[test]
    fn tag_name_check_matches_the_regex(name in "[a-zA-Z0-9_.\\- /é]{0,130}") {
        // ^[\w][\w.-]{0,127}$ with ASCII \w, written out independently.
        let chars: Vec<char> = name.chars().collect();
        let w = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
        let expected = !chars.is_empty() && chars.len() <= 128 && w(&chars[0])
            && chars[1..].iter().all(|c| w(c) || *c == '.' || *c == '-');
        prop_assert_eq!(check_tag_name(&name).is_ok(), expected);
    }
}

fn tag(name: &str, start: i64, end: Option<i64>, digest: &str, reversion: bool) -> Tag {
    Tag {
        name: name.into(),
        start_ts: Some(start),
        end_ts: end,
        manifest_digest: digest.into(),
        reversion,
        ..Tag::default()
    }
}

/// Quay's answer for `page` of `total` rows.
fn serve(total: usize, size: usize, page: usize) -> PageData {
    let start = (page - 1) * size;
    let tags = (start..total.min(start + size))
        .map(|i| tag(&format!("t{i}"), 0, None, "d", false))
        .collect();
    PageData {
        tags,
        has_additional: total > page * size,
    }
}

/// Loads like the view does (at most 4 requests at a time) until nothing is wanted; returns requests.
fn drive(pages: &mut TagPages, total: usize, start: usize, end: usize, all: bool) -> usize {
    let mut requests = 0;
    for _ in 0..1000 {
        let (s, e) = if all {
            (start, end)
        } else {
            (
                start.min(pages.virtual_len()),
                end.min(pages.virtual_len().max(1)),
            )
        };
        let batch = pages.wanted(s, e, all, 4);
        if batch.is_empty() {
            return requests;
        }
        for p in &batch {
            pages.mark_loading(*p);
        }
        for p in batch {
            requests += 1;
            pages.apply(p, Ok(serve(total, pages.page_size(), p)));
        }
    }
    panic!("did not settle");
}

#[test]
fn first_screen_is_one_request() {
    let mut pages = TagPages::new(100);
    assert_eq!(pages.wanted(0, 30, false, 4), vec![1]);
    pages.mark_loading(1);
    pages.apply(1, Ok(serve(10_000, 100, 1)));
    assert!(matches!(pages.row(0), Row::Tag(t) if t.name == "t0"));
    assert_eq!(
        (pages.lower(), pages.upper(), pages.total()),
        (101, None, None)
    );
    assert_eq!(
        pages.virtual_len(),
        400,
        "room to scroll ahead: page 2 exists, and as much again"
    );
    assert!(
        pages.wanted(0, 30, false, 4).is_empty(),
        "nothing more for the first screen"
    );
}

/// A jump to the end as on a real Quay: the view keeps up to 4 requests out and asks again at
/// every answer (the loader's pump, the list following the end of its virtual length); Quay
/// serves bearer calls on 2 workers, 225 ms each. Returns (ms until the oldest tag is loaded and
/// the rows above it on screen, calls, the longest chain of calls each sent after the previous
/// answer).
fn jump_to_the_end(total: usize) -> (u64, usize, usize) {
    jump_to_the_end_with(total, None)
}

/// As [`jump_to_the_end`], in a tab that saw the list end at `hint` rows before.
fn jump_to_the_end_with(total: usize, hint: Option<usize>) -> (u64, usize, usize) {
    const CALL_MS: u64 = 225;
    let mut pages = TagPages::new(100);
    if let Some(hint) = hint {
        pages.set_hint(hint);
    }
    pages.apply(1, Ok(serve(total, 100, 1)));
    let mut now = 0_u64;
    let mut workers = [0_u64; 2];
    // (finish ms, page, depth of the chain that led to it)
    let mut out: Vec<(u64, usize, usize)> = Vec::new();
    let (mut calls, mut depth, mut chain) = (0, 0, 0);
    for _ in 0..1000 {
        let len = pages.virtual_len();
        // As the loader does during a jump: probes only until the end is known, then the last rows.
        let budget = 4 - pages.in_flight();
        let batch = match pages.total() {
            None => pages.end_probes(budget),
            Some(total) => pages.wanted(total.saturating_sub(30), total, false, budget),
        };
        for p in batch {
            if std::env::var_os("TRACE_JUMP").is_some() {
                println!("{now} ms: page {p} (len {len})");
            }
            pages.mark_loading(p);
            calls += 1;
            let w = if workers[0] <= workers[1] { 0 } else { 1 };
            workers[w] = workers[w].max(now) + CALL_MS;
            out.push((workers[w], p, depth + 1));
        }
        // The last 30 rows (a screenful) are loaded.
        let done = pages.total().is_some_and(|t| {
            (t.saturating_sub(30) / 100 + 1..=t.div_ceil(100))
                .all(|p| pages.slot(p).is_some_and(|s| s.data.is_some()))
        });
        if done && pages.in_flight() == 0 || out.is_empty() {
            break;
        }
        let (i, _) = out
            .iter()
            .enumerate()
            .min_by_key(|(_, (t, _, _))| *t)
            .expect("a request in flight");
        let (t, p, d) = out.swap_remove(i);
        now = t;
        depth = d;
        chain = chain.max(d);
        pages.apply(p, Ok(serve(total, 100, p)));
    }
    assert_eq!(pages.total(), Some(total));
    assert!(matches!(pages.row(total - 1), Row::Tag(t) if t.name == format!("t{}", total - 1)));
    (now, calls, chain)
}

#[test]
fn jumping_to_the_end_of_10000_tags_costs_few_calls() {
    let (ms, calls, chain) = jump_to_the_end(10_000);
    println!("jump to the end of 10,000 tags: {ms} ms, {calls} calls, {chain} in series");
    // Page by page would be 99 calls; a probe search needs about log2(100) answers.
    assert!(calls <= 14, "{calls} calls");
    assert!(ms <= 1_600, "{ms} ms");
}

#[test]
fn a_tab_that_saw_the_end_finds_it_again_in_one_round() {
    // Nothing changed: the page that ended the list and the next, together; one round.
    let (ms, calls, chain) = jump_to_the_end_with(10_000, Some(10_000));
    println!(
        "jump to the end of 10,000 tags seen before: {ms} ms, {calls} calls, {chain} in series"
    );
    assert_eq!((calls, chain), (2, 1), "{ms} ms");
    let (_, calls, chain) = jump_to_the_end_with(10_037, Some(10_037));
    assert_eq!((calls, chain), (2, 1));
    // Tags came or went since: the answers bound the end and the search goes on from there,
    // never worse than a search without the hint by more than the one round.
    // Tags came or went since: the answers bound the end, and the search goes on near it:
    // faster than without the hint when the list changed by a few percent, never slower up to a fifth.
    for (total, hint) in [
        (10_150, 10_000),
        (9_850, 10_000),
        (10_480, 10_000),
        (9_200, 10_000),
        (12_000, 10_000),
    ] {
        let (ms, calls, chain) = jump_to_the_end_with(total, Some(hint));
        let (cold_ms, _, cold_chain) = jump_to_the_end(total);
        println!("{total} after {hint}: {ms} ms, {calls} calls, {chain} rounds (cold {cold_ms} ms, {cold_chain})");
        assert!(
            chain <= cold_chain && ms <= cold_ms,
            "{total} after {hint}: {chain} rounds, cold {cold_chain}"
        );
        if total.abs_diff(hint) <= 800 {
            assert!(
                chain < cold_chain && ms < cold_ms,
                "{total} after {hint}: {chain} rounds, cold {cold_chain}"
            );
        }
    }
    // Changed a lot: at most two rounds more than without the hint.
    for (total, hint) in [
        (5_500, 10_000),
        (40_000, 10_000),
        (150, 10_000),
        (10_000, 150),
        (290_000, 10_000),
    ] {
        let (_, _, chain) = jump_to_the_end_with(total, Some(hint));
        let (_, _, cold_chain) = jump_to_the_end(total);
        assert!(
            chain <= cold_chain + 2,
            "{total} after {hint}: {chain} rounds, cold {cold_chain}"
        );
    }
}

#[test]
fn the_seen_end_pair_answering_one_at_a_time_asks_nothing_more() {
    // The page that ended the list and the next are asked together; the empty next page answers
    // first: the search waits for the other (it settles the end) instead of probing below it.
    let mut pages = TagPages::new(100);
    pages.set_hint(10_000);
    pages.mark_loading(1);
    pages.apply(1, Ok(serve(10_000, 100, 1)));
    let first = pages.end_probes(4);
    assert_eq!(first, vec![100, 101]);
    for p in &first {
        pages.mark_loading(*p);
    }
    pages.apply(101, Ok(serve(10_000, 100, 101)));
    assert_eq!(
        pages.end_probes(1),
        Vec::<usize>::new(),
        "nothing while page 100 is out"
    );
    pages.apply(100, Ok(serve(10_000, 100, 100)));
    assert_eq!(pages.total(), Some(10_000));
    assert!(pages.end_probes(2).is_empty());
    // Had page 100 come back empty too (tags went), the search goes on below it.
    let mut gone = TagPages::new(100);
    gone.set_hint(10_000);
    gone.mark_loading(1);
    gone.apply(1, Ok(serve(9_000, 100, 1)));
    for p in gone.end_probes(4) {
        gone.mark_loading(p);
    }
    gone.apply(101, Ok(serve(9_000, 100, 101)));
    gone.apply(100, Ok(serve(9_000, 100, 100)));
    assert!(gone.total().is_none());
    assert!(!gone.end_probes(2).is_empty());
}

#[test]
fn the_end_of_any_list_is_found_with_a_bounded_number_of_calls() {
    let sizes: Vec<usize> = (0..60).map(|i| 150 + i * i * 83 + i * 37).collect();
    let runs: Vec<(u64, usize, usize)> = sizes.iter().map(|n| jump_to_the_end(*n)).collect();
    let worst = runs.iter().map(|r| r.1).max().unwrap_or(0);
    let mean = runs.iter().map(|r| r.0).sum::<u64>() / runs.len() as u64;
    println!(
        "jump to the end: mean {mean} ms, worst {worst} calls (150 to {} tags)",
        sizes[59]
    );
    assert!(worst <= 26, "worst {worst}: {runs:?}");
}

#[test]
fn failures_show_and_retry() {
    let mut pages = TagPages::new(10);
    pages.mark_loading(1);
    pages.apply(1, Err("boom".into()));
    assert_eq!(pages.row(3), Row::Failed(1, "boom"));
    assert!(
        pages.wanted(0, 10, false, 4).is_empty(),
        "no automatic retry loop"
    );
    pages.retry(1);
    assert_eq!(pages.wanted(0, 10, false, 4), vec![1]);
}

#[test]
fn changes_show_at_once_and_refetch_visible_pages() {
    let mut pages = TagPages::new(10);
    drive(&mut pages, 25, 0, 30, true);
    assert!(pages.complete());
    pages.remove(&|t: &Tag| t.name == "t0" || t.name == "t12");
    assert!(matches!(pages.row(0), Row::Tag(t) if t.name == "t1"));
    pages.invalidate();
    assert!(!pages.complete());
    assert_eq!(pages.wanted(0, 10, false, 4), vec![1]);
    pages.update("t5", &|t: &mut Tag| t.end_ts = Some(9));
    assert!(pages
        .loaded()
        .any(|t| t.name == "t5" && t.end_ts == Some(9)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the total and wherever the user looks, loading settles with the right rows, the right
    /// count once the end is in view, and never more than the pages that matter.
    #[test]
    fn paging_settles_on_the_truth(total in 0usize..3000, size in 1usize..120, at in 0.0f64..1.0, all in any::<bool>()) {
        let mut pages = TagPages::new(size);
        drive(&mut pages, total, 0, 20, false);
        prop_assert_eq!(pages.total().is_some(), total <= size || pages.upper().is_some());
        let len = pages.virtual_len();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let start = ((len as f64) * at) as usize;
        drive(&mut pages, total, start, start + 20, all);
        if all {
            prop_assert!(pages.complete());
            prop_assert_eq!(pages.total(), Some(total));
            let names: Vec<String> = pages.loaded().map(|t| t.name.clone()).collect();
            let expected: Vec<String> = (0..total).map(|i| format!("t{i}")).collect();
            prop_assert_eq!(names, expected);
        }
        for i in start..(start + 20).min(pages.virtual_len()) {
            match pages.row(i) {
                Row::Tag(t) => prop_assert_eq!(&t.name, &format!("t{i}")),
                other => prop_assert!(false, "row {} of {}: {:?}", i, total, other),
            }
        }
        // Looking at the end of the list always ends with the exact count.
        drive(&mut pages, total, usize::MAX / 2, usize::MAX / 2 + 20, false);
        loop {
            let len = pages.virtual_len();
            if pages.total().is_some() { break; }
            let before = (pages.lower(), pages.upper());
            drive(&mut pages, total, len.saturating_sub(20), len, false);
            prop_assert!(before != (pages.lower(), pages.upper()), "progress");
        }
        prop_assert_eq!(pages.total(), Some(total));
        prop_assert!(pages.lower() <= total && pages.upper().is_none_or(|u| u >= total));
    }
}

#[test]
fn restore_history_from_the_recordings() {
    let page: TagPage = decode_json(&fixture("tags_after_restore")).unwrap();
    let now = 1_795_446_920;
    let t = timelines(&page.tags, now);
    assert_eq!(t.len(), 1);
    let kinds: Vec<EventKind> = t[0].events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Reverted, EventKind::Removed, EventKind::Created]
    );
    assert_eq!(
        t[0].current.as_deref(),
        Some(page.tags[0].manifest_digest.as_str())
    );
    assert!(!t[0].can_restore(&t[0].events[0]), "already points there");
}

#[test]
fn timeline_kinds() {
    let now = 10_000;
    let rows = vec![
        tag("latest", 100, Some(200), "sha256:a", false),
        tag("latest", 200, Some(300), "sha256:b", false),
        tag("latest", 300, None, "sha256:a", true),
        tag("gone", 50, Some(80), "sha256:c", false),
        tag("soon", 400, Some(20_000), "sha256:d", false),
        tag("soon", 400, Some(20_000), "sha256:d", false),
    ];
    let t = timelines(&rows, now);
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["soon", "latest", "gone"], "newest activity first");
    let latest = &t[1];
    let kinds: Vec<EventKind> = latest.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Reverted, EventKind::Moved, EventKind::Created]
    );
    assert_eq!(latest.events[1].previous.as_deref(), Some("sha256:a"));
    assert!(latest.can_restore(&latest.events[1]));
    assert!(!latest.can_restore(&latest.events[0]));
    assert_eq!(t[0].events.len(), 2, "duplicate rows ignored");
    assert_eq!(t[0].events[0].kind, EventKind::Expires);
    assert_eq!(t[2].events[0].kind, EventKind::Removed);
    assert!(t[2].current.is_none() && t[2].can_restore(&t[2].events[0]));
    let ranged = within(&t, Some(150), Some(350));
    assert_eq!(ranged.len(), 1);
    assert_eq!(ranged[0].events.len(), 2);
    assert_eq!(
        lines(&ranged),
        vec![Line::Header(0), Line::Event(0, 0), Line::Event(0, 1)]
    );
}

#[test]
fn sorting() {
    let mut tags = vec![
        Tag {
            size: Some(5),
            ..tag("v1.10", 3, None, "sha256:b", false)
        },
        Tag {
            size: None,
            ..tag("v1.9", 1, Some(50), "sha256:c", false)
        },
        Tag {
            size: Some(9),
            ..tag("V1.2", 2, Some(40), "sha256:a", false)
        },
    ];
    let names = |t: &[Tag]| t.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    sort_tags(
        &mut tags,
        Sort {
            key: SortKey::Name,
            descending: false,
        },
    );
    assert_eq!(names(&tags), ["V1.2", "v1.9", "v1.10"]);
    sort_tags(
        &mut tags,
        Sort {
            key: SortKey::Size,
            descending: true,
        },
    );
    assert_eq!(names(&tags), ["V1.2", "v1.10", "v1.9"], "no size last");
    sort_tags(
        &mut tags,
        Sort {
            key: SortKey::Expiration,
            descending: false,
        },
    );
    assert_eq!(names(&tags), ["V1.2", "v1.9", "v1.10"]);
    assert_eq!(
        Sort::parse("-size"),
        Some(Sort {
            key: SortKey::Size,
            descending: true
        })
    );
    assert_eq!(Sort::parse("bogus"), None);
    let s = Sort::cycle(None, SortKey::Name);
    assert_eq!(s.map(Sort::to_param).as_deref(), Some("name"));
    let s = Sort::cycle(s, SortKey::Name);
    assert_eq!(s.map(Sort::to_param).as_deref(), Some("-name"));
    assert_eq!(Sort::cycle(s, SortKey::Name), None);
}

#[test]
fn formatting_and_queries() {
    assert_eq!(human_size(92), "92 B");
    assert_eq!(human_size(1536), "1.5 KiB");
    assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3.0 GiB");
    assert_eq!(
        (human_size(1023), human_size(1024), human_size(1_048_575)),
        ("1023 B".into(), "1.0 KiB".into(), "1024.0 KiB".into())
    );
    assert_eq!(human_size(u64::MAX), "16384.0 PiB");
    assert_eq!(
        short_digest("sha256:147e953181af1ee6b90befe18567e66a"),
        "sha256:147e953181af"
    );
    assert_eq!(short_digest("x"), "x");
    assert_eq!(format_utc(1_795_446_797), "2026-11-23 15:13");
    assert_eq!(parse_day("2026-11-23"), Some(1_795_392_000));
    assert_eq!(parse_day("2026-02-30"), None);
    assert_eq!(parse_day("junk"), None);
    assert_eq!(format_day(parse_day("2024-02-29").unwrap()), "2024-02-29");
    assert_eq!(
        registry_host("https://quay.example.com:8443/x", "console.local"),
        "quay.example.com:8443"
    );
    assert_eq!(registry_host("", "127.0.0.1:9000"), "127.0.0.1:9000");
    let cmds = pull_commands("q.io", "ns", "r", "v1", "sha256:ab");
    assert_eq!(cmds[0].1, "podman pull q.io/ns/r:v1");
    assert_eq!(cmds[3].1, "docker pull q.io/ns/r@sha256:ab");
    let q = TagQuery {
        page: 2,
        limit: 500,
        active_only: true,
        like: Some("lat".into()),
        specific: None,
    };
    assert_eq!(
        q.to_query(),
        "?page=2&limit=100&onlyActiveTags=true&filter_tag_name=like%3Alat"
    );
    assert!(like("Latest", "LAT") && !like("prod", "lat") && like("x", ""));
}

proptest! {
    #[test]
    fn civil_dates_round_trip(days in -1_000_000i64..1_000_000) {
        let (y, m, d) = civil_from_days(days);
        prop_assert_eq!(days_from_civil(y, m, d), days);
    }
}
