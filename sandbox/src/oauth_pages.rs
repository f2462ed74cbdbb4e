//! HTML of the OAuth pages (sign-in, consent, sensitive-scope confirmation, errors).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::Scope;
use crate::util::html_escape as esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1b1d21;margin:0}\
main{max-width:32rem;margin:4rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px #0002}\
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .3rem}\
input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}\
button{padding:.55rem 1.1rem;margin:1rem .5rem 0 0;border-radius:4px;border:1px solid #888;cursor:pointer}\
button.primary{background:#0066cc;color:#fff;border-color:#0066cc}button.danger{background:#c9190b;color:#fff;border-color:#c9190b}\
.note{background:#eef5ff;padding:.7rem;border-radius:4px}.error{color:#c9190b}\
ul.scopes li{margin:.6rem 0}.warn{color:#8a5a00}";

/// A page with the sandbox's layout.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · Quay sandbox</title>\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>{STYLE}</style></head>\
<body><main>{body}</main></body></html>\n",
        esc(title)
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// An error page.
pub fn error_page(status: StatusCode, title: &str, text: &str) -> Response {
    page(
        status,
        title,
        &format!(
            "<h1 data-testid=\"oauth-error\">{}</h1><p>{}</p>",
            esc(title),
            esc(text)
        ),
    )
}

/// Werkzeug's bare 401 page, byte for byte as Quay answers `/oauth/authorize` without a session
/// (`oauth-pages/oauth_authorize_json_anon.json`).
pub const WERKZEUG_401: &str = "<!doctype html>\n<html lang=en>\n<title>401 Unauthorized</title>\n\
<h1>Unauthorized</h1>\n<p>The server could not verify that you are authorized to access the URL requested. \
You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#39;t understand how to \
supply the credentials required.</p>\n";

/// Werkzeug's bare 403 page (`oauth-pages/oauth_authorize_json_not_org_admin.json`).
pub const WERKZEUG_403: &str = "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n\
<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested resource. It is either \
read-protected or not readable by the server.</p>\n";

/// A bare Werkzeug error page (`abort(401)`, `abort(403)`), as Quay sends it.
pub fn werkzeug(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The sign-in form; `redirect_url` is where to go after signing in (empty: `/`).
pub fn sign_in(redirect_url: &str, error: Option<&str>) -> Response {
    let error = error
        .map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", esc(e)))
        .unwrap_or_default();
    page(
        StatusCode::OK,
        "Sign in",
        &format!(
            "<h1>Sign in to Quay (sandbox)</h1>{error}\
<p class=\"note\" data-testid=\"demo-credentials\">Demo accounts: <b>devtable</b> / <b>password</b> (superuser, \
admin of buynlarge), <b>reader</b> / <b>password</b> (member of buynlarge), <b>freshuser</b> / <b>password</b> \
(no organizations).</p>\
<form method=\"post\" action=\"/signin\">\
<input type=\"hidden\" name=\"redirect_url\" value=\"{}\">\
<label for=\"username\">Username</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autofocus>\
<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\
<button type=\"submit\" class=\"primary\">Sign in</button></form>",
            esc(redirect_url)
        ),
    )
}

/// Hidden fields of the authorization forms.
pub struct Fields<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scope: &'a str,
    /// `None` drops the field (the sensitive-scope confirmation, like Quay).
    pub state: Option<&'a str>,
    pub csrf: &'a str,
}

fn hidden(fields: &Fields<'_>) -> String {
    let mut out = String::new();
    let mut add = |name: &str, value: &str| {
        out.push_str(&format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            esc(value)
        ));
    };
    add("response_type", "token");
    add("client_id", fields.client_id);
    add("redirect_uri", fields.redirect_uri);
    add("scope", fields.scope);
    if let Some(state) = fields.state {
        add("state", state);
    }
    add("_csrf_token", fields.csrf);
    out
}

fn scope_list(scopes: &[Scope]) -> String {
    let items: String = scopes
        .iter()
        .map(|s| {
            let (title, text) = s.describe();
            let warn = if s.is_sensitive() {
                " class=\"warn\""
            } else {
                ""
            };
            format!(
                "<li data-scope=\"{}\"><b{warn}>{}</b><br><small>{}</small></li>",
                s.as_str(),
                esc(title),
                esc(text)
            )
        })
        .collect();
    format!("<ul class=\"scopes\">{items}</ul>")
}

/// The consent page. With sensitive scopes, "Authorize Application" leads to a confirmation page.
pub fn consent(
    app_name: &str,
    org: &str,
    username: &str,
    scopes: &[Scope],
    fields: &Fields<'_>,
    sensitive: bool,
) -> Response {
    let action = if sensitive {
        "/oauth/authorize/confirm"
    } else {
        "/oauth/authorizeapp"
    };
    page(
        StatusCode::OK,
        "Authorize application",
        &format!(
            "<h1>{} is requesting access</h1>\
<p>The application <b>{}</b> of organization <b>{}</b> would like permission to:</p>{}\
<form method=\"post\" action=\"{action}\">{}\
<button type=\"submit\" class=\"primary\" data-testid=\"oauth-authorize\">Authorize Application</button>\
<button type=\"submit\" formaction=\"/oauth/denyapp\" data-testid=\"oauth-deny\">Deny</button></form>\
<p><small>Signed in as <b>{}</b>. <a href=\"/oauth/signout\">Not you?</a></small></p>",
            esc(app_name),
            esc(app_name),
            esc(org),
            scope_list(scopes),
            hidden(fields),
            esc(username)
        ),
    )
}

/// The second confirmation for sensitive scopes; like Quay's dialog, its form has no `state`.
pub fn confirm(app_name: &str, scopes: &[Scope], fields: &Fields<'_>) -> Response {
    let sensitive: Vec<Scope> = scopes
        .iter()
        .copied()
        .filter(|s| s.is_sensitive())
        .collect();
    page(
        StatusCode::OK,
        "Confirm authorization",
        &format!(
            "<h1>Confirm Authorization</h1>\
<p>You are about to give <b>{}</b> these powerful permissions. Only continue if you trust it completely.</p>{}\
<form method=\"post\" action=\"/oauth/authorizeapp\">{}\
<button type=\"submit\" class=\"danger\" name=\"Authorize\" data-testid=\"oauth-confirm\">Confirm</button>\
<button type=\"submit\" formaction=\"/oauth/denyapp\" data-testid=\"oauth-deny\">Deny</button></form>",
            esc(app_name),
            scope_list(&sensitive),
            hidden(fields)
        ),
    )
}
