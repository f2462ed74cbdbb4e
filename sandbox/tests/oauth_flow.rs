//! The implicit flow as Quay does it: sign-in, consent, approve, deny, the sensitive-scope
//! confirmation that drops `state`, remembered grants, and the refusals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Reply, Sandbox};

const HOST: &str = "127.0.0.1:4321";
const REDIRECT: &str = "http://127.0.0.1:4321/console/";
const CLIENT: &str = "CONSOLE0DEMO0CLIENT0ID";

fn authorize_path(scope: &str, state: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "token")
        .append_pair("client_id", CLIENT)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("scope", scope)
        .append_pair("state", state)
        .finish();
    format!("/oauth/authorize?{query}")
}

async fn get(sb: &Sandbox, path: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(path).header(header::HOST, HOST);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    sb.send(req.body(Body::empty()).unwrap()).await
}

async fn post_form(
    sb: &Sandbox,
    path: &str,
    cookie: Option<&str>,
    fields: &[(String, String)],
) -> Reply {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter())
        .finish();
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    sb.send(req.body(Body::from(body)).unwrap()).await
}

/// Signs in and returns the cookie to send back.
async fn sign_in(sb: &Sandbox, user: &str, next: &str) -> String {
    let fields = [
        ("username".to_owned(), user.to_owned()),
        ("password".to_owned(), "password".to_owned()),
        ("next".to_owned(), next.to_owned()),
    ];
    let reply = post_form(sb, "/oauth/signin", None, &fields).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(reply.header("location").as_deref(), Some(next));
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly"));
    cookie.split(';').next().unwrap().to_owned()
}

/// The `name`/`value` pairs of the page's first form, and the form's action.
fn form(page: &str) -> (String, Vec<(String, String)>) {
    let action = page
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let fields = page
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|chunk| {
            let name = chunk.split('"').next().unwrap().to_owned();
            let value = chunk
                .split("value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (name, value.replace("&amp;", "&").replace("&quot;", "\""))
        })
        .collect();
    (action, fields)
}

type Pairs = Vec<(String, String)>;

fn query_and_fragment(location: &str) -> (Pairs, Pairs) {
    let (before, fragment) = location.split_once('#').unwrap_or((location, ""));
    let query = before.split_once('?').map_or("", |(_, q)| q);
    let parse = |s: &str| {
        form_urlencoded::parse(s.as_bytes())
            .into_owned()
            .collect::<Vec<_>>()
    };
    (parse(query), parse(fragment))
}

