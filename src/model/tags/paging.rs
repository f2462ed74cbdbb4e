//! Page-based loading of a tag list whose total is unknown until its last page.
//!
//! Quay's `GET .../tag/?page=N&limit=L` says only `has_additional`. [`TagPages`] keeps the pages
//! that came back and derives what is known: at least `lower()` rows exist, at most `upper()`;
//! the total once both meet. The virtual list is `virtual_len()` rows long: the known rows plus
//! room to scroll ahead (doubling), so a user can drag the scrollbar far ahead. [`TagPages::wanted`]
//! names the pages to fetch next for the visible rows, and, when the user looks past the known end,
//! search probes that find the end instead of walking page by page: [`SEARCH_PARALLEL`] at a
//! time, each chosen with every answer so far (×[`REACH`] while no end is known, then halving the
//! widest gap, on a log scale while it spans a wide ratio). No page is fetched on a guess of where
//! the end is: on a real Quay every call costs a bcrypt check on one of its few workers.

use std::collections::BTreeMap;

use super::Tag;

/// Probes in flight while the end is searched for. Quay checks a bearer token with bcrypt on one
/// web worker per call (two on the smallest install), so more in parallel only wait in its queue,
/// while each answer makes the next probe a better one.
pub const SEARCH_PARALLEL: usize = 2;
/// While no end is known, a probe goes this many times past the furthest page known or asked.
pub const REACH: usize = 4;

/// What Quay answered for one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageData {
    pub tags: Vec<Tag>,
    pub has_additional: bool,
}

/// The state of one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Requested, no answer yet (`data` may hold an older answer being refreshed).
    Loading,
    Done,
    /// Shown, but may be out of date after a change: fetched again when visible.
    Stale,
    /// The last request failed with this message; retried only when asked.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub data: Option<PageData>,
    pub status: Status,
}

/// What the list shows at one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row<'a> {
    Tag(&'a Tag),
    Loading,
    /// The page of this row failed: `(page, message)`.
    Failed(usize, &'a str),
}

/// Loaded pages of one query (1-based page numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPages {
    size: usize,
    slots: BTreeMap<usize, Slot>,
    /// How many rows this tab last saw the list end at: the end search asks there first.
    hint: Option<usize>,
}

impl TagPages {
    #[must_use]
    pub fn new(page_size: usize) -> Self {
        Self {
            size: page_size.max(1),
            slots: BTreeMap::new(),
            hint: None,
        }
    }

    /// The total this tab saw before for the same list: a search for the end first asks for the
    /// page that ended it then and the one after (one round of two calls when nothing changed;
    /// when tags came or went, the answers still bound the end, and the search goes on from them).
    pub fn set_hint(&mut self, total: usize) {
        self.hint = Some(total);
    }

    #[must_use]
    pub fn page_size(&self) -> usize {
        self.size
    }

    #[must_use]
    pub fn slot(&self, page: usize) -> Option<&Slot> {
        self.slots.get(&page)
    }

    fn answers(&self) -> impl Iterator<Item = (usize, &PageData)> {
        self.slots
            .iter()
            .filter_map(|(p, s)| s.data.as_ref().map(|d| (*p, d)))
    }

    /// The rows before `page` (saturating: page numbers come from Quay's answers and the view).
    fn before(&self, page: usize) -> usize {
        page.saturating_sub(1).saturating_mul(self.size)
    }

    /// At least this many rows exist. Never above [`TagPages::upper`]: when answers disagree (tags
    /// were deleted between two pages), the page that saw the end wins over older rows.
    #[must_use]
    pub fn lower(&self) -> usize {
        let seen = self
            .answers()
            .filter(|(_, d)| d.has_additional || !d.tags.is_empty())
            .map(|(p, d)| {
                self.before(p)
                    .saturating_add(d.tags.len() + usize::from(d.has_additional))
            })
            .max()
            .unwrap_or(0);
        self.upper().map_or(seen, |u| seen.min(u))
    }

    /// At most this many rows exist (known once a page said `has_additional: false`).
    #[must_use]
    pub fn upper(&self) -> Option<usize> {
        self.answers()
            .filter(|(_, d)| !d.has_additional)
            .map(|(p, d)| self.before(p).saturating_add(d.tags.len()))
            .min()
    }

    /// The exact number of rows, once known.
    #[must_use]
    pub fn total(&self) -> Option<usize> {
        self.upper().filter(|u| *u <= self.lower())
    }

    /// Rows of the virtual list: the total when known, else the known rows rounded up to a page,
    /// doubled (at least one more page), never past a known upper bound.
    #[must_use]
    pub fn virtual_len(&self) -> usize {
        if let Some(total) = self.total() {
            return total;
        }
        let known = self.lower().div_ceil(self.size) * self.size;
        let ahead = known + known.max(self.size);
        self.upper().map_or(ahead, |u| ahead.min(u))
    }

