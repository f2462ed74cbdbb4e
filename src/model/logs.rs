//! Quay's logs JSON and its pure logic (filled in by the logs view).
