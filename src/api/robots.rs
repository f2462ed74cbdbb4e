//! Robot accounts: `/organization/{org}/robots[...]` (scope `org:admin`) and `/user/robots[...]`
//! (scope `user:admin`), and the repository permissions of a robot.

use super::{scope, seg, ApiError, Client, Method};
use crate::model::error::{Empty, Json};
use crate::model::robots::{
    CreateRobot, Federation, FederationConfig, Owner, Robot, RobotList, RobotPermission,
    RobotPermissions, Role, RoleBody, UserPermissionView,
};

/// The collection path and the scope its calls need.
fn base(owner: &Owner) -> (String, &'static str) {
    if owner.is_user {
        ("/user/robots".to_owned(), scope::USER_ADMIN)
    } else {
        (
            format!("/organization/{}/robots", seg(&owner.namespace)),
            scope::ORG_ADMIN,
        )
    }
}

fn robot_path(owner: &Owner, short: &str) -> (String, &'static str) {
    let (base, scope) = base(owner);
    (format!("{base}/{}", seg(short)), scope)
}

/// `GET .../robots?permissions=true&token=false`: every robot with its teams and repositories.
///
/// # Errors
/// As the client reports them.
pub async fn list(client: &Client, owner: &Owner) -> Result<Vec<Robot>, ApiError> {
    let (base, scope) = base(owner);
    let list: RobotList = client
        .get(&format!("{base}?permissions=true&token=false"), scope)
        .await?;
    Ok(list.robots)
}

/// `GET .../robots/{short}`: the robot with its token and metadata. A missing robot is a 400.
///
/// # Errors
/// As the client reports them.
pub async fn get(client: &Client, owner: &Owner, short: &str) -> Result<Robot, ApiError> {
    let (path, scope) = robot_path(owner, short);
    client.get(&path, scope).await
}

/// `PUT .../robots/{short}` → 201 with the new robot and its token.
///
/// # Errors
/// As the client reports them (400 "Existing robot with name: ..." when it exists).
pub async fn create(
    client: &Client,
    owner: &Owner,
    short: &str,
    body: &CreateRobot,
) -> Result<Robot, ApiError> {
    let (path, scope) = robot_path(owner, short);
    client
        .send::<Json<Robot>>(Method::Put, &path, scope, Some(body))
        .await
        .map(|j| j.0)
}

/// `POST .../robots/{short}/regenerate` → the robot with its new token.
///
/// # Errors
/// As the client reports them.
pub async fn regenerate(client: &Client, owner: &Owner, short: &str) -> Result<Robot, ApiError> {
    let (path, scope) = robot_path(owner, short);
    client
        .send::<Json<Robot>>(
            Method::Post,
            &format!("{path}/regenerate"),
            scope,
            None::<&()>,
        )
        .await
        .map(|j| j.0)
}

/// `DELETE .../robots/{short}` → 204.
///
/// # Errors
/// As the client reports them (400 "Robot is being used by a mirror").
pub async fn delete(client: &Client, owner: &Owner, short: &str) -> Result<(), ApiError> {
    let (path, scope) = robot_path(owner, short);
    client
        .send::<Empty>(Method::Delete, &path, scope, None::<&()>)
        .await
        .map(|_| ())
}

/// `GET .../robots/{short}/permissions`: the robot's direct repository permissions. Quay asks for
/// `user:admin` here even for organization robots.
///
/// # Errors
/// As the client reports them.
pub async fn permissions(
    client: &Client,
    owner: &Owner,
    short: &str,
) -> Result<Vec<RobotPermission>, ApiError> {
    let (path, _) = robot_path(owner, short);
    let list: RobotPermissions = client
        .get(&format!("{path}/permissions"), scope::USER_ADMIN)
        .await?;
    Ok(list.permissions)
}

/// `GET .../robots/{short}/federation`: the trusted issuer/subject pairs.
///
/// # Errors
/// As the client reports them.
pub async fn federation(
    client: &Client,
    owner: &Owner,
    short: &str,
) -> Result<Vec<Federation>, ApiError> {
    let (path, scope) = robot_path(owner, short);
    let config: FederationConfig = client.get(&format!("{path}/federation"), scope).await?;
    Ok(config.into_list())
}

/// `POST .../robots/{short}/federation` with the whole list; answers with the saved list.
///
/// # Errors
/// As the client reports them.
pub async fn set_federation(
    client: &Client,
    owner: &Owner,
    short: &str,
    entries: &[Federation],
) -> Result<Vec<Federation>, ApiError> {
    let (path, scope) = robot_path(owner, short);
    client
        .send::<Json<FederationConfig>>(
            Method::Post,
            &format!("{path}/federation"),
            scope,
            Some(&entries),
        )
        .await
        .map(|j| j.0.into_list())
}

/// `DELETE .../robots/{short}/federation` → 204: no trusted identity left.
///
/// # Errors
/// As the client reports them.
pub async fn delete_federation(
    client: &Client,
    owner: &Owner,
    short: &str,
) -> Result<(), ApiError> {
    let (path, scope) = robot_path(owner, short);
    client
        .send::<Empty>(
            Method::Delete,
            &format!("{path}/federation"),
            scope,
            None::<&()>,
        )
        .await
        .map(|_| ())
}

fn permission_path(namespace: &str, repo: &str, username: &str) -> String {
    format!(
        "/repository/{}/{}/permissions/user/{}",
        seg(namespace),
        seg(repo),
        seg(username)
    )
}

/// `PUT /repository/{ns}/{repo}/permissions/user/{ns+short}` with `{"role"}`.
///
/// # Errors
/// As the client reports them.
pub async fn set_repo_permission(
    client: &Client,
    namespace: &str,
    repo: &str,
    username: &str,
    role: Role,
) -> Result<UserPermissionView, ApiError> {
    client
        .send::<Json<UserPermissionView>>(
            Method::Put,
            &permission_path(namespace, repo, username),
            scope::REPO_ADMIN,
            Some(&RoleBody {
                role: role.as_str(),
            }),
        )
        .await
        .map(|j| j.0)
}

/// `DELETE /repository/{ns}/{repo}/permissions/user/{ns+short}` → 204.
///
/// # Errors
/// As the client reports them.
pub async fn delete_repo_permission(
    client: &Client,
    namespace: &str,
    repo: &str,
    username: &str,
) -> Result<(), ApiError> {
    client
        .send::<Empty>(
            Method::Delete,
            &permission_path(namespace, repo, username),
            scope::REPO_ADMIN,
            None::<&()>,
        )
        .await
        .map(|_| ())
}
