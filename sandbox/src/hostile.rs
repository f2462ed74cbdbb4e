//! The hostile-data seed (`--hostile`, or `POST /__sandbox/reset {"seed":"hostile"}`): the usual start
//! state, then a corpus of payloads written into every text Quay echoes back and lets an outsider
//! choose (anyone with push rights, an OAuth application's owner, a robot's creator): robot
//! descriptions and unstructured metadata, OAuth applications (name, description, `application_uri`,
//! `redirect_uri`, avatar e-mail) and their grants, manifest labels, log metadata, repository
//! descriptions, mirror settings, and tag and robot names as long or as foreign as Quay's rules allow.
//!
//! Every payload that would run if rendered as markup or followed as a link calls
//! `/__sandbox/pwned` (and sets `window.__pwned`): the browser spec `hostile.spec.mjs` checks that
//! nothing ever did. Quay's own rules still hold where it validates (tag names `^\w[\w.-]{0,127}$`,
//! robot short names `^[a-z][a-z0-9_]{1,254}$`, label keys): those get the longest or strangest
//! value allowed instead.
//!
//! Lone surrogates cannot live in a Rust `String`: `LONE_SURROGATE` (a private-use character) stands
//! for one, and the API layer writes it as the raw JSON escape `\ud800` (see [`patch_body`]).

use std::sync::atomic::AtomicU64;

use axum::body::Body;
use axum::http::header;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::areas::robots::Robot;
use crate::areas::tags::Label;
use crate::world::World;

/// Calls to `/__sandbox/pwned` since the last reset.
pub static PWNED: AtomicU64 = AtomicU64::new(0);

/// What a payload runs if it ever runs.
const RUN: &str = "window.__pwned=1;fetch('/__sandbox/pwned')";

/// Stands for a lone surrogate in seeded strings; answers carry `\ud800` in its place.
pub const LONE_SURROGATE: char = '\u{10FFFD}';

/// The corpus, each entry as the text Quay would store.
pub fn payloads() -> Vec<String> {
    vec![
        format!("<script>{RUN}</script>"),
        format!("<img src=x onerror=\"{RUN}\">"),
        format!("\"><img src=x onerror={RUN}>"),
        format!("javascript:{RUN}"),
        format!("JaVaScRiPt:{RUN}"),
        format!("JAVASCRIPT:{RUN}"),
        format!("   javascript:{RUN}"),
        format!("&#106;avascript:{RUN}"),
        format!("java\tscript:{RUN}"),
        format!("data:text/html,<script>{RUN}</script>"),
        format!("data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+"),
        "vbscript:msgbox(\"pwned\")".to_owned(),
        format!("<svg onload=\"{RUN}\"><circle r=\"9\"/></svg>"),
        format!("<div style=\"width:expression({RUN})\">css</div>"),
        format!("<a href=\"javascript:{RUN}\">click</a>"),
        format!("<iframe src=\"javascript:{RUN}\"></iframe>"),
        "\u{202E}gnp.exe \u{202E}evil\u{202C} admin\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}"
            .to_owned(),
        "W".repeat(10_000),
        format!("{} end", "word ".repeat(2_000)),
        "nul\u{0}byte\u{0}".to_owned(),
        format!("lone{LONE_SURROGATE}surrogate"),
        "{{constructor.constructor('window.__pwned=1')()}} ${7*7} =cmd|' /C calc'!A0".to_owned(),
    ]
}

/// URL-shaped payloads for fields the console may turn into links.
fn url_payloads() -> Vec<String> {
    vec![
        format!("javascript:{RUN}"),
        format!("JaVaScRiPt:{RUN}"),
        format!("  javascript:{RUN}"),
        format!("&#106;avascript:{RUN}"),
        format!("java\nscript:{RUN}"),
        format!("data:text/html,<script>{RUN}</script>"),
        "vbscript:msgbox(1)".to_owned(),
        format!("https://example.com/\"><script>{RUN}</script>"),
        format!("//evil.example/{}", "x".repeat(10_000)),
    ]
}

/// A robot short name as long as Quay allows (255 characters).
pub fn long_robot(namespace: &str) -> String {
    format!("{namespace}+hostile_{}", "x".repeat(247))
}

/// Writes the corpus into a freshly seeded world.
pub fn apply(world: &mut World) {
    let p = payloads();
    let urls = url_payloads();
    repositories(world, &p);
    robots(world, &p);
    applications(world, &p, &urls);
    labels_and_tags(world, &p);
    mirror(world, &p);
    org_mirror(world, &p);
    logs(world, &p);
}