    /// The row at `index`.
    #[must_use]
    pub fn row(&self, index: usize) -> Row<'_> {
        let page = index / self.size + 1;
        let Some(slot) = self.slots.get(&page) else {
            return Row::Loading;
        };
        if let Some(tag) = slot
            .data
            .as_ref()
            .and_then(|d| d.tags.get(index % self.size))
        {
            return Row::Tag(tag);
        }
        match &slot.status {
            Status::Failed(message) => Row::Failed(page, message),
            _ => Row::Loading,
        }
    }

    /// Every loaded tag, in Quay's order (pages ascending).
    pub fn loaded(&self) -> impl Iterator<Item = &Tag> {
        self.answers().flat_map(|(_, d)| d.tags.iter())
    }

    #[must_use]
    pub fn loaded_count(&self) -> usize {
        self.answers().map(|(_, d)| d.tags.len()).sum()
    }

    /// Every row is loaded and up to date.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.total().is_some_and(|total| {
            let pages = total.div_ceil(self.size).max(1);
            (1..=pages).all(|p| {
                self.slots
                    .get(&p)
                    .is_some_and(|s| s.data.is_some() && s.status == Status::Done)
            })
        })
    }

    #[must_use]
    pub fn in_flight(&self) -> usize {
        self.slots
            .values()
            .filter(|s| s.status == Status::Loading)
            .count()
    }

    /// Some page failed.
    #[must_use]
    pub fn first_failure(&self) -> Option<(usize, &str)> {
        self.slots.iter().find_map(|(p, s)| match &s.status {
            Status::Failed(m) => Some((*p, m.as_str())),
            _ => None,
        })
    }

    pub fn mark_loading(&mut self, page: usize) {
        if page == 0 {
            return; // pages are 1-based
        }
        let slot = self.slots.entry(page).or_insert(Slot {
            data: None,
            status: Status::Loading,
        });
        slot.status = Status::Loading;
    }

    /// Shows `data` for `page` until Quay answers again: what this tab last saw, on a reload.
    /// The page counts as stale, so it is fetched as soon as it is wanted.
    pub fn seed_stale(&mut self, page: usize, data: PageData) {
        if page == 0 {
            return;
        }
        if self.slots.get(&page).is_none_or(|s| s.data.is_none()) {
            self.slots.insert(
                page,
                Slot {
                    data: Some(data),
                    status: Status::Stale,
                },
            );
        }
    }

    /// Some page shows an older answer while a fresh one is awaited (a reload's last view).
    #[must_use]
    pub fn refreshing(&self) -> bool {
        self.slots
            .values()
            .any(|s| s.data.is_some() && matches!(s.status, Status::Stale | Status::Loading))
    }

    /// Stores Quay's answer for `page`.
    pub fn apply(&mut self, page: usize, result: Result<PageData, String>) {
        if page == 0 {
            return; // pages are 1-based: no request asks for page 0
        }
        let slot = self.slots.entry(page).or_insert(Slot {
            data: None,
            status: Status::Loading,
        });
        match result {
            Ok(data) => {
                slot.data = Some(data);
                slot.status = Status::Done;
            }
            Err(message) => slot.status = Status::Failed(message),
        }
        // Pages past a known end are moot: drop their placeholders.
        if let Some(upper) = self.upper() {
            let last = upper.div_ceil(self.size).max(1);
            self.slots.retain(|p, s| *p <= last || s.data.is_some());
        }
    }

    /// Forgets a failure so that the page is fetched again.
    pub fn retry(&mut self, page: usize) {
        if matches!(
            self.slots.get(&page).map(|s| &s.status),
            Some(Status::Failed(_))
        ) {
            if let Some(data) = self.slots.get(&page).and_then(|s| s.data.clone()) {
                self.slots.insert(
                    page,
                    Slot {
                        data: Some(data),
                        status: Status::Stale,
                    },
                );
            } else {
                self.slots.remove(&page);
            }
        }
    }

    /// After a change: keeps showing what is loaded, but refetches pages as they become visible.
    pub fn invalidate(&mut self) {
        for slot in self.slots.values_mut() {
            if slot.status == Status::Done {
                slot.status = Status::Stale;
            }
        }
    }

    /// Takes tags out of the loaded pages at once (they were deleted), before the refetch.
    pub fn remove(&mut self, gone: &dyn Fn(&Tag) -> bool) {
        for slot in self.slots.values_mut() {
            if let Some(data) = slot.data.as_mut() {
                data.tags.retain(|t| !gone(t));
            }
        }
    }

    /// Replaces loaded copies of a tag (after a move or an expiration change).
    pub fn update(&mut self, name: &str, change: &dyn Fn(&mut Tag)) {
        for data in self.slots.values_mut().filter_map(|s| s.data.as_mut()) {
            data.tags
                .iter_mut()
                .filter(|t| t.name == name)
                .for_each(change);
        }
    }

    fn wants(&self, page: usize) -> bool {
        self.slots
            .get(&page)
            .is_none_or(|s| s.status == Status::Stale)
    }

    /// Pages to fetch for the rows `[start, end)`, nearest first, plus end-search probes when those
    /// rows reach past what is known; `all` asks for every page (sort, regex, history). At most
    /// `budget` pages.
    #[must_use]
    pub fn wanted(&self, start: usize, end: usize, all: bool, budget: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let push = |p: usize, out: &mut Vec<usize>| {
            if p >= 1
                && out.len() < budget
                && !out.contains(&p)
                && self.wants(p)
                && self
                    .upper()
                    .is_none_or(|u| p <= u.div_ceil(self.size).max(1))
            {
                out.push(p);
            }
        };
        let first = start / self.size + 1;
        let last = end.max(start + 1).div_ceil(self.size).max(first);
        let answered = self.slots.values().any(|s| s.data.is_some());
        let searching =
            self.total().is_none() && ((all && answered) || self.looking_past(start, end));
        // While the end is searched for, visible pages past the highest page known to exist are
        // guesses: only probes go out, and the visible pages follow once the end is known.
        let exists = self.lower().div_ceil(self.size).max(1);
        for p in first..=last {
            if !searching || p <= exists {
                push(p, &mut out);
            }
        }
        if searching {
            let room = budget.saturating_sub(out.len());
            for p in self.probes(room.min(SEARCH_PARALLEL)) {
                push(p, &mut out);
            }
        }
        if all {
            let through = self.total().map_or_else(
                || self.lower().div_ceil(self.size),
                |t| t.div_ceil(self.size),
            );
            for p in 1..=through.max(1) {
                push(p, &mut out);
            }
            if self.total().is_none() && answered {
                // Walk on past the highest page known to exist.
                let next = self.lower().div_ceil(self.size).max(1);
                for p in next..next + budget {
                    push(p, &mut out);
                }
            }
        }
        out
    }

    /// During a jump to the end: only the search's probes, none of the rows on screen (the view
    /// is leaving them; on a real Quay a call for them would hold a worker the search needs).
    /// Empty once the end is known, or while nothing has answered yet (then [`TagPages::wanted`]).
    #[must_use]
    pub fn end_probes(&self, budget: usize) -> Vec<usize> {
        if self.total().is_some() || !self.slots.values().any(|s| s.data.is_some()) {
            return Vec::new();
        }
        let probes: Vec<usize> = self
            .probes(budget.min(SEARCH_PARALLEL))
            .into_iter()
            .filter(|p| *p >= 1 && self.wants(*p))
            .collect();
        // No gap left to probe: the last page known to exist holds the end; its rows tell the total.
        let last = self.lower().div_ceil(self.size).max(1);
        if probes.is_empty() && budget > 0 && self.in_flight() == 0 && self.wants(last) {
            return vec![last];
        }
        probes
    }

    /// The rows `[start, end)` jump a page or more past the known rows, or into the unknown gap
    /// before a known upper bound: the end is worth searching for. Plain scrolling is not.
    fn looking_past(&self, start: usize, end: usize) -> bool {
        let known = self.lower().div_ceil(self.size) * self.size;
        let any = self.slots.values().any(|s| s.data.is_some());
        any && (start >= known + self.size || (self.upper().is_some() && end > self.lower()))
    }

    /// Up to `n` more pages worth asking to find the end, given what is known and what is already
    /// asked (pages in flight past the highest page known to exist), so that at most
    /// [`SEARCH_PARALLEL`] probes are out at once.
    fn probes(&self, n: usize) -> Vec<usize> {
        let exists = self.lower().div_ceil(self.size).max(1);
        let beyond = self
            .upper()
            .map(|u| u.div_ceil(self.size).max(1) + usize::from(u % self.size == 0));
        let asked: Vec<usize> = self
            .slots
            .iter()
            .filter(|(p, s)| s.status == Status::Loading && s.data.is_none() && **p > exists)
            .map(|(p, _)| *p)
            .collect();
        let room = SEARCH_PARALLEL.saturating_sub(asked.len()).min(n);
        if room == 0 {
            return Vec::new();
        }
        let furthest = asked.iter().copied().max().unwrap_or(exists).max(exists);
        // The page that ended the list when this tab last saw its end.
        let hinted = self.hint.map(|h| h.div_ceil(self.size).max(1));
        // That page and the next are asked together and settle the end between them when nothing
        // changed: while one of them is out, the other's answer alone asks for nothing more (a
        // probe sent on it would be a bearer call wasted in the common case).
        let pending = |p: usize| {
            self.slots
                .get(&p)
                .is_some_and(|s| s.status == Status::Loading && s.data.is_none())
        };
        if hinted.is_some_and(|last| pending(last) || pending(last + 1)) {
            return Vec::new();
        }
        // No end known, but the tab saw one before: its page and the next, once.
        if let (None, Some(last)) = (beyond, hinted) {
            if last > exists && asked.is_empty() {
                let guesses: Vec<usize> = [last, last + 1]
                    .into_iter()
                    .filter(|p| !self.slots.contains_key(p))
                    .take(room)
                    .collect();
                if guesses.len() == 2 || (guesses.len() == 1 && room == 1) {
                    return guesses;
                }
            }
        }
        let Some(beyond) = beyond else {
            // Past the hinted end (tags came): at 1, 3, 7… times the distance from it.
            if let Some(last) = hinted.filter(|l| furthest > *l && near(furthest, *l)) {
                let step = furthest - last + 1;
                return (0..room)
                    .map(|i| furthest.saturating_add(step.saturating_mul((1 << (2 * i)) * 2 - 1)))
                    .collect();
            }
            // No end known: ×REACH past the furthest page known or asked, and so on.
            return (1..=room)
                .scan(furthest, |p, _| {
                    *p = p.saturating_mul(REACH);
                    Some(*p)
                })
                .collect();
        };
        let mut points: Vec<usize> = asked.iter().copied().filter(|p| *p < beyond).collect();
        points.extend([exists, beyond]);
        // The widest gap between the pages known or asked (a handful of points: no sort needed).
        let Some((a, b)) = points
            .iter()
            .filter_map(|a| {
                let b = points.iter().copied().filter(|b| b > a).min()?;
                (b - a > 1).then_some((*a, b))
            })
            .max_by_key(|(a, b)| b - a)
        else {
            return Vec::new();
        };
        match hinted {
            // The end moved back from the hinted one (tags went): just below the bound first.
            Some(last) if b <= last + 1 && a < last && near(b, last) => {
                gallop_down(a, b, last + 2 - b, room)
            }
            // It moved on past it: just above the bound first.
            Some(last) if a >= last && near(a, last) => gallop_up(a, b, a + 1 - last, room),
            _ => split(a, b, room),
        }
    }
}

