//! What wraps every `/api/v1` request, outermost first: CORS (preflights answered here, and
//! `Access-Control-Allow-Origin: *` on every response, or with `--cors-origin` the allowed `Origin`
//! echoed with credentials: [`cors_headers`]), the request journal, injected faults (latency,
//! hang, malformed, failures), the X-Requested-With rule, then the route (or, for a feature that is off, what Quay answers
//! instead: [`features::gate`]). Unknown `/api/v1` paths get
//! Flask's HTML 404.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::faults::{Action, RequestRecord};
use crate::{auth, errors, features, util, AppState};

/// The path belongs to Quay's REST API.
pub fn is_api(path: &str) -> bool {
    path == "/api/v1" || path.starts_with("/api/v1/")
}

const ALLOWED_METHODS: &str = "DELETE, GET, HEAD, OPTIONS, POST, PUT";
const ALLOWED_HEADERS: [&str; 3] = ["authorization", "content-type", "x-requested-with"];

/// Answer to a CORS preflight: the allowed methods, and the requested headers that Quay allows.
fn preflight(headers: &HeaderMap) -> Response {
    let requested = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok());
    let allowed = match requested {
        Some(list) => list
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| ALLOWED_HEADERS.contains(&h.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        None => ALLOWED_HEADERS.join(", "),
    };
    let mut response = StatusCode::OK.into_response();
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    if let Ok(v) = HeaderValue::from_str(&allowed) {
        if !allowed.is_empty() {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
        }
    }
    response
}

/// The CORS headers of an `/api/v1` answer (preflight, success or error) to a request from `origin`.
/// Without Quay's `CORS_ORIGIN` (`allowed` empty): `*`, no credentials. With it: an allowed origin is
/// echoed with `Access-Control-Allow-Credentials: true`; others get no `Access-Control-Allow-Origin`.
pub fn cors_headers(
    allowed: &[String],
    origin: Option<&str>,
) -> Vec<(header::HeaderName, HeaderValue)> {
    if allowed.is_empty() {
        return vec![(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        )];
    }
    let mut out = vec![(header::VARY, HeaderValue::from_static("Origin"))];
    let echoed = origin
        .filter(|o| allowed.iter().any(|a| a.eq_ignore_ascii_case(o)))
        .and_then(|o| HeaderValue::from_str(o).ok());
    if let Some(value) = echoed {
        out.push((header::ACCESS_CONTROL_ALLOW_ORIGIN, value));
        out.push((
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        ));
    }
    out
}

fn malformed() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        "{\"sandbox\": \"malformed on purpose\", \"items\": [1, 2,",
    )
        .into_response()
}

/// The `/api/v1` layer (passes every other path through untouched).
pub async fn api_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_api(req.uri().path()) {
        return next.run(req).await;
    }
    let base = util::request_origin(req.headers());
    let cors = cors_headers(
        &state.opts.cors_origins,
        req.headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok()),
    );
    let method = req.method().clone();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    let record = RequestRecord {
        id: 0,
        method: method.to_string(),
        path: req.uri().path().to_owned(),
        query: req.uri().query().map(str::to_owned),
        has_authorization: req.headers().contains_key(header::AUTHORIZATION),
        x_requested_with: req
            .headers()
            .get("x-requested-with")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        status: None,
        started_ms: state.latency.now_ms(),
        finished_ms: None,
    };
    let (id, action, latency) = {
        let mut control = state.control();
        let id = control.record(record);
        let action = if method == Method::OPTIONS {
            Action::Pass
        } else {
            control.decide(method.as_str(), &path_and_query)
        };
        (id, action, control.faults.latency_ms)
    };
    let latency_model = state.latency.clone();
    // An endpoint whose feature is off is not routed on Quay: answered before any token check.
    let gate_state = state.clone();
    let mut response = errors::BASE_URL
        .scope(base, async move {
            if method == Method::OPTIONS {
                return preflight(req.headers());
            }
            // Inside the scope, so that an `ApiError`'s `type` URL names this host.
            if let Some(answer) = features::gate(&gate_state, &method, req.uri().path()) {
                return answer;
            }
            if latency > 0 {
                tokio::time::sleep(Duration::from_millis(latency)).await;
            }
            // Held until the answer is ready, as a Quay web worker is (see `latency`).
            let worker = latency_model.enter(req.headers()).await;
            match action {
                Action::Hang => {
                    drop(worker);
                    std::future::pending::<Response>().await
                }
                Action::Malformed => malformed(),
                Action::Fail(status, retry_after, message) => {
                    let status =
                        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    let mut answer = match message {
                        Some(text) => errors::for_status_with(status, &text),
                        None => errors::for_status(status),
                    };
                    if let Some(seconds) = retry_after {
                        answer
                            .headers_mut()
                            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                        // Readable by a console on another origin too.
                        answer.headers_mut().insert(
                            header::ACCESS_CONTROL_EXPOSE_HEADERS,
                            HeaderValue::from_static("Retry-After"),
                        );
                    }
                    answer
                }
                Action::Pass => match auth::xhr_rule(&method, req.headers()) {
                    Err(refusal) => refusal,
                    Ok(()) => next.run(req).await,
                },
            }
        })
        .await;
    if state.world().opts.hostile {
        response = crate::hostile::patch_response(response).await;
    }
    for (name, value) in cors {
        response.headers_mut().append(name, value);
    }
    let finished_ms = state.latency.now_ms();
    state
        .control()
        .finish(id, response.status().as_u16(), finished_ms);
    response
}

/// No route matched: Flask's HTML 404 under `/api/v1`, a plain 404 elsewhere.
pub async fn fallback(req: Request) -> Response {
    if is_api(req.uri().path()) {
        errors::flask_not_found()
    } else {
        (StatusCode::NOT_FOUND, "Not Found").into_response()
    }
}

/// A known path with another method.
pub async fn method_not_allowed(req: Request) -> Response {
    if is_api(req.uri().path()) {
        errors::flask_method_not_allowed()
    } else {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    }
}
