//! The security scanner's answer: `GET /api/v1/repository/{ns}/{repo}/manifest/{digest}/security
//! ?vulnerabilities=true` (Quay's `getRepoManifestSecurity`, scope `repo:read`, anonymous on a public
//! repository).
//!
//! Quay answers `{"status", "data"}` (see `src/model/security.rs` for the shape). With
//! `SECURITY_SCANNER` off (the recording's default) the route does not exist: 404 `ApiError`
//! before any token check ([`crate::features::gate`]), as recorded in `secscan_manifest_security`.
//!
//! What each manifest's scan says is derived, not stored:
//! * a manifest list → `unsupported` (Quay's worker marks lists unsupported; each platform's
//!   manifest is scanned: a child digest of a list answers as a scanned image);
//! * in `devtable/simple`, by the alive tag that points at it: `v1.1` queued, `v1.2` unsupported,
//!   `v1.3` failed, `v1.4` scanned with no vulnerabilities, `latest` every seeded vulnerability,
//!   any other tag some of them;
//! * elsewhere by the digest's first hex digit: `c` queued, `d` failed, `e` unsupported, `a`/`b`
//!   clean, the rest scanned with some of the seeded vulnerabilities.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::tags::now_ms;
use crate::auth::{self, Scope};
use crate::errors::{self, ApiResult};
use crate::util;
use crate::world::{Role, World};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/repository/{namespace}/{repo}/manifest/{digest}/security",
        get(security),
    )
}

/// (package, version, [(advisory, severity, fixed by, link, description)]).
type Seeded = (
    &'static str,
    &'static str,
    &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
);

/// The seeded findings: every severity, fixable and not, one or two links, none, and a link that
/// is not http(s) (which the console must show as text).
const CATALOGUE: &[Seeded] = &[
    ("openssl", "1.1.1k-r0", &[
        ("CVE-2022-0778", "High", "1.1.1n-r0", "https://nvd.nist.gov/vuln/detail/CVE-2022-0778 https://www.openssl.org/news/secadv/20220315.txt", "Infinite loop in BN_mod_sqrt() reachable when parsing certificates."),
        ("CVE-2023-0286", "Critical", "1.1.1t-r0", "https://nvd.nist.gov/vuln/detail/CVE-2023-0286", "X.400 address type confusion in X.509 GeneralName."),
    ]),
    ("zlib", "1.2.11-r3", &[
        ("CVE-2018-25032", "High", "1.2.12-r0", "https://nvd.nist.gov/vuln/detail/CVE-2018-25032", "Memory corruption when compressing with many distant matches."),
    ]),
    ("busybox", "1.33.1-r3", &[
        ("CVE-2022-28391", "Critical", "", "https://nvd.nist.gov/vuln/detail/CVE-2022-28391", "Remote attackers may execute code via netstat output."),
        ("CVE-2021-42386", "Medium", "1.33.1-r7", "https://nvd.nist.gov/vuln/detail/CVE-2021-42386", "Use-after-free in awk."),
    ]),
    ("musl", "1.2.2-r3", &[
        ("CVE-2020-28928", "Low", "1.2.2-r4", "https://nvd.nist.gov/vuln/detail/CVE-2020-28928", "wcsnrtombs mishandles particular combinations of buffer sizes."),
    ]),
    ("expat", "2.2.10-r1", &[
        ("CVE-2022-22822", "Critical", "2.4.3-r0", "https://nvd.nist.gov/vuln/detail/CVE-2022-22822", "Integer overflow in addBinding."),
        ("CVE-2022-23990", "Medium", "", "", "Integer overflow in doProlog."),
    ]),
    ("pip", "20.0.2", &[
        ("pyup.io-38765 (CVE-2019-20916)", "High", "", "javascript:alert(document.domain)", "Directory traversal when a URL is given in an install command."),
    ]),
    ("libxml2", "2.9.10-r6", &[
        ("CVE-2021-3541", "Negligible", "", "https://nvd.nist.gov/vuln/detail/CVE-2021-3541", "Exponential entity expansion (billion laughs variant)."),
        ("CVE-2022-29824", "Unknown", "2.9.14-r0", "https://nvd.nist.gov/vuln/detail/CVE-2022-29824", "Integer overflow in xmlBuf and xmlBuffer."),
    ]),
    ("ca-certificates", "20211220-r0", &[]),
    ("alpine-baselayout", "3.2.0-r16", &[]),
];

/// What the scanner says about one manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Queued,
    Failed,
    Unsupported,
    /// Scanned: `Some(mask)` of the catalogue's findings to include (`u32::MAX` all), `None` clean.
    Scanned(Option<u32>),
}

fn mask_of(digest: &str) -> u32 {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    // Each of the first 16 findings is in unless its hex digit is a multiple of 3; never empty.
    let mask = hex
        .chars()
        .skip(1)
        .take(16)
        .enumerate()
        .filter(|(_, c)| c.to_digit(16).is_some_and(|d| d % 3 != 0))
        .fold(0_u32, |m, (i, _)| m | (1 << i));
    if mask == 0 {
        1
    } else {
        mask
    }
}

