//! App-specific tokens: `GET|POST /api/v1/user/apptoken`, `GET|DELETE /api/v1/user/apptoken/{uuid}`
//! (`user:admin`) and `GET /api/v1/superuser/apptokens` (`super:user`).
//!
//! As Quay: create answers **200** with `token_code`, which only create and get show (never the
//! list); `?expiring=true` keeps the tokens that expire within a tenth of the default four-week
//! lifetime, and `only_expiring` echoes the parameter (null without it). POSTs pass without
//! `X-Requested-With` (the middleware only refuses browser GETs).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::routing::get;
use axum::Router;
use rand::rngs::StdRng;
use serde_json::{json, Value};

use crate::areas::logs;
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::AppState;

/// One app-specific token of a user.
#[derive(Clone, Debug)]
pub struct AppSpecificToken {
    pub uuid: String,
    pub username: String,
    pub title: String,
    pub created: i64,
    pub last_accessed: Option<i64>,
    pub expiration: Option<i64>,
    /// The full 120-character code (`token_code`).
    pub code: String,
}

impl AppSpecificToken {
    /// Quay's `token_view` (`apptoken_get.json`); the code only when asked.
    pub fn view(&self, include_code: bool) -> Value {
        let mut view = json!({
            "uuid": self.uuid,
            "title": self.title,
            "last_accessed": self.last_accessed.map(util::http_date),
            "created": util::http_date(self.created),
            "expiration": self.expiration.map(util::http_date),
        });
        if let (true, Some(map)) = (include_code, view.as_object_mut()) {
            map.insert("token_code".into(), json!(self.code));
        }
        view
    }

    /// Expires within Quay's "soon" window (and has not expired yet).
    fn expiring(&self, now: i64) -> bool {
        self.expiration
            .is_some_and(|at| at > now && at <= now + EXPIRING_WINDOW_SECONDS)
    }
}

/// Quay: 10% of `APP_SPECIFIC_TOKEN_EXPIRATION`, whose default window is four weeks.
pub const EXPIRING_WINDOW_SECONDS: i64 = 4 * 7 * 86_400 / 10;

const DAY: i64 = 86_400;

/// (user, title, created days ago, last accessed hours ago, expires in days (negative: expired)).
type Seed = (&'static str, &'static str, i64, Option<i64>, Option<i64>);

const SEEDED: &[Seed] = &[
    ("devtable", "some app", 30, None, None),
    (
        "devtable",
        "CI pipeline (GitHub Actions)",
        26,
        Some(2),
        Some(2),
    ),
    ("devtable", "laptop podman", 10, Some(20), Some(80)),
    (
        "devtable",
        "old backup script",
        100,
        Some(40 * 24),
        Some(-10),
    ),
    ("reader", "reader laptop", 5, Some(3), None),
];

pub fn seed(now: i64, rng: &mut StdRng) -> Vec<AppSpecificToken> {
    SEEDED
        .iter()
        .enumerate()
        .map(
            |(i, &(user, title, created, accessed, expires))| AppSpecificToken {
                // The recorded token keeps its recorded uuid.
                uuid: if i == 0 {
                    "aadac389-5d02-4cfe-87c0-acdfccc97ae8".to_owned()
                } else {
                    util::uuid(rng)
                },
                username: user.to_owned(),
                title: title.to_owned(),
                created: now - created * DAY,
                last_accessed: accessed.map(|h| now - h * 3600),
                expiration: expires.map(|d| now + d * DAY),
                code: util::random_upper(rng, 120),
            },
        )
        .collect()
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/user/apptoken", get(list).post(create))
        .route(
            "/api/v1/user/apptoken/{token_uuid}",
            get(get_one).delete(revoke),
        )
        .route("/api/v1/superuser/apptokens", get(superuser_list))
}

/// `?expiring=`: `None` without it (Quay echoes null), else its truth.
fn expiring_param(uri: &Uri) -> Option<bool> {
    let params = util::query_pairs(uri.query());
    params
        .iter()
        .find(|(k, _)| k == "expiring")
        .map(|(_, v)| util::truthy(Some(v)))
}

fn listing<'a>(
    tokens: impl Iterator<Item = &'a AppSpecificToken>,
    expiring: Option<bool>,
) -> Value {
    let now = util::now();
    let views: Vec<Value> = tokens
        .filter(|t| expiring != Some(true) || t.expiring(now))
        .map(|t| t.view(false))
        .collect();
    json!({ "tokens": views, "only_expiring": expiring })
}

async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let mine = world
        .applications
        .tokens
        .iter()
        .filter(|t| t.username == session.username);
    errors::ok(listing(mine, expiring_param(&uri)))
}

async fn superuser_list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::SuperUser)?;
    session.require_superuser(&world)?;
    errors::ok(listing(
        world.applications.tokens.iter(),
        expiring_param(&uri),
    ))
}

async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let body = errors::parse_body(&body)?;
    errors::require_fields(&body, &["title"])?;
    let title = match body.get("title") {
        Some(Value::String(title)) => title.clone(),
        Some(other) => {
            return Err(errors::invalid_request(&format!(
                "{other} is not of type 'string'"
            )))
        }
        None => String::new(),
    };
    let token = AppSpecificToken {
        uuid: util::uuid(&mut world.rng),
        username: session.username.clone(),
        title,
        created: util::now(),
        last_accessed: None,
        expiration: None,
        code: util::random_upper(&mut world.rng, 120),
    };
    let view = token.view(true);
    let meta = json!({"app_specific_token_title": token.title, "app_specific_token": token.uuid});
    world.applications.tokens.push(token);
    let namespace = session.username.clone();
    logs::record(
        &mut world,
        &session,
        "create_app_specific_token",
        &namespace,
        None,
        meta,
    );
    errors::ok(json!({ "token": view }))
}

async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token_uuid): Path<String>,
) -> ApiResult {
    let world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    world
        .applications
        .tokens
        .iter()
        .find(|t| t.uuid == token_uuid && t.username == session.username)
        .map_or_else(
            || Err(errors::not_found()),
            |t| errors::ok(json!({ "token": t.view(true) })),
        )
}

async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token_uuid): Path<String>,
) -> ApiResult {
    let mut world = state.world();
    let session = auth::require_in(&world, &headers, Scope::UserAdmin)?;
    let index = world
        .applications
        .tokens
        .iter()
        .position(|t| t.uuid == token_uuid && t.username == session.username)
        .ok_or_else(errors::not_found)?;
    let token = world.applications.tokens.remove(index);
    let namespace = session.username.clone();
    logs::record(
        &mut world,
        &session,
        "revoke_app_specific_token",
        &namespace,
        None,
        json!({"app_specific_token_title": token.title, "app_specific_token": token.uuid}),
    );
    errors::no_content()
}
