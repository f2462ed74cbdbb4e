//! Loading `config.json` from beside `index.html`.

use crate::model::config::{parse, Config, ConfigProblem};

/// Why the console cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The file could not be fetched (status 0 = network).
    Unavailable { url: String, status: u16 },
    Invalid {
        url: String,
        problems: Vec<ConfigProblem>,
    },
}

/// Loads and validates `{base}config.json`.
///
/// # Errors
/// What is wrong, for the set-up page.
pub async fn load(base_url: &str) -> Result<Config, ConfigError> {
    let url = format!("{base_url}config.json");
    // The boot script has usually fetched it already, beside the wasm.
    let fetched = match super::boot::config(&url).await {
        Some(answer) => answer.map_err(|status| (status, String::new())),
        None => super::client::fetch_static(&url).await,
    };
    match fetched {
        Ok(text) => parse(&text).map_err(|problems| ConfigError::Invalid { url, problems }),
        Err((status, _)) => Err(ConfigError::Unavailable { url, status }),
    }
}
