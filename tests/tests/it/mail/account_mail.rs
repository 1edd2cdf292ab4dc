//! Account mail end to end: the change commits its outbox job, the worker
//! sends through a real SMTP server, and the links in what arrives work when
//! followed against the running app.

use std::sync::Arc;

use mailparse::{MailHeaderMap, ParsedMail};
use plein_app::jobs::{Worker, WorkerSettings};
use plein_mail::{AccountMailHandler, SmtpMailer, Templates};
use plein_tests::serde_json::json;
use plein_tests::smtp::{SmtpServer, free_port, hrefs};
use plein_tests::{PASSWORD, TestApp};

fn worker(t: &TestApp, smtp_url: &str) -> Worker {
    let mailer = Arc::new(SmtpMailer::new(smtp_url, "Plein <noreply@plein.test>").expect("mailer"));
    let templates = Templates::new(&t.base, "Gemeente Amstelveld").expect("templates");
    Worker::new(
        t.app.clone(),
        vec![Arc::new(AccountMailHandler {
            app: t.app.clone(),
            mailer,
            templates,
        })],
        WorkerSettings::default(),
    )
}

/// The mails received so far, parsed, newest last.
fn received(server: &SmtpServer) -> Vec<Vec<u8>> {
    let mut mails = server.received();
    mails.sort_by_key(|raw| {
        mailparse::parse_mail(raw)
            .ok()
            .and_then(|m| m.headers.get_first_value("Date"))
            .and_then(|d| mailparse::dateparse(&d).ok())
            .unwrap_or_default()
    });
    mails
}

fn part(mail: &ParsedMail<'_>, mime: &str) -> String {
    mail.subparts
        .iter()
        .find(|p| p.ctype.mimetype == mime)
        .map(|p| p.get_body().expect("body"))
        .unwrap_or_else(|| panic!("no {mime} part"))
}

/// The one link in a mail's HTML part that goes to `path`.
fn link(raw: &[u8], path: &str) -> String {
    let mail = mailparse::parse_mail(raw).expect("parse");
    let html = part(&mail, "text/html");
    let text = part(&mail, "text/plain");
    let link = hrefs(&html)
        .into_iter()
        .find(|h| h.contains(path))
        .unwrap_or_else(|| panic!("no {path} link in {html}"));
    assert!(text.contains(&link), "the text part lacks the link");
    link
}

/// The link to `path` in whichever received mail has one.
fn find_link(mails: &[Vec<u8>], path: &str) -> String {
    let raw = mails
        .iter()
        .find(|raw| {
            String::from_utf8_lossy(raw).contains(path) || {
                mailparse::parse_mail(raw).is_ok_and(|m| part(&m, "text/html").contains(path))
            }
        })
        .unwrap_or_else(|| panic!("no mail with a {path} link"));
    link(raw, path)
}

async fn drain(worker: &Worker) {
    while worker.run_once().await.expect("worker") > 0 {}
}

#[tokio::test]
async fn registering_mails_a_confirmation_link_that_works_once() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    let (token, _) = t.register_unverified("fatima@example.nl", "Fatima").await;
    drain(&worker).await;

    let mails = received(&server);
    assert_eq!(mails.len(), 1);
    let mail = mailparse::parse_mail(&mails[0]).expect("parse");
    assert_eq!(
        mail.headers.get_first_value("To").as_deref(),
        Some("Fatima <fatima@example.nl>")
    );
    assert_eq!(
        mail.headers.get_first_value("Subject").as_deref(),
        Some("Bevestig je e-mailadres voor Plein")
    );
    assert!(mail.headers.get_first_value("List-Unsubscribe").is_none());
    let confirm = find_link(&mails, "/verify-email?token=");
    assert!(confirm.starts_with(&t.base), "{confirm}");

    let me = "{ me { emailVerified } }";
    assert_eq!(
        t.gql_as(Some(&token), me, json!({})).await.data()["me"]["emailVerified"],
        false
    );
    let page = t.http.get(&confirm).send().await.expect("follow");
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("Je e-mailadres is bevestigd")
    );
    assert_eq!(
        t.gql_as(Some(&token), me, json!({})).await.data()["me"]["emailVerified"],
        true
    );

    // Used once; the second visit says so instead of failing obscurely.
    let again = t.http.get(&confirm).send().await.expect("follow");
    assert_eq!(again.status().as_u16(), 400);
    assert!(
        again
            .text()
            .await
            .expect("html")
            .contains("Deze link is al gebruikt")
    );
    let garbage = t
        .http
        .get(t.url("/verify-email?token=nope"))
        .send()
        .await
        .expect("follow");
    assert!(
        garbage
            .text()
            .await
            .expect("html")
            .contains("Deze link werkt niet")
    );
}

