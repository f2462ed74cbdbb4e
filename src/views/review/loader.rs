//! The review's background reading: a queue of bearer calls with at most two in flight (Quay
//! checks a token on one worker at a time, and runs two or more), progress as "n of m calls",
//! and cancel (every call in flight is aborted; what was read stays on the page).
//!
//! First the calls of the first findings (robots with their repositories, then the organization's
//! applications or the user's app tokens and authorized applications), then the repository list
//! (100 a page), then one permission map per repository, those held by robots first
//! (`model::review::sweep_order`).

use std::collections::VecDeque;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::{self, Client};
use crate::components::error_view::describe;
use crate::model::applications::{AppToken, Application};
use crate::model::authorizations::Authorization;
use crate::model::review::{self, Access};
use crate::model::robots::{Owner as RobotOwner, Robot};

/// At most this many calls in flight: Quay's workers (two at least).
const PARALLEL: usize = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Job {
    Robots,
    Applications,
    AppTokens,
    Grants,
    RepoPage(Option<String>),
    Permissions(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    Cancelled,
    Done,
}

/// A list read once: not yet, or read, or its error (described).
pub type Part<T> = RwSignal<Option<Result<Vec<T>, String>>>;

#[derive(Clone, Copy)]
pub struct Review {
    client: StoredValue<Client>,
    namespace: StoredValue<(String, bool)>,
    pub robots: Part<Robot>,
    pub apps: Part<Application>,
    pub tokens: Part<AppToken>,
    pub grants: Part<Authorization>,
    pub access: RwSignal<Vec<Access>>,
    /// Repositories whose permissions could not be read (with why).
    pub unread: RwSignal<Vec<(String, String)>>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub state: RwSignal<RunState>,
    queue: StoredValue<VecDeque<Job>>,
    repos: StoredValue<Vec<String>>,
    listed: StoredValue<bool>,
    in_flight: StoredValue<usize>,
    run: StoredValue<Option<Owner>>,
    parent: StoredValue<Option<Owner>>,
}

impl Review {
    pub fn new(client: Client) -> Self {
        Self {
            client: StoredValue::new(client),
            namespace: StoredValue::new((String::new(), false)),
            robots: RwSignal::new(None),
            apps: RwSignal::new(None),
            tokens: RwSignal::new(None),
            grants: RwSignal::new(None),
            access: RwSignal::new(Vec::new()),
            unread: RwSignal::new(Vec::new()),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            state: RwSignal::new(RunState::Running),
            queue: StoredValue::new(VecDeque::new()),
            repos: StoredValue::new(Vec::new()),
            listed: StoredValue::new(false),
            in_flight: StoredValue::new(0),
            run: StoredValue::new(None),
            parent: StoredValue::new(Owner::current()),
        }
    }

    pub fn namespace(&self) -> (String, bool) {
        self.namespace.try_get_value().unwrap_or_default()
    }

    /// Starts a review of `namespace` from scratch (a running one is cancelled first).
    pub fn start(&self, namespace: &str, is_user: bool) {
        self.stop();
        self.namespace.set_value((namespace.to_owned(), is_user));
        self.robots.set(None);
        self.apps.set(None);
        self.tokens.set(None);
        self.grants.set(None);
        self.access.set(Vec::new());
        self.unread.set(Vec::new());
        self.done.set(0);
        self.repos.set_value(Vec::new());
        self.listed.set_value(false);
        self.in_flight.set_value(0);
        let mut queue = VecDeque::from([Job::Robots]);
        if is_user {
            queue.extend([Job::AppTokens, Job::Grants]);
        } else {
            queue.push_back(Job::Applications);
        }
        queue.push_back(Job::RepoPage(None));
        self.total
            .set(review::first_calls(is_user) + review::repo_list_calls(0));
        self.queue.set_value(queue);
        self.run
            .set_value(self.parent.get_value().map(|p| p.child()));
        self.state.set(RunState::Running);
        self.pump();
    }

    /// Cancels every call in flight and every call not yet sent.
    pub fn cancel(&self) {
        if self.state.try_get_untracked() == Some(RunState::Running) {
            self.stop();
            self.state.try_set(RunState::Cancelled);
        }
    }

    fn stop(&self) {
        if let Some(run) = self.run.try_get_value().flatten() {
            run.cleanup();
        }
        self.run.try_set_value(None);
        self.queue.try_update_value(VecDeque::clear);
        self.in_flight.try_set_value(0);
    }

    fn pump(&self) {
        let Some(run) = self.run.try_get_value().flatten() else {
            return;
        };
        while self.in_flight.try_get_value().unwrap_or(PARALLEL) < PARALLEL {
            let Some(job) = self.queue.try_update_value(VecDeque::pop_front).flatten() else {
                break;
            };
            self.in_flight.try_update_value(|n| *n += 1);
            let this = *self;
            run.with(|| spawn_local_scoped_with_cancellation(this.call(job)));
        }
        if self.in_flight.try_get_value() == Some(0)
            && self.state.try_get_untracked() == Some(RunState::Running)
        {
            self.state.try_set(RunState::Done);
        }
    }

    async fn call(self, job: Job) {
        let (Some(client), Some((ns, is_user))) =
            (self.client.try_get_value(), self.namespace.try_get_value())
        else {
            return;
        };
        let owner = RobotOwner {
            namespace: ns.clone(),
            is_user,
        };
        let err = |e: &crate::api::ApiError| describe(e);
        match job {
            Job::Robots => {
                let r = api::robots::list(&client, &owner).await;
                self.robots.try_set(Some(r.map_err(|e| err(&e))));
                self.sweep();
            }
            Job::Applications => {
                let r = api::applications::list(&client, &ns).await;
                self.apps
                    .try_set(Some(r.map(|l| l.applications).map_err(|e| err(&e))));
            }
            Job::AppTokens => {
                let r = api::applications::list_app_tokens(&client, false).await;
                self.tokens
                    .try_set(Some(r.map(|l| l.tokens).map_err(|e| err(&e))));
            }
            Job::Grants => {
                let r = api::authorizations::list(&client).await;
                self.grants
                    .try_set(Some(r.map(|l| l.authorizations).map_err(|e| err(&e))));
            }
            Job::RepoPage(next) => {
                match api::repositories::list(&client, &ns, next.as_deref()).await {
                    Ok(page) => {
                        let names: Vec<String> =
                            page.repositories.into_iter().map(|r| r.name).collect();
                        self.total.try_update(|t| *t += names.len());
                        self.repos.try_update_value(|r| r.extend(names));
                        match page.next_page.filter(|n| !n.is_empty()) {
                            Some(next) => {
                                self.total.try_update(|t| *t += 1);
                                self.queue.try_update_value(|q| {
                                    q.push_front(Job::RepoPage(Some(next)));
                                });
                            }
                            None => {
                                self.listed.try_set_value(true);
                                self.sweep();
                            }
                        }
                    }
                    Err(e) => {
                        self.unread.try_update(|u| u.push((String::new(), err(&e))));
                    }
                }
            }
            Job::Permissions(repo) => {
                match api::repositories::user_permissions(&client, &ns, &repo).await {
                    Ok(map) => {
                        let rows = review::access_rows(&repo, &map);
                        self.access.try_update(|a| a.extend(rows));
                    }
                    Err(e) => {
                        self.unread.try_update(|u| u.push((repo, err(&e))));
                    }
                }
            }
        }
        self.done.try_update(|d| *d += 1);
        self.in_flight
            .try_update_value(|n| *n = n.saturating_sub(1));
        self.pump();
    }

    /// Once both the robots and the whole repository list are in, queues one permission map per
    /// repository, the robots' repositories first.
    fn sweep(&self) {
        if !self.listed.try_get_value().unwrap_or(false)
            || self
                .robots
                .try_with_untracked(Option::is_none)
                .unwrap_or(true)
        {
            return;
        }
        let repos = self
            .repos
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if repos.is_empty() {
            return;
        }
        let robots = self
            .robots
            .try_with_untracked(|r| match r {
                Some(Ok(list)) => list.clone(),
                _ => Vec::new(),
            })
            .unwrap_or_default();
        let order = review::sweep_order(repos, &robots);
        self.queue
            .try_update_value(|q| q.extend(order.into_iter().map(Job::Permissions)));
    }

    /// After a remedy: the robot is gone.
    pub fn forget_robot(&self, name: &str) {
        self.robots.update(|r| {
            if let Some(Ok(list)) = r {
                list.retain(|x| x.name != name);
            }
        });
        self.access.update(|a| a.retain(|x| x.subject != name));
    }

    /// After a remedy: `subject`'s role on `repo` is now `role` (`None`: removed).
    pub fn set_role(&self, subject: &str, repo: &str, role: Option<&str>) {
        self.access.update(|a| match role {
            Some(role) => {
                for x in a.iter_mut() {
                    if x.subject == subject && x.repository == repo {
                        role.clone_into(&mut x.role);
                    }
                }
            }
            None => a.retain(|x| !(x.subject == subject && x.repository == repo)),
        });
    }
}
