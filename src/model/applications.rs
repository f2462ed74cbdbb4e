//! Quay's applications JSON and its pure logic (filled in by the applications view).
