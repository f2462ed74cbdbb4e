//! Quay's dates (`Mon, 23 Nov 2026 15:15:46 -0000` and ISO 8601) as unix seconds, shown in UTC,
//! and where a token stands against its expiration. Written out (no chrono in the console).

/// Where a token stands against its expiration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    Never,
    Expired,
    /// Within [`SOON_SECONDS`].
    Soon,
    Later,
    /// The date could not be read.
    Unknown,
}

/// Quay's "expiring" window: a tenth of the default four-week token lifetime.
pub const SOON_SECONDS: i64 = 4 * 7 * 86_400 / 10;

/// The expiry status of `expiration` (Quay's date format) at `now` (unix seconds).
#[must_use]
pub fn expiry(expiration: Option<&str>, now: i64) -> Expiry {
    let Some(text) = expiration.filter(|t| !t.trim().is_empty()) else {
        return Expiry::Never;
    };
    match parse_date(text) {
        None => Expiry::Unknown,
        Some(at) if at <= now => Expiry::Expired,
        Some(at) if at - now <= SOON_SECONDS => Expiry::Soon,
        Some(_) => Expiry::Later,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses Quay's dates into unix seconds: `Mon, 23 Nov 2026 15:15:46 -0000` (RFC 2822, any
/// offset) or ISO 8601 `2026-11-23T15:15:46[.fff][Z|+hh:mm]`.
#[must_use]
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.as_bytes().get(4) == Some(&b'-') {
        return parse_iso(text);
    }
    let rest = text.split_once(',').map_or(text, |(_, r)| r).trim();
    let mut parts = rest.split_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
    let year: i64 = parts.next()?.parse().ok()?;
    let secs = parse_hms(parts.next()?)?;
    let offset = parts.next().map_or(Some(0), parse_offset)?;
    let month = i64::try_from(month).ok()? + 1;
    Some(days_from_civil(year, month, day)? * 86_400 + secs - offset)
}

fn parse_iso(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(['T', ' ']).unwrap_or((text, "00:00:00"));
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (time.get(..i)?, parse_offset(time.get(i..)?)?),
        None => (time, 0),
    };
    let clock = clock.split('.').next().unwrap_or(clock);
    Some(days_from_civil(year, month, day)? * 86_400 + parse_hms(clock)? - offset)
}

fn parse_hms(text: &str) -> Option<i64> {
    let mut p = text.split(':');
    let h: i64 = p.next()?.parse().ok()?;
    let m: i64 = p.next()?.parse().ok()?;
    let s: i64 = p.next().map_or(Some(0), |s| s.parse().ok())?;
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..=60).contains(&s))
        .then_some(h * 3600 + m * 60 + s)
}

/// `Z`, `-0000`, `+0200`, `+02:00` → seconds east of UTC.
fn parse_offset(text: &str) -> Option<i64> {
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("gmt") || text == "UTC" {
        return Some(0);
    }
    let sign = match text.get(..1)? {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    let digits: String = text
        .get(1..)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let h: i64 = digits.get(..2)?.parse().ok()?;
    let m: i64 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    Some(sign * (h * 3600 + m * 60))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `2026-11-23 15:15 UTC` for unix seconds.
#[must_use]
pub fn format_utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("Mon, 23 Nov 2026 15:15:46 -0000"),
            Some(1_795_446_946)
        );
        assert_eq!(parse_date("2026-11-23T15:15:46Z"), Some(1_795_446_946));
        assert_eq!(
            parse_date("2026-11-23T17:15:46.123+02:00"),
            Some(1_795_446_946)
        );
        assert_eq!(
            parse_date("Mon, 23 Nov 2026 16:15:46 +0100"),
            Some(1_795_446_946)
        );
        assert_eq!(parse_date("garbage"), None);
        assert_eq!(parse_date("Mon, 32 Foo 2026 15:15:46 -0000"), None);
        assert_eq!(format_utc(1_795_446_946), "2026-11-23 15:15 UTC");
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
    }

    #[test]
    fn expiry_states() {
        let now = 1_795_446_946;
        assert_eq!(expiry(None, now), Expiry::Never);
        assert_eq!(
            expiry(Some("Mon, 23 Nov 2026 15:15:46 -0000"), now),
            Expiry::Expired
        );
        assert_eq!(
            expiry(Some("Tue, 24 Nov 2026 15:15:46 -0000"), now),
            Expiry::Soon
        );
        assert_eq!(
            expiry(Some("Tue, 24 Nov 2027 15:15:46 -0000"), now),
            Expiry::Later
        );
        assert_eq!(expiry(Some("soon"), now), Expiry::Unknown);
    }
}
