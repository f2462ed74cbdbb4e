//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`, run by `cargo xtask fuzz`), shared
//! with `tests/fuzz_corpus.rs`, which replays every committed corpus input through them on stable.
//!
//! Each body takes the fuzzer's bytes, calls the real parsers and models, and asserts the
//! properties that hold for every input. Any panic here is a bug of `src/`. Pure: only `model`
//! and `routes` (no web imports), so it runs on the host.

use crate::model::error::{decode_error, decode_json, kind_for_status, Empty, FromBody, Json};
use crate::model::logs::describe::describe;
use crate::model::logs::export::{csv, csv_field, ndjson, parse_csv, validate, ExportTarget};
use crate::model::logs::filter::Row;
use crate::model::logs::LogEntry;
use crate::model::oauth::{self, Callback, PendingSignIn};
use crate::model::quotas::{
    exact_size_text, format_bytes, group_digits, parse_size, SizeError, MAX_BYTES,
};
use crate::model::tags::paging::{PageData, TagPages};
use crate::model::tags::Tag;
use crate::model::url::{build_query, decode, encode, parse_query};
use crate::routes;

/// A target's body: the fuzzer's bytes in, a panic on a bug.
pub type Body = fn(&[u8]);

/// Every target: its name (the file under `fuzz/fuzz_targets/` and `fuzz/corpus/`) and body.
pub const TARGETS: &[(&str, Body)] = &[
    ("oauth_callback", oauth_callback),
    ("config", config),
    ("error_decode", error_decode),
    ("url", url),
    ("routes", route),
    ("logs", logs),
    ("quota_size", quota_size),
    ("tag_paging", tag_paging),
    ("responses", responses),
];

/// The input as text, cut into `n` fields at line feeds (the last one keeps the rest).
fn fields(data: &[u8], n: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut out: Vec<String> = text.splitn(n, '\n').map(ToOwned::to_owned).collect();
    out.resize(n, String::new());
    out
}

/// `parse_callback`, `callback_nonce` and `check_callback` on `search \n hash \n nonce \n state`
/// (the last two are this tab's pending sign-in).
pub fn oauth_callback(data: &[u8]) {
    let [search, hash, nonce, state] = <[String; 4]>::try_from(fields(data, 4)).unwrap_or_default();
    let received = oauth::callback_nonce(&search);
    assert!(received.as_deref().is_none_or(|n| !n.is_empty()));
    let pending = PendingSignIn {
        state: state.clone(),
        nonce: nonce.clone(),
        return_to: "/".into(),
        scopes: Vec::new(),
    };
    let callback = oauth::parse_callback(&search, &hash);
    let callback_state = match &callback {
        Some(Callback::Token {
            access_token,
            scopes,
            state,
            ..
        }) => {
            assert!(!access_token.is_empty(), "a token callback has a token");
            assert!(scopes
                .iter()
                .all(|s| !s.is_empty() && !s.contains([' ', ','])));
            state.clone()
        }
        Some(Callback::Denied { error, state, .. }) => {
            assert!(!error.is_empty());
            state.clone()
        }
        None => None,
    };
    let verdict = oauth::check_callback(
        Some(&pending),
        received.as_deref(),
        callback_state.as_deref(),
    );
    if verdict.is_ok() {
        assert!(!nonce.is_empty() && received.as_deref() == Some(nonce.as_str()));
        assert!(callback_state.is_none_or(|s| s == state));
    }
    assert!(oauth::check_callback(None, received.as_deref(), None).is_err());
    // The console's own nonce always comes back through its redirect URI.
    if !nonce.is_empty() {
        let uri = oauth::redirect_uri_with_nonce("https://c.example/console/", &nonce);
        let query = uri.split_once('?').map_or("", |(_, q)| q);
        assert_eq!(
            oauth::callback_nonce(query).as_deref(),
            Some(nonce.as_str())
        );
    }
}

