//! A browser pathname without the console's base (see [`super::href`]).

/// The router-relative path of a browser pathname: `/console/user/robots` → `/user/robots` for
/// base `/console` (with or without its trailing slash).
#[must_use]
pub fn strip_base(pathname: &str, base: &str) -> String {
    let base = base.trim_end_matches('/');
    match pathname.strip_prefix(base) {
        Some(rest) if base.is_empty() || rest.is_empty() || rest.starts_with('/') => {
            if rest.is_empty() {
                "/".to_owned()
            } else {
                rest.to_owned()
            }
        }
        _ => pathname.to_owned(),
    }
}

#[cfg(test)]
mod strip_tests {
    use super::strip_base;

    #[test]
    fn strips_only_the_base() {
        assert_eq!(
            strip_base("/console/user/robots", "/console/"),
            "/user/robots"
        );
        assert_eq!(strip_base("/console", "/console"), "/");
        assert_eq!(strip_base("/console/", "/console/"), "/");
        assert_eq!(strip_base("/consoleX/a", "/console"), "/consoleX/a");
        assert_eq!(strip_base("/a/b", "/"), "/a/b");
    }
}
