//! Outreach Flows (OUT-1, OUT-2): `/staff/outreach` lists the templates, `/staff/outreach/new`
//! writes one, and `/staff/outreach/:template` edits it, previews it for a patient and sends it
//! now to a chosen audience with each recipient's delivery status. Variants (`{{ key }}`) are
//! inserted at the cursor by the variant picker; previews are plain text, never HTML.
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params};
use portico_types::ProblemDetails;
use portico_types::outreach::{
    OutreachChannel, OutreachRecipient, OutreachSend, OutreachTemplate, TemplateInput, Variant,
};
use portico_types::patients::PatientSummary;
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{
    Dialog, ErrorBanner, Flash, FormErrors, Loaded, Loading, PageHeader, TextAreaField, TextField, focus,
};
use crate::format;
use crate::links;
use crate::routes::params::TemplateRoute;
use crate::widgets::patient_picker::{PatientPicker, patient_name};

mod confirm;
mod editor;
mod list;
mod new_template;
mod preview;
mod results;
mod send_panel;
mod template_page;
mod variant_picker;

use confirm::ConfirmOutreach;
use editor::TemplateEditor;
pub use list::OutreachTemplates;
pub use new_template::NewTemplate;
use preview::PreviewPanel;
use results::SendResults;
use send_panel::SendPanel;
pub use template_page::TemplatePage;
use variant_picker::VariantPicker;

/// The API's limit on one send (OUT-2).
const MAX_AUDIENCE: usize = 500;

pub const fn channel_label(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "Email",
        OutreachChannel::Sms => "Text message",
    }
}

/// "by email", "by text message".
pub const fn channel_words(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "by email",
        OutreachChannel::Sms => "by text message",
    }
}

/// What a recipient without an address for the channel lacks.
pub const fn missing_address(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "No email on file",
        OutreachChannel::Sms => "No phone number on file",
    }
}

fn has_address(c: OutreachChannel, p: &PatientSummary) -> bool {
    match c {
        OutreachChannel::Email => p.email.is_some(),
        OutreachChannel::Sms => p.phone.is_some(),
    }
}

/// "Send “Portal invitation” by email to 3 patients?"
pub fn send_question(name: &str, channel: OutreachChannel, count: usize) -> String {
    let noun = if count == 1 { "patient" } else { "patients" };
    format!("Send “{name}” {} to {count} {noun}?", channel_words(channel))
}

