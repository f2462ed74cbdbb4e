//! One folder per area, one file per page or dialog. Views read through `api`, never gloo-net.

pub mod access;
pub mod applications;
pub mod coming;
pub mod drafts;
pub mod early;
pub mod flight;
pub mod home;
pub mod lifecycle;
pub mod logs;
pub mod mirrors;
pub mod not_found;
pub mod org_mirror;
pub mod palette;
pub mod quotas;
pub mod repository;
pub mod request_status;
pub mod review;
pub mod robots;
pub mod setup;
pub mod sign_in;
pub mod sign_out;
pub mod tags;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::api::Client;
use crate::model::features::Features;
use crate::model::user::User;
use crate::reactive::memo;

/// The API client of the shell.
///
/// # Panics
/// Never: the shell provides it before any view exists; a stray call gets a signed-out client.
#[must_use]
pub fn use_client() -> Client {
    use_context::<Client>().unwrap_or_else(|| Client::new("", crate::auth::Session::restore()))
}

/// The signed-in user, once `GET /user/` has answered (the shell waits for it before routes render).
#[derive(Clone, Copy)]
pub struct CurrentUser(pub RwSignal<Option<User>>);

#[must_use]
pub fn use_user() -> Signal<Option<User>> {
    let user = use_context::<CurrentUser>().map(|c| c.0);
    Signal::derive(move || user.and_then(|u| u.get()))
}

/// What this Quay has turned on (`GET /config`), provided by the shell: every feature on until
/// Quay says otherwise.
#[derive(Clone, Copy)]
pub struct ServerFeatures(pub RwSignal<Features>);

#[must_use]
pub fn use_features() -> Signal<Features> {
    let features = use_context::<ServerFeatures>().map(|f| f.0);
    Signal::derive(move || features.map(|f| f.get()).unwrap_or_default())
}

/// The named parameters of the current route (`ns`, `repo`, `org`), percent-decoded; provided by
/// the shell's route matcher.
#[derive(Clone, Copy)]
pub struct RouteParams(pub Memo<ParamsMap>);

/// The current route's parameters (empty outside the shell).
#[must_use]
pub fn use_params() -> Memo<ParamsMap> {
    use_context::<RouteParams>().map_or_else(|| Memo::new(|_| ParamsMap::new()), |p| p.0)
}

/// The namespace of a namespace page: `/organization/:org/...` or the signed-in user's `/user/...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceRoute {
    pub name: String,
    pub is_user: bool,
}

/// Reads the namespace of the current route (`None` until the user is known).
#[must_use]
pub fn use_namespace() -> Memo<Option<NamespaceRoute>> {
    let params = use_params();
    let user = use_user();
    memo(move || match params.with(|p| p.get("org")) {
        Some(org) => Some(NamespaceRoute {
            name: org,
            is_user: false,
        }),
        None => user.get().map(|u| NamespaceRoute {
            name: u.username,
            is_user: true,
        }),
    })
}

/// `(namespace, repository)` of a repository page.
#[must_use]
pub fn use_repository() -> Memo<(String, String)> {
    let params = use_params();
    memo(move || {
        params.with(|p| {
            (
                p.get("ns").unwrap_or_default(),
                p.get("repo").unwrap_or_default(),
            )
        })
    })
}

/// The current router-relative path (without the console's base, e.g. `/user/robots`).
#[must_use]
pub fn use_route_path() -> Memo<String> {
    let location = use_location();
    let base = crate::auth::base_path();
    memo(move || crate::routes::strip_base(&location.pathname.get(), &base))
}

/// Navigation to an href from `crate::routes` (which already carries the base):
/// `go(href, replace)`. Use `replace = true` for keystrokes (filters), so history is not flooded.
pub fn use_go() -> impl Fn(&str, bool) + Clone {
    let navigate = use_navigate();
    move |href: &str, replace: bool| {
        navigate(
            href,
            NavigateOptions {
                resolve: false,
                replace,
                scroll: !replace,
                ..NavigateOptions::default()
            },
        );
    }
}
