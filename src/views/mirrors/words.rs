//! The words for the model's enums: validation problems, sync statuses, history events.

use crate::i18n::{t, tf};
use crate::model::mirrors::draft::{Problem, SKOPEO_MAX, SKOPEO_MIN};
use crate::model::mirrors::history::EventKind;
use crate::model::mirrors::SyncStatus;

/// The sentence for a form problem.
#[must_use]
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::ReferenceMissing => t("mirrors.err.reference_missing").to_owned(),
        Problem::ReferenceWhitespace => t("mirrors.err.reference_whitespace").to_owned(),
        Problem::ReferenceScheme => t("mirrors.err.reference_scheme").to_owned(),
        Problem::ReferenceCharacter => t("mirrors.err.reference_character").to_owned(),
        Problem::ReferencePath => t("mirrors.err.reference_path").to_owned(),
        Problem::ReferenceAuthority => t("mirrors.err.reference_authority").to_owned(),
        Problem::ReferencePort => t("mirrors.err.reference_port").to_owned(),
        Problem::ReferenceHost => t("mirrors.err.reference_host").to_owned(),
        Problem::TagsMissing => t("mirrors.err.tags_missing").to_owned(),
        Problem::TagInvalid(tag) => tf("mirrors.err.tag_invalid", &[("tag", tag)]),
        Problem::IntervalInvalid => t("mirrors.err.interval_invalid").to_owned(),
        Problem::IntervalTooSmall => t("mirrors.err.interval_small").to_owned(),
        Problem::IntervalTooLarge => t("mirrors.err.interval_large").to_owned(),
        Problem::StartMissing => t("mirrors.err.start_missing").to_owned(),
        Problem::RobotMissing => t("mirrors.err.robot_missing").to_owned(),
        Problem::RobotFormat => t("mirrors.err.robot_format").to_owned(),
        Problem::RobotNamespace(ns) => tf("mirrors.err.robot_namespace", &[("ns", ns)]),
        Problem::RobotUnknown => t("mirrors.err.robot_unknown").to_owned(),
        Problem::PasswordWithoutUsername => t("mirrors.err.password_alone").to_owned(),
        Problem::TimeoutInvalid => tf(
            "mirrors.err.timeout",
            &[
                ("min", &SKOPEO_MIN.to_string()),
                ("max", &SKOPEO_MAX.to_string()),
            ],
        ),
        Problem::ProxyWhitespace => t("mirrors.err.proxy_whitespace").to_owned(),
        Problem::ArchitectureUnknown(a) => tf("mirrors.err.architecture", &[("arch", a)]),
    }
}

/// A status in words.
#[must_use]
pub fn status(s: &SyncStatus) -> String {
    match s {
        SyncStatus::NeverRun => t("mirrors.status.never_run").to_owned(),
        SyncStatus::SyncNow => t("mirrors.status.sync_now").to_owned(),
        SyncStatus::Syncing => t("mirrors.status.syncing").to_owned(),
        SyncStatus::Success => t("mirrors.status.success").to_owned(),
        SyncStatus::Fail => t("mirrors.status.fail").to_owned(),
        SyncStatus::Cancel => t("mirrors.status.cancel").to_owned(),
        SyncStatus::Other(other) => other.clone(),
    }
}

/// The badge class of a status.
#[must_use]
pub fn status_class(s: &SyncStatus) -> &'static str {
    match s {
        SyncStatus::Success => "badge badge-ok",
        SyncStatus::Fail => "badge badge-danger",
        SyncStatus::SyncNow | SyncStatus::Syncing => "badge badge-admin",
        SyncStatus::Cancel | SyncStatus::NeverRun => "badge badge-warn",
        SyncStatus::Other(_) => "badge",
    }
}

/// A history event in words.
#[must_use]
pub fn event(kind: EventKind, raw: &str) -> String {
    match kind {
        EventKind::SyncStarted => t("mirrors.event.sync_started").to_owned(),
        EventKind::SyncSucceeded => t("mirrors.event.sync_success").to_owned(),
        EventKind::SyncFailed => t("mirrors.event.sync_failed").to_owned(),
        EventKind::SyncNowRequested => t("mirrors.event.sync_now").to_owned(),
        EventKind::TagSucceeded => t("mirrors.event.tag_success").to_owned(),
        EventKind::TagFailed => t("mirrors.event.tag_failed").to_owned(),
        EventKind::TestStarted => t("mirrors.event.test_started").to_owned(),
        EventKind::TestSucceeded => t("mirrors.event.test_success").to_owned(),
        EventKind::TestFailed => t("mirrors.event.test_failed").to_owned(),
        EventKind::Enabled => t("mirrors.event.enabled").to_owned(),
        EventKind::Disabled => t("mirrors.event.disabled").to_owned(),
        EventKind::ConfigChanged => t("mirrors.event.changed").to_owned(),
        EventKind::Other => raw.to_owned(),
    }
}
