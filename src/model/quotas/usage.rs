//! Consumption against a quota and its limits, limit validation with Quay's rules, and who may
//! change quotas.

use super::size::{parse_percent, PercentError};
use super::{LimitKind, QuotaLimit};

/// Which limit the consumption has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Below every limit.
    Ok,
    /// Past a Warning limit: pushes still work, Quay notifies.
    Warning,
    /// Past a Reject limit: Quay refuses pushes.
    Reject,
}

/// Consumption of a namespace against its quota.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
    pub used: u64,
    pub quota: u64,
    /// Used as a percentage of the quota (may exceed 100).
    pub percent: f64,
    pub level: Level,
    /// The threshold (percent) of the limit that decides `level`.
    pub crossed: Option<u64>,
}

impl Usage {
    /// The bar's fill, 0–100.
    #[must_use]
    pub fn bar_percent(&self) -> f64 {
        self.percent.clamp(0.0, 100.0)
    }
}

/// Bytes at which a limit of `percent` applies: `int(limit_bytes * percent / 100)`, as Quay computes.
#[must_use]
pub fn threshold_bytes(quota_bytes: u64, percent: u64) -> u64 {
    let bytes = u128::from(quota_bytes) * u128::from(percent) / 100;
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

/// Consumption against the quota: the limit that applies is, as in Quay's `check_limits`, the one
/// with the highest byte threshold that the consumption exceeds.
#[must_use]
pub fn usage(used: u64, quota_bytes: u64, limits: &[QuotaLimit]) -> Usage {
    #[allow(clippy::cast_precision_loss)]
    let percent = if quota_bytes == 0 {
        0.0
    } else {
        used as f64 * 100.0 / quota_bytes as f64
    };
    let mut best: Option<(u64, &QuotaLimit)> = None;
    for limit in limits {
        let allowed = threshold_bytes(quota_bytes, limit.limit_percent);
        if used > allowed && best.is_none_or(|(b, _)| allowed > b) {
            best = Some((allowed, limit));
        }
    }
    let level = match best.map(|(_, l)| &l.kind) {
        Some(LimitKind::Reject) => Level::Reject,
        Some(_) => Level::Warning,
        None => Level::Ok,
    };
    Usage {
        used,
        quota: quota_bytes,
        percent,
        level,
        crossed: best.map(|(_, l)| l.limit_percent),
    }
}

/// Why a limit cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    Percent(PercentError),
    /// A quota has at most one Reject limit (pushes are refused at one point).
    SecondReject,
    /// Quay: "Quota limit already exists" (same type and threshold).
    Duplicate,
    /// Neither Warning nor Reject.
    UnknownKind,
}

/// Checks a new limit (`editing: None`) or a change of limit `editing` against the quota's limits;
/// returns the threshold to send.
///
/// # Errors
/// [`LimitError`] for a bad threshold, a second Reject, or a duplicate.
pub fn check_limit(
    existing: &[QuotaLimit],
    editing: Option<u64>,
    kind: &LimitKind,
    percent_text: &str,
) -> Result<u64, LimitError> {
    if matches!(kind, LimitKind::Other(_)) {
        return Err(LimitError::UnknownKind);
    }
    let percent = u64::from(parse_percent(percent_text).map_err(LimitError::Percent)?);
    let mut second_reject = false;
    for other in existing.iter().filter(|l| Some(l.id) != editing) {
        if other.kind == *kind && other.limit_percent == percent {
            return Err(LimitError::Duplicate);
        }
        if *kind == LimitKind::Reject && other.kind == LimitKind::Reject {
            second_reject = true;
        }
    }
    if second_reject {
        return Err(LimitError::SecondReject);
    }
    Ok(percent)
}

/// How the signed-in user stands to a namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Their own user namespace.
    Own,
    OrgAdmin,
    OrgMember,
    /// Neither (a superuser looking at someone else's namespace, or another user).
    Outsider,
}

/// Whether the quota can be changed here, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Edit,
    ReadOnly {
        relation: Relation,
        /// The sign-in lacks `super:user`: a superuser could edit after signing in with it.
        missing_scope: bool,
    },
}

/// Quay lets only superusers (signed in with `super:user`) create, change or delete quotas and
/// limits, on any namespace; organization administrators and members can only read them.
#[must_use]
pub fn access(is_superuser: bool, has_super_scope: bool, relation: Relation) -> Access {
    if is_superuser && has_super_scope {
        Access::Edit
    } else {
        Access::ReadOnly {
            relation,
            missing_scope: !has_super_scope,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(id: u64, kind: LimitKind, pct: u64) -> QuotaLimit {
        QuotaLimit {
            id,
            kind,
            limit_percent: pct,
        }
    }

    #[test]
    fn level_follows_quays_check_limits() {
        let limits = [
            limit(1, LimitKind::Warning, 80),
            limit(2, LimitKind::Reject, 95),
        ];
        assert_eq!(usage(50, 100, &limits).level, Level::Ok);
        assert_eq!(usage(80, 100, &limits).level, Level::Ok); // not past: Quay uses `>`
        let u = usage(81, 100, &limits);
        assert_eq!((u.level, u.crossed), (Level::Warning, Some(80)));
        assert_eq!(usage(96, 100, &limits).level, Level::Reject);
        let over = usage(250, 100, &limits);
        assert!((over.bar_percent() - 100.0).abs() < f64::EPSILON);
        assert!((over.percent - 250.0).abs() < 1e-9);
        assert_eq!(usage(5, 0, &[]).level, Level::Ok);
        assert_eq!(threshold_bytes(3000, 50), 1500);
        assert_eq!(threshold_bytes(u64::MAX, 100), u64::MAX);
    }

    #[test]
    fn limit_rules() {
        let limits = [
            limit(4, LimitKind::Warning, 80),
            limit(5, LimitKind::Reject, 95),
        ];
        assert_eq!(
            check_limit(&limits, None, &LimitKind::Warning, "70"),
            Ok(70)
        );
        assert_eq!(
            check_limit(&limits, None, &LimitKind::Warning, "80"),
            Err(LimitError::Duplicate)
        );
        assert_eq!(
            check_limit(&limits, None, &LimitKind::Reject, "100"),
            Err(LimitError::SecondReject)
        );
        // Changing the Reject limit itself is fine.
        assert_eq!(
            check_limit(&limits, Some(5), &LimitKind::Reject, "100"),
            Ok(100)
        );
        // Turning the Warning into a second Reject is not.
        assert_eq!(
            check_limit(&limits, Some(4), &LimitKind::Reject, "90"),
            Err(LimitError::SecondReject)
        );
        assert_eq!(
            check_limit(&limits, None, &LimitKind::Warning, "0"),
            Err(LimitError::Percent(PercentError::OutOfRange))
        );
        assert_eq!(
            check_limit(&[], None, &LimitKind::Other("x".into()), "5"),
            Err(LimitError::UnknownKind)
        );
    }

    #[test]
    fn only_superusers_edit() {
        assert_eq!(access(true, true, Relation::Outsider), Access::Edit);
        assert_eq!(
            access(false, true, Relation::OrgAdmin),
            Access::ReadOnly {
                relation: Relation::OrgAdmin,
                missing_scope: false
            }
        );
        assert_eq!(
            access(true, false, Relation::Own),
            Access::ReadOnly {
                relation: Relation::Own,
                missing_scope: true
            }
        );
    }
}
