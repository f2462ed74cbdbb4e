//! Percent-encoding and query-string helpers (RFC 3986), written out so the host tests cover them.

/// Encodes a string for use as one URL component (path segment or query value). A whole `.` or
/// `..` becomes `%2E` / `%2E%2E`: as a path segment it would otherwise be a dot-segment, which
/// browsers and Quay's routing resolve away (`/repository/ns/../tag/` names another resource).
#[must_use]
pub fn encode(input: &str) -> String {
    if input == "." || input == ".." {
        return "%2E".repeat(input.len());
    }
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            other => {
                out.push('%');
                out.push(hex_digit(other >> 4));
                out.push(hex_digit(other & 0x0f));
            }
        }
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16)
        .unwrap_or('0')
        .to_ascii_uppercase()
}

/// Decodes a percent-encoded component; `plus_is_space` for `application/x-www-form-urlencoded`.
/// Invalid escapes are kept as they are, invalid UTF-8 is replaced: never fails.
#[must_use]
pub fn decode(input: &str, plus_is_space: bool) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|c| char::from(*c).to_digit(16));
                let lo = bytes.get(i + 2).and_then(|c| char::from(*c).to_digit(16));
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                    i += 3;
                    continue;
                }
                out.push(b);
            }
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `a=1&b=two` (with or without a leading `?` or `#`) into decoded pairs, in order.
#[must_use]
pub fn parse_query(input: &str) -> Vec<(String, String)> {
    input
        .trim_start_matches(['?', '#'])
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(key, true), decode(value, true))
        })
        .collect()
}

/// The first value of `key` in parsed pairs.
#[must_use]
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Builds `?a=1&b=2` from pairs, skipping empty values; empty string when nothing is left.
#[must_use]
pub fn build_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if value.as_ref().is_empty() {
            continue;
        }
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&encode(key.as_ref()));
        out.push('=');
        out.push_str(&encode(value.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_odd_text() {
        for text in ["a b", "like:lat", "ü/ß?&=#%", "", "gAAAA==", "日本語"] {
            assert_eq!(decode(&encode(text), false), text);
        }
    }

    #[test]
    fn dot_segments_are_never_left_as_they_are() {
        assert_eq!(encode("."), "%2E");
        assert_eq!(encode(".."), "%2E%2E");
        assert_eq!(decode(&encode(".."), false), "..");
        // Dots inside a name are ordinary characters.
        assert_eq!(encode("v1.0"), "v1.0");
        assert_eq!(encode("..."), "...");
        assert_eq!(crate::api::seg(".."), "%2E%2E");
    }

    #[test]
    fn decode_never_fails_on_broken_escapes() {
        assert_eq!(decode("%zz%4", false), "%zz%4");
        assert_eq!(decode("a+b", true), "a b");
        assert_eq!(decode("a+b", false), "a+b");
    }

    #[test]
    fn query_pairs() {
        let pairs = parse_query("?scope=repo%3Aread+user%3Aread&state=xyz&flag");
        assert_eq!(get(&pairs, "scope"), Some("repo:read user:read"));
        assert_eq!(get(&pairs, "state"), Some("xyz"));
        assert_eq!(get(&pairs, "flag"), Some(""));
        assert_eq!(get(&pairs, "missing"), None);
        assert_eq!(
            build_query(&[("a", "x y"), ("b", ""), ("c", "1")]),
            "?a=x%20y&c=1"
        );
    }
}
