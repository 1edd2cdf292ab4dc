//! The accessibility statement (toegankelijkheidsverklaring) and the privacy
//! statement, in Dutch and English. Plein ships a default for each; a
//! municipality replaces them with its own Markdown files
//! (`PLEIN_ACCESSIBILITY_STATEMENT`, `PLEIN_PRIVACY_STATEMENT`). In either,
//! `{name}`, `{url}` and `{contact}` stand for the installation's name, its
//! public address and how to reach it.

use plein_domain::Locale;

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    Accessibility,
    Privacy,
}

/// A statement's Markdown in each language.
#[derive(Debug, Clone)]
pub struct StatementText {
    pub nl: String,
    pub en: String,
}

/// Both statements, rendered once to safe HTML.
#[derive(Debug, Clone)]
pub struct Statements {
    accessibility: Rendered,
    privacy: Rendered,
}

#[derive(Debug, Clone)]
struct Rendered {
    nl: String,
    en: String,
    custom: bool,
}

/// What fills `{contact}` when no address is configured.
fn no_contact(locale: Locale) -> &'static str {
    match locale {
        Locale::Nl => {
            "Neem contact op met de gemeente via de contactgegevens op haar eigen website."
        }
        Locale::En => "Contact the municipality through the contact details on its own website.",
    }
}

fn contact_sentence(locale: Locale, email: &str) -> String {
    match locale {
        Locale::Nl => format!("Mail naar [{email}](mailto:{email})."),
        Locale::En => format!("Email [{email}](mailto:{email})."),
    }
}

fn default_text(kind: StatementKind) -> StatementText {
    match kind {
        StatementKind::Accessibility => StatementText {
            nl: include_str!("../statements/accessibility.nl.md").to_owned(),
            en: include_str!("../statements/accessibility.en.md").to_owned(),
        },
        StatementKind::Privacy => StatementText {
            nl: include_str!("../statements/privacy.nl.md").to_owned(),
            en: include_str!("../statements/privacy.en.md").to_owned(),
        },
    }
}

/// Where the installation is and how people reach it, for the placeholders.
#[derive(Debug, Clone)]
pub struct StatementPlaces<'a> {
    pub name: &'a str,
    pub public_url: &'a str,
    /// An email address for questions (`PLEIN_CONTACT_EMAIL`).
    pub contact_email: Option<&'a str>,
}

fn fill(markdown: &str, places: &StatementPlaces<'_>, locale: Locale) -> String {
    let contact = match places.contact_email {
        Some(email) => contact_sentence(locale, email),
        None => no_contact(locale).to_owned(),
    };
    let text = markdown
        .replace("{name}", places.name)
        .replace("{url}", places.public_url)
        .replace("{contact}", &contact);
    plein_domain::markdown::to_safe_html(&text)
}

fn render(
    kind: StatementKind,
    custom: Option<StatementText>,
    places: &StatementPlaces<'_>,
) -> Rendered {
    let is_custom = custom.is_some();
    let text = custom.unwrap_or_else(|| default_text(kind));
    Rendered {
        nl: fill(&text.nl, places, Locale::Nl),
        en: fill(&text.en, places, Locale::En),
        custom: is_custom,
    }
}

impl Statements {
    /// The statements, each the municipality's own when given, else Plein's default.
    pub fn new(
        places: &StatementPlaces<'_>,
        accessibility: Option<StatementText>,
        privacy: Option<StatementText>,
    ) -> Self {
        Self {
            accessibility: render(StatementKind::Accessibility, accessibility, places),
            privacy: render(StatementKind::Privacy, privacy, places),
        }
    }

    /// The statement as safe HTML in `locale`, and whether it is the
    /// municipality's own text.
    pub fn html(&self, kind: StatementKind, locale: Locale) -> (&str, bool) {
        let rendered = match kind {
            StatementKind::Accessibility => &self.accessibility,
            StatementKind::Privacy => &self.privacy,
        };
        let html = match locale {
            Locale::Nl => &rendered.nl,
            Locale::En => &rendered.en,
        };
        (html, rendered.custom)
    }
}

impl Default for Statements {
    fn default() -> Self {
        Self::new(
            &StatementPlaces {
                name: "Plein",
                public_url: "http://127.0.0.1:8080",
                contact_email: None,
            },
            None,
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_name_the_installation_and_link_the_own_data_pages() {
        let statements = Statements::new(
            &StatementPlaces {
                name: "Gemeente Amstelveld",
                public_url: "https://plein.amstelveld.nl",
                contact_email: Some("plein@amstelveld.nl"),
            },
            None,
            None,
        );
        let (nl, custom) = statements.html(StatementKind::Accessibility, Locale::Nl);
        assert!(!custom);
        assert!(nl.contains("Gemeente Amstelveld wil dat iedereen"));
        assert!(nl.contains("mailto:plein@amstelveld.nl"));
        assert!(!nl.contains('{'));
        let (en, _) = statements.html(StatementKind::Privacy, Locale::En);
        assert!(en.contains("href=\"/profiel\""));
        assert!(en.contains("<table>"));
    }

    #[test]
    fn a_custom_text_is_made_safe() {
        let statements = Statements::new(
            &StatementPlaces {
                name: "Plein",
                public_url: "https://x",
                contact_email: None,
            },
            None,
            Some(StatementText {
                nl: "# Eigen tekst van {name}\n<script>alert(1)</script>".into(),
                en: "# Own text".into(),
            }),
        );
        let (nl, custom) = statements.html(StatementKind::Privacy, Locale::Nl);
        assert!(custom);
        assert!(nl.contains("Eigen tekst van Plein"));
        assert!(!nl.contains("<script"));
    }
}