/// `config.json` parsing: never a panic; a config that parses has what sign-in needs.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match crate::model::config::parse(&text) {
        Ok(config) => {
            assert!(!config.client_id.is_empty() && !config.quay_url.ends_with('/'));
            let url = oauth::authorize_url(&config, "https://c.example/console/", "st");
            assert!(url.contains("response_type=token"));
        }
        Err(problems) => assert!(!problems.is_empty(), "a refusal names its problems"),
    }
}

/// Error and success-body decoding: `status` (2 bytes) then the body.
pub fn error_decode(data: &[u8]) {
    let (status, body) = match data {
        [hi, lo, rest @ ..] => (u16::from_be_bytes([*hi, *lo]), rest),
        _ => (500, data),
    };
    let body = String::from_utf8_lossy(body);
    let error = decode_error(status, &body);
    let _ = crate::model::error::retry_after_seconds(&body);
    assert_eq!(error.status, status);
    assert_eq!(error.kind, kind_for_status(status));
    assert!(
        !error.message.trim().is_empty(),
        "every error has a message"
    );
    assert!(Empty::from_body(&body).is_ok());
    let _ = decode_json::<serde_json::Value>(&body);
    if let Err(e) = Json::<Vec<String>>::from_body(&body) {
        assert!(!e.message.is_empty());
    }
}

/// Percent-encoding and query strings: `text \n key \n value \n ...`.
pub fn url(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let encoded = encode(&text);
    assert_eq!(decode(&encoded, false), text);
    assert_eq!(decode(&encoded, true), text, "encode leaves no `+`");
    assert!(encoded
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
    assert!(encoded != "." && encoded != "..", "never a dot-segment");
    assert_eq!(crate::api::seg(&text), encoded);
    let _ = decode(&text, true);
    let _ = parse_query(&text);
    let parts: Vec<&str> = text.split('\n').collect();
    let pairs: Vec<(&str, &str)> = parts
        .chunks(2)
        .map(|c| match c {
            [k, v] => (*k, *v),
            [k] => (*k, ""),
            _ => ("", ""),
        })
        .collect();
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let query = build_query(&pairs);
    assert_eq!(query.is_empty(), kept.is_empty());
    // Pairs with an empty key are dropped by `parse_query` only when the whole part is empty.
    assert_eq!(parse_query(&query), kept);
}

/// The console's router: `path \n base`.
pub fn route(data: &[u8]) {
    let [path, base] = <[String; 2]>::try_from(fields(data, 2)).unwrap_or_default();
    let (route, params) = routes::match_route(&path);
    for (name, value) in &params {
        assert!(
            !name.is_empty() && !value.is_empty(),
            "empty parameter in {path:?}"
        );
        assert!(!value.contains('/'));
    }
    if route == routes::Route::NotFound {
        assert!(params.is_empty());
    }
    let _ = routes::needs_user(&path);
    let place = routes::place(&path);
    assert!(!(place.is_user && place.superuser));
    let stripped = routes::strip_base(&path, &base);
    assert!(stripped.len() <= path.len().max(1));
    // The builders' paths come back as the same route with the same (encoded) parameters.
    let (a, b) = (path.as_str(), base.as_str());
    if !a.is_empty() && !b.is_empty() {
        let built = routes::repo_tags(a, b);
        let (route, params) = routes::match_route(&built);
        assert_eq!(route, routes::Route::Tags, "{built}");
        assert_eq!(
            params,
            vec![("ns", encode(a).as_str()), ("repo", encode(b).as_str())]
        );
        let place = routes::place(&built);
        assert_eq!(place.namespace.as_deref(), Some(a));
        assert_eq!(place.repository.as_deref(), Some(b));
    }
}

/// One log entry (JSON): its sentence, its CSV and NDJSON lines, and the export callback checks.
pub fn logs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = validate(ExportTarget::Email, &text);
    let _ = validate(ExportTarget::Url, &text);
    let field = csv_field(&text);
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let back = parse_csv(&format!("{field}\r\n"));
    assert_eq!(back, vec![vec![guarded.clone()]], "csv field {text:?}");
    let Ok(entry) = serde_json::from_str::<LogEntry>(&text) else {
        return;
    };
    let scope = entry.meta_text("namespace");
    let sentence = describe(&entry, scope.as_deref()).map(|s| s.render(|key| key));
    let row = Row::new(entry, sentence, scope.as_deref());
    let rows = [row.clone(), row];
    let records = parse_csv(&csv(&rows));
    assert_eq!(records.len(), 3, "a header and two rows");
    for record in &records {
        assert_eq!(record.len(), 10);
    }
    assert_eq!(ndjson(&rows).lines().count(), 2);
}

