//! The accessibility and privacy statements: Plein's defaults in Dutch and
//! English, and a municipality's own text in their place, made safe.

use std::sync::Arc;

use plein_api::statements::{StatementPlaces, StatementText, Statements};
use plein_tests::TestApp;
use plein_tests::serde_json::json;

const STATEMENT: &str = "query($kind: StatementKind!, $locale: Locale) {
  statement(kind: $kind, locale: $locale) { kind locale html custom } }";

#[tokio::test]
async fn the_defaults_answer_in_both_languages() {
    let app = TestApp::spawn().await;
    let nl = app.gql(STATEMENT, json!({ "kind": "ACCESSIBILITY" })).await;
    let statement = &nl.data()["statement"];
    assert_eq!(statement["locale"], "NL");
    assert_eq!(statement["custom"], false);
    let html = statement["html"].as_str().expect("html");
    for part in [
        "Status: C",
        "bekende uitzonderingen",
        "Contact",
        "8 december 2026",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    let en = app
        .gql(STATEMENT, json!({ "kind": "PRIVACY", "locale": "EN" }))
        .await;
    let html = en.data()["statement"]["html"].as_str().expect("html");
    assert!(html.contains("download all your data"), "{html}");
    assert!(html.contains("delete your account"), "{html}");
    assert!(html.contains("href=\"/profiel\""), "{html}");
}

#[tokio::test]
async fn a_municipality_s_own_text_replaces_the_default() {
    let statements = Statements::new(
        &StatementPlaces {
            name: "Gemeente Amstelveld",
            public_url: "https://plein.amstelveld.nl",
            contact_email: Some("privacy@amstelveld.nl"),
        },
        None,
        Some(StatementText {
            nl: "## Privacy bij {name}\n\n{contact}\n\n<script>alert(1)</script>".into(),
            en: "## Privacy at {name}".into(),
        }),
    );
    let app = TestApp::builder()
        .api(|api| api.statements = Arc::new(statements))
        .spawn()
        .await;
    let own = app.gql(STATEMENT, json!({ "kind": "PRIVACY" })).await;
    let statement = &own.data()["statement"];
    assert_eq!(statement["custom"], true);
    let html = statement["html"].as_str().expect("html");
    assert!(html.contains("Privacy bij Gemeente Amstelveld"), "{html}");
    assert!(html.contains("mailto:privacy@amstelveld.nl"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let default = app
        .gql(
            STATEMENT,
            json!({ "kind": "ACCESSIBILITY", "locale": "EN" }),
        )
        .await;
    let html = default.data()["statement"]["html"].as_str().expect("html");
    assert!(
        html.contains("Gemeente Amstelveld wants everyone"),
        "{html}"
    );
    assert!(html.contains("mailto:privacy@amstelveld.nl"), "{html}");
}
