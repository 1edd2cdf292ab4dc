//! FolderMailer: each mail becomes an `.eml` file a mail program can read.

use mailparse::MailHeaderMap;
use plein_domain::Locale;
use plein_mail::{DEFAULT_FROM, FolderMailer, MailError, Mailer, Notification, Templates};

#[tokio::test]
async fn mails_become_parseable_eml_files_that_sort_by_time() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let folder = dir.path().join("data").join("outbox");
    let mailer = FolderMailer::new(&folder, DEFAULT_FROM).expect("valid settings");
    let t = Templates::new("http://localhost:3000", "Plein demo").expect("valid settings");

    let first = t
        .sign_in_link(Locale::Nl, "/sign-in?token=abc", 15)
        .expect("renders");
    let lines = vec!["Er is iets veranderd.".to_owned()];
    let second = t
        .notification(
            Locale::En,
            &Notification {
                title: "Plan update",
                lines: &lines,
                item_link: "/plans/7",
                unsubscribe_link: "/unsubscribe?token=xyz",
                preferences_link: "/settings/notifications",
            },
        )
        .expect("renders");
    for rendered in [first.clone(), second.clone()] {
        let mail = rendered.to("bewoner@example.nl", Some("Bewoner"));
        mailer.send(&mail).await.expect("written");
    }

    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder was created")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8")
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|name| name.ends_with(".eml")), "{names:?}");

    let subjects: Vec<String> = names
        .iter()
        .map(|name| {
            let raw = std::fs::read(folder.join(name)).expect("read");
            let mail = mailparse::parse_mail(&raw).expect("parseable");
            assert_eq!(mail.ctype.mimetype, "multipart/alternative");
            assert_eq!(mail.subparts.len(), 2);
            assert_eq!(
                mail.headers.get_first_value("From").as_deref(),
                Some(DEFAULT_FROM)
            );
            assert_eq!(
                mail.headers.get_first_value("To").as_deref(),
                Some("Bewoner <bewoner@example.nl>")
            );
            let text = mail.subparts[0].get_body().expect("text");
            assert!(text.contains("http://localhost:3000/"), "{text}");
            mail.headers.get_first_value("Subject").expect("subject")
        })
        .collect();
    // Sorted by name is sorted by time.
    assert_eq!(subjects, vec![first.subject, second.subject]);

    let raw = std::fs::read_to_string(folder.join(&names[1])).expect("read");
    assert!(raw.contains("List-Unsubscribe: <http://localhost:3000/unsubscribe?token=xyz>\r\n"));
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
}

#[tokio::test]
async fn a_mail_that_cannot_be_built_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mailer = FolderMailer::new(dir.path(), DEFAULT_FROM).expect("valid settings");
    let mail = Templates::new("https://plein.example", "Gemeente X")
        .expect("valid settings")
        .verify_email(Locale::Nl, "/verify?token=t")
        .expect("renders")
        .to("not-an-address", None);
    let err = mailer.send(&mail).await.expect_err("invalid address");
    assert!(matches!(err, MailError::InvalidAddress(_)), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("folder").count(), 0);
}

#[tokio::test]
async fn an_unwritable_folder_is_a_transient_error() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("occupied");
    std::fs::write(&file, b"a file, not a folder").expect("write");
    let mailer = FolderMailer::new(file.join("outbox"), DEFAULT_FROM).expect("valid settings");
    let mail = Templates::new("https://plein.example", "Gemeente X")
        .expect("valid settings")
        .verify_email(Locale::Nl, "/verify?token=t")
        .expect("renders")
        .to("bewoner@example.nl", None);
    let err = mailer
        .send(&mail)
        .await
        .expect_err("cannot create the folder");
    assert!(matches!(err, MailError::Io(_)), "{err}");
    assert!(err.is_transient());
}
