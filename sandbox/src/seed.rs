//! Core start data: the users, organizations and repositories of Quay's own test database (names and
//! e-mails as in the recordings), plus `buynlarge/big` for `--tags` and many `library/*` repositories so
//! that repository paging has more than one page.

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng;

use crate::util;
use crate::world::{Org, Repo, RepoState, Role, Team, TeamRole, User, World};

/// The password of every seeded user.
pub const PASSWORD: &str = "password";

const USERS: &[(&str, &str, bool, bool, u64)] = &[
    // (username, email, verified, enabled, used bytes)
    ("devtable", "jschorr@devtable.com", true, true, 3000),
    ("disabled", "jschorr+disabled@devtable.com", true, false, 0),
    ("public", "jacob.moshenko@gmail.com", true, true, 230),
    ("freshuser", "jschorr+test@devtable.com", true, true, 0),
    ("randomuser", "no4@thanks.com", true, true, 92),
    ("unverified", "no5@thanks.com", false, true, 0),
    ("reader", "no1@thanks.com", true, true, 0),
    ("creator", "noc@thanks.com", true, true, 0),
    ("member", "nod@thanks.com", true, true, 0),
    ("outsideorg", "no2@thanks.com", true, true, 115),
    ("subscription", "subscriptions@devtable.com", true, true, 0),
    (
        "globalreadonlysuperuser",
        "globalreadonlysuperuser+test@devtable.com",
        true,
        true,
        0,
    ),
    ("normaluser", "normaluser+test@devtable.com", true, true, 0),
];

const ORGS: &[(&str, &str, &str, u64)] = &[
    // (name, email, owner, used bytes)
    ("buynlarge", "quay@devtable.com", "devtable", 184),
    (
        "testorgforautoprune",
        "autoprune@devtable.com",
        "devtable",
        92,
    ),
    ("library", "quay+library@devtable.com", "devtable", 0),
    ("titi", "quay+titi@devtable.com", "devtable", 0),
    ("sellnsmall", "quay+sell@devtable.com", "devtable", 0),
    (
        "subscriptionsorg",
        "quay+subscriptionsorg@devtable.com",
        "subscription",
        0,
    ),
    ("proxyorg", "quay+proxyorg@devtable.com", "devtable", 0),
    // An empty organization to turn into a proxy cache (the recordings' `proxytest`).
    ("proxytest", "quay+proxytest@devtable.com", "devtable", 0),
    // An empty organization to mirror (the recordings' `mirrororg`) and one already mirrored.
    ("mirrororg", "quay+mirrororg@devtable.com", "devtable", 0),
    ("syncedorg", "quay+syncedorg@devtable.com", "devtable", 0),
    (
        "orgwithnosuperuser",
        "orgwithnosuperuser@devtable.com",
        "randomuser",
        0,
    ),
];

const REPOS: &[(&str, &str, &str, bool, RepoState)] = &[
    (
        "devtable",
        "simple",
        "A simple repository",
        false,
        RepoState::Normal,
    ),
    (
        "devtable",
        "complex",
        "A repository with many manifests",
        false,
        RepoState::Normal,
    ),
    (
        "devtable",
        "history",
        "Tags with a long history",
        false,
        RepoState::Normal,
    ),
    ("devtable", "gargantuan", "", false, RepoState::Normal),
    (
        "devtable",
        "shared",
        "Shared with other users",
        false,
        RepoState::Normal,
    ),
    (
        "devtable",
        "building",
        "Built from a trigger",
        false,
        RepoState::Normal,
    ),
    (
        "devtable",
        "mirrored",
        "Mirrored from quay.io/coreos/etcd",
        false,
        RepoState::Mirror,
    ),
    (
        "devtable",
        "readonly",
        "Frozen for an audit (Überprüfung)",
        false,
        RepoState::ReadOnly,
    ),
    (
        "public",
        "publicrepo",
        "A public repository",
        true,
        RepoState::Normal,
    ),
    (
        "buynlarge",
        "orgrepo",
        "The organization's main repository",
        false,
        RepoState::Normal,
    ),
    ("buynlarge", "anotherorgrepo", "", false, RepoState::Normal),
    (
        "buynlarge",
        "mirrortest",
        "mirror test",
        false,
        RepoState::Normal,
    ),
    (
        "buynlarge",
        "big",
        "Thousands of tags (--tags)",
        false,
        RepoState::Normal,
    ),
    (
        "buynlarge",
        "webapp",
        "Front-end image",
        true,
        RepoState::Normal,
    ),
    (
        "testorgforautoprune",
        "autoprunerepo",
        "",
        false,
        RepoState::Normal,
    ),
    ("randomuser", "randomrepo", "", false, RepoState::Normal),
    ("outsideorg", "coolrepo", "", true, RepoState::Normal),
    ("sellnsmall", "catalog", "", false, RepoState::Normal),
];

