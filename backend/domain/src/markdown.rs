//! Markdown to HTML that is safe to put in a page: no scripts, no event
//! handlers, no `javascript:` links, and links that pass no authority.

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.link_rel(Some("nofollow noopener"));
        builder
    })
}

/// Renders Markdown (CommonMark with tables and strikethrough) to sanitised HTML.
pub fn to_safe_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
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
    fn links_carry_no_authority() {
        let html = to_safe_html("[plein](https://example.nl)");
        assert!(html.contains(r#"rel="nofollow noopener""#), "{html}");
    }
}
