//! Quay's logs endpoints (filled in by the logs view).