fn scan_of(world: &World, ns: &str, repo: &str, digest: &str) -> Option<Scan> {
    let tags = world.tags.repo(ns, repo)?;
    if let Some(m) = tags.manifest(digest) {
        if m.is_list {
            return Some(Scan::Unsupported);
        }
    } else if !tags
        .manifests
        .values()
        .any(|m| m.children.iter().any(|(_, d)| d == digest))
    {
        return None;
    }
    if (ns, repo) == ("devtable", "simple") {
        let now = now_ms();
        let names: Vec<&str> = tags
            .rows
            .iter()
            .filter(|r| r.digest == digest && r.alive_at(now))
            .map(|r| r.name.as_str())
            .collect();
        let named = |n: &str| names.contains(&n);
        if named("latest") {
            return Some(Scan::Scanned(Some(u32::MAX)));
        }
        for (name, scan) in [
            ("v1.1", Scan::Queued),
            ("v1.2", Scan::Unsupported),
            ("v1.3", Scan::Failed),
            ("v1.4", Scan::Scanned(None)),
        ] {
            if named(name) {
                return Some(scan);
            }
        }
    }
    let first = digest
        .strip_prefix("sha256:")
        .unwrap_or(digest)
        .chars()
        .next();
    Some(match first {
        Some('c') => Scan::Queued,
        Some('d') => Scan::Failed,
        Some('e') => Scan::Unsupported,
        Some('a' | 'b') => Scan::Scanned(None),
        _ => Scan::Scanned(Some(mask_of(digest))),
    })
}

fn vulnerability(name: &str, severity: &str, fixed_by: &str, link: &str, text: &str) -> Value {
    json!({
        "Severity": severity,
        "NamespaceName": "alpine-main-v3.14-updater",
        "Link": link,
        "FixedBy": fixed_by,
        "Description": text,
        "Name": name,
        "Metadata": {
            "UpdatedBy": "alpine-main-v3.14-updater",
            "RepoName": null,
            "RepoLink": null,
            "DistroName": "Alpine Linux",
            "DistroVersion": "3.14",
            "NVD": {"CVSSv3": {"Vectors": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "Score": 7.5}}
        }
    })
}

/// Quay's `SecurityInformation.to_dict()` for a scanned manifest.
fn layer(digest: &str, mask: Option<u32>, with_vulnerabilities: bool) -> Value {
    let mut index = 0_u32;
    let features: Vec<Value> = CATALOGUE
        .iter()
        .map(|(package, version, found)| {
            let vulns: Vec<Value> = found
                .iter()
                .filter(|_| {
                    let bit = index;
                    index += 1;
                    mask.is_some_and(|m| bit >= 32 || m & (1 << bit) != 0)
                })
                .filter(|_| with_vulnerabilities)
                .map(|(name, sev, fixed, link, text)| vulnerability(name, sev, fixed, link, text))
                .collect();
            json!({
                "Name": package,
                "VersionFormat": "",
                "NamespaceName": "alpine:v3.14",
                "AddedBy": util::fake_digest(&format!("{digest}/layer/0")),
                "Version": version,
                "Vulnerabilities": vulns,
            })
        })
        .collect();
    json!({"Layer": {
        "Name": digest,
        "ParentName": "",
        "NamespaceName": "",
        "IndexedByVersion": 4,
        "Features": features,
    }})
}

/// `GET .../manifest/{digest}/security?vulnerabilities=`.
async fn security(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((ns, repo, digest)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let world = state.world();
    match auth::authenticate(&world, &headers)? {
        Some(session) => {
            session.need(Scope::RepoRead)?;
            session.require_repo(&world, &ns, &repo, Role::Read)?;
        }
        None if world.repo(&ns, &repo).is_some_and(|r| r.is_public) => {}
        None => return Err(errors::invalid_token()),
    }
    let params: HashMap<String, String> = util::query_pairs(query.as_deref()).into_iter().collect();
    let with_vulnerabilities = util::truthy(params.get("vulnerabilities"));
    let scan = scan_of(&world, &ns, &repo, &digest).ok_or_else(errors::not_found)?;
    errors::ok(match scan {
        Scan::Queued => json!({"status": "queued", "data": null}),
        Scan::Failed => json!({"status": "failed", "data": null}),
        Scan::Unsupported => json!({"status": "unsupported", "data": null}),
        Scan::Scanned(mask) => json!({
            "status": "scanned",
            "data": layer(&digest, mask, with_vulnerabilities),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_never_empty_and_clean_layers_have_packages() {
        assert_eq!(mask_of("sha256:0000000000000000000"), 1);
        let all = layer("sha256:x", Some(u32::MAX), true);
        let count = |v: &Value| {
            v["Layer"]["Features"].as_array().map_or(0, |f| {
                f.iter()
                    .map(|f| f["Vulnerabilities"].as_array().map_or(0, Vec::len))
                    .sum::<usize>()
            })
        };
        assert_eq!(
            count(&all),
            CATALOGUE.iter().map(|c| c.2.len()).sum::<usize>()
        );
        assert_eq!(count(&layer("sha256:x", None, true)), 0);
        assert_eq!(count(&layer("sha256:x", Some(u32::MAX), false)), 0);
        assert_eq!(
            layer("sha256:x", None, true)["Layer"]["Features"]
                .as_array()
                .map(Vec::len),
            Some(CATALOGUE.len())
        );
    }
}
