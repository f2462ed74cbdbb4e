//! Quay's dates (`Mon, 23 Nov 2026 15:15:22 -0000`) parsed and shown, without a date crate.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses Quay's date format (`Mon, 23 Nov 2026 15:15:22 -0000`) into Unix seconds (UTC).
#[must_use]
pub fn parse_quay_date(text: &str) -> Option<i64> {
    let mut parts: Vec<&str> = text.split_whitespace().collect();
    if parts.first().is_some_and(|p| p.ends_with(',')) {
        parts.remove(0);
    }
    let [day, month, year, time, rest @ ..] = parts.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let month = i64::try_from(MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?).ok()? + 1;
    let year: i64 = year.parse().ok()?;
    let mut hms = time.split(':').map(str::parse::<i64>);
    let (h, m, s) = (
        hms.next()?.ok()?,
        hms.next()?.ok()?,
        hms.next().unwrap_or(Ok(0)).ok()?,
    );
    if !(1..=31).contains(&day)
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let offset = match rest.first() {
        Some(tz) if tz.len() == 5 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let hh: i64 = tz.get(1..3)?.parse().ok()?;
            let mm: i64 = tz.get(3..5)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
        _ => 0,
    };
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - offset)
}

/// `2026-11-23 15:15 UTC`.
#[must_use]
pub fn format_date(ts: i64) -> String {
    let (y, mo, d) = civil_from_days(ts.div_euclid(86_400));
    let secs = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let ts = parse_quay_date("Mon, 23 Nov 2026 15:15:22 -0000");
        assert_eq!(ts, Some(1_795_446_922));
        assert_eq!(format_date(1_795_446_922), "2026-11-23 15:15 UTC");
        assert_eq!(parse_quay_date("23 Nov 2026 16:15:22 +0100"), ts);
        assert_eq!(parse_quay_date("garbage"), None);
        assert_eq!(parse_quay_date("Mon, 99 Nov 2026 15:15:22 -0000"), None);
        assert_eq!(format_date(0), "1970-01-01 00:00 UTC");
    }
}
