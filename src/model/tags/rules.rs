//! Quay's own rules, checked before sending: tag names, manifest digests, label keys.

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
