//! iCalendar (RFC 5545) output for `plan --ics`: one VCALENDAR of VEVENTs.
//!
//! Times are floating local times (`DTSTART:20261102T190000`, no zone): an evening block
//! stays at 19:00 on the learner's own calendar on both sides of a daylight-saving change,
//! which is what a study habit means, and no time zone table has to be written. Lines end
//! with CRLF and are folded at 75 octets, never inside a UTF-8 character. Text from a
//! roadmap is untrusted: control characters are dropped and `\`, `;`, `,` and line breaks
//! escaped, so that no text can end its property and start another.

use chrono::{DateTime, NaiveDateTime, Utc};

/// The longest content line, in octets, before it is folded (RFC 5545, 3.1).
const LINE_OCTETS: usize = 75;

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique and stable: importing the file again updates the event.
    pub uid: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub description: String,
}

/// A calendar: its name, when it was made, and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub name: String,
    pub stamp: DateTime<Utc>,
    pub events: Vec<Event>,
}

/// The calendar as an iCalendar file.
pub fn write(cal: &Calendar) -> String {
    let mut out = String::with_capacity(256 + cal.events.len() * 320);
    let stamp = cal.stamp.format("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        concat!(
            "PRODID:-//roadmap//roadmap ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(&cal.name)));
    for e in &cal.events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART:{}", local(e.start)));
        line(&mut out, &format!("DTEND:{}", local(e.end)));
        line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&e.description)));
        }
        line(&mut out, "TRANSP:OPAQUE");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// A floating local date-time.
fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value: control characters dropped (a line break kept, as `\n`), and the
/// characters with a meaning in a content line escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded: at most 75 octets a line, continuation lines starting
/// with a space, each break between two characters.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn text_is_escaped_and_cannot_start_a_property() {
        assert_eq!(text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(
            text("one\r\nSUMMARY:evil\nx\u{1b}[31m\u{7}"),
            "one\\nSUMMARY:evil\\nx[31m"
        );
        assert_eq!(text("tab\there\u{85}"), "tab here\\n");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "é".repeat(100));
        line(&mut out, &content);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{content}\r\n"));
    }

    #[test]
    fn a_calendar_has_crlf_lines_and_floating_times() {
        let cal = Calendar {
            name: "roadmap: Backend".into(),
            stamp: "2026-11-23T09:00:00Z".parse().unwrap(),
            events: vec![Event {
                uid: "r-a-0@roadmap.invalid".into(),
                start: at("2026-11-02 19:00"),
                end: at("2026-11-02 21:00"),
                summary: "A, the topic".into(),
                description: String::new(),
            }],
        };
        let s = write(&cal);
        assert!(s.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//roadmap//"));
        assert!(s.contains("\r\nDTSTAMP:20261123T090000Z\r\n"));
        assert!(s.contains("\r\nDTSTART:20261102T190000\r\nDTEND:20261102T210000\r\n"));
        assert!(s.contains("\r\nSUMMARY:A\\, the topic\r\n"));
        assert!(s.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!s.replace("\r\n", "").contains('\n'));
    }
}
