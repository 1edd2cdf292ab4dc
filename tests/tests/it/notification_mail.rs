//! Notification mail end to end: the outbox hands it to a real SMTP server
//! (aiosmtpd), it arrives with a text and an HTML part and the one-click
//! unsubscribe headers, and its link, followed against the running app,
//! shows a page on GET and turns that kind of mail off on POST.

use std::sync::Arc;

use chrono::DurationRound;

use mailparse::{MailHeaderMap, ParsedMail};
use plein_tests::TestApp;
use plein_tests::serde_json::{Value, json};
use plein_tests::smtp::{SmtpServer, hrefs};

const FROM: &str = "Plein <noreply@plein.test>";

/// Runs the due notification jobs and mails them through `smtp`.
async fn deliver(app: &TestApp, smtp: &SmtpServer) {
    let mut handlers = plein_app::notifications::handlers(&app.app);
    handlers.push(Arc::new(plein_mail::NotificationMailHandler {
        app: app.app.clone(),
        mailer: Arc::new(plein_mail::SmtpMailer::new(&smtp.url(), FROM).expect("mailer")),
        templates: plein_mail::Templates::new(&app.base, "Gemeente Amstelveld").expect("templates"),
    }));
    app.drain_jobs(handlers).await;
}

fn header(mail: &ParsedMail<'_>, name: &str) -> Option<String> {
    mail.headers.get_first_value(name)
}

async fn cadence(app: &TestApp, token: &str, kind: &str) -> String {
    let prefs = app
        .gql_as(
            Some(token),
            "{ notificationPreferences { kind cadence } }",
            json!({}),
        )
        .await;
    prefs.data()["notificationPreferences"]
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["kind"] == kind)
        .and_then(|p| p["cadence"].as_str())
        .expect("cadence")
        .to_owned()
}

#[tokio::test]
async fn a_reply_is_mailed_at_once_and_its_link_unsubscribes_in_one_click() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankje bij de speeltuin")
        .await;
    let fatimas = app.comment(&sq.resident, "IDEA", &idea, None).await;
    deliver(&app, &smtp).await;
    assert!(smtp.received().is_empty(), "nothing for Fatima yet");

    app.comment(&sq.neighbour, "IDEA", &idea, Some(&fatimas))
        .await;
    deliver(&app, &smtp).await;
    let received = smtp.received();
    assert_eq!(received.len(), 1, "one mail, to Fatima");
    let mail = mailparse::parse_mail(&received[0]).expect("parse");
    assert_eq!(
        header(&mail, "X-RcptTo").as_deref(),
        Some("fatima@plein.test")
    );
    assert_eq!(
        header(&mail, "Subject").as_deref(),
        Some("Antwoord op je reactie bij: Bankje bij de speeltuin")
    );
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let [text, html] = mail.subparts.as_slice() else {
        panic!("expected a text and an HTML part");
    };
    assert_eq!(text.ctype.mimetype, "text/plain");
    assert_eq!(html.ctype.mimetype, "text/html");
    let text = text.get_body().expect("text");
    let html = html.get_body().expect("html");
    assert!(text.contains("Jan antwoordde op je reactie."), "{text}");
    assert!(text.contains(&format!("{}/ideeen/{idea}", app.base)));
    assert!(text.contains(&format!("{}/profiel#meldingen", app.base)));

    let list = header(&mail, "List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        header(&mail, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = list
        .trim()
        .strip_prefix('<')
        .and_then(|l| l.strip_suffix('>'))
        .expect("<url>")
        .to_owned();
    assert!(
        url.starts_with(&format!("{}/unsubscribe?token=", app.base)),
        "{url}"
    );
    assert!(hrefs(&html).contains(&url), "the body links it too");

    // GET only asks; nothing changes.
    let page = app.http.get(&url).send().await.expect("GET");
    assert_eq!(page.status(), 200);
    let body = page.text().await.expect("page");
    assert!(body.contains("antwoorden op je reacties"), "{body}");
    assert!(body.contains("method=\"post\""));
    assert_eq!(cadence(&app, &sq.resident, "REPLY").await, "IMMEDIATELY");

    // The one-click POST a mail client sends: no cookie, no Origin.
    let done = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST");
    assert_eq!(done.status(), 200);
    assert!(
        done.text()
            .await
            .expect("page")
            .contains("Je bent afgemeld")
    );
    assert_eq!(cadence(&app, &sq.resident, "REPLY").await, "NEVER");
    // Other kinds stay as they were.
    assert_eq!(
        cadence(&app, &sq.resident, "IDEA_STATUS").await,
        "IMMEDIATELY"
    );

    // Another reply now stays in the app.
    app.comment(&sq.neighbour, "IDEA", &idea, Some(&fatimas))
        .await;
    deliver(&app, &smtp).await;
    assert_eq!(smtp.received().len(), 1);
    let unread = app
        .gql_as(Some(&sq.resident), "{ unreadNotificationCount }", json!({}))
        .await;
    assert_eq!(unread.data()["unreadNotificationCount"], 2);
}

