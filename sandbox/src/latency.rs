//! What a call costs on a real Quay, so that the console's speed can be judged against the sandbox.
//!
//! With `--latency-model quay` (or `POST /__sandbox/latency {"model": "quay"}`), every `/api/v1` call
//! that carries `Authorization: Bearer` behaves like Quay checking its OAuth token with bcrypt: a fixed
//! part outside any web worker, then the token check holding one of W workers (a semaphore with W
//! permits, `--workers`, default 2), then the handler, still holding the worker. Calls without a
//! bearer token cost [`Calibration::unauthenticated_ms`] (CORS preflights are answered at once); the
//! console's files and `/__sandbox/*` are outside `/api/v1` and never wait. The default model is
//! `none` (the plain sandbox answers in about a millisecond, which the browser tests rely on).
//!
//! The figures are in one table, [`QUAY`]; [`predict`] replays the model's arithmetic for n calls sent
//! together and the tests check it against the recorded figures.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppState;

/// Which latency model the sandbox applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Answer at once (plus `--latency`, if any).
    #[default]
    None,
    /// Quay's cost of a bearer-token call ([`QUAY`]).
    Quay,
}

impl std::str::FromStr for Model {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "none" => Ok(Self::None),
            "quay" => Ok(Self::Quay),
            other => Err(format!("unknown latency model {other:?} (quay or none)")),
        }
    }
}

/// The costs of the Quay model and the figures they were derived from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Calibration {
    /// Recorded: (bearer calls sent together, ms until the last answer) with [`Self::workers`] workers.
    pub recorded: [(usize, u64); 4],
    /// Web workers of the recorded Quay.
    pub workers: usize,
    /// Per bearer call, outside any worker (connection, request parsing, the answer's way back).
    pub fixed_ms: u64,
    /// bcrypt's check of the token, holding a worker.
    pub token_check_ms: u64,
    /// Added to a token check that starts while another worker is busy (two bcrypts share the CPUs).
    pub contention_ms: u64,
    /// A call that checks no token (`GET /config`); CORS preflights are answered at once.
    pub unauthenticated_ms: u64,
}

/// Quay's costs, from `shared/quay-fixtures/README.md`, "Latency" (measured 2026-12-04, Quay from
/// source on a 2-core machine, SQLite, 2 gunicorn gevent workers, loopback; medians of 9 calls):
///
/// > **Every call with `Authorization: Bearer` costs about 210 ms**, whatever the endpoint: Quay checks
/// > the OAuth token with bcrypt on every request (`token_code.matches`). [...] tag page 1 / 50 / 100 of a
/// > 10,000-tag repository 224 / 228 / 231 [...]
/// >
/// > bcrypt holds the gevent worker that runs it, so bearer calls run **at most one per web worker at a
/// > time**: 1 call 224 ms, 2 in parallel 250 ms, 4 in parallel 466 ms, 8 in parallel 897 ms (2 workers).
/// >
/// > Calls that do not check a token are cheap: the CORS preflight (`OPTIONS`) 1 ms, `GET /config` 1 ms.
///
/// Derivation: with F outside the worker, B the token check alone and B + C when the other worker is
/// busy, n calls sent together on 2 workers end after F + B (n = 1), F + (B + C) (n = 2),
/// F + 2 (B + C) (n = 4), F + 4 (B + C) (n = 8). So B + C = 466 − 250 = 216, F = 250 − 216 = 34,
/// B = 224 − 34 = 190, C = 26; the model then gives 224, 250, 466 and 898 ms (recorded 897).
pub const QUAY: Calibration = Calibration {
    recorded: [(1, 224), (2, 250), (4, 466), (8, 897)],
    workers: 2,
    fixed_ms: 34,
    token_check_ms: 190,
    contention_ms: 26,
    unauthenticated_ms: 1,
};

/// The model's time (ms) until the last of `calls` bearer calls sent together is answered, with
/// `workers` workers (FIFO, as the semaphore hands out permits).
#[must_use]
pub fn predict(costs: &Calibration, calls: usize, workers: usize) -> u64 {
    let mut free_at = vec![0_u64; workers.max(1)];
    let mut last = 0;
    for _ in 0..calls {
        let Some((slot, &free)) = free_at.iter().enumerate().min_by_key(|(_, t)| **t) else {
            break;
        };
        let start = free.max(costs.fixed_ms);
        let others_busy = free_at
            .iter()
            .enumerate()
            .any(|(i, t)| i != slot && *t > start);
        let end = start + costs.token_check_ms + if others_busy { costs.contention_ms } else { 0 };
        if let Some(t) = free_at.get_mut(slot) {
            *t = end;
        }
        last = last.max(end);
    }
    last
}

/// The model and its worker count (the body of `POST /__sandbox/latency`, every field optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Setting {
    pub model: Model,
    pub workers: usize,
}