fn repositories(world: &mut World, p: &[String]) {
    for (i, repo) in world
        .repos
        .iter_mut()
        .filter(|r| r.namespace != "library")
        .enumerate()
    {
        repo.description = p.get(i % p.len()).cloned().unwrap_or_default();
    }
}

fn robots(world: &mut World, p: &[String]) {
    let created = world.seeded_at - 86_400;
    for (i, robot) in world.robots.robots.iter_mut().enumerate() {
        let text = p.get(i % p.len()).cloned().unwrap_or_default();
        robot.description = text;
    }
    let mut extra = Vec::new();
    for ns in ["buynlarge", "devtable"] {
        for (i, text) in p.iter().enumerate() {
            let mut meta = Map::new();
            meta.insert(text.clone(), Value::String(text.clone()));
            meta.insert("owner".to_owned(), Value::String(text.clone()));
            extra.push(Robot {
                name: format!("{ns}+hostile_{i:02}"),
                description: text.clone(),
                created: created - i64::try_from(i).unwrap_or(0) * 60,
                last_accessed: Some(created),
                token: format!("HOSTILE{i:02}{}", "T".repeat(55)),
                unstructured_metadata: Value::Object(meta),
            });
        }
        extra.push(Robot {
            name: long_robot(ns),
            description: p.first().cloned().unwrap_or_default(),
            created,
            last_accessed: None,
            token: "L".repeat(64),
            unstructured_metadata: json!({}),
        });
    }
    world.robots.robots.extend(extra);
}

fn applications(world: &mut World, p: &[String], urls: &[String]) {
    for (i, text) in p.iter().enumerate() {
        let url = urls.get(i % urls.len()).cloned().unwrap_or_default();
        let other = urls.get((i + 1) % urls.len()).cloned().unwrap_or_default();
        world
            .applications
            .apps
            .push(crate::areas::applications::OAuthApp {
                org: "buynlarge".to_owned(),
                name: text.clone(),
                description: text.clone(),
                application_uri: url,
                client_id: format!("HOSTILE{i:02}CLIENT0000000"),
                client_secret: "S".repeat(40),
                redirect_uri: other,
                avatar_email: Some(text.clone()),
            });
    }
}

/// Issues a grant (a token) of `devtable` to every hostile application, so that the authorized
/// applications page lists them. Called after a reset has put back (or cleared) the tokens.
pub fn grant(world: &mut World) {
    let ids: Vec<String> = world
        .applications
        .apps
        .iter()
        .filter(|a| a.client_id.starts_with("HOSTILE"))
        .map(|a| a.client_id.clone())
        .collect();
    for id in ids {
        let scopes = [crate::auth::Scope::RepoRead, crate::auth::Scope::UserRead]
            .into_iter()
            .collect();
        world.auth.issue("devtable", &id, scopes);
    }
}

fn labels_and_tags(world: &mut World, p: &[String]) {
    let now_ms = world.seeded_at * 1000;
    for (ns, name) in [("buynlarge", "orgrepo"), ("devtable", "simple")] {
        let Some(tags) = world.tags.repos.get_mut(&format!("{ns}/{name}")) else {
            continue;
        };
        let Some(digest) = tags
            .rows
            .iter()
            .find(|r| r.alive_at(now_ms))
            .map(|r| r.digest.clone())
        else {
            continue;
        };
        let long_key = format!("com.example.{}", "k".repeat(240));
        if let Some(manifest) = tags.manifest_mut(&digest) {
            for (i, text) in p.iter().enumerate() {
                manifest.labels.push(Label {
                    id: format!("hostile-label-{i:02}"),
                    key: if i == 0 {
                        long_key.clone()
                    } else {
                        format!("hostile.{i:02}")
                    },
                    value: text.clone(),
                    source_type: if i % 2 == 0 { "manifest" } else { "api" }.to_owned(),
                    media_type: "text/plain".to_owned(),
                });
            }
        }
        // Tag names: only what `^\w[\w.-]{0,127}$` (Unicode \w, as Python's) lets through.
        let names = [
            format!("t{}", "a".repeat(127)),
            "שלום-עולם".to_owned(),
            "ﷺ٣.٤".to_owned(),
            "ǅ_ᾈ.ﬁ-tag".to_owned(),
        ];
        for (i, tag) in names.iter().enumerate() {
            let at = now_ms - 1000 * i64::try_from(i + 1).unwrap_or(1);
            tags.retarget(tag, &digest, at, false);
        }
    }
}