#[tokio::test]
async fn a_status_change_mails_each_follower_once() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankje bij de bibliotheek")
        .await;
    // Jan and Ingrid comment, so they follow the idea, as its author does.
    let (ingrid, _) = app.register("ingrid@plein.test", "Ingrid").await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&ingrid, "IDEA", &idea, None).await;
    // Publishing was a status change too; its mails go out here.
    deliver(&app, &smtp).await;
    let earlier = smtp.received();

    app.mutate(
        Some(&sq.professional),
        "setIdeaStatus",
        json!({ "id": idea, "status": "UNDER_REVIEW", "reason": "We kijken ernaar" }),
        "{ idea { status } }",
    )
    .await
    .data();
    deliver(&app, &smtp).await;
    let mut recipients: Vec<String> = smtp
        .received()
        .into_iter()
        .filter(|raw| !earlier.contains(raw))
        .map(|raw| {
            let mail = mailparse::parse_mail(&raw).expect("parse");
            assert_eq!(
                header(&mail, "Subject").as_deref(),
                Some("Nieuwe status voor: Bankje bij de bibliotheek")
            );
            let text = mail.subparts[0].get_body().expect("text");
            assert!(text.contains("We kijken ernaar"), "{text}");
            header(&mail, "X-RcptTo").expect("X-RcptTo")
        })
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["fatima@plein.test", "ingrid@plein.test", "jan@plein.test"],
        "one mail to each follower, none to the professional who changed it"
    );
}

#[tokio::test]
async fn forged_or_broken_unsubscribe_links_get_a_clear_page() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let key = app.app.unsubscribe_key().await.expect("key");
    let user = uuid::Uuid::parse_str(&sq.resident_id).expect("id");
    let good = key.sign(user, "reply");
    let (payload, _) = good.split_once('.').expect("two parts");
    let forged = format!("{payload}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    let other_key = plein_app::mail::UnsubscribeKey::new(&[9; 32]).expect("key");
    for token in [
        String::new(),
        "rubbish".to_owned(),
        forged,
        other_key.sign(user, "reply"),
        key.sign(user, "everything"),
    ] {
        let url = app.url(&format!("/unsubscribe?token={token}"));
        for response in [
            app.http.get(&url).send().await.expect("GET"),
            reqwest::Client::new()
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .send()
                .await
                .expect("POST"),
        ] {
            assert_eq!(response.status(), 400, "{token}");
            let body = response.text().await.expect("page");
            assert!(body.contains("Deze afmeldlink werkt niet"), "{body}");
            assert!(body.contains("<html"), "a page, not an error dump");
        }
    }
    assert_eq!(cadence(&app, &sq.resident, "REPLY").await, "IMMEDIATELY");

    // In English when the browser asks for it.
    let en = app
        .http
        .get(app.url("/unsubscribe?token=rubbish"))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("GET");
    assert!(
        en.text()
            .await
            .expect("page")
            .contains("This unsubscribe link does not work")
    );
}

