//! SmtpMailer against a real SMTP server (aiosmtpd): what arrives is read back
//! and checked, part by part and header by header.

use mailparse::{MailHeaderMap, ParsedMail};
use plein_app::mail::UnsubscribeKey;
use plein_domain::Locale;
use plein_mail::{MailError, Mailer, Notification, OutgoingMail, Rendered, SmtpMailer, Templates};
use plein_tests::smtp::{SmtpServer, free_port, hrefs};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const FROM: &str = "Plein Utrecht <noreply@plein.example>";
const BASE: &str = "https://plein.example";

fn templates() -> Templates {
    Templates::new(BASE, "Gemeente Utrecht").expect("valid settings")
}

fn header(mail: &ParsedMail<'_>, name: &str) -> Option<String> {
    mail.headers.get_first_value(name)
}

fn unix_lines(body: String) -> String {
    body.replace("\r\n", "\n")
}

/// Checks one received mail against what was rendered and addressed.
fn assert_arrived(mail: &ParsedMail<'_>, rendered: &Rendered, address: &str, name: &str) {
    assert_eq!(
        header(mail, "X-RcptTo").as_deref(),
        Some(address),
        "envelope"
    );
    assert_eq!(
        header(mail, "X-MailFrom").as_deref(),
        Some("noreply@plein.example")
    );
    let to = header(mail, "To").expect("To");
    assert!(to.contains(address) && to.contains(name), "To: {to}");
    let from = header(mail, "From").expect("From");
    assert!(
        from.contains("Plein Utrecht") && from.contains("<noreply@plein.example>"),
        "From: {from}"
    );
    assert_eq!(header(mail, "Subject"), Some(rendered.subject.clone()));
    assert_eq!(
        header(mail, "Auto-Submitted").as_deref(),
        Some("auto-generated")
    );

    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let [text, html] = mail.subparts.as_slice() else {
        panic!(
            "expected a text and an HTML part, got {}",
            mail.subparts.len()
        );
    };
    assert_eq!(text.ctype.mimetype, "text/plain");
    assert_eq!(html.ctype.mimetype, "text/html");
    assert_eq!(
        unix_lines(text.get_body().expect("text body")),
        rendered.text
    );
    let html_body = unix_lines(html.get_body().expect("html body"));
    assert_eq!(html_body, rendered.html);

    let links = hrefs(&html_body);
    assert!(!links.is_empty());
    for link in links {
        assert!(
            link.starts_with(&format!("{BASE}/")) || link == BASE,
            "{link}"
        );
    }
}

#[tokio::test]
async fn every_kind_of_mail_arrives_whole() {
    let server = SmtpServer::start();
    let mailer = SmtpMailer::new(&server.url(), FROM).expect("valid settings");
    let t = templates();
    let key = UnsubscribeKey::new(&[42; 32]).expect("long enough");
    let user = uuid::Uuid::now_v7();
    let token = key.sign(user, "idea_updates");
    let unsubscribe = format!("/unsubscribe?token={token}");
    let lines = vec![
        "Er is een nieuwe reactie op je idee.".to_owned(),
        "Anouk schreef: <script>alert('hoi')</script> & meer".to_owned(),
    ];

    let sent: Vec<(&str, Rendered)> = vec![
        (
            "verify@example.nl",
            t.verify_email(Locale::Nl, "/verify-email?token=v1")
                .expect("renders"),
        ),
        (
            "sign-in@example.nl",
            t.sign_in_link(Locale::En, "/sign-in?token=s1", 15)
                .expect("renders"),
        ),
        (
            "reset@example.nl",
            t.password_reset(Locale::Nl, "/reset-password?token=r1")
                .expect("renders"),
        ),
        (
            "new-address@example.nl",
            t.email_change_confirm(Locale::En, "/confirm-email?token=c1")
                .expect("renders"),
        ),
        (
            "follower@example.nl",
            t.notification(
                Locale::Nl,
                &Notification {
                    title: "Nieuwe reactie op “Bankje bij de speeltuin”",
                    lines: &lines,
                    item_link: "/ideas/42",
                    unsubscribe_link: &unsubscribe,
                    preferences_link: "/settings/notifications",
                },
            )
            .expect("renders"),
        ),
    ];
    for (address, rendered) in &sent {
        let mail = rendered.clone().to(*address, Some("Fatima El-Amrani"));
        mailer.send(&mail).await.expect("sent");
    }

    let received = server.received();
    assert_eq!(received.len(), sent.len());
    let parsed: Vec<ParsedMail<'_>> = received
        .iter()
        .map(|raw| mailparse::parse_mail(raw).expect("parseable"))
        .collect();
    for (address, rendered) in &sent {
        let mail = parsed
            .iter()
            .find(|mail| header(mail, "X-RcptTo").as_deref() == Some(*address))
            .unwrap_or_else(|| panic!("nothing arrived for {address}"));
        assert_arrived(mail, rendered, address, "Fatima El-Amrani");

        let unsubscribe_header = header(mail, "List-Unsubscribe");
        if *address == "follower@example.nl" {
            let expected = format!("<{BASE}/unsubscribe?token={token}>");
            assert_eq!(unsubscribe_header.as_deref(), Some(expected.as_str()));
            assert_eq!(
                header(mail, "List-Unsubscribe-Post").as_deref(),
                Some("List-Unsubscribe=One-Click")
            );
            // The link in the header is the one the server will verify.
            let (_, signed) = expected
                .trim_end_matches('>')
                .split_once("token=")
                .expect("token");
            let back = key.verify(signed).expect("valid token");
            assert_eq!((back.user_id, back.kind.as_str()), (user, "idea_updates"));

            let html = unix_lines(mail.subparts[1].get_body().expect("html"));
            assert!(html.contains("&lt;script&gt;alert(&#39;hoi&#39;)&lt;/script&gt; &amp; meer"));
            assert!(!html.contains("<script>"));
        } else {
            assert_eq!(unsubscribe_header, None, "{address}");
            assert_eq!(header(mail, "List-Unsubscribe-Post"), None);
        }
    }
}

