//! Notification mails in the recipient's language: one notification at once
//! (through the generic [`Notification`] template), or a daily or weekly
//! digest that groups what happened per item. Both carry the one-click
//! unsubscribe link and a link to the preferences.

use plein_app::mail::{MailError, MailHeader};
use plein_app::notifications::{Notification as Item, NotificationMail};
use plein_domain::{Cadence, FollowKind, Locale, NotificationKind};

use super::layout::{Content, Link, Section};
use super::notification::Notification;
use super::{Rendered, Templates};

/// Where the mail preferences are in the web app.
pub const PREFERENCES_PATH: &str = "/profiel#meldingen";

/// The web app's page of an item.
fn item_path(item: &Item) -> String {
    match item.subject_kind {
        FollowKind::Idea => format!("/ideeen/{}", item.subject_id),
        FollowKind::Plan => format!("/plannen/{}", item.subject_id),
        FollowKind::Group => format!("/werkgroepen/{}", item.subject_id),
        FollowKind::Area => "/meldingen".to_owned(),
        FollowKind::BudgetProject => format!("/begroting/projecten/{}", item.subject_id),
        FollowKind::BudgetRound => format!("/begroting/{}", item.subject_id),
    }
}

fn status_label(status: &str, locale: Locale) -> String {
    let (nl, en) = match status {
        "draft" => ("concept", "draft"),
        "published" => ("gepubliceerd", "published"),
        "under_review" => ("in behandeling", "under review"),
        "accepted" => ("aangenomen", "accepted"),
        "in_progress" => ("in uitvoering", "in progress"),
        "realised" => ("gerealiseerd", "realised"),
        "declined" => ("afgewezen", "declined"),
        "withdrawn" => ("ingetrokken", "withdrawn"),
        other => (other, other),
    };
    match locale {
        Locale::Nl => nl.to_owned(),
        Locale::En => en.to_owned(),
    }
}

