//! Quay's rules for what the robots view sends, checked before sending: the short name, the
//! description, the metadata rows and federation entries.

use serde_json::{Map, Value};

use super::Federation;

/// Why a short name is refused; the console's rule is `^[a-z][a-z0-9_]{1,254}$`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooShort,
    TooLong,
    /// Must start with a lower-case letter.
    BadStart,
    /// Only lower-case letters, digits and `_`.
    BadChar(char),
}

/// Checks a robot short name against `^[a-z][a-z0-9_]{1,254}$`.
///
/// # Errors
/// The first problem found.
pub fn validate_short_name(name: &str) -> Result<(), NameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(NameProblem::Empty);
    };
    if !first.is_ascii_lowercase() {
        return Err(NameProblem::BadStart);
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(NameProblem::BadChar(bad));
    }
    match name.len() {
        0 | 1 => Err(NameProblem::TooShort),
        2..=255 => Ok(()),
        _ => Err(NameProblem::TooLong),
    }
}

/// Quay's `maxLength` for a robot description.
pub const DESCRIPTION_MAX: usize = 255;

#[must_use]
pub fn description_too_long(description: &str) -> bool {
    description.chars().count() > DESCRIPTION_MAX
}

/// A problem in the key/value metadata editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataProblem {
    /// Row `index` (0-based) has a value but no key.
    EmptyKey(usize),
    Duplicate(String),
}

/// Turns editor rows into Quay's `unstructured_metadata` object; fully empty rows are skipped and
/// no rows at all give `None` (the field is then left out).
///
/// # Errors
/// A row with a value and no key, or the same key twice.
pub fn build_metadata(
    rows: &[(String, String)],
) -> Result<Option<Map<String, Value>>, MetadataProblem> {
    let mut map = Map::new();
    for (index, (key, value)) in rows.iter().enumerate() {
        let key = key.trim();
        if key.is_empty() {
            if value.trim().is_empty() {
                continue;
            }
            return Err(MetadataProblem::EmptyKey(index));
        }
        if map.contains_key(key) {
            return Err(MetadataProblem::Duplicate(key.to_owned()));
        }
        map.insert(key.to_owned(), Value::String(value.clone()));
    }
    Ok((!map.is_empty()).then_some(map))
}

/// A problem with a new federation entry (Quay's own checks, made before sending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FederationProblem {
    MissingIssuer,
    IssuerNotUrl,
    MissingSubject,
    Duplicate,
}

/// Validates a new `{issuer, subject}` against Quay's rules and the existing list.
///
/// # Errors
/// The first problem found.
pub fn validate_federation(
    issuer: &str,
    subject: &str,
    existing: &[Federation],
) -> Result<Federation, FederationProblem> {
    let (issuer, subject) = (issuer.trim(), subject.trim());
    if issuer.is_empty() {
        return Err(FederationProblem::MissingIssuer);
    }
    let rest = issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        return Err(FederationProblem::IssuerNotUrl);
    }
    if subject.is_empty() {
        return Err(FederationProblem::MissingSubject);
    }
    if existing
        .iter()
        .any(|f| f.issuer == issuer && f.subject == subject)
    {
        return Err(FederationProblem::Duplicate);
    }
    Ok(Federation {
        issuer: issuer.to_owned(),
        subject: subject.to_owned(),
        ..Federation::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(validate_short_name("consolebot"), Ok(()));
        assert_eq!(validate_short_name("a1"), Ok(()));
        assert_eq!(validate_short_name("ci_runner_2"), Ok(()));
        assert_eq!(validate_short_name(""), Err(NameProblem::Empty));
        assert_eq!(validate_short_name("a"), Err(NameProblem::TooShort));
        assert_eq!(validate_short_name("1bot"), Err(NameProblem::BadStart));
        assert_eq!(validate_short_name("Bad"), Err(NameProblem::BadStart));
        assert_eq!(
            validate_short_name("bad-name"),
            Err(NameProblem::BadChar('-'))
        );
        assert_eq!(validate_short_name(&"a".repeat(255)), Ok(()));
        assert_eq!(
            validate_short_name(&"a".repeat(256)),
            Err(NameProblem::TooLong)
        );
    }

    #[test]
    fn metadata_rows() {
        let rows = vec![
            ("team".to_owned(), "ci".to_owned()),
            (String::new(), String::new()),
        ];
        let map = build_metadata(&rows).ok().flatten().unwrap_or_default();
        assert_eq!(map.get("team"), Some(&Value::String("ci".into())));
        assert_eq!(build_metadata(&[]), Ok(None));
        let rows = vec![(String::new(), "x".to_owned())];
        assert_eq!(build_metadata(&rows), Err(MetadataProblem::EmptyKey(0)));
        let rows = vec![
            ("k".to_owned(), "1".to_owned()),
            (" k ".to_owned(), "2".to_owned()),
        ];
        assert_eq!(
            build_metadata(&rows),
            Err(MetadataProblem::Duplicate("k".into()))
        );
    }

    #[test]
    fn federation_rules() {
        let existing = vec![Federation {
            issuer: "https://issuer.example".into(),
            subject: "sub".into(),
            ..Federation::default()
        }];
        assert_eq!(
            validate_federation("", "s", &existing),
            Err(FederationProblem::MissingIssuer)
        );
        assert_eq!(
            validate_federation("issuer.example", "s", &existing),
            Err(FederationProblem::IssuerNotUrl)
        );
        assert_eq!(
            validate_federation("https://", "s", &existing),
            Err(FederationProblem::IssuerNotUrl)
        );
        assert_eq!(
            validate_federation("https://i", " ", &existing),
            Err(FederationProblem::MissingSubject)
        );
        assert_eq!(
            validate_federation(" https://issuer.example ", "sub", &existing),
            Err(FederationProblem::Duplicate)
        );
        assert!(validate_federation("http://other", "sub", &existing).is_ok());
        let json = serde_json::to_string(&existing).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"issuer":"https://issuer.example","subject":"sub"}]"#
        );
    }
}
