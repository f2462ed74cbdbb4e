//! Waiting on futures: until a request is aborted, or for a `Retry-After`.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::set_timeout_with_handle;

/// `work`'s output, or `None` if `signal` aborts first.
pub(super) async fn until_aborted<T>(
    work: impl Future<Output = T>,
    signal: &web_sys::AbortSignal,
) -> Option<T> {
    let aborted = js_sys::Promise::new(&mut |resolve, _| {
        if signal.aborted() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        } else {
            signal.set_onabort(Some(&resolve));
        }
    });
    let mut aborted = std::pin::pin!(wasm_bindgen_futures::JsFuture::from(aborted));
    let mut work = std::pin::pin!(work);
    std::future::poll_fn(move |cx| {
        if let std::task::Poll::Ready(out) = work.as_mut().poll(cx) {
            return std::task::Poll::Ready(Some(out));
        }
        aborted.as_mut().poll(cx).map(|_| None)
    })
    .await
}

/// Waits `seconds` (a `Retry-After`).
pub(super) async fn sleep(seconds: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = set_timeout_with_handle(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            Duration::from_secs(u64::from(seconds)),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
