//! Quay's quotas endpoints (filled in by the quotas view).
