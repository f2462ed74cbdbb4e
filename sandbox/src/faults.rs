//! Fault injection and the request journal, driven by `/__sandbox/faults` and the `--latency` /
//! `--fail-rate` options. Applies to `/api/v1` only.

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// A targeted failure: the next `times` calls whose method matches (any when absent) and whose path
/// (with query) contains `path_contains` answer `status` with an ApiError.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct FailPath {
    #[serde(default)]
    pub method: Option<String>,
    pub path_contains: String,
    #[serde(default = "default_status")]
    pub status: u16,
    #[serde(default = "default_times")]
    pub times: u32,
    /// Seconds sent in a `Retry-After` header (e.g. with status 429).
    #[serde(default)]
    pub retry_after: Option<u32>,
    /// The text of the ApiError (its `detail` and `error_message`) instead of the status's
    /// generic one, e.g. a refusal Quay words itself.
    #[serde(default)]
    pub message: Option<String>,
}

fn default_status() -> u16 {
    500
}

fn default_times() -> u32 {
    1
}

/// The body of `POST /__sandbox/faults` (every field optional; it replaces the whole set).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Faults {
    pub fail_rate: f64,
    pub latency_ms: u64,
    /// Requests whose path (with query) contains one of these never get an answer.
    pub hang_paths: Vec<String>,
    /// Requests whose path (with query) contains one of these get 200 with broken JSON (the handler
    /// does not run).
    pub malformed_paths: Vec<String>,
    /// When set, `malformed_paths` apply to this method only (e.g. `POST`).
    pub malformed_method: Option<String>,
    pub fail_paths: Vec<FailPath>,
}

/// What to do with one request.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    Pass,
    Hang,
    Malformed,
    /// Status, the `Retry-After` seconds to send with it, and the error text if not the usual.
    Fail(u16, Option<u32>, Option<String>),
}

/// `/console/config.json` mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigMode {
    #[default]
    Ok,
    Missing,
    Invalid,
}

/// One journal line of `GET /__sandbox/requests` (never the token itself).
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    #[serde(skip)]
    pub id: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub has_authorization: bool,
    pub x_requested_with: Option<String>,
    /// Response status, `null` while pending (or hung).
    pub status: Option<u16>,
    /// When the request arrived and when its answer was ready, in ms since the sandbox started.
    pub started_ms: f64,
    pub finished_ms: Option<f64>,
}

/// How many requests the journal keeps.
pub const JOURNAL_SIZE: usize = 500;

/// Test-control state, separate from the world so that a reset of the data is cheap.
pub struct Control {
    pub faults: Faults,
    pub config_mode: ConfigMode,
    /// Quay's switches changed from the recording (`/__sandbox/features`).
    pub features: crate::features::Overrides,
    pub requests: VecDeque<RequestRecord>,
    next_request_id: u64,
    rng: StdRng,
}

impl Control {
    /// Start state: latency and fail rate from the command line, nothing else.
    pub fn new(latency_ms: u64, fail_rate: f64, seed: u64) -> Self {
        Self {
            faults: Faults {
                fail_rate,
                latency_ms,
                ..Faults::default()
            },
            config_mode: ConfigMode::Ok,
            features: crate::features::Overrides::new(),
            requests: VecDeque::new(),
            next_request_id: 0,
            rng: StdRng::seed_from_u64(seed ^ 0x5eed),
        }
    }

    /// Appends to the journal and returns the record id.
    pub fn record(&mut self, mut record: RequestRecord) -> u64 {
        self.next_request_id += 1;
        record.id = self.next_request_id;
        self.requests.push_back(record);
        while self.requests.len() > JOURNAL_SIZE {
            self.requests.pop_front();
        }
        self.next_request_id
    }

    /// Sets the status and end time of a journal record once the response is known.
    pub fn finish(&mut self, id: u64, status: u16, finished_ms: f64) {
        if let Some(r) = self.requests.iter_mut().rev().find(|r| r.id == id) {
            r.status = Some(status);
            r.finished_ms = Some(finished_ms);
        }
    }

    /// Decides the fate of a request (consuming one use of a matching `fail_paths` entry).
    pub fn decide(&mut self, method: &str, path_and_query: &str) -> Action {
        let hit = |subs: &[String]| {
            subs.iter()
                .any(|s| !s.is_empty() && path_and_query.contains(s.as_str()))
        };
        if hit(&self.faults.hang_paths) {
            return Action::Hang;
        }
        let method_hit = self
            .faults
            .malformed_method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        if method_hit && hit(&self.faults.malformed_paths) {
            return Action::Malformed;
        }
        let targeted = self.faults.fail_paths.iter().position(|f| {
            f.times > 0
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && path_and_query.contains(f.path_contains.as_str())
        });
        if let Some(i) = targeted {
            let (mut status, mut retry_after, mut message) = (500, None, None);
            if let Some(f) = self.faults.fail_paths.get_mut(i) {
                f.times -= 1;
                status = f.status;
                retry_after = f.retry_after;
                message.clone_from(&f.message);
            }
            self.faults.fail_paths.retain(|f| f.times > 0);
            return Action::Fail(status, retry_after, message);
        }
        let rate = self.faults.fail_rate;
        if rate > 0.0 && self.rng.gen_bool(rate.clamp(0.0, 1.0)) {
            return Action::Fail(500, None, None);
        }
        Action::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targeted_failures_are_one_shot() {
        let mut c = Control::new(0, 0.0, 1);
        c.faults.fail_paths.push(FailPath {
            method: Some("DELETE".into()),
            path_contains: "/tag/x".into(),
            status: 503,
            times: 1,
            retry_after: None,
            message: None,
        });
        assert_eq!(
            c.decide("GET", "/api/v1/repository/a/b/tag/x"),
            Action::Pass
        );
        assert_eq!(
            c.decide("DELETE", "/api/v1/repository/a/b/tag/x"),
            Action::Fail(503, None, None)
        );
        assert_eq!(
            c.decide("DELETE", "/api/v1/repository/a/b/tag/x"),
            Action::Pass
        );
        c.faults.fail_rate = 1.0;
        assert_eq!(
            c.decide("GET", "/api/v1/user/"),
            Action::Fail(500, None, None)
        );
    }

    #[test]
    fn retry_after_and_malformed_by_method() {
        let mut c = Control::new(0, 0.0, 1);
        c.faults.fail_paths.push(FailPath {
            method: None,
            path_contains: "/robots".into(),
            status: 429,
            times: 1,
            retry_after: Some(2),
            message: None,
        });
        assert_eq!(
            c.decide("GET", "/api/v1/user/robots"),
            Action::Fail(429, Some(2), None)
        );
        c.faults.malformed_paths = vec!["/applications".into()];
        c.faults.malformed_method = Some("POST".into());
        assert_eq!(
            c.decide("GET", "/api/v1/organization/o/applications"),
            Action::Pass
        );
        assert_eq!(
            c.decide("POST", "/api/v1/organization/o/applications"),
            Action::Malformed
        );
    }

    #[test]
    fn a_targeted_failure_can_carry_quays_words() {
        let mut c = Control::new(0, 0.0, 1);
        c.faults.fail_paths.push(FailPath {
            method: Some("PUT".into()),
            path_contains: "/permissions/user/buynlarge+bot".into(),
            status: 400,
            times: 1,
            retry_after: None,
            message: Some("Repository is being deleted".into()),
        });
        assert_eq!(
            c.decide(
                "PUT",
                "/api/v1/repository/buynlarge/orgrepo/permissions/user/buynlarge+bot"
            ),
            Action::Fail(400, None, Some("Repository is being deleted".into()))
        );
    }
}
