//! Quay's OAuth applications of an organization, the user's app-specific tokens, and their pure
//! logic: form validation with Quay's rules, the redirect-URI check, dates, login lines.
//!
//! Validation messages are i18n keys (`applications.*`); the views translate them.

use serde::{Deserialize, Deserializer, Serialize};

mod conflict;
mod dates;

pub use dates::{expiry, format_utc, parse_date, Expiry, SOON_SECONDS};

use crate::model::text::FoldCase;

/// `null` and absent both become the empty string (Quay sends `""` or `null` for unset texts).
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// One OAuth application (`org_app_get.json`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Application {
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub description: String,
    #[serde(default, deserialize_with = "text")]
    pub application_uri: String,
    #[serde(default, deserialize_with = "text")]
    pub client_id: String,
    #[serde(default, deserialize_with = "text")]
    pub client_secret: String,
    #[serde(default, deserialize_with = "text")]
    pub redirect_uri: String,
    #[serde(default)]
    pub avatar_email: Option<String>,
}

/// `GET /organization/{org}/applications`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApplicationList {
    #[serde(default)]
    pub applications: Vec<Application>,
}

/// Case-insensitive filter on name, client id, description and both URIs.
#[must_use]
pub fn filter<'a>(apps: &'a [Application], needle: &str) -> Vec<&'a Application> {
    let needle = needle.trim().folded();
    apps.iter()
        .filter(|a| {
            needle.is_empty()
                || [
                    &a.name,
                    &a.client_id,
                    &a.description,
                    &a.redirect_uri,
                    &a.application_uri,
                ]
                .iter()
                .any(|f| f.folded().contains(&needle))
        })
        .collect()
}

/// What the create and edit forms hold; every field as typed (also kept as a draft for the tab:
/// nothing secret is in it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub name: String,
    pub description: String,
    pub application_uri: String,
    pub redirect_uri: String,
    pub avatar_email: String,
}

/// The body of `POST .../applications` (`NewApp`) and `PUT .../applications/{id}` (`UpdateApp`).
///
/// `PUT` requires `name`, `redirect_uri` and `application_uri` and sets `avatar_email` to null when
/// it is omitted, so every field is always sent; `avatar_email` is left out only when the user
/// emptied it (null is not a string to Quay's schema, and omitting it is how it is cleared).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApplicationBody {
    pub name: String,
    pub description: String,
    pub application_uri: String,
    pub redirect_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_email: Option<String>,
}

/// A field of the application form with what is wrong with it (an i18n key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppField {
    Name,
    ApplicationUri,
    RedirectUri,
    AvatarEmail,
}

/// Longest name Quay stores (a `CharField`, 255).
pub const MAX_NAME: usize = 255;

impl ApplicationForm {
    #[must_use]
    pub fn from_app(app: &Application) -> Self {
        Self {
            name: app.name.clone(),
            description: app.description.clone(),
            application_uri: app.application_uri.clone(),
            redirect_uri: app.redirect_uri.clone(),
            avatar_email: app.avatar_email.clone().unwrap_or_default(),
        }
    }

    /// Every problem, field by field (empty when the form can be sent).
    #[must_use]
    pub fn validate(&self) -> Vec<(AppField, &'static str)> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push((AppField::Name, "applications.err_name_required"));
        } else if name.chars().count() > MAX_NAME {
            problems.push((AppField::Name, "applications.err_name_long"));
        }
        if let Err(key) = check_http_url(self.application_uri.trim()) {
            problems.push((AppField::ApplicationUri, key));
        }
        if let Err(key) = check_http_url(self.redirect_uri.trim()) {
            problems.push((AppField::RedirectUri, key));
        }
        let email = self.avatar_email.trim();
        if !email.is_empty() && !is_email(email) {
            problems.push((AppField::AvatarEmail, "applications.err_email"));
        }
        problems
    }

    /// The JSON body for create and update (trimmed; see [`ApplicationBody`]).
    #[must_use]
    pub fn body(&self) -> ApplicationBody {
        let email = self.avatar_email.trim();
        ApplicationBody {
            name: self.name.trim().to_owned(),
            description: self.description.trim().to_owned(),
            application_uri: self.application_uri.trim().to_owned(),
            redirect_uri: self.redirect_uri.trim().to_owned(),
            avatar_email: (!email.is_empty()).then(|| email.to_owned()),
        }
    }
}

