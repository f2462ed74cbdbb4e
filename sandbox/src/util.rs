//! Small helpers shared by every area: clock, Quay's date formats, random strings, avatars, paging tokens.

use rand::Rng;
use serde_json::{json, Value};
use time::{macros::format_description, Date, OffsetDateTime};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn datetime(ts: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Quay's date format (`Mon, 23 Nov 2026 15:13:25 -0000`), used by tags, robots, logs, tokens.
pub fn http_date(ts: i64) -> String {
    let fmt = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] -0000"
    );
    datetime(ts).format(&fmt).unwrap_or_default()
}

/// ISO 8601 with a `Z` (`2026-11-23T15:13:25Z`), as used by mirror configs.
pub fn iso_date(ts: i64) -> String {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    datetime(ts).format(&fmt).unwrap_or_default()
}

/// `MM/DD/YYYY` (UTC) of a timestamp, the logs endpoints' date format.
pub fn mdy(ts: i64) -> String {
    let fmt = format_description!("[month]/[day]/[year]");
    datetime(ts).format(&fmt).unwrap_or_default()
}

/// Parses `MM/DD/YYYY` into the timestamp of that day's midnight UTC.
pub fn parse_mdy(text: &str) -> Option<i64> {
    let fmt = format_description!("[month]/[day]/[year]");
    let date = Date::parse(text.trim(), &fmt).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// Midnight UTC of the day holding `ts`.
pub fn day_start(ts: i64) -> i64 {
    ts - ts.rem_euclid(86_400)
}

const ALNUM_UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM_MIXED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_from(rng: &mut impl Rng, alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| {
            let i = rng.gen_range(0..alphabet.len());
            alphabet.get(i).copied().map_or('0', char::from)
        })
        .collect()
}

/// Upper-case letters and digits, like Quay's client ids, secrets and robot tokens.
pub fn random_upper(rng: &mut impl Rng, len: usize) -> String {
    random_from(rng, ALNUM_UPPER, len)
}

/// Mixed-case letters and digits, like Quay's OAuth access tokens.
pub fn random_token(len: usize) -> String {
    random_from(&mut rand::thread_rng(), ALNUM_MIXED, len)
}

/// A random UUID v4 string.
pub fn uuid(rng: &mut impl Rng) -> String {
    let b: [u8; 16] = rng.gen();
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let variant = ["8", "9", "a", "b"];
    format!(
        "{}-{}-4{}-{}{}-{}",
        hex.get(0..8).unwrap_or_default(),
        hex.get(8..12).unwrap_or_default(),
        hex.get(13..16).unwrap_or_default(),
        variant
            .get(usize::from(b.get(8).copied().unwrap_or(0) & 3))
            .copied()
            .unwrap_or("8"),
        hex.get(17..20).unwrap_or_default(),
        hex.get(20..32).unwrap_or_default(),
    )
}

/// A `sha256:` digest that looks real, derived from a seed string (stable across runs).
pub fn fake_digest(seed: &str) -> String {
    format!("sha256:{}", fake_hash(seed))
}

