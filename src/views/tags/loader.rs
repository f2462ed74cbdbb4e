//! Fetches the pages of a tag list that the view needs ([`TagPages::wanted`]): at most
//! [`MAX_PARALLEL`] requests at a time, cancelled when the query changes or the view goes away.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::{self, ApiError, Client};
use crate::components::error_view::describe;
use crate::model::tags::paging::{PageData, TagPages};
use crate::model::tags::{TagQuery, MAX_LIMIT};

/// Requests in flight at most, per list.
pub const MAX_PARALLEL: usize = 4;

/// The request for the first page of `q` (the one a deep link starts early, and a reload shows).
#[must_use]
pub fn first_page(q: &ListQuery) -> TagQuery {
    TagQuery::first_page(q.active_only, q.like.clone())
}

/// What a list shows: a repository's tags now, or its whole history; optionally Quay-filtered by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub ns: String,
    pub repo: String,
    pub active_only: bool,
    pub like: Option<String>,
}

/// One paged list and its loader. `Copy`: every field lives in the reactive arena.
#[derive(Clone, Copy)]
pub struct Pager {
    pub pages: RwSignal<TagPages>,
    /// The first failure while nothing is loaded (no access, no repository, offline).
    pub error: RwSignal<Option<ApiError>>,
    /// Requests sent for the current query (for the status line and tests).
    pub sent: RwSignal<usize>,
    query: StoredValue<ListQuery>,
    range: StoredValue<(usize, usize)>,
    all: RwSignal<bool>,
    client: StoredValue<Client>,
    /// A jump to the end is under way: once the end is known, the rows there are the ones wanted
    /// (not those of the screen the jump left, which the view has not scrolled away from yet).
    following_end: StoredValue<bool>,
    parent: StoredValue<Option<Owner>>,
    scope: StoredValue<Option<Owner>>,
}

impl Pager {
    /// A loader owned by the calling component; nothing is fetched until a range or `load_all`.
    #[must_use]
    pub fn new(client: Client, query: ListQuery) -> Self {
        let parent = Owner::current();
        let scope = parent.as_ref().map(Owner::child);
        let this = Self {
            pages: RwSignal::new(TagPages::new(MAX_LIMIT)),
            error: RwSignal::new(None),
            sent: RwSignal::new(0),
            query: StoredValue::new(query),
            range: StoredValue::new((0, 0)),
            all: RwSignal::new(false),
            client: StoredValue::new(client),
            following_end: StoredValue::new(false),
            parent: StoredValue::new(parent),
            scope: StoredValue::new(scope),
        };
        this.show_last_seen();
        this
    }

    #[must_use]
    pub fn query(&self) -> ListQuery {
        self.query.get_value()
    }

    /// Switches to another query: in-flight requests of the old one are aborted.
    pub fn set_query(&self, query: ListQuery) {
        if self.query.with_value(|q| *q == query) {
            return;
        }
        self.query.set_value(query);
        self.restart();
    }

    /// Forgets everything and starts again (same query).
    pub fn restart(&self) {
        if let Some(old) = self.scope.get_value() {
            old.cleanup();
        }
        self.scope
            .set_value(self.parent.get_value().map(|p| p.child()));
        self.pages.set(TagPages::new(MAX_LIMIT));
        self.following_end.set_value(false);
        self.show_last_seen();
        self.error.set(None);
        self.sent.set(0);
        self.pump();
    }

    /// The first page as this tab last saw it, shown (stale) until Quay answers again.
    fn show_last_seen(&self) {
        let (Some(client), Some(q)) = (self.client.try_get_value(), self.query.try_get_value())
        else {
            return;
        };
        if let Some(rows) = api::tags::last_end(&client, &q.ns, &q.repo, &first_page(&q)) {
            self.pages.update(|p| p.set_hint(rows));
        }
        if let Some(seen) = api::tags::last_seen(&client, &q.ns, &q.repo, &first_page(&q)) {
            self.pages.update(|p| {
                p.seed_stale(
                    1,
                    PageData {
                        tags: seen.tags,
                        has_additional: seen.has_additional,
                    },
                );
            });
        }
    }

