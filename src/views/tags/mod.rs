//! The tags view: the tag list of a repository (`/repository/:ns/:repo/tags`, with the details of one
//! tag in a drawer opened by `?tag=NAME`) and its time machine (`.../tags/history`).
//!
//! * [`list`]: the page, its toolbar and the windowed list; [`table`]: header and rows;
//! * [`loader`]: paged fetching with bounded parallelism; [`bulk`]: delete / expire a selection;
//! * [`immutable`]: immutable tags (lock marker, toggle, reasons);
//! * [`details`], [`labels`]: the drawer; [`dialogs`]: add, move, expiration; [`history`]: the time machine;
//! * [`security`]: vulnerability counts of the rows on screen, [`security_cell`] their column;
//!   [`security_report`]: the report drawer.

pub mod bulk;
pub mod details;
pub mod dialogs;
mod history;
mod immutable;
mod labels;
mod list;
mod loader;
mod security;
mod security_cell;
pub mod security_report;
mod table;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

pub use history::TagHistoryPage;
pub use list::TagsPage;

use std::collections::HashSet;

use bulk::Change;

// What the list shows only on demand comes from the `tag_tools` chunk (`crate::lazy_pages`),
// built from these arguments.

/// A tag's drawer (`?tag=NAME`).
#[derive(Clone)]
pub struct DetailsArgs {
    pub ns: String,
    pub repo: String,
    pub name: String,
    pub on_close: Callback<()>,
    pub on_change: Callback<Change>,
}

/// The "Add tag" dialog of the list.
#[derive(Clone)]
pub struct AddTagArgs {
    pub ns: String,
    pub repo: String,
    pub open: RwSignal<bool>,
    pub on_change: Callback<Change>,
}

/// The bar of actions on the selected tags.
#[derive(Clone)]
pub struct BulkArgs {
    pub ns: String,
    pub repo: String,
    pub selected: RwSignal<HashSet<String>>,
    pub on_change: Callback<Change>,
    /// The immutable tags among those loaded.
    pub locked: Signal<HashSet<String>>,
}

/// The security report of a tag (`?tag=NAME&security=1`).
#[derive(Clone)]
pub struct SecurityArgs {
    pub ns: String,
    pub repo: String,
    pub name: String,
    pub on_close: Callback<()>,
}

use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::tags::NameProblem;
use crate::model::url::build_query;

/// The sentence for a failed tag call: Quay's 503 for mirrored and read-only repositories says what
/// it is (the generic text would call it an internal error).
#[must_use]
pub fn error_text(error: &ApiError) -> String {
    // Quay's 409 `tag_immutable`, and its 400 `{"message"}` for an expiration on an immutable tag.
    if error.error_type.as_deref() == Some("tag_immutable")
        || (error.status == 400 && error.message.contains("immutable tag"))
    {
        return tf("tags.immutable_refused", &[("message", &error.message)]);
    }
    if error.status == 503 && error.message.contains("mode") {
        return tf("tags.not_writable", &[("message", &error.message)]);
    }
    match error.kind {
        ErrorKind::NotFound => return t("tags.not_found").to_owned(),
        // Writes are only offered with the scope, so a 403 means the user's role in Quay.
        ErrorKind::Forbidden => return t("tags.forbidden").to_owned(),
        _ => {}
    }
    describe(error)
}

/// The sentence for a tag name that breaks Quay's rule.
#[must_use]
pub fn name_problem(problem: &NameProblem) -> String {
    match problem {
        NameProblem::Empty => t("tags.name_empty").to_owned(),
        NameProblem::TooLong(n) => tf("tags.name_long", &[("count", &n.to_string())]),
        NameProblem::BadFirst(c) => tf("tags.name_first", &[("char", &c.to_string())]),
        NameProblem::BadChar(c) => tf("tags.name_char", &[("char", &c.to_string())]),
    }
}

/// Now, in unix seconds.
#[must_use]
pub fn now_secs() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = (js_sys::Date::now() / 1000.0) as i64;
    now
}

/// Replaces query parameters of the current page (others kept): `replace` for keystrokes, a new
/// history entry otherwise (opening a tag, so Back closes it).
pub fn use_set_params() -> Callback<(Vec<(&'static str, String)>, bool)> {
    let navigate = use_navigate();
    let location = leptos_router::hooks::use_location();
    let path = super::use_route_path();
    Callback::new(
        move |(changes, replace): (Vec<(&'static str, String)>, bool)| {
            let current = crate::model::url::parse_query(&location.search.get_untracked());
            let mut pairs: Vec<(String, String)> = current
                .into_iter()
                .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
                .collect();
            pairs.extend(changes.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
            let target = format!("{}{}", path.get_untracked(), build_query(&pairs));
            navigate(
                &target,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        },
    )
}
