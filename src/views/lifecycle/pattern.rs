//! Tag patterns as Quay applies them: Python's `re.match`, anchored at the start of the name
//! only. The browser's `RegExp` stands in for Python's `re` (the common syntax is the same); a
//! pattern the browser refuses is refused before sending, one it accepts that Python does not
//! comes back with Quay's "Invalid regex pattern" message.

use wasm_bindgen::{JsCast, JsValue};

/// A compiled tag pattern.
#[derive(Clone)]
pub struct Pattern(js_sys::RegExp);

impl Pattern {
    /// Compiles `pattern` as `^(?:pattern)`; `Err` carries the browser's reason.
    pub fn compile(pattern: &str) -> Result<Self, String> {
        let ctor = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
            .ok()
            .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| "RegExp is not available".to_owned())?;
        let anchored = format!("^(?:{pattern})");
        let args = js_sys::Array::of1(&JsValue::from_str(&anchored));
        js_sys::Reflect::construct(&ctor, &args)
            .map_err(|e| {
                e.dyn_into::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|_| "invalid regular expression".to_owned())
            })?
            .dyn_into::<js_sys::RegExp>()
            .map(Self)
            .map_err(|_| "invalid regular expression".to_owned())
    }

    /// `re.match(pattern, name)`.
    #[must_use]
    pub fn hit(&self, name: &str) -> bool {
        self.0.set_last_index(0);
        self.0.test(name)
    }
}
