//! Tags, manifests and labels as Quay's API sends them (`GET .../tag/`, `GET .../manifest/{digest}`,
//! `.../labels`), Quay's own validation rules, and the pure logic of the tags view: paging with an
//! unknown total ([`paging`]), the time machine ([`history`]), sorting and formatting.
//!
//! Decoding is tolerant: absent or `null` fields take their default, numbers may be int or float.

pub mod history;
pub mod paging;

use std::cmp::Ordering;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// `null` or absent → the type's default.
fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A number sent as int or float (or `null`), kept as whole units; anything else is `None`.
fn whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    struct Whole;
    impl<'de> Visitor<'de> for Whole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok())
        }
        #[allow(clippy::cast_possible_truncation)]
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(v.is_finite().then(|| v.trunc() as i64))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    Ok(d.deserialize_option(Whole)?
        .and_then(|v| T::try_from(v).ok()))
}

/// A layer's command: Quay normalises it to a list of strings, old images may hold one string or
/// other JSON. Kept as text parts; anything nested is shown as `…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command(pub Vec<String>);

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Part;
        impl<'de> Visitor<'de> for Part {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a command")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<String, E> {
                Ok(String::new())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok("…".to_owned())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok("…".to_owned())
            }
        }
        struct Parts;
        impl<'de> Visitor<'de> for Parts {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a command")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
                let mut out = Vec::new();
                while let Some(part) = seq.next_element_seed(PartSeed)? {
                    out.push(part);
                }
                Ok(out)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
                Ok(vec![v.to_owned()])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
                Ok(Vec::new())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
                Part.visit_map(map).map(|p| vec![p])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
        }
        struct PartSeed;
        impl<'de> de::DeserializeSeed<'de> for PartSeed {
            type Value = String;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
                d.deserialize_any(Part)
            }
        }
        d.deserialize_any(Parts).map(Command)
    }
}

/// One row of `GET /api/v1/repository/{repo}/tag/` (`tags_list.json`). In the history
/// (`onlyActiveTags=false`) a tag name has one row per lifetime; `end_ts` is set on ended rows and
/// on alive rows with an expiration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Tag {
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub reversion: bool,
    #[serde(default, deserialize_with = "whole")]
    pub start_ts: Option<i64>,
    #[serde(default, deserialize_with = "whole")]
    pub end_ts: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    pub manifest_digest: String,
    #[serde(default, deserialize_with = "lenient")]
    pub is_manifest_list: bool,
    /// Compressed size of the layers; `null` for manifest lists.
    #[serde(default, deserialize_with = "whole")]
    pub size: Option<u64>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub expiration: Option<String>,
}

impl Tag {
    /// Alive at `now` (unix seconds): no end, or an end still to come (an expiration).
    #[must_use]
    pub fn alive_at(&self, now: i64) -> bool {
        self.end_ts.is_none_or(|end| end > now)
    }
}

/// One page of the tag list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TagPage {
    #[serde(default, deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
    #[serde(default, deserialize_with = "whole")]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "lenient")]
    pub has_additional: bool,
}

/// What `GET .../tag/` is asked for. `page` is 1-based; Quay caps `limit` at 100.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagQuery {
    pub page: usize,
    pub limit: usize,
    /// `onlyActiveTags=true`: the tags as they are now, else the whole history.
    pub active_only: bool,
    /// `filter_tag_name=like:TEXT` (case-insensitive substring on Quay's side).
    pub like: Option<String>,
    pub specific: Option<String>,
}

/// Quay's maximum `limit`.
pub const MAX_LIMIT: usize = 100;

impl TagQuery {
    /// The query string (`?page=1&limit=100&onlyActiveTags=true&filter_tag_name=like%3Av1`).
    #[must_use]
    pub fn to_query(&self) -> String {
        let like = self
            .like
            .as_deref()
            .filter(|l| !l.is_empty())
            .map(|l| format!("like:{l}"));
        crate::model::url::build_query(&[
            ("page", self.page.max(1).to_string()),
            ("limit", self.limit.clamp(1, MAX_LIMIT).to_string()),
            (
                "onlyActiveTags",
                if self.active_only { "true" } else { "false" }.to_owned(),
            ),
            ("filter_tag_name", like.unwrap_or_default()),
            ("specificTag", self.specific.clone().unwrap_or_default()),
        ])
    }
}

