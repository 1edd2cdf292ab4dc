//! The generic notification: something someone follows changed. It always
//! carries a one-click unsubscribe link (RFC 8058) and a link to the mail
//! preferences.

use plein_app::mail::{MailError, MailHeader};
use plein_domain::Locale;

use super::layout::{Content, Link};
use super::{Rendered, Templates};

/// What a notification says. Links are app paths; values are plain text.
#[derive(Debug, Clone, Copy)]
pub struct Notification<'a> {
    /// Becomes the subject and the heading.
    pub title: &'a str,
    /// One paragraph each.
    pub lines: &'a [String],
    /// Where the thing that changed can be seen.
    pub item_link: &'a str,
    /// The signed link that stops this kind of mail without signing in.
    pub unsubscribe_link: &'a str,
    pub preferences_link: &'a str,
}

impl Templates {
    pub fn notification(
        &self,
        locale: Locale,
        notification: &Notification<'_>,
    ) -> Result<Rendered, MailError> {
        let title = notification.title.trim();
        if title.is_empty() {
            return Err(MailError::Render("the notification has no title".into()));
        }
        let item = self.link("item link", notification.item_link)?;
        let unsubscribe = self.link("unsubscribe link", notification.unsubscribe_link)?;
        let preferences = self.link("preferences link", notification.preferences_link)?;
        let paragraphs = notification
            .lines
            .iter()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();

        let (view, why, stop, prefs) = match locale {
            Locale::Nl => (
                "Bekijk op Plein",
                "Je krijgt deze e-mail omdat je dit volgt op Plein en meldingen per e-mail \
                 hebt aangezet.",
                "Afmelden voor deze e-mails",
                "E-mailvoorkeuren",
            ),
            Locale::En => (
                "View on Plein",
                "You get this email because you follow this on Plein and turned on \
                 notifications by email.",
                "Unsubscribe from these emails",
                "Email preferences",
            ),
        };
        let content = Content {
            sections: Vec::new(),
            subject: title.to_owned(),
            heading: title.to_owned(),
            paragraphs,
            action: Some(Link {
                label: view.into(),
                url: item,
            }),
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

    fn lines() -> Vec<String> {
        vec![
            "De gemeente gaf je idee de status \"in behandeling\".".into(),
            "<script>alert('x')</script>".into(),
        ]
    }

    fn notify(locale: Locale, title: &str, lines: &[String]) -> Result<Rendered, MailError> {
        templates().notification(
            locale,
            &Notification {
                title,
                lines,
                item_link: "/ideas/42",
                unsubscribe_link: "/unsubscribe?token=abc.def",
                preferences_link: "/settings/notifications",
            },
        )
    }

    #[test]
    fn a_notification_links_the_item_unsubscribe_and_preferences() {
        let mail =
            notify(Locale::Nl, "Nieuws over: Bankje bij de speeltuin", &lines()).expect("renders");
        assert_eq!(mail.subject, "Nieuws over: Bankje bij de speeltuin");
        for part in [&mail.text, &mail.html] {
            assert!(part.contains("https://plein.example/ideas/42"));
            assert!(part.contains("https://plein.example/unsubscribe?token=abc.def"));
            assert!(part.contains("https://plein.example/settings/notifications"));
            assert!(part.contains("Afmelden voor deze e-mails"));
        }
        assert_eq!(
            mail.headers,
            vec![MailHeader::ListUnsubscribe {
                url: "https://plein.example/unsubscribe?token=abc.def".into()
            }]
        );
    }

    #[test]
    fn values_are_escaped_in_html_only() {
        let mail = notify(Locale::En, "<img src=x onerror=alert(1)>", &lines()).expect("renders");
        assert!(!mail.html.contains("<script>"));
        assert!(!mail.html.contains("<img"));
        assert!(
            mail.html
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        );
        assert!(mail.html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(mail.text.contains("<script>alert('x')</script>"));
    }

    #[test]
    fn locales_differ() {
        let nl = notify(Locale::Nl, "Titel", &lines()).expect("renders");
        let en = notify(Locale::En, "Titel", &lines()).expect("renders");
        assert_ne!(nl.text, en.text);
        assert_ne!(nl.html, en.html);
        assert!(en.text.contains("Unsubscribe from these emails"));
    }

    #[test]
    fn the_subject_is_one_line() {
        let mail = notify(Locale::Nl, "Twee\nregels", &[]).expect("renders");
        assert_eq!(mail.subject, "Twee regels");
    }

    #[test]
    fn missing_or_foreign_values_fail_with_the_reason() {
        let err = notify(Locale::Nl, "  ", &lines()).expect_err("no title");
        assert!(err.to_string().contains("no title"), "{err}");

        let err = templates()
            .notification(
                Locale::Nl,
                &Notification {
                    title: "Titel",
                    lines: &[],
                    item_link: "/ideas/1",
                    unsubscribe_link: "https://elsewhere.example/u",
                    preferences_link: "/settings",
                },
            )
            .expect_err("foreign link");
        assert!(err.to_string().contains("unsubscribe link"), "{err}");
    }
}
