//! Default permissions of an organization (Quay's permission prototypes,
//! `/organization/{org}/prototypes`): when a repository is created in the organization (by the
//! activating user, or by anyone), its delegate (a user, a robot or a team) gets the role.
//!
//! Quay's answers: the list `{"prototypes": [...]}`; POST → **200** with the prototype; PUT
//! `{role}` → 200 with it; DELETE → 204. There is no GET for one prototype.

use serde::{Deserialize, Serialize};

use crate::model::robots::{validate_short_name, Role};
use crate::model::user::Avatar;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PrototypeList {
    #[serde(default)]
    pub prototypes: Vec<Prototype>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Prototype {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub delegate: Delegate,
    /// `None`: applies to repositories created by anyone.
    #[serde(default)]
    pub activating_user: Option<Delegate>,
}

/// A user (`kind: "user"`, robots included with `is_robot`) or a team (`kind: "team"`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Delegate {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub is_robot: bool,
    #[serde(default)]
    pub is_org_member: bool,
    #[serde(default)]
    pub avatar: Avatar,
}

/// Who a delegate is, as the console shows and creates them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelegateKind {
    User,
    Robot,
    Team,
}

impl DelegateKind {
    pub const ALL: [Self; 3] = [Self::User, Self::Robot, Self::Team];

    /// The form value (and the message key suffix).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Robot => "robot",
            Self::Team => "team",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Quay's `kind`: robots are users.
    #[must_use]
    pub fn quay_kind(self) -> &'static str {
        match self {
            Self::User | Self::Robot => "user",
            Self::Team => "team",
        }
    }
}

impl Delegate {
    #[must_use]
    pub fn kind(&self) -> DelegateKind {
        if self.kind == "team" {
            DelegateKind::Team
        } else if self.is_robot || self.avatar.kind == "robot" || self.name.contains('+') {
            DelegateKind::Robot
        } else {
            DelegateKind::User
        }
    }
}

impl Prototype {
    #[must_use]
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }
}

/// Body of the POST.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreatePrototype {
    pub delegate: DelegateRef,
    pub role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activating_user: Option<NameRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DelegateRef {
    pub kind: &'static str,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameRef {
    pub name: String,
}

/// Body of the PUT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleChange {
    pub role: &'static str,
}

/// What the create form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrototypeForm {
    pub kind: String,
    pub name: String,
    pub role: String,
    /// Empty: repositories created by anyone.
    pub activating_user: String,
}

/// Why a form is not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormProblem {
    UnknownKind,
    UnknownRole,
    EmptyName,
    /// A robot must be `org+short` of this organization (or just `short`).
    RobotOfAnotherNamespace,
    /// The robot's short name breaks Quay's naming rule.
    BadRobotName,
    /// The activating user cannot be a robot.
    RobotActivatingUser,
}

impl FormProblem {
    /// The message key (in the `access` area's messages).
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::UnknownKind => "proto.problem_kind",
            Self::UnknownRole => "proto.problem_role",
            Self::EmptyName => "proto.problem_name",
            Self::RobotOfAnotherNamespace => "proto.problem_robot_ns",
            Self::BadRobotName => "proto.problem_robot_name",
            Self::RobotActivatingUser => "proto.problem_activating_robot",
        }
    }
}

/// Checks the form before it is sent to organization `org`; the POST body when it is fine. A
/// robot may be typed as `short` or `org+short`; names are trimmed.
///
/// # Errors
/// The first problem found.
pub fn validate(org: &str, form: &PrototypeForm) -> Result<CreatePrototype, FormProblem> {
    let kind = DelegateKind::parse(form.kind.trim()).ok_or(FormProblem::UnknownKind)?;
    let role = Role::parse(form.role.trim()).ok_or(FormProblem::UnknownRole)?;
    let name = form.name.trim();
    if name.is_empty() {
        return Err(FormProblem::EmptyName);
    }
    let name = match kind {
        DelegateKind::Robot => {
            let short = match name.split_once('+') {
                Some((ns, short)) if ns == org => short,
                Some(_) => return Err(FormProblem::RobotOfAnotherNamespace),
                None => name,
            };
            validate_short_name(short).map_err(|_| FormProblem::BadRobotName)?;
            format!("{org}+{short}")
        }
        DelegateKind::User | DelegateKind::Team => name.to_owned(),
    };
    let activating = form.activating_user.trim();
    if activating.contains('+') {
        return Err(FormProblem::RobotActivatingUser);
    }
    Ok(CreatePrototype {
        delegate: DelegateRef {
            kind: kind.quay_kind(),
            name,
        },
        role: role.as_str(),
        activating_user: (!activating.is_empty()).then(|| NameRef {
            name: activating.to_owned(),
        }),
    })
}
