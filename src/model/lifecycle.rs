//! Tag lifecycle: immutability policies and auto-prune policies, as Quay's API sends and takes
//! them, Quay's validation rules, and the previews the policy pages show over loaded tags.
//!
//! * Immutability (`FEATURE_IMMUTABLE_TAGS`): `.../immutabilitypolicy/` of an organization or a
//!   repository. `{"tagPattern", "tagPatternMatches"}` (camelCase both ways); create → 201
//!   `{"uuid"}`, PUT → 204, DELETE → 200 `{"uuid"}`. Saving a policy makes the existing tags it
//!   covers immutable at once; deleting it does not unlock them.
//! * Auto-prune (`FEATURE_AUTO_PRUNE`): `.../autoprunepolicy/` of an organization, the user or a
//!   repository. `{"method": "number_of_tags" | "creation_date", "value": 10 | "7d",
//!   "tagPattern"?, "tagPatternMatches"?}`; PUT replaces the whole policy. Quay prunes on its own
//!   schedule (a background worker), not when the policy is saved.
//!
//! Patterns are Python regular expressions applied with `re.match` (anchored at the start only);
//! the regex itself is compiled by the caller (JavaScript's `RegExp` in the browser), so every
//! function here that needs it takes a `covers`/`matches` closure.

use serde::{Deserialize, Serialize};

/// `{"policies": [...]}` of either kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PolicyList<T> {
    #[serde(default = "Vec::new")]
    pub policies: Vec<T>,
}

/// `{"uuid"}`: what create and delete answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PolicyId {
    #[serde(default)]
    pub uuid: String,
}

/// An immutability policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImmutabilityPolicy {
    #[serde(default)]
    pub uuid: String,
    #[serde(default)]
    pub tag_pattern: String,
    /// `true`: tags that match become immutable; `false`: tags that do not.
    #[serde(default = "yes")]
    pub tag_pattern_matches: bool,
}

fn yes() -> bool {
    true
}

/// The body of a create or update of an immutability policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImmutabilityBody {
    pub tag_pattern: String,
    pub tag_pattern_matches: bool,
}

/// Quay's auto-prune methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PruneMethod {
    /// Keep the newest N tags.
    NumberOfTags,
    /// Prune tags older than an age (`7d`).
    CreationDate,
}

impl PruneMethod {
    pub const ALL: [Self; 2] = [Self::NumberOfTags, Self::CreationDate];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NumberOfTags => "number_of_tags",
            Self::CreationDate => "creation_date",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// An auto-prune policy. `value` is an integer for `number_of_tags` and a string such as `7d`
/// for `creation_date`; the seeded policies have `null` pattern and flag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoprunePolicy {
    #[serde(default)]
    pub uuid: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub value: serde_json::Value,
    #[serde(default)]
    pub tag_pattern: Option<String>,
    #[serde(default)]
    pub tag_pattern_matches: Option<bool>,
}

impl AutoprunePolicy {
    #[must_use]
    pub fn method(&self) -> Option<PruneMethod> {
        PruneMethod::parse(&self.method)
    }

    /// The value as typed in a form (`10`, `7d`).
    #[must_use]
    pub fn value_text(&self) -> String {
        match &self.value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// Whether the pattern selects the tags that match it (`null` and absent count as true).
    #[must_use]
    pub fn matches(&self) -> bool {
        self.tag_pattern_matches.unwrap_or(true)
    }
}

/// The body of a create or update of an auto-prune policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopruneBody {
    pub method: String,
    pub value: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_pattern: Option<String>,
    pub tag_pattern_matches: bool,
}

/// Why a form cannot be sent; each is a message key of `lifecycle.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyProblem {
    PatternEmpty,
    PatternTooLong,
    /// The regular expression does not compile (the caller says so).
    PatternInvalid,
    CountInvalid,
    AgeInvalid,
    MethodInvalid,
}

impl PolicyProblem {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::PatternEmpty => "lc.pattern_empty",
            Self::PatternTooLong => "lc.pattern_long",
            Self::PatternInvalid => "lc.pattern_invalid",
            Self::CountInvalid => "lc.count_invalid",
            Self::AgeInvalid => "lc.age_invalid",
            Self::MethodInvalid => "lc.method_invalid",
        }
    }
}

/// Quay's limit on a pattern's length.
pub const MAX_PATTERN: usize = 256;

/// Quay's `_validate_policy`: a non-empty pattern of at most 256 characters that compiles
/// (`compiles` is the caller's regex check).
///
/// # Errors
/// The first rule the pattern breaks.
pub fn check_pattern(pattern: &str, compiles: bool) -> Result<(), PolicyProblem> {
    if pattern.is_empty() {
        return Err(PolicyProblem::PatternEmpty);
    }
    if pattern.chars().count() > MAX_PATTERN {
        return Err(PolicyProblem::PatternTooLong);
    }
    if !compiles {
        return Err(PolicyProblem::PatternInvalid);
    }
    Ok(())
}

/// The body of an immutability policy form.
///
/// # Errors
/// As [`check_pattern`].
pub fn immutability_body(
    pattern: &str,
    matches: bool,
    compiles: bool,
) -> Result<ImmutabilityBody, PolicyProblem> {
    check_pattern(pattern, compiles)?;
    Ok(ImmutabilityBody {
        tag_pattern: pattern.to_owned(),
        tag_pattern_matches: matches,
    })
}

/// An age as Quay types `creation_date`: digits, then `s`, `m`, `h`, `d` or `w`, more than zero.
/// In seconds.
#[must_use]
pub fn parse_age(text: &str) -> Option<i64> {
    let unit = text.chars().last()?;
    let digits = text.get(..text.len().checked_sub(unit.len_utf8())?)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let per = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        _ => return None,
    };
    (n > 0).then(|| n.checked_mul(per)).flatten()
}

