//! quay-sandbox: an in-memory stand-in for Red Hat Quay's REST API, for demos and browser tests of
//! Quay Console. It mirrors the shapes, status codes and quirks recorded from a real Quay
//! (`/work/shared/quay-fixtures`).
//!
//! * [`world`]: the data; [`seed`]: the start state; `areas/`: one module per console area.
//! * [`auth`]: tokens, scopes, permission checks, the X-Requested-With rule; [`errors`]: Quay's error bodies.
//! * [`middleware`]: what wraps every `/api/v1` call (CORS, journal, faults, XHR rule, HTML 404).
//! * [`oauth`]: the implicit-flow pages; [`console`]: serves `dist/` and `config.json`;
//!   [`control`]: the `/__sandbox/` test endpoints; [`features`]: `GET /config` and Quay's switches.

// Handlers and checks return `Result<_, axum::response::Response>` (axum's idiom, the error being the
// finished HTTP answer); boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod areas;
pub mod auth;
pub mod console;
pub mod control;
pub mod cross_origin;
pub mod errors;
pub mod faults;
pub mod features;
pub mod hostile;
pub mod latency;
pub mod middleware;
pub mod oauth;
mod oauth_pages;
pub mod options;
pub mod seed;
pub mod seed_review;
pub mod util;
pub mod world;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;

pub use options::Options;
pub use world::World;

/// Shared server state: options, the world, and the test-control state.
#[derive(Clone)]
pub struct AppState {
    pub opts: Arc<Options>,
    pub world: Arc<Mutex<World>>,
    pub control: Arc<Mutex<faults::Control>>,
    /// `--latency-model`: what a bearer call costs, and the clock of the request journal.
    pub latency: Arc<latency::Latency>,
}

impl AppState {
    /// Locks the world (a poisoned lock is recovered: the data is plain and stays usable).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Locks the test-control state.
    pub fn control(&self) -> MutexGuard<'_, faults::Control> {
        self.control
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Re-seeds the data and the faults. Tokens, browser sessions and grants survive unless
    /// `clear_auth` (use `/__sandbox/revoke` and `/__sandbox/grants/clear` for those).
    ///
    /// `hostile` chooses the hostile-data corpus for this reset (`None`: as on the command line).
    pub fn reset(&self, clear_auth: bool, hostile: Option<bool>) {
        let mut seed = self.opts.seed.clone();
        seed.hostile = hostile.unwrap_or(seed.hostile);
        let fresh = World::seed(&seed);
        {
            let mut world = self.world();
            let auth = std::mem::take(&mut world.auth);
            *world = fresh;
            if !clear_auth {
                world.auth = auth;
            }
            if seed.hostile {
                hostile::grant(&mut world);
            }
        }
        *self.control() = new_control(&self.opts);
        self.latency.reset();
    }
}

fn new_control(opts: &Options) -> faults::Control {
    faults::Control::new(opts.latency_ms, opts.fail_rate, opts.seed.seed)
}

/// Builds the start state for the given options.
pub fn build_state(opts: Options) -> AppState {
    let mut world = World::seed(&opts.seed);
    if opts.seed.hostile {
        hostile::grant(&mut world);
    }
    let control = new_control(&opts);
    let latency = latency::Latency::new(opts.latency_model, opts.workers);
    AppState {
        opts: Arc::new(opts),
        world: Arc::new(Mutex::new(world)),
        control: Arc::new(Mutex::new(control)),
        latency: Arc::new(latency),
    }
}

/// The whole server: Quay's API (core + areas), the OAuth pages, the console and the test endpoints.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(areas::routes())
        .merge(oauth::routes())
        .merge(console::routes())
        .merge(control::routes())
        .merge(features::routes())
        .merge(latency::routes())
        .fallback(middleware::fallback)
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::api_layer,
        ))
        .with_state(state)
}