#[tokio::test]
async fn approve_redirects_with_scope_and_state_in_query_and_token_in_fragment() {
    let sb = Sandbox::new();
    let path = authorize_path("repo:read user:read", "xyz123");
    let cookie = sign_in(&sb, "devtable", &path).await;
    let consent = get(&sb, &path, Some(&cookie)).await;
    let page = consent.text();
    assert!(
        page.contains(">Authorize Application</button>") && page.contains(">Deny</button>"),
        "{page}"
    );
    assert!(page.contains("Read User Information"));
    let (action, fields) = form(&page);
    assert_eq!(action, "/oauth/authorizeapp");
    let reply = post_form(&sb, &action, Some(&cookie), &fields).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    let location = reply.header("location").unwrap();
    assert!(location.starts_with("http://127.0.0.1:4321/console/?scope=repo%3Aread+user%3Aread&state=xyz123#access_token="), "{location}");
    let (query, fragment) = query_and_fragment(&location);
    assert_eq!(query.len(), 2);
    let get_f = |k: &str| {
        fragment
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get_f("token_type"), "Bearer");
    assert_eq!(get_f("expires_in"), "315576000");
    let token = get_f("access_token");
    assert_eq!(token.len(), 40);
    let me = sb
        .api(Method::GET, "/api/v1/user/", Some(&token), None)
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "devtable");

    // Already granted: straight back with a new token (and the state).
    let again = get(&sb, &path, Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::FOUND);
    let location = again.header("location").unwrap();
    assert!(location.contains("state=xyz123#access_token=") && !location.contains(&token));
    // Until the grants are cleared.
    sb.send(
        Request::post("/__sandbox/grants/clear")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(get(&sb, &path, Some(&cookie)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn deny_redirects_with_only_the_error() {
    let sb = Sandbox::new();
    let path = authorize_path("repo:read", "s1");
    let cookie = sign_in(&sb, "devtable", &path).await;
    let (_, fields) = form(&get(&sb, &path, Some(&cookie)).await.text());
    let reply = post_form(&sb, "/oauth/denyapp", Some(&cookie), &fields).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(
        reply.header("location").unwrap(),
        format!("{REDIRECT}?error=authorization_denied")
    );
}

#[tokio::test]
async fn sensitive_scopes_need_a_confirmation_that_drops_state() {
    let sb = Sandbox::new();
    let path = authorize_path("repo:read org:admin super:user", "keepme");
    let cookie = sign_in(&sb, "devtable", &path).await;
    let (action, fields) = form(&get(&sb, &path, Some(&cookie)).await.text());
    assert_eq!(action, "/oauth/authorize/confirm");
    assert!(fields.iter().any(|(n, _)| n == "state"));
    let confirm = post_form(&sb, &action, Some(&cookie), &fields).await;
    let page = confirm.text();
    assert!(page.contains(">Confirm</button>"), "{page}");
    let (action, fields) = form(&page);
    assert_eq!(action, "/oauth/authorizeapp");
    assert!(!fields.iter().any(|(n, _)| n == "state"));
    let reply = post_form(&sb, &action, Some(&cookie), &fields).await;
    let location = reply.header("location").unwrap();
    let (query, _) = query_and_fragment(&location);
    assert_eq!(
        query,
        vec![(
            "scope".to_owned(),
            "repo:read org:admin super:user".to_owned()
        )]
    );
}

#[tokio::test]
async fn refusals() {
    let sb = Sandbox::new();
    // Not an admin of the application's organization.
    let path = authorize_path("repo:read", "s");
    let cookie = sign_in(&sb, "reader", &path).await;
    assert_eq!(
        get(&sb, &path, Some(&cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let cookie = sign_in(&sb, "devtable", &path).await;
    // Unknown client, foreign redirect origin, unknown scope.
    let unknown = path.replace(CLIENT, "NOPE");
    assert_eq!(
        get(&sb, &unknown, Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
    // A foreign redirect URI: back to the registered one with the error (Quay's answer).
    let foreign = path.replace("127.0.0.1%3A4321", "evil.example");
    let mismatch = get(&sb, &foreign, Some(&cookie)).await;
    assert_eq!(mismatch.status, StatusCode::FOUND);
    assert_eq!(
        mismatch.header("location").as_deref(),
        Some("http://localhost/console/?error=redirect_uri_mismatch")
    );
    let bad_scope = authorize_path("repo:read repo:everything", "s");
    assert_eq!(
        get(&sb, &bad_scope, Some(&cookie)).await.status,
        StatusCode::BAD_REQUEST
    );
    // Forged form (no CSRF token).
    let (_, mut fields) = form(&get(&sb, &path, Some(&cookie)).await.text());
    fields.retain(|(n, _)| n != "_csrf_token");
    let forged = post_form(&sb, "/oauth/authorizeapp", Some(&cookie), &fields).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.json().get("error").is_some());
    // Wrong password.
    let fields = [
        ("username".to_owned(), "devtable".to_owned()),
        ("password".to_owned(), "nope".to_owned()),
        ("next".to_owned(), path.clone()),
    ];
    let wrong = post_form(&sb, "/oauth/signin", None, &fields).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.header("set-cookie").is_none());
    // Behind a proxy: the forwarded origin counts.
    let proxied = Request::get(
        authorize_path("repo:read", "p").replace("127.0.0.1%3A4321", "quay.example.com"),
    )
    .header(header::HOST, "127.0.0.1:9")
    .header("x-forwarded-host", "quay.example.com")
    .header("x-forwarded-proto", "http")
    .header(header::COOKIE, &cookie)
    .body(Body::empty())
    .unwrap();
    assert_eq!(sb.send(proxied).await.status, StatusCode::OK);
}

fn authorize_path_to(redirect: &str, scope: &str, state: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "token")
        .append_pair("client_id", CLIENT)
        .append_pair("redirect_uri", redirect)
        .append_pair("scope", scope);
    if let Some(state) = state {
        query.append_pair("state", state);
    }
    format!("/oauth/authorize?{}", query.finish())
}

#[tokio::test]
async fn without_a_session_authorize_is_quays_bare_401() {
    let sb = Sandbox::new();
    let recorded = common::oauth_page("oauth_authorize_json_anon");
    for path in [
        authorize_path("repo:read user:read", "xyz123"),
        format!("{}&format=json", authorize_path("repo:read", "s")),
    ] {
        let reply = get(&sb, &path, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.text(), recorded);
    }
    // An unknown session counts as none.
    let reply = get(
        &sb,
        &authorize_path("repo:read", "s"),
        Some("quay_sandbox_session=forged"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn friendly_signin_shows_the_form_instead() {
    let sb = Sandbox::with(|o| o.friendly_signin = true);
    let path = authorize_path("repo:read", "s");
    let reply = get(&sb, &path, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.text();
    assert!(page.contains(">Username</label>") && page.contains(">Sign in</button>"));
    assert!(page.contains("data-testid=\"demo-credentials\""));
    let (action, fields) = form(&page);
    assert_eq!(action, "/signin");
    assert_eq!(fields, vec![("redirect_url".to_owned(), path)]);
}

#[tokio::test]
async fn not_an_admin_of_the_apps_org_is_quays_bare_403() {
    let sb = Sandbox::new();
    let path = authorize_path("repo:read", "s");
    let cookie = sign_in(&sb, "reader", &path).await;
    for path in [path.clone(), format!("{path}&format=json")] {
        let reply = get(&sb, &path, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(
            reply.text(),
            common::oauth_page("oauth_authorize_json_not_org_admin")
        );
    }
}

async fn post_signin(sb: &Sandbox, path: &str, redirect_url: Option<&str>, host: &str) -> Reply {
    let mut fields = vec![
        ("username".to_owned(), "devtable".to_owned()),
        ("password".to_owned(), "password".to_owned()),
    ];
    if let Some(url) = redirect_url {
        fields.push(("redirect_url".to_owned(), url.to_owned()));
    }
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter())
        .finish();
    let req = Request::post(path)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    sb.send(req).await
}

#[tokio::test]
async fn signin_page_goes_back_to_same_origin_redirect_urls_only() {
    let sb = Sandbox::new();
    // The page carries the redirect_url into its form (and says which demo accounts exist).
    let wanted = authorize_path("repo:read", "s");
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("redirect_url", &format!("http://{HOST}{wanted}"))
        .finish();
    for page_path in ["/signin", "/signin/"] {
        let page = get(&sb, &format!("{page_path}?{query}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = page.text();
        assert!(text.contains(">Password</label>") && text.contains("demo-credentials"));
        let (action, fields) = form(&text);
        assert_eq!(action, "/signin");
        assert_eq!(fields[0].1, format!("http://{HOST}{wanted}"));
    }
    let absolute = format!("http://{HOST}/console/repository/x?tab=tags");
    let cases: Vec<(Option<&str>, &str)> = vec![
        (Some(&wanted), &wanted),
        (Some(&absolute), &absolute),
        (Some("/console/"), "/console/"),
        (Some("http://evil.example/console/"), "/"),
        (Some("http://127.0.0.1:4322/console/"), "/"),
        (Some("https://127.0.0.1:4321/console/"), "/"),
        (Some("http://127.0.0.1:4321.evil.example/"), "/"),
        (Some("//evil.example/x"), "/"),
        (Some("/\\evil.example/x"), "/"),
        (Some("javascript:alert(1)"), "/"),
        (Some("console/"), "/"),
        (Some(""), "/"),
        (None, "/"),
    ];
    for (url, expected) in cases {
        for path in ["/signin", "/signin/"] {
            let reply = post_signin(&sb, path, url, HOST).await;
            assert_eq!(reply.status, StatusCode::FOUND, "{url:?}");
            assert_eq!(
                reply.header("location").as_deref(),
                Some(expected),
                "{url:?}"
            );
            assert!(reply.header("set-cookie").is_some());
        }
    }
    // Behind a proxy the forwarded origin is this origin.
    let req = Request::post("/signin")
        .header(header::HOST, "127.0.0.1:9")
        .header("x-forwarded-host", "quay.example.com")
        .header("x-forwarded-proto", "https")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "username=devtable&password=password&redirect_url=https%3A%2F%2Fquay.example.com%2Fconsole%2F",
        ))
        .unwrap();
    assert_eq!(
        sb.send(req).await.header("location").as_deref(),
        Some("https://quay.example.com/console/")
    );
    // A wrong password keeps the redirect_url in the form and sets no cookie.
    let body = format!(
        "username=devtable&password=nope&redirect_url={}",
        form_urlencoded::byte_serialize(wanted.as_bytes()).collect::<String>()
    );
    let req = Request::post("/signin")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let wrong = sb.send(req).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.header("set-cookie").is_none());
    assert_eq!(form(&wrong.text()).1[0].1, wanted);
}

/// Runs the consent (and, for sensitive scopes, the confirmation) and returns the final Location.
async fn approve(sb: &Sandbox, cookie: &str, path: &str) -> String {
    let (mut action, mut fields) = form(&get(sb, path, Some(cookie)).await.text());
    if action == "/oauth/authorize/confirm" {
        let page = post_form(sb, &action, Some(cookie), &fields).await.text();
        (action, fields) = form(&page);
    }
    assert_eq!(action, "/oauth/authorizeapp");
    let reply = post_form(sb, &action, Some(cookie), &fields).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    reply.header("location").unwrap()
}

#[tokio::test]
async fn the_redirect_uris_query_is_kept() {
    let with_cb = format!("{REDIRECT}?cb=N1");
    let cases = [
        (
            "repo:read user:read",
            Some("xyz"),
            "scope=repo%3Aread+user%3Aread&state=xyz",
        ),
        ("repo:read user:read", None, "scope=repo%3Aread+user%3Aread"),
        // The sensitive-scope confirmation drops state, never the redirect URI's query.
        (
            "repo:read org:admin",
            Some("xyz"),
            "scope=repo%3Aread+org%3Aadmin",
        ),
        ("repo:read org:admin", None, "scope=repo%3Aread+org%3Aadmin"),
    ];
    for (scope, state, expected) in cases {
        let sb = Sandbox::new();
        let path = authorize_path_to(&with_cb, scope, state);
        let cookie = sign_in(&sb, "devtable", &path).await;
        let location = approve(&sb, &cookie, &path).await;
        assert!(
            location.starts_with(&format!("{with_cb}&{expected}#access_token=")),
            "{scope} {state:?}: {location}"
        );
    }
    // Deny keeps it too.
    let sb = Sandbox::new();
    let path = authorize_path_to(&with_cb, "repo:read", Some("s"));
    let cookie = sign_in(&sb, "devtable", &path).await;
    let (_, fields) = form(&get(&sb, &path, Some(&cookie)).await.text());
    let reply = post_form(&sb, "/oauth/denyapp", Some(&cookie), &fields).await;
    assert_eq!(
        reply.header("location").unwrap(),
        format!("{with_cb}&error=authorization_denied")
    );
}

#[tokio::test]
async fn format_json_has_the_recorded_shape() {
    let sb = Sandbox::new();
    let path = authorize_path("repo:read user:read", "xyz123");
    let cookie = sign_in(&sb, "devtable", &path).await;
    let csrf = form(&get(&sb, &path, Some(&cookie)).await.text())
        .1
        .into_iter()
        .find(|(n, _)| n == "_csrf_token")
        .unwrap()
        .1;
    let reply = get(&sb, &format!("{path}&format=json"), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let recorded: serde_json::Value =
        serde_json::from_str(&common::oauth_page("oauth_authorize_json")).unwrap();
    let body = reply.json();
    assert_eq!(common::shape_diff(&recorded, &body), Vec::<String>::new());
    // Compact, with sorted keys, like Flask's jsonify.
    assert_eq!(reply.text(), body.to_string());
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(body["csrf_token_val"], csrf.as_str());
    assert_eq!(body["client_id"], CLIENT);
    assert_eq!(body["state"], "xyz123");
    assert_eq!(body["scope"], "repo:read user:read");
    assert_eq!(body["redirect_uri"], REDIRECT);
    assert_eq!(body["has_dangerous_scopes"], false);
    assert_eq!(body["assignment_uuid"], serde_json::Value::Null);
    // The avatars are JSON strings, as recorded.
    for avatar in [
        &body["application"]["avatar"],
        &body["application"]["organization"]["avatar"],
    ] {
        let inner: serde_json::Value = serde_json::from_str(avatar.as_str().unwrap()).unwrap();
        let recorded_inner: serde_json::Value =
            serde_json::from_str(recorded["application"]["avatar"].as_str().unwrap()).unwrap();
        assert_eq!(
            common::shape_diff(&recorded_inner, &inner),
            Vec::<String>::new()
        );
        assert!(avatar.as_str().unwrap().starts_with("{\"name\": \""));
    }
    assert_eq!(
        body["application"]["organization"]["avatar"],
        recorded["application"]["organization"]["avatar"]
    );
    // Sensitive scopes say so.
    let sensitive = authorize_path("repo:read super:user", "x");
    let body = get(&sb, &format!("{sensitive}&format=json"), Some(&cookie))
        .await
        .json();
    assert_eq!(body["has_dangerous_scopes"], true);
    // Once granted, format=json redirects with a token like the page does.
    approve(&sb, &cookie, &path).await;
    let again = get(&sb, &format!("{path}&format=json"), Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::FOUND);
    assert!(again.header("location").unwrap().contains("#access_token="));
}

async fn user_with_cookie(sb: &Sandbox, cookie: Option<&str>, xhr: bool) -> Reply {
    let mut req = Request::get("/api/v1/user/")
        .header(header::HOST, HOST)
        .header(header::USER_AGENT, common::CHROME_UA);
    if xhr {
        req = req.header("x-requested-with", "XMLHttpRequest");
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    sb.send(req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn api_user_answers_quays_session_cookie() {
    let sb = Sandbox::new();
    let cookie = sign_in(&sb, "devtable", "/console/").await;
    let reply = user_with_cookie(&sb, Some(&cookie), true).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // The same JSON as with a token holding every scope.
    let token = sb.full_token("devtable");
    let with_token = sb
        .api(Method::GET, "/api/v1/user/", Some(&token), None)
        .await;
    assert_eq!(reply.json(), with_token.json());
    // No cookie, an unknown session, a signed-out session: Quay's 401 ApiError.
    let signed_out = sign_in(&sb, "reader", "/console/").await;
    let out = get(&sb, "/oauth/signout", Some(&signed_out)).await;
    assert_eq!(out.status, StatusCode::FOUND);
    for cookie in [
        None,
        Some("quay_sandbox_session=forged"),
        Some(signed_out.as_str()),
    ] {
        let reply = user_with_cookie(&sb, cookie, true).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{cookie:?}");
        assert_eq!(reply.json()["error_type"], "invalid_token");
    }
    // A browser GET without X-Requested-With is still refused (400).
    let reply = user_with_cookie(&sb, Some(&cookie), false).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    // Other endpoints do not take the cookie.
    let req = Request::get("/api/v1/user/robots")
        .header(header::HOST, HOST)
        .header("x-requested-with", "XMLHttpRequest")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(sb.send(req).await.status, StatusCode::UNAUTHORIZED);
}
