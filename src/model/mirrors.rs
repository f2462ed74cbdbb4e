//! Quay's mirrors JSON and its pure logic (filled in by the mirrors view).
