//! JSON shapes of the tags area, as Quay's `_tag_dict`, `_manifest_dict`, `_layer_dict` and
//! `_label_dict` build them.

use serde_json::{json, Map, Value};

use super::{Label, Manifest, RepoTags, TagRow};
use crate::util;

/// Seconds of a millisecond timestamp (Quay's `lifetime_start_ts = lifetime_start_ms // 1000`).
pub fn secs(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

/// One row of `GET .../tag/` (`tags_list.json`): `end_ts` and `expiration` only when the row has an
/// end; `immutable` right after `reversion` only while immutable tags are on
/// (`tags_list_immutable_field.json`).
pub fn tag(repo: &RepoTags, row: &TagRow, immutable_on: bool) -> Value {
    let manifest = repo.manifest(&row.digest);
    let mut map = Map::new();
    map.insert("name".into(), json!(row.name));
    map.insert("reversion".into(), json!(row.reversion));
    if immutable_on {
        map.insert("immutable".into(), json!(row.immutable));
    }
    let start = secs(row.start_ms);
    if start > 0 {
        map.insert("start_ts".into(), json!(start));
    }
    let end = row.end_ms.map(secs);
    if let Some(end) = end.filter(|e| *e > 0) {
        map.insert("end_ts".into(), json!(end));
    }
    map.insert("manifest_digest".into(), json!(row.digest));
    map.insert(
        "is_manifest_list".into(),
        json!(manifest.is_some_and(|m| m.is_list)),
    );
    map.insert("size".into(), json!(manifest.and_then(|m| m.size)));
    if start > 0 {
        map.insert("last_modified".into(), json!(util::http_date(start)));
    }
    if let Some(end) = end {
        map.insert("expiration".into(), json!(util::http_date(end)));
    }
    Value::Object(map)
}

/// An entry of the repository view's `tags` object.
pub fn brief(repo: &RepoTags, row: &TagRow) -> Value {
    json!({
        "name": row.name,
        "size": repo.manifest(&row.digest).and_then(|m| m.size),
        "last_modified": util::http_date(secs(row.start_ms)),
        "manifest_digest": row.digest,
    })
}

pub fn label(label: &Label) -> Value {
    json!({
        "id": label.id,
        "key": label.key,
        "value": label.value,
        "source_type": label.source_type,
        "media_type": label.media_type,
    })
}

const COMMANDS: &[&str] = &[
    "/bin/sh -c #(nop) ADD file:9a3e4b8c1f in / ",
    "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]",
    "RUN /bin/sh -c dnf install -y --nodocs python3 && dnf clean all # buildkit",
    "COPY app/ /opt/app/ # buildkit",
    "ENV PATH=/opt/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
    "USER 1001",
    "ENTRYPOINT [\"/opt/app/bin/run\"]",
];

/// The layers of a (non-list) manifest, derived from its digest: 2 to 5 layers whose compressed
/// sizes add up to the manifest's size.
fn layers(manifest: &Manifest) -> Vec<Value> {
    let hash = util::fake_hash(&manifest.digest);
    let byte = |i: usize| {
        hash.get(i * 2..i * 2 + 2)
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .unwrap_or(7)
    };
    let count = 2 + usize::try_from(byte(0) % 4).unwrap_or(0);
    let total = manifest.size.unwrap_or(0);
    let weights: Vec<u64> = (0..count).map(|i| 1 + byte(i + 1)).collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut given = 0;
    (0..count)
        .map(|i| {
            let w = weights.get(i).copied().unwrap_or(1);
            let size = if i + 1 == count {
                total.saturating_sub(given)
            } else {
                total * w / sum
            };
            given += size;
            let command = COMMANDS
                .get((i + usize::try_from(byte(9)).unwrap_or(0)) % COMMANDS.len())
                .copied()
                .unwrap_or("");
            json!({
                "index": i,
                "compressed_size": size,
                "is_remote": false,
                "urls": null,
                "command": [command],
                "comment": null,
                "author": null,
                "blob_digest": util::fake_digest(&format!("{}/layer/{i}", manifest.digest)),
                "created_datetime": util::http_date(manifest.created - i64::try_from(count - i).unwrap_or(0) * 60),
            })
        })
        .collect()
}

/// The raw manifest JSON Quay returns as `manifest_data` (a string).
fn manifest_data(manifest: &Manifest, layers: &[Value]) -> String {
    let body = if manifest.is_list {
        let children: Vec<Value> = manifest
            .children
            .iter()
            .map(|(platform, digest)| {
                let (os, arch) = platform.split_once('/').unwrap_or(("linux", platform));
                json!({
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": digest,
                    "size": 1_024,
                    "platform": {"architecture": arch, "os": os},
                })
            })
            .collect();
        json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": children,
        })
    } else {
        let layer_refs: Vec<Value> = layers
            .iter()
            .map(|l| {
                json!({
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": l.get("blob_digest"),
                    "size": l.get("compressed_size"),
                })
            })
            .collect();
        json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": util::fake_digest(&format!("{}/config", manifest.digest)),
                "size": 1_469,
            },
            "layers": layer_refs,
        })
    };
    serde_json::to_string_pretty(&body).unwrap_or_default()
}

/// `GET .../manifest/{digest}`: `{digest, is_manifest_list, manifest_data, config_media_type, layers}`.
pub fn manifest(manifest: &Manifest) -> Value {
    let layers = if manifest.is_list {
        Vec::new()
    } else {
        layers(manifest)
    };
    let data = manifest_data(manifest, &layers);
    json!({
        "digest": manifest.digest,
        "is_manifest_list": manifest.is_list,
        "manifest_data": data,
        "config_media_type": if manifest.is_list { Value::Null } else { json!("application/vnd.oci.image.config.v1+json") },
        "layers": if manifest.is_list { Value::Null } else { Value::Array(layers) },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_add_up_to_the_size() {
        let m = Manifest {
            digest: util::fake_digest("x"),
            is_list: false,
            size: Some(123_456_789),
            created: 1_700_000_000,
            children: Vec::new(),
            labels: Vec::new(),
        };
        let v = manifest(&m);
        let layers = v["layers"].as_array().cloned().unwrap_or_default();
        assert!((2..=5).contains(&layers.len()));
        let sum: u64 = layers
            .iter()
            .filter_map(|l| l["compressed_size"].as_u64())
            .sum();
        assert_eq!(sum, 123_456_789);
        assert!(v["manifest_data"]
            .as_str()
            .is_some_and(|d| d.contains("layers")));
    }
}
