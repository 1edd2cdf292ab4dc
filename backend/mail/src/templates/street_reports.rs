//! The mails about reports of problems in the street: the confirmation link
//! for a reporter without an account, the new report for the party with its
//! handling link, the status change for the reporter and those who joined
//! (after a resolve with "is it solved?"), and the reopened report for the
//! party. Parties and reporters without an account get Dutch.

use plein_app::mail::MailError;
use plein_app::street_reports::{ReportMail, ReportMailKind};
use plein_domain::Locale;
use plein_domain::street_reports::ReportStatus;

use super::layout::{Content, Link};
use super::{Rendered, Templates, day};

fn status_name(locale: Locale, status: ReportStatus) -> &'static str {
    match (locale, status) {
        (Locale::Nl, ReportStatus::Unconfirmed) => "nog niet bevestigd",
        (Locale::Nl, ReportStatus::New) => "nieuw",
        (Locale::Nl, ReportStatus::Acknowledged) => "gezien",
        (Locale::Nl, ReportStatus::InProgress) => "in behandeling",
        (Locale::Nl, ReportStatus::Resolved) => "opgelost",
        (Locale::Nl, ReportStatus::Reopened) => "opnieuw geopend",
        (Locale::Nl, ReportStatus::NotOurs) => "terug naar de gemeente",
        (Locale::En, ReportStatus::Unconfirmed) => "not confirmed yet",
        (Locale::En, ReportStatus::New) => "new",
        (Locale::En, ReportStatus::Acknowledged) => "seen",
        (Locale::En, ReportStatus::InProgress) => "being fixed",
        (Locale::En, ReportStatus::Resolved) => "solved",
        (Locale::En, ReportStatus::Reopened) => "reopened",
        (Locale::En, ReportStatus::NotOurs) => "back with the municipality",
    }
}

impl Templates {
    /// One report mail, in the recipient's language.
    pub fn street_report_mail(&self, mail: &ReportMail) -> Result<Rendered, MailError> {
        let locale = mail.locale;
        let action_url = match &mail.link_path {
            Some(path) => Some(self.link("report link", path)?),
            None => None,
        };
        let report_url = self.link("report page", &mail.report_path)?;
        let category = &mail.category;
        let place = mail.address.as_deref().unwrap_or("");
        let status = status_name(locale, mail.status);
        let due = day(mail.deadline_at);
        let quoted = format!("“{}”", mail.description);
        let content = match (locale, mail.kind) {
            (Locale::Nl, ReportMailKind::Confirm) => Content {
                subject: format!("Bevestig je melding: {category}"),
                heading: "Bevestig je melding".into(),
                paragraphs: vec![
                    format!("Je hebt een melding gedaan bij {place}: {category}."),
                    quoted,
                    "Klik op de knop om de melding te bevestigen. Pas dan gaat hij naar wie het \
                     oplost. De link werkt 7 dagen."
                        .into(),
                ],
                action: action_url.map(|url| Link {
                    label: "Melding bevestigen".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je niets gemeld? Negeer deze e-mail; dan gebeurt er niets.".into(),
                ],
                footer_links: vec![],
                sections: vec![],
            },
            (Locale::En, ReportMailKind::Confirm) => Content {
                subject: format!("Confirm your report: {category}"),
                heading: "Confirm your report".into(),
                paragraphs: vec![
                    format!("You reported a problem at {place}: {category}."),
                    quoted,
                    "Click the button to confirm it. Only then does it go to whoever fixes it. \
                     The link works for 7 days."
                        .into(),
                ],
                action: action_url.map(|url| Link {
                    label: "Confirm the report".into(),
                    url,
                }),
                small_print: vec!["Didn't report anything? Ignore this email.".into()],
                footer_links: vec![],
                sections: vec![],
            },
            (_, ReportMailKind::Routed | ReportMailKind::Reopened) => {
                let reopened = mail.kind == ReportMailKind::Reopened;
                Content {
                    subject: if reopened {
                        format!("Melding opnieuw geopend: {category} bij {place}")
                    } else {
                        format!("Nieuwe melding: {category} bij {place}")
                    },
                    heading: if reopened {
                        "De melder zegt: het is nog niet opgelost".into()
                    } else {
                        "Er is een nieuwe melding voor jullie".into()
                    },
                    paragraphs: vec![
                        format!("{category} bij {place}."),
                        quoted,
                        format!("Graag opgelost vóór {due}."),
                        "Met de knop zet je de melding op gezien, in behandeling of opgelost \
                         (met een bericht dat iedereen kan lezen), of geef je hem terug aan de \
                         gemeente als hij niet bij jullie hoort. Een account is niet nodig."
                            .into(),
                    ],
                    action: action_url.map(|url| Link {
                        label: "Melding behandelen".into(),
                        url,
                    }),
                    small_print: vec![
                        "Deze link is alleen voor jullie organisatie: stuur hem niet door.".into(),
                    ],
                    footer_links: vec![],
                    sections: vec![],
                }
            }
            (Locale::Nl, ReportMailKind::Status) => {
                let mut paragraphs = vec![format!(
                    "Je melding over {category} bij {place} is nu: {status}."
                )];
                if let Some(message) = &mail.message {
                    paragraphs.push(format!("Bericht: “{message}”"));
                }
                let solved = mail.status == ReportStatus::Resolved && action_url.is_some();
                if solved {
                    paragraphs
                        .push("Is het echt opgelost? Laat het ons weten met één klik.".into());
                }
                Content {
                    subject: format!("Je melding is {status}: {category}"),
                    heading: format!("Je melding is {status}"),
                    paragraphs,
                    action: Some(match action_url {
                        Some(url) if solved => Link {
                            label: "Is het opgelost?".into(),
                            url,
                        },
                        _ => Link {
                            label: "Melding bekijken".into(),
                            url: report_url.clone(),
                        },
                    }),
                    small_print: vec![],
                    footer_links: vec![],
                    sections: vec![],
                }
            }
            (Locale::En, ReportMailKind::Status) => {
                let mut paragraphs = vec![format!(
                    "Your report of {category} at {place} is now: {status}."
                )];
                if let Some(message) = &mail.message {
                    paragraphs.push(format!("Message: “{message}”"));
                }
                let solved = mail.status == ReportStatus::Resolved && action_url.is_some();
                if solved {
                    paragraphs.push("Is it really solved? Tell us with one click.".into());
                }
                Content {
                    subject: format!("Your report is {status}: {category}"),
                    heading: format!("Your report is {status}"),
                    paragraphs,
                    action: Some(match action_url {
                        Some(url) if solved => Link {
                            label: "Is it solved?".into(),
                            url,
                        },
                        _ => Link {
                            label: "View the report".into(),
                            url: report_url.clone(),
                        },
                    }),
                    small_print: vec![],
                    footer_links: vec![],
                    sections: vec![],
                }
            }
        };
        Ok(self.render(locale, content, vec![]))
    }
}
