//! Quay's date formats and sync intervals, in plain arithmetic (no chrono in the console).
//!
//! * mirror configs: ISO 8601 in UTC, `2030-01-01T00:00:00Z` on the way in (Quay's `strptime`
//!   accepts exactly that), sometimes with microseconds on the way out;
//! * log entries: `Mon, 23 Nov 2026 15:16:31 -0000`;
//! * log queries: `MM/DD/YYYY` (UTC).

// The calendar arithmetic is the log view's (one implementation for the console).
use crate::model::logs::date::days_in_month;
pub use crate::model::logs::date::{civil_from_days, days_from_civil};

fn digits(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Unix seconds of a valid civil date and time, else `None`.
#[must_use]
pub fn unix(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400
            + i64::from(hour) * 3_600
            + i64::from(minute) * 60
            + i64::from(second)
    })
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)` (what Quay sends) into unix seconds.
#[must_use]
pub fn parse_iso(text: &str) -> Option<i64> {
    let text = text.trim();
    let body = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))?;
    let (date, clock) = body.split_once('T')?;
    let mut d = date.split('-');
    let (year, month, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || year.len() != 4 {
        return None;
    }
    let clock = match clock.split_once('.') {
        Some((whole, fraction))
            if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        Some(_) => return None,
        None => clock,
    };
    let mut c = clock.split(':');
    let (hour, minute, second) = (c.next()?, c.next()?, c.next().unwrap_or("00"));
    if c.next().is_some() {
        return None;
    }
    unix(
        i64::from(digits(year)?),
        digits(month)?,
        digits(day)?,
        digits(hour)?,
        digits(minute)?,
        digits(second)?,
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the only form Quay's `sync_start_date` accepts.
#[must_use]
pub fn format_iso(secs: i64) -> String {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// `MM/DD/YYYY` (UTC) of a timestamp, the logs endpoints' date format.
#[must_use]
pub fn mdy(secs: i64) -> String {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    format!("{month:02}/{day:02}/{year:04}")
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses Quay's log date `Mon, 23 Nov 2026 15:16:31 -0000` (offset honoured) into unix seconds.
#[must_use]
pub fn parse_http_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let rest = text.split_once(", ").map_or(text, |(_, r)| r);
    let mut parts = rest.split_whitespace();
    let day = digits(parts.next()?)?;
    let month_name = parts.next()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_name))
        .and_then(|i| u32::try_from(i + 1).ok())?;
    let year = i64::from(digits(parts.next()?)?);
    let mut clock = parts.next()?.split(':');
    let (hour, minute, second) = (
        digits(clock.next()?)?,
        digits(clock.next()?)?,
        digits(clock.next().unwrap_or("00"))?,
    );
    let offset = match parts.next() {
        None | Some("GMT" | "UTC") => 0,
        Some(zone) => {
            let sign = match zone.get(..1) {
                Some("+") => 1,
                Some("-") => -1,
                _ => return None,
            };
            let hh = i64::from(digits(zone.get(1..3)?)?);
            let mm = i64::from(digits(zone.get(3..5)?)?);
            sign * (hh * 3_600 + mm * 60)
        }
    };
    unix(year, month, day, hour, minute, second).map(|t| t - offset)
}

/// The units a sync interval is edited in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IntervalUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl IntervalUnit {
    pub const ALL: [Self; 5] = [
        Self::Seconds,
        Self::Minutes,
        Self::Hours,
        Self::Days,
        Self::Weeks,
    ];

    #[must_use]
    pub fn seconds(self) -> u64 {
        match self {
            Self::Seconds => 1,
            Self::Minutes => 60,
            Self::Hours => 3_600,
            Self::Days => 86_400,
            Self::Weeks => 604_800,
        }
    }

    /// Stable identifier (form values, URL).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seconds => "seconds",
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
            Self::Weeks => "weeks",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == text)
    }

    /// The largest unit that divides `secs` exactly, and the count (`86400` → `(1, Days)`).
    #[must_use]
    pub fn split(secs: u64) -> (u64, Self) {
        if secs == 0 {
            return (0, Self::Hours);
        }
        Self::ALL
            .into_iter()
            .rev()
            .find(|u| secs.is_multiple_of(u.seconds()))
            .map_or((secs, Self::Seconds), |u| (secs / u.seconds(), u))
    }
}

/// A duration in words-ready parts for the biggest fitting unit, rounding down
/// (`5400` → `(1, Hours)`), for "next sync in 1 hour".
#[must_use]
pub fn approx(secs: u64) -> (u64, IntervalUnit) {
    IntervalUnit::ALL
        .into_iter()
        .rev()
        .find(|u| secs >= u.seconds())
        .map_or((secs, IntervalUnit::Seconds), |u| (secs / u.seconds(), u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        assert_eq!(parse_iso("2030-01-01T00:00:00Z"), Some(1_893_456_000));
        assert_eq!(format_iso(1_893_456_000), "2030-01-01T00:00:00Z");
        assert_eq!(
            parse_iso("2026-11-23T15:13:25.233774Z"),
            Some(1_795_446_805)
        );
        assert_eq!(parse_iso("2026-11-23T15:13:25+00:00"), Some(1_795_446_805));
        assert_eq!(parse_iso("2026-11-23T15:13Z"), Some(1_795_446_780));
        for bad in [
            "",
            "2030-01-01",
            "2030-13-01T00:00:00Z",
            "2030-02-30T00:00:00Z",
            "2030-01-01T24:00:00Z",
            "2030-01-01T00:00:00",
            "x030-01-01T00:00:00Z",
            "2030-01-01T00:00:00.abcZ",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(format_iso(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn log_dates() {
        assert_eq!(
            parse_http_date("Mon, 23 Nov 2026 15:13:25 -0000"),
            Some(1_795_446_805)
        );
        assert_eq!(
            parse_http_date("Mon, 23 Nov 2026 17:13:25 +0200"),
            Some(1_795_446_805)
        );
        assert_eq!(
            parse_http_date("23 Nov 2026 15:13:25 GMT"),
            Some(1_795_446_805)
        );
        assert_eq!(parse_http_date("Mon, 23 Foo 2026 15:13:25 -0000"), None);
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(mdy(1_795_446_805), "11/23/2026");
    }

    #[test]
    fn leap_years() {
        assert!(unix(2028, 2, 29, 0, 0, 0).is_some());
        assert!(unix(2100, 2, 29, 0, 0, 0).is_none());
        assert!(unix(2000, 2, 29, 0, 0, 0).is_some());
    }

    #[test]
    fn interval_units() {
        assert_eq!(IntervalUnit::split(86_400), (1, IntervalUnit::Days));
        assert_eq!(IntervalUnit::split(7_200), (2, IntervalUnit::Hours));
        assert_eq!(IntervalUnit::split(1_209_600), (2, IntervalUnit::Weeks));
        assert_eq!(IntervalUnit::split(90), (90, IntervalUnit::Seconds));
        assert_eq!(IntervalUnit::split(0), (0, IntervalUnit::Hours));
        assert_eq!(approx(5_400), (1, IntervalUnit::Hours));
        assert_eq!(approx(59), (59, IntervalUnit::Seconds));
        for u in IntervalUnit::ALL {
            assert_eq!(IntervalUnit::parse(u.as_str()), Some(u));
        }
    }
}
