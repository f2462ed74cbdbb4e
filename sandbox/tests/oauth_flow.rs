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
    let signin = get(&sb, &path, None).await;
    assert_eq!(signin.status, StatusCode::OK);
    assert!(signin.text().contains("devtable") && signin.text().contains("password"));
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
    let foreign = path.replace("127.0.0.1%3A4321", "evil.example");
    assert_eq!(
        get(&sb, &foreign, Some(&cookie)).await.status,
        StatusCode::BAD_REQUEST
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