/// An optional absolute `http(s)://host/...` URL without spaces; empty is allowed.
fn check_http_url(url: &str) -> Result<(), &'static str> {
    if url.is_empty() {
        return Ok(());
    }
    match split_uri(url) {
        Some(parts)
            if matches!(parts.scheme.to_ascii_lowercase().as_str(), "http" | "https")
                && !url.contains(char::is_whitespace)
                && !parts.authority.contains('@') =>
        {
            Ok(())
        }
        _ => Err("applications.err_url"),
    }
}

/// `local@domain.tld`, no spaces: enough to catch typos (Quay only checks it is a string).
#[must_use]
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

/// `scheme://authority/path` of a URL; the path is `/` when empty; query and fragment dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriParts<'a> {
    pub scheme: &'a str,
    pub authority: &'a str,
    pub path: &'a str,
}

#[must_use]
pub fn split_uri(uri: &str) -> Option<UriParts<'_>> {
    let (scheme, rest) = uri.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = tail
        .get(..path_end)
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    (!authority.is_empty()).then_some(UriParts {
        scheme,
        authority,
        path,
    })
}

/// Quay's rule for `redirect_uri` on `/oauth/authorize`: same scheme and host:port as the
/// registered redirect URI, and a path that starts with the registered path.
#[must_use]
pub fn redirect_allowed(registered: &str, requested: &str) -> bool {
    match (split_uri(registered.trim()), split_uri(requested)) {
        (Some(r), Some(q)) => {
            r.scheme.eq_ignore_ascii_case(q.scheme)
                && r.authority.eq_ignore_ascii_case(q.authority)
                && q.path.starts_with(r.path)
        }
        _ => false,
    }
}

/// Whether an application's redirect URI can bring Quay's answer back to this console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectFit {
    /// It can: tokens come back to this console at `redirect_uri`.
    Fits { redirect_uri: String },
    /// No redirect URI registered: Quay refuses every authorization.
    Missing,
    /// Not an absolute URL.
    Invalid,
    /// Another scheme or host:port than this console's.
    OtherOrigin { registered: String, console: String },
    /// This console's origin, but a path outside the console (or the console outside its path).
    OtherPath { registered: String, console: String },
}

impl RedirectFit {
    #[must_use]
    pub fn fits(&self) -> bool {
        matches!(self, Self::Fits { .. })
    }
}

/// Can the application generate a token that comes back to this console, which is served at
/// `console_root` (`{origin}{base}`, ending with `/`)? Quay accepts a `redirect_uri` that starts
/// with the registered one, so either the console's root lies under the registered URI (use the
/// root), or the registered URI points into the console (use it as it is).
#[must_use]
pub fn redirect_fit(registered: &str, console_root: &str) -> RedirectFit {
    let registered = registered.trim();
    if registered.is_empty() {
        return RedirectFit::Missing;
    }
    let (Some(reg), Some(root)) = (split_uri(registered), split_uri(console_root)) else {
        return RedirectFit::Invalid;
    };
    if !(reg.scheme.eq_ignore_ascii_case(root.scheme)
        && reg.authority.eq_ignore_ascii_case(root.authority))
    {
        return RedirectFit::OtherOrigin {
            registered: format!("{}://{}", reg.scheme, reg.authority),
            console: format!("{}://{}", root.scheme, root.authority),
        };
    }
    if root.path.starts_with(reg.path) {
        RedirectFit::Fits {
            redirect_uri: console_root.to_owned(),
        }
    } else if reg.path.starts_with(root.path) {
        RedirectFit::Fits {
            redirect_uri: registered
                .split(['?', '#'])
                .next()
                .unwrap_or(registered)
                .to_owned(),
        }
    } else {
        RedirectFit::OtherPath {
            registered: reg.path.to_owned(),
            console: root.path.to_owned(),
        }
    }
}

