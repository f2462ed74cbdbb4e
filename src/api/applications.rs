//! Quay's applications endpoints (filled in by the applications view).
