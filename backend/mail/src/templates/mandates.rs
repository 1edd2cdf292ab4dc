//! The mail to someone who was just given a mandate ("machtiging"): who gave
//! it, what it covers and until when, and where to see or give it back.

use plein_app::mail::MailError;
use plein_app::mandates::MandateMail;
use plein_domain::{Locale, MandateAction};

use super::layout::{Content, Link};
use super::{Rendered, Templates};

/// Where the web app lists the mandates someone gave and holds.
pub const MANDATES_PATH: &str = "/machtigingen";

fn action_name(locale: Locale, action: MandateAction) -> &'static str {
    match (locale, action) {
        (Locale::Nl, MandateAction::PostIdeas) => "ideeën plaatsen",
        (Locale::Nl, MandateAction::Support) => "ideeën steunen",
        (Locale::Nl, MandateAction::Comment) => "reageren",
        (Locale::Nl, MandateAction::Rsvp) => "je aanmelden voor bijeenkomsten",
        (Locale::Nl, MandateAction::Vote) => "stemmen over besluiten",
        (Locale::Nl, MandateAction::BudgetVote) => "stemmen in de burgerbegroting",
        (Locale::En, MandateAction::PostIdeas) => "post ideas",
        (Locale::En, MandateAction::Support) => "support ideas",
        (Locale::En, MandateAction::Comment) => "comment",
        (Locale::En, MandateAction::Rsvp) => "answer meeting invitations",
        (Locale::En, MandateAction::Vote) => "vote on decisions",
        (Locale::En, MandateAction::BudgetVote) => "vote in citizens' budgets",
    }
}

/// "a, b and c" in the mail's language.
fn listed(locale: Locale, items: &[&str]) -> String {
    let and = match locale {
        Locale::Nl => " en ",
        Locale::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

impl Templates {
    /// Tells a delegate that `mail.grantor_name` gave them a mandate.
    pub fn mandate_granted(&self, mail: &MandateMail) -> Result<Rendered, MailError> {
        let locale = mail.locale;
        let url = self.link("mandates page", MANDATES_PATH)?;
        let grantor = &mail.grantor_name;
        let names: Vec<&str> = mail
            .actions
            .iter()
            .map(|a| action_name(locale, a))
            .collect();
        let actions = listed(locale, &names);
        let until = mail
            .valid_until
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .format("%d-%m-%Y %H:%M")
            .to_string();
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: format!("{grantor} heeft je gemachtigd"),
                heading: format!("Je mag nu namens {grantor} meedoen"),
                paragraphs: vec![
                    format!(
                        "{grantor} heeft je op Plein een machtiging gegeven. Je mag namens \
                         {grantor}: {actions}."
                    ),
                    format!(
                        "De machtiging geldt tot {until}. Wat je namens {grantor} doet, staat \
                         op naam van {grantor}, met jouw naam erbij, en {grantor} ziet het terug."
                    ),
                ],
                action: Some(Link {
                    label: "Machtigingen bekijken".into(),
                    url,
                }),
                small_print: vec![format!(
                    "Wil je dit niet? Geef de machtiging terug op de pagina Machtigingen; \
                     daarna kun je niet meer namens {grantor} handelen."
                )],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: format!("{grantor} gave you a mandate"),
                heading: format!("You may now act for {grantor}"),
                paragraphs: vec![
                    format!(
                        "{grantor} gave you a mandate on Plein. On {grantor}'s behalf you \
                         may {actions}."
                    ),
                    format!(
                        "The mandate is valid until {until}. What you do for {grantor} is \
                         recorded as {grantor}'s, with your name beside it, and {grantor} \
                         sees it."
                    ),
                ],
                action: Some(Link {
                    label: "View your mandates".into(),
                    url,
                }),
                small_print: vec![format!(
                    "Don't want this? Give the mandate back on the Mandates page; after that \
                     you can no longer act for {grantor}."
                )],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_as_a_list() {
        assert_eq!(listed(Locale::Nl, &[]), "");
        assert_eq!(listed(Locale::Nl, &["reageren"]), "reageren");
        assert_eq!(
            listed(Locale::Nl, &["ideeën steunen", "reageren", "stemmen"]),
            "ideeën steunen, reageren en stemmen"
        );
        assert_eq!(listed(Locale::En, &["comment", "vote"]), "comment and vote");
    }
}
