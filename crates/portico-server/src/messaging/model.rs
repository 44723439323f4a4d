//! The rules of messaging that need no database: what a subject and a body may hold, the list
//! preview, and when a participant is told about a new message (MSG-3).
use chrono::{DateTime, Duration, Utc};

/// At most one "you have a new message" per portal account in this long, while it has not read.
pub const NOTICE_COALESCE: Duration = Duration::minutes(15);
pub const SUBJECT_MAX: usize = 120;
pub const BODY_MAX: usize = 10_000;
const PREVIEW_CHARS: usize = 140;

/// Bidirectional overrides and isolates can make text read differently from what it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A thread's subject: one line, 1–120 characters.
pub fn subject(raw: &str) -> Result<String, &'static str> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err("Enter a subject, like \"Your exercise plan\".");
    }
    if s.chars().count() > SUBJECT_MAX {
        return Err("Keep the subject to 120 characters or fewer.");
    }
    if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err("The subject holds characters that cannot be shown. Type it again.");
    }
    Ok(s)
}

/// A message body: plain text with its line breaks (`\r\n` becomes `\n`), trailing spaces and
/// blank lines at either end trimmed, 1–10,000 characters.
pub fn body(raw: &str) -> Result<String, &'static str> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let text = lines.join("\n").trim_matches('\n').to_owned();
    if text.trim().is_empty() {
        return Err("Write a message first.");
    }
    if text.chars().count() > BODY_MAX {
        return Err("Keep a message to 10,000 characters or fewer; send the rest in a second message.");
    }
    if text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)) {
        return Err("The message holds characters that cannot be shown. Type it again or paste it as plain text.");
    }
    Ok(text)
}

/// The first words of a body on one line, for lists; for files sent without words, how many.
pub fn preview(body: &str, attachments: usize) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return match attachments {
            1 => "Sent a file".to_owned(),
            n => format!("Sent {n} files"),
        };
    }
    if flat.chars().count() <= PREVIEW_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(PREVIEW_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Whether to tell a participant about a new message now: unless they were told less than 15
/// minutes ago and have not opened any thread since (they already know something is waiting).
pub fn should_notify(last_notice: Option<DateTime<Utc>>, read_since_notice: bool, now: DateTime<Utc>) -> bool {
    match last_notice {
        None => true,
        Some(sent) => read_since_notice || now - sent >= NOTICE_COALESCE,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn bodies_keep_their_lines_and_lose_only_the_edges() {
        assert_eq!(
            body("  \r\nHello Maya,\r\n\r\nSee you Tuesday.   \n\n").unwrap(),
            "Hello Maya,\n\nSee you Tuesday."
        );
        assert_eq!(body("<b>not bold</b>").unwrap(), "<b>not bold</b>", "text, never markup: kept as typed");
        assert!(body(" \n\t\n ").is_err());
        assert!(body(&"x".repeat(BODY_MAX + 1)).is_err());
        assert!(body(&"x".repeat(BODY_MAX)).is_ok());
        assert!(body("evil\u{202E}txt.exe").is_err());
        assert!(body("bell\u{7}").is_err());
        assert_eq!(body("tab\there").unwrap(), "tab\there");
    }

    #[test]
    fn subjects_are_one_line() {
        assert_eq!(subject("  Your   exercise\nplan ").unwrap(), "Your exercise plan");
        assert!(subject("   ").is_err());
        assert!(subject(&"s".repeat(SUBJECT_MAX + 1)).is_err());
        assert!(subject("a\u{2066}b").is_err());
    }

    #[test]
    fn previews_are_short_and_flat() {
        assert_eq!(preview("Hi\n\nthere", 0), "Hi there");
        assert_eq!(preview("", 1), "Sent a file");
        assert_eq!(preview("", 3), "Sent 3 files");
        assert_eq!(preview("See the plan", 1), "See the plan");
        let long = "word ".repeat(100);
        let p = preview(&long, 0);
        assert!(p.chars().count() <= PREVIEW_CHARS && p.ends_with('…'));
    }

    #[test]
    fn notices_coalesce_for_fifteen_minutes_while_unread() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert!(should_notify(None, false, t));
        assert!(!should_notify(Some(t), false, t + Duration::minutes(14)));
        assert!(should_notify(Some(t), false, t + Duration::minutes(15)));
        assert!(should_notify(Some(t), true, t + Duration::minutes(1)), "they read since: a new message is news");
    }
}