/// `GET .../manifest/{digest}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Manifest {
    #[serde(default, deserialize_with = "lenient")]
    pub digest: String,
    #[serde(default, deserialize_with = "lenient")]
    pub is_manifest_list: bool,
    #[serde(default)]
    pub manifest_data: Option<String>,
    #[serde(default)]
    pub config_media_type: Option<String>,
    /// `null` for manifest lists.
    #[serde(default)]
    pub layers: Option<Vec<Layer>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Layer {
    #[serde(default, deserialize_with = "whole")]
    pub index: Option<u32>,
    #[serde(default, deserialize_with = "whole")]
    pub compressed_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient")]
    pub is_remote: bool,
    #[serde(default)]
    pub command: Option<Command>,
    #[serde(default)]
    pub blob_digest: Option<String>,
    #[serde(default)]
    pub created_datetime: Option<String>,
}

impl Layer {
    /// The command as one line of text.
    #[must_use]
    pub fn command_text(&self) -> String {
        self.command
            .as_ref()
            .map(|c| c.0.join(" "))
            .unwrap_or_default()
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

/// A manifest label; `source_type` `api` labels can be deleted, `manifest` ones came with the image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Label {
    #[serde(default, deserialize_with = "lenient")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient")]
    pub value: String,
    #[serde(default, deserialize_with = "lenient")]
    pub source_type: String,
    #[serde(default, deserialize_with = "lenient")]
    pub media_type: String,
}

impl Label {
    #[must_use]
    pub fn is_mutable(&self) -> bool {
        self.source_type == "api"
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LabelList {
    #[serde(default, deserialize_with = "lenient")]
    pub labels: Vec<Label>,
}

/// `POST .../labels` answers `{"label": {...}}` (201).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LabelCreated {
    #[serde(default)]
    pub label: Label,
}

/// `PUT .../tag/{tag}` to create or move a tag.
#[derive(Clone, Debug, Serialize)]
pub struct SetTarget<'a> {
    pub manifest_digest: &'a str,
}

/// `PUT .../tag/{tag}` to set (unix seconds) or clear (`null`) the expiration.
#[derive(Clone, Debug, Serialize)]
pub struct SetExpiration {
    pub expiration: Option<i64>,
}

/// `POST .../labels`.
#[derive(Clone, Debug, Serialize)]
pub struct NewLabel<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub media_type: &'a str,
}

/// Label media types Quay accepts.
pub const LABEL_MEDIA_TYPES: [&str; 2] = ["text/plain", "application/json"];

/// Why a tag name breaks Quay's rule `^[\w][\w.-]{0,127}$`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooLong(usize),
    BadFirst(char),
    BadChar(char),
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Quay's tag name rule: a letter, digit or `_`, then up to 127 of those, `.` or `-`.
///
/// # Errors
/// The first problem found.
pub fn check_tag_name(name: &str) -> Result<(), NameProblem> {
    let mut chars = name.chars();
    let first = chars.next().ok_or(NameProblem::Empty)?;
    if !word(first) {
        return Err(NameProblem::BadFirst(first));
    }
    if let Some(bad) = chars.find(|c| !(word(*c) || *c == '.' || *c == '-')) {
        return Err(NameProblem::BadChar(bad));
    }
    let count = name.chars().count();
    if count > 128 {
        return Err(NameProblem::TooLong(count));
    }
    Ok(())
}

/// A manifest digest as Quay accepts it: `algorithm:hex` (`sha256:` + 64 hex for SHA-256).
#[must_use]
pub fn valid_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+.-".contains(c));
    let hex_ok = !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    let length_ok = algorithm != "sha256" || hex.len() == 64;
    algorithm_ok && hex_ok && length_ok
}

