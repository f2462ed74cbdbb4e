//! Progressive loading of log pages. Quay may answer `next_page` with a short or even an empty
//! page, so the loader keeps following `next_page` until Quay stops sending it; the table asks for
//! the next page when its visible rows near the end of what is loaded, and "load everything"
//! keeps asking until the end (or until cancelled).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Client};
use crate::i18n::t;
use crate::model::error::ErrorKind;
use crate::model::logs::describe::describe;
use crate::model::logs::filter::{Row, Window};
use crate::model::logs::LogScope;

/// Everything Quay is asked with; a change starts over from the first page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRequest {
    pub scope: LogScope,
    pub window: Window,
    /// Sent as `performer=` (user and organization scopes only).
    pub performer: Option<String>,
    /// The namespace used in sentences when an entry's metadata does not name one.
    pub namespace: Option<String>,
}

/// Table rows for log entries, with their sentences.
fn rows_of(logs: Vec<crate::model::logs::LogEntry>, ns: Option<&str>) -> Vec<Arc<Row>> {
    logs.into_iter()
        .map(|entry| {
            let sentence = describe(&entry, ns).map(|s| s.render(t));
            Arc::new(Row::new(entry, sentence, ns))
        })
        .collect()
}

/// Pages fetched at most for one request: a guard against a server that never stops paging.
const MAX_PAGES: usize = 5_000;

/// The loaded entries of the current request and the paging state; cheap to copy.
#[derive(Clone, Copy)]
pub struct Loader {
    pub rows: RwSignal<Vec<Arc<Row>>>,
    /// The token for the next page; `None` before the first page and after the last.
    pub next: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Pages received for the current request.
    pub pages: RwSignal<usize>,
    /// "Load everything" is running.
    pub loading_all: RwSignal<bool>,
    /// The rows are what this tab last saw (a reload), shown until Quay's first entries arrive.
    pub stale: RwSignal<bool>,
    request: StoredValue<Option<LogRequest>>,
    generation: StoredValue<u64>,
    client: StoredValue<Client>,
}

impl Loader {
    #[must_use]
    pub fn new(client: Client) -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            pages: RwSignal::new(0),
            loading_all: RwSignal::new(false),
            stale: RwSignal::new(false),
            request: StoredValue::new(None),
            generation: StoredValue::new(0),
            client: StoredValue::new(client),
        }
    }

    /// Forgets everything loaded and, for a request, fetches its first page.
    pub fn reset(&self, request: Option<LogRequest>) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        self.rows.set(Vec::new());
        self.next.set(None);
        self.error.set(None);
        self.pages.set(0);
        self.loading.set(false);
        self.loading_all.set(false);
        self.stale.set(false);
        if let Some(r) = &request {
            let client = self.client.get_value();
            if let Some(seen) =
                api::logs::last_seen(&client, &r.scope, r.window, r.performer.as_deref())
            {
                let rows = rows_of(seen.logs, r.namespace.as_deref());
                if !rows.is_empty() {
                    self.rows.set(rows);
                    self.stale.set(true);
                }
            }
        }
        let start = request.is_some();
        self.request.set_value(request);
        if start {
            self.load_next();
        }
    }

    /// More pages exist (tracked).
    #[must_use]
    pub fn has_more(&self) -> bool {
        self.pages.get() == 0 || self.next.with(Option::is_some)
    }

    /// The last page has arrived (tracked).
    #[must_use]
    pub fn finished(&self) -> bool {
        self.pages.get() > 0 && self.next.with(Option::is_none) && !self.loading.get()
    }

    /// A page may be fetched now (tracked): a request, nothing in flight, no error, more pages.
    #[must_use]
    pub fn can_load(&self) -> bool {
        self.request.with_value(Option::is_some)
            && !self.loading.get()
            && self.error.with(Option::is_none)
            && self.has_more()
            && self.pages.get() < MAX_PAGES
    }

    /// Quay refused the request itself (a 400 on the first page: the date range).
    #[must_use]
    pub fn refusal(&self) -> Option<ApiError> {
        self.error
            .get()
            .filter(|e| e.kind == ErrorKind::Refused && self.pages.get() == 0)
    }

    /// Fetches the next page unless one is in flight or none is left.
    pub fn load_next(&self) {
        if !untrack(|| self.can_load()) {
            return;
        }
        let Some(request) = self.request.get_value() else {
            return;
        };
        let this = *self;
        let generation = self.generation.get_value();
        let token = self.next.get_untracked();
        let client = self.client.get_value();
        let first_entries = self.stale.get_untracked() || self.rows.with_untracked(Vec::is_empty);
        self.loading.set(true);
        spawn_local(async move {
            let page = api::logs::list(
                &client,
                &request.scope,
                request.window,
                request.performer.as_deref(),
                token.as_deref(),
                first_entries,
            )
            .await;
            if this.generation.try_get_value() != Some(generation) {
                return; // the filter changed or the page went away
            }
            match page {
                Ok(page) => {
                    let next = page.next().map(str::to_owned);
                    let rows = rows_of(page.logs, request.namespace.as_deref());
                    // Quay repeating a token would loop forever: treat it as the end.
                    let next = next.filter(|n| Some(n) != token.as_ref());
                    if this.stale.get_untracked() {
                        // The last view stays until Quay's first entries (or its end) arrive.
                        if !rows.is_empty() || next.is_none() {
                            this.stale.try_set(false);
                            this.rows.try_set(rows);
                        }
                    } else {
                        this.rows.try_update(|r| r.extend(rows));
                    }
                    this.pages.try_update(|p| *p += 1);
                    if next.is_none() {
                        this.loading_all.try_set(false);
                    }
                    this.next.try_set(next);
                }
                Err(e) => {
                    this.loading_all.try_set(false);
                    this.error.try_set(Some(e));
                }
            }
            this.loading.try_set(false);
            if this.loading_all.try_get_untracked() == Some(true) {
                this.load_next();
            }
        });
    }

    /// Clears a paging error and tries the same page again.
    pub fn retry(&self) {
        self.error.set(None);
        self.load_next();
    }

    /// Keeps loading page after page until the last one; `false` cancels (the page in flight
    /// still arrives).
    pub fn set_load_all(&self, on: bool) {
        self.loading_all.set(on);
        if on {
            self.load_next();
        }
    }
}
