//! Memos, effects and resources whose closures are boxed before Leptos sees them.
//!
//! Leptos compiles its memo, effect and resource machinery once per closure type: about 600 bytes
//! of wasm for every `Memo::new`, 1,100 for every `Effect::new` and 1,600 (plus the future's
//! polling) for every `LocalResource::new`. Behind a `Box<dyn Fn>` it is compiled once per value
//! type instead. Same semantics as the Leptos constructors; the cost is one allocation and an
//! indirect call per run, nothing next to a DOM update.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

type BoxedFuture<T> = Pin<Box<dyn Future<Output = T>>>;
type MemoFn<T> = Box<dyn Fn(Option<&T>) -> T + Send + Sync>;

/// `Memo::new(move |_| f())`.
pub fn memo<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let f: MemoFn<T> = Box::new(move |_| f());
    Memo::new(f)
}

/// `Effect::new(move |_| f())`: runs once the view is mounted, then whenever what it read changes.
pub fn effect(f: impl Fn() + 'static) -> Effect<LocalStorage> {
    let f: Box<dyn Fn()> = Box::new(f);
    Effect::new(move |_| f())
}

/// `LocalResource::new(f)`.
pub fn resource<T, Fut>(f: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let f: Box<dyn Fn() -> BoxedFuture<T>> = Box::new(move || Box::pin(f()));
    LocalResource::new(f)
}

/// A flag that turns on when `when` first holds, and stays on (a part loaded on first use stays
/// mounted).
pub fn latch(when: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    let f: MemoFn<bool> = Box::new(move |was| was.copied().unwrap_or(false) || when());
    Memo::new(f)
}
