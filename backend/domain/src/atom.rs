//! Atom (RFC 4287) output for news feeds of areas, ideas, plans and searches.
//!
//! A [`Feed`] of [`Entry`]s is written by [`Feed::to_xml`]. All text is
//! escaped here; HTML content (already made safe by `markdown::to_safe_html`)
//! goes in as escaped text with `type="html"`, as RFC 4287 §3.1.1.2 asks.

use chrono::{DateTime, SecondsFormat, Utc};

/// A whole feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// A stable IRI for the feed (its canonical address).
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The address this feed is served at (`rel="self"`).
    pub self_url: String,
    /// The web page the feed follows (`rel="alternate"`).
    pub alternate_url: String,
    /// The feed's language, such as "nl".
    pub lang: String,
    /// The newest change of any entry, or when the subject itself changed.
    pub updated: DateTime<Utc>,
    /// The feed's author (RFC 4287 requires one for the feed or each entry).
    pub author: String,
    pub entries: Vec<Entry>,
}

/// One entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable across versions of the entry: a `urn:uuid:` or a canonical URL.
    pub id: String,
    pub title: String,
    /// The web page the entry is about (`rel="alternate"`).
    pub url: String,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Plain text.
    pub summary: Option<String>,
    /// Safe HTML, written escaped with `type="html"`.
    pub content_html: Option<String>,
    /// A category term, such as "idea" or "status".
    pub category: Option<String>,
}

/// Escapes text for an XML element or a double-quoted attribute, and drops
/// characters XML 1.0 does not allow.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn link(out: &mut String, indent: &str, rel: &str, kind: &str, href: &str) {
    out.push_str(&format!(
        "{indent}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        escape(href)
    ));
}

impl Feed {
    /// The feed as an Atom document, UTF-8.
    pub fn to_xml(&self) -> String {
        let mut out = String::with_capacity(1024 + self.entries.len() * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&self.lang)
        ));
        element(&mut out, "  ", "id", &self.id);
        element(&mut out, "  ", "title", &self.title);
        if let Some(subtitle) = &self.subtitle {
            element(&mut out, "  ", "subtitle", subtitle);
        }
        element(&mut out, "  ", "updated", &time(self.updated));
        out.push_str("  <author>\n");
        element(&mut out, "    ", "name", &self.author);
        out.push_str("  </author>\n");
        out.push_str("  <generator>Plein</generator>\n");
        link(
            &mut out,
            "  ",
            "self",
            "application/atom+xml",
            &self.self_url,
        );
        link(
            &mut out,
            "  ",
            "alternate",
            "text/html",
            &self.alternate_url,
        );
        for entry in &self.entries {
            out.push_str("  <entry>\n");
            element(&mut out, "    ", "id", &entry.id);
            element(&mut out, "    ", "title", &entry.title);
            link(&mut out, "    ", "alternate", "text/html", &entry.url);
            element(&mut out, "    ", "published", &time(entry.published));
            element(&mut out, "    ", "updated", &time(entry.updated));
            if let Some(category) = &entry.category {
                out.push_str(&format!("    <category term=\"{}\"/>\n", escape(category)));
            }
            if let Some(summary) = &entry.summary {
                element(&mut out, "    ", "summary", summary);
            }
            if let Some(html) = &entry.content_html {
                out.push_str("    <content type=\"html\">");
                out.push_str(&escape(html));
                out.push_str("</content>\n");
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("a time")
    }

    #[test]
    fn escapes_text_attributes_and_control_characters() {
        assert_eq!(
            escape("a<b>&\"c\"'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;\n"
        );
    }

    #[test]
    fn writes_a_feed_with_its_links_and_entries() {
        let feed = Feed {
            id: "https://plein.test/feeds/ideas/1.atom".into(),
            title: "Bankjes & <bomen>".into(),
            subtitle: None,
            self_url: "https://plein.test/feeds/ideas/1.atom?x=1&y=2".into(),
            alternate_url: "https://plein.test/ideeen/1".into(),
            lang: "nl".into(),
            updated: at("2026-03-01T12:00:00Z"),
            author: "Plein".into(),
            entries: vec![Entry {
                id: "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001".into(),
                title: "Status: in behandeling".into(),
                url: "https://plein.test/ideeen/1".into(),
                published: at("2026-03-01T11:00:00Z"),
                updated: at("2026-03-01T12:00:00Z"),
                summary: Some("Omdat <het> kan".into()),
                content_html: Some("<p>Een <em>goed</em> idee</p>".into()),
                category: Some("status".into()),
            }],
        };
        let xml = feed.to_xml();
        assert!(xml.contains("<title>Bankjes &amp; &lt;bomen&gt;</title>"));
        assert!(xml.contains("href=\"https://plein.test/feeds/ideas/1.atom?x=1&amp;y=2\""));
        assert!(xml.contains("<updated>2026-03-01T12:00:00Z</updated>"));
        assert!(xml.contains(
            "<content type=\"html\">&lt;p&gt;Een &lt;em&gt;goed&lt;/em&gt; idee&lt;/p&gt;</content>"
        ));
        assert!(xml.contains("<summary>Omdat &lt;het&gt; kan</summary>"));
    }
}
