//! Federation of robots (`.../robots/{short}/federation`): the trusted issuer/subject pairs. `POST`
//! replaces the whole list (Quay's `_parse_federation_config` rules), `DELETE` removes it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use super::handlers::{authorize, lookup, Access, OrgRobot, Who};
use super::Federation;
use crate::areas::logs;
use crate::errors::{self, ApiResult};
use crate::AppState;

fn federation_view(list: &[Federation]) -> Value {
    json!(list
        .iter()
        .map(|f| json!({"issuer": f.issuer, "subject": f.subject}))
        .collect::<Vec<_>>())
}

fn federation(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let world = state.world();
    let (_, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let full = format!("{ns}+{short}");
    lookup(&world, &full)?;
    let list = world
        .robots
        .federation
        .get(&full)
        .cloned()
        .unwrap_or_default();
    errors::ok(federation_view(&list))
}

/// The `CreateRobotFederation` schema, then Quay's `_parse_federation_config` rules.
fn parse_federation(body: &Value) -> Result<Vec<Federation>, Response> {
    let Value::Array(items) = body else {
        return Err(errors::invalid_request(&format!(
            "{body} is not of type 'array'"
        )));
    };
    let mut out: Vec<Federation> = Vec::new();
    for item in items {
        if !item.is_object() {
            return Err(errors::invalid_request(&format!(
                "{item} is not of type 'object'"
            )));
        }
        errors::require_fields(item, &["issuer", "subject"])?;
        let field = |k: &str| {
            item.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (issuer, subject) = (field("issuer"), field("subject"));
        if issuer.is_empty() || subject.is_empty() {
            return Err(errors::invalid_request(
                "Missing one or more required fields (issuer, subject)",
            ));
        }
        if !(issuer.starts_with("http://") || issuer.starts_with("https://")) {
            return Err(errors::invalid_request(
                "Issuer must be a URL (http:// or https://)",
            ));
        }
        if out
            .iter()
            .any(|f| f.issuer == issuer && f.subject == subject)
        {
            return Err(errors::invalid_request("Duplicate federation config entry"));
        }
        out.push(Federation { issuer, subject });
    }
    Ok(out)
}

fn set_federation(
    state: &AppState,
    headers: &HeaderMap,
    who: &Who,
    short: &str,
    bytes: &[u8],
) -> ApiResult {
    let mut world = state.world();
    let (session, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(errors::invalid_request("Missing JSON body"));
    }
    let config = parse_federation(&errors::parse_body(bytes)?)?;
    let full = format!("{ns}+{short}");
    lookup(&world, &full)?;
    let view = federation_view(&config);
    world.robots.federation.insert(full, config);
    logs::record(
        &mut world,
        &session,
        "create_robot_federation",
        &ns,
        None,
        json!({"config": view, "robot": short}),
    );
    errors::ok(view)
}

fn delete_federation(state: &AppState, headers: &HeaderMap, who: &Who, short: &str) -> ApiResult {
    let mut world = state.world();
    let (session, ns, _) = authorize(&world, headers, who, Access::Admin)?;
    let full = format!("{ns}+{short}");
    lookup(&world, &full)?;
    world.robots.federation.remove(&full);
    logs::record(
        &mut world,
        &session,
        "delete_robot_federation",
        &ns,
        None,
        json!({"robot": short}),
    );
    errors::no_content()
}

// Route handlers.

pub async fn org_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    federation(&s, &h, &Who::Org(org), &short)
}

pub async fn user_get(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    federation(&s, &h, &Who::User, &short)
}

pub async fn org_set(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
    body: Bytes,
) -> ApiResult {
    set_federation(&s, &h, &Who::Org(org), &short, &body)
}

pub async fn user_set(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
    body: Bytes,
) -> ApiResult {
    set_federation(&s, &h, &Who::User, &short, &body)
}

pub async fn org_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((org, short)): OrgRobot,
) -> ApiResult {
    delete_federation(&s, &h, &Who::Org(org), &short)
}

pub async fn user_delete(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(short): Path<String>,
) -> ApiResult {
    delete_federation(&s, &h, &Who::User, &short)
}
