//! Every application and app-token recording decodes; the forms, the redirect check and the dates
//! follow Quay's rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use quay_console::model::applications::{
    expiry, format_utc, parse_date, redirect_allowed, redirect_fit, AppTokenEnvelope, AppTokenList,
    Application, ApplicationForm, ApplicationList, ApplicationTokenList, Expiry, RedirectFit,
};
use quay_console::model::error::{decode_error, decode_json, Empty, ErrorKind, FromBody};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/quay-fixtures/responses/",
            $name
        ))
    };
}

#[test]
fn applications_decode() {
    let list: ApplicationList = decode_json(fixture!("org_apps_list.json")).unwrap();
    assert_eq!(list.applications.len(), 3);
    assert_eq!(list.applications[0].client_id, "deadbeef");
    assert_eq!(list.applications[0].avatar_email, None);
    for body in [
        fixture!("org_app_create.json"),
        fixture!("org_app_get.json"),
        fixture!("org_app_update.json"),
        fixture!("org_app_reset_secret.json"),
        fixture!("oauth_demo_app_create.json"),
    ] {
        let app: Application = decode_json(body).unwrap();
        assert_eq!(app.client_secret.len(), 40);
        assert!(!app.name.is_empty());
    }
    let created: Application = decode_json(fixture!("org_app_create.json")).unwrap();
    assert_eq!(created.avatar_email.as_deref(), Some("console@example.com"));
    let reset: Application = decode_json(fixture!("org_app_reset_secret.json")).unwrap();
    assert_ne!(reset.client_secret, created.client_secret);
    let tokens: ApplicationTokenList = decode_json(fixture!("org_app_tokens_list.json")).unwrap();
    assert!(tokens.tokens.is_empty() && tokens.next_page.is_none());
    // Nulls where strings are expected do not break the list.
    let odd: ApplicationList = decode_json(
        r#"{"applications":[{"name":null,"description":null,"client_id":"X","redirect_uri":null}]}"#,
    )
    .unwrap();
    assert_eq!(odd.applications[0].description, "");
}

#[test]
fn app_tokens_decode() {
    let list: AppTokenList = decode_json(fixture!("apptoken_list.json")).unwrap();
    assert_eq!(list.tokens.len(), 1);
    assert_eq!(list.tokens[0].title, "some app");
    assert_eq!(list.tokens[0].token_code, None);
    assert_eq!(list.only_expiring, None);
    let expiring: AppTokenList = decode_json(fixture!("apptoken_list_expiring.json")).unwrap();
    assert_eq!(expiring.only_expiring, Some(true));
    let su: AppTokenList = decode_json(fixture!("superuser_apptokens.json")).unwrap();
    assert_eq!(su.tokens.len(), 1);
    for body in [
        fixture!("apptoken_create.json"),
        fixture!("apptoken_get.json"),
        fixture!("xhr_browser_post_no-xhr.json"),
    ] {
        let created: AppTokenEnvelope = decode_json(body).unwrap();
        assert_eq!(created.token.token_code.as_deref().map(str::len), Some(120));
        assert!(parse_date(created.token.created.as_deref().unwrap()).is_some());
        // Debug never prints the code.
        let code = created.token.token_code.clone().unwrap();
        assert!(!format!("{:?}", created.token).contains(&code));
    }
}

#[test]
fn errors_and_empty_bodies_decode() {
    for (body, status) in [
        (fixture!("org_app_create_noname.json"), 400),
        (fixture!("org_app_update_missing_fields.json"), 400),
        (
            fixture!("apptoken_create_friendlyname_per_discovery.json"),
            400,
        ),
        (fixture!("org_app_get_deleted.json"), 404),
        (fixture!("apptoken_get_deleted.json"), 404),
    ] {
        let e = decode_error(status, body);
        assert!(!e.message.is_empty());
        assert_eq!(e.status, status);
    }
    let e = decode_error(400, fixture!("org_app_update_missing_fields.json"));
    assert_eq!(e.kind, ErrorKind::Refused);
    assert!(e
        .message
        .starts_with("'redirect_uri' is a required property"));
    assert_eq!(Empty::from_body(fixture!("org_app_delete.json")), Ok(Empty));
    assert_eq!(
        Empty::from_body(fixture!("apptoken_delete.json")),
        Ok(Empty)
    );
}

