//! Every mail, and every kind of notification mail, rendered for a Dutch and
//! an English account: each reads in its reader's language only.

use std::collections::BTreeSet;

use plein_app::notifications::{Notification as Item, NotificationMail};
use plein_domain::{Cadence, FollowKind, Locale, NotificationKind};
use uuid::Uuid;

use super::Rendered;
use super::tests::templates;

/// Words that give English away in a Dutch mail.
const ENGLISH: &[&str] = &[
    "the",
    "you",
    "your",
    "now",
    "reached",
    "supports",
    "someone",
    "reason",
    "new",
    "and",
    "with",
    "has",
    "commented",
    "replied",
    "request",
    "meeting",
    "proposal",
];
/// Words that give Dutch away in an English mail.
const DUTCH: &[&str] = &[
    "de",
    "het",
    "een",
    "je",
    "jouw",
    "nu",
    "iemand",
    "reden",
    "nieuw",
    "nieuwe",
    "en",
    "met",
    "steun",
    "voor",
    "werkgroep",
    "bijeenkomst",
    "voorstel",
    "verzoek",
];

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What `rendered` says in words (subject and plain text; links and the
/// item's own title are left out, being no one's language).
fn assert_language(what: &str, locale: Locale, rendered: &Rendered) {
    let text: String = format!("{}\n{}", rendered.subject, rendered.text)
        .split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with('/') && !w.starts_with("<http"))
        .collect::<Vec<_>>()
        .join(" ");
    let found = words(&text);
    let foreign = match locale {
        Locale::Nl => ENGLISH,
        Locale::En => DUTCH,
    };
    let wrong: Vec<&&str> = foreign.iter().filter(|w| found.contains(**w)).collect();
    assert!(
        wrong.is_empty(),
        "{what} in {locale:?} has foreign words {wrong:?}:\n{text}"
    );
}

/// A notification of `kind` as the app stores it: details as the events
/// write them, user-written text in neither language.
fn item(kind: NotificationKind) -> Item {
    let when = "2026-03-05T18:30:00+00:00".to_owned();
    let (text, detail) = match kind {
        NotificationKind::Comment | NotificationKind::Reply | NotificationKind::OfficialReply => {
            (Some("Xyzzy".to_owned()), None)
        }
        NotificationKind::IdeaStatus => (None, Some("under_review".to_owned())),
        NotificationKind::IdeaPublished => (None, None),
        NotificationKind::PlanOpened | NotificationKind::PlanClosing => (None, Some(when)),
        NotificationKind::PlanResponded => (Some("Xyzzy".to_owned()), None),
        NotificationKind::ThresholdReached => (None, Some("2".to_owned())),
        NotificationKind::GroupInvitation | NotificationKind::JoinRequest => (None, None),
        NotificationKind::JoinAnswered => (None, Some("approved".to_owned())),
        NotificationKind::TaskAssigned => (Some("Xyzzy".to_owned()), Some("2026-03-05".into())),
        NotificationKind::MeetingScheduled => {
            (Some("Xyzzy".to_owned()), Some(format!("scheduled {when}")))
        }
        NotificationKind::DecisionOpened | NotificationKind::DecisionClosing => {
            (Some("Xyzzy".to_owned()), Some(when))
        }
        NotificationKind::BudgetPhase => (None, Some(format!("voting {when}"))),
    };
    let subject_kind = match kind {
        NotificationKind::PlanOpened
        | NotificationKind::PlanClosing
        | NotificationKind::PlanResponded => FollowKind::Plan,
        NotificationKind::GroupInvitation
        | NotificationKind::JoinRequest
        | NotificationKind::JoinAnswered
        | NotificationKind::TaskAssigned
        | NotificationKind::MeetingScheduled
        | NotificationKind::DecisionOpened
        | NotificationKind::DecisionClosing => FollowKind::Group,
        NotificationKind::BudgetPhase => FollowKind::BudgetRound,
        _ => FollowKind::Idea,
    };
    Item {
        id: Uuid::now_v7(),
        kind,
        subject_kind,
        subject_id: Uuid::now_v7(),
        subject_title: "Qwerty".into(),
        actor_name: Some("Fatima".into()),
        text,
        detail,
        created_at: chrono::Utc::now(),
        read_at: None,
    }
}

fn mail(locale: Locale, digest: Option<Cadence>, items: Vec<Item>) -> NotificationMail {
    NotificationMail {
        to_address: "a@example.nl".into(),
        to_name: "A".into(),
        locale,
        digest,
        items,
        unsubscribe_path: "/unsubscribe?token=abc.def".into(),
    }
}

#[test]
fn every_notification_kind_reads_in_the_readers_language() {
    for locale in [Locale::Nl, Locale::En] {
        for kind in NotificationKind::ALL {
            let single = templates()
                .notification_mail(&mail(locale, None, vec![item(kind)]))
                .expect("renders");
            assert_language(&format!("{kind} alone"), locale, &single);
            let mut anonymous = item(kind);
            anonymous.actor_name = None;
            let rendered = templates()
                .notification_mail(&mail(locale, None, vec![anonymous]))
                .expect("renders");
            assert_language(&format!("{kind} by no one named"), locale, &rendered);
        }
        for cadence in [Cadence::Daily, Cadence::Weekly] {
            let all = NotificationKind::ALL.into_iter().map(item).collect();
            let digest = templates()
                .notification_mail(&mail(locale, Some(cadence), all))
                .expect("renders");
            assert_language(&format!("the {cadence} digest"), locale, &digest);
        }
    }
}

#[test]
fn every_account_and_group_mail_reads_in_the_readers_language() {
    let t = templates();
    let link = "/x?token=abc";
    for locale in [Locale::Nl, Locale::En] {
        let mails = [
            ("verify", t.verify_email(locale, link)),
            ("sign-in link", t.sign_in_link(locale, link, 15)),
            ("reset", t.password_reset(locale, link)),
            ("email change", t.email_change_confirm(locale, link)),
            ("data export", t.data_export(locale, link)),
            (
                "invitation",
                t.group_invitation(locale, "Qwerty", link, chrono::Utc::now()),
            ),
        ];
        for (what, rendered) in mails {
            assert_language(what, locale, &rendered.expect("renders"));
        }
    }
}
