//! The browser's clock and time zone (through `js_sys::Date` / `Intl`), for showing Quay's UTC
//! dates in local time and reading `<input type="datetime-local">`.

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::{lang, t, tf};
use crate::model::mirrors::time::{approx, IntervalUnit};

/// Unix seconds now.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn now() -> i64 {
    (Date::now() / 1000.0).floor() as i64
}

#[allow(clippy::cast_precision_loss)]
fn date(secs: i64) -> Date {
    Date::new(&JsValue::from_f64(secs as f64 * 1000.0))
}

/// `YYYY-MM-DDTHH:MM` in local time, the value of a `datetime-local` input.
#[must_use]
pub fn to_local_input(secs: i64) -> String {
    let d = date(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Reads a `datetime-local` value (local time) into unix seconds.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn from_local_input(text: &str) -> Option<i64> {
    let (day, clock) = text.trim().split_once('T')?;
    let mut d = day.split('-').map(str::parse::<i32>);
    let (year, month, dom) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let mut c = clock.split(':').map(str::parse::<i32>);
    let (hour, minute) = (c.next()?.ok()?, c.next()?.ok()?);
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&dom)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute);
    let year = u32::try_from(year).ok().filter(|_| valid)?;
    let ms = Date::new_with_year_month_day_hr_min(year, month - 1, dom, hour, minute).get_time();
    ms.is_finite().then(|| (ms / 1000.0).floor() as i64)
}

/// A date and time in the reader's language and time zone.
#[must_use]
pub fn local(secs: i64) -> String {
    String::from(date(secs).to_locale_string(lang().code, &JsValue::UNDEFINED))
}

/// The browser's time zone name (`Europe/Paris`), or an empty string.
#[must_use]
pub fn zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A unit's short word (`h`, `d`).
#[must_use]
pub fn unit_word(unit: IntervalUnit) -> &'static str {
    match unit {
        IntervalUnit::Seconds => t("mirrors.unit.seconds"),
        IntervalUnit::Minutes => t("mirrors.unit.minutes"),
        IntervalUnit::Hours => t("mirrors.unit.hours"),
        IntervalUnit::Days => t("mirrors.unit.days"),
        IntervalUnit::Weeks => t("mirrors.unit.weeks"),
    }
}

/// "in 3 hours" / "2 days ago" / "now".
#[must_use]
pub fn relative(secs: i64, now: i64) -> String {
    let delta = secs - now;
    if delta.abs() < 60 {
        return t("mirrors.time.now").to_owned();
    }
    let (n, unit) = approx(delta.unsigned_abs());
    let args = [("n", n.to_string()), ("unit", unit_word(unit).to_owned())];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if delta > 0 {
        tf("mirrors.time.in", &args)
    } else {
        tf("mirrors.time.ago", &args)
    }
}

/// "3 h ago (11/23/2026, 3:13:25 PM)"-style text: local date with the distance from now.
#[must_use]
pub fn local_and_relative(secs: i64) -> String {
    format!("{} ({})", local(secs), relative(secs, now()))
}

/// An interval in words: "every 2 h".
#[must_use]
pub fn every(secs: u64) -> String {
    let (n, unit) = IntervalUnit::split(secs);
    tf(
        "mirrors.every",
        &[("n", &n.to_string()), ("unit", unit_word(unit))],
    )
}
