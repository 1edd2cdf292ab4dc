//! The invitation to a working group, mailed to an address that may not
//! have an account yet.

use chrono::{DateTime, Utc};
use plein_app::mail::MailError;
use plein_domain::Locale;

use super::layout::{Content, Link};
use super::{Rendered, Templates, day};

/// Where the web app accepts an invitation (after sign-in or registration).
pub const INVITATION_PATH: &str = "/werkgroepen/uitnodiging";

impl Templates {
    /// An invitation to join `group`, with a link that works until
    /// `expires_at`. It goes to any address a coordinator types, so it says
    /// nothing the inviter wrote but the group's name: not their name either.
    pub fn group_invitation(
        &self,
        locale: Locale,
        group: &str,
        link: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Rendered, MailError> {
        let url = self.link("invitation link", link)?;
        let until = day(expires_at);
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: format!("Uitnodiging voor de werkgroep {group}"),
                heading: format!("Doe mee met {group}"),
                paragraphs: vec![
                    format!("Je bent uitgenodigd voor de werkgroep {group} op Plein."),
                    format!(
                        "Heb je nog geen account? Maak er een aan met de knop hieronder en neem \
                         daarna de uitnodiging aan. De link werkt tot en met {until}."
                    ),
                ],
                action: Some(Link {
                    label: "Uitnodiging bekijken".into(),
                    url,
                }),
                small_print: vec![
                    "Ken je deze werkgroep niet? Negeer deze e-mail; zonder jouw antwoord \
                     gebeurt er niets."
                        .into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: format!("Invitation to the working group {group}"),
                heading: format!("Join {group}"),
                paragraphs: vec![
                    format!("You are invited to the working group {group} on Plein."),
                    format!(
                        "No account yet? Create one with the button below, then accept the \
                         invitation. The link works until {until}."
                    ),
                ],
                action: Some(Link {
                    label: "View the invitation".into(),
                    url,
                }),
                small_print: vec![
                    "Don't know this group? Ignore this email; nothing happens without your \
                     answer."
                        .into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }
}
