//! One layout for every mail, in text and HTML: the Plein header, the message,
//! an optional button with its link spelled out, and the footer naming the
//! installation. Every value is escaped on its way into the HTML.

use plein_domain::Locale;

use super::escape_html;

/// What a message kind says, before layout.
pub(super) struct Content {
    pub subject: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub action: Option<Link>,
    /// Smaller text under the action, such as "ignore this if it wasn't you".
    pub small_print: Vec<String>,
    /// Links in the footer, such as unsubscribe and preferences.
    pub footer_links: Vec<Link>,
    /// Items under the paragraphs, each with a heading that links to it (a digest).
    pub sections: Vec<Section>,
}

/// One item of a digest: its title, linked, and what happened to it.
pub(super) struct Section {
    pub heading: Link,
    pub lines: Vec<String>,
}

/// A label and an absolute URL.
pub(super) struct Link {
    pub label: String,
    pub url: String,
}

pub(super) struct Frame<'a> {
    pub locale: Locale,
    pub base_url: &'a str,
    pub installation: &'a str,
}

const ACCENT: &str = "#01689b";
const MUTED: &str = "#4b5563";

fn copy_hint(locale: Locale) -> &'static str {
    match locale {
        Locale::Nl => "Werkt de knop niet? Kopieer deze link naar je browser:",
        Locale::En => "Button not working? Copy this link into your browser:",
    }
}

fn footer_line(locale: Locale, installation: &str) -> String {
    match locale {
        Locale::Nl => format!("Plein is het buurtplatform van {installation}."),
        Locale::En => format!("Plein is the neighbourhood platform of {installation}."),
    }
}

pub(super) fn text(frame: &Frame<'_>, content: &Content) -> String {
    let mut out = format!("Plein · {}\n\n{}\n", frame.installation, content.heading);
    for paragraph in &content.paragraphs {
        out.push('\n');
        out.push_str(paragraph);
        out.push('\n');
    }
    for section in &content.sections {
        out.push_str(&format!(
            "\n## {}\n{}\n",
            section.heading.label, section.heading.url
        ));
        for line in &section.lines {
            out.push_str(&format!("- {line}\n"));
        }
    }
    if let Some(action) = &content.action {
        out.push_str(&format!("\n{}:\n{}\n", action.label, action.url));
    }
    for line in &content.small_print {
        out.push('\n');
        out.push_str(line);
        out.push('\n');
    }
    // "-- " with its space is the signature separator mail programs know.
    out.push_str("\n-- \n");
    out.push_str(&footer_line(frame.locale, frame.installation));
    out.push('\n');
    out.push_str(frame.base_url);
    out.push('\n');
    for link in &content.footer_links {
        out.push_str(&format!("{}: {}\n", link.label, link.url));
    }
    out
}

pub(super) fn html(frame: &Frame<'_>, content: &Content) -> String {
    let e = escape_html;
    let mut body = String::new();
    body.push_str(&format!(
        "<h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;\">{}</h1>\n",
        e(&content.heading)
    ));
    for paragraph in &content.paragraphs {
        body.push_str(&format!(
            "<p style=\"margin:0 0 16px;\">{}</p>\n",
            e(paragraph).replace('\n', "<br>\n")
        ));
    }
    for section in &content.sections {
        body.push_str(&format!(
            "<h2 style=\"margin:24px 0 8px;font-size:18px;\"><a href=\"{}\" style=\"color:{ACCENT};\">{}</a></h2>\n<ul style=\"margin:0 0 16px;padding-left:20px;\">\n",
            e(&section.heading.url),
            e(&section.heading.label)
        ));
        for line in &section.lines {
            body.push_str(&format!("<li>{}</li>\n", e(line)));
        }
        body.push_str("</ul>\n");
    }
    if let Some(action) = &content.action {
        body.push_str(&format!(
            "<p style=\"margin:24px 0;\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 20px;\
             background:{ACCENT};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;\">{label}</a></p>\n\
             <p style=\"margin:0 0 16px;font-size:14px;color:{MUTED};\">{hint}<br>\n\
             <a href=\"{url}\" style=\"color:{ACCENT};word-break:break-all;\">{url}</a></p>\n",
            url = e(&action.url),
            label = e(&action.label),
            hint = e(copy_hint(frame.locale)),
        ));
    }
    for line in &content.small_print {
        body.push_str(&format!(
            "<p style=\"margin:0 0 16px;font-size:14px;color:{MUTED};\">{}</p>\n",
            e(line)
        ));
    }
    let footer_links = content
        .footer_links
        .iter()
        .map(|link| {
            format!(
                "<a href=\"{}\" style=\"color:{MUTED};\">{}</a>",
                e(&link.url),
                e(&link.label)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let footer_links = if footer_links.is_empty() {
        String::new()
    } else {
        format!("<p style=\"margin:8px 0 0;\">{footer_links}</p>\n")
    };

    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"{lang}\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n\
         </head>\n\
         <body style=\"margin:0;padding:0;background:#f3f4f6;\">\n\
         <div style=\"max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2937;\
         font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;\">\n\
         <p style=\"margin:0 0 24px;font-size:26px;font-weight:bold;color:{ACCENT};\">Plein</p>\n\
         {body}\
         <hr style=\"border:none;border-top:1px solid #e5e7eb;margin:32px 0 16px;\">\n\
         <div style=\"font-size:13px;color:{MUTED};\">\n\
         <p style=\"margin:0;\">{footer} <a href=\"{base}\" style=\"color:{MUTED};\">{base}</a></p>\n\
         {footer_links}\
         </div>\n\
         </div>\n\
         </body>\n\
         </html>\n",
        lang = frame.locale.as_str(),
        title = e(&content.subject),
        footer = e(&footer_line(frame.locale, frame.installation)),
        base = e(frame.base_url),
    )
}
