//! The in-memory registry: users, organizations (teams give membership and admin rights), repositories,
//! the auth store, and one field per console area whose type lives in `areas/<area>.rs`.
//!
//! Everything sits behind one `Mutex` in [`crate::AppState`]. Lock it, change it, drop the guard:
//! never hold it across an `.await`, and never call [`crate::auth::require`] while holding it (use
//! [`crate::auth::require_in`] instead).

use std::collections::{BTreeMap, BTreeSet};

use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::areas::{
    applications, lifecycle, logs, mirrors, org_mirror, prototypes, proxy_cache, quotas, robots,
    tags,
};
use crate::auth::AuthStore;

/// What the seed depends on (kept across `POST /__sandbox/reset`).
#[derive(Clone, Debug)]
pub struct SeedOptions {
    /// Number of tags to generate in `buynlarge/big` (`--tags`).
    pub tags: usize,
    /// Number of extra log entries spread over the last six weeks (`--logs`).
    pub logs: usize,
    /// Seed of the deterministic data generator (`--seed`).
    pub seed: u64,
    /// The hostile-data corpus on top of the usual data (`--hostile`, see [`crate::hostile`]).
    pub hostile: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            tags: 2000,
            logs: 3000,
            seed: 42,
            hostile: false,
        }
    }
}

/// A user account. Every seeded user's password is `password`.
#[derive(Clone, Debug)]
pub struct User {
    pub username: String,
    pub email: String,
    pub password: String,
    pub verified: bool,
    pub enabled: bool,
    pub super_user: bool,
    /// Paying customer (`is_free_account: false`, `preferred_namespace`).
    pub paid: bool,
    /// Storage used by the namespace (quota reports).
    pub used_bytes: u64,
    pub company: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub location: Option<String>,
    pub tag_expiration_s: u64,
}

/// A team's organization-wide role, as Quay names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TeamRole {
    Member,
    Creator,
    Admin,
}

impl TeamRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Creator => "creator",
            Self::Admin => "admin",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Team {
    pub name: String,
    pub description: String,
    pub role: TeamRole,
    /// Usernames, robots included (`org+robot`).
    pub members: Vec<String>,
}

/// An organization. Membership comes from its teams; admins are the members of an `admin` team.
#[derive(Clone, Debug)]
pub struct Org {
    pub name: String,
    pub email: String,
    pub paid: bool,
    pub used_bytes: u64,
    pub teams: Vec<Team>,
    pub tag_expiration_s: u64,
}

impl Org {
    /// Best role the user holds through any team.
    pub fn role_of(&self, username: &str) -> Option<TeamRole> {
        self.teams
            .iter()
            .filter(|t| t.members.iter().any(|m| m == username))
            .map(|t| t.role)
            .max()
    }
}

/// Repository state (`NORMAL`, `READ_ONLY`, `MIRROR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoState {
    Normal,
    ReadOnly,
    Mirror,
}

impl RepoState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::ReadOnly => "READ_ONLY",
            Self::Mirror => "MIRROR",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "NORMAL" => Some(Self::Normal),
            "READ_ONLY" => Some(Self::ReadOnly),
            "MIRROR" => Some(Self::Mirror),
            _ => None,
        }
    }
}

/// Access to a repository, ordered so that `Admin > Write > Read`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Read,
    Write,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Repo {
    pub namespace: String,
    pub name: String,
    pub description: String,
    pub is_public: bool,
    /// `image` (Quay also knows `application`).
    pub kind: String,
    pub state: RepoState,
    /// Unix seconds of the last push.
    pub last_modified: i64,
    pub popularity: f64,
    pub starred_by: BTreeSet<String>,
    pub status_token: String,
    pub trust_enabled: bool,
    /// Explicit per-user (or robot) permissions, on top of what org teams give.
    pub user_roles: BTreeMap<String, Role>,
}

impl Repo {
    /// `namespace/name`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// The whole registry.
pub struct World {
    pub opts: SeedOptions,
    /// Deterministic generator (seeded from `--seed` at every reset) for seed data and for areas.
    pub rng: StdRng,
    /// When the world was seeded (unix seconds).
    pub seeded_at: i64,
    pub users: Vec<User>,
    pub orgs: Vec<Org>,
    pub repos: Vec<Repo>,
    pub auth: AuthStore,
    pub tags: tags::TagStore,
    pub robots: robots::RobotStore,
    pub applications: applications::AppStore,
    pub prototypes: prototypes::PrototypeStore,
    pub lifecycle: lifecycle::LifecycleStore,
    pub proxy_cache: proxy_cache::ProxyCacheStore,
    pub quotas: quotas::QuotaStore,
    pub mirrors: mirrors::MirrorStore,
    pub org_mirror: org_mirror::OrgMirrorStore,
    pub logs: logs::LogStore,
}

impl World {
    /// An empty world (no users); [`World::seed`] is what the server uses.
    pub fn empty(opts: &SeedOptions) -> Self {
        Self {
            opts: opts.clone(),
            rng: StdRng::seed_from_u64(opts.seed),
            seeded_at: crate::util::now(),
            users: Vec::new(),
            orgs: Vec::new(),
            repos: Vec::new(),
            auth: AuthStore::default(),
            tags: tags::TagStore::default(),
            robots: robots::RobotStore::default(),
            applications: applications::AppStore::default(),
            prototypes: prototypes::PrototypeStore::default(),
            lifecycle: lifecycle::LifecycleStore::default(),
            proxy_cache: proxy_cache::ProxyCacheStore::default(),
            quotas: quotas::QuotaStore::default(),
            mirrors: mirrors::MirrorStore::default(),
            org_mirror: org_mirror::OrgMirrorStore::default(),
            logs: logs::LogStore::default(),
        }
    }

