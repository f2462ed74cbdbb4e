//! Quay's quotas JSON and its pure logic (filled in by the quotas view).
