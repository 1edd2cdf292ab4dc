//! Mail goes out once: the worker marks each mail done as soon as the relay
//! took it, so a worker that dies halfway through a batch does not send the
//! earlier mails again; and every mail carries a Message-ID derived from its
//! job, the same on any resend.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mailparse::MailHeaderMap;
use plein_app::jobs::{Worker, WorkerSettings};
use plein_app::mail::{MailError, Mailer, OutgoingMail};
use plein_mail::{AccountMailHandler, SmtpMailer, Templates};
use plein_tests::TestApp;
use plein_tests::smtp::SmtpServer;

const FROM: &str = "Plein <noreply@plein.test>";

/// Sends the first `healthy` mails through `inner`, then hangs on the next
/// one as a process does that is killed while sending.
struct DiesAfter {
    inner: SmtpMailer,
    healthy: usize,
    sent: AtomicUsize,
}

#[async_trait::async_trait]
impl Mailer for DiesAfter {
    fn name(&self) -> &'static str {
        "dies-after"
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        if self.sent.fetch_add(1, Ordering::SeqCst) >= self.healthy {
            std::future::pending::<()>().await;
        }
        self.inner.send(mail).await
    }
}

fn worker(t: &TestApp, mailer: Arc<dyn Mailer>) -> Worker {
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

#[tokio::test]
async fn a_worker_dying_mid_batch_sends_no_mail_twice() {
    let server = SmtpServer::start();
    let t = TestApp::spawn().await;
    let people = ["ada", "bram", "chidi", "daan", "eva"];
    for name in people {
        t.register_unverified(&format!("{name}@example.nl"), name)
            .await;
    }
    let jobs = plein_storage::jobs::pending(&t.app.db.conn, "mail.account")
        .await
        .expect("pending");
    assert_eq!(jobs.len(), people.len());

    // The first worker sends two mails of its batch, then dies on the third.
    let dying = Arc::new(DiesAfter {
        inner: SmtpMailer::new(&server.url(), FROM).expect("mailer"),
        healthy: 2,
        sent: AtomicUsize::new(0),
    });
    let first = worker(&t, dying);
    let died = tokio::time::timeout(Duration::from_secs(2), first.run_once()).await;
    assert!(
        died.is_err(),
        "the first worker was to hang on its third mail"
    );
    assert_eq!(server.received().len(), 2);
    let mut done = 0;
    for job in &jobs {
        let row = plein_app::jobs::job(&t.app, job.id)
            .await
            .expect("job")
            .expect("exists");
        done += usize::from(row.done_at.is_some());
    }
    assert_eq!(done, 2, "each mail is marked done as soon as it is sent");

    // Another worker takes over once the dead worker's lease ran out.
    t.clock.advance(chrono::Duration::seconds(20));
    let healthy = worker(
        &t,
        Arc::new(SmtpMailer::new(&server.url(), FROM).expect("mailer")),
    );
    while healthy.run_once().await.expect("run") > 0 {}

    let received = server.received();
    let mut recipients: Vec<String> = received
        .iter()
        .map(|raw| {
            let mail = mailparse::parse_mail(raw).expect("parse");
            mail.headers.get_first_value("X-RcptTo").expect("envelope")
        })
        .collect();
    recipients.sort();
    let expected: Vec<String> = people.iter().map(|n| format!("{n}@example.nl")).collect();
    assert_eq!(recipients, expected, "every mail arrives exactly once");

    // Each Message-ID is the job's id: a resend would carry the same one.
    let mut ids: Vec<String> = received
        .iter()
        .map(|raw| {
            let mail = mailparse::parse_mail(raw).expect("parse");
            mail.headers
                .get_first_value("Message-ID")
                .expect("Message-ID")
        })
        .collect();
    ids.sort();
    let mut expected: Vec<String> = jobs
        .iter()
        .map(|job| format!("<{}@plein.test>", job.id.simple()))
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    for job in &jobs {
        let row = plein_app::jobs::job(&t.app, job.id)
            .await
            .expect("job")
            .expect("exists");
        assert!(row.done_at.is_some(), "{} is done", job.id);
    }
}
