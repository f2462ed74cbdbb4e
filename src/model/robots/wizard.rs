//! The robot creation wizard's pure logic: its steps (which apply to which namespace, and how the
//! URL names them), the repositories picked with a role each, and the run: what is sent, in which
//! order, and where it stopped.
//!
//! Nothing is sent before the review step's confirmation. Then the robot is created first, then one
//! repository permission after another, then the default permission; the first failure stops the
//! run, so the person sees exactly what was done (✓), what failed (✗ with Quay's message) and what
//! was not attempted. A retry sends the failed and the not-attempted parts only, never a part that
//! is done.

use serde::{Deserialize, Serialize};

use super::Role;

/// A step of the wizard, numbered as in the URL (`?create=1&step=N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Name,
    Permissions,
    /// The default permission (a prototype): organizations only.
    Default,
    Review,
}

impl Step {
    const ORG: [Step; 4] = [Step::Name, Step::Permissions, Step::Default, Step::Review];
    const USER: [Step; 3] = [Step::Name, Step::Permissions, Step::Review];

    /// The steps that apply: Quay's default permissions exist for organizations only.
    #[must_use]
    pub fn all(is_user: bool) -> &'static [Step] {
        if is_user {
            &Self::USER
        } else {
            &Self::ORG
        }
    }

    /// The URL's number; [`Step::parse`] reads it back.
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Self::Name => 1,
            Self::Permissions => 2,
            Self::Default => 3,
            Self::Review => 4,
        }
    }

    /// The step a URL names: anything unknown is the first; the default permission of a user
    /// namespace (which has none) is the review.
    #[must_use]
    pub fn parse(text: &str, is_user: bool) -> Self {
        let step = Self::ORG
            .into_iter()
            .find(|s| s.number().to_string() == text.trim())
            .unwrap_or(Self::Name);
        if is_user && step == Self::Default {
            Self::Review
        } else {
            step
        }
    }

    /// 1-based position among the steps that apply (for "Step 2 of 3").
    #[must_use]
    pub fn position(self, is_user: bool) -> usize {
        Self::all(is_user)
            .iter()
            .position(|s| *s == self)
            .map_or(1, |i| i + 1)
    }

    #[must_use]
    pub fn next(self, is_user: bool) -> Option<Self> {
        let all = Self::all(is_user);
        let at = all.iter().position(|s| *s == self)?;
        all.get(at + 1).copied()
    }

    #[must_use]
    pub fn prev(self, is_user: bool) -> Option<Self> {
        let all = Self::all(is_user);
        let at = all.iter().position(|s| *s == self)?;
        at.checked_sub(1).and_then(|i| all.get(i).copied())
    }

    /// Steps that may be skipped (left empty); the name may not.
    #[must_use]
    pub fn optional(self) -> bool {
        matches!(self, Self::Permissions | Self::Default)
    }
}

/// A repository of the namespace picked with a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub repo: String,
    pub role: Role,
}

/// Sets (or with `None` removes) the role picked for `repo`, keeping the order of picking.
pub fn pick(grants: &mut Vec<Grant>, repo: &str, role: Option<Role>) {
    match (grants.iter_mut().find(|g| g.repo == repo), role) {
        (Some(grant), Some(role)) => grant.role = role,
        (None, Some(role)) => grants.push(Grant {
            repo: repo.to_owned(),
            role,
        }),
        (_, None) => grants.retain(|g| g.repo != repo),
    }
}

/// The role picked for `repo`, if any.
#[must_use]
pub fn picked(grants: &[Grant], repo: &str) -> Option<Role> {
    grants.iter().find(|g| g.repo == repo).map(|g| g.role)
}

/// One thing the wizard sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    /// `PUT .../robots/{short}`.
    Robot,
    /// `PUT /repository/{ns}/{repo}/permissions/user/{ns+short}`.
    Permission(Grant),
    /// `POST /organization/{org}/prototypes` with the robot as delegate.
    Default(Role),
}

/// Where a part stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    NotAttempted,
    Sending,
    Done,
    /// Quay's message (or the console's description of what went wrong).
    Failed(String),
}

/// A run of the wizard: every part in the order it is sent, with its state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub parts: Vec<(Part, State)>,
}

impl Run {
    /// The robot, then each picked repository (as picked), then the default permission if any.
    #[must_use]
    pub fn plan(grants: &[Grant], default_role: Option<Role>) -> Self {
        let mut parts = vec![(Part::Robot, State::NotAttempted)];
        parts.extend(
            grants
                .iter()
                .map(|g| (Part::Permission(g.clone()), State::NotAttempted)),
        );
        if let Some(role) = default_role {
            parts.push((Part::Default(role), State::NotAttempted));
        }
        Self { parts }
    }

    /// The next part to send: the first one not done. `None` when everything is done.
    #[must_use]
    pub fn next_to_send(&self) -> Option<usize> {
        self.parts.iter().position(|(_, s)| *s != State::Done)
    }

    pub fn set(&mut self, index: usize, state: State) {
        if let Some((_, s)) = self.parts.get_mut(index) {
            *s = state;
        }
    }

    /// The part at `index`, if there is one.
    #[must_use]
    pub fn part(&self, index: usize) -> Option<&Part> {
        self.parts.get(index).map(|(p, _)| p)
    }

    #[must_use]
    pub fn robot_created(&self) -> bool {
        self.parts
            .iter()
            .any(|(p, s)| *p == Part::Robot && *s == State::Done)
    }

    #[must_use]
    pub fn complete(&self) -> bool {
        self.parts.iter().all(|(_, s)| *s == State::Done)
    }

    #[must_use]
    pub fn failed(&self) -> bool {
        self.parts
            .iter()
            .any(|(_, s)| matches!(s, State::Failed(_)))
    }

    /// Parts done, failed and not attempted (a part being sent counts as not attempted).
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize) {
        self.parts
            .iter()
            .fold((0, 0, 0), |(done, failed, rest), (_, s)| match s {
                State::Done => (done + 1, failed, rest),
                State::Failed(_) => (done, failed + 1, rest),
                State::NotAttempted | State::Sending => (done, failed, rest + 1),
            })
    }

    /// After an interruption (a reload, a 401 mid-run), a part that was being sent is not known
    /// to be done: it is shown as not attempted and sent again by a retry.
    pub fn interrupted(&mut self) {
        for (_, s) in &mut self.parts {
            if *s == State::Sending {
                *s = State::NotAttempted;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_skip_the_default_permission_for_a_user() {
        assert_eq!(Step::Name.next(false), Some(Step::Permissions));
        assert_eq!(Step::Permissions.next(false), Some(Step::Default));
        assert_eq!(Step::Permissions.next(true), Some(Step::Review));
        assert_eq!(Step::Review.prev(true), Some(Step::Permissions));
        assert_eq!(Step::Review.next(false), None);
        assert_eq!(Step::Name.prev(false), None);
        assert_eq!(Step::parse("3", true), Step::Review);
        assert_eq!(Step::parse("3", false), Step::Default);
        assert_eq!(Step::parse("x", false), Step::Name);
        assert_eq!(Step::Review.position(true), 3);
        assert_eq!(Step::Review.position(false), 4);
    }
}
