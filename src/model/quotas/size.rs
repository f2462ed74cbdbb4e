//! Storage sizes as people write them and as Quay shows them.
//!
//! * [`parse_size`]: `"10 GiB"`, `"500 MiB"`, `"2 TiB"`, `"1.5 GB"`, `"10Gi"`, `"1,073,741,824"` (bytes).
//!   Binary units (`KiB`/`Ki` … `EiB`/`Ei`) count in 1024s; decimal ones (`KB`/`K` … `EB`/`E`) in 1000s,
//!   as Quay's own parser (bitmath) does. Case does not matter. Fractions round to the nearest byte.
//! * [`format_bytes`]: one decimal and the largest binary unit, as Quay writes `limit` (`"20.0 GiB"`,
//!   `"2.9 KiB"`); below 1 KiB the exact byte count (`"500 B"`).
//! * [`group_digits`]: `10737418240` → `"10,737,418,240"` for exact figures.

use crate::model::text::FoldCase;

/// The largest size Quay stores (a signed 64-bit column).
pub const MAX_BYTES: u64 = i64::MAX.unsigned_abs();

/// Binary units, smallest first: (symbol, bytes).
const BINARY_UNITS: [(&str, u64); 6] = [
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("PiB", 1 << 50),
    ("EiB", 1 << 60),
];

/// Why a size could not be read; the view turns each into a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SizeError {
    /// Nothing typed.
    Empty,
    /// A minus sign.
    Negative,
    /// The number part is not a number (`"ten GiB"`, `"1,5 GB"`, `"1.2.3"`).
    NotANumber(String),
    /// A unit we do not know (`"10 GiBs"`, `"10 XB"`).
    UnknownUnit(String),
    /// A fraction of a byte (`"1.5"` or `"1.5 B"`).
    FractionalBytes,
    /// Zero bytes: Quay refuses a quota of 0.
    Zero,
    /// More than Quay can store ([`MAX_BYTES`], about 8 EiB).
    TooLarge,
}

/// Bytes per unit, for a unit already lower-cased; `None` when unknown. Units bigger than Quay can
/// store (`ZB`, `YiB`, ...) are known, so that `"2 ZiB"` says "too large" rather than "unknown unit".
fn unit_bytes(unit: &str) -> Option<u128> {
    let decimal = |power: u32| 1000_u128.pow(power);
    let binary = |power: u32| 1_u128 << (10 * power);
    Some(match unit {
        "" | "b" | "byte" | "bytes" => 1,
        "k" | "kb" => decimal(1),
        "m" | "mb" => decimal(2),
        "g" | "gb" => decimal(3),
        "t" | "tb" => decimal(4),
        "p" | "pb" => decimal(5),
        "e" | "eb" => decimal(6),
        "z" | "zb" => decimal(7),
        "y" | "yb" => decimal(8),
        "ki" | "kib" => binary(1),
        "mi" | "mib" => binary(2),
        "gi" | "gib" => binary(3),
        "ti" | "tib" => binary(4),
        "pi" | "pib" => binary(5),
        "ei" | "eib" => binary(6),
        "zi" | "zib" => binary(7),
        "yi" | "yib" => binary(8),
        _ => return None,
    })
}

/// Reads the integer part, allowing `,` or `_` only as thousands separators (`1,024`, `10_000`).
fn integer_digits(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    let separator = text.chars().find(|c| matches!(c, ',' | '_'));
    let Some(separator) = separator else {
        return text
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| text.to_owned());
    };
    let mut groups = text.split(separator);
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_digit());
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    first_ok.then_some(digits)
}

/// `(mantissa, decimals)` of a non-negative decimal number: `"1.5"` → `(15, 1)`.
fn parse_number(text: &str) -> Option<(u128, u32)> {
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let int_digits = integer_digits(int_part)?;
    let frac_digits = frac_part.unwrap_or_default();
    if !frac_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    // More digits than this cannot matter for a size in bytes and could overflow.
    if int_digits.len() > 24 || frac_digits.len() > 12 {
        return None;
    }
    let all = format!("{int_digits}{frac_digits}");
    let mantissa = if all.is_empty() {
        0
    } else {
        all.parse::<u128>().ok()?
    };
    let decimals = u32::try_from(frac_digits.len()).ok()?;
    Some((mantissa, decimals))
}

