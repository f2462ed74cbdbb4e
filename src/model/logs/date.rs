//! Calendar days and Quay's date formats, by hand (no chrono in the console).
//!
//! * [`Day`]: a UTC calendar day, counted from 1970-01-01; the filter's `YYYY-MM-DD` and Quay's
//!   `MM/DD/YYYY` query format.
//! * [`parse_quay_datetime`]: Quay's `Mon, 23 Nov 2026 15:16:31 -0000` into Unix seconds.

use std::fmt;

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;

/// A UTC calendar day: days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
#[must_use]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count (the inverse of [`days_from_civil`]).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses exactly `digits` ASCII digits.
fn number(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl Day {
    /// The day holding a Unix time in seconds.
    #[must_use]
    pub fn of_seconds(seconds: i64) -> Self {
        Self(seconds.div_euclid(DAY_SECONDS))
    }

    /// A valid calendar date, or `None`.
    #[must_use]
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then(|| Self(days_from_civil(year, month, day)))
    }

    /// `YYYY-MM-DD` (what `<input type="date">` gives), strictly.
    #[must_use]
    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Self::from_ymd(i64::from(number(y, 4)?), number(m, 2)?, number(d, 2)?)
    }

    #[must_use]
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// `YYYY-MM-DD`.
    #[must_use]
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `MM/DD/YYYY`, the format of Quay's `starttime` / `endtime`.
    #[must_use]
    pub fn mdy(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{m:02}/{d:02}/{y:04}")
    }

    /// Unix seconds of this day's midnight UTC.
    #[must_use]
    pub fn start_seconds(self) -> i64 {
        self.0 * DAY_SECONDS
    }

    #[must_use]
    pub fn plus(self, days: i64) -> Self {
        Self(self.0 + days)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Quay's `format_date` (RFC 2822: `Mon, 23 Nov 2026 15:16:31 -0000`) into Unix seconds.
/// The weekday is optional and not checked; the zone may be `-0000`, `+0100`, `GMT` or `UTC`.
#[must_use]
pub fn parse_quay_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
    let mut parts = text.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_name.starts_with(m))?;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next().unwrap_or("00:00:00").split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next().unwrap_or("0").parse().ok()?;
    let second: i64 = clock.next().unwrap_or("0").parse().ok()?;
    let offset = zone_offset_seconds(parts.next().unwrap_or("-0000"))?;
    let date = Day::from_ymd(year, u32::try_from(month).ok()? + 1, day)?;
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) || !(0..=60).contains(&second) {
        return None;
    }
    Some(date.start_seconds() + hour * 3600 + minute * 60 + second - offset)
}

fn zone_offset_seconds(zone: &str) -> Option<i64> {
    if matches!(zone.to_ascii_uppercase().as_str(), "GMT" | "UTC" | "Z") {
        return Some(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, zone.get(1..)?),
        b'-' => (-1, zone.get(1..)?),
        _ => return None,
    };
    let hours = i64::from(number(digits.get(0..2)?, 2)?);
    let minutes = i64::from(number(digits.get(2..4)?, 2)?);
    Some(sign * (hours * 3600 + minutes * 60))
}

/// `YYYY-MM-DD HH:MM:SS` in UTC.
#[must_use]
pub fn format_utc(seconds: i64) -> String {
    let day = Day::of_seconds(seconds);
    let rest = seconds.rem_euclid(DAY_SECONDS);
    format!(
        "{} {:02}:{:02}:{:02}",
        day.iso(),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ` (for CSV).
#[must_use]
pub fn format_iso8601(seconds: i64) -> String {
    format_utc(seconds).replacen(' ', "T", 1) + "Z"
}

/// A Unix time found in log metadata, in seconds or (as some Quay kinds store it) milliseconds.
#[must_use]
pub fn metadata_time(value: f64) -> Option<i64> {
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let seconds = if value > 1e11 { value / 1000.0 } else { value };
    #[allow(clippy::cast_possible_truncation)]
    let seconds = seconds as i64;
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 60, 20_780, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(Day::parse_iso("1970-01-01"), Some(Day(0)));
        assert_eq!(
            Day::parse_iso("2026-11-23").map(Day::mdy).as_deref(),
            Some("11/23/2026")
        );
    }

    #[test]
    fn strict_iso() {
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "26-11-23",
            "2026-1-02",
            "2026-11-23-1",
            "x",
        ] {
            assert_eq!(Day::parse_iso(bad), None, "{bad}");
        }
        assert!(Day::parse_iso("2024-02-29").is_some());
        assert!(Day::parse_iso("2023-02-29").is_none());
    }

    #[test]
    fn quay_dates() {
        let t = parse_quay_datetime("Mon, 23 Nov 2026 15:16:31 -0000").unwrap_or_default();
        assert_eq!(format_utc(t), "2026-11-23 15:16:31");
        assert_eq!(format_iso8601(t), "2026-11-23T15:16:31Z");
        let shifted = parse_quay_datetime("Mon, 23 Nov 2026 16:16:31 +0100");
        assert_eq!(shifted, Some(t));
        assert_eq!(parse_quay_datetime("23 Nov 2026 15:16:31 GMT"), Some(t));
        for bad in [
            "",
            "Mon, 31 Feb 2026 00:00:00 -0000",
            "Mon, 1 Foo 2026",
            "Mon, 1 Nov 2026 25:00:00 -0000",
        ] {
            assert_eq!(parse_quay_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn metadata_times() {
        assert_eq!(metadata_time(1_795_706_106_807.0), Some(1_795_706_106));
        assert_eq!(metadata_time(1_796_656_405.0), Some(1_796_656_405));
        assert_eq!(metadata_time(f64::NAN), None);
        assert_eq!(metadata_time(-5.0), None);
    }
}
