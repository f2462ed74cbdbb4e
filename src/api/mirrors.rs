//! Quay's mirrors endpoints (filled in by the mirrors view).