/// The registered redirect URI is a bare origin (`https://host`, `https://host/`, with or without a
/// query): Quay accepts any `redirect_uri` that starts with it, so a token could be sent to any page
/// of that host, not only to the application. Worth a warning wherever the application is shown.
#[must_use]
pub fn redirect_too_broad(registered: &str) -> bool {
    split_uri(registered.trim()).is_some_and(|p| p.path == "/")
}

/// One token of an application (`GET .../applications/{id}/tokens`), never with its code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApplicationToken {
    #[serde(default, deserialize_with = "text")]
    pub uuid: String,
    /// Space-separated scopes.
    #[serde(default, deserialize_with = "text")]
    pub scope: String,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub last_accessed: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
}

/// A page of an application's tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApplicationTokenList {
    #[serde(default)]
    pub tokens: Vec<ApplicationToken>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// An app-specific token of the signed-in user (`apptoken_get.json`); `token_code` only on
/// create and get, never in the list.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AppToken {
    #[serde(default, deserialize_with = "text")]
    pub uuid: String,
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default)]
    pub last_accessed: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub expiration: Option<String>,
    #[serde(default)]
    pub token_code: Option<String>,
}

impl std::fmt::Debug for AppToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppToken")
            .field("uuid", &self.uuid)
            .field("title", &self.title)
            .field("created", &self.created)
            .field("expiration", &self.expiration)
            .field(
                "token_code",
                &self.token_code.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

/// `GET /user/apptoken[?expiring=true]` (and `/superuser/apptokens`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AppTokenList {
    #[serde(default)]
    pub tokens: Vec<AppToken>,
    #[serde(default)]
    pub only_expiring: Option<bool>,
}

/// `{"token": {...}}` of create and get.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AppTokenEnvelope {
    #[serde(default)]
    pub token: AppToken,
}

/// The body of `POST /user/apptoken` (Quay takes `title`, not discovery's `friendlyName`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewAppToken {
    pub title: String,
}

/// Checks a token title: required, at most 255 characters. `Err` holds an i18n key.
///
/// # Errors
/// The key of the message to show.
pub fn validate_title(title: &str) -> Result<NewAppToken, &'static str> {
    let title = title.trim();
    if title.is_empty() {
        Err("applications.err_title_required")
    } else if title.chars().count() > MAX_NAME {
        Err("applications.err_title_long")
    } else {
        Ok(NewAppToken {
            title: title.to_owned(),
        })
    }
}

/// The registry's host for `docker login`: Quay's host from `quay_url`, or the console's own
/// host when Quay serves the console (`quay_url` empty).
#[must_use]
pub fn registry_host(quay_url: &str, location_host: &str) -> String {
    split_uri(quay_url.trim())
        .map_or(location_host, |p| p.authority)
        .to_owned()
}

/// `docker login` / `podman login` with an app-specific token as the password.
#[must_use]
pub fn login_command(tool: &str, username: &str, token: &str, host: &str) -> String {
    format!("{tool} login -u='{username}' -p='{token}' {host}")
}

