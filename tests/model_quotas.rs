//! Every quota recording decodes, and the size parser and formatter keep their promises.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use quay_console::model::error::{decode_error, decode_json, Empty, ErrorKind, FromBody};
use quay_console::model::quotas::{
    check_limit, exact_size_text, format_bytes, group_digits, namespace_rows, parse_percent,
    parse_size, shown_precision, usage, Level, LimitError, LimitKind, OrgUsage, Quota, QuotaLimit,
    RegistrySize, SizeError, SuperuserOrgList, SuperuserUserList, UserUsage, MAX_BYTES,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: serde::de::DeserializeOwned>(name: &str) -> T {
    decode_json(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn quota_lists_decode() {
    for name in [
        "org_quota_list",
        "org_quota_list_library",
        "org_quota_list_after_create",
        "org_quota_list_after_delete",
        "su_org_quota_list",
        "su_org_quota_list_library",
        "su_user_quota_list",
        "su_user_quota_list2",
        "user_quota_list",
        "user_quota_as_freshuser_seen_by_su",
    ] {
        let _: Vec<Quota> = decode(name);
    }
    let list: Vec<Quota> = decode("org_quota_list");
    let q = &list[0];
    assert_eq!((q.id, q.limit_bytes), (Some(1), 3000));
    assert_eq!(q.limit.as_deref(), Some("2.9 KiB"));
    assert_eq!(q.limits[0].kind, LimitKind::Warning);
    assert_eq!(q.limits[0].limit_percent, 50);
    assert!(decode::<Vec<Quota>>("org_quota_list_after_delete").is_empty());
}

#[test]
fn single_quotas_decode_with_float_bytes() {
    for name in [
        "org_quota_get",
        "org_quota_get_buynlarge",
        "org_quota_get_after_limit_delete",
        "org_quota_change_bytes",
        "org_quota_limit_change",
        "su_user_quota_change",
    ] {
        let _: Quota = decode(name);
    }
    // After a PUT with {"limit": "20 GiB"} Quay answers 21474836480.0.
    let changed: Quota = decode("org_quota_change");
    assert_eq!(changed.limit_bytes, 21_474_836_480);
    let su: Quota = decode("su_org_quota_change");
    assert_eq!(su.limit_bytes, 2_147_483_648);
    // PUT .../limit/{id} answers with the whole quota.
    let whole: Quota = decode("org_quota_limit_change");
    assert_eq!(whole.limits.len(), 2);
    assert_eq!(whole.sorted_limits()[0].limit_percent, 70);
}

#[test]
fn limits_decode() {
    let list: Vec<QuotaLimit> = decode("org_quota_limit_list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].kind, LimitKind::Reject);
    assert_eq!(list[1].limit_percent, 95);
    let _: Vec<QuotaLimit> = decode("org_quota_limit_list_buynlarge");
    let one: QuotaLimit = decode("org_quota_limit_get");
    assert_eq!((one.id, one.limit_percent), (4, 80));
}

#[test]
fn bodies_without_content_decode_as_empty() {
    for name in [
        "org_quota_create",
        "org_quota_limit_create",
        "org_quota_limit_create_reject",
        "su_org_quota_create",
        "su_user_quota_create",
        "su_registrysize_queue",
        "org_quota_delete",
        "org_quota_limit_delete",
        "su_org_quota_delete",
        "su_user_quota_delete",
    ] {
        assert_eq!(Empty::from_body(&fixture(name)), Ok(Empty), "{name}");
    }
}

#[test]
fn duplicate_quota_error_keeps_quays_message() {
    let e = decode_error(400, &fixture("org_quota_create_dup"));
    assert_eq!(e.kind, ErrorKind::Refused);
    assert_eq!(e.message, "Organization quota for 'library' already exists");
}

#[test]
fn registry_size_decodes() {
    let idle: RegistrySize = decode("su_registrysize");
    assert_eq!(idle.last_ran, None);
    assert!(!idle.busy());
    let queued: RegistrySize = decode("su_registrysize_after_queue");
    assert!(queued.queued && queued.busy());
}

#[test]
fn consumption_decodes() {
    let orgs: SuperuserOrgList = decode("su_organizations");
    let users: SuperuserUserList = decode("su_users");
    let rows = namespace_rows(&orgs.organizations, &users.users);
    let buynlarge = rows.iter().find(|r| r.name == "buynlarge").unwrap();
    assert_eq!(buynlarge.quota_bytes(), Some(3000));
    assert_eq!(buynlarge.used, Some(184));
    let randomuser = rows.iter().find(|r| r.name == "randomuser").unwrap();
    assert_eq!(
        randomuser.quota.as_ref().unwrap().limits[0].kind,
        LimitKind::Reject
    );
    assert!(rows.iter().any(|r| r.name == "disabled" && !r.enabled));
    let me: UserUsage = decode("user");
    assert_eq!(me.quota_report.unwrap().quota_bytes, Some(3000));
    // An organization view without the admin-only fields decodes too.
    let org: OrgUsage = decode_json(r#"{"name": "buynlarge", "is_admin": false}"#).unwrap();
    assert!(org.quota_report.is_none());
}

#[test]
fn fixture_usage_levels() {
    let q: Quota = decode("org_quota_get_buynlarge");
    assert_eq!(usage(184, q.limit_bytes, &q.limits).level, Level::Ok);
    assert_eq!(usage(1501, q.limit_bytes, &q.limits).level, Level::Warning);
    let q: Quota = decode("org_quota_limit_change");
    assert_eq!(
        check_limit(&q.limits, None, &LimitKind::Reject, "99"),
        Err(LimitError::SecondReject)
    );
}

#[test]
fn eight_exbibytes_is_beyond_quay() {
    assert_eq!(format_bytes(MAX_BYTES), "8.0 EiB");
    assert_eq!(parse_size("8.0 EiB"), Err(SizeError::TooLarge));
}

const UNITS: [(&str, u64); 15] = [
    ("B", 1),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("PiB", 1 << 50),
    ("Ki", 1 << 10),
    ("Gi", 1 << 30),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("gib", 1 << 30),
    ("k", 1_000),
    ("bytes", 1),
];

proptest! {
    /// Formatting then parsing gives back the bytes within the precision shown (one decimal of
    /// the unit), below 7 EiB (sizes that round up to 8.0 EiB are beyond what Quay stores).
    #[test]
    fn format_then_parse_round_trips(bytes in 1_u64..=7 * (1 << 60)) {
        let text = format_bytes(bytes);
        let parsed = parse_size(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e:?}")))?;
        let tolerance = shown_precision(bytes) + 1;
        prop_assert!(parsed.abs_diff(bytes) <= tolerance, "{bytes} → {text} → {parsed} (±{tolerance})");
    }

    /// Just below a unit boundary (where 1023.96 KiB is shown as 1.0 MiB) the promise holds too.
    #[test]
    fn round_trips_near_unit_boundaries(power in 1_u32..=5, below in 0_u64..100_000) {
        let boundary = 1_u64 << (10 * power);
        let bytes = boundary - below % (boundary / 10);
        let text = format_bytes(bytes);
        let parsed = parse_size(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e:?}")))?;
        prop_assert!(parsed.abs_diff(bytes) <= shown_precision(bytes) + 1, "{bytes} → {text} → {parsed}");
    }

    /// Small sizes are shown exactly.
    #[test]
    fn bytes_below_a_kib_are_exact(bytes in 1_u64..1024) {
        prop_assert_eq!(parse_size(&format_bytes(bytes)), Ok(bytes));
    }

    /// A whole number with any unit means exactly number × unit.
    #[test]
    fn whole_numbers_with_units(n in 1_u64..100_000, unit in 0_usize..UNITS.len(), space in any::<bool>()) {
        let (symbol, size) = UNITS[unit];
        let text = format!("{n}{}{symbol}", if space { " " } else { "" });
        let expected = n.checked_mul(size).filter(|b| *b <= MAX_BYTES).ok_or(SizeError::TooLarge);
        prop_assert_eq!(parse_size(&text), expected);
    }

    /// The pre-filled text of a form reads back exactly.
    #[test]
    fn exact_text_reads_back(n in 1_u64..=MAX_BYTES) {
        prop_assert_eq!(parse_size(&exact_size_text(n)), Ok(n));
    }

    /// Exact figures with thousands separators read back.
    #[test]
    fn grouped_digits_read_back(n in 1_u64..=MAX_BYTES) {
        prop_assert_eq!(parse_size(&group_digits(n)), Ok(n));
    }

    /// No input panics; whatever parses is a size Quay accepts.
    #[test]
    fn any_text_is_handled(text in "\\PC{0,24}") {
        if let Ok(bytes) = parse_size(&text) {
            prop_assert!(bytes > 0 && bytes <= MAX_BYTES);
        }
    }

    /// An unknown unit is named in the error.
    #[test]
    fn unknown_units_are_named(n in 1_u64..1000, unit in "[QqWwXxVv][a-zA-Z]{0,3}") {
        prop_assert_eq!(parse_size(&format!("{n} {unit}")), Err(SizeError::UnknownUnit(unit)));
    }

    /// Text without any digit is never a size.
    #[test]
    fn no_digits_no_size(text in "[a-zA-Z ,._-]{0,12}") {
        prop_assert!(parse_size(&text).is_err());
    }

    /// Thresholds: whole numbers 1–100 only.
    #[test]
    fn percents_in_range(n in 0_u32..1000) {
        prop_assert_eq!(parse_percent(&n.to_string()).is_ok(), (1..=100).contains(&n));
    }
}
