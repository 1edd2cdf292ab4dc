//! Mails about someone's account: each carries one link that does one thing.

use plein_app::mail::MailError;
use plein_domain::Locale;

use super::layout::{Content, Link};
use super::{Rendered, Templates};

impl Templates {
    /// Asks a new resident to confirm their address; `link` is the app path
    /// that confirms it.
    pub fn verify_email(&self, locale: Locale, link: &str) -> Result<Rendered, MailError> {
        let url = self.link("verification link", link)?;
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: "Bevestig je e-mailadres voor Plein".into(),
                heading: "Bevestig je e-mailadres".into(),
                paragraphs: vec![format!(
                    "Welkom op Plein, het buurtplatform van {}. Bevestig je e-mailadres, \
                     dan weet je zeker dat berichten over je buurt bij je aankomen.",
                    self.installation
                )],
                action: Some(Link {
                    label: "E-mailadres bevestigen".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je geen account aangemaakt op Plein? Dan kun je deze e-mail negeren."
                        .into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: "Confirm your email address for Plein".into(),
                heading: "Confirm your email address".into(),
                paragraphs: vec![format!(
                    "Welcome to Plein, the neighbourhood platform of {}. Confirm your email \
                     address so that news about your neighbourhood reaches you.",
                    self.installation
                )],
                action: Some(Link {
                    label: "Confirm email address".into(),
                    url,
                }),
                small_print: vec![
                    "Didn't create an account on Plein? Then you can ignore this email.".into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }

    /// A single-use link that signs in without a password, valid for
    /// `valid_minutes`.
    pub fn sign_in_link(
        &self,
        locale: Locale,
        link: &str,
        valid_minutes: u32,
    ) -> Result<Rendered, MailError> {
        let url = self.link("sign-in link", link)?;
        if valid_minutes == 0 {
            return Err(MailError::Render(
                "a sign-in link must be valid for at least a minute".into(),
            ));
        }
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: "Je inloglink voor Plein".into(),
                heading: "Inloggen op Plein".into(),
                paragraphs: vec![format!(
                    "Met de knop hieronder log je in zonder wachtwoord. De link werkt één keer \
                     en is {valid_minutes} {} geldig.",
                    if valid_minutes == 1 {
                        "minuut"
                    } else {
                        "minuten"
                    }
                )],
                action: Some(Link {
                    label: "Inloggen".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je niet gevraagd om in te loggen? Negeer deze e-mail; zonder de link \
                     kan niemand inloggen."
                        .into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: "Your sign-in link for Plein".into(),
                heading: "Sign in to Plein".into(),
                paragraphs: vec![format!(
                    "The button below signs you in without a password. The link works once \
                     and expires in {valid_minutes} {}.",
                    if valid_minutes == 1 {
                        "minute"
                    } else {
                        "minutes"
                    }
                )],
                action: Some(Link {
                    label: "Sign in".into(),
                    url,
                }),
                small_print: vec![
                    "Didn't ask to sign in? Ignore this email; without the link nobody can \
                     sign in."
                        .into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }

    /// A link to choose a new password.
    pub fn password_reset(&self, locale: Locale, link: &str) -> Result<Rendered, MailError> {
        let url = self.link("password reset link", link)?;
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: "Kies een nieuw wachtwoord voor Plein".into(),
                heading: "Nieuw wachtwoord kiezen".into(),
                paragraphs: vec![
                    "Er is gevraagd om een nieuw wachtwoord voor je account op Plein. \
                     Kies er een met de knop hieronder."
                        .into(),
                ],
                action: Some(Link {
                    label: "Nieuw wachtwoord kiezen".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je dit niet gevraagd? Negeer deze e-mail; je wachtwoord blijft \
                     hetzelfde."
                        .into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: "Choose a new password for Plein".into(),
                heading: "Choose a new password".into(),
                paragraphs: vec![
                    "Someone asked for a new password for your account on Plein. \
                     Choose one with the button below."
                        .into(),
                ],
                action: Some(Link {
                    label: "Choose a new password".into(),
                    url,
                }),
                small_print: vec![
                    "Didn't ask for this? Ignore this email; your password stays the same.".into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }

    /// Sent to the new address when someone changes theirs; `link` confirms
    /// the change.
    pub fn email_change_confirm(&self, locale: Locale, link: &str) -> Result<Rendered, MailError> {
        let url = self.link("confirmation link", link)?;
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: "Bevestig je nieuwe e-mailadres voor Plein".into(),
                heading: "Bevestig je nieuwe e-mailadres".into(),
                paragraphs: vec![
                    "Je wilt dit e-mailadres gebruiken voor je account op Plein. Bevestig het \
                     met de knop hieronder; tot dan blijft je oude adres in gebruik."
                        .into(),
                ],
                action: Some(Link {
                    label: "Nieuw adres bevestigen".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je dit niet gevraagd? Negeer deze e-mail; er verandert niets.".into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: "Confirm your new email address for Plein".into(),
                heading: "Confirm your new email address".into(),
                paragraphs: vec![
                    "You want to use this email address for your account on Plein. Confirm it \
                     with the button below; until then your old address stays in use."
                        .into(),
                ],
                action: Some(Link {
                    label: "Confirm new address".into(),
                    url,
                }),
                small_print: vec![
                    "Didn't ask for this? Ignore this email; nothing changes.".into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }
}

impl Templates {
    /// A single-use link to download everything Plein keeps about the
    /// recipient, sent when they ask for it.
    pub fn data_export(&self, locale: Locale, link: &str) -> Result<Rendered, MailError> {
        let url = self.link("download link", link)?;
        let content = match locale {
            Locale::Nl => Content {
                sections: Vec::new(),
                subject: "Je gegevens van Plein".into(),
                heading: "Je gegevens downloaden".into(),
                paragraphs: vec![
                    "Je vroeg om alles wat Plein over je bewaart: je profiel, ideeën, \
                     reacties, steunbetuigingen, werkgroepen, meldingen en sessies. Met de \
                     knop hieronder download je het als JSON-bestand. De link werkt één keer \
                     en is 24 uur geldig."
                        .into(),
                ],
                action: Some(Link {
                    label: "Gegevens downloaden".into(),
                    url,
                }),
                small_print: vec![
                    "Heb je dit niet gevraagd? Wijzig dan je wachtwoord; iemand anders is \
                     mogelijk ingelogd op je account."
                        .into(),
                ],
                footer_links: vec![],
            },
            Locale::En => Content {
                sections: Vec::new(),
                subject: "Your data from Plein".into(),
                heading: "Download your data".into(),
                paragraphs: vec![
                    "You asked for everything Plein keeps about you: your profile, ideas, \
                     comments, supports, working groups, notifications and sessions. The \
                     button below downloads it as a JSON file. The link works once and \
                     expires in 24 hours."
                        .into(),
                ],
                action: Some(Link {
                    label: "Download data".into(),
                    url,
                }),
                small_print: vec![
                    "Didn't ask for this? Change your password; someone else may be signed \
                     in to your account."
                        .into(),
                ],
                footer_links: vec![],
            },
        };
        Ok(self.render(locale, content, vec![]))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::templates;
    use super::*;

    fn all(locale: Locale) -> Vec<Rendered> {
        let t = templates();
        vec![
            t.verify_email(locale, "/verify-email?token=v")
                .expect("renders"),
            t.sign_in_link(locale, "/sign-in?token=s", 15)
                .expect("renders"),
            t.password_reset(locale, "/reset-password?token=r")
                .expect("renders"),
            t.email_change_confirm(locale, "/confirm-email?token=c")
                .expect("renders"),
            t.data_export(locale, "/my-data?token=d").expect("renders"),
        ]
    }

    #[test]
    fn each_kind_differs_by_locale_and_carries_its_absolute_link() {
        let links = [
            "verify-email",
            "sign-in",
            "reset-password",
            "confirm-email",
            "my-data",
        ];
        for ((nl, en), path) in all(Locale::Nl).into_iter().zip(all(Locale::En)).zip(links) {
            assert_ne!(nl.subject, en.subject);
            assert_ne!(nl.text, en.text);
            assert_ne!(nl.html, en.html);
            assert!(nl.html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
            assert!(en.html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
            for part in [&nl.text, &nl.html, &en.text, &en.html] {
                assert!(part.contains(&format!("https://plein.example/{path}?token=")));
                assert!(
                    part.contains("Gemeente Utrecht"),
                    "footer names the installation"
                );
                assert!(part.contains("Plein"));
            }
            assert!(nl.headers.is_empty() && en.headers.is_empty());
        }
    }

    #[test]
    fn dutch_is_the_default() {
        let t = templates();
        let default = t
            .verify_email(Locale::default(), "/verify-email?token=v")
            .expect("renders");
        assert_eq!(default.subject, "Bevestig je e-mailadres voor Plein");
    }

    #[test]
    fn sign_in_says_how_long_the_link_works() {
        let t = templates();
        let nl = t.sign_in_link(Locale::Nl, "/s", 15).expect("renders");
        assert!(nl.text.contains("15 minuten geldig"));
        let one = t.sign_in_link(Locale::En, "/s", 1).expect("renders");
        assert!(one.text.contains("expires in 1 minute."));
        assert!(t.sign_in_link(Locale::En, "/s", 0).is_err());
    }

    #[test]
    fn the_installation_name_is_escaped_in_html() {
        let t = Templates::new("https://plein.example", "Buurt <b>&</b> Co").expect("ok");
        let mail = t.verify_email(Locale::Nl, "/v").expect("renders");
        assert!(mail.html.contains("Buurt &lt;b&gt;&amp;&lt;/b&gt; Co"));
        assert!(!mail.html.contains("<b>"));
        assert!(
            mail.text.contains("Buurt <b>&</b> Co"),
            "text stays as written"
        );
    }

    #[test]
    fn a_link_that_is_not_an_app_path_fails_the_render() {
        let t = templates();
        let err = t
            .password_reset(Locale::Nl, "https://evil.example/reset")
            .expect_err("not a path");
        assert!(err.to_string().contains("password reset link"), "{err}");
    }
}