    /// The rows on screen changed.
    pub fn set_range(&self, start: usize, end: usize) {
        self.range.set_value((start, end));
        // The view has arrived at the end it jumped to (within a page): its own rows are wanted again.
        if self.pages.with_untracked(|p| {
            p.total()
                .is_some_and(|t| end.saturating_add(p.page_size()) >= t)
        }) {
            self.following_end.set_value(false);
        }
        self.pump();
    }

    /// Load every page (for sorting, regex filtering, the history).
    pub fn load_all(&self, on: bool) {
        if self.all.get_untracked() != on {
            self.all.set(on);
        }
        self.pump();
    }

    #[must_use]
    pub fn loading_all(&self) -> bool {
        self.all.get()
    }

    /// Fetches a failed page again.
    pub fn retry(&self, page: usize) {
        self.error.set(None);
        self.pages.update(|p| p.retry(page));
        self.pump();
    }

    /// After a change: keep what is shown, refetch what is visible.
    pub fn invalidate(&self) {
        self.pages.update(TagPages::invalidate);
        self.pump();
    }

    /// The user jumped to the end: the view follows it; until the end is known, it is searched for.
    pub fn follow_end(&self) {
        // With the end known there is nothing to search: the view scrolls there and asks for its rows.
        if self.pages.with_untracked(|p| p.total().is_none()) {
            self.following_end.set_value(true);
        }
    }

    /// Starts requests for the wanted pages while fewer than [`MAX_PARALLEL`] are in flight.
    pub fn pump(&self) {
        let Some(scope) = self.scope.try_get_value().flatten() else {
            return;
        };
        let (mut start, mut end) = self.range.get_value();
        let mut following = self.following_end.get_value();
        if following {
            if let Some((total, size)) = self
                .pages
                .with_untracked(|p| p.total().map(|t| (t, p.page_size())))
            {
                if end.saturating_add(size) >= total {
                    // The view is at the end already: the jump is over.
                    self.following_end.set_value(false);
                    following = false;
                } else {
                    // The range the view reports before it has scrolled is no measure of its
                    // screen; a screen is less than a page.
                    let screen = end.saturating_sub(start).clamp(1, size);
                    (start, end) = (total.saturating_sub(screen), total);
                }
            }
        }
        let all = self.all.get_untracked();
        let wanted = self.pages.with_untracked(|p| {
            let budget = MAX_PARALLEL.saturating_sub(p.in_flight());
            if budget == 0 {
                Vec::new()
            } else if following && p.total().is_none() && p.loaded_count() > 0 {
                // Searching for the end: the probes only, not the rows the view is leaving.
                p.end_probes(budget)
            } else {
                p.wanted(start, end, all, budget)
            }
        });
        if wanted.is_empty() {
            return;
        }
        self.pages
            .update(|p| wanted.iter().for_each(|page| p.mark_loading(*page)));
        self.sent.update(|n| *n += wanted.len());
        for page in wanted {
            let this = *self;
            scope.with(|| spawn_local_scoped_with_cancellation(this.fetch(page)));
        }
    }

    async fn fetch(self, page: usize) {
        let (Some(client), Some(q)) = (self.client.try_get_value(), self.query.try_get_value())
        else {
            return;
        };
        let query = TagQuery {
            page,
            limit: MAX_LIMIT,
            active_only: q.active_only,
            like: q.like.clone(),
            specific: None,
        };
        let result = api::tags::list(&client, &q.ns, &q.repo, &query).await;
        let data = match result {
            Ok(answer) => Ok(PageData {
                tags: answer.tags,
                has_additional: answer.has_additional,
            }),
            Err(e) => {
                let text = describe(&e);
                if self.pages.with_untracked(|p| p.loaded_count() == 0) {
                    self.error.set(Some(e));
                }
                Err(text)
            }
        };
        self.pages.update(|p| p.apply(page, data));
        // Where the list ends, for the next search of this tab (`TagPages::set_hint`).
        if let Some(rows) = self.pages.with_untracked(TagPages::total) {
            api::tags::remember_end(&client, &q.ns, &q.repo, &first_page(&q), rows);
        }
        self.pump();
    }
}
