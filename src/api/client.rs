//! One typed client for every Quay call.
//!
//! Every request carries `Authorization: Bearer`, `X-Requested-With: XMLHttpRequest` (Quay refuses
//! browser GETs without it when `BROWSER_API_CALLS_XHR_ONLY` is on) and `Accept: application/json`;
//! has a time limit; is aborted when the reactive owner that started it is cleaned up (the view
//! went away) or when its future is dropped; and turns every failure into [`ApiError`].
//! A 401 ends the session, so the shell can ask to sign in again.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::AbortController;

use super::wait::{sleep, until_aborted};
use crate::auth::Session;
use crate::model::error::{decode_error, ApiError, ErrorKind, FromBody, Json};

/// How long a call may take before it is given up.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// `sessionStorage` key that can only *shorten* [`TIMEOUT`] for this tab (milliseconds, at least
/// 500): the browser specs use it to reach a time-out in seconds. Absent in production.
pub const TIMEOUT_KEY: &str = "quay-console.timeout-ms";

/// The longest `Retry-After` a GET waits for before its one retry; longer is an error at once.
pub const MAX_RETRY_WAIT_S: u32 = 10;

/// `ApiError::error_type` of a call the person cancelled (the console's own marker).
pub const CANCELLED: &str = "console_cancelled";

pub use crate::model::error::WRITE_UNKNOWN;

fn time_limit() -> Duration {
    let shorter = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(TIMEOUT_KEY).ok().flatten())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|ms| Duration::from_millis(ms.max(500)));
    shorter.map_or(TIMEOUT, |d| d.min(TIMEOUT))
}

