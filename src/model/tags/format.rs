//! Formatting and small helpers of the tags view: sizes, digests, UTC dates, pull commands, the
//! name filter and natural ordering of names.

use std::cmp::Ordering;

use serde::Deserialize;

use super::decode::lenient;
use crate::model::text::FoldCase;

/// `1.5 MiB`, `92 B`: binary units, one decimal above bytes (integer arithmetic: no float
/// formatting code in the wasm).
#[must_use]
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let bytes = u128::from(bytes);
    let mut unit = 0;
    let mut divisor: u128 = 1024;
    while bytes >= divisor * 1024 && unit + 1 < UNITS.len() {
        divisor *= 1024;
        unit += 1;
    }
    let tenths = (bytes * 10 + divisor / 2) / divisor;
    format!(
        "{}.{} {}",
        tenths / 10,
        tenths % 10,
        UNITS.get(unit).copied().unwrap_or("PiB")
    )
}

/// `sha256:147e953181af`: the algorithm and the first 12 hex digits.
#[must_use]
pub fn short_digest(digest: &str) -> String {
    match digest.split_once(':') {
        Some((algorithm, hex)) => format!("{algorithm}:{}", hex.get(..12).unwrap_or(hex)),
        None => digest.get(..19).unwrap_or(digest).to_owned(),
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01.
#[must_use]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-11-23 15:13` (UTC) for unix seconds.
#[must_use]
pub fn format_utc(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    let secs = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60
    )
}

/// `2026-11-23` (UTC).
#[must_use]
pub fn format_day(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses `YYYY-MM-DD` (an `<input type="date">` value) into the unix seconds of that day's start (UTC).
#[must_use]
pub fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && civil_from_days(days_from_civil(year, month, day)) == (year, month, day);
    valid.then(|| days_from_civil(year, month, day) * 86_400)
}

/// The registry host for pull commands: the host of Quay's URL, else the page's own host.
#[must_use]
pub fn registry_host(quay_url: &str, page_host: &str) -> String {
    let rest = quay_url.split_once("://").map_or(quay_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        page_host.to_owned()
    } else {
        host.to_owned()
    }
}

/// `(label, command)` pairs: podman and docker, by tag and by digest.
#[must_use]
pub fn pull_commands(
    host: &str,
    ns: &str,
    repo: &str,
    tag: &str,
    digest: &str,
) -> Vec<(&'static str, String)> {
    let image = format!("{host}/{ns}/{repo}");
    let mut out = vec![
        ("podman", format!("podman pull {image}:{tag}")),
        ("docker", format!("docker pull {image}:{tag}")),
    ];
    if !digest.is_empty() {
        out.push(("podman", format!("podman pull {image}@{digest}")));
        out.push(("docker", format!("docker pull {image}@{digest}")));
    }
    out
}

/// Case-insensitive substring match, as Quay's `filter_tag_name=like:`.
#[must_use]
pub fn like(name: &str, needle: &str) -> bool {
    like_matcher(needle)(name)
}

/// [`like`] against one needle, folded once: for filtering many names.
pub fn like_matcher(needle: &str) -> impl Fn(&str) -> bool {
    let needle = needle.folded();
    move |name| needle.is_empty() || name.folded().contains(&needle)
}

/// Compares names so that `v1.9` sorts before `v1.10` (runs of digits by value).
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let nb = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (da, ra) = a.split_at(na);
                let (db, rb) = b.split_at(nb);
                let trim = |d: &'_ [u8]| -> Vec<u8> {
                    d.iter().copied().skip_while(|c| *c == b'0').collect()
                };
                let (ta, tb) = (trim(da), trim(db));
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(&tb))
                    .then_with(|| na.cmp(&nb));
                if ord != Ordering::Equal {
                    return ord;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) => {
                let ord = x
                    .to_ascii_lowercase()
                    .cmp(&y.to_ascii_lowercase())
                    .then(x.cmp(y));
                if ord != Ordering::Equal {
                    return ord;
                }
                (a, b) = (
                    a.get(1..).unwrap_or_default(),
                    b.get(1..).unwrap_or_default(),
                );
            }
        }
    }
}

/// The platforms of a manifest list, from its `manifest_data`: `(os/architecture[/variant], digest)`.
#[must_use]
pub fn platforms(manifest_data: &str) -> Vec<(String, String)> {
    #[derive(Deserialize, Default)]
    struct Index {
        #[serde(default, deserialize_with = "lenient")]
        manifests: Vec<Child>,
    }
    #[derive(Deserialize, Default)]
    struct Child {
        #[serde(default, deserialize_with = "lenient")]
        digest: String,
        #[serde(default)]
        platform: Option<Platform>,
    }
    #[derive(Deserialize, Default)]
    struct Platform {
        #[serde(default, deserialize_with = "lenient")]
        os: String,
        #[serde(default, deserialize_with = "lenient")]
        architecture: String,
        #[serde(default)]
        variant: Option<String>,
    }
    let index: Index = serde_json::from_str(manifest_data).unwrap_or_default();
    index
        .manifests
        .into_iter()
        .map(|c| {
            let name = c.platform.map_or_else(
                || "?".to_owned(),
                |p| match p.variant.filter(|v| !v.is_empty()) {
                    Some(v) => format!("{}/{}/{v}", p.os, p.architecture),
                    None => format!("{}/{}", p.os, p.architecture),
                },
            );
            (name, c.digest)
        })
        .collect()
}