fn mirror(world: &mut World, p: &[String]) {
    let robot = long_robot("devtable");
    if let Some(config) = world
        .mirrors
        .configs
        .iter_mut()
        .find(|c| c.namespace == "devtable" && c.repo == "mirrored")
    {
        config.external_reference =
            format!("quay.io/<img src=x onerror={RUN}>/{}", "e".repeat(300));
        config.external_registry_username = p.first().cloned();
        config.robot_username = robot;
        config.root_rule = p.iter().take(6).cloned().collect();
    }
}

/// `syncedorg`'s organization mirror: its source, credentials, filters and each mirrored
/// repository's name and message.
fn org_mirror(world: &mut World, p: &[String]) {
    if let Some(m) = world.org_mirror.by_org.get_mut("syncedorg") {
        m.namespace = format!("<img src=x onerror={RUN}>{}", "n".repeat(300));
        m.username = p.first().cloned();
        m.filters = p.iter().take(6).cloned().collect();
        for (i, repo) in m.repos.iter_mut().enumerate() {
            if let Some(text) = p.get(i % p.len()) {
                repo.message = Some(text.clone());
            }
            if !repo.created {
                repo.name = p.get((i + 1) % p.len()).cloned().unwrap_or_default();
            }
        }
    }
}

/// Every string in the log metadata of the two namespaces the spec reads becomes a payload, and one
/// entry per payload and kind is added today, so the first page shows them.
fn logs(world: &mut World, p: &[String]) {
    let mut n = 0usize;
    let mut kinds: Vec<(String, Value, String, Option<String>)> = Vec::new();
    for entry in &mut world.logs.entries {
        if !matches!(entry.namespace.as_str(), "buynlarge" | "devtable") {
            continue;
        }
        if !kinds.iter().any(|(k, ..)| *k == entry.kind) {
            kinds.push((
                entry.kind.clone(),
                entry.metadata.clone(),
                entry.namespace.clone(),
                entry.repo.clone(),
            ));
        }
        poison(&mut entry.metadata, p, &mut n);
    }
    let now = world.seeded_at;
    let mut t = now - 60;
    for (kind, metadata, namespace, repo) in kinds {
        for _ in 0..2 {
            let mut metadata = metadata.clone();
            poison(&mut metadata, p, &mut n);
            world.logs.push(
                &kind,
                &namespace,
                repo.as_deref(),
                Some("devtable"),
                Some("10.0.0.1"),
                t,
                metadata,
            );
            t -= 1;
        }
    }
    world.logs.entries.sort_by_key(|e| e.datetime);
}

fn poison(value: &mut Value, p: &[String], n: &mut usize) {
    match value {
        Value::String(s) => {
            *s = p.get(*n % p.len()).cloned().unwrap_or_default();
            *n += 1;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| poison(v, p, n)),
        Value::Object(map) => map.values_mut().for_each(|v| poison(v, p, n)),
        _ => {}
    }
}

/// Writes each [`LONE_SURROGATE`] of a JSON answer as the escape `\ud800` (valid JSON text, which
/// `JSON.parse` reads as a lone surrogate).
pub fn patch_body(body: &[u8]) -> Option<Vec<u8>> {
    let marker = LONE_SURROGATE.to_string();
    let text = std::str::from_utf8(body).ok()?;
    text.contains(&marker)
        .then(|| text.replace(&marker, "\\ud800").into_bytes())
}

/// [`patch_body`] on a whole answer (only called in hostile mode).
pub async fn patch_response(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    match patch_body(&bytes) {
        Some(patched) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(patched))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::SeedOptions;

    #[test]
    fn every_area_carries_payloads() {
        let mut world = World::seed(&SeedOptions {
            tags: 10,
            logs: 50,
            seed: 1,
            hostile: true,
        });
        apply(&mut world);
        let p = payloads();
        assert!(p.iter().any(|s| s.len() >= 10_000));
        assert!(world.robots.robots.iter().any(|r| r.description == p[0]));
        assert!(world
            .applications
            .apps
            .iter()
            .any(|a| a.application_uri.starts_with("javascript:")));
        assert!(world.repos.iter().any(|r| r.description.contains("<svg")));
        assert!(world.org_mirror.by_org["syncedorg"]
            .repos
            .iter()
            .any(|r| r.message.as_deref().is_some_and(|m| m.contains('<'))));
        let labels = &world.tags.repos["buynlarge/orgrepo"];
        assert!(labels
            .manifests
            .values()
            .any(|m| m.labels.iter().any(|l| l.value.contains("<script>"))));
        assert!(world
            .logs
            .entries
            .iter()
            .any(|e| e.metadata.to_string().contains("onerror")));
        assert_eq!(
            patch_body(format!("\"a{LONE_SURROGATE}\"").as_bytes()).as_deref(),
            Some(&b"\"a\\ud800\""[..])
        );
    }
}