/// Parses a size typed by a person into bytes (see the module documentation for the forms).
///
/// # Errors
/// A [`SizeError`] naming what is wrong; zero and sizes above [`MAX_BYTES`] are errors because
/// Quay refuses them.
pub fn parse_size(input: &str) -> Result<u64, SizeError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(SizeError::Empty);
    }
    if text.starts_with('-') {
        return Err(SizeError::Negative);
    }
    let split = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number = number.trim();
    let unit = unit.trim();
    let Some((mantissa, decimals)) = parse_number(number) else {
        let shown = if number.is_empty() { text } else { number };
        return Err(SizeError::NotANumber(shown.to_owned()));
    };
    if !unit.chars().all(char::is_alphabetic) {
        return Err(SizeError::UnknownUnit(unit.to_owned()));
    }
    let per_unit =
        unit_bytes(&unit.folded()).ok_or_else(|| SizeError::UnknownUnit(unit.to_owned()))?;
    let scale = 10_u128.pow(decimals);
    let exact = mantissa.checked_mul(per_unit).ok_or(SizeError::TooLarge)?;
    if per_unit == 1 && exact % scale != 0 {
        return Err(SizeError::FractionalBytes);
    }
    // Round half up to the nearest byte.
    let bytes = (exact + scale / 2) / scale;
    if bytes == 0 {
        return Err(SizeError::Zero);
    }
    u64::try_from(bytes)
        .ok()
        .filter(|b| *b <= MAX_BYTES)
        .ok_or(SizeError::TooLarge)
}

/// The unit [`format_bytes`] shows `bytes` in: `None` for plain bytes, else `(symbol, unit bytes)`.
#[must_use]
pub fn display_unit(bytes: u64) -> Option<(&'static str, u64)> {
    let mut chosen = None;
    for (symbol, size) in BINARY_UNITS {
        if bytes >= size {
            chosen = Some((symbol, size));
        }
    }
    let (symbol, size) = chosen?;
    // 1023.96 KiB would print as "1024.0 KiB": show it in the next unit instead.
    #[allow(clippy::cast_precision_loss)]
    let shown = (bytes as f64 / size as f64 * 10.0).round() / 10.0;
    if shown >= 1024.0 {
        if let Some(next) = BINARY_UNITS.iter().find(|(_, s)| *s > size) {
            return Some(*next);
        }
    }
    Some((symbol, size))
}

/// Quay's way of writing a size: `"20.0 GiB"`, `"2.9 KiB"`, `"500 B"`.
#[must_use]
pub fn format_bytes(bytes: u64) -> String {
    match display_unit(bytes) {
        None => format!("{bytes} B"),
        Some((symbol, size)) => {
            #[allow(clippy::cast_precision_loss)]
            let value = bytes as f64 / size as f64;
            format!("{value:.1} {symbol}")
        }
    }
}

/// How far the text of [`format_bytes`] can be from the real value, in bytes (half its last digit).
#[must_use]
pub fn shown_precision(bytes: u64) -> u64 {
    display_unit(bytes).map_or(0, |(_, size)| size.div_ceil(20))
}

/// The size as a person would type it back exactly: the largest binary unit that divides it
/// (`"20 GiB"`), else the largest decimal one (`"3 GB"`), else grouped bytes (`"3,001"`).
/// For pre-filling a form, so that saving unchanged keeps the exact number of bytes.
#[must_use]
pub fn exact_size_text(bytes: u64) -> String {
    const DECIMAL_UNITS: [(&str, u64); 6] = [
        ("KB", 1_000),
        ("MB", 1_000_000),
        ("GB", 1_000_000_000),
        ("TB", 1_000_000_000_000),
        ("PB", 1_000_000_000_000_000),
        ("EB", 1_000_000_000_000_000_000),
    ];
    let fits = |(_, size): &(&str, u64)| bytes >= *size && bytes.is_multiple_of(*size);
    let unit = BINARY_UNITS
        .iter()
        .rev()
        .find(|u| fits(u))
        .or_else(|| DECIMAL_UNITS.iter().rev().find(|u| fits(u)));
    match unit {
        Some((symbol, size)) => format!("{} {symbol}", bytes / size),
        None => group_digits(bytes),
    }
}

/// `1234567` → `"1,234,567"`.
#[must_use]
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why a percentage could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PercentError {
    Empty,
    NotANumber(String),
    /// Quay: "Quota limit threshold must be between 1 and 100".
    OutOfRange,
}