const LIBRARY: &[&str] = &[
    "ubuntu",
    "alpine",
    "debian",
    "busybox",
    "nginx",
    "httpd",
    "postgres",
    "redis",
    "mysql",
    "mariadb",
    "python",
    "node",
    "golang",
    "rust",
    "openjdk",
    "ruby",
    "php",
    "perl",
    "haproxy",
    "traefik",
    "memcached",
    "mongo",
    "rabbitmq",
    "elasticsearch",
    "kibana",
    "logstash",
    "grafana",
    "prometheus",
    "registry",
    "vault",
    "consul",
    "etcd",
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "archlinux",
    "opensuse",
    "clearlinux",
    "photon",
    "swift",
    "gcc",
    "maven",
    "gradle",
    "tomcat",
    "jetty",
    "wordpress",
    "drupal",
    "joomla",
    "ghost",
    "nextcloud",
    "owncloud",
    "couchdb",
    "cassandra",
    "neo4j",
    "influxdb",
];

/// Number of generated `library/*` repositories on top of [`LIBRARY`]: 150 in all, so a namespace
/// listing has two pages of Quay's 100.
const LIBRARY_TOTAL: usize = 150;

pub fn core(world: &mut World) {
    world.users = USERS
        .iter()
        .map(|&(name, email, verified, enabled, used)| User {
            username: name.to_owned(),
            email: email.to_owned(),
            password: PASSWORD.to_owned(),
            verified,
            enabled,
            super_user: name == "devtable",
            paid: name == "devtable",
            used_bytes: used,
            company: None,
            given_name: None,
            family_name: None,
            location: None,
            tag_expiration_s: 1_209_600,
        })
        .collect();
    world.orgs = ORGS
        .iter()
        .map(|&(name, email, owner, used)| org(name, email, owner, used))
        .collect();
    let now = world.seeded_at;
    let mut repos = Vec::new();
    for &(ns, name, description, is_public, state) in REPOS {
        repos.push(repo(world, ns, name, description, is_public, state, now));
    }
    for i in 0..LIBRARY_TOTAL {
        let name = LIBRARY.get(i).map_or_else(
            || format!("app-{:03}", i + 1 - LIBRARY.len()),
            |n| (*n).to_owned(),
        );
        let public = i % 3 != 2;
        let description = format!("Official {name} image");
        repos.push(repo(
            world,
            "library",
            &name,
            &description,
            public,
            RepoState::Normal,
            now,
        ));
    }
    for r in &mut repos {
        if r.namespace == "devtable" && matches!(r.name.as_str(), "simple" | "complex") {
            r.starred_by.insert("devtable".to_owned());
        }
        if r.namespace == "buynlarge" && r.name == "orgrepo" {
            r.starred_by.insert("devtable".to_owned());
            r.starred_by.insert("reader".to_owned());
            r.user_roles.insert("public".to_owned(), Role::Write);
        }
        if r.namespace == "devtable" && r.name == "shared" {
            r.user_roles.insert("reader".to_owned(), Role::Read);
            r.user_roles.insert("public".to_owned(), Role::Write);
        }
    }
    world.repos = repos;
}

pub fn org(name: &str, email: &str, owner: &str, used: u64) -> Org {
    let mut teams = vec![Team {
        name: "owners".to_owned(),
        description: String::new(),
        role: TeamRole::Admin,
        members: vec![owner.to_owned()],
    }];
    if name == "buynlarge" {
        teams.push(Team {
            name: "readers".to_owned(),
            description: "Can pull the organization's repositories".to_owned(),
            role: TeamRole::Member,
            members: vec!["reader".to_owned(), "member".to_owned()],
        });
        teams.push(Team {
            name: "creators".to_owned(),
            description: "Can create repositories".to_owned(),
            role: TeamRole::Creator,
            members: vec!["creator".to_owned()],
        });
    }
    Org {
        name: name.to_owned(),
        email: email.to_owned(),
        paid: name == "buynlarge",
        used_bytes: used,
        teams,
        tag_expiration_s: 1_209_600,
    }
}

fn repo(
    world: &mut World,
    ns: &str,
    name: &str,
    description: &str,
    is_public: bool,
    state: RepoState,
    now: i64,
) -> Repo {
    let age = world.rng.gen_range(3_600..40 * 86_400);
    Repo {
        namespace: ns.to_owned(),
        name: name.to_owned(),
        description: description.to_owned(),
        is_public,
        kind: "image".to_owned(),
        state,
        last_modified: now - age,
        popularity: f64::from(world.rng.gen_range(0u32..500)),
        starred_by: BTreeSet::new(),
        status_token: util::uuid(&mut world.rng),
        trust_enabled: false,
        user_roles: BTreeMap::new(),
    }
}
