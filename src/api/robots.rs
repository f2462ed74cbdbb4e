//! Quay's robots endpoints (filled in by the robots view).