/// Sizes as people type them, and the texts the console writes back.
pub fn quota_size(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = parse_size(&text) {
        assert!((1..=MAX_BYTES).contains(&bytes), "{text:?} → {bytes}");
    }
    let _ = crate::model::quotas::parse_percent(&text);
    let mut raw = [0u8; 8];
    for (slot, byte) in raw.iter_mut().zip(data) {
        *slot = *byte;
    }
    let n = u64::from_le_bytes(raw) % MAX_BYTES + 1;
    assert_eq!(parse_size(&group_digits(n)), Ok(n));
    assert_eq!(
        parse_size(&exact_size_text(n)),
        Ok(n),
        "{}",
        exact_size_text(n)
    );
    // One decimal rounds: near the limit, "8.0 EiB" is more than Quay stores.
    let shown = parse_size(&format_bytes(n));
    assert!(
        shown.is_ok() || shown == Err(SizeError::TooLarge),
        "{}",
        format_bytes(n)
    );
}

/// Reads small numbers off the fuzzer's bytes (zero once they run out).
struct Dice<'a>(std::slice::Iter<'a, u8>);

impl Dice<'_> {
    fn byte(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    fn num(&mut self) -> usize {
        usize::from(u16::from_le_bytes([self.byte(), self.byte()]))
    }
}

/// [`TagPages`] driven by fuzzer-chosen answers, failures, reloads and visible ranges.
pub fn tag_paging(data: &[u8]) {
    let mut dice = Dice(data.iter());
    let size = usize::from(dice.byte() % 64) + 1;
    let budget = usize::from(dice.byte() % 16);
    let mut pages = TagPages::new(size);
    let tag = |n: usize| Tag {
        name: format!("t{n}"),
        ..Tag::default()
    };
    while !dice.0.as_slice().is_empty() {
        let op = dice.byte();
        let page = usize::from(dice.byte());
        match op % 8 {
            0 | 1 => {
                let count = usize::from(dice.byte()) % (size + 1);
                let data = PageData {
                    tags: (0..count).map(tag).collect(),
                    has_additional: op & 0x10 != 0,
                };
                pages.apply(page, Ok(data));
            }
            2 => pages.apply(page, Err("boom".into())),
            3 => pages.mark_loading(page),
            4 => pages.retry(page),
            5 => pages.invalidate(),
            6 => pages.seed_stale(
                page,
                PageData {
                    tags: vec![tag(0)],
                    has_additional: op & 0x10 != 0,
                },
            ),
            _ => pages.remove(&|t: &Tag| t.name.len() % 2 == usize::from(op & 1)),
        }
        let (lower, upper, total) = (pages.lower(), pages.upper(), pages.total());
        if let (Some(total), Some(upper)) = (total, upper) {
            assert!(total <= upper);
        }
        assert!(lower <= pages.virtual_len(), "{pages:?}");
        if let Some(total) = total {
            assert_eq!(pages.virtual_len(), total);
        }
        let start = dice.num();
        let end = start + dice.num();
        let wanted = pages.wanted(start, end, op & 0x20 != 0, budget);
        assert!(wanted.len() <= budget);
        assert!(wanted.iter().all(|p| *p >= 1));
        for index in [start, end, lower, pages.virtual_len()] {
            let _ = pages.row(index);
        }
        let _ = (pages.complete(), pages.in_flight(), pages.refreshing());
        let _ = (pages.loaded_count(), pages.first_failure());
    }
}

