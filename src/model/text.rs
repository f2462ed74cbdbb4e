//! Lower case for the console's case-insensitive filters.
//!
//! ASCII (every Quay name, most descriptions) is folded here. Other text is folded by the browser's
//! `String.prototype.toLowerCase`, the same Unicode mapping as `str::to_lowercase`, so Rust's Unicode
//! case tables stay out of the wasm (measured: the main module 6.7 KiB gzip smaller). Host builds
//! (the tests) use `str::to_lowercase`. This is the one place in `model` that reaches JavaScript.

/// `.folded()`: the text in lower case, as `str::to_lowercase` gives it.
pub trait FoldCase {
    fn folded(&self) -> String;
}

impl FoldCase for str {
    fn folded(&self) -> String {
        if self.is_ascii() {
            return self.to_ascii_lowercase();
        }
        #[cfg(target_arch = "wasm32")]
        {
            String::from(js_sys::JsString::from(self).to_lower_case())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FoldCase;

    #[test]
    fn folds_like_to_lowercase() {
        for text in [
            "",
            "Build-Robot_7",
            "ÄRGER Über",
            "ΣΊΣΥΦΟΣ",
            "镜像 Mirror",
            "İstanbul",
        ] {
            assert_eq!(text.folded(), text.to_lowercase(), "{text}");
        }
    }
}
