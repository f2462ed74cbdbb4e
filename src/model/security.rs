//! The security scan of a manifest: Quay's `GET .../manifest/{digest}/security?vulnerabilities=true`.
//!
//! Quay answers `{"status", "data"}`: `status` is `scanned`, `queued`, `failed`, `unsupported` or
//! `manifest_layer_too_large`; `data` is `null` unless scanned, else `{"Layer": {"Name",
//! "ParentName", "NamespaceName", "IndexedByVersion", "Features": [{"Name", "VersionFormat",
//! "NamespaceName", "AddedBy", "Version", "Vulnerabilities": [{"Severity", "NamespaceName", "Link",
//! "FixedBy", "Description", "Name", "Metadata"}]}]}}` (Quay's `SecurityInformation.to_dict`, which
//! writes `null` for what the scanner did not say). With the scanner off the route does not exist:
//! 404 `ApiError` (recorded as `secscan_manifest_security`).
//!
//! [`Summary`] counts a report by severity; [`findings`] flattens it into one row per package and
//! vulnerability for the report drawer, and [`Filter`] narrows those rows.

use serde::{Deserialize, Deserializer};

use crate::model::order::sort_by;

/// `null` or absent → the type's default.
fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The body of the security endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SecurityReport {
    #[serde(default, deserialize_with = "lenient")]
    pub status: ScanStatus,
    #[serde(default, deserialize_with = "lenient")]
    pub data: Option<SecurityData>,
}

/// Quay's `SecurityScanStatus`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanStatus {
    /// Indexed: `data` holds the packages and their vulnerabilities.
    Scanned,
    /// Not indexed yet: the scanner will get to it.
    Queued,
    /// The scanner tried and failed (it retries on its own schedule).
    Failed,
    /// The scanner cannot index this manifest (e.g. an OS or layer type it does not know, or a
    /// manifest list: each platform's manifest is scanned instead).
    Unsupported,
    /// A layer is larger than the scanner accepts.
    ManifestLayerTooLarge,
    /// A status this console does not know.
    #[default]
    #[serde(other)]
    Other,
}

impl ScanStatus {
    /// The status's word in Quay's API (and in `data-` attributes for tests).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Scanned => "scanned",
            Self::Queued => "queued",
            Self::Failed => "failed",
            Self::Unsupported => "unsupported",
            Self::ManifestLayerTooLarge => "manifest_layer_too_large",
            Self::Other => "other",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SecurityData {
    #[serde(rename = "Layer", default, deserialize_with = "lenient")]
    pub layer: Layer,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Layer {
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub features: Vec<Feature>,
}

/// A package found in the image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Feature {
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub version: String,
    #[serde(default, deserialize_with = "lenient")]
    pub namespace_name: String,
    /// The layer that added it.
    #[serde(default, deserialize_with = "lenient")]
    pub added_by: String,
    #[serde(default, deserialize_with = "lenient")]
    pub vulnerabilities: Vec<Vulnerability>,
}

/// One advisory affecting a package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vulnerability {
    /// The advisory's name: `CVE-2019-1559`, `RHSA-2024:1234`, `pyup.io-38765 (CVE-2019-20916)`.
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub severity: String,
    /// The updater it came from (`alpine-main-v3.7-updater`, `RHEL8-rhel-8`, `pyupio`).
    #[serde(default, deserialize_with = "lenient")]
    pub namespace_name: String,
    /// Space-separated URLs (Clair joins several), or empty.
    #[serde(default, deserialize_with = "lenient")]
    pub link: String,
    /// The version that fixes it, empty when there is none.
    #[serde(default, deserialize_with = "lenient")]
    pub fixed_by: String,
    #[serde(default, deserialize_with = "lenient")]
    pub description: String,
}

/// Clair's severities, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Negligible,
    Unknown,
}

impl Severity {
    pub const ALL: [Self; 6] = [
        Self::Critical,
        Self::High,
        Self::Medium,
        Self::Low,
        Self::Negligible,
        Self::Unknown,
    ];

