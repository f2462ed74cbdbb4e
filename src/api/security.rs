//! The security scan of a manifest (Quay's `getRepoManifestSecurity`). Only where Quay has
//! `SECURITY_SCANNER` on: otherwise the route does not exist (404), so callers check the feature
//! first and make no call.

use super::{scope, seg, ApiError, Client};
use crate::model::security::SecurityReport;

/// The path of `GET .../manifest/{digest}/security?vulnerabilities=true`.
#[must_use]
pub fn report_path(ns: &str, repo: &str, digest: &str) -> String {
    format!(
        "/repository/{}/{}/manifest/{}/security?vulnerabilities=true",
        seg(ns),
        seg(repo),
        seg(digest)
    )
}

/// The scan status of a manifest, with its packages and their vulnerabilities when scanned.
///
/// # Errors
/// As the client reports them (404: no such manifest, or the scanner is off).
pub async fn report(
    client: &Client,
    ns: &str,
    repo: &str,
    digest: &str,
) -> Result<SecurityReport, ApiError> {
    client
        .get(&report_path(ns, repo, digest), scope::REPO_READ)
        .await
}
