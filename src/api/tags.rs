//! Quay's tags endpoints (filled in by the tags view).
