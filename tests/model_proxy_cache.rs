//! The proxy cache answers as recorded, and the form's rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use quay_console::model::error::decode_error;
use quay_console::model::proxy_cache::{request, FormProblem, ProxyCache, DEFAULT_EXPIRATION_S};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/quay-fixtures/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn recorded_configurations_decode() {
    let none: ProxyCache = serde_json::from_str(&fixture("proxycache_get_none")).unwrap();
    assert!(!none.is_configured());
    assert_eq!((none.expiration_s, none.insecure), (None, false));
    let after: ProxyCache = serde_json::from_str(&fixture("proxycache_get_after_delete")).unwrap();
    assert_eq!(after, none);
    let set: ProxyCache = serde_json::from_str(&fixture("proxycache_get")).unwrap();
    assert_eq!(set.upstream_registry, "127.0.0.1:5999/library");
    assert_eq!((set.expiration_s, set.insecure), (Some(3600), true));
    let hub: ProxyCache = serde_json::from_str(&fixture("proxycache_get_proxyorg")).unwrap();
    assert!(hub.is_configured() && !hub.insecure);
    assert_eq!(hub.expiration_s, Some(86_400));
    // Odd types never fail the page.
    let odd: ProxyCache = serde_json::from_str(
        r#"{"upstream_registry": 5, "expiration_s": "12", "insecure": "yes"}"#,
    )
    .unwrap();
    assert_eq!(
        (
            odd.upstream_registry.as_str(),
            odd.expiration_s,
            odd.insecure
        ),
        ("", Some(12), false)
    );
}

#[test]
fn recorded_refusals_read_as_quay_wrote_them() {
    for (name, text) in [
        (
            "proxycache_create_again",
            "Proxy Cache Configuration already exists",
        ),
        ("proxycache_create_immutable_tags", "immutable tags exist"),
        (
            "proxycache_validate_unreachable",
            "Failed login to remote registry",
        ),
        ("proxycache_validate_ssrf", "is not allowed"),
        (
            "orgmirror_blocks_proxycache",
            "organization-level mirroring",
        ),
    ] {
        let e = decode_error(400, &fixture(name));
        assert_eq!(e.status, 400);
        assert!(e.message.contains(text), "{name}: {}", e.message);
    }
    let missing = decode_error(404, &fixture("proxycache_delete_missing"));
    assert_eq!(missing.status, 404);
    // The success bodies are bare strings.
    assert_eq!(
        serde_json::from_str::<String>(&fixture("proxycache_create")).unwrap(),
        "Created"
    );
    assert_eq!(
        serde_json::from_str::<String>(&fixture("proxycache_delete")).unwrap(),
        "Deleted"
    );
}

#[test]
fn the_form_checks_what_quay_checks() {
    let ok = request(" quay.io/org ", "", false, "", "").unwrap();
    assert_eq!(ok.upstream_registry, "quay.io/org");
    assert_eq!(ok.expiration_s, DEFAULT_EXPIRATION_S);
    let body = serde_json::to_value(&ok).unwrap();
    assert!(
        body.get("upstream_registry_username").is_none(),
        "no empty credentials sent"
    );
    let with = request("docker.io", "3600", true, "bot", "secret").unwrap();
    assert_eq!(with.upstream_registry_password.as_deref(), Some("secret"));
    assert_eq!(
        request("", "", false, "", ""),
        Err(vec![FormProblem::UpstreamMissing])
    );
    assert_eq!(
        request("https://docker.io", "0", false, "bot", ""),
        Err(vec![
            FormProblem::UpstreamScheme,
            FormProblem::Expiration,
            FormProblem::Credentials
        ])
    );
    assert_eq!(
        request("docker.io:99999", "x", false, "", ""),
        Err(vec![FormProblem::UpstreamInvalid, FormProblem::Expiration])
    );
}