struct Current {
    setting: Setting,
    pool: Arc<Semaphore>,
}

impl Current {
    fn new(setting: Setting) -> Self {
        Self {
            setting,
            pool: Arc::new(Semaphore::new(setting.workers.max(1))),
        }
    }
}

/// The latency model of a running sandbox, and its clock (journal times are ms since it started).
pub struct Latency {
    epoch: Instant,
    start: Setting,
    current: Mutex<Current>,
}

/// A busy worker: held from the token check to the end of the handler.
pub struct Worker {
    _permit: OwnedSemaphorePermit,
}

/// The request carries `Authorization: Bearer …`.
#[must_use]
pub fn has_bearer(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.get(..7))
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
}

impl Latency {
    #[must_use]
    pub fn new(model: Model, workers: usize) -> Self {
        let start = Setting {
            model,
            workers: workers.max(1),
        };
        Self {
            epoch: Instant::now(),
            start,
            current: Mutex::new(Current::new(start)),
        }
    }

    fn current(&self) -> MutexGuard<'_, Current> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Milliseconds since the sandbox started (µs precision).
    #[must_use]
    pub fn now_ms(&self) -> f64 {
        (self.epoch.elapsed().as_micros() as f64) / 1000.0
    }

    #[must_use]
    pub fn setting(&self) -> Setting {
        self.current().setting
    }

    /// Switches model or worker count; calls in flight finish on the workers they hold.
    pub fn set(&self, setting: Setting) {
        let mut current = self.current();
        if current.setting != setting {
            *current = Current::new(setting);
        }
    }

    /// Back to the command line's setting (`/__sandbox/reset`).
    pub fn reset(&self) {
        self.set(self.start);
    }

    /// Waits what the model says a call with these headers costs before its handler runs. A bearer
    /// call returns the worker it holds: keep it until the answer is ready.
    pub async fn enter(&self, headers: &HeaderMap) -> Option<Worker> {
        let (setting, pool) = {
            let current = self.current();
            (current.setting, Arc::clone(&current.pool))
        };
        if setting.model == Model::None {
            return None;
        }
        let costs = &QUAY;
        if !has_bearer(headers) {
            sleep_ms(costs.unauthenticated_ms).await;
            return None;
        }
        sleep_ms(costs.fixed_ms).await;
        // The semaphore is never closed; if it were, the call would go through without a worker.
        let permit = Arc::clone(&pool).acquire_owned().await.ok()?;
        let busy = setting.workers.saturating_sub(pool.available_permits());
        let check = costs.token_check_ms + if busy > 1 { costs.contention_ms } else { 0 };
        sleep_ms(check).await;
        Some(Worker { _permit: permit })
    }
}

async fn sleep_ms(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// `GET|POST /__sandbox/latency`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/__sandbox/latency", get(read).post(write))
}

/// The body of `POST /__sandbox/latency`: absent fields keep their value.
#[derive(Default, Deserialize)]
struct Change {
    #[serde(default)]
    model: Option<Model>,
    #[serde(default)]
    workers: Option<usize>,
}

fn describe(latency: &Latency) -> Response {
    let s = latency.setting();
    Json(json!({
        "model": s.model,
        "workers": s.workers,
        "now_ms": latency.now_ms(),
        "quay": QUAY,
    }))
    .into_response()
}

async fn read(State(state): State<AppState>) -> Response {
    describe(&state.latency)
}

async fn write(State(state): State<AppState>, bytes: Bytes) -> Response {
    let change: Change = if bytes.iter().all(u8::is_ascii_whitespace) {
        Change::default()
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(c) => c,
            Err(e) => {
                let body = json!({"error": format!("invalid JSON body: {e}")});
                return (StatusCode::BAD_REQUEST, Json(body)).into_response();
            }
        }
    };
    if change.workers == Some(0) {
        let body = json!({"error": "workers must be at least 1"});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    let old = state.latency.setting();
    state.latency.set(Setting {
        model: change.model.unwrap_or(old.model),
        workers: change.workers.unwrap_or(old.workers),
    });
    describe(&state.latency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_gives_the_recorded_figures() {
        for (calls, recorded) in QUAY.recorded {
            let predicted = predict(&QUAY, calls, QUAY.workers);
            assert!(
                predicted.abs_diff(recorded) <= 2,
                "{calls} calls: model {predicted} ms, recorded {recorded} ms"
            );
        }
        assert_eq!(predict(&QUAY, 3, 2), 34 + 190 + 216);
        assert_eq!(predict(&QUAY, 4, 4), 250);
    }

    #[test]
    fn bearer_is_recognised() {
        let mut h = HeaderMap::new();
        assert!(!has_bearer(&h));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert!(!has_bearer(&h));
        h.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert!(has_bearer(&h));
        assert_eq!("quay".parse::<Model>(), Ok(Model::Quay));
        assert!("slow".parse::<Model>().is_err());
    }
}