/// A secret shown as bullets, keeping its last four characters to tell secrets apart.
#[must_use]
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    let tail: String = secret.chars().skip(count.saturating_sub(4)).collect();
    if count <= 4 {
        "•".repeat(count)
    } else {
        format!("{}{tail}", "•".repeat(count - 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_rules() {
        let mut form = ApplicationForm::default();
        assert_eq!(
            form.validate(),
            vec![(AppField::Name, "applications.err_name_required")]
        );
        form.name = "  CI  ".into();
        form.redirect_uri = "ftp//x".into();
        form.application_uri = "https://ci.example.com".into();
        form.avatar_email = "ci@".into();
        let fields: Vec<AppField> = form.validate().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec![AppField::RedirectUri, AppField::AvatarEmail]);
        form.redirect_uri = "http://127.0.0.1:8081/cb".into();
        form.avatar_email = String::new();
        assert!(form.validate().is_empty());
        let body = form.body();
        assert_eq!(body.name, "CI");
        assert_eq!(body.avatar_email, None);
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert!(json.get("avatar_email").is_none());
        assert_eq!(json["redirect_uri"], "http://127.0.0.1:8081/cb");
        assert_eq!(json["description"], "");
        form.name = "x".repeat(256);
        assert_eq!(
            form.validate(),
            vec![(AppField::Name, "applications.err_name_long")]
        );
        for bad in [
            "javascript:alert(1)",
            "http://",
            "http://a b/",
            "http://u@h/",
        ] {
            assert!(check_http_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn edit_form_keeps_avatar_email() {
        let app = Application {
            name: "A".into(),
            avatar_email: Some("a@example.com".into()),
            ..Application::default()
        };
        let body = ApplicationForm::from_app(&app).body();
        assert_eq!(body.avatar_email.as_deref(), Some("a@example.com"));
    }

    #[test]
    fn redirect_rules() {
        let root = "http://127.0.0.1:9000/console/";
        assert_eq!(
            redirect_fit("http://127.0.0.1:9000/console/", root),
            RedirectFit::Fits {
                redirect_uri: root.into()
            }
        );
        assert_eq!(
            redirect_fit("http://127.0.0.1:9000", root),
            RedirectFit::Fits {
                redirect_uri: root.into()
            }
        );
        assert_eq!(
            redirect_fit("http://127.0.0.1:9000/console/cb?x=1", root),
            RedirectFit::Fits {
                redirect_uri: "http://127.0.0.1:9000/console/cb".into()
            }
        );
        assert!(matches!(
            redirect_fit("http://localhost/console/", root),
            RedirectFit::OtherOrigin { .. }
        ));
        assert!(matches!(
            redirect_fit("http://127.0.0.1:9000/o2c.html", root),
            RedirectFit::OtherPath { .. }
        ));
        assert_eq!(redirect_fit(" ", root), RedirectFit::Missing);
        for broad in [
            "http://127.0.0.1:9000",
            "http://127.0.0.1:9000/",
            " https://quay.example/?x=1",
            "https://quay.example#f",
        ] {
            assert!(redirect_too_broad(broad), "{broad}");
        }
        for narrow in [
            "http://127.0.0.1:9000/console/",
            "https://q.example/cb",
            "",
            "/",
            "not a url",
        ] {
            assert!(!redirect_too_broad(narrow), "{narrow}");
        }
        assert_eq!(redirect_fit("not a url", root), RedirectFit::Invalid);
        assert!(redirect_allowed(
            "http://127.0.0.1:9000/console/",
            "http://127.0.0.1:9000/console/x"
        ));
        assert!(!redirect_allowed(
            "http://127.0.0.1:9000/console/",
            "http://127.0.0.1:9001/console/"
        ));
        // Whatever fits is accepted by Quay's own rule.
        for reg in [
            "http://127.0.0.1:9000/",
            "HTTP://127.0.0.1:9000/console",
            "http://127.0.0.1:9000/console/a/b",
        ] {
            if let RedirectFit::Fits { redirect_uri } = redirect_fit(reg, root) {
                assert!(redirect_allowed(reg, &redirect_uri), "{reg}");
            } else {
                panic!("{reg} should fit");
            }
        }
    }

    #[test]
    fn titles_hosts_masks() {
        assert_eq!(validate_title("  "), Err("applications.err_title_required"));
        assert_eq!(validate_title(" ci ").map(|t| t.title), Ok("ci".to_owned()));
        assert!(validate_title(&"t".repeat(256)).is_err());
        assert_eq!(
            registry_host("https://quay.example.com", "c:1"),
            "quay.example.com"
        );
        assert_eq!(registry_host("", "127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(
            login_command("podman", "devtable", "TOK", "q.example.com"),
            "podman login -u='devtable' -p='TOK' q.example.com"
        );
        assert_eq!(mask("ABCDEFGH"), "••••EFGH");
        assert_eq!(mask("AB"), "••");
    }
}
