//! The findings of a review, one function per kind, from Quay's answers.

use super::{Access, Finding, Kind, Remedy, Thresholds, Why};
use crate::model::applications::{self, AppToken, Application, Expiry};
use crate::model::authorizations::Authorization;
use crate::model::robots::Robot;

const DAY: i64 = 86_400;

/// Robots never used, or unused for more than `th.days` days, at `now` (unix seconds).
#[must_use]
pub fn unused_robots(robots: &[Robot], now: i64, th: Thresholds) -> Vec<Finding> {
    let tracked = robots.iter().any(|r| r.last_accessed_at().is_some());
    robots
        .iter()
        .filter(|r| !r.name.is_empty())
        .filter_map(|r| {
            let why = match r.last_accessed_at() {
                None if tracked => Why::NeverUsed,
                None => Why::NotTracked,
                Some(at) if now - at > i64::from(th.days) * DAY => Why::UnusedFor {
                    days: (now - at) / DAY,
                },
                Some(_) => return None,
            };
            Some(Finding {
                kind: Kind::Unused,
                subject: r.name.clone(),
                why,
                remedy: Remedy::DeleteRobot {
                    name: r.name.clone(),
                },
            })
        })
        .collect()
}

/// Robots with write or admin on `th.repos` repositories or more, from the access rows read so far.
#[must_use]
pub fn broad_robots(rows: &[Access], th: Thresholds) -> Vec<Finding> {
    let mut robots: Vec<&str> = rows
        .iter()
        .filter(|a| a.is_robot)
        .map(|a| a.subject.as_str())
        .collect();
    crate::model::order::sort(&mut robots);
    robots.dedup();
    robots
        .into_iter()
        .filter_map(|robot| {
            let strong: Vec<(String, String)> = rows
                .iter()
                .filter(|a| a.subject == robot && matches!(a.role.as_str(), "write" | "admin"))
                .map(|a| (a.repository.clone(), a.role.clone()))
                .collect();
            let admin = strong.iter().filter(|(_, role)| role == "admin").count();
            (strong.len() >= th.repos).then(|| Finding {
                kind: Kind::Broad,
                subject: robot.to_owned(),
                why: Why::Broad {
                    write: strong.len() - admin,
                    admin,
                },
                remedy: Remedy::Narrow {
                    robot: robot.to_owned(),
                    repos: strong,
                },
            })
        })
        .collect()
}

/// App-specific tokens expired or expiring within Quay's window.
#[must_use]
pub fn app_tokens(tokens: &[AppToken], now: i64) -> Vec<Finding> {
    tokens
        .iter()
        .filter_map(|t| {
            let at = t.expiration.as_deref().and_then(applications::parse_date);
            let why = match (applications::expiry(t.expiration.as_deref(), now), at) {
                (Expiry::Expired, Some(at)) => Why::TokenExpired { at },
                (Expiry::Soon, Some(at)) => Why::TokenExpiring { at },
                _ => return None,
            };
            Some(Finding {
                kind: Kind::AppToken,
                subject: t.title.clone(),
                why,
                remedy: Remedy::RevokeAppToken {
                    uuid: t.uuid.clone(),
                },
            })
        })
        .collect()
}

/// OAuth applications whose redirect URI is a bare origin or `/`.
#[must_use]
pub fn bare_redirects(apps: &[Application]) -> Vec<Finding> {
    apps.iter()
        .filter(|a| applications::redirect_too_broad(&a.redirect_uri))
        .map(|a| Finding {
            kind: Kind::Redirect,
            subject: a.name.clone(),
            why: Why::BareRedirect {
                uri: a.redirect_uri.clone(),
            },
            remedy: Remedy::EditApplication {
                client_id: a.client_id.clone(),
            },
        })
        .collect()
}

/// Issued tokens (authorized applications) holding a scope Quay marks dangerous.
#[must_use]
pub fn dangerous_grants(grants: &[Authorization]) -> Vec<Finding> {
    grants
        .iter()
        .filter(|g| !g.uuid.is_empty())
        .filter_map(|g| {
            let scopes: Vec<String> = g
                .scopes
                .iter()
                .filter(|s| s.dangerous)
                .map(|s| s.scope.clone())
                .collect();
            (!scopes.is_empty()).then(|| Finding {
                kind: Kind::Scope,
                subject: format!(
                    "{} ({})",
                    g.application.name, g.application.organization.name
                ),
                why: Why::Dangerous { scopes },
                remedy: Remedy::RevokeGrant {
                    uuid: g.uuid.clone(),
                },
            })
        })
        .collect()
}

/// The effective permissions as findings of kind [`Kind::Permission`] (no remedy: information).
#[must_use]
pub fn permissions(rows: &[Access]) -> Vec<Finding> {
    rows.iter()
        .map(|a| Finding {
            kind: Kind::Permission,
            subject: a.subject.clone(),
            why: Why::Role {
                repository: a.repository.clone(),
                role: a.role.clone(),
            },
            remedy: Remedy::None,
        })
        .collect()
}
