//! Every console path in one place, with typed builders. Builders return complete hrefs that
//! include the console's base (`/console/repository/...`), set once at start-up with
//! [`set_base`]: use them for `<A href>` and with `views::use_go()` (which navigates without
//! re-resolving). Every segment is percent-encoded.

use std::sync::OnceLock;

use crate::model::url::encode;

mod strip;
pub use strip::strip_base;

static BASE: OnceLock<String> = OnceLock::new();

/// Sets the console's base path (`/console/` or `/`), once, before the router starts.
pub fn set_base(base: &str) {
    let _ = BASE.set(base.trim_end_matches('/').to_owned());
}

/// The base without its trailing slash (`/console`, or empty at the root).
#[must_use]
pub fn base() -> &'static str {
    BASE.get().map_or("", String::as_str)
}

/// A router-relative path (`/user/robots?x=1`) as a complete href (`/console/user/robots?x=1`).
#[must_use]
pub fn href(path: &str) -> String {
    format!("{}{path}", base())
}

#[must_use]
pub fn home() -> String {
    href("/")
}

/// Home with a namespace chosen.
#[must_use]
pub fn namespace(ns: &str) -> String {
    href(&format!("/?ns={}", encode(ns)))
}

#[must_use]
pub fn repository(ns: &str, repo: &str) -> String {
    href(&format!("/repository/{}/{}", encode(ns), encode(repo)))
}

#[must_use]
pub fn repo_tags(ns: &str, repo: &str) -> String {
    format!("{}/tags", repository(ns, repo))
}

#[must_use]
pub fn repo_tag_history(ns: &str, repo: &str) -> String {
    format!("{}/tags/history", repository(ns, repo))
}

#[must_use]
pub fn repo_mirror(ns: &str, repo: &str) -> String {
    format!("{}/mirror", repository(ns, repo))
}

#[must_use]
pub fn repo_logs(ns: &str, repo: &str) -> String {
    format!("{}/logs", repository(ns, repo))
}

/// `/repository/{ns}/{repo}/immutability-policies`.
#[must_use]
pub fn repo_immutability(ns: &str, repo: &str) -> String {
    format!("{}/immutability-policies", repository(ns, repo))
}

/// `/repository/{ns}/{repo}/autoprune-policies`.
#[must_use]
pub fn repo_autoprune(ns: &str, repo: &str) -> String {
    format!("{}/autoprune-policies", repository(ns, repo))
}

/// A namespace area page: `/organization/{org}/{area}` or, for the signed-in user, `/user/{area}`.
#[must_use]
pub fn namespace_area(ns: &str, is_user: bool, area: NamespaceArea) -> String {
    if is_user {
        href(&format!("/user/{}", area.slug()))
    } else {
        href(&format!("/organization/{}/{}", encode(ns), area.slug()))
    }
}

/// The areas a namespace (user or organization) has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamespaceArea {
    Robots,
    Applications,
    AppTokens,
    Quotas,
    Logs,
    /// An organization's default permissions (Quay's permission prototypes).
    DefaultPermissions,
    /// The signed-in user's authorized applications (OAuth grants).
    Authorizations,
    /// An organization's immutability policies (`FEATURE_IMMUTABLE_TAGS`).
    ImmutabilityPolicies,
    /// Auto-prune policies of an organization or the user (`FEATURE_AUTO_PRUNE`).
    AutoprunePolicies,
    /// An organization's proxy cache (pulls served from an upstream registry).
    ProxyCache,
    /// An organization's mirror of a whole Quay organization or Harbor project (`FEATURE_ORG_MIRROR`).
    OrgMirror,
    /// The access review of an organization or the user: stale or broad credentials, who can do what.
    Review,
}

