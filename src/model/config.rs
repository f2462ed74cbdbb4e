//! `config.json`, served beside `index.html`: which Quay to talk to and how to sign in.
//! Parsed and validated here; every problem is reported with the field and what to write instead.

use serde::Deserialize;

/// Every scope Quay's OAuth implementation knows.
pub const KNOWN_SCOPES: [&str; 8] = [
    "repo:read",
    "repo:write",
    "repo:admin",
    "repo:create",
    "user:read",
    "user:admin",
    "org:admin",
    "super:user",
];

/// Scopes for which Quay's consent page asks a second confirmation (and then drops `state`).
pub const SENSITIVE_SCOPES: [&str; 3] = ["org:admin", "user:admin", "super:user"];

/// The validated runtime configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Quay's base URL without a trailing slash; empty means the console's own origin.
    pub quay_url: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// Path under the console's base that Quay redirects back to; empty = the console's root.
    pub redirect_path: String,
    /// The organization that owns the console's OAuth application, when the deployer says so:
    /// only its administrators may authorize the console (Quay answers others with a bare 403),
    /// so the sign-in page can tell a non-administrator before sending them there.
    pub organization: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    quay_url: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    scopes: Option<Scopes>,
    #[serde(default)]
    redirect_path: Option<String>,
    #[serde(default)]
    organization: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scopes {
    List(Vec<String>),
    Spaced(String),
}

/// One thing wrong with `config.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The field at fault, or `config.json` for the file as a whole.
    pub field: &'static str,
    pub problem: String,
}

impl ConfigProblem {
    fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }
}

/// An example that works, shown on the set-up page.
pub const EXAMPLE: &str = r#"{
  "quay_url": "https://quay.example.com",
  "client_id": "ABCDEFGHIJ0123456789",
  "scopes": ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "org:admin"],
  "redirect_path": "",
  "organization": "registry-admins"
}"#;

/// Parses and validates the text of `config.json`.
///
/// # Errors
/// Every problem found, so the set-up page can list them all at once.
pub fn parse(text: &str) -> Result<Config, Vec<ConfigProblem>> {
    if text.trim_start().starts_with('<') {
        return Err(vec![ConfigProblem::new(
            "config.json",
            "is missing: the server answered with a web page instead (it serves index.html for unknown paths)",
        )]);
    }
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        vec![ConfigProblem::new(
            "config.json",
            format!("is not a JSON object with the expected fields: {e}"),
        )]
    })?;
    let mut problems = Vec::new();

    let quay_url = raw
        .quay_url
        .unwrap_or_default()
        .trim()
        .trim_end_matches('/')
        .to_owned();
    if let Err(problem) = check_url(&quay_url) {
        problems.push(ConfigProblem::new("quay_url", problem));
    }

    let client_id = raw.client_id.unwrap_or_default().trim().to_owned();
    if client_id.is_empty() {
        problems.push(ConfigProblem::new(
            "client_id",
            "is missing: create an OAuth application in a Quay organization and copy its Client ID",
        ));
    } else if !client_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.push(ConfigProblem::new(
            "client_id",
            "must be the application's Client ID: letters and digits only",
        ));
    }

    let scopes: Vec<String> = match raw.scopes {
        None => vec![],
        Some(Scopes::List(list)) => list,
        Some(Scopes::Spaced(text)) => text.split_whitespace().map(ToOwned::to_owned).collect(),
    };
    if scopes.is_empty() {
        problems.push(ConfigProblem::new(
            "scopes",
            "is missing: list the scopes to ask for, e.g. [\"repo:read\", \"user:read\"]",
        ));
    }
    for scope in &scopes {
        if !KNOWN_SCOPES.contains(&scope.as_str()) {
            problems.push(ConfigProblem::new(
                "scopes",
                format!(
                    "\"{scope}\" is not a Quay scope; known: {}",
                    KNOWN_SCOPES.join(", ")
                ),
            ));
        }
    }
    if !scopes.iter().any(|s| s == "user:read") && !scopes.is_empty() {
        problems.push(ConfigProblem::new(
            "scopes",
            "must include \"user:read\": the console reads who is signed in",
        ));
    }

    let redirect_path = raw
        .redirect_path
        .unwrap_or_default()
        .trim()
        .trim_start_matches('/')
        .to_owned();
    if redirect_path.contains(['?', '#', ':']) || redirect_path.contains("//") {
        problems.push(ConfigProblem::new(
            "redirect_path",
            "must be a plain path below the console, e.g. \"\" or \"oauth-callback\"",
        ));
    }

    let organization = raw
        .organization
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty());
    if organization.as_deref().is_some_and(|o| {
        !o.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    }) {
        problems.push(ConfigProblem::new(
            "organization",
            "must be the name of the Quay organization that owns the OAuth application",
        ));
    }

    if problems.is_empty() {
        Ok(Config {
            quay_url,
            client_id,
            scopes,
            redirect_path,
            organization,
        })
    } else {
        Err(problems)
    }
}

fn check_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(
            "must start with https:// (or http://), or be \"\" when Quay serves the console itself",
        )?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.contains(['@', ' ']) {
        return Err("must name Quay's host, e.g. https://quay.example.com".into());
    }
    if url.contains(['?', '#']) {
        return Err("must not have a query or fragment".into());
    }
    if rest.contains("/api/") || rest.ends_with("/api") {
        return Err("is Quay's base URL, without /api/v1".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_example_and_same_origin() {
        let config = parse(EXAMPLE).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(config.quay_url, "https://quay.example.com");
        let same =
            parse(r#"{"quay_url": "", "client_id": "ABC", "scopes": "repo:read user:read"}"#)
                .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(same.quay_url, "");
        assert_eq!(same.scopes, ["repo:read", "user:read"]);
    }

    #[test]
    fn reports_every_problem() {
        let problems = parse(r#"{"quay_url": "quay.io/api/v1", "scopes": ["repo:read", "admin"]}"#)
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["quay_url", "client_id", "scopes", "scopes"]);
    }

    #[test]
    fn rejects_non_json_and_unknown_fields() {
        assert_eq!(parse("<html>").err().map(|p| p.len()), Some(1));
        assert!(parse(r#"{"client_id":"A","scopes":["user:read"],"clientid":"x"}"#).is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn trims_trailing_slash() {
        let c = parse(
            r#"{"quay_url":"https://q.example.com/","client_id":"A","scopes":["user:read"]}"#,
        );
        assert_eq!(c.map(|c| c.quay_url), Ok("https://q.example.com".into()));
    }
}
