//! Markdown to HTML that is safe to put in a page: no scripts, no event
//! handlers, no `javascript:` links, and links that pass no authority.

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.link_rel(Some("nofollow noopener"));
        // An image from another site tells that site who reads the page
        // (a tracking pixel): only images of Plein's own keep their source.
        builder.attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !same_site(value) => None,
            _ => Some(value.into()),
        });
        builder
    })
}

/// Whether `url` is a path on this site: `/…`, but not `//host/…` or
/// `/\host/…`, which browsers read as another host.
fn same_site(url: &str) -> bool {
    let url = url.trim_start();
    url.starts_with('/') && !url[1..].starts_with(['/', '\\'])
}

/// Renders Markdown (CommonMark with tables and strikethrough) to sanitised HTML.
/// An image from another site becomes a link to it, with its alt text.
pub fn to_safe_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    let mut off_site = Vec::new();
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let link = !same_site(&dest_url);
            off_site.push(link);
            if link {
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Image) if off_site.pop() == Some(true) => Event::End(TagEnd::Link),
        other => other,
    });
    html::push_html(&mut unsafe_html, events);
    cleaner().clean(&unsafe_html).to_string()
}

/// The words of a Markdown text without its markup, for the search index.
/// Blocks end in a newline so words of adjacent paragraphs stay apart.
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("# Kop\n\n*hoi* [daar](https://x.nl) <b>x</b>"),
            "Kop\nhoi daar x"
        );
    }

    #[test]
    fn markup_is_rendered() {
        assert_eq!(to_safe_html("*hoi*"), "<p><em>hoi</em></p>\n");
    }

    #[test]
    fn dangerous_markup_is_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn images_from_other_sites_are_not_loaded() {
        for markdown in [
            "<img src=\"https://tracker.example/p.gif\">",
            "<img src=\"//tracker.example/p.gif\">",
            "<img src=\"/\\tracker.example/p.gif\">",
            "<img src=\" https://tracker.example/p.gif\">",
            "<p><img src=\"http://tracker.example/p.gif\"></p>",
        ] {
            let html = to_safe_html(markdown);
            assert!(!html.contains("src="), "{markdown}: {html}");
        }
        // A Markdown image from elsewhere is a link to it.
        let html = to_safe_html("![de foto](https://tracker.example/p.gif)");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://tracker.example/p.gif" rel="nofollow noopener">de foto</a>"#
            ),
            "{html}"
        );
        // Images of the site itself stay.
        let html = to_safe_html("![kaart](/uploads/kaart.png)");
        assert!(
            html.contains(r#"<img src="/uploads/kaart.png" alt="kaart">"#),
            "{html}"
        );
    }

    #[test]
    fn links_carry_no_authority() {
        let html = to_safe_html("[plein](https://example.nl)");
        assert!(html.contains(r#"rel="nofollow noopener""#), "{html}");
    }
}