    /// Reads a scanner's severity word (any case; Clair v2's `Defcon1` is above critical).
    #[must_use]
    pub fn parse(word: &str) -> Self {
        match word.trim().to_ascii_lowercase().as_str() {
            "critical" | "defcon1" => Self::Critical,
            "high" | "important" => Self::High,
            "medium" | "moderate" => Self::Medium,
            "low" => Self::Low,
            "negligible" => Self::Negligible,
            _ => Self::Unknown,
        }
    }

    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Negligible => "negligible",
            Self::Unknown => "unknown",
        }
    }

    /// The inverse of [`Severity::slug`].
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Counts of a report: per severity, how many are fixable, and the packages scanned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Indexed by [`Severity`] (most severe first).
    pub counts: [usize; 6],
    pub fixable: usize,
    pub packages: usize,
}

impl Summary {
    #[must_use]
    pub fn of(report: &SecurityReport) -> Self {
        let mut summary = Self::default();
        let features = report
            .data
            .as_ref()
            .map_or(&[][..], |d| d.layer.features.as_slice());
        summary.packages = features.len();
        for v in features.iter().flat_map(|f| f.vulnerabilities.iter()) {
            if let Some(n) = summary.counts.get_mut(Severity::parse(&v.severity).index()) {
                *n += 1;
            }
            if !v.fixed_by.trim().is_empty() {
                summary.fixable += 1;
            }
        }
        summary
    }

    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.counts.get(severity.index()).copied().unwrap_or(0)
    }

    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The most severe level with at least one finding.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| self.count(*s) > 0)
    }
}

/// One package × vulnerability row of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub package: String,
    pub version: String,
    pub severity: Severity,
    pub vulnerability: Vulnerability,
}

impl Finding {
    #[must_use]
    pub fn fixable(&self) -> bool {
        !self.vulnerability.fixed_by.trim().is_empty()
    }
}

/// Every finding of a report, most severe first, then by package and advisory name.
#[must_use]
pub fn findings(report: &SecurityReport) -> Vec<Finding> {
    let mut rows: Vec<Finding> = report
        .data
        .iter()
        .flat_map(|d| d.layer.features.iter())
        .flat_map(|f| {
            f.vulnerabilities.iter().map(|v| Finding {
                package: f.name.clone(),
                version: f.version.clone(),
                severity: Severity::parse(&v.severity),
                vulnerability: v.clone(),
            })
        })
        .collect();
    sort_by(&mut rows, |a, b| {
        (a.severity, &a.package, &a.vulnerability.name).cmp(&(
            b.severity,
            &b.package,
            &b.vulnerability.name,
        ))
    });
    rows
}

/// What the report drawer shows: some severities (none chosen = all) and only fixable ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub severities: Vec<Severity>,
    pub fixable_only: bool,
}

impl Filter {
    /// From the drawer's query: `sev=critical,high` and `fixable=1`.
    #[must_use]
    pub fn from_query(sev: &str, fixable: &str) -> Self {
        let mut severities: Vec<Severity> =
            sev.split(',').filter_map(Severity::from_slug).collect();
        severities.dedup();
        Self {
            severities,
            fixable_only: fixable == "1",
        }
    }

    /// The `sev=` value of this filter.
    #[must_use]
    pub fn sev_param(&self) -> String {
        Severity::ALL
            .into_iter()
            .filter(|s| self.severities.contains(s))
            .map(Severity::slug)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// This filter with `severity` added or taken out.
    #[must_use]
    pub fn toggled(&self, severity: Severity) -> Self {
        let mut next = self.clone();
        if let Some(i) = next.severities.iter().position(|s| *s == severity) {
            next.severities.remove(i);
        } else {
            next.severities.push(severity);
        }
        next
    }

    #[must_use]
    pub fn matches(&self, finding: &Finding) -> bool {
        (self.severities.is_empty() || self.severities.contains(&finding.severity))
            && (!self.fixable_only || finding.fixable())
    }
}

/// A piece of a vulnerability's `Link`: an `http(s)` URL to render as a link, or plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkPart {
    Url(String),
    Text(String),
}

/// Splits a `Link` value (Clair joins several URLs with spaces): only `http://` and `https://`
/// URLs become links; anything else (`javascript:`, a bare word) stays text.
#[must_use]
pub fn link_parts(link: &str) -> Vec<LinkPart> {
    link.split_whitespace()
        .map(|part| {
            let lower = part.get(..8).unwrap_or(part).to_ascii_lowercase();
            let has_host = part
                .split_once("://")
                .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
            if (lower.starts_with("https://") || lower.starts_with("http://")) && has_host {
                LinkPart::Url(part.to_owned())
            } else {
                LinkPart::Text(part.to_owned())
            }
        })
        .collect()
}
