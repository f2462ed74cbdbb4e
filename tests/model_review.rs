//! The access review against the recordings of a real Quay: the robots list with
//! `permissions=true`, the map-keyed repository permissions, app tokens, applications and
//! authorized applications; and the bearer-call plan of a review.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::model::applications::{AppTokenList, ApplicationList};
use quay_console::model::authorizations::AuthorizationList;
use quay_console::model::review::{
    access_rows, app_tokens, bare_redirects, broad_robots, dangerous_grants, first_calls,
    permissions, review_calls, sweep_order, to_csv, to_json, unused_robots, Access, Finding, Kind,
    Remedy, Thresholds, UserPermissionMap, Why,
};
use quay_console::model::robots::{parse_quay_date, RobotList};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/quay-fixtures/responses"
    ))
    .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn untracked_last_use_is_said_not_called_never_used() {
    let list: RobotList = serde_json::from_str(&fixture("org_robots_list_perms.json")).unwrap();
    assert_eq!(list.robots.len(), 4);
    let now = parse_quay_date("Sat, 05 Dec 2026 00:00:00 -0000").unwrap();
    let found = unused_robots(&list.robots, now, Thresholds::default());
    // Quay answered null for every robot: it may not track use, so none is "never used".
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|f| f.why == Why::NotTracked));
    assert!(
        matches!(&found[0].remedy, Remedy::DeleteRobot { name } if name == "buynlarge+coolrobot")
    );
}

#[test]
fn never_used_and_stale_robots_when_use_is_tracked() {
    let mut list: RobotList =
        serde_json::from_str(&fixture("user_robots_list_perms.json")).unwrap();
    list.robots[1].last_accessed = Some("Mon, 01 Jun 2026 10:00:00 -0000".into());
    let now = parse_quay_date("Sat, 05 Dec 2026 00:00:00 -0000").unwrap();
    let found = unused_robots(&list.robots, now, Thresholds { days: 90, repos: 5 });
    assert_eq!(found[0].why, Why::NeverUsed);
    assert_eq!(found[0].subject, "devtable+dtrobot");
    assert_eq!(found[1].why, Why::UnusedFor { days: 186 });
    // With 200 days, the second is no longer stale.
    let found = unused_robots(
        &list.robots,
        now,
        Thresholds {
            days: 200,
            repos: 5,
        },
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn map_keyed_permissions_become_access_rows() {
    let map: UserPermissionMap =
        serde_json::from_str(&fixture("repo_permissions_user_org.json")).unwrap();
    let rows = access_rows("orgrepo", &map);
    assert_eq!(
        rows,
        vec![Access {
            subject: "outsideorg".into(),
            is_robot: false,
            repository: "orgrepo".into(),
            role: "read".into()
        }]
    );
    let map: UserPermissionMap =
        serde_json::from_str(&fixture("repo_permissions_user.json")).unwrap();
    assert_eq!(access_rows("simple", &map)[0].role, "admin");
    let empty: UserPermissionMap = serde_json::from_str(r#"{"permissions": {}}"#).unwrap();
    assert!(access_rows("x", &empty).is_empty());
    let odd: UserPermissionMap = serde_json::from_str(r#"{"permissions": 3}"#).unwrap();
    assert!(access_rows("x", &odd).is_empty());
}

#[test]
fn broad_robots_need_write_or_admin_on_m_repositories() {
    let row = |s: &str, robot, repo: &str, role: &str| Access {
        subject: s.into(),
        is_robot: robot,
        repository: repo.into(),
        role: role.into(),
    };
    let rows = vec![
        row("o+wide", true, "a", "write"),
        row("o+wide", true, "b", "admin"),
        row("o+wide", true, "c", "read"),
        row("o+narrow", true, "a", "read"),
        row("alice", false, "a", "admin"),
        row("alice", false, "b", "admin"),
    ];
    let found = broad_robots(&rows, Thresholds { days: 90, repos: 2 });
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].why, Why::Broad { write: 1, admin: 1 });
    assert!(matches!(&found[0].remedy, Remedy::Narrow { repos, .. } if repos.len() == 2));
    assert!(broad_robots(&rows, Thresholds { days: 90, repos: 3 }).is_empty());
    assert_eq!(permissions(&rows).len(), 6);
}

#[test]
fn app_tokens_applications_and_grants_from_recordings() {
    let tokens: AppTokenList =
        serde_json::from_str(fixture("apptoken_list.json").lines().next().unwrap()).unwrap();
    // The recorded token never expires: no finding.
    assert!(app_tokens(&tokens.tokens, 1_800_000_000).is_empty());
    let mut expired = tokens.tokens[0].clone();
    expired.expiration = Some("Mon, 23 Nov 2026 15:13:25 -0000".into());
    let now = parse_quay_date("Sat, 05 Dec 2026 00:00:00 -0000").unwrap();
    assert!(matches!(
        app_tokens(&[expired.clone()], now)[0].why,
        Why::TokenExpired { .. }
    ));
    expired.expiration = Some("Sun, 06 Dec 2026 12:00:00 -0000".into());
    assert!(matches!(
        app_tokens(&[expired], now)[0].why,
        Why::TokenExpiring { .. }
    ));

    let apps: ApplicationList = serde_json::from_str(&fixture("org_apps_list.json")).unwrap();
    let found = bare_redirects(&apps.applications);
    assert_eq!(
        found.len(),
        1,
        "only http://127.0.0.1:8081/ is a bare origin"
    );
    assert_eq!(found[0].subject, "Quay Console (local)");

    let grants: AuthorizationList =
        serde_json::from_str(&fixture("user_authorizations_list_with_grant.json")).unwrap();
    let found = dangerous_grants(&grants.authorizations);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].why,
        Why::Dangerous {
            scopes: vec!["org:admin".into(), "super:user".into(), "user:admin".into()]
        }
    );
}

