//! Sentences for the quota model's errors and for why a quota is read-only.

use crate::i18n::{format, t, tf};
use crate::model::quotas::{group_digits, Access, LimitError, PercentError, Relation, SizeError};

/// An exact byte count in the current language's digit grouping (exact beyond 2^53 too).
#[must_use]
pub fn exact(bytes: u64) -> String {
    const EXACT_IN_F64: u64 = 1 << 53;
    if bytes < EXACT_IN_F64 {
        #[allow(clippy::cast_precision_loss)]
        let value = bytes as f64;
        format::number(value)
    } else {
        group_digits(bytes)
    }
}

#[must_use]
pub fn size_error(error: &SizeError) -> String {
    match error {
        SizeError::Empty => t("quotas.size_empty").to_owned(),
        SizeError::Negative => t("quotas.size_negative").to_owned(),
        SizeError::NotANumber(text) => tf("quotas.size_not_number", &[("text", text)]),
        SizeError::UnknownUnit(unit) => tf("quotas.size_unknown_unit", &[("unit", unit)]),
        SizeError::FractionalBytes => t("quotas.size_fraction").to_owned(),
        SizeError::Zero => t("quotas.size_zero").to_owned(),
        SizeError::TooLarge => t("quotas.size_too_large").to_owned(),
    }
}

#[must_use]
pub fn percent_error(error: &PercentError) -> String {
    match error {
        PercentError::Empty => t("quotas.percent_empty").to_owned(),
        PercentError::NotANumber(text) => tf("quotas.percent_not_number", &[("text", text)]),
        PercentError::OutOfRange => t("quotas.percent_range").to_owned(),
    }
}

#[must_use]
pub fn limit_error(error: &LimitError) -> String {
    match error {
        LimitError::Percent(e) => percent_error(e),
        LimitError::SecondReject => t("quotas.limit_second_reject").to_owned(),
        LimitError::Duplicate => t("quotas.limit_duplicate").to_owned(),
        LimitError::UnknownKind => t("quotas.limit_unknown_kind").to_owned(),
    }
}

/// Why the quota of `namespace` cannot be changed here; `None` when it can.
#[must_use]
pub fn read_only_reason(access: Access, namespace: &str) -> Option<String> {
    let Access::ReadOnly {
        relation,
        missing_scope,
    } = access
    else {
        return None;
    };
    let main = match relation {
        Relation::Own => t("quotas.ro_own").to_owned(),
        Relation::OrgAdmin => tf("quotas.ro_org_admin", &[("ns", namespace)]),
        Relation::OrgMember => tf("quotas.ro_org_member", &[("ns", namespace)]),
        Relation::Outsider => t("quotas.ro_outsider").to_owned(),
    };
    Some(if missing_scope {
        format!("{main} {}", t("quotas.ro_scope"))
    } else {
        main
    })
}