#[test]
fn editing_sends_every_field_quay_requires() {
    let app: Application = decode_json(fixture!("org_app_get.json")).unwrap();
    let body = serde_json::to_value(ApplicationForm::from_app(&app).body()).unwrap();
    for field in ["name", "redirect_uri", "application_uri", "description"] {
        assert!(body.get(field).is_some(), "{field} missing");
    }
    assert_eq!(body["avatar_email"], "console@example.com");
}

#[test]
fn the_recorded_apps_against_a_console() {
    let list: ApplicationList = decode_json(fixture!("org_apps_list.json")).unwrap();
    let fits: Vec<bool> = list
        .applications
        .iter()
        .map(|a| redirect_fit(&a.redirect_uri, "http://127.0.0.1:8081/").fits())
        .collect();
    // Only the recorded console's own application reaches a console at 127.0.0.1:8081.
    assert_eq!(fits, [false, false, true]);
    assert!(matches!(
        redirect_fit(
            &list.applications[0].redirect_uri,
            "http://localhost:8000/console/"
        ),
        RedirectFit::OtherPath { .. }
    ));
}

#[test]
fn expiry_uses_quays_dates() {
    let list: AppTokenList = decode_json(fixture!("apptoken_list.json")).unwrap();
    assert_eq!(
        expiry(list.tokens[0].expiration.as_deref(), 0),
        Expiry::Never
    );
}

proptest! {
    #[test]
    fn dates_round_trip(ts in 0i64..4_102_444_800) {
        let minute = ts - ts % 60;
        let shown = format_utc(minute);
        let iso = format!("{}T{}:00Z", &shown[..10], &shown[11..16]);
        prop_assert_eq!(parse_date(&iso), Some(minute));
    }

    #[test]
    fn whatever_fits_quay_accepts(
        reg_path in "(/[a-z]{0,6}){0,3}/?",
        root_path in "(/[a-z]{0,6}){0,3}/",
        same_host in any::<bool>(),
    ) {
        let root = format!("http://console.example:8080{root_path}");
        let host = if same_host { "console.example:8080" } else { "other.example" };
        let registered = format!("http://{host}{reg_path}");
        if let RedirectFit::Fits { redirect_uri } = redirect_fit(&registered, &root) {
            prop_assert!(redirect_allowed(&registered, &redirect_uri));
            prop_assert!(redirect_uri.starts_with("http://console.example:8080"));
        }
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,40}") {
        let _ = parse_date(&text);
        let _ = redirect_fit(&text, "http://a/");
        let _ = ApplicationForm { name: text.clone(), redirect_uri: text.clone(), ..ApplicationForm::default() }.validate();
    }
}

#[test]
fn conflicts_show_only_fields_changed_meanwhile_or_by_both() {
    let app: Application = decode_json(fixture!("org_app_get.json")).unwrap();
    let base = ApplicationForm::from_app(&app);
    // Nobody else changed anything: no conflict, whatever I typed.
    let mut mine = base.clone();
    mine.description = "mine".into();
    assert!(ApplicationForm::conflicts(&base, &base, &mine).is_empty());
    // They changed the description, I changed it too: both shown.
    let mut theirs = base.clone();
    theirs.description = "theirs".into();
    let c = ApplicationForm::conflicts(&base, &theirs, &mine);
    assert_eq!(
        c,
        vec![(
            "applications.field_description",
            "theirs".to_owned(),
            "mine".to_owned()
        )]
    );
    // The same change on both sides is no conflict.
    assert!(ApplicationForm::conflicts(&base, &theirs, &theirs).is_empty());
}
