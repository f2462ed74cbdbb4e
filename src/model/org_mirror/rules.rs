//! Quay's rules on single fields of the organization mirror form (see [`super::form`]).

use super::form::FormProblem;
use crate::model::mirrors::time::unix;

/// `2030-01-01T00:00:00.123456Z` → `2030-01-01T00:00:00Z` (what Quay's POST and PUT accept).
#[must_use]
pub fn whole_seconds(iso: &str) -> String {
    match iso.split_once('.') {
        Some((head, _)) if iso.ends_with('Z') => format!("{head}Z"),
        _ => iso.to_owned(),
    }
}

/// Quay's `strptime("%Y-%m-%dT%H:%M:%SZ")`: exactly that, and a real date.
#[must_use]
pub fn valid_start_date(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    shape
        && match (
            num(0..4),
            num(5..7),
            num(8..10),
            num(11..13),
            num(14..16),
            num(17..19),
        ) {
            (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) => {
                unix(i64::from(y), mo, d, h, mi, s).is_some() && s < 60
            }
            _ => false,
        }
}

/// `http(s)://host[:port][/path]`.
///
/// # Errors
/// The first problem found.
pub fn check_url(url: &str) -> Result<(), FormProblem> {
    let url = url.trim();
    if url.is_empty() {
        return Err(FormProblem::UrlMissing);
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(FormProblem::UrlScheme);
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(FormProblem::UrlScheme);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && !url.chars().any(char::is_whitespace)
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    if host_ok && port_ok {
        Ok(())
    } else {
        Err(FormProblem::UrlInvalid)
    }
}

/// `org+name` of this organization.
///
/// # Errors
/// Missing, or of another namespace.
pub fn check_robot(robot: &str, org: &str) -> Result<(), FormProblem> {
    let robot = robot.trim();
    if robot.is_empty() {
        return Err(FormProblem::RobotMissing);
    }
    match robot.split_once('+') {
        Some((ns, name)) if ns == org && !name.is_empty() => Ok(()),
        _ => Err(FormProblem::RobotForeign),
    }
}

/// Globs separated by commas or new lines, trimmed, empty ones dropped.
#[must_use]
pub fn split_filters(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