#[tokio::test]
async fn the_daily_digest_arrives_grouped_per_item_and_unsubscribes_the_digest() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.app.schedule_digests().await.expect("schedule");
    let bankje = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    let boom = app.idea(&sq.resident, &sq.neighbourhood, "Boom").await;
    deliver(&app, &smtp).await;
    app.comment(&sq.neighbour, "IDEA", &bankje, None).await;
    app.comment(&sq.neighbour, "IDEA", &boom, None).await;
    app.comment(&sq.neighbour, "IDEA", &bankje, None).await;
    deliver(&app, &smtp).await;
    assert!(smtp.received().is_empty());

    app.clock.advance(chrono::Duration::hours(25));
    deliver(&app, &smtp).await;
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let mail = mailparse::parse_mail(&received[0]).expect("parse");
    assert_eq!(
        header(&mail, "Subject").as_deref(),
        Some("Je dagelijkse overzicht van Plein: 3 meldingen")
    );
    let text = mail.subparts[0].get_body().expect("text");
    assert_eq!(text.matches("## Bankje").count(), 1, "{text}");
    assert_eq!(text.matches("## Boom").count(), 1);
    assert_eq!(text.matches("Jan reageerde").count(), 3);
    let html = mail.subparts[1].get_body().expect("html");
    assert_eq!(html.matches("<h2").count(), 2);

    let list = header(&mail, "List-Unsubscribe").expect("header");
    let url = list
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();
    let done = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST");
    assert_eq!(done.status(), 200);
    let prefs: Value = app
        .gql_as(
            Some(&sq.resident),
            "{ notificationPreferences { kind cadence } }",
            json!({}),
        )
        .await
        .data()["notificationPreferences"]
        .clone();
    for p in prefs.as_array().expect("list") {
        let expected = match p["kind"].as_str() {
            Some(
                "REPLY" | "OFFICIAL_REPLY" | "IDEA_STATUS" | "JOIN_REQUEST" | "JOIN_ANSWERED"
                | "TASK_ASSIGNED" | "MEETING_SCHEDULED" | "DECISION_OPENED" | "DECISION_CLOSING",
            ) => "IMMEDIATELY",
            _ => "NEVER",
        };
        assert_eq!(p["cadence"], expected, "{p}");
    }
}

#[tokio::test]
async fn an_invitation_mail_carries_a_link_that_makes_a_newcomer_a_member() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let created = app
        .mutate(
            Some(&sq.resident),
            "createGroup",
            json!({ "name": "Buurtmoestuin", "purpose": "Samen tuinieren.", "areaId": sq.neighbourhood,
                    "visibility": "MEMBERS", "joinPolicy": "INVITE" }),
            "{ group { id } }",
        )
        .await;
    let group = created.data()["createGroup"]["group"]["id"].clone();
    app.mutate(
        Some(&sq.resident),
        "inviteToGroup",
        json!({ "groupId": group, "email": "nieuwkomer@plein.test" }),
        "{ invitation { id } }",
    )
    .await
    .data();
    let mailer = Arc::new(plein_mail::SmtpMailer::new(&smtp.url(), FROM).expect("mailer"));
    app.drain_jobs(vec![Arc::new(plein_mail::GroupInvitationMailHandler {
        app: app.app.clone(),
        mailer,
        templates: plein_mail::Templates::new(&app.base, "Gemeente Amstelveld").expect("templates"),
    })])
    .await;
    let received = smtp.received();
    assert_eq!(received.len(), 1, "one invitation");
    let mail = mailparse::parse_mail(&received[0]).expect("parse");
    assert_eq!(
        header(&mail, "X-RcptTo").as_deref(),
        Some("nieuwkomer@plein.test")
    );
    assert_eq!(
        header(&mail, "Subject").as_deref(),
        Some("Uitnodiging voor de werkgroep Buurtmoestuin")
    );
    let [text, html] = mail.subparts.as_slice() else {
        panic!("expected a text and an HTML part");
    };
    // Fixed text and the group's name: nothing else the inviter wrote, not
    // even their name, goes to an address anyone may have typed.
    let text = text.get_body().expect("text");
    assert!(
        text.contains("Je bent uitgenodigd voor de werkgroep Buurtmoestuin"),
        "{text}"
    );
    assert!(!text.contains("Fatima"), "{text}");
    let link = hrefs(&html.get_body().expect("html"))
        .into_iter()
        .find(|h| h.contains("/werkgroepen/uitnodiging?token="))
        .expect("the invitation link");
    assert!(link.starts_with(&app.base), "{link}");
    let token = link.split("token=").nth(1).expect("token").to_owned();

    // The newcomer registers only now, and accepts with the mailed token.
    let (newcomer, _) = app.register("nieuwkomer@plein.test", "Noor").await;
    let accepted = app
        .mutate(
            Some(&newcomer),
            "acceptGroupInvitation",
            json!({ "token": token }),
            "{ group { name viewerRole } }",
        )
        .await;
    assert_eq!(
        accepted.data()["acceptGroupInvitation"]["group"],
        json!({ "name": "Buurtmoestuin", "viewerRole": "MEMBER" })
    );
}