/// Why a label key breaks Quay's rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelKeyProblem {
    Empty,
    TooLong,
    /// `com.docker.`, `io.docker.`, `org.dockerproject.`
    Reserved(&'static str),
    /// Not `^[a-z0-9](([a-z0-9]|[-.](?![.-]))*[a-z0-9])?$`.
    Format,
}

const RESERVED_LABEL_PREFIXES: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

/// Quay's label key rule: lower-case letters and digits, single `.` or `-` between them, ≤ 255.
///
/// # Errors
/// The problem found.
pub fn check_label_key(key: &str) -> Result<(), LabelKeyProblem> {
    if key.is_empty() {
        return Err(LabelKeyProblem::Empty);
    }
    if let Some(prefix) = RESERVED_LABEL_PREFIXES
        .iter()
        .find(|p| key.starts_with(**p))
    {
        return Err(LabelKeyProblem::Reserved(prefix));
    }
    if key.len() > 255 {
        return Err(LabelKeyProblem::TooLong);
    }
    let bytes = key.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let sep = |b: &u8| *b == b'-' || *b == b'.';
    let ok = bytes.first().is_some_and(alnum)
        && bytes.last().is_some_and(alnum)
        && bytes.iter().all(|b| alnum(b) || sep(b))
        && !bytes.windows(2).any(|w| w.iter().all(sep));
    if ok {
        Ok(())
    } else {
        Err(LabelKeyProblem::Format)
    }
}

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
    needle.is_empty() || name.to_lowercase().contains(&needle.to_lowercase())
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

/// A column to sort the loaded tags by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Digest,
    Size,
    Modified,
    Expiration,
    Kind,
}

/// A sort as kept in the URL: `name`, `-size` (descending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl SortKey {
    pub const ALL: [Self; 6] = [
        Self::Name,
        Self::Digest,
        Self::Size,
        Self::Modified,
        Self::Expiration,
        Self::Kind,
    ];

    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Digest => "digest",
            Self::Size => "size",
            Self::Modified => "modified",
            Self::Expiration => "expiration",
            Self::Kind => "kind",
        }
    }
}

impl Sort {
    /// Reads `name`, `-size`, ...; anything else is "no sort" (Quay's order).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (descending, slug) = text.strip_prefix('-').map_or((false, text), |s| (true, s));
        SortKey::ALL
            .into_iter()
            .find(|k| k.slug() == slug)
            .map(|key| Self { key, descending })
    }

    #[must_use]
    pub fn to_param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.key.slug()
        )
    }

    /// The next sort when a column header is clicked: ascending, descending, then Quay's order.
    #[must_use]
    pub fn cycle(current: Option<Self>, key: SortKey) -> Option<Self> {
        match current {
            Some(s) if s.key == key && !s.descending => Some(Self {
                key,
                descending: true,
            }),
            Some(s) if s.key == key => None,
            _ => Some(Self {
                key,
                descending: false,
            }),
        }
    }
}

/// Sorts tags by a column; tags without a value (no size, no expiration) come last either way,
/// ties keep their order (Quay's, newest first).
pub fn sort_tags(tags: &mut [Tag], sort: Sort) {
    let last_if_none = |a: Option<i64>, b: Option<i64>, desc: bool| match (a, b) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let size = |t: &Tag| t.size.and_then(|s| i64::try_from(s).ok());
    let desc = sort.descending;
    tags.sort_by(|a, b| {
        let ord = match sort.key {
            SortKey::Name => natural_cmp(&a.name, &b.name),
            SortKey::Digest => a.manifest_digest.cmp(&b.manifest_digest),
            SortKey::Kind => a.is_manifest_list.cmp(&b.is_manifest_list),
            SortKey::Modified => a.start_ts.cmp(&b.start_ts),
            SortKey::Size => return last_if_none(size(a), size(b), desc),
            SortKey::Expiration => return last_if_none(a.end_ts, b.end_ts, desc),
        };
        if desc {
            ord.reverse()
        } else {
            ord
        }
    });
}
