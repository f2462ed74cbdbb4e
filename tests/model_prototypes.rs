//! Every recorded default-permission (prototype) answer decodes, errors keep Quay's message, and
//! the create form is checked before it is sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use quay_console::model::error::{decode_error, decode_json, ErrorKind};
use quay_console::model::prototypes::{
    validate, DelegateKind, FormProblem, Prototype, PrototypeForm, PrototypeList,
};
use quay_console::model::robots::Role;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn lists_decode() {
    let list: PrototypeList = decode_json(&fixture("org_prototypes_list")).unwrap();
    assert_eq!(list.prototypes.len(), 3);
    let team = &list.prototypes[1];
    assert_eq!(team.delegate.kind(), DelegateKind::Team);
    assert_eq!(team.delegate.avatar.color, "#ff7f0e");
    assert_eq!(team.activating_user.as_ref().unwrap().name, "devtable");
    assert_eq!(team.role(), Some(Role::Read));
    assert_eq!(list.prototypes[0].delegate.kind(), DelegateKind::User);

    let after: PrototypeList = decode_json(&fixture("org_prototypes_list_after_create")).unwrap();
    assert_eq!(after.prototypes.len(), 5);
    assert_eq!(after.prototypes[3].delegate.kind(), DelegateKind::Robot);
    assert!(after.prototypes[3].activating_user.is_none());
    let deleted: PrototypeList = decode_json(&fixture("org_prototypes_list_after_delete")).unwrap();
    assert_eq!(deleted.prototypes.len(), 3);
}

#[test]
fn single_answers_decode() {
    let robot: Prototype = decode_json(&fixture("org_prototype_create_robot")).unwrap();
    assert_eq!(robot.id, "8ef6cce6-29ee-449e-ab78-e5964549abd4");
    assert_eq!(robot.delegate.kind(), DelegateKind::Robot);
    assert_eq!(robot.delegate.name, "buynlarge+coolrobot");
    let activating: Prototype = decode_json(&fixture("org_prototype_create_activating")).unwrap();
    assert_eq!(activating.activating_user.as_ref().unwrap().name, "reader");
    assert_eq!(activating.role(), Some(Role::Write));
    let updated: Prototype = decode_json(&fixture("org_prototype_update")).unwrap();
    assert_eq!(updated.role, "write");
}

#[test]
fn errors_keep_quays_message() {
    let cases = [
        (
            "org_prototype_create_unknown_delegate",
            400,
            "Missing delegate user or team",
        ),
        (
            "org_prototype_create_unknown_activating",
            400,
            "Unknown activating user",
        ),
        ("org_prototype_update_missing", 404, "Not Found"),
        ("org_prototype_delete_missing", 404, "Not Found"),
    ];
    for (name, status, message) in cases {
        let e = decode_error(status, &fixture(name));
        assert_eq!(e.message, message, "{name}");
    }
    let bad = decode_error(400, &fixture("org_prototype_create_bad_role"));
    assert!(
        bad.message.starts_with("'owner' is not one of"),
        "{}",
        bad.message
    );
    assert_eq!(
        decode_error(404, &fixture("org_prototype_update_missing")).kind,
        ErrorKind::NotFound
    );
    // DELETE's 204 has an empty body.
    assert_eq!(fixture("org_prototype_delete").trim(), "");
}

fn form(kind: &str, name: &str, role: &str, activating: &str) -> PrototypeForm {
    PrototypeForm {
        kind: kind.into(),
        name: name.into(),
        role: role.into(),
        activating_user: activating.into(),
    }
}

#[test]
fn the_form_is_checked_before_sending() {
    let body = validate("buynlarge", &form("robot", "coolrobot", "read", "")).unwrap();
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"delegate": {"kind": "user", "name": "buynlarge+coolrobot"}, "role": "read"})
    );
    let body = validate("buynlarge", &form("team", " readers ", "write", " reader ")).unwrap();
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"delegate": {"kind": "team", "name": "readers"}, "role": "write",
                           "activating_user": {"name": "reader"}})
    );
    let full = validate(
        "buynlarge",
        &form("robot", "buynlarge+coolrobot", "admin", ""),
    )
    .unwrap();
    assert_eq!(full.delegate.name, "buynlarge+coolrobot");
    let problems = [
        (form("group", "x", "read", ""), FormProblem::UnknownKind),
        (form("user", "x", "owner", ""), FormProblem::UnknownRole),
        (form("user", "  ", "read", ""), FormProblem::EmptyName),
        (
            form("robot", "other+bot", "read", ""),
            FormProblem::RobotOfAnotherNamespace,
        ),
        (
            form("robot", "Bad Name", "read", ""),
            FormProblem::BadRobotName,
        ),
        (
            form("robot", "buynlarge+", "read", ""),
            FormProblem::BadRobotName,
        ),
        (
            form("user", "devtable", "read", "buynlarge+bot"),
            FormProblem::RobotActivatingUser,
        ),
    ];
    for (f, problem) in problems {
        assert_eq!(validate("buynlarge", &f), Err(problem.clone()), "{f:?}");
        assert!(problem.key().starts_with("proto."));
    }
}
