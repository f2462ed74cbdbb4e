//! Quay's tags JSON and its pure logic (filled in by the tags view).
