//! Every robots recording decodes into the console's types, and the robots logic (naming rule,
//! filter/sort, dates, base64 and credential files) holds for any input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use quay_console::model::error::{decode_error, decode_json, ErrorKind};
use quay_console::model::robots::{
    base64, docker_config, filter_sort, format_date, is_missing_robot, kube_secret,
    parse_quay_date, validate_short_name, Federation, FederationConfig, Owner, Robot, RobotList,
    RobotPermissions, Sort, SortKey,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn lists_decode() {
    let list: RobotList = decode_json(&fixture("org_robots_list")).unwrap();
    assert_eq!(list.robots.len(), 4);
    let owner = &list.robots[2];
    assert_eq!(owner.name, "buynlarge+ownerbot");
    assert_eq!(owner.short_name(), "ownerbot");
    assert_eq!(owner.team_names(), vec!["owners".to_owned()]);
    assert_eq!(owner.teams.as_ref().unwrap()[0].avatar.kind, "team");
    assert!(owner.token.is_some());
    assert_eq!(owner.last_accessed, None);
    assert_eq!(
        owner.created_at(),
        parse_quay_date("Mon, 23 Nov 2026 15:13:22 -0000")
    );

    let plain: RobotList = decode_json(&fixture("org_robots_list_plain")).unwrap();
    assert!(plain
        .robots
        .iter()
        .all(|r| r.teams.is_none() && r.repositories.is_none()));
    let limited: RobotList = decode_json(&fixture("org_robots_list_limit")).unwrap();
    assert_eq!(limited.robots.len(), 2);
    assert!(limited.robots.iter().all(|r| r.token.is_none()));

    let user: RobotList = decode_json(&fixture("user_robots_list")).unwrap();
    let dtrobot = &user.robots[0];
    assert_eq!(dtrobot.repo_count(), 3);
    assert_eq!(dtrobot.repositories.as_ref().unwrap()[1].name(), "complex");
}

#[test]
fn single_robots_decode() {
    for name in [
        "org_robot_create",
        "org_robot_get",
        "org_robot_regenerate",
        "user_robot_create",
        "user_robot_get",
        "user_robot_regenerate",
    ] {
        let robot: Robot = decode_json(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(robot.name.contains("+consolebot"), "{name}");
        assert_eq!(robot.token.as_deref().map(str::len), Some(64), "{name}");
    }
    let created: Robot = decode_json(&fixture("org_robot_create")).unwrap();
    assert_eq!(
        created.metadata_pairs(),
        vec![("k".to_owned(), "v".to_owned())]
    );
    assert_eq!(created.description.as_deref(), Some("made by console test"));
    let user: Robot = decode_json(&fixture("user_robot_create")).unwrap();
    assert!(user.metadata_pairs().is_empty());
    let regenerated: Robot = decode_json(&fixture("org_robot_regenerate")).unwrap();
    let got: Robot = decode_json(&fixture("org_robot_get")).unwrap();
    assert_ne!(regenerated.token, got.token);
}

#[test]
fn permissions_decode() {
    for name in [
        "org_robot_permissions",
        "org_robot_permissions_new",
        "user_robot_permissions",
    ] {
        let perms: RobotPermissions = decode_json(&fixture(name)).unwrap();
        assert!(perms.permissions.is_empty(), "{name}");
    }
    let perms: RobotPermissions = decode_json(&fixture("user_robot_permissions_dtrobot")).unwrap();
    assert_eq!(perms.permissions.len(), 3);
    assert_eq!(perms.permissions[2].repository.name, "mirrored");
    assert_eq!(perms.permissions[2].role, "write");
    assert!(!perms.permissions[0].repository.is_public);
}

#[test]
fn errors_decode() {
    let gone = decode_error(400, &fixture("org_robot_get_deleted"));
    assert_eq!(gone.kind, ErrorKind::Refused);
    assert!(is_missing_robot(&gone));
    let again = decode_error(400, &fixture("org_robot_create_again"));
    assert_eq!(
        again.message,
        "Existing robot with name: buynlarge+consolebot"
    );
    assert!(!is_missing_robot(&again));
    let bad = decode_error(400, &fixture("org_robot_bad_name"));
    assert!(bad
        .message
        .starts_with("The name for the robot 'Bad-Name!' is invalid"));
    for empty in ["org_robot_delete", "user_robot_delete"] {
        assert!(fixture(empty).trim().is_empty(), "{empty} is a 204");
    }
}

#[test]
fn federation_answers_decode() {
    let list: FederationConfig =
        decode_json(r#"[{"issuer":"https://a","subject":"s","audiences":["quay"],"id":"x1"}]"#)
            .unwrap();
    let list = list.into_list();
    assert_eq!(list[0].audiences.as_deref(), Some(&["quay".to_owned()][..]));
    // Extra fields that newer Quays send are kept when the list is sent back.
    let sent = serde_json::to_value(&list).unwrap();
    assert_eq!(sent[0]["id"], "x1");
    let wrapped: FederationConfig =
        decode_json(r#"{"federation_config":[{"issuer":"https://a","subject":"s"}]}"#).unwrap();
    assert_eq!(
        wrapped.into_list(),
        vec![Federation {
            issuer: "https://a".into(),
            subject: "s".into(),
            ..Federation::default()
        }]
    );
    assert_eq!(
        decode_json::<FederationConfig>("[]").unwrap().into_list(),
        vec![]
    );
}

#[test]
fn a_link_may_name_the_robot_in_full() {
    let org = Owner {
        namespace: "buynlarge".into(),
        is_user: false,
    };
    assert_eq!(org.short_name("coolrobot"), "coolrobot");
    assert_eq!(org.short_name("buynlarge+coolrobot"), "coolrobot");
    // Another namespace's robot, a bare prefix or a longer namespace stay as they are (the
    // drawer then says Quay does not know that robot here).
    assert_eq!(org.short_name("other+coolrobot"), "other+coolrobot");
    assert_eq!(org.short_name("buynlarge+"), "buynlarge+");
    assert_eq!(org.short_name("buynlargex+bot"), "buynlargex+bot");
    assert_eq!(org.short_name(""), "");
}

fn robot(name: &str, created: &str, accessed: Option<&str>, repos: usize) -> Robot {
    let repos: Vec<String> = (0..repos).map(|i| format!("r{i}")).collect();
    decode_json(
        &serde_json::json!({
            "name": name, "created": created, "last_accessed": accessed, "description": format!("about {name}"),
            "teams": [], "repositories": repos,
        })
        .to_string(),
    )
    .unwrap()
}

#[test]
fn filter_and_sort() {
    let robots = vec![
        robot("ns+beta", "Tue, 02 Jan 2024 00:00:00 -0000", None, 2),
        robot(
            "ns+alpha",
            "Wed, 03 Jan 2024 00:00:00 -0000",
            Some("Fri, 05 Jan 2024 00:00:00 -0000"),
            0,
        ),
        robot(
            "ns+gamma",
            "Mon, 01 Jan 2024 00:00:00 -0000",
            Some("Thu, 04 Jan 2024 00:00:00 -0000"),
            5,
        ),
    ];
    let names = |list: Vec<Robot>| {
        list.into_iter()
            .map(|r| r.short_name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(filter_sort(&robots, "", Sort::default())),
        ["alpha", "beta", "gamma"]
    );
    assert_eq!(
        names(filter_sort(&robots, "", Sort::parse("-created"))),
        ["alpha", "beta", "gamma"]
    );
    assert_eq!(
        names(filter_sort(&robots, "", Sort::parse("created"))),
        ["gamma", "beta", "alpha"]
    );
    assert_eq!(
        names(filter_sort(&robots, "", Sort::parse("-repos"))),
        ["gamma", "beta", "alpha"]
    );
    // Never used sorts first ascending (oldest access).
    assert_eq!(
        names(filter_sort(&robots, "", Sort::parse("last_accessed"))),
        ["beta", "gamma", "alpha"]
    );
    assert_eq!(
        names(filter_sort(&robots, "GAM", Sort::default())),
        ["gamma"]
    );
    assert_eq!(
        names(filter_sort(&robots, "about ns+b", Sort::default())),
        ["beta"]
    );
    assert!(filter_sort(&robots, "zzz", Sort::default()).is_empty());
    let s = Sort {
        key: SortKey::LastAccessed,
        desc: true,
    };
    assert_eq!(Sort::parse(&s.to_param()), s);
}

/// A reference base64 decoder for the property test.
fn unbase64(text: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| *c != b'=') {
        bits = (bits << 6) | u32::try_from(ABC.iter().position(|x| *x == c).unwrap()).unwrap();
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push(u8::try_from((bits >> n) & 0xff).unwrap());
        }
    }
    out
}

proptest! {
    #[test]
    fn short_name_rule_matches_the_pattern(name in "\\PC{0,20}") {
        let mut chars = name.chars();
        let expected = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && (2..=255).contains(&name.len());
        prop_assert_eq!(validate_short_name(&name).is_ok(), expected);
    }

    #[test]
    fn valid_names_are_accepted(name in "[a-z][a-z0-9_]{1,254}") {
        prop_assert!(validate_short_name(&name).is_ok());
    }

    #[test]
    fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let encoded = base64(&bytes);
        prop_assert_eq!(encoded.len() % 4, 0);
        prop_assert_eq!(unbase64(&encoded), bytes);
    }

    #[test]
    fn dates_round_trip(ts in 0i64..4_102_444_800) {
        let minute = ts - ts % 60;
        let text = format_date(minute);
        // format_date is YYYY-MM-DD HH:MM UTC; rebuild Quay's form from it and parse back.
        let (date, time) = text.trim_end_matches(" UTC").split_once(' ').unwrap();
        let mut ymd = date.split('-');
        let (y, m, d) = (ymd.next().unwrap(), ymd.next().unwrap(), ymd.next().unwrap());
        let month = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"][m.parse::<usize>().unwrap() - 1];
        let quay = format!("Mon, {d} {month} {y} {time}:00 -0000");
        prop_assert_eq!(parse_quay_date(&quay), Some(minute));
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,60}") {
        let _ = parse_quay_date(&text);
    }

    #[test]
    fn credential_files_carry_the_token(short in "[a-z][a-z0-9_]{1,30}", token in "[A-Z0-9]{64}") {
        let user = format!("org+{short}");
        let config = docker_config(&user, &token, "quay.example.com");
        let parsed: serde_json::Value = serde_json::from_str(&config).unwrap();
        let auth = parsed["auths"]["quay.example.com"]["auth"].as_str().unwrap().to_owned();
        prop_assert_eq!(unbase64(&auth), format!("{user}:{token}").into_bytes());
        let yaml = kube_secret(&user, &token, "quay.example.com");
        let line = yaml.lines().find(|l| l.trim_start().starts_with(".dockerconfigjson:")).unwrap();
        let data = line.split(':').nth(1).unwrap().trim();
        prop_assert_eq!(unbase64(data), config.into_bytes());
    }
}

mod wizard {
    use quay_console::model::prototypes::Prototype;
    use quay_console::model::robots::wizard::{pick, picked, Grant, Part, Run, State, Step};
    use quay_console::model::robots::{Robot, Role, UserPermissionView};

    use super::{decode_json, fixture, RobotPermissions};

    fn grant(repo: &str, role: Role) -> Grant {
        Grant {
            repo: repo.to_owned(),
            role,
        }
    }

    #[test]
    fn picking_keeps_the_order_and_one_role_per_repository() {
        let mut grants = Vec::new();
        pick(&mut grants, "orgrepo", Some(Role::Write));
        pick(&mut grants, "webapp", Some(Role::Read));
        pick(&mut grants, "orgrepo", Some(Role::Admin));
        assert_eq!(
            grants,
            vec![grant("orgrepo", Role::Admin), grant("webapp", Role::Read)]
        );
        assert_eq!(picked(&grants, "webapp"), Some(Role::Read));
        pick(&mut grants, "orgrepo", None);
        assert_eq!(grants, vec![grant("webapp", Role::Read)]);
        assert_eq!(picked(&grants, "orgrepo"), None);
    }

    #[test]
    fn a_run_sends_robot_then_permissions_then_default_and_retries_only_what_is_left() {
        let grants = [grant("a", Role::Read), grant("b", Role::Write)];
        let mut run = Run::plan(&grants, Some(Role::Read));
        assert_eq!(
            run.parts.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            vec![
                Part::Robot,
                Part::Permission(grant("a", Role::Read)),
                Part::Permission(grant("b", Role::Write)),
                Part::Default(Role::Read),
            ]
        );
        // Robot and repository a are done; b is refused: the run stops there.
        run.set(0, State::Done);
        run.set(1, State::Done);
        run.set(2, State::Failed("Repository is being deleted".into()));
        assert!(run.robot_created() && run.failed() && !run.complete());
        assert_eq!(run.counts(), (2, 1, 1));
        // A retry starts at the failed part, never at one that is done.
        assert_eq!(run.next_to_send(), Some(2));
        run.set(2, State::Sending);
        run.interrupted();
        assert_eq!(run.parts[2].1, State::NotAttempted);
        run.set(2, State::Done);
        assert_eq!(run.next_to_send(), Some(3));
        run.set(3, State::Done);
        assert!(run.complete());
        assert_eq!(run.next_to_send(), None);
        // What the run keeps for the tab (the draft) holds no token: only parts and states.
        let kept = serde_json::to_string(&run).unwrap();
        assert!(kept.contains("\"write\""), "{kept}");
        assert_eq!(serde_json::from_str::<Run>(&kept).unwrap(), run);
        // Nothing picked and no default permission: the robot alone.
        assert_eq!(Run::plan(&[], None).parts.len(), 1);
        assert_eq!(Step::parse("2", false), Step::Permissions);
    }

    #[test]
    fn the_answers_a_run_reads_decode_from_the_recordings() {
        // The robot's create answer carries the token the last step shows.
        let created: Robot = decode_json(&fixture("org_robot_create")).unwrap();
        assert_eq!(created.short_name(), "consolebot");
        assert!(created.token.as_deref().is_some_and(|t| !t.is_empty()));
        // A default permission with a robot as delegate.
        let proto: Prototype = decode_json(&fixture("org_prototype_create_robot")).unwrap();
        assert!(proto.delegate.is_robot);
        assert!(proto.delegate.name.contains('+'));
        // A new robot has no repository permission until the wizard's PUTs.
        let fresh: RobotPermissions = decode_json(&fixture("org_robot_permissions_new")).unwrap();
        assert!(fresh.permissions.is_empty());
        // What a permission PUT answers: one entry of the user-permission map.
        let map: serde_json::Value = decode_json(&fixture("repo_permissions_user_org")).unwrap();
        let views: Vec<UserPermissionView> = map["permissions"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| serde_json::from_value(v.clone()).unwrap())
            .collect();
        assert!(!views.is_empty());
        assert!(views.iter().all(|v| Role::parse(&v.role).is_some()));
    }
}
