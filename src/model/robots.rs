//! Quay's robots JSON and its pure logic (filled in by the robots view).
