//! Vulnerability counts in the tag list: one `GET .../manifest/{digest}/security` per distinct
//! digest **on screen**, within the bearer-call budget.
//!
//! * Only where Quay says `SECURITY_SCANNER` is on (`/config` known): no call, and no column, else.
//! * A row's cell asks for its digest when it mounts and lets go when it scrolls away (the
//!   `VirtualList` unmounts it); a request whose digest nobody shows any more is aborted.
//! * Never on the first rows' critical path: nothing is sent before the page's first answer, nor
//!   while another bearer call (a tag page) is in flight, nor within [`SETTLE_MS`] of the rows
//!   changing (a fast scroll sends nothing); at most [`MAX_IN_FLIGHT`] at a time (Quay's two workers).
//! * Deduplicated by digest; scanned and unsupported answers are kept for the tab ([`remember`]),
//!   so the drawer and a return to the list cost nothing. Queued and failed scans are asked again.
//! * Manifest lists are not scanned by Quay (each platform's manifest is): no call, the cell says so.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::{self, Client};
use crate::components::error_view::describe;
use crate::model::security::{ScanStatus, SecurityReport, Summary};
use crate::reactive::effect;
use crate::views::{use_client, use_features};

/// Requests in flight at most (a Quay has two web workers per pod by default).
pub const MAX_IN_FLIGHT: usize = 2;
/// Rows must stay on screen this long before their digests are asked for.
pub const SETTLE_MS: u64 = 250;
/// Full reports kept for the tab (the drawer's), besides every summary.
const REPORTS_KEPT: usize = 8;

/// What the list knows of one digest's scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scan {
    /// On screen, not asked yet.
    Waiting,
    Loading,
    Done(ScanStatus, Summary),
    Failed(String),
}

thread_local! {
    static SUMMARIES: RefCell<HashMap<String, (ScanStatus, Summary)>> = RefCell::new(HashMap::new());
    static REPORTS: RefCell<VecDeque<(String, SecurityReport)>> = const { RefCell::new(VecDeque::new()) };
}

fn key(ns: &str, repo: &str, digest: &str) -> String {
    format!("{ns}/{repo}@{digest}")
}

/// Keeps a report for the tab when it will not change by itself (scanned, unsupported).
pub fn remember(ns: &str, repo: &str, digest: &str, report: &SecurityReport) {
    if !matches!(report.status, ScanStatus::Scanned | ScanStatus::Unsupported) {
        return;
    }
    let k = key(ns, repo, digest);
    SUMMARIES.with(|s| {
        s.borrow_mut()
            .insert(k.clone(), (report.status, Summary::of(report)))
    });
    REPORTS.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(rk, _)| *rk != k);
        r.push_back((k, report.clone()));
        while r.len() > REPORTS_KEPT {
            r.pop_front();
        }
    });
}

/// The report this tab kept for a digest, if any.
#[must_use]
pub fn remembered(ns: &str, repo: &str, digest: &str) -> Option<SecurityReport> {
    let k = key(ns, repo, digest);
    REPORTS.with(|r| {
        r.borrow()
            .iter()
            .find(|(rk, _)| *rk == k)
            .map(|(_, rep)| rep.clone())
    })
}

/// Adds the security texts (they travel in the tags chunk; see `locales/*/security.txt`).
pub fn add_texts() {
    #[cfg(quay_split)]
    crate::i18n::add_area(
        "security",
        &[
            ("en", include_str!("../../../locales/en/security.txt")),
            ("zh", include_str!("../../../locales/zh/security.txt")),
            ("ja", include_str!("../../../locales/ja/security.txt")),
        ],
    );
}

/// The counts of one tag list, provided as context to its rows. `Copy`: all in the arena.
#[derive(Clone, Copy)]
pub struct ScanCounts {
    repo: StoredValue<(String, String)>,
    client: StoredValue<Client>,
    /// The scanner is on (as `/config` said) and the page's first answer is in.
    pub enabled: Memo<bool>,
    states: RwSignal<HashMap<String, Scan>>,
    /// Digests on screen, in the order their rows appeared, with how many rows show each.
    wanted: StoredValue<Vec<(String, usize)>>,
    in_flight: StoredValue<HashMap<String, Owner>>,
    /// Tag name → (digest, is a manifest list), for the drawer of a row that was on screen.
    names: StoredValue<HashMap<String, (String, bool)>>,
    parent: StoredValue<Option<Owner>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The link of a tag's report without the name (`...tags?security=1&tag=`).
    pub href: StoredValue<String>,
}

/// Creates the counts of a tag list and provides them to its rows.
pub fn provide_scan_counts(ns: &str, repo: &str) -> ScanCounts {
    add_texts();
    let client = use_client();
    let activity = client.activity();
    let features = use_features();
    let enabled = crate::reactive::memo(move || {
        let f = features.get();
        f.known && f.security_scanner && activity.with(|a| a.finished > 0)
    });
    let href = format!(
        "{}{}?security=1&tag=",
        crate::auth::base_path().trim_end_matches('/'),
        crate::routes::repo_tags(ns, repo)
    );
    let counts = ScanCounts {
        repo: StoredValue::new((ns.to_owned(), repo.to_owned())),
        client: StoredValue::new(client),
        enabled,
        states: RwSignal::new(HashMap::new()),
        wanted: StoredValue::new(Vec::new()),
        in_flight: StoredValue::new(HashMap::new()),
        names: StoredValue::new(HashMap::new()),
        parent: StoredValue::new(Owner::current()),
        timer: StoredValue::new(None),
        href: StoredValue::new(href),
    };
    // Quay's workers came free (a tag page answered), or the scanner turned out to be on.
    effect(move || {
        let idle = activity.with(|a| a.in_flight as usize) <= counts.mine();
        if enabled.get() && idle {
            counts.schedule();
        }
    });
    provide_context(counts);
    counts
}