fn plain_mail(to: &str) -> OutgoingMail {
    templates()
        .verify_email(Locale::Nl, "/verify-email?token=t")
        .expect("renders")
        .to(to, None)
}

#[tokio::test]
async fn an_unreachable_server_is_a_transient_error_that_says_so() {
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let mailer = SmtpMailer::new(&url, FROM).expect("valid settings");
    let err = mailer
        .send(&plain_mail("someone@example.nl"))
        .await
        .expect_err("nothing listens there");
    assert!(matches!(err, MailError::Unreachable(_)), "{err:?}");
    assert!(err.is_transient());
    let message = err.to_string();
    assert!(
        message.starts_with("mail server unreachable: "),
        "{message}"
    );
    assert!(message.contains(&url), "{message}");
}

#[tokio::test]
async fn invalid_addresses_are_rejected_before_connecting() {
    // Nothing listens: an address error means the mailer never tried.
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let mailer = SmtpMailer::new(&url, FROM).expect("valid settings");
    for bad in ["fatima", "fatima@", "fatima example@nl", "<a@b.nl>"] {
        let err = mailer.send(&plain_mail(bad)).await.expect_err(bad);
        assert!(matches!(err, MailError::InvalidAddress(_)), "{bad}: {err}");
        assert!(err.is_permanent());
    }
}

#[tokio::test]
async fn a_mail_the_server_refuses_for_good_is_permanent() {
    // aiosmtpd answers 552 to a message above its size limit.
    let server = SmtpServer::start_with(&["-s", "1000"]);
    let mailer = SmtpMailer::new(&server.url(), FROM).expect("valid settings");
    let err = mailer
        .send(&plain_mail("someone@example.nl"))
        .await
        .expect_err("too big");
    assert!(matches!(err, MailError::Rejected(_)), "{err:?}");
    assert!(err.is_permanent());
    assert!(err.to_string().contains("552"), "{err}");
    assert!(server.received().is_empty());
}

/// A relay that answers every MAIL FROM with 451, as a greylisting relay does.
async fn deferring_relay() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 relay.test ESMTP\r\n").await.ok();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 relay.test\r\n",
                        "MAIL" => b"451 4.7.1 Greylisted, try again later\r\n",
                        "QUIT" => b"221 2.0.0 Bye\r\n",
                        _ => b"250 2.0.0 OK\r\n",
                    };
                    if write.write_all(reply).await.is_err() || verb == "QUIT" {
                        break;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn a_server_that_says_later_is_transient() {
    let port = deferring_relay().await;
    let mailer =
        SmtpMailer::new(&format!("smtp://127.0.0.1:{port}"), FROM).expect("valid settings");
    let err = mailer
        .send(&plain_mail("someone@example.nl"))
        .await
        .expect_err("deferred");
    assert!(matches!(err, MailError::Deferred(_)), "{err:?}");
    assert!(err.is_transient());
    assert!(err.to_string().contains("451"), "{err}");
}