/// Page `p` is within half the hinted end `last` of it: the hint still helps; further off, the
/// search goes on as without one.
fn near(p: usize, last: usize) -> bool {
    p.abs_diff(last).saturating_mul(2) <= last
}

/// `k` pages inside the gap `(a, b)` below `b`, at `step`, 3·`step`, 7·`step`… from it.
/// When the gap is narrower than `step`: [`split`].
fn gallop_down(a: usize, b: usize, step: usize, k: usize) -> Vec<usize> {
    if b.saturating_sub(step.max(1)) <= a {
        return split(a, b, k);
    }
    let mut out: Vec<usize> = Vec::new();
    let mut distance = step.max(1);
    for _ in 0..k {
        let p = b.saturating_sub(distance).max(a + 1);
        if p < b && !out.contains(&p) {
            out.push(p);
        }
        distance = distance.saturating_mul(2).saturating_add(step.max(1));
    }
    out
}

/// `k` pages inside the gap `(a, b)` above `a`, at `step`, 3·`step`, 7·`step`… from it.
/// When the gap is narrower than `step`: [`split`].
fn gallop_up(a: usize, b: usize, step: usize, k: usize) -> Vec<usize> {
    if a.saturating_add(step.max(1)) >= b {
        return split(a, b, k);
    }
    let mut out: Vec<usize> = Vec::new();
    let mut distance = step.max(1);
    for _ in 0..k {
        let p = a.saturating_add(distance).min(b.saturating_sub(1));
        if p > a && !out.contains(&p) {
            out.push(p);
        }
        distance = distance.saturating_mul(2).saturating_add(step.max(1));
    }
    out
}

/// `k` pages evenly inside the gap `(a, b)`: on a log scale while it spans more than ×2.5 (the
/// end is as likely at 200 as at 2,000), else linearly; fewer when the gap is narrower.
fn split(a: usize, b: usize, k: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    for i in 1..=k {
        let p = if b.saturating_mul(2) > a.saturating_mul(5) {
            let ratio = (b as f64 / a.max(1) as f64).powf(1.0 / (k + 1) as f64);
            (a.max(1) as f64 * ratio.powi(i as i32)).round() as usize
        } else {
            a + (b - a) * i / (k + 1)
        };
        let p = p.clamp(a + 1, b.saturating_sub(1).max(a + 1));
        if p < b && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}