thread_local! {
    /// Every request in flight: id, start (ms since the epoch) and its abort handle.
    static IN_FLIGHT: RefCell<Vec<(u64, f64, AbortController)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// How long the oldest request still in flight has been waiting, in ms.
#[must_use]
pub fn oldest_in_flight_ms() -> Option<f64> {
    let now = js_sys::Date::now();
    IN_FLIGHT.with_borrow(|list| {
        list.iter()
            .map(|(_, started, _)| now - started)
            .reduce(f64::max)
    })
}

/// Cancels every request in flight (the person pressed "Cancel"): each ends with an error whose
/// `error_type` is [`CANCELLED`], so its screen shows a retry.
pub fn cancel_all() {
    let controllers: Vec<AbortController> =
        IN_FLIGHT.with_borrow(|list| list.iter().map(|(_, _, c)| c.clone()).collect());
    for c in controllers {
        c.abort();
    }
}

/// The error of a call the person cancelled.
fn cancelled() -> ApiError {
    ApiError {
        error_type: Some(CANCELLED.into()),
        ..ApiError::network("The request was cancelled.")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// The API client; cheap to clone, provided as context by the shell.
#[derive(Clone)]
pub struct Client {
    /// Quay's base URL without trailing slash; empty for same origin.
    base: Arc<str>,
    session: Session,
    activity: RwSignal<Activity>,
}

/// Bearer calls of this client: in flight now, and finished so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    pub in_flight: u32,
    pub finished: u32,
    /// Seconds a GET is waiting because Quay answered 429 with `Retry-After` (0 = none).
    pub retry_wait_s: u32,
}

impl Activity {
    /// At least one call has answered and none is waiting: Quay's workers are free.
    #[must_use]
    pub fn idle_after_first(&self) -> bool {
        self.finished > 0 && self.in_flight == 0
    }
}

/// Counts a call as in flight (and cancellable) until dropped.
struct InFlight(RwSignal<Activity>, u64);

impl InFlight {
    fn start(activity: RwSignal<Activity>, controller: AbortController) -> Self {
        activity.try_update(|a| a.in_flight += 1);
        let id = NEXT_ID.get() + 1;
        NEXT_ID.set(id);
        IN_FLIGHT.with_borrow_mut(|list| list.push((id, js_sys::Date::now(), controller)));
        Self(activity, id)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let id = self.1;
        IN_FLIGHT.with_borrow_mut(|list| list.retain(|(i, _, _)| *i != id));
        self.0.try_update(|a| {
            a.in_flight = a.in_flight.saturating_sub(1);
            a.finished += 1;
        });
    }
}

/// Aborts the request when dropped (the future was dropped) unless it has finished.
struct AbortOnDrop(AbortController, Rc<Cell<bool>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.1.get() {
            self.0.abort();
        }
    }
}

impl Client {
    #[must_use]
    pub fn new(base: &str, session: Session) -> Self {
        Self {
            base: Arc::from(base),
            session,
            activity: RwSignal::new(Activity::default()),
        }
    }

    /// The client's bearer calls (reactive), e.g. to wait until the first screen has its answer.
    #[must_use]
    pub fn activity(&self) -> RwSignal<Activity> {
        self.activity
    }

    /// Quay's base URL (empty = same origin), for links to Quay's own pages.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    #[must_use]
    pub fn session(&self) -> Session {
        self.session
    }

    /// `GET /api/v1{path}` decoded as JSON `T`.
    ///
    /// # Errors
    /// Every failure, as [`ApiError`].
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        scope: &'static str,
    ) -> Result<T, ApiError> {
        self.call::<Json<T>>(Method::Get, path, scope, None, &[])
            .await
            .map(|j| j.0)
    }

    /// Like [`Client::get`], but also decodes the body of the listed non-2xx statuses as `T`
    /// (e.g. Quay's mirror health answers 503 with the health report when unhealthy).
    ///
    /// # Errors
    /// Every other failure, as [`ApiError`].
    pub async fn get_accepting<T: DeserializeOwned>(
        &self,
        path: &str,
        scope: &'static str,
        also: &[u16],
    ) -> Result<T, ApiError> {
        self.call::<Json<T>>(Method::Get, path, scope, None, also)
            .await
            .map(|j| j.0)
    }

    /// A request with an optional JSON body; `R` is [`Json<T>`] or [`crate::model::error::Empty`].
    ///
    /// # Errors
    /// Every failure, as [`ApiError`].
    pub async fn send<R: FromBody>(
        &self,
        method: Method,
        path: &str,
        scope: &'static str,
        body: Option<&impl Serialize>,
    ) -> Result<R, ApiError> {
        let body = match body.map(serde_json::to_string) {
            None => None,
            Some(Ok(text)) => Some(text),
            Some(Err(e)) => {
                return Err(ApiError::decode(format!(
                    "Could not encode the request: {e}"
                )))
            }
        };
        self.call(method, path, scope, body, &[]).await
    }

    /// Starts `GET /api/v1{path}` now, for the page that will ask for it in a moment (a deep
    /// link's first request, sent beside the page's wasm chunks); that page's own `get` of the
    /// same path then takes this answer instead of making a second call.
    pub fn prefetch(&self, path: &str, scope: &'static str) {
        if self.session.access_token().is_none()
            || !self.session.has_scope(scope)
            || super::boot::has_early(path)
        {
            return;
        }
        let Some(slot) = super::early::register(path) else {
            return;
        };
        let (this, path) = (self.clone(), path.to_owned());
        leptos::task::spawn_local(async move {
            let outcome = this.call_text(Method::Get, &path, scope, None, &[]).await;
            super::early::fill(&slot, outcome);
        });
    }

    /// Like [`Client::get`], and the body is kept for this tab ([`super::seen`]) so that a reload
    /// can show it at once ([`Client::last_seen`]) while asking again.
    ///
    /// # Errors
    /// Every failure, as [`ApiError`].
    pub async fn get_remembered<T: DeserializeOwned>(
        &self,
        path: &str,
        scope: &'static str,
    ) -> Result<T, ApiError> {
        let (_, text) = self.get_text(path, scope).await?;
        let value = Json::<T>::from_body(&text)?;
        super::seen::save(&self.base, path, &text);
        Ok(value.0)
    }

    /// Like [`Client::get_remembered`], but the body is kept under `key` (another path: e.g. the
    /// first page of a list whose first entries came on a later page), and only when `keep` says so.
    ///
    /// # Errors
    /// Every failure, as [`ApiError`].
    pub async fn get_remembered_as<T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        scope: &'static str,
        keep: fn(&T) -> bool,
    ) -> Result<T, ApiError> {
        let (_, text) = self.get_text(path, scope).await?;
        let value = Json::<T>::from_body(&text)?;
        if keep(&value.0) {
            super::seen::save(&self.base, key, &text);
        }
        Ok(value.0)
    }

    /// Rows of the list whose first page is `path`, when this tab last saw its end.
    #[must_use]
    pub fn last_end(&self, path: &str) -> Option<usize> {
        super::seen::end(&self.base, path)
    }

    /// Remembers where the list whose first page is `path` ended.
    pub fn remember_end(&self, path: &str, rows: usize) {
        super::seen::save_end(&self.base, path, rows);
    }

    /// What this tab last saw for `GET {path}` ([`Client::get_remembered`]), if anything.
    #[must_use]
    pub fn last_seen<T: DeserializeOwned>(&self, path: &str) -> Option<T> {
        let text = super::seen::load(&self.base, path)?;
        Json::<T>::from_body(&text).ok().map(|j| j.0)
    }

    /// A GET's status and body: the early answer for this path if there is one, else a call.
    async fn get_text(&self, path: &str, scope: &'static str) -> Result<(u16, String), ApiError> {
        if super::boot::has_early(path) {
            let answer = {
                // Counted like any request (the status bar, `Client::activity`) and cancelled like
                // one: "Cancel" aborts the wait (the early script's fetch runs on to its own limit,
                // the client's: it reads the same setting).
                let controller = AbortController::new().ok();
                let _in_flight = controller
                    .clone()
                    .map(|controller| InFlight::start(self.activity, controller));
                let url = format!("{}/api/v1{path}", self.base);
                let answer = super::boot::early(path, &url);
                match controller {
                    Some(controller) => until_aborted(answer, &controller.signal()).await,
                    None => Some(answer.await),
                }
            };
            match answer {
                None => return Err(cancelled()),
                Some(Some(super::boot::Early::TimedOut)) => {
                    return self.checked(Err(ApiError::timeout()), scope)
                }
                Some(Some(super::boot::Early::Answer {
                    status,
                    body,
                    retry_after,
                })) => {
                    if (200..300).contains(&status) {
                        return self.checked(Ok((status, body)), scope);
                    }
                    let failed = self.checked(Err(decode_error(status, &body)), scope);
                    // A 429 with a short `Retry-After` is asked once more after that wait, as the
                    // client's own GETs are (`call_text`).
                    match retry_after.filter(|w| status == 429 && *w <= MAX_RETRY_WAIT_S) {
                        Some(wait) => {
                            return self
                                .after_wait(wait, Method::Get, path, scope, None, &[])
                                .await
                        }
                        None => return failed,
                    }
                }
                Some(None) => {}
            }
        }
        match super::early::claim(path).await {
            Some(outcome) => outcome,
            None => self.call_text(Method::Get, path, scope, None, &[]).await,
        }
    }

    async fn call<R: FromBody>(
        &self,
        method: Method,
        path: &str,
        scope: &'static str,
        body: Option<String>,
        also_ok: &[u16],
    ) -> Result<R, ApiError> {
        // Only the decoding is generic: the request machinery below is compiled once, not once
        // per response type (it is most of the console's wasm otherwise).
        let (status, text) = if method == Method::Get && also_ok.is_empty() {
            self.get_text(path, scope).await?
        } else {
            self.call_text(method, path, scope, body, also_ok).await?
        };
        if (200..300).contains(&status) {
            R::from_body(&text)
        } else {
            // One of `also_ok`: its body is the answer; if it is not, it is an error after all.
            R::from_body(&text).map_err(|_| decode_error(status, &text))
        }
    }

    /// The status and body of a 2xx answer (or of one of `also_ok`). A GET answered 429 with a
    /// `Retry-After` of at most [`MAX_RETRY_WAIT_S`] is sent once more after that wait (shown by
    /// [`Activity::retry_wait_s`]); other methods are never resent.
    async fn call_text(
        &self,
        method: Method,
        path: &str,
        scope: &'static str,
        body: Option<String>,
        also_ok: &[u16],
    ) -> Result<(u16, String), ApiError> {
        let first = self
            .attempt(method, path, scope, body.clone(), also_ok)
            .await;
        match first {
            Err((_, Some(wait))) if method == Method::Get && wait <= MAX_RETRY_WAIT_S => {
                self.after_wait(wait, method, path, scope, body, also_ok)
                    .await
            }
            other => other.map_err(|(e, _)| e),
        }
    }

    /// Waits a 429's `Retry-After` (shown by [`Activity::retry_wait_s`]), then sends the request
    /// once more: the one retry a GET gets, whether its first answer was the client's own or the
    /// boot script's.
    async fn after_wait(
        &self,
        wait: u32,
        method: Method,
        path: &str,
        scope: &'static str,
        body: Option<String>,
        also_ok: &[u16],
    ) -> Result<(u16, String), ApiError> {
        self.activity
            .try_update(|a| a.retry_wait_s = a.retry_wait_s.max(wait.max(1)));
        sleep(wait).await;
        self.activity.try_update(|a| a.retry_wait_s = 0);
        self.attempt(method, path, scope, body, also_ok)
            .await
            .map_err(|(e, _)| e)
    }

    /// One request; a failure comes with Quay's `Retry-After` seconds when it sent 429 with one.
    async fn attempt(
        &self,
        method: Method,
        path: &str,
        scope: &'static str,
        body: Option<String>,
        also_ok: &[u16],
    ) -> Result<(u16, String), (ApiError, Option<u32>)> {
        let Some(token) = self.session.access_token() else {
            self.session.expire();
            return Err((
                ApiError::new(ErrorKind::Unauthorized, 401, "Not signed in."),
                None,
            ));
        };
        if !self.session.has_scope(scope) {
            return Err((missing_scope(scope), None));
        }
        let url = format!("{}/api/v1{path}", self.base);
        let controller = AbortController::new().map_err(|_| {
            (
                ApiError::network("The browser cannot start a request."),
                None,
            )
        })?;
        let _in_flight = InFlight::start(self.activity, controller.clone());
        let finished = Rc::new(Cell::new(false));
        let _guard = AbortOnDrop(controller.clone(), finished.clone());
        if Owner::current().is_some() {
            let on_owner_cleanup = SendWrapper::new((controller.clone(), finished.clone()));
            on_cleanup(move || {
                let (controller, finished) = &*on_owner_cleanup;
                if !finished.get() {
                    controller.abort();
                }
            });
        }
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            set_timeout_with_handle(
                move || {
                    timed_out.set(true);
                    controller.abort();
                },
                time_limit(),
            )
            .ok()
        };

        let signal = controller.signal();
        let builder = match method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Delete => Request::delete(&url),
        };
        let builder: RequestBuilder = builder
            .header("Authorization", &format!("Bearer {token}"))
            .header("X-Requested-With", "XMLHttpRequest")
            .header("Accept", "application/json")
            // Quay's answers never go to the browser's HTTP cache (a registry's data on disk), and
            // a retry is never queued behind a hung request to the same URL (Chromium's cache lock
            // holds a second identical GET for up to 20 s).
            .cache(web_sys::RequestCache::NoStore)
            .abort_signal(Some(&signal));
        let request = match body {
            Some(text) => builder
                .header("Content-Type", "application/json")
                .body(text),
            None => builder.build(),
        };
        let result = match request {
            Ok(request) => request.send().await,
            Err(_) => {
                return Err((
                    ApiError::network("The browser refused to build the request."),
                    None,
                ))
            }
        };
        let mut retry_after = None;
        let outcome = match result {
            Err(_) if timed_out.get() => Err(ApiError::timeout()),
            Err(_) if signal.aborted() => Err(cancelled()),
            Err(_) => Err(ApiError::network(
                "Quay could not be reached (network error, or Quay's address or CORS is wrong).",
            )),
            Ok(response) => {
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                if (200..300).contains(&status) || also_ok.contains(&status) {
                    Ok((status, text))
                } else {
                    if status == 429 {
                        retry_after = response
                            .headers()
                            .get("retry-after")
                            .and_then(|v| crate::model::error::retry_after_seconds(&v));
                    }
                    Err(decode_error(status, &text))
                }
            }
        };
        finished.set(true);
        if let Some(timer) = timer {
            timer.clear();
        }
        self.checked(outcome, scope).map_err(|e| (e, retry_after))
    }

    /// What every answer goes through: a 401 signs out; Quay's `insufficient_scope` is read as a
    /// missing scope only when the granted scopes are unknown; a body's lone surrogate escapes are
    /// mended (`model::wire`).
    fn checked(
        &self,
        outcome: Result<(u16, String), ApiError>,
        scope: &'static str,
    ) -> Result<(u16, String), ApiError> {
        match outcome {
            Err(e) if e.kind == ErrorKind::Unauthorized => {
                self.session.expire();
                Err(e)
            }
            // Quay answers `insufficient_scope` both for a token without the scope and for a
            // user without the permission (its `Unauthorized` exception). Only when the granted
            // scopes are unknown can the scope be the reason; otherwise it is the permission.
            Err(e)
                if e.kind == ErrorKind::Forbidden
                    && e.error_type.as_deref() == Some("insufficient_scope")
                    && !self.session.granted_explicitly(scope) =>
            {
                Err(missing_scope(scope))
            }
            // A lone surrogate escape in one string must not fail the whole answer.
            Ok((status, text)) => Ok((status, crate::model::wire::mend_surrogates(text))),
            other => other,
        }
    }
}

/// `ApiError::error_type` of a call refused for a scope the sign-in lacks.
pub const MISSING_SCOPE: &str = "console_missing_scope";

fn missing_scope(scope: &'static str) -> ApiError {
    ApiError {
        kind: ErrorKind::Forbidden,
        status: 403,
        message: crate::i18n::tf("auth.missing_scope", &[("scope", scope)]),
        // The console's own marker (not one of Quay's error types): `describe` shows the message.
        error_type: Some(MISSING_SCOPE.into()),
    }
}

/// Fetches a same-origin static file (config.json) with no credentials; the one non-API fetch.
///
/// # Errors
/// The status (0 for a network failure) and a short reason.
pub async fn fetch_static(url: &str) -> Result<String, (u16, String)> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| (0, e.to_string()))?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err((status, response.status_text()));
    }
    response.text().await.map_err(|e| (status, e.to_string()))
}