#[tokio::test]
async fn a_sign_in_link_signs_in_once_and_expires() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    t.register_unverified("jan@example.nl", "Jan").await;
    drain(&worker).await;

    const REQUEST: &str = "mutation($i: EmailInput!) { requestSignInLink(input: $i) { accepted } }";
    // Known and unknown addresses get the same answer; only one mail goes out.
    for email in ["jan@example.nl", "nobody@example.nl"] {
        let response = t.gql(REQUEST, json!({ "i": { "email": email } })).await;
        assert_eq!(response.data()["requestSignInLink"]["accepted"], true);
    }
    drain(&worker).await;
    let mails = received(&server);
    assert_eq!(mails.len(), 2);
    let sign_in = find_link(&mails, "/sign-in-link?token=");

    // Following the link shows a button; a mail scanner's GET uses nothing up.
    let page = t.http.get(&sign_in).send().await.expect("follow");
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("<form method=\"post\"")
    );
    let token = sign_in.split("token=").nth(1).expect("token").to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let posted = client
        .post(t.url("/sign-in-link"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(posted.status().as_u16(), 303);
    let cookie = posted.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("plein_session="), "{cookie}");

    let again = t
        .gql(
            "mutation($i: TokenInput!) { signInWithLink(input: $i) { token } }",
            json!({ "i": { "token": token } }),
        )
        .await;
    assert_eq!(again.code(), "BAD_USER_INPUT");
    assert_eq!(again.field(), Some("token"));

    // A fresh link sixteen minutes old has expired.
    t.gql(REQUEST, json!({ "i": { "email": "jan@example.nl" } }))
        .await
        .data();
    drain(&worker).await;
    let mails = received(&server);
    assert_eq!(mails.len(), 3);
    // Mail dates have whole seconds: find the new link by what it is not.
    let late = mails
        .iter()
        .filter(|raw| {
            mailparse::parse_mail(raw)
                .is_ok_and(|m| part(&m, "text/html").contains("/sign-in-link?token="))
        })
        .map(|raw| link(raw, "/sign-in-link?token="))
        .find(|l| *l != sign_in)
        .expect("a second sign-in link");
    let late_token = late.split("token=").nth(1).expect("token");
    t.clock.advance(chrono::Duration::minutes(16));
    let expired = t
        .gql(
            "mutation($i: TokenInput!) { signInWithLink(input: $i) { token } }",
            json!({ "i": { "token": late_token } }),
        )
        .await;
    assert_eq!(expired.code(), "BAD_USER_INPUT");
    assert!(
        expired.body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("expired")
    );
}