#[test]
fn a_review_of_100_repositories_and_50_robots_costs_103_calls() {
    // Robots: one list with permissions=true, whatever their number; applications: one list;
    // repositories: one page of 100; then one permission map per repository.
    assert_eq!(first_calls(false), 2);
    assert_eq!(review_calls(false, 100), 103);
    assert_eq!(review_calls(false, 101), 2 + 2 + 101);
    assert_eq!(review_calls(false, 0), 3);
    // The user's review adds app tokens and authorized applications.
    assert_eq!(review_calls(true, 100), 104);
    // The sandbox's revieworg: 6 repositories.
    assert_eq!(review_calls(false, 6), 9);
}

#[test]
fn robots_repositories_are_read_first() {
    let list: RobotList = serde_json::from_str(&fixture("user_robots_list_perms.json")).unwrap();
    let order = sweep_order(
        vec!["aaa".into(), "complex".into(), "mirrored".into()],
        &list.robots,
    );
    assert_eq!(order, vec!["mirrored", "complex", "aaa"]);
}

#[test]
fn exports_guard_formulas_and_keep_every_field() {
    let f = Finding {
        kind: Kind::Unused,
        subject: "=cmd|' /C calc'!A0".into(),
        why: Why::UnusedFor { days: 120 },
        remedy: Remedy::DeleteRobot { name: "x".into() },
    };
    let csv = to_csv(std::slice::from_ref(&f));
    assert!(csv.starts_with("kind,subject,reason,repository,role,remedy\r\n"));
    assert!(csv.contains("unused,'=cmd|' /C calc'!A0,unused for 120 days,,,delete-robot\r\n"));
    let json: serde_json::Value =
        serde_json::from_str(&to_json("revieworg", "2026-12-05", &[f])).unwrap();
    assert_eq!(json["findings"][0]["subject"], "=cmd|' /C calc'!A0");
    assert_eq!(json["findings"][0]["kind"], "unused");
    assert_eq!(json["namespace"], "revieworg");
    let text = to_json("revieworg", "2026-12-05", &[]);
    assert!(
        text.find("\"namespace\"") < text.find("\"findings\""),
        "{text}"
    );
}

#[test]
fn thresholds_from_the_url() {
    assert_eq!(Thresholds::from_query(None, None), Thresholds::default());
    assert_eq!(
        Thresholds::from_query(Some("30"), Some("3")),
        Thresholds { days: 30, repos: 3 }
    );
    assert_eq!(
        Thresholds::from_query(Some("0"), Some("abc")),
        Thresholds { days: 1, repos: 5 }
    );
    assert_eq!(Kind::parse("broad"), Some(Kind::Broad));
    assert_eq!(Kind::parse("nope"), None);
}