impl NamespaceArea {
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Robots => "robots",
            Self::Applications => "applications",
            Self::AppTokens => "apptokens",
            Self::Quotas => "quotas",
            Self::Logs => "logs",
            Self::DefaultPermissions => "default-permissions",
            Self::Authorizations => "authorizations",
            Self::ImmutabilityPolicies => "immutability-policies",
            Self::AutoprunePolicies => "autoprune-policies",
            Self::ProxyCache => "proxy-cache",
            Self::OrgMirror => "mirror",
            Self::Review => "review",
        }
    }

    /// The area's name in navigation, the palette and home (a key of `core.txt`).
    #[must_use]
    pub fn nav_key(self) -> &'static str {
        match self {
            Self::Robots => "nav.robots",
            Self::Applications => "nav.applications",
            Self::AppTokens => "nav.apptokens",
            Self::Quotas => "nav.quotas",
            Self::Logs => "nav.logs",
            Self::DefaultPermissions => "nav.default_permissions",
            Self::Authorizations => "nav.authorizations",
            Self::ImmutabilityPolicies => "nav.immutability",
            Self::AutoprunePolicies => "nav.autoprune",
            Self::ProxyCache => "nav.proxy_cache",
            Self::OrgMirror => "nav.org_mirror",
            Self::Review => "nav.review",
        }
    }

    /// Which namespaces have this area: applications and default permissions are
    /// organization-only, app tokens and authorized applications user-only.
    #[must_use]
    pub fn applies(self, is_user: bool) -> bool {
        match self {
            Self::Applications
            | Self::DefaultPermissions
            | Self::ProxyCache
            | Self::OrgMirror
            | Self::ImmutabilityPolicies => !is_user,
            Self::AppTokens | Self::Authorizations => is_user,
            _ => true,
        }
    }

    pub const ALL: [Self; 12] = [
        Self::Robots,
        Self::Applications,
        Self::AppTokens,
        Self::DefaultPermissions,
        Self::ProxyCache,
        Self::OrgMirror,
        Self::Authorizations,
        Self::ImmutabilityPolicies,
        Self::AutoprunePolicies,
        Self::Quotas,
        Self::Logs,
        Self::Review,
    ];
}

/// `/organization/{org}/default-permissions`.
#[must_use]
pub fn org_default_permissions(org: &str) -> String {
    namespace_area(org, false, NamespaceArea::DefaultPermissions)
}

/// `/user/authorizations`: the signed-in user's authorized applications.
#[must_use]
pub fn user_authorizations() -> String {
    namespace_area("", true, NamespaceArea::Authorizations)
}

#[must_use]
pub fn superuser_logs() -> String {
    href("/superuser/logs")
}

#[must_use]
pub fn superuser_quotas() -> String {
    href("/superuser/quotas")
}

#[must_use]
pub fn superuser_registry_size() -> String {
    href("/superuser/registry-size")
}

#[must_use]
pub fn superuser_mirrors() -> String {
    href("/superuser/mirrors")
}

#[must_use]
pub fn mirrors_health() -> String {
    href("/mirrors/health")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_encode_segments() {
        assert_eq!(
            repo_tags("devtable", "simple"),
            "/repository/devtable/simple/tags"
        );
        assert_eq!(
            namespace_area("buy nlarge", false, NamespaceArea::Robots),
            "/organization/buy%20nlarge/robots"
        );
        assert_eq!(
            namespace_area("devtable", true, NamespaceArea::Quotas),
            "/user/quotas"
        );
        assert_eq!(namespace("a/b"), "/?ns=a%2Fb");
        assert_eq!(
            org_default_permissions("buynlarge"),
            "/organization/buynlarge/default-permissions"
        );
        assert_eq!(user_authorizations(), "/user/authorizations");
    }

    #[test]
    fn parses_places() {
        let p = place("/repository/devtable/simple/tags/history");
        assert_eq!(p.namespace.as_deref(), Some("devtable"));
        assert_eq!(p.repository.as_deref(), Some("simple"));
        assert_eq!(p.area.as_deref(), Some("history"));
        let p = place("/organization/buy%20nlarge/robots");
        assert_eq!(
            (p.namespace.as_deref(), p.area.as_deref()),
            (Some("buy nlarge"), Some("robots"))
        );
        assert!(place("/user/quotas").is_user);
        assert!(place("/superuser/logs").superuser);
        assert_eq!(place("/"), Place::default());
        assert_eq!(place("///%%%"), Place::default());
    }
}

/// Where a path is, for the navigation and breadcrumbs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The namespace in the path (`None` for `/user/...`: the signed-in user's).
    pub namespace: Option<String>,
    pub is_user: bool,
    pub repository: Option<String>,
    /// The last meaningful segment: `tags`, `history`, `mirror`, `robots`, ...
    pub area: Option<String>,
    pub superuser: bool,
}

/// Parses a router-relative path (`/repository/devtable/simple/tags`) into a [`Place`].
#[must_use]
pub fn place(path: &str) -> Place {
    let parts: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| crate::model::url::decode(s, false))
        .collect();
    let part = |i: usize| parts.get(i).cloned();
    match parts.first().map(String::as_str) {
        Some("repository") => Place {
            namespace: part(1),
            repository: part(2),
            area: match (part(3), part(4)) {
                (Some(a), Some(b)) if a == "tags" && b == "history" => Some("history".into()),
                (a, _) => a,
            },
            ..Place::default()
        },
        Some("organization") => Place {
            namespace: part(1),
            area: part(2),
            ..Place::default()
        },
        Some("user") => Place {
            is_user: true,
            area: part(1),
            ..Place::default()
        },
        Some("superuser") => Place {
            superuser: true,
            area: part(1),
            ..Place::default()
        },
        Some("mirrors") => Place {
            area: Some("mirrors".into()),
            ..Place::default()
        },
        _ => Place::default(),
    }
}