#[tokio::test]
async fn a_delegate_is_mailed_the_mandate_unless_it_was_revoked_before_the_mail_went() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let valid_until = (chrono::Utc::now() + chrono::Duration::days(30))
        .duration_trunc(chrono::Duration::minutes(1))
        .expect("a minute");
    let grant = |actions: Value| {
        app.mutate(
            Some(&sq.resident),
            "grantMandate",
            json!({ "delegateEmail": "jan@plein.test", "actions": actions,
                    "validUntil": valid_until.to_rfc3339() }),
            "{ mandate { id } }",
        )
    };
    let deliver = async || {
        let mailer = Arc::new(plein_mail::SmtpMailer::new(&smtp.url(), FROM).expect("mailer"));
        app.drain_jobs(vec![Arc::new(plein_mail::MandateMailHandler {
            app: app.app.clone(),
            mailer,
            templates: plein_mail::Templates::new(&app.base, "Gemeente Amstelveld")
                .expect("templates"),
        })])
        .await;
    };

    // Given and taken back before the worker came round: nothing to say.
    let revoked = grant(json!(["VOTE"])).await.data()["grantMandate"]["mandate"]["id"].clone();
    app.mutate(
        Some(&sq.resident),
        "revokeMandate",
        json!({ "id": revoked }),
        "{ mandate { active } }",
    )
    .await
    .data();
    deliver().await;
    assert!(smtp.received().is_empty(), "no mail for a revoked mandate");

    grant(json!(["COMMENT", "SUPPORT"])).await.data();
    deliver().await;
    let received = smtp.received();
    assert_eq!(received.len(), 1, "one mail to the delegate");
    let mail = mailparse::parse_mail(&received[0]).expect("parse");
    assert_eq!(header(&mail, "X-RcptTo").as_deref(), Some("jan@plein.test"));
    assert_eq!(
        header(&mail, "Subject").as_deref(),
        Some("Fatima heeft je gemachtigd")
    );
    let [text, html] = mail.subparts.as_slice() else {
        panic!("expected a text and an HTML part");
    };
    let text = text.get_body().expect("text");
    assert!(
        text.contains("Je mag namens Fatima: ideeën steunen en reageren."),
        "{text}"
    );
    let until = valid_until
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .format("tot %d-%m-%Y %H:%M")
        .to_string();
    assert!(text.contains(&until), "{until} in {text}");
    let link = hrefs(&html.get_body().expect("html"))
        .into_iter()
        .find(|h| h.ends_with("/machtigingen"))
        .expect("a link to the mandates page");
    assert!(link.starts_with(&app.base), "{link}");
}

#[tokio::test]
async fn notifications_are_mailed_only_to_confirmed_addresses() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankje bij het water")
        .await;
    // Anyone can register with someone else's address; until it is
    // confirmed, Plein mails it nothing but the confirmation link.
    let (unconfirmed, _) = app
        .register_unverified("iemand-anders@plein.test", "Niet bevestigd")
        .await;
    app.mutate(
        Some(&unconfirmed),
        "follow",
        json!({ "subjectKind": "IDEA", "subjectId": idea }),
        "{ following }",
    )
    .await
    .data();
    deliver(&app, &smtp).await;
    let earlier = smtp.received();

    app.mutate(
        Some(&sq.professional),
        "setIdeaStatus",
        json!({ "id": idea, "status": "UNDER_REVIEW", "reason": "We kijken ernaar" }),
        "{ idea { status } }",
    )
    .await
    .data();
    deliver(&app, &smtp).await;
    let recipients: Vec<String> = smtp
        .received()
        .into_iter()
        .filter(|raw| !earlier.contains(raw))
        .map(|raw| {
            let mail = mailparse::parse_mail(&raw).expect("parse");
            header(&mail, "X-RcptTo").expect("X-RcptTo")
        })
        .collect();
    assert_eq!(recipients, ["fatima@plein.test"]);
    for raw in smtp.received() {
        let mail = mailparse::parse_mail(&raw).expect("parse");
        assert_ne!(
            header(&mail, "X-RcptTo").as_deref(),
            Some("iemand-anders@plein.test")
        );
    }
    // The notifications themselves are there, in the app: the publishing
    // and the status change.
    let unread = app
        .gql_as(Some(&unconfirmed), "{ unreadNotificationCount }", json!({}))
        .await;
    assert_eq!(unread.data()["unreadNotificationCount"], 2);
}
