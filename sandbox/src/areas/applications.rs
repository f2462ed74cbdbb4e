//! OAuth applications area (`/api/v1/organization/{org}/applications`, app tokens). The data is here
//! because the authorize flow needs registered applications; the endpoints are for the applications
//! engineer.

use axum::Router;
use serde_json::{json, Value};

use crate::util;
use crate::world::World;
use crate::AppState;

/// Client id of the console's own application (seeded in `buynlarge`), also in `/console/config.json`.
pub const CONSOLE_CLIENT_ID: &str = "CONSOLE0DEMO0CLIENT0ID";

/// An OAuth application owned by an organization.
#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub org: String,
    pub name: String,
    pub description: String,
    pub application_uri: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub avatar_email: Option<String>,
}

impl OAuthApp {
    /// Quay's application view (`org_app_get.json`).
    pub fn view(&self) -> Value {
        json!({
            "name": self.name,
            "description": self.description,
            "application_uri": self.application_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uri": self.redirect_uri,
            "avatar_email": self.avatar_email,
        })
    }
}

#[derive(Debug, Default)]
pub struct AppStore {
    pub apps: Vec<OAuthApp>,
}

impl AppStore {
    pub fn find(&self, client_id: &str) -> Option<&OAuthApp> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn in_org<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a OAuthApp> + 'a {
        self.apps.iter().filter(move |a| a.org == org)
    }
}

const SEEDED: &[(&str, &str, &str, &str, &str, &str)] = &[
    // (org, name, description, application_uri, client_id, redirect_uri)
    (
        "buynlarge",
        "Quay Console",
        "The Rust/Leptos admin console served by the sandbox",
        "http://localhost/console/",
        CONSOLE_CLIENT_ID,
        "http://localhost/console/",
    ),
    (
        "buynlarge",
        "Some Test App",
        "",
        "http://localhost:8000",
        "deadbeef",
        "http://localhost:8000/o2c.html",
    ),
    (
        "buynlarge",
        "Some Other Test App",
        "This is another test application",
        "http://quay.io",
        "deadpork",
        "http://localhost:8000/o2c.html",
    ),
    (
        "library",
        "Release Dashboard",
        "Shows which library images were rebuilt",
        "https://dashboard.example.com",
        "LIBRARYDASHBOARD0001",
        "https://dashboard.example.com/oauth/callback",
    ),
];

pub fn seed(world: &mut World) {
    let mut apps = Vec::new();
    for &(org, name, description, application_uri, client_id, redirect_uri) in SEEDED {
        apps.push(OAuthApp {
            org: org.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
            application_uri: application_uri.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: util::random_upper(&mut world.rng, 40),
            redirect_uri: redirect_uri.to_owned(),
            avatar_email: None,
        });
    }
    world.applications = AppStore { apps };
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