/// Decodes `body` as `T` the way the client does: an answer or a decode error, never a panic.
fn decode_as<T: serde::de::DeserializeOwned>(body: &str) {
    let _ = Json::<T>::from_body(body);
}

/// Every type the console decodes from Quay's answers.
pub fn responses(data: &[u8]) {
    use crate::model::{
        applications as a, authorizations as z, logs as l, mirrors as m, quotas as q,
        repository as r, robots as b, tags as t, user as u,
    };
    let body = String::from_utf8_lossy(data);
    let body = body.as_ref();
    // What the client does first (`model::wire`): a valid answer is left as it is, and mending is
    // done once for all.
    let mended = crate::model::wire::mend_surrogates(body.to_owned());
    if serde_json::from_str::<serde_json::Value>(body).is_ok() {
        assert_eq!(mended, body, "a valid answer is not changed");
    }
    assert_eq!(
        crate::model::wire::mend_surrogates(mended.clone()),
        mended,
        "mending twice changes nothing"
    );
    decode_as::<u::User>(body);
    decode_as::<r::Repository>(body);
    decode_as::<r::RepositoryList>(body);
    decode_as::<t::TagPage>(body);
    decode_as::<t::Manifest>(body);
    decode_as::<t::LabelList>(body);
    decode_as::<t::LabelCreated>(body);
    decode_as::<b::Robot>(body);
    decode_as::<b::RobotList>(body);
    decode_as::<Vec<b::Robot>>(body);
    decode_as::<b::RobotPermissions>(body);
    decode_as::<b::UserPermissionView>(body);
    decode_as::<Vec<b::Federation>>(body);
    decode_as::<b::FederationConfig>(body);
    decode_as::<a::Application>(body);
    decode_as::<a::ApplicationList>(body);
    decode_as::<a::ApplicationTokenList>(body);
    decode_as::<a::AppTokenList>(body);
    decode_as::<a::AppTokenEnvelope>(body);
    decode_as::<z::AuthorizationList>(body);
    decode_as::<q::Quota>(body);
    decode_as::<Vec<q::Quota>>(body);
    decode_as::<q::OrgUsage>(body);
    decode_as::<q::UserUsage>(body);
    decode_as::<q::RegistrySize>(body);
    decode_as::<q::RepoSizePage>(body);
    decode_as::<q::SuperuserOrgList>(body);
    decode_as::<q::SuperuserUserList>(body);
    decode_as::<m::MirrorConfig>(body);
    decode_as::<m::health::MirrorHealth>(body);
    decode_as::<crate::model::org_mirror::OrgMirrorConfig>(body);
    decode_as::<crate::model::org_mirror::RepositoriesPage>(body);
    decode_as::<crate::model::org_mirror::Verification>(body);
    if let Ok(map) = decode_json::<crate::model::review::UserPermissionMap>(body) {
        // The access review's rows and export from any permission map: no panic, and the CSV has
        // one line per finding after its header.
        use crate::model::review as v;
        let findings = v::permissions(&v::access_rows("ns/repo", &map));
        assert_eq!(findings.len(), map.entries().len());
        let csv = v::to_csv(&findings);
        assert!(csv.lines().count() > findings.len());
        let _ = v::to_json("ns", "2026-12-05", &findings);
    }
    decode_as::<l::LogPage>(body);
    decode_as::<l::AggregatedLogs>(body);
    decode_as::<l::ExportResult>(body);
    if let Ok(report) = decode_json::<crate::model::security::SecurityReport>(body) {
        use crate::model::security as s;
        let summary = s::Summary::of(&report);
        let rows = s::findings(&report);
        assert_eq!(rows.len(), summary.total());
        assert!(summary.fixable <= rows.len());
        for f in &rows {
            for part in s::link_parts(&f.vulnerability.link) {
                if let s::LinkPart::Url(u) = part {
                    assert!(u.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("http")));
                }
            }
        }
    }
    if let Ok(page) = decode_json::<l::LogPage>(body) {
        for entry in &page.logs {
            let _ = describe(entry, None);
            let _ = l::performer(entry);
        }
    }
}