/// 64 hex characters derived from `seed` (FNV-1a, four lanes): stable, not cryptographic.
pub fn fake_hash(seed: &str) -> String {
    (0u64..4)
        .map(|lane| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ lane.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for byte in seed.bytes() {
                h ^= u64::from(byte);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .collect()
}

const COLORS: &[&str] = &[
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#dbdb8d", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#31a354", "#8c6d31", "#ad494a",
];

/// Avatar hash and colour for a name: the recorded ones where known, derived ones otherwise.
pub fn avatar_parts(name: &str) -> (String, String) {
    if let Some((_, hash, color)) = KNOWN_AVATARS.iter().find(|(n, _, _)| *n == name) {
        return ((*hash).to_owned(), (*color).to_owned());
    }
    let hash = fake_hash(name);
    let idx = usize::from_str_radix(hash.get(0..2).unwrap_or("0"), 16).unwrap_or(0) % COLORS.len();
    (
        hash,
        COLORS.get(idx).copied().unwrap_or("#969696").to_owned(),
    )
}

/// `{"name","hash","color","kind"}` as Quay renders avatars (`kind`: user, org, robot, team).
pub fn avatar(name: &str, kind: &str) -> Value {
    let (hash, color) = avatar_parts(name);
    json!({"name": name, "hash": hash, "color": color, "kind": kind})
}

const KNOWN_AVATARS: &[(&str, &str, &str)] = &[
    // buynlarge's team (org_prototypes_list.json)
    (
        "readers",
        "e2257349c139799fafab4f3e96e068da96773117c4f108f122343ddb19a249ed",
        "#ff7f0e",
    ),
    (
        "buynlarge+coolrobot",
        "fbe5b431ad5f9cdd39f7359706a3b2dd6e1e8ab7530aceccb1e34a1b3f885a09",
        "#a1d99b",
    ),
    (
        "devtable",
        "94adf3582e0c629956006b1d1f77926e26d998780448cff0340499bd27a3a064",
        "#393b79",
    ),
    (
        "disabled",
        "0a5126f3ae117788fd837f216fe37f8c609692b1b949f6bbb05eafe4e72819ef",
        "#8c564b",
    ),
    (
        "public",
        "230f60c14425cee04345a683d7213fe16c002c3e67a059c98ee4c159dab3cffe",
        "#ffbb78",
    ),
    (
        "freshuser",
        "26ea2c2192bef6f49bf16528687e89d4c2c1ed93295d52afdb917586368abc4b",
        "#d62728",
    ),
    (
        "randomuser",
        "f43f285eb244d904531aa6113949ae2b9e8abe98380d806233ce17b2f00110fd",
        "#393b79",
    ),
    (
        "unverified",
        "4f7f841ecc677600ed57148d736b5cbf598bd1ae97735b5670956be0f36a0e5b",
        "#c7c7c7",
    ),
    (
        "reader",
        "b6ef8d700d042020048aff1fb8a99f9ba3dcc211d4b57908cfcf15b64efe6e3c",
        "#6b6ecf",
    ),
    (
        "creator",
        "657e1ebb15e4f7be15237eface2abdafa2c6a5adec76da78b6e1137b51aa6d6f",
        "#98df8a",
    ),
    (
        "member",
        "fc5d847aca5985b0852ad25b92a90d5c12ff7b839d22835e8395e93b927b7596",
        "#8c6d31",
    ),
    (
        "outsideorg",
        "55400b31b15548492b99f39e5540c3dc80f8e911d5e332cae0e0f3a23c7e961d",
        "#5254a3",
    ),
    (
        "buynlarge",
        "f9a899918948034278719f9ba5eec74817c2d41efb16b99c9109858ad0f71dc3",
        "#31a354",
    ),
    (
        "testorgforautoprune",
        "2f556c602def76e4856b5c67e82690a55f9b693eb818cbc9edb8018013afc844",
        "#c7c7c7",
    ),
    (
        "library",
        "0eed90d4d1538f9584ff6dcff764141bc9fb6ea2fd60d64c000d68ab0969b833",
        "#7f7f7f",
    ),
    (
        "titi",
        "744a960f25e23e5f9f3eb0a39df69af82e7451a04b53bcbf21b5aba4d3918d7d",
        "#393b79",
    ),
    (
        "sellnsmall",
        "765f10127b62e13feb6432b57d8c537a1beb43e7b5e43167f1b56f3ebe4997e3",
        "#6b6ecf",
    ),
    (
        "subscriptionsorg",
        "fdb8c91d604a4f4bc03f7334a15849f0209f079d90b1d7546ab837529f2050cb",
        "#ad494a",
    ),
    (
        "proxyorg",
        "a84c42797abd252b3172ada70c1ac9d2d112d431ae929b0c3710ddbca7edb9d8",
        "#9467bd",
    ),
    (
        "orgwithnosuperuser",
        "aa4f46221f2d6c09d373825f68a158a1be789f3cb1a137c1affc8e625dab7b00",
        "#8c564b",
    ),
    (
        "owners",
        "6f0e3a8c0eb46e8834b43b03374ece43a030621d92a7437beb48f871e90f8d90",
        "#c7c7c7",
    ),
    (
        "creators",
        "20f9ac62a0279206734c206eab38019a6aec36757ad10d5c2a9f5c4306498a86",
        "#969696",
    ),
];

/// An opaque `next_page` token for offset paging. It ends in `==` like Quay's Fernet tokens, so a client
/// that forgets to URL-encode it breaks here as it would against Quay.
pub fn page_token(offset: usize) -> String {
    format!(
        "gAAAAAB{offset:08x}{}==",
        fake_hash(&offset.to_string())
            .get(0..24)
            .unwrap_or_default()
    )
}

/// Reads a token made by [`page_token`]; anything else means "first page", as Quay does.
pub fn parse_page_token(token: Option<&str>) -> usize {
    token
        .and_then(|t| t.strip_prefix("gAAAAAB"))
        .and_then(|t| t.get(0..8))
        .and_then(|hex| usize::from_str_radix(hex, 16).ok())
        .unwrap_or(0)
}

/// Parses a query string (`a=1&b=x+y`) into decoded pairs.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Quay's boolean query parameters: `true`, `1`, `True` count as true.
pub fn truthy(value: Option<&String>) -> bool {
    value.is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// `scheme://host[:port]` the client used to reach us, honouring `X-Forwarded-Proto` and
/// `X-Forwarded-Host` (the sandbox may sit behind nginx).
pub fn request_origin(headers: &axum::http::HeaderMap) -> String {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let proto = get("x-forwarded-proto").unwrap_or_else(|| "http".to_owned());
    let host = get("x-forwarded-host")
        .or_else(|| get("host"))
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{proto}://{host}")
}

/// Escapes text for HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits `scheme://authority/path?query#fragment` into scheme, authority and path ("/" when empty).
fn split_uri(uri: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = uri.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = tail
        .get(..path_end)
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    (!authority.is_empty()).then_some((scheme, authority, path))
}

/// Quay's rule (same scheme and host:port, path starting with the registered one), where the
/// registered origin may also be replaced by the request's own origin, or by the origin of the console
/// served on `--console-port`. The requested URI's query and fragment are ignored (Quay keeps the query
/// on the way back).
pub fn redirect_allowed(registered: &str, requested: &str, request_origin: &str) -> bool {
    let (Some((rs, ra, rp)), Some((qs, qa, qp))) = (split_uri(registered), split_uri(requested))
    else {
        return false;
    };
    let same_origin = rs.eq_ignore_ascii_case(qs) && ra.eq_ignore_ascii_case(qa);
    let own_origin = format!("{qs}://{qa}").eq_ignore_ascii_case(request_origin);
    let console_origin = crate::cross_origin::is_console_origin(&format!("{qs}://{qa}"));
    (same_origin || own_origin || console_origin) && qp.starts_with(rp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(http_date(1_795_446_805), "Mon, 23 Nov 2026 15:13:25 -0000");
        assert_eq!(mdy(1_795_446_805), "11/23/2026");
        assert_eq!(parse_mdy("11/23/2026"), Some(day_start(1_795_446_805)));
        assert_eq!(parse_mdy("23/11/2026"), None);
    }

    #[test]
    fn page_tokens_round_trip() {
        assert_eq!(parse_page_token(Some(&page_token(300))), 300);
        assert_eq!(parse_page_token(Some("junk")), 0);
    }

    #[test]
    fn redirect_rule() {
        let reg = "http://localhost/console/";
        assert!(redirect_allowed(
            reg,
            "http://localhost/console/",
            "http://x:1"
        ));
        assert!(redirect_allowed(
            reg,
            "http://127.0.0.1:9000/console/cb",
            "http://127.0.0.1:9000"
        ));
        assert!(!redirect_allowed(
            reg,
            "http://127.0.0.1:9000/console/",
            "http://127.0.0.1:9001"
        ));
        assert!(!redirect_allowed(
            reg,
            "http://localhost/other/",
            "http://localhost"
        ));
        assert!(!redirect_allowed(
            reg,
            "https://localhost/console/",
            "http://localhost"
        ));
        assert!(!redirect_allowed(
            reg,
            "javascript:alert(1)",
            "http://localhost"
        ));
        // The query and fragment are not part of the path check.
        assert!(redirect_allowed(
            reg,
            "http://localhost/console/?cb=N1",
            "http://x:1"
        ));
        assert!(!redirect_allowed(
            reg,
            "http://localhost/console?x=/console/#/console/",
            "http://x:1"
        ));
        assert!(!redirect_allowed(
            reg,
            "http://localhost/other?next=/console/",
            "http://localhost"
        ));
    }
}
