//! Text people write, through every parser and renderer it meets: Markdown
//! to sanitised HTML and plain text, titles, bodies, tags, display names,
//! email addresses, and the text fields of an iCalendar file.
//!
//! Beyond "does not panic", each output keeps its promise: the HTML has no
//! script, event handler or `javascript:` link; parsed values are trimmed,
//! bounded and free of control characters, and parse again to themselves;
//! every calendar line is at most 75 octets and ends in CRLF, and no text
//! adds a property of its own.

#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use plein_domain::ical::{IcsEvent, calendar};
use plein_domain::markdown::{to_plain_text, to_safe_html};
use plein_domain::{DisplayName, Email, Markdown, Tag, Title};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    check_html(text, &to_safe_html(text));
    let plain = to_plain_text(text);
    assert_eq!(plain, plain.trim());

    if let Ok(title) = Title::parse(text) {
        let title = title.into_inner();
        check_plain("title", &title, Title::MAX_LEN);
        assert_eq!(Title::parse(&title).map(Title::into_inner), Ok(title));
    }
    if let Ok(name) = DisplayName::parse(text) {
        let name = name.into_inner();
        check_plain("display name", &name, DisplayName::MAX_LEN);
        assert_eq!(
            DisplayName::parse(&name).map(DisplayName::into_inner),
            Ok(name)
        );
    }
    if let Ok(body) = Markdown::parse("body", text, 20_000) {
        assert_eq!(body.as_str(), text, "a body is kept as written");
        assert!(!text.trim().is_empty());
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
            "{text:?}"
        );
    }
    let items: Vec<String> = text.split(['\n', ';']).map(str::to_owned).collect();
    if let Ok(tags) = Tag::parse_list(&items) {
        assert!(tags.len() <= Tag::MAX_PER_ITEM);
        for (i, tag) in tags.iter().enumerate() {
            check_plain("tag", tag.as_str(), Tag::MAX_LEN);
            assert!(!tag.as_str().contains(','), "{tag:?}");
            assert!(!tags[..i].contains(tag), "duplicate {tag:?}");
            assert_eq!(Tag::parse(tag.as_str()).as_ref(), Ok(tag));
        }
    }
    if let Ok(email) = Email::parse(text) {
        let email = email.as_str();
        assert!(email.len() <= Email::MAX_LEN);
        assert_eq!(email, email.trim());
        assert!(email.contains('@') && !email.chars().any(char::is_whitespace));
        assert_eq!(
            Email::parse(email).as_ref().map(Email::as_str),
            Ok(email),
            "normalising twice changes nothing"
        );
    }

    check_calendar(text);
});

/// A parsed plain-text value: trimmed, 1 to `max` characters, no control characters.
fn check_plain(what: &str, value: &str, max: usize) {
    assert_eq!(value, value.trim(), "{what} {value:?}");
    let len = value.chars().count();
    assert!((1..=max).contains(&len), "{what} of {len} characters");
    assert!(
        !value.chars().any(char::is_control),
        "{what} {value:?} has a control character"
    );
}

/// Sanitised HTML: every tag is read as a browser would (the serialiser
/// always double-quotes attribute values and escapes `<` in text), and none
/// may run script.
fn check_html(markdown: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{markdown:?} gave {html}");
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        i = start + 1;
        let name_len = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(html.len() - i);
        let tag = html[i..i + name_len].trim_matches('/').to_ascii_lowercase();
        assert!(
            !matches!(
                tag.as_str(),
                "script" | "style" | "iframe" | "object" | "embed" | "form" | "base" | "meta"
            ),
            "{markdown:?} gave a <{tag}> in {html}"
        );
        i += name_len;
        // Attributes, up to the end of the tag.
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            if i >= bytes.len() {
                panic!("{markdown:?} gave an unclosed tag in {html}");
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            let name_end = html[i..]
                .find(|c: char| c == '=' || c == '>' || c.is_ascii_whitespace())
                .map_or(html.len(), |p| p + i);
            let name = html[i..name_end].to_ascii_lowercase();
            i = name_end;
            assert!(
                !name.starts_with("on"),
                "{markdown:?} gave an event handler {name} in {html}"
            );
            assert!(
                !matches!(name.as_str(), "style" | "srcdoc" | "formaction"),
                "{markdown:?} gave {name} in {html}"
            );
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            assert_eq!(bytes.get(i), Some(&b'"'), "unquoted value in {html}");
            let value_end = html[i + 1..]
                .find('"')
                .map(|p| p + i + 1)
                .unwrap_or_else(|| panic!("{markdown:?} gave an unclosed value in {html}"));
            let value = decode_entities(&html[i + 1..value_end]);
            i = value_end + 1;
            if matches!(
                name.as_str(),
                "href" | "src" | "cite" | "action" | "background" | "poster" | "xlink:href"
            ) {
                // As a browser reads a URL: without tabs and newlines, and
                // without leading spaces and control characters.
                let url: String = value
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .trim_start_matches(|c: char| c <= ' ')
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !url.starts_with(scheme),
                        "{markdown:?} gave {name}={value:?} in {html}"
                    );
                }
            }
        }
    }
}

/// Decodes the character references an HTML serialiser writes, and the
/// numeric ones in general.
fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A calendar with the text in every text field: the first line as the
/// title, the whole as the description, the last line as the place, and
/// the second as the calendar's name and the link.
fn check_calendar(text: &str) {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or(text);
    let last = text.lines().last().unwrap_or(text);
    let at = |h| {
        Utc.with_ymd_and_hms(2026, 10, 25, h, 30, 0)
            .single()
            .expect("time")
    };
    let event = IcsEvent {
        uid: "meeting-0b6f1c2e-8a55-4d3e-9c1e-2f3a4b5c6d7e@plein",
        sequence: 1,
        stamp: at(0),
        starts_at: at(1),
        ends_at: at(2),
        summary: first,
        description: Some(text),
        location: Some(last),
        url: Some(second),
        updated_at: at(0),
        cancelled: false,
    };
    let ics = calendar(second, &[event]);

    assert!(ics.ends_with("\r\n"));
    let body = ics.strip_suffix("\r\n").unwrap_or(&ics);
    let mut properties = Vec::new();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        assert!(!line.is_empty(), "an empty line in {ics:?}");
        if !line.starts_with(' ') {
            let name_end = line.find([':', ';']).unwrap_or(line.len());
            properties.push(line[..name_end].to_owned());
        }
    }
    // Text never adds or drops a property: the event has exactly these.
    let event_properties: Vec<&str> = properties
        .iter()
        .map(String::as_str)
        .skip_while(|p| *p != "BEGIN")
        .collect();
    let expected_event = [
        "BEGIN",
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "URL",
        "LAST-MODIFIED",
        "STATUS",
        "END",
        "END",
    ];
    let tail = &event_properties[event_properties.len() - expected_event.len()..];
    assert_eq!(tail, expected_event, "{ics}");
    assert_eq!(
        properties.iter().filter(|p| *p == "X-WR-CALNAME").count(),
        1
    );
    assert_eq!(properties.len(), 7 + 18 + expected_event.len(), "{ics}");
}