    /// The start state: core data, then every area's `seed`, logs last so they can refer to the rest.
    pub fn seed(opts: &SeedOptions) -> Self {
        let mut world = Self::empty(opts);
        crate::seed::core(&mut world);
        applications::seed(&mut world);
        robots::seed(&mut world);
        prototypes::seed(&mut world);
        lifecycle::seed(&mut world);
        proxy_cache::seed(&mut world);
        tags::seed(&mut world);
        quotas::seed(&mut world);
        mirrors::seed(&mut world);
        logs::seed(&mut world);
        mirrors::after_logs(&mut world);
        // Last, from fixed data: it draws nothing from the world's generator.
        org_mirror::seed(&mut world);
        crate::seed_review::seed(&mut world);
        if opts.hostile {
            crate::hostile::apply(&mut world);
        }
        world
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.username == name)
    }

    pub fn user_mut(&mut self, name: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.username == name)
    }

    pub fn org(&self, name: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.name == name)
    }

    pub fn org_mut(&mut self, name: &str) -> Option<&mut Org> {
        self.orgs.iter_mut().find(|o| o.name == name)
    }

    /// A user or an organization of that name exists.
    pub fn namespace_exists(&self, name: &str) -> bool {
        self.user(name).is_some() || self.org(name).is_some()
    }

    pub fn repo(&self, namespace: &str, name: &str) -> Option<&Repo> {
        self.repos
            .iter()
            .find(|r| r.namespace == namespace && r.name == name)
    }

    pub fn repo_mut(&mut self, namespace: &str, name: &str) -> Option<&mut Repo> {
        self.repos
            .iter_mut()
            .find(|r| r.namespace == namespace && r.name == name)
    }

    /// Organizations the user belongs to through a team, in creation order.
    pub fn orgs_of(&self, username: &str) -> Vec<&Org> {
        self.orgs
            .iter()
            .filter(|o| o.role_of(username).is_some())
            .collect()
    }

    /// Role-only check (ignores token scopes; see [`crate::auth::Session::is_org_admin`]).
    pub fn is_org_admin(&self, username: &str, org: &str) -> bool {
        self.org(org)
            .and_then(|o| o.role_of(username))
            .is_some_and(|r| r == TeamRole::Admin)
    }

    pub fn is_org_member(&self, username: &str, org: &str) -> bool {
        self.org(org).and_then(|o| o.role_of(username)).is_some()
    }

    /// The user may administer the namespace: it is the user's own, or an org the user administers.
    pub fn is_namespace_admin(&self, username: &str, namespace: &str) -> bool {
        username == namespace || self.is_org_admin(username, namespace)
    }

    /// Quay's `CreateRepositoryPermission` (role part).
    pub fn can_create_repo_in(&self, username: &str, namespace: &str) -> bool {
        username == namespace
            || self
                .org(namespace)
                .and_then(|o| o.role_of(username))
                .is_some_and(|r| r >= TeamRole::Creator)
    }

    /// The user's role on a repository from ownership, org teams and explicit grants, ignoring
    /// public visibility (what Quay lists without `public=true`).
    pub fn member_role(&self, username: &str, repo: &Repo) -> Option<Role> {
        let from_ns = if username == repo.namespace {
            Some(Role::Admin)
        } else {
            self.org(&repo.namespace)
                .and_then(|o| o.role_of(username))
                .map(|r| match r {
                    TeamRole::Admin => Role::Admin,
                    TeamRole::Creator | TeamRole::Member => Role::Read,
                })
        };
        from_ns.max(repo.user_roles.get(username).copied())
    }

    /// [`World::member_role`], plus `Read` for everyone (anonymous: `None` user) on public repositories.
    pub fn repo_role(&self, username: Option<&str>, repo: &Repo) -> Option<Role> {
        let public = repo.is_public.then_some(Role::Read);
        public.max(username.and_then(|u| self.member_role(u, repo)))
    }
}