/// The console's routes: every page the router can show (one variant per route, so two paths of
/// the same route keep their page mounted and only its parameters change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Repository,
    Tags,
    TagHistory,
    Mirror,
    RepositoryLogs,
    OrgRobots,
    OrgApplications,
    OrgQuotas,
    OrgLogs,
    OrgDefaultPermissions,
    OrgProxyCache,
    OrgMirror,
    UserRobots,
    UserAppTokens,
    UserQuotas,
    UserLogs,
    UserAuthorizations,
    OrgReview,
    UserReview,
    /// Immutability policies of an organization or a repository.
    OrgImmutability,
    RepoImmutability,
    /// Auto-prune policies of an organization, the user or a repository.
    OrgAutoprune,
    UserAutoprune,
    RepoAutoprune,
    SuperuserLogs,
    SuperuserQuotas,
    RegistrySize,
    SuperuserMirrors,
    MirrorHealth,
    NotFound,
}

/// Whether the page at `path` cannot show anything before the signed-in user is known (home,
/// the user's own namespace, namespace quotas, the superuser and mirror-health pages). The
/// others name their namespace in the path and start their own request at once.
#[must_use]
pub fn needs_user(path: &str) -> bool {
    !matches!(
        match_route(path).0,
        Route::Repository
            | Route::Tags
            | Route::TagHistory
            | Route::Mirror
            | Route::RepositoryLogs
            | Route::OrgRobots
            | Route::OrgApplications
            | Route::OrgLogs
            | Route::OrgDefaultPermissions
            | Route::OrgImmutability
            | Route::RepoImmutability
            | Route::OrgAutoprune
            | Route::UserAutoprune
            | Route::RepoAutoprune
            | Route::OrgProxyCache
            | Route::OrgMirror
            | Route::OrgReview
            | Route::NotFound
    )
}

/// Matches a router-relative path (`/repository/devtable/simple/tags`) to its route and named
/// parameters (`ns`, `repo`, `org`), still percent-encoded as they are in the path. One trailing
/// slash is ignored; a parameter is never empty.
#[must_use]
pub fn match_route(path: &str) -> (Route, Vec<(&'static str, &str)>) {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let trimmed = match trimmed.strip_suffix('/') {
        Some(t) if !t.is_empty() => t,
        _ => trimmed,
    };
    let segments: Vec<&str> = if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    };
    if segments.iter().any(|s| s.is_empty()) {
        return (Route::NotFound, Vec::new());
    }
    match segments.as_slice() {
        [] => (Route::Home, Vec::new()),
        ["repository", ns, repo, rest @ ..] => {
            let route = match rest {
                [] => Route::Repository,
                ["tags"] => Route::Tags,
                ["tags", "history"] => Route::TagHistory,
                ["mirror"] => Route::Mirror,
                ["logs"] => Route::RepositoryLogs,
                ["immutability-policies"] => Route::RepoImmutability,
                ["autoprune-policies"] => Route::RepoAutoprune,
                _ => return (Route::NotFound, Vec::new()),
            };
            (route, vec![("ns", *ns), ("repo", *repo)])
        }
        ["organization", org, area] => {
            let route = match *area {
                "robots" => Route::OrgRobots,
                "applications" => Route::OrgApplications,
                "quotas" => Route::OrgQuotas,
                "logs" => Route::OrgLogs,
                "default-permissions" => Route::OrgDefaultPermissions,
                "immutability-policies" => Route::OrgImmutability,
                "autoprune-policies" => Route::OrgAutoprune,
                "proxy-cache" => Route::OrgProxyCache,
                "mirror" => Route::OrgMirror,
                "review" => Route::OrgReview,
                _ => return (Route::NotFound, Vec::new()),
            };
            (route, vec![("org", *org)])
        }
        ["user", area] => (
            match *area {
                "robots" => Route::UserRobots,
                "apptokens" => Route::UserAppTokens,
                "quotas" => Route::UserQuotas,
                "logs" => Route::UserLogs,
                "authorizations" => Route::UserAuthorizations,
                "autoprune-policies" => Route::UserAutoprune,
                "review" => Route::UserReview,
                _ => Route::NotFound,
            },
            Vec::new(),
        ),
        ["superuser", area] => (
            match *area {
                "logs" => Route::SuperuserLogs,
                "quotas" => Route::SuperuserQuotas,
                "registry-size" => Route::RegistrySize,
                "mirrors" => Route::SuperuserMirrors,
                _ => Route::NotFound,
            },
            Vec::new(),
        ),
        ["mirrors", "health"] => (Route::MirrorHealth, Vec::new()),
        _ => (Route::NotFound, Vec::new()),
    }
}

