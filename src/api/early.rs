//! Early GETs: the request a deep link's page will make first, started by the shell as soon as
//! the session is known, in parallel with the page's wasm chunks. When the page then asks the
//! client for the same path, it gets that answer (once) instead of a second bearer call.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// How long an unclaimed early answer stays usable.
const FRESH_MS: f64 = 15_000.0;

/// The shared result of one early GET: `(status, body)` of a 2xx answer, or the failure.
pub(super) type Outcome = Result<(u16, String), crate::model::error::ApiError>;

#[derive(Default)]
pub(super) struct Slot {
    outcome: Option<Outcome>,
    wakers: Vec<Waker>,
    started_ms: f64,
}

thread_local! {
    static EARLY: RefCell<HashMap<String, Rc<RefCell<Slot>>>> = RefCell::new(HashMap::new());
}

/// Registers an early GET of `path`; returns the cell to fill, or `None` if one is registered.
pub(super) fn register(path: &str) -> Option<Rc<RefCell<Slot>>> {
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        let now = js_sys::Date::now();
        early.retain(|_, slot| now - slot.borrow().started_ms < FRESH_MS);
        if early.contains_key(path) {
            return None;
        }
        let slot = Rc::new(RefCell::new(Slot {
            started_ms: now,
            ..Slot::default()
        }));
        early.insert(path.to_owned(), slot.clone());
        Some(slot)
    })
}

/// Fills the cell and wakes whoever waits for it.
pub(super) fn fill(slot: &Rc<RefCell<Slot>>, outcome: Outcome) {
    let wakers = {
        let mut s = slot.borrow_mut();
        s.outcome = Some(outcome);
        std::mem::take(&mut s.wakers)
    };
    wakers.into_iter().for_each(Waker::wake);
}

/// Takes the early GET of `path`, if one is registered and fresh, and waits for its answer.
pub(super) async fn claim(path: &str) -> Option<Outcome> {
    let slot = EARLY.with(|early| early.borrow_mut().remove(path))?;
    if js_sys::Date::now() - slot.borrow().started_ms >= FRESH_MS {
        return None;
    }
    Some(
        std::future::poll_fn(move |cx| {
            let mut s = slot.borrow_mut();
            match s.outcome.take() {
                Some(outcome) => Poll::Ready(outcome),
                None => {
                    s.wakers.push(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await,
    )
}
