//! Quay's error bodies, built exactly like the recordings.
//!
//! * [`api_error`] and its shorthands: Quay's `ApiError`
//!   `{"detail","error_message","error_type","title","type","status"}` (see `tag_delete_missing.json`).
//! * [`message`]: `{"message": ...}` (robot not found is a **400**, bad log range 400).
//! * [`error`]: `{"error": ...}` (the X-Requested-With refusal, CSRF failures).
//! * [`detail_only`]: `{"detail": ...}` (e.g. mirror create conflict, 409).
//! * [`flask_not_found`]: the HTML page Flask answers for unknown `/api/v1/...` paths.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// What handlers return: the success response, or an error response built here.
pub type ApiResult = Result<Response, Response>;

tokio::task_local! {
    /// `scheme://host` of the request being served, for the `type` URL of ApiErrors.
    pub static BASE_URL: String;
}

fn base_url() -> String {
    BASE_URL
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "http://localhost".to_owned())
}

/// Quay's `ApiError` body with the given status, `error_type` (e.g. `not_found`) and detail text.
pub fn api_error(status: StatusCode, error_type: &str, detail: &str) -> Response {
    (status, Json(api_error_body(status, error_type, detail))).into_response()
}

/// The JSON of an `ApiError`, for callers that need to adjust it.
pub fn api_error_body(status: StatusCode, error_type: &str, detail: &str) -> Value {
    json!({
        "detail": detail,
        "error_message": detail,
        "error_type": error_type,
        "title": error_type,
        "type": format!("{}/api/v1/error/{error_type}", base_url()),
        "status": status.as_u16(),
    })
}

/// 404 `not_found` "Not Found".
pub fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "not_found", "Not Found")
}

/// 400 `invalid_request` with a detail text.
pub fn invalid_request(detail: &str) -> Response {
    api_error(StatusCode::BAD_REQUEST, "invalid_request", detail)
}

/// 401 `invalid_token` "Requires authentication": no, unknown, expired or revoked token.
/// Quay adds `"session_required": false` to it (`user_revoked_token.json`).
pub fn invalid_token() -> Response {
    let mut body = api_error_body(
        StatusCode::UNAUTHORIZED,
        "invalid_token",
        "Requires authentication",
    );
    if let Some(map) = body.as_object_mut() {
        map.insert("session_required".to_owned(), Value::Bool(false));
    }
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// 403 `insufficient_scope` "Unauthorized": Quay's `Unauthorized()` for a signed-in caller who lacks the
/// token scope or the role (not an org admin, not a superuser, no access to the repository).
pub fn unauthorized() -> Response {
    api_error(StatusCode::FORBIDDEN, "insufficient_scope", "Unauthorized")
}

/// 500 for injected failures.
pub fn server_error() -> Response {
    api_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "downstream_issue",
        "Internal Server Error",
    )
}

/// An ApiError for any status, choosing the `error_type` Quay would use for it (fault injection).
pub fn for_status(status: StatusCode) -> Response {
    match status.as_u16() {
        400 => invalid_request("Bad Request"),
        401 => invalid_token(),
        403 => unauthorized(),
        404 => not_found(),
        _ => api_error(
            status,
            "downstream_issue",
            status.canonical_reason().unwrap_or("Error"),
        ),
    }
}

/// [`for_status`] with Quay's own words instead of the status's generic text (fault injection of a
/// refusal such as `request_error`'s 400 `invalid_request`).
pub fn for_status_with(status: StatusCode, text: &str) -> Response {
    let error_type = match status.as_u16() {
        400 => "invalid_request",
        401 => "invalid_token",
        403 => "insufficient_scope",
        404 => "not_found",
        _ => "downstream_issue",
    };
    api_error(status, error_type, text)
}

/// `{"message": ...}` with the given status.
pub fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

/// `{"error": ...}` with the given status.
pub fn error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "error": text }))).into_response()
}

/// `{"detail": ...}` with the given status.
pub fn detail_only(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "detail": text }))).into_response()
}

/// The body of Werkzeug's 404 page.
pub const FLASK_404_HTML: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n\
<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually \
please check your spelling and try again.</p>\n";

/// The HTML 404 Flask answers for an `/api/v1/...` path it cannot route.
pub fn flask_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        FLASK_404_HTML,
    )
        .into_response()
}

/// Werkzeug's 405 page (a known path with another method).
pub fn flask_method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n\
<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n",
    )
        .into_response()
}

/// 200 with a JSON body.
pub fn ok(body: Value) -> ApiResult {
    Ok(Json(body).into_response())
}

/// A status with a JSON body (e.g. 201 `"Created"`).
pub fn with_status(status: StatusCode, body: Value) -> ApiResult {
    Ok((status, Json(body)).into_response())
}

/// 204 with an empty body.
pub fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Parses a JSON request body; malformed JSON is a 400 `invalid_request` as in Quay.
pub fn parse_body(body: &[u8]) -> Result<Value, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|_| {
        invalid_request(
            "The browser (or proxy) sent a request that this server could not understand.",
        )
    })
}

/// Checks that `body` has every field of `required`, with Quay's jsonschema wording when one is missing.
pub fn require_fields(body: &Value, required: &[&str]) -> Result<(), Response> {
    for field in required {
        if body.get(field).is_none() {
            return Err(invalid_request(&format!(
                "'{field}' is a required property"
            )));
        }
    }
    Ok(())
}