#[tokio::test]
async fn a_password_reset_ends_every_session() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    let (token, _) = t.register_unverified("sanne@example.nl", "Sanne").await;
    t.gql(
        "mutation($i: EmailInput!) { requestPasswordReset(input: $i) { accepted } }",
        json!({ "i": { "email": "sanne@example.nl" } }),
    )
    .await
    .data();
    drain(&worker).await;
    let mails = received(&server);
    let reset = find_link(&mails, "/reset-password?token=");
    let form = t
        .http
        .get(&reset)
        .send()
        .await
        .expect("follow")
        .text()
        .await
        .expect("html");
    assert!(form.contains("autocomplete=\"new-password\""));

    let token_value = reset.split("token=").nth(1).expect("token");
    let short = t
        .http
        .post(t.url("/reset-password"))
        .form(&[("token", token_value), ("new_password", "kort")])
        .send()
        .await
        .expect("post");
    assert_eq!(short.status().as_u16(), 400);
    let done = t
        .http
        .post(t.url("/reset-password"))
        .form(&[
            ("token", token_value),
            ("new_password", "een heel nieuw wachtwoord"),
        ])
        .send()
        .await
        .expect("post");
    // The short password was refused before the token was spent.
    assert_eq!(
        done.status().as_u16(),
        200,
        "{}",
        done.text().await.unwrap_or_default()
    );

    assert_eq!(
        t.gql_as(Some(&token), "{ me { id } }", json!({}))
            .await
            .data()["me"],
        json!(null)
    );
    let old = t
        .gql(
            "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
            json!({ "i": { "email": "sanne@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(old.code(), "UNAUTHENTICATED");
    let new = t
        .gql(
            "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
            json!({ "i": { "email": "sanne@example.nl", "password": "een heel nieuw wachtwoord" } }),
        )
        .await;
    new.data();
}

#[tokio::test]
async fn an_address_change_is_confirmed_at_the_new_address() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    let (token, _) = t.register_unverified("oud@example.nl", "Piet").await;
    t.register_unverified("bezet@example.nl", "Bezet").await;
    const CHANGE: &str =
        "mutation($i: RequestEmailChangeInput!) { requestEmailChange(input: $i) { accepted } }";
    let wrong = t
        .gql_as(
            Some(&token),
            CHANGE,
            json!({ "i": { "newEmail": "nieuw@example.nl", "password": "wrong password" } }),
        )
        .await;
    assert_eq!(wrong.field(), Some("password"));
    let taken = t
        .gql_as(
            Some(&token),
            CHANGE,
            json!({ "i": { "newEmail": "bezet@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(taken.code(), "CONFLICT");
    let invalid = t
        .gql_as(
            Some(&token),
            CHANGE,
            json!({ "i": { "newEmail": "geen adres", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(invalid.field(), Some("newEmail"));
    t.gql_as(
        Some(&token),
        CHANGE,
        json!({ "i": { "newEmail": "Nieuw@Example.nl", "password": PASSWORD } }),
    )
    .await
    .data();
    drain(&worker).await;

    let mails = received(&server);
    let change = mails
        .iter()
        .find(|raw| {
            mailparse::parse_mail(raw)
                .ok()
                .and_then(|m| m.headers.get_first_value("To"))
                .is_some_and(|to| to.contains("nieuw@example.nl"))
        })
        .expect("a mail to the new address");
    let confirm = link(change, "/confirm-email?token=");
    let me = "{ me { email } }";
    assert_eq!(
        t.gql_as(Some(&token), me, json!({})).await.data()["me"]["email"],
        "oud@example.nl"
    );
    let page = t.http.get(&confirm).send().await.expect("follow");
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(
        t.gql_as(Some(&token), me, json!({})).await.data()["me"]["email"],
        "nieuw@example.nl"
    );
}

#[tokio::test]
async fn mail_waits_in_the_outbox_while_smtp_is_down() {
    let t = TestApp::spawn().await;
    let port = free_port();
    let down = worker(&t, &format!("smtp://127.0.0.1:{port}"));
    t.register_unverified("geduld@example.nl", "Geduld").await;
    assert_eq!(down.run_once().await.expect("worker"), 1);
    let pending = plein_storage::jobs::pending(
        &t.app.db.conn,
        <plein_app::accounts::AccountMailJob as plein_app::jobs::BackgroundJob>::KIND,
    )
    .await
    .expect("pending");
    assert_eq!(pending.len(), 1);
    assert!(
        pending[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("unreachable"),
        "{:?}",
        pending[0].last_error
    );

    // The server comes up; after the backoff the mail goes out, once.
    let server = SmtpServer::start();
    let up = worker(&t, &server.url());
    assert_eq!(up.run_once().await.expect("worker"), 0, "not due yet");
    t.clock.advance(chrono::Duration::seconds(6));
    drain(&up).await;
    assert_eq!(received(&server).len(), 1);
    t.clock.advance(chrono::Duration::hours(2));
    drain(&up).await;
    assert_eq!(received(&server).len(), 1);
}

#[tokio::test]
async fn mail_requests_are_rate_limited() {
    let t = TestApp::spawn().await;
    t.register_unverified("vaak@example.nl", "Vaak").await;
    const REQUEST: &str =
        "mutation($i: EmailInput!) { requestPasswordReset(input: $i) { accepted } }";
    for _ in 0..5 {
        t.gql(REQUEST, json!({ "i": { "email": "vaak@example.nl" } }))
            .await
            .data();
    }
    let limited = t
        .gql(REQUEST, json!({ "i": { "email": "vaak@example.nl" } }))
        .await;
    assert_eq!(limited.code(), "RATE_LIMITED");
}

#[tokio::test]
async fn an_unconfirmed_account_reads_but_does_not_post_until_confirmed() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    let admin = t.admin().await;
    let area = t.area(&admin, "Molenwijk", "NEIGHBOURHOOD", None).await;
    let (token, _) = t.register_unverified("nieuw@example.nl", "Nieuw").await;
    const CREATE: &str = "mutation($i: CreateIdeaInput!) { createIdea(input: $i) { idea { id } } }";
    let input =
        json!({ "i": { "title": "Meer bankjes", "body": "Bij de speeltuin.", "areaId": area } });

    let refused = t.gql_as(Some(&token), CREATE, input.clone()).await;
    assert_eq!(refused.code(), "FORBIDDEN");
    assert!(
        refused.body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("confirm")
    );
    // Reading works meanwhile.
    t.gql_as(Some(&token), "{ areaTree { name } }", json!({}))
        .await
        .data();

    drain(&worker).await;
    let confirm = find_link(&received(&server), "/verify-email?token=");
    t.http.get(&confirm).send().await.expect("follow");
    t.gql_as(Some(&token), CREATE, input).await.data();
}

#[tokio::test]
async fn another_site_cannot_post_a_sign_in_link_for_a_visitor() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let worker = worker(&t, &server.url());
    t.register_unverified("doel@example.nl", "Doel").await;
    t.gql(
        "mutation($i: EmailInput!) { requestSignInLink(input: $i) { accepted } }",
        json!({ "i": { "email": "doel@example.nl" } }),
    )
    .await
    .data();
    drain(&worker).await;
    let sign_in = find_link(&received(&server), "/sign-in-link?token=");
    let token = sign_in.split("token=").nth(1).expect("token");
    let forged = t
        .http
        .post(t.url("/sign-in-link"))
        .header("origin", "https://evil.example")
        .form(&[("token", token)])
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status().as_u16(), 400);
    assert!(!forged.headers().contains_key("set-cookie"));
    // The token was not spent by the forged request.
    let own = t
        .gql(
            "mutation($i: TokenInput!) { signInWithLink(input: $i) { token } }",
            json!({ "i": { "token": token } }),
        )
        .await;
    own.data();
}