/// When a plan closes, as the mail shows it (UTC).
fn moment(detail: Option<&str>) -> String {
    detail
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.format("%d-%m-%Y %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A group's meeting or proposal time, in the Netherlands' time.
fn local_moment(at: Option<&str>) -> String {
    at.and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| {
            d.with_timezone(&chrono_tz::Europe::Amsterdam)
                .format("%d-%m-%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// One sentence saying what happened, without the item's title.
fn what_happened(item: &Item, locale: Locale) -> String {
    let someone = match locale {
        Locale::Nl => "Iemand",
        Locale::En => "Someone",
    };
    let actor = item.actor_name.as_deref().unwrap_or(someone);
    let detail = item.detail.as_deref();
    match (item.kind, locale) {
        (NotificationKind::Comment, Locale::Nl) => format!("{actor} reageerde"),
        (NotificationKind::Comment, Locale::En) => format!("{actor} commented"),
        (NotificationKind::Reply, Locale::Nl) => format!("{actor} antwoordde op je reactie"),
        (NotificationKind::Reply, Locale::En) => format!("{actor} replied to your comment"),
        (NotificationKind::OfficialReply, Locale::Nl) => {
            format!("{actor} gaf een officieel antwoord")
        }
        (NotificationKind::OfficialReply, Locale::En) => format!("{actor} replied officially"),
        (NotificationKind::IdeaStatus, Locale::Nl) => format!(
            "De status is nu: {}",
            status_label(detail.unwrap_or(""), locale)
        ),
        (NotificationKind::IdeaStatus, Locale::En) => format!(
            "The status is now: {}",
            status_label(detail.unwrap_or(""), locale)
        ),
        (NotificationKind::IdeaPublished, Locale::Nl) => {
            format!("{actor} plaatste een nieuw idee in een gebied dat je volgt")
        }
        (NotificationKind::IdeaPublished, Locale::En) => {
            format!("{actor} posted a new idea in an area you follow")
        }
        (NotificationKind::PlanOpened, Locale::Nl) => {
            format!("De inspraak is geopend, tot {}", moment(detail))
        }
        (NotificationKind::PlanOpened, Locale::En) => {
            format!("Feedback is open until {}", moment(detail))
        }
        (NotificationKind::PlanClosing, Locale::Nl) => {
            format!("De inspraak sluit binnen 48 uur, op {}", moment(detail))
        }
        (NotificationKind::PlanClosing, Locale::En) => {
            format!("Feedback closes within 48 hours, at {}", moment(detail))
        }
        (NotificationKind::PlanResponded, Locale::Nl) => {
            "De gemeente liet weten wat ze met de inbreng deed".to_owned()
        }
        (NotificationKind::PlanResponded, Locale::En) => {
            "The municipality said what it did with the input".to_owned()
        }
        (NotificationKind::ThresholdReached, Locale::Nl) => format!(
            "Het idee heeft {} steunbetuigingen en wacht op beoordeling",
            detail.unwrap_or("genoeg")
        ),
        (NotificationKind::ThresholdReached, Locale::En) => format!(
            "The idea has {} supports and awaits review",
            detail.unwrap_or("enough")
        ),
        (NotificationKind::GroupInvitation, Locale::Nl) => {
            format!("{actor} nodigde je uit om lid te worden; de link staat in een aparte e-mail")
        }
        (NotificationKind::GroupInvitation, Locale::En) => {
            format!("{actor} invited you to join; the link is in a separate email")
        }
        (NotificationKind::JoinRequest, Locale::Nl) => format!("{actor} wil lid worden"),
        (NotificationKind::JoinRequest, Locale::En) => format!("{actor} asks to join"),
        (NotificationKind::JoinAnswered, Locale::Nl) => match detail {
            Some("approved") => "Je verzoek is aangenomen: je bent nu lid".to_owned(),
            _ => "Je verzoek om lid te worden is afgewezen".to_owned(),
        },
        (NotificationKind::JoinAnswered, Locale::En) => match detail {
            Some("approved") => "Your request was approved: you are a member now".to_owned(),
            _ => "Your request to join was declined".to_owned(),
        },
        (NotificationKind::TaskAssigned, Locale::Nl) => format!("{actor} gaf je een taak"),
        (NotificationKind::TaskAssigned, Locale::En) => format!("{actor} assigned a task to you"),
        (NotificationKind::MeetingScheduled, _) => {
            let (change, at) = detail
                .and_then(|d| d.split_once(' '))
                .unwrap_or(("scheduled", ""));
            let at = local_moment(Some(at));
            match (change, locale) {
                ("cancelled", Locale::Nl) => format!("De bijeenkomst van {at} gaat niet door"),
                ("cancelled", Locale::En) => format!("The meeting of {at} is cancelled"),
                ("changed", Locale::Nl) => format!("De bijeenkomst is gewijzigd; die begint {at}"),
                ("changed", Locale::En) => format!("The meeting changed; it starts {at}"),
                (_, Locale::Nl) => format!("{actor} plande een bijeenkomst op {at}"),
                (_, Locale::En) => format!("{actor} scheduled a meeting at {at}"),
            }
        }
        (NotificationKind::DecisionOpened, Locale::Nl) => format!(
            "{actor} deed een voorstel; geef je antwoord tot {}",
            local_moment(detail)
        ),
        (NotificationKind::DecisionOpened, Locale::En) => format!(
            "{actor} made a proposal; answer until {}",
            local_moment(detail)
        ),
        (NotificationKind::DecisionClosing, Locale::Nl) => format!(
            "Een voorstel sluit binnen 24 uur, op {}; je hebt nog niet geantwoord",
            local_moment(detail)
        ),
        (NotificationKind::DecisionClosing, Locale::En) => format!(
            "A proposal closes within 24 hours, at {}; you have not answered yet",
            local_moment(detail)
        ),
        (NotificationKind::BudgetPhase, _) => budget_phase(detail, locale),
    }
}

/// A day in the Netherlands' time, as words: "12 maart 2026", "12 March 2026".
fn local_day(at: &str, locale: Locale) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    use chrono::Datelike;
    chrono::DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|d| {
            let d = d.with_timezone(&chrono_tz::Europe::Amsterdam);
            match locale {
                Locale::Nl => format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year()),
                Locale::En => d.format("%-d %B %Y").to_string(),
            }
        })
        .unwrap_or_default()
}

/// What a budget round's new phase means; `detail` is the phase and when it ends.
fn budget_phase(detail: Option<&str>, locale: Locale) -> String {
    let (phase, until) = match detail.and_then(|d| d.split_once(' ')) {
        Some((phase, until)) => (phase, local_day(until, locale)),
        None => (detail.unwrap_or(""), String::new()),
    };
    match (phase, locale) {
        ("submitting", Locale::Nl) => format!("Je kunt nu projecten indienen, tot {until}"),
        ("submitting", Locale::En) => format!("You can submit projects now, until {until}"),
        ("assessment", Locale::Nl) => {
            format!("De gemeente bekijkt nu de projecten. Stemmen begint op {until}")
        }
        ("assessment", Locale::En) => {
            format!("The municipality is now checking the projects. Voting starts on {until}")
        }
        ("voting", Locale::Nl) => format!("Stemmen is begonnen, tot {until}"),
        ("voting", Locale::En) => format!("Voting has started, until {until}"),
        ("result", Locale::Nl) => "Stemmen is voorbij. De uitslag is bekend".to_owned(),
        ("result", Locale::En) => "Voting has closed. The result is out".to_owned(),
        (_, Locale::Nl) => "De gekozen projecten worden nu uitgevoerd".to_owned(),
        (_, Locale::En) => "The chosen projects are now being carried out".to_owned(),
    }
}

/// The subject line of a single notification.
fn title(item: &Item, locale: Locale) -> String {
    let t = &item.subject_title;
    match (item.kind, locale) {
        (NotificationKind::Comment, Locale::Nl) => format!("Nieuwe reactie op: {t}"),
        (NotificationKind::Comment, Locale::En) => format!("New comment on: {t}"),
        (NotificationKind::Reply, Locale::Nl) => format!("Antwoord op je reactie bij: {t}"),
        (NotificationKind::Reply, Locale::En) => format!("A reply to your comment on: {t}"),
        (NotificationKind::OfficialReply, Locale::Nl) => format!("Officieel antwoord bij: {t}"),
        (NotificationKind::OfficialReply, Locale::En) => format!("Official reply on: {t}"),
        (NotificationKind::IdeaStatus, Locale::Nl) => format!("Nieuwe status voor: {t}"),
        (NotificationKind::IdeaStatus, Locale::En) => format!("New status for: {t}"),
        (NotificationKind::IdeaPublished, Locale::Nl) => format!("Nieuw idee: {t}"),
        (NotificationKind::IdeaPublished, Locale::En) => format!("New idea: {t}"),
        (NotificationKind::PlanOpened, Locale::Nl) => format!("Inspraak geopend: {t}"),
        (NotificationKind::PlanOpened, Locale::En) => format!("Feedback open: {t}"),
        (NotificationKind::PlanClosing, Locale::Nl) => format!("Nog 48 uur inspraak: {t}"),
        (NotificationKind::PlanClosing, Locale::En) => format!("48 hours left for feedback: {t}"),
        (NotificationKind::PlanResponded, Locale::Nl) => format!("Reactie van de gemeente: {t}"),
        (NotificationKind::PlanResponded, Locale::En) => format!("The municipality responded: {t}"),
        (NotificationKind::ThresholdReached, Locale::Nl) => format!("Genoeg steun voor: {t}"),
        (NotificationKind::ThresholdReached, Locale::En) => format!("Enough support for: {t}"),
        (NotificationKind::GroupInvitation, Locale::Nl) => format!("Uitnodiging voor: {t}"),
        (NotificationKind::GroupInvitation, Locale::En) => format!("Invitation to: {t}"),
        (NotificationKind::JoinRequest, Locale::Nl) => format!("Verzoek om lid te worden van: {t}"),
        (NotificationKind::JoinRequest, Locale::En) => format!("A request to join: {t}"),
        (NotificationKind::JoinAnswered, Locale::Nl) => format!("Antwoord op je verzoek: {t}"),
        (NotificationKind::JoinAnswered, Locale::En) => format!("Your request to join: {t}"),
        (NotificationKind::TaskAssigned, Locale::Nl) => format!("Een taak voor jou in: {t}"),
        (NotificationKind::TaskAssigned, Locale::En) => format!("A task for you in: {t}"),
        (NotificationKind::MeetingScheduled, Locale::Nl) => format!("Bijeenkomst van: {t}"),
        (NotificationKind::MeetingScheduled, Locale::En) => format!("Meeting of: {t}"),
        (NotificationKind::DecisionOpened, Locale::Nl) => format!("Nieuw voorstel in: {t}"),
        (NotificationKind::DecisionOpened, Locale::En) => format!("New proposal in: {t}"),
        (NotificationKind::DecisionClosing, Locale::Nl) => format!("Voorstel sluit bijna in: {t}"),
        (NotificationKind::DecisionClosing, Locale::En) => format!("Proposal closing soon in: {t}"),
        (NotificationKind::BudgetPhase, Locale::Nl) => format!("Nieuwe fase in: {t}"),
        (NotificationKind::BudgetPhase, Locale::En) => format!("A new phase in: {t}"),
    }
}

/// What happened, with the excerpt or reason when there is one.
fn lines(item: &Item, locale: Locale) -> Vec<String> {
    let mut lines = vec![format!("{}.", what_happened(item, locale))];
    if let Some(text) = item.text.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(match (item.kind, locale) {
            (NotificationKind::IdeaStatus, Locale::Nl) => format!("Reden: {text}"),
            (NotificationKind::IdeaStatus, Locale::En) => format!("Reason: {text}"),
            _ => format!("“{text}”"),
        });
    }
    lines
}

impl Templates {
    /// Renders what a notification mail job sends.
    pub fn notification_mail(&self, mail: &NotificationMail) -> Result<Rendered, MailError> {
        let Some(first) = mail.items.first() else {
            return Err(MailError::Render("the mail has no notifications".into()));
        };
        match mail.digest {
            None => {
                let title = title(first, mail.locale);
                let lines = lines(first, mail.locale);
                self.notification(
                    mail.locale,
                    &Notification {
                        title: &title,
                        lines: &lines,
                        item_link: &item_path(first),
                        unsubscribe_link: &mail.unsubscribe_path,
                        preferences_link: PREFERENCES_PATH,
                    },
                )
            }
            Some(cadence) => self.digest(mail, cadence),
        }
    }

    fn digest(&self, mail: &NotificationMail, cadence: Cadence) -> Result<Rendered, MailError> {
        let locale = mail.locale;
        // Per item, in the order each first came up.
        let mut groups: Vec<(&Item, Vec<String>)> = Vec::new();
        for item in &mail.items {
            let line = match item.text.as_deref().filter(|t| !t.trim().is_empty()) {
                Some(text) => format!("{}: “{text}”", what_happened(item, locale)),
                None => what_happened(item, locale),
            };
            match groups.iter_mut().find(|(g, _)| {
                g.subject_kind == item.subject_kind && g.subject_id == item.subject_id
            }) {
                Some((_, lines)) => lines.push(line),
                None => groups.push((item, vec![line])),
            }
        }
        let mut sections = Vec::with_capacity(groups.len());
        for (item, lines) in groups {
            sections.push(Section {
                heading: Link {
                    label: item.subject_title.clone(),
                    url: self.link("item link", &item_path(item))?,
                },
                lines,
            });
        }
        let unsubscribe = self.link("unsubscribe link", &mail.unsubscribe_path)?;
        let preferences = self.link("preferences link", PREFERENCES_PATH)?;
        let count = mail.items.len();
        let weekly = cadence == Cadence::Weekly;
        let (subject, heading, intro, why, stop, prefs) = match locale {
            Locale::Nl => (
                format!(
                    "Je {} overzicht van Plein: {count} {}",
                    if weekly { "wekelijkse" } else { "dagelijkse" },
                    if count == 1 { "melding" } else { "meldingen" }
                ),
                if weekly {
                    "Deze week op Plein"
                } else {
                    "Vandaag op Plein"
                },
                "Dit gebeurde bij wat je volgt.",
                "Je krijgt dit overzicht omdat je meldingen per e-mail hebt aangezet.",
                if weekly {
                    "Afmelden voor het wekelijkse overzicht"
                } else {
                    "Afmelden voor het dagelijkse overzicht"
                },
                "E-mailvoorkeuren",
            ),
            Locale::En => (
                format!(
                    "Your {} Plein digest: {count} {}",
                    if weekly { "weekly" } else { "daily" },
                    if count == 1 {
                        "notification"
                    } else {
                        "notifications"
                    }
                ),
                if weekly {
                    "This week on Plein"
                } else {
                    "Today on Plein"
                },
                "This happened to what you follow.",
                "You get this digest because you turned on notifications by email.",
                if weekly {
                    "Unsubscribe from the weekly digest"
                } else {
                    "Unsubscribe from the daily digest"
                },
                "Email preferences",
            ),
        };
        let content = Content {
            sections,
            subject,
            heading: heading.into(),
            paragraphs: vec![intro.into()],
            action: None,
            small_print: vec![why.into()],
            footer_links: vec![
                Link {
                    label: stop.into(),
                    url: unsubscribe.clone(),
                },
                Link {
                    label: prefs.into(),
                    url: preferences,
                },
            ],
        };
        Ok(self.render(
            locale,
            content,
            vec![MailHeader::ListUnsubscribe { url: unsubscribe }],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::templates;
    use super::*;
    use uuid::Uuid;

    fn item(kind: NotificationKind, subject: Uuid, title: &str) -> Item {
        Item {
            id: Uuid::now_v7(),
            kind,
            subject_kind: FollowKind::Idea,
            subject_id: subject,
            subject_title: title.into(),
            actor_name: Some("Fatima".into()),
            text: Some("<b>Goed plan</b>".into()),
            detail: Some("under_review".into()),
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
    fn a_single_notification_says_what_happened_to_which_item() {
        let idea = Uuid::now_v7();
        let rendered = templates()
            .notification_mail(&mail(
                Locale::Nl,
                None,
                vec![item(NotificationKind::Reply, idea, "Bankje")],
            ))
            .expect("renders");
        assert_eq!(rendered.subject, "Antwoord op je reactie bij: Bankje");
        assert!(rendered.text.contains("Fatima antwoordde op je reactie."));
        assert!(rendered.text.contains(&format!("/ideeen/{idea}")));
        assert!(!rendered.html.contains("<b>Goed"));
        assert_eq!(rendered.headers.len(), 1);
    }

    #[test]
    fn a_digest_groups_per_item() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let items = vec![
            item(NotificationKind::Comment, a, "Bankje"),
            item(NotificationKind::IdeaStatus, b, "Boom"),
            item(NotificationKind::Comment, a, "Bankje"),
        ];
        let rendered = templates()
            .notification_mail(&mail(Locale::En, Some(Cadence::Daily), items))
            .expect("renders");
        assert_eq!(rendered.subject, "Your daily Plein digest: 3 notifications");
        assert_eq!(rendered.html.matches("<h2").count(), 2);
        assert_eq!(rendered.text.matches("## Bankje").count(), 1);
        assert!(rendered.text.contains("The status is now: under review"));
        assert!(rendered.text.contains("Unsubscribe from the daily digest"));
        assert_eq!(
            rendered.headers,
            vec![MailHeader::ListUnsubscribe {
                url: "https://plein.example/unsubscribe?token=abc.def".into()
            }]
        );
    }
}
