//! The first request of a deep link, started by the shell as soon as the session is known: in
//! parallel with the page's wasm chunks, instead of after them. The page's own request for the
//! same path takes this answer ([`crate::api::Client::prefetch`]), so the first screen still
//! makes one bearer call.
//!
//! Only the tags view does this: its first request depends on nothing but the URL. Usually the
//! boot script has sent it already (`xtask/src/boot.js`, also for the logs' default window), and
//! this does nothing ([`crate::api::Client::prefetch`]).

use leptos_router::params::ParamsMap;

use crate::api::{self, Client};
use crate::model::tags::TagQuery;
use crate::model::url::{get, parse_query};
use crate::routes::{self, Route};

/// Starts the first request of the page in the address bar, if it has a known one.
pub fn start(client: &Client) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let path = routes::strip_base(
        &location.pathname().unwrap_or_default(),
        &crate::auth::base_path(),
    );
    let search = location.search().unwrap_or_default();
    let (route, params) = routes::match_route(&path);
    if route != Route::Tags {
        return;
    }
    let params: ParamsMap = params.into_iter().collect();
    let (Some(ns), Some(repo)) = (params.get("ns"), params.get("repo")) else {
        return;
    };
    let query = parse_query(&search);
    let filter = get(&query, "filter").unwrap_or_default().trim();
    let regex = get(&query, "regex") == Some("1");
    let like = (!regex && !filter.is_empty()).then(|| filter.to_owned());
    api::tags::prefetch(client, &ns, &repo, &TagQuery::first_page(true, like));
}