#[cfg(test)]
mod route_tests {
    use super::{match_route, Route};

    #[test]
    fn matches_every_route_and_its_parameters() {
        type Case = (&'static str, Route, &'static [(&'static str, &'static str)]);
        let cases: &[Case] = &[
            ("/", Route::Home, &[]),
            ("", Route::Home, &[]),
            (
                "/repository/devtable/simple",
                Route::Repository,
                &[("ns", "devtable"), ("repo", "simple")],
            ),
            (
                "/repository/a%20b/c/tags",
                Route::Tags,
                &[("ns", "a%20b"), ("repo", "c")],
            ),
            (
                "/repository/a/c/tags/",
                Route::Tags,
                &[("ns", "a"), ("repo", "c")],
            ),
            (
                "/repository/a/c/tags/history",
                Route::TagHistory,
                &[("ns", "a"), ("repo", "c")],
            ),
            (
                "/repository/a/c/mirror",
                Route::Mirror,
                &[("ns", "a"), ("repo", "c")],
            ),
            (
                "/repository/a/c/logs",
                Route::RepositoryLogs,
                &[("ns", "a"), ("repo", "c")],
            ),
            (
                "/organization/buynlarge/robots",
                Route::OrgRobots,
                &[("org", "buynlarge")],
            ),
            (
                "/organization/o/applications",
                Route::OrgApplications,
                &[("org", "o")],
            ),
            ("/organization/o/quotas", Route::OrgQuotas, &[("org", "o")]),
            ("/organization/o/logs", Route::OrgLogs, &[("org", "o")]),
            ("/user/robots", Route::UserRobots, &[]),
            ("/user/apptokens", Route::UserAppTokens, &[]),
            ("/user/quotas", Route::UserQuotas, &[]),
            ("/user/logs", Route::UserLogs, &[]),
            ("/user/authorizations", Route::UserAuthorizations, &[]),
            (
                "/organization/o/default-permissions",
                Route::OrgDefaultPermissions,
                &[("org", "o")],
            ),
            (
                "/organization/o/immutability-policies",
                Route::OrgImmutability,
                &[("org", "o")],
            ),
            (
                "/organization/o/autoprune-policies",
                Route::OrgAutoprune,
                &[("org", "o")],
            ),
            ("/user/autoprune-policies", Route::UserAutoprune, &[]),
            ("/organization/o/mirror", Route::OrgMirror, &[("org", "o")]),
            ("/organization/o/review", Route::OrgReview, &[("org", "o")]),
            ("/user/review", Route::UserReview, &[]),
            (
                "/repository/a/c/immutability-policies",
                Route::RepoImmutability,
                &[("ns", "a"), ("repo", "c")],
            ),
            (
                "/repository/a/c/autoprune-policies",
                Route::RepoAutoprune,
                &[("ns", "a"), ("repo", "c")],
            ),
            ("/superuser/logs", Route::SuperuserLogs, &[]),
            ("/superuser/quotas", Route::SuperuserQuotas, &[]),
            ("/superuser/registry-size", Route::RegistrySize, &[]),
            ("/superuser/mirrors", Route::SuperuserMirrors, &[]),
            ("/mirrors/health", Route::MirrorHealth, &[]),
        ];
        for (path, route, params) in cases {
            assert_eq!(match_route(path), (*route, params.to_vec()), "{path}");
        }
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/nope",
            "/repository",
            "/repository/a",
            "/repository//b/tags",
            "/repository/a/b/tags/history/x",
            "/repository/a/b/labels",
            "/organization/o",
            "/organization/o/apptokens",
            "/user/applications",
            "/user/default-permissions",
            "/user/mirror",
            "/organization/o/authorizations",
            "/user",
            "/superuser",
            "/mirrors",
            "//",
            "/%%%/..",
        ] {
            assert_eq!(match_route(path).0, Route::NotFound, "{path}");
        }
    }

    #[test]
    fn strips_only_the_base() {
        for (path, base, want) in [
            ("/console/user/robots", "/console/", "/user/robots"),
            ("/console", "/console", "/"),
            ("/console/", "/console/", "/"),
            ("/consoleX/a", "/console", "/consoleX/a"),
            ("/a/b", "/", "/a/b"),
        ] {
            assert_eq!(super::strip_base(path, base), want, "{path}");
        }
    }
}
