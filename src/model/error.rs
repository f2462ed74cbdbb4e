//! One error type for every way a Quay call can fail, and the decoding of every error body Quay sends.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// What went wrong, grouped the way a person has to react to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No answer: offline, DNS, CORS refused, connection reset.
    Network,
    /// No answer within the client's time limit.
    Timeout,
    /// 401: the token is missing, expired or revoked; sign in again.
    Unauthorized,
    /// 403: signed in, but this token or user may not do this.
    Forbidden,
    /// 404: no such namespace, repository, tag, ...
    NotFound,
    /// 409: the thing exists already or is in the wrong state.
    Conflict,
    /// 400 and other 4xx: Quay refused the input; the message says why.
    Refused,
    /// 5xx.
    Server,
    /// A 2xx whose body is not what Quay documents.
    Decode,
}

/// An error from the API client, safe to show: it never carries the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// HTTP status, 0 when there was no response.
    pub status: u16,
    /// Quay's own message when it sent one, else a short description of the failure.
    pub message: String,
    /// Quay's `error_type` (`not_found`, `insufficient_scope`, `invalid_token`, ...) when it sent one.
    pub error_type: Option<String>,
}

impl ApiError {
    #[must_use]
    pub fn new(kind: ErrorKind, status: u16, message: impl Into<String>) -> Self {
        Self {
            kind,
            status,
            message: message.into(),
            error_type: None,
        }
    }

    #[must_use]
    pub fn network(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, 0, detail)
    }

    #[must_use]
    pub fn timeout() -> Self {
        Self::new(ErrorKind::Timeout, 0, "Quay did not answer in time.")
    }

    #[must_use]
    pub fn decode(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode, 0, detail)
    }
}

/// `ApiError::error_type` of a write whose 2xx answer could not be read: it may have happened.
pub const WRITE_UNKNOWN: &str = "console_write_unknown";

impl ApiError {
    /// A write that failed this way (no answer, or an unreadable one) may still have happened:
    /// check before sending it again.
    #[must_use]
    pub fn write_may_have_happened(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Timeout | ErrorKind::Network | ErrorKind::Decode
        )
    }

    /// The error of a write: an unreadable 2xx answer says "may have happened" ([`WRITE_UNKNOWN`]),
    /// not "another Quay version".
    #[must_use]
    pub fn for_write(self) -> Self {
        if self.kind == ErrorKind::Decode {
            Self {
                error_type: Some(WRITE_UNKNOWN.into()),
                ..self
            }
        } else {
            self
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.status == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "{} ({})", self.message, self.status)
        }
    }
}

impl std::error::Error for ApiError {}

/// The union of the three JSON error shapes Quay answers with.
#[derive(Deserialize, Default)]
struct ErrorBody {
    // ApiError
    detail: Option<String>,
    error_message: Option<String>,
    error_type: Option<String>,
    title: Option<String>,
    // {"message": ...}: robot not found, bad log range, mirror validation
    message: Option<String>,
    // {"error": ...}: the X-Requested-With refusal, CSRF; OAuth errors add error_description
    error: Option<String>,
    error_description: Option<String>,
}

/// The seconds of a `Retry-After` header given in seconds (the HTTP-date form is not waited for).
#[must_use]
pub fn retry_after_seconds(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}

/// The kind for an HTTP status that is not a success.
#[must_use]
pub fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 | 410 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Refused,
    }
}

/// Builds the error for a non-2xx response from its status and body, whatever the body is
/// (ApiError, `{"message"}`, `{"error"}`, Flask's HTML 404 page, empty, or garbage).
#[must_use]
pub fn decode_error(status: u16, body: &str) -> ApiError {
    let kind = kind_for_status(status);
    let parsed: ErrorBody = serde_json::from_str(body).unwrap_or_default();
    let message = [
        parsed.detail.as_deref(),
        parsed.error_message.as_deref(),
        parsed.message.as_deref(),
        parsed.error_description.as_deref(),
        parsed.error.as_deref(),
        parsed.title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|m| !m.is_empty())
    .map_or_else(|| fallback_message(status).to_owned(), ToOwned::to_owned);
    ApiError {
        kind,
        status,
        message,
        error_type: parsed.error_type,
    }
}

fn fallback_message(status: u16) -> &'static str {
    match status {
        400 => "Quay refused the request.",
        401 => "Your session has ended. Sign in again.",
        403 => "You are not allowed to do this.",
        404 => "Not found.",
        409 => "This conflicts with the current state.",
        429 => "Too many requests. Wait a moment and try again.",
        500..=599 => "Quay had an internal error.",
        _ => "Unexpected response from Quay.",
    }
}

/// A body Quay sends on success when there is nothing to say: 204 empty, 201 `""`,
/// `"Created"`, `"Updated"`, `{}`, or anything else we do not need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty;

/// Types the client can decode from a 2xx body.
pub trait FromBody: Sized {
    /// # Errors
    /// When the body is not the documented shape.
    fn from_body(body: &str) -> Result<Self, ApiError>;
}

impl FromBody for Empty {
    fn from_body(_body: &str) -> Result<Self, ApiError> {
        Ok(Self)
    }
}

/// JSON bodies: any deserialisable type, wrapped so the impls do not overlap with [`Empty`].
#[derive(Clone, Debug, PartialEq)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> FromBody for Json<T> {
    fn from_body(body: &str) -> Result<Self, ApiError> {
        decode_json(body).map(Json)
    }
}

/// Decodes a success body as `T`.
///
/// # Errors
/// A [`ErrorKind::Decode`] error naming where the body differs, never a panic.
pub fn decode_json<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body)
        .map_err(|e| ApiError::decode(format!("Quay's answer was not in the expected form ({e}).")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_only() {
        assert_eq!(retry_after_seconds(" 2 "), Some(2));
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after_seconds("-1"), None);
        assert_eq!(retry_after_seconds(""), None);
    }

    #[test]
    fn api_error_shape() {
        let e = decode_error(
            404,
            r#"{"detail": "Not Found", "error_message": "Not Found", "error_type": "not_found", "title": "not_found", "type": "x", "status": 404}"#,
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.message, "Not Found");
        assert_eq!(e.error_type.as_deref(), Some("not_found"));
    }

    #[test]
    fn message_and_error_shapes() {
        let e = decode_error(
            400,
            r#"{"message":"Could not find robot with specified username"}"#,
        );
        assert_eq!(e.kind, ErrorKind::Refused);
        assert_eq!(e.message, "Could not find robot with specified username");
        let e = decode_error(
            400,
            r#"{"error": "API calls must be invoked with an X-Requested-With header if called from a browser"}"#,
        );
        assert!(e.message.starts_with("API calls must"));
    }

    #[test]
    fn html_and_garbage_bodies() {
        let e = decode_error(404, "<!doctype html><title>404 Not Found</title>");
        assert_eq!(e.message, "Not found.");
        let e = decode_error(502, "");
        assert_eq!(e.kind, ErrorKind::Server);
        let e = decode_error(400, "[1,2");
        assert_eq!(e.kind, ErrorKind::Refused);
        let e = decode_error(400, r#"{"detail": 5}"#);
        assert_eq!(e.message, "Quay refused the request.");
    }

    #[test]
    fn empty_bodies() {
        for body in ["", "\"\"", "\"Created\"", "\"Updated\"", "{}"] {
            assert_eq!(Empty::from_body(body), Ok(Empty));
        }
        assert!(decode_json::<Vec<u8>>("{").is_err());
    }
}