/// A count as Quay types `number_of_tags`: a whole number above zero (sent as a JSON integer).
#[must_use]
pub fn parse_count(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The body of an auto-prune form: `pattern` empty means none.
///
/// # Errors
/// The first rule the form breaks.
pub fn autoprune_body(
    method: &str,
    value: &str,
    pattern: &str,
    matches: bool,
    compiles: bool,
) -> Result<AutopruneBody, PolicyProblem> {
    let value = match PruneMethod::parse(method) {
        Some(PruneMethod::NumberOfTags) => {
            serde_json::Value::from(parse_count(value).ok_or(PolicyProblem::CountInvalid)?)
        }
        Some(PruneMethod::CreationDate) => {
            let v = value.trim();
            parse_age(v).ok_or(PolicyProblem::AgeInvalid)?;
            serde_json::Value::from(v)
        }
        None => return Err(PolicyProblem::MethodInvalid),
    };
    let pattern = pattern.trim();
    let tag_pattern = if pattern.is_empty() {
        None
    } else {
        check_pattern(pattern, compiles)?;
        Some(pattern.to_owned())
    };
    Ok(AutopruneBody {
        method: method.to_owned(),
        value,
        tag_pattern,
        tag_pattern_matches: matches,
    })
}

/// A tag as the previews see it: its name, when it was created (unix seconds) and whether it is
/// already immutable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewTag {
    pub name: String,
    pub start_ts: Option<i64>,
    pub immutable: bool,
}

/// Whether a policy with `matches` covers a tag the pattern did (`hit`) or did not match.
#[must_use]
pub fn selects(hit: bool, matches: bool) -> bool {
    hit == matches
}

/// The tags an immutability policy would lock now (those not yet immutable that it covers), and
/// how many it covers that already are. `hit(name)` is `re.match(pattern, name)`.
#[must_use]
pub fn immutability_preview(
    tags: &[PreviewTag],
    matches: bool,
    hit: &dyn Fn(&str) -> bool,
) -> (Vec<String>, usize) {
    let mut lock = Vec::new();
    let mut already = 0;
    for tag in tags.iter().filter(|t| selects(hit(&t.name), matches)) {
        if tag.immutable {
            already += 1;
        } else {
            lock.push(tag.name.clone());
        }
    }
    (lock, already)
}

/// The tags an auto-prune policy would prune at `now` among `tags` (the alive tags): the
/// candidates are those the pattern selects (all without a pattern); `number_of_tags` keeps the
/// newest `value` of them, `creation_date` prunes those created more than `value` ago. Newest
/// first. `hit` is `None` without a pattern.
#[must_use]
pub fn prune_preview(
    tags: &[PreviewTag],
    body: &AutopruneBody,
    now: i64,
    hit: Option<&dyn Fn(&str) -> bool>,
) -> Vec<String> {
    let mut candidates: Vec<&PreviewTag> = tags
        .iter()
        .filter(|t| hit.is_none_or(|h| selects(h(&t.name), body.tag_pattern_matches)))
        .collect();
    crate::model::order::sort_by(&mut candidates, |a, b| {
        b.start_ts
            .cmp(&a.start_ts)
            .then_with(|| a.name.cmp(&b.name))
    });
    match PruneMethod::parse(&body.method) {
        Some(PruneMethod::NumberOfTags) => {
            let keep = body
                .value
                .as_i64()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(usize::MAX);
            candidates
                .into_iter()
                .skip(keep)
                .map(|t| t.name.clone())
                .collect()
        }
        Some(PruneMethod::CreationDate) => {
            let Some(age) = body.value.as_str().and_then(parse_age) else {
                return Vec::new();
            };
            candidates
                .into_iter()
                .filter(|t| t.start_ts.is_some_and(|s| s < now - age))
                .map(|t| t.name.clone())
                .collect()
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_counts() {
        assert_eq!(parse_age("7d"), Some(7 * 86_400));
        assert_eq!(parse_age("2w"), Some(14 * 86_400));
        for bad in ["", "7", "7x", "soon", "0d", "-1d", "d", "7 d", "1.5d"] {
            assert_eq!(parse_age(bad), None, "{bad}");
        }
        assert_eq!(parse_count("10"), Some(10));
        for bad in ["", "0", "-1", "1.5", "ten", "1e3"] {
            assert_eq!(parse_count(bad), None, "{bad}");
        }
    }

    #[test]
    fn bodies_are_typed_as_quay_wants() {
        let b = autoprune_body("number_of_tags", "10", "", true, true).unwrap_or_else(|_| {
            AutopruneBody {
                method: String::new(),
                value: serde_json::Value::Null,
                tag_pattern: None,
                tag_pattern_matches: true,
            }
        });
        assert_eq!(
            serde_json::to_value(&b).ok(),
            Some(
                serde_json::json!({"method": "number_of_tags", "value": 10, "tagPatternMatches": true})
            )
        );
        assert_eq!(
            autoprune_body("creation_date", "7", "", true, true),
            Err(PolicyProblem::AgeInvalid)
        );
        assert_eq!(
            autoprune_body("by_size", "7", "", true, true),
            Err(PolicyProblem::MethodInvalid)
        );
        assert_eq!(
            autoprune_body("creation_date", "7d", "[", true, false),
            Err(PolicyProblem::PatternInvalid)
        );
        assert_eq!(
            immutability_body("", true, true),
            Err(PolicyProblem::PatternEmpty)
        );
        assert_eq!(
            immutability_body(&"a".repeat(257), true, true),
            Err(PolicyProblem::PatternTooLong)
        );
    }
}
