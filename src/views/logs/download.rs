//! Saves text as a file in the browser: a `Blob`, an object URL and a temporary `<a download>`.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` for download as `filename` with the given MIME type.
///
/// # Errors
/// When the browser refuses to build the blob or the link (never panics).
pub fn save_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The browser could not {what}.");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("create the file"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| fail("create the file"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("find the page"))?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("create a link"))?
        .dyn_into()
        .map_err(|_| fail("create a link"))?;
    link.set_href(&url);
    link.set_download(filename);
    link.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
    }
    link.click();
    link.remove();
    // Give the download a moment to start before the URL is released.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
