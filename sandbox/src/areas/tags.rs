//! Tags area (`/api/v1/repository/{ns}/{repo}/tag/...`). To be filled by the tags engineer.

use axum::Router;
use serde_json::{json, Value};

use crate::world::World;
use crate::AppState;

/// Tag data. `big_tag_count` is `--tags`: how many tags to generate in `buynlarge/big`.
#[derive(Debug, Default)]
pub struct TagStore {
    pub big_tag_count: usize,
}

pub fn seed(world: &mut World) {
    world.tags = TagStore {
        big_tag_count: world.opts.tags,
    };
}

/// The `tags` object of `GET /api/v1/repository/{ns}/{repo}` (`{name: {name, size, last_modified,
/// manifest_digest}}`). Empty until tags exist.
pub fn repo_view_tags(_world: &World, _namespace: &str, _repo: &str) -> Value {
    json!({})
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