impl ScanCounts {
    fn mine(&self) -> usize {
        self.in_flight.try_with_value(HashMap::len).unwrap_or(0)
    }

    #[must_use]
    pub fn state(&self, digest: &str) -> Option<Scan> {
        self.states.with(|s| s.get(digest).cloned())
    }

    /// The digest of a tag whose row was on screen: `(digest, is_manifest_list)`.
    #[must_use]
    pub fn digest_of(&self, name: &str) -> Option<(String, bool)> {
        self.names.with_value(|n| n.get(name).cloned())
    }

    /// A row showing `digest` appeared.
    pub fn want(&self, name: &str, digest: &str, is_list: bool) {
        self.names.update_value(|n| {
            n.insert(name.to_owned(), (digest.to_owned(), is_list));
        });
        if is_list {
            return;
        }
        let mut first = false;
        self.wanted.update_value(|w| {
            if let Some(entry) = w.iter_mut().find(|(d, _)| d == digest) {
                entry.1 += 1;
            } else {
                first = true;
                w.push((digest.to_owned(), 1));
            }
        });
        if first && self.states.with_untracked(|s| !s.contains_key(digest)) {
            let (ns, repo) = self.repo.get_value();
            let known = SUMMARIES.with(|s| s.borrow().get(&key(&ns, &repo, digest)).copied());
            let state = known.map_or(Scan::Waiting, |(st, sum)| Scan::Done(st, sum));
            self.states.update(|s| {
                s.insert(digest.to_owned(), state);
            });
        }
        self.schedule();
    }

    /// A row showing `digest` went away: when it was the last, its request (if any) is aborted.
    pub fn release(&self, digest: &str) {
        let mut gone = false;
        self.wanted.try_update_value(|w| {
            if let Some(i) = w.iter().position(|(d, _)| d == digest) {
                if let Some(entry) = w.get_mut(i) {
                    entry.1 = entry.1.saturating_sub(1);
                    if entry.1 == 0 {
                        w.remove(i);
                        gone = true;
                    }
                }
            }
        });
        if !gone {
            return;
        }
        if let Some(owner) = self
            .in_flight
            .try_update_value(|f| f.remove(digest))
            .flatten()
        {
            owner.cleanup();
            self.states.try_update(|s| s.remove(digest));
            self.schedule();
        }
    }

    /// Pumps once the rows have stayed put for [`SETTLE_MS`].
    fn schedule(&self) {
        let this = *self;
        if let Some(old) = self.timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                this.timer.try_set_value(None);
                this.pump();
            },
            Duration::from_millis(SETTLE_MS),
        )
        .ok();
        self.timer.try_set_value(handle);
    }

    fn pump(&self) {
        if !self.enabled.try_get_untracked().unwrap_or(false) {
            return;
        }
        let Some(client) = self.client.try_get_value() else {
            return;
        };
        let mine = self.mine();
        let others = client
            .activity()
            .with_untracked(|a| a.in_flight as usize)
            .saturating_sub(mine);
        if others > 0 {
            return;
        }
        let free = MAX_IN_FLIGHT.saturating_sub(mine);
        let next: Vec<String> = self.wanted.with_value(|w| {
            self.states.with_untracked(|s| {
                w.iter()
                    .filter(|(d, _)| matches!(s.get(d), Some(Scan::Waiting)))
                    .map(|(d, _)| d.clone())
                    .take(free)
                    .collect()
            })
        });
        for digest in next {
            self.start(digest);
        }
    }

    fn start(&self, digest: String) {
        let Some(owner) = self.parent.get_value().map(|p| p.child()) else {
            return;
        };
        self.states.update(|s| {
            s.insert(digest.clone(), Scan::Loading);
        });
        self.in_flight.update_value(|f| {
            f.insert(digest.clone(), owner.clone());
        });
        let this = *self;
        owner.with(|| spawn_local_scoped_with_cancellation(this.fetch(digest)));
    }

    async fn fetch(self, digest: String) {
        let (Some(client), Some((ns, repo))) =
            (self.client.try_get_value(), self.repo.try_get_value())
        else {
            return;
        };
        let result = api::security::report(&client, &ns, &repo, &digest).await;
        let state = match result {
            Ok(report) => {
                remember(&ns, &repo, &digest, &report);
                Scan::Done(report.status, Summary::of(&report))
            }
            Err(e) => Scan::Failed(describe(&e)),
        };
        self.in_flight.try_update_value(|f| f.remove(&digest));
        self.states.try_update(|s| s.insert(digest, state));
        self.pump();
    }
}