/// Where in `text` a browser's UTF-16 offset falls, as a byte index on a character boundary
/// (rounded forward, past the end clamped to the end).
fn byte_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with `snippet` in place of the selection `start..end` (UTF-16 offsets, as
/// `selectionStart`/`selectionEnd` give them), and the caret just after the snippet (UTF-16).
pub fn insert_at(text: &str, start: usize, end: usize, snippet: &str) -> (String, usize) {
    let (start, end) = (start.min(end), start.max(end));
    let (a, b) = (byte_index(text, start), byte_index(text, end));
    let out = format!("{}{snippet}{}", &text[..a], &text[b..]);
    let caret = text[..a].encode_utf16().count() + snippet.encode_utf16().count();
    (out, caret)
}

/// `text` with `snippet` at the end (a space between them when needed), and the caret after it.
pub fn append(text: &str, snippet: &str) -> (String, usize) {
    let space = if text.is_empty() || text.ends_with(char::is_whitespace) { "" } else { " " };
    let out = format!("{text}{space}{snippet}");
    let caret = out.encode_utf16().count();
    (out, caret)
}

/// How a variant is written in a template.
pub fn placeholder(key: &str) -> String {
    format!("{{{{ {key} }}}}")
}

/// A 422 on a send as people read it: `patient_ids[2]` becomes the third chosen patient's name.
pub fn audience_errors(p: &ProblemDetails, names: &[String]) -> Vec<String> {
    if p.errors.is_empty() {
        return vec![p.detail.clone()];
    }
    p.errors
        .iter()
        .map(|e| {
            let who = e
                .field
                .strip_prefix("patient_ids[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| names.get(i));
            match who {
                Some(name) => format!("{name}: {}", e.message),
                None => e.message.clone(),
            }
        })
        .collect()
}

const RECIPIENT_STATUSES: [(&str, &str, &str); 5] = [
    ("sent", "Sent", "tag tag-ok"),
    ("pending", "Waiting to send", "tag tag-warn"),
    ("sending", "Sending", "tag tag-warn"),
    ("failed", "Failed", "tag tag-danger"),
    ("skipped", "Skipped", "tag"),
];

fn recipient_status(status: &str) -> (String, &'static str) {
    RECIPIENT_STATUSES
        .iter()
        .find(|(s, ..)| *s == status)
        .map_or_else(|| (format::humanize(status), "tag"), |(_, label, tag)| ((*label).to_owned(), *tag))
}

/// "3 recipients: 2 sent, 1 skipped".
pub fn status_summary(recipients: &[OutreachRecipient]) -> String {
    let counts: Vec<String> = RECIPIENT_STATUSES
        .iter()
        .filter_map(|(status, label, _)| {
            let n = recipients.iter().filter(|r| r.status == *status).count();
            (n > 0).then(|| format!("{n} {}", label.to_lowercase()))
        })
        .collect();
    let noun = if recipients.len() == 1 { "recipient" } else { "recipients" };
    format!("{} {noun}: {}", recipients.len(), counts.join(", "))
}

/// The start of a message, for the list: its first line, cut at 80 characters.
fn first_line(body: &str) -> String {
    let line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim();
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(79).collect::<String>())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_types::{ErrorCode, FieldError};

    #[test]
    fn variants_go_in_at_the_cursor() {
        assert_eq!(insert_at("Hello !", 6, 6, "{{ x }}"), ("Hello {{ x }}!".to_owned(), 13));
        assert_eq!(insert_at("", 0, 0, "{{ x }}"), ("{{ x }}".to_owned(), 7));
        // A selection is replaced, whichever way it was made.
        assert_eq!(insert_at("Hi NAME.", 3, 7, "{{ x }}"), ("Hi {{ x }}.".to_owned(), 10));
        assert_eq!(insert_at("Hi NAME.", 7, 3, "{{ x }}"), ("Hi {{ x }}.".to_owned(), 10));
        // Past the end: at the end.
        assert_eq!(insert_at("Hi", 40, 40, "{{ x }}"), ("Hi{{ x }}".to_owned(), 9));
    }

    #[test]
    fn cursor_offsets_are_utf16_like_the_browser() {
        // “ and ” are one UTF-16 unit each but three bytes; 🙂 is two units and four bytes.
        assert_eq!(insert_at("“Hi” ", 4, 4, "{{ x }}"), ("“Hi”{{ x }} ".to_owned(), 11));
        assert_eq!(insert_at("🙂 ok", 2, 2, "{{ x }}"), ("🙂{{ x }} ok".to_owned(), 9));
        // An offset inside a surrogate pair moves past the character, never splits it.
        assert_eq!(insert_at("🙂", 1, 1, "!"), ("🙂!".to_owned(), 3));
    }

    #[test]
    fn without_a_cursor_variants_are_appended() {
        assert_eq!(append("", "{{ x }}"), ("{{ x }}".to_owned(), 7));
        assert_eq!(append("Hello", "{{ x }}"), ("Hello {{ x }}".to_owned(), 13));
        assert_eq!(append("Hello\n", "{{ x }}"), ("Hello\n{{ x }}".to_owned(), 13));
        assert_eq!(placeholder("patient_portal_link"), "{{ patient_portal_link }}");
    }

    #[test]
    fn channels_read_plainly() {
        assert_eq!(
            send_question("Portal invitation", OutreachChannel::Email, 3),
            "Send “Portal invitation” by email to 3 patients?"
        );
        assert_eq!(send_question("Reminder", OutreachChannel::Sms, 1), "Send “Reminder” by text message to 1 patient?");
        assert_eq!(missing_address(OutreachChannel::Email), "No email on file");
        assert_eq!(missing_address(OutreachChannel::Sms), "No phone number on file");
        assert_eq!(channel_label(OutreachChannel::Sms), "Text message");
    }

    #[test]
    fn refused_recipients_are_named() {
        let mut p = crate::api::problem(422, ErrorCode::ValidationFailed, "Check", "Check the fields.");
        p.errors = vec![
            FieldError { field: "patient_ids[1]".into(), message: "This is not a patient of your practice.".into() },
            FieldError { field: "patient_ids".into(), message: "Choose at least one patient.".into() },
            FieldError { field: "patient_ids[9]".into(), message: "Unknown.".into() },
        ];
        let names = ["Ann Lee".to_owned(), "Bo Diaz".to_owned()];
        assert_eq!(
            audience_errors(&p, &names),
            ["Bo Diaz: This is not a patient of your practice.", "Choose at least one patient.", "Unknown."]
        );
        p.errors.clear();
        assert_eq!(audience_errors(&p, &names), ["Check the fields."]);
    }

    #[test]
    fn send_status_is_counted() {
        let r = |status: &str| OutreachRecipient {
            patient_id: Uuid::nil(),
            patient_name: "A".into(),
            to: None,
            status: status.into(),
            detail: None,
        };
        assert_eq!(status_summary(&[r("sent"), r("sent"), r("skipped")]), "3 recipients: 2 sent, 1 skipped");
        assert_eq!(status_summary(&[r("pending")]), "1 recipient: 1 waiting to send");
        assert_eq!(first_line("\n  Hello there  \nmore"), "Hello there");
        assert_eq!(first_line(&"x".repeat(90)).chars().count(), 80);
    }
}
