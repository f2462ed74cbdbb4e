//! Tags, manifests and labels as Quay's API sends them (`GET .../tag/`, `GET .../manifest/{digest}`,
//! `.../labels`), Quay's own validation rules, and the pure logic of the tags view: paging with an
//! unknown total ([`paging`]), the time machine ([`history`]), sorting and formatting.
//!
//! Decoding is tolerant: absent or `null` fields take their default, numbers may be int or float.

mod decode;
mod format;
pub mod history;
pub mod paging;
mod rules;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use decode::Command;
use decode::{lenient, whole};
pub use format::*;
pub use rules::*;

use crate::model::order::sort_by;

/// One row of `GET /api/v1/repository/{repo}/tag/` (`tags_list.json`). In the history
/// (`onlyActiveTags=false`) a tag name has one row per lifetime; `end_ts` is set on ended rows and
/// on alive rows with an expiration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Tag {
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub reversion: bool,
    /// `Some` only where Quay has immutable tags on (`tags_list_immutable_field.json`).
    #[serde(default)]
    pub immutable: Option<bool>,
    #[serde(default, deserialize_with = "whole")]
    pub start_ts: Option<i64>,
    #[serde(default, deserialize_with = "whole")]
    pub end_ts: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    pub manifest_digest: String,
    #[serde(default, deserialize_with = "lenient")]
    pub is_manifest_list: bool,
    /// Compressed size of the layers; `null` for manifest lists.
    #[serde(default, deserialize_with = "whole")]
    pub size: Option<u64>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub expiration: Option<String>,
}

impl Tag {
    /// Alive at `now` (unix seconds): no end, or an end still to come (an expiration).
    #[must_use]
    pub fn alive_at(&self, now: i64) -> bool {
        self.end_ts.is_none_or(|end| end > now)
    }

    /// Quay refuses to delete, move or expire it (409 `tag_immutable` / 400).
    #[must_use]
    pub fn is_immutable(&self) -> bool {
        self.immutable == Some(true)
    }
}

/// One page of the tag list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TagPage {
    #[serde(default, deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
    #[serde(default, deserialize_with = "whole")]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "lenient")]
    pub has_additional: bool,
}

/// What `GET .../tag/` is asked for. `page` is 1-based; Quay caps `limit` at 100.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagQuery {
    pub page: usize,
    pub limit: usize,
    /// `onlyActiveTags=true`: the tags as they are now, else the whole history.
    pub active_only: bool,
    /// `filter_tag_name=like:TEXT` (case-insensitive substring on Quay's side).
    pub like: Option<String>,
    pub specific: Option<String>,
}

/// Quay's maximum `limit`.
pub const MAX_LIMIT: usize = 100;

impl TagQuery {
    /// The first page of a list, as the tags view asks for it.
    #[must_use]
    pub fn first_page(active_only: bool, like: Option<String>) -> Self {
        Self {
            page: 1,
            limit: MAX_LIMIT,
            active_only,
            like,
            specific: None,
        }
    }

    /// The query string (`?page=1&limit=100&onlyActiveTags=true&filter_tag_name=like%3Av1`).
    #[must_use]
    pub fn to_query(&self) -> String {
        let like = self
            .like
            .as_deref()
            .filter(|l| !l.is_empty())
            .map(|l| format!("like:{l}"));
        crate::model::url::build_query(&[
            ("page", self.page.max(1).to_string()),
            ("limit", self.limit.clamp(1, MAX_LIMIT).to_string()),
            (
                "onlyActiveTags",
                if self.active_only { "true" } else { "false" }.to_owned(),
            ),
            ("filter_tag_name", like.unwrap_or_default()),
            ("specificTag", self.specific.clone().unwrap_or_default()),
        ])
    }
}

/// `GET .../manifest/{digest}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Manifest {
    #[serde(default, deserialize_with = "lenient")]
    pub digest: String,
    #[serde(default, deserialize_with = "lenient")]
    pub is_manifest_list: bool,
    #[serde(default)]
    pub manifest_data: Option<String>,
    #[serde(default)]
    pub config_media_type: Option<String>,
    /// `null` for manifest lists.
    #[serde(default)]
    pub layers: Option<Vec<Layer>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Layer {
    #[serde(default, deserialize_with = "whole")]
    pub index: Option<u32>,
    #[serde(default, deserialize_with = "whole")]
    pub compressed_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient")]
    pub is_remote: bool,
    #[serde(default)]
    pub command: Option<Command>,
    #[serde(default)]
    pub blob_digest: Option<String>,
    #[serde(default)]
    pub created_datetime: Option<String>,
}