/// Parses a limit threshold: a whole number from 1 to 100, optionally followed by `%`.
///
/// # Errors
/// [`PercentError`] when empty, not a whole number, or outside 1–100.
pub fn parse_percent(input: &str) -> Result<u32, PercentError> {
    let text = input.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(PercentError::Empty);
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(PercentError::NotANumber(text.to_owned()));
    }
    let value: u32 = text.parse().map_err(|_| PercentError::OutOfRange)?;
    if (1..=100).contains(&value) {
        Ok(value)
    } else {
        Err(PercentError::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(parse_size("10 GiB"), Ok(10 * (1 << 30)));
        assert_eq!(parse_size("10GiB"), Ok(10 * (1 << 30)));
        assert_eq!(parse_size("10 Gi"), Ok(10 * (1 << 30)));
        assert_eq!(parse_size("500 MiB"), Ok(500 * (1 << 20)));
        assert_eq!(parse_size("2 TiB"), Ok(2 * (1 << 40)));
        assert_eq!(parse_size("1.5 GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("1.5 gib"), Ok(1_610_612_736));
        assert_eq!(parse_size("3000"), Ok(3000));
        assert_eq!(parse_size("3000 bytes"), Ok(3000));
        assert_eq!(parse_size("10,737,418,240"), Ok(10_737_418_240));
        assert_eq!(parse_size(" 20 G "), Ok(20_000_000_000));
        assert_eq!(parse_size(".5 KiB"), Ok(512));
        assert_eq!(parse_size("1.1 KiB"), Ok(1126));
    }

    #[test]
    fn refuses_bad_input_clearly() {
        assert_eq!(parse_size("  "), Err(SizeError::Empty));
        assert_eq!(parse_size("-1 GiB"), Err(SizeError::Negative));
        assert_eq!(
            parse_size("ten GiB"),
            Err(SizeError::NotANumber("ten GiB".into()))
        );
        assert_eq!(
            parse_size("1,5 GB"),
            Err(SizeError::NotANumber("1,5".into()))
        );
        assert_eq!(
            parse_size("1.2.3 GB"),
            Err(SizeError::NotANumber("1.2.3".into()))
        );
        assert_eq!(
            parse_size("10 XB"),
            Err(SizeError::UnknownUnit("XB".into()))
        );
        assert_eq!(
            parse_size("10 GiB!"),
            Err(SizeError::UnknownUnit("GiB!".into()))
        );
        assert_eq!(parse_size("1.5"), Err(SizeError::FractionalBytes));
        assert_eq!(parse_size("0 GiB"), Err(SizeError::Zero));
        assert_eq!(parse_size("0.0001 B"), Err(SizeError::FractionalBytes));
        assert_eq!(parse_size("9 EiB"), Err(SizeError::TooLarge));
        assert_eq!(parse_size("2 ZiB"), Err(SizeError::TooLarge));
        assert_eq!(
            parse_size("99999999999999999999999999999"),
            Err(SizeError::NotANumber(
                "99999999999999999999999999999".into()
            ))
        );
    }

    #[test]
    fn formats_like_quay() {
        assert_eq!(format_bytes(3000), "2.9 KiB");
        assert_eq!(format_bytes(21_474_836_480), "20.0 GiB");
        assert_eq!(format_bytes(2_199_023_255_552), "2.0 TiB");
        assert_eq!(format_bytes(500), "500 B");
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1024 * 1024 - 1), "1.0 MiB");
        assert_eq!(format_bytes(MAX_BYTES), "8.0 EiB");
        assert_eq!(exact_size_text(21_474_836_480), "20 GiB");
        assert_eq!(exact_size_text(3000), "3 KB");
        assert_eq!(exact_size_text(3001), "3,001");
        assert_eq!(exact_size_text(1536), "1,536");
        assert_eq!(exact_size_text(3 << 20), "3 MiB");
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(10_737_418_240), "10,737,418,240");
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("80"), Ok(80));
        assert_eq!(parse_percent(" 95 % "), Ok(95));
        assert_eq!(parse_percent("100%"), Ok(100));
        assert_eq!(parse_percent(""), Err(PercentError::Empty));
        assert_eq!(parse_percent("0"), Err(PercentError::OutOfRange));
        assert_eq!(parse_percent("101"), Err(PercentError::OutOfRange));
        assert_eq!(parse_percent("99999999999"), Err(PercentError::OutOfRange));
        assert_eq!(
            parse_percent("7.5"),
            Err(PercentError::NotANumber("7.5".into()))
        );
    }
}
