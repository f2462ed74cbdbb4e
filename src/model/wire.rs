//! What every answer body goes through before it is decoded.
//!
//! JSON lets a string carry a lone surrogate escape (`"\ud800"`: Python's `json.dumps` writes one
//! for a string that holds it), but serde_json refuses it when decoding into a `String`, so one such
//! character in one robot's description would fail the whole list. [`mend_surrogates`] writes each
//! unpaired surrogate escape as `\ufffd` (the replacement character, as the browser's own decoder
//! does for broken UTF-8); paired escapes and all other text stay as they are.

/// The answer with every lone surrogate escape replaced by `\ufffd` (unchanged, and not copied,
/// when it has none).
#[must_use]
pub fn mend_surrogates(text: String) -> String {
    if !text.contains("\\u") && !text.contains("\\U") {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    let mut changed = false;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'u') => {
                let unit = hex4(bytes, i + 2);
                let lone = match unit {
                    Some(0xD800..=0xDBFF) => {
                        let next = (bytes.get(i + 6) == Some(&b'\\')
                            && bytes.get(i + 7) == Some(&b'u'))
                        .then(|| hex4(bytes, i + 8))
                        .flatten();
                        if matches!(next, Some(0xDC00..=0xDFFF)) {
                            i += 12;
                            continue;
                        }
                        true
                    }
                    Some(0xDC00..=0xDFFF) => true,
                    _ => false,
                };
                if lone {
                    out.push_str(text.get(copied..i).unwrap_or_default());
                    out.push_str("\\ufffd");
                    copied = i + 6;
                    changed = true;
                }
                i += 6;
            }
            // Any other escape (`\\` among them) is two characters.
            _ => i += 2,
        }
    }
    if !changed {
        return text;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::mend_surrogates;

    fn decode(text: &str) -> Result<String, serde_json::Error> {
        serde_json::from_str(&mend_surrogates(text.to_owned()))
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert!(serde_json::from_str::<String>(r#""a\ud800b""#).is_err());
        assert_eq!(decode(r#""a\ud800b""#).ok().as_deref(), Some("a\u{FFFD}b"));
        assert_eq!(decode(r#""\uDC00""#).ok().as_deref(), Some("\u{FFFD}"));
        assert_eq!(
            decode(r#""\ud800\ud800""#).ok().as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
        assert_eq!(decode(r#""x\ud800""#).ok().as_deref(), Some("x\u{FFFD}"));
    }

    #[test]
    fn everything_else_is_kept() {
        assert_eq!(decode(r#""\ud83d\ude00""#).ok().as_deref(), Some("😀"));
        assert_eq!(decode(r#""\\ud800""#).ok().as_deref(), Some("\\ud800"));
        assert_eq!(
            decode(r#""\u00e9 \n \" \u0000""#).ok().as_deref(),
            Some("é \n \" \0")
        );
        let plain = r#"{"a":"b"}"#.to_owned();
        assert_eq!(mend_surrogates(plain.clone()), plain);
        // Cut short or not hex: left for serde_json to refuse as before.
        assert_eq!(mend_surrogates(r#""\ud8"#.to_owned()), r#""\ud8"#);
        assert_eq!(mend_surrogates(r#""\uzzzz""#.to_owned()), r#""\uzzzz""#);
    }
}