impl Layer {
    /// The command as one line of text.
    #[must_use]
    pub fn command_text(&self) -> String {
        self.command
            .as_ref()
            .map(|c| c.0.join(" "))
            .unwrap_or_default()
    }
}

/// A manifest label; `source_type` `api` labels can be deleted, `manifest` ones came with the image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Label {
    #[serde(default, deserialize_with = "lenient")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient")]
    pub value: String,
    #[serde(default, deserialize_with = "lenient")]
    pub source_type: String,
    #[serde(default, deserialize_with = "lenient")]
    pub media_type: String,
}

impl Label {
    #[must_use]
    pub fn is_mutable(&self) -> bool {
        self.source_type == "api"
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LabelList {
    #[serde(default, deserialize_with = "lenient")]
    pub labels: Vec<Label>,
}

/// `POST .../labels` answers `{"label": {...}}` (201).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LabelCreated {
    #[serde(default)]
    pub label: Label,
}

/// `PUT .../tag/{tag}` to create or move a tag.
#[derive(Clone, Debug, Serialize)]
pub struct SetTarget<'a> {
    pub manifest_digest: &'a str,
}

/// `POST .../tag/{tag}/expire`: moves a deleted tag of that name and manifest out of the time
/// machine (`is_alive: false`), with the manifests of a list (`include_submanifests`).
#[derive(Clone, Debug, Serialize)]
pub struct ExpireTag<'a> {
    pub manifest_digest: &'a str,
    pub include_submanifests: bool,
    pub is_alive: bool,
}

/// `PUT .../tag/{tag}` to set (unix seconds) or clear (`null`) the expiration.
#[derive(Clone, Debug, Serialize)]
pub struct SetExpiration {
    pub expiration: Option<i64>,
}

/// `POST .../labels`.
#[derive(Clone, Debug, Serialize)]
pub struct NewLabel<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub media_type: &'a str,
}

/// Label media types Quay accepts.
pub const LABEL_MEDIA_TYPES: [&str; 2] = ["text/plain", "application/json"];

/// A column to sort the loaded tags by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Digest,
    Size,
    Modified,
    Expiration,
    Kind,
}

/// A sort as kept in the URL: `name`, `-size` (descending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl SortKey {
    pub const ALL: [Self; 6] = [
        Self::Name,
        Self::Digest,
        Self::Size,
        Self::Modified,
        Self::Expiration,
        Self::Kind,
    ];

    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Digest => "digest",
            Self::Size => "size",
            Self::Modified => "modified",
            Self::Expiration => "expiration",
            Self::Kind => "kind",
        }
    }
}

impl Sort {
    /// Reads `name`, `-size`, ...; anything else is "no sort" (Quay's order).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (descending, slug) = text.strip_prefix('-').map_or((false, text), |s| (true, s));
        SortKey::ALL
            .into_iter()
            .find(|k| k.slug() == slug)
            .map(|key| Self { key, descending })
    }

    #[must_use]
    pub fn to_param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.key.slug()
        )
    }

    /// The next sort when a column header is clicked: ascending, descending, then Quay's order.
    #[must_use]
    pub fn cycle(current: Option<Self>, key: SortKey) -> Option<Self> {
        match current {
            Some(s) if s.key == key && !s.descending => Some(Self {
                key,
                descending: true,
            }),
            Some(s) if s.key == key => None,
            _ => Some(Self {
                key,
                descending: false,
            }),
        }
    }
}

/// Sorts tags by a column; tags without a value (no size, no expiration) come last either way,
/// ties keep their order (Quay's, newest first).
pub fn sort_tags(tags: &mut [Tag], sort: Sort) {
    let last_if_none = |a: Option<i64>, b: Option<i64>, desc: bool| match (a, b) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let size = |t: &Tag| t.size.and_then(|s| i64::try_from(s).ok());
    let desc = sort.descending;
    sort_by(tags, |a, b| {
        let ord = match sort.key {
            SortKey::Name => natural_cmp(&a.name, &b.name),
            SortKey::Digest => a.manifest_digest.cmp(&b.manifest_digest),
            SortKey::Kind => a.is_manifest_list.cmp(&b.is_manifest_list),
            SortKey::Modified => a.start_ts.cmp(&b.start_ts),
            SortKey::Size => return last_if_none(size(a), size(b), desc),
            SortKey::Expiration => return last_if_none(a.end_ts, b.end_ts, desc),
        };
        if desc {
            ord.reverse()
        } else {
            ord
        }
    });
}
