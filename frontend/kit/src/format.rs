//! How names, dates and phone numbers read on screen.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use js_sys::Intl::{DateTimeFormatOptions, DateTimeStyle};
use portico_types::invitations::GrantRole;
use portico_types::patients::AdministrativeSex;

/// "Jordan Alvarez", or "Jordan “Jo” Alvarez" with a preferred name.
pub fn full_name(first: &str, last: &str, preferred: Option<&str>) -> String {
    match preferred.filter(|p| !p.is_empty() && *p != first) {
        Some(p) => format!("{first} “{p}” {last}"),
        None => format!("{first} {last}"),
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "Mar 4, 1985" (a calendar date: no time zone applies). Written out by hand: chrono's
/// `format` machinery costs the WASM far more than these lines.
pub fn date(d: NaiveDate) -> String {
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or_default();
    format!("{month} {}, {}", d.day(), d.year())
}

/// "Nov 21, 2026, 9:40 AM" in the browser's time zone and locale (the browser's `Intl`).
pub fn instant(t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    let options = DateTimeFormatOptions::new();
    options.set_date_style(DateTimeStyle::Medium);
    options.set_time_style(DateTimeStyle::Short);
    date.to_locale_string("en-US", &options).into()
}

/// "Nov 21, 2026": the day of an instant in the browser's time zone (the browser's `Intl`).
pub fn day(t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    let options = DateTimeFormatOptions::new();
    options.set_date_style(DateTimeStyle::Medium);
    date.to_locale_date_string("en-US", &options).into()
}

/// The instant in ISO 8601 for a `<time datetime>`, through the browser (chrono's formatting
/// would cost the WASM far more).
pub fn iso(t: DateTime<Utc>) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64)).to_iso_string().into()
}

/// The unread badge's words: "1 new", "3 new"; nothing for none.
pub fn new_count(n: u32) -> Option<String> {
    match n {
        0 => None,
        n if n >= portico_types::messaging::UNREAD_COUNT_CAP => Some("99+ new".to_owned()),
        n => Some(format!("{n} new")),
    }
}

/// Whole years between `born` and today (browser clock; chrono's clock does not run in WASM).
pub fn age(born: NaiveDate) -> Option<u32> {
    let now = js_sys::Date::new_0();
    let today = NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())?;
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// North American E.164 numbers as "(217) 555-0123"; anything else as stored.
pub fn phone(e164: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(n) if n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &n[..3], &n[3..6], &n[6..])
        }
        _ => e164.to_owned(),
    }
}

/// Administrative sex: the value a form sends, and what people read.
pub const SEXES: [(AdministrativeSex, &str, &str); 4] = [
    (AdministrativeSex::Unknown, "unknown", "Not recorded"),
    (AdministrativeSex::Female, "female", "Female"),
    (AdministrativeSex::Male, "male", "Male"),
    (AdministrativeSex::Other, "other", "Other"),
];

pub fn sex_label(s: AdministrativeSex) -> &'static str {
    SEXES.iter().find(|(x, ..)| *x == s).map_or("Not recorded", |(_, _, label)| label)
}

/// Whole seconds from `now_ms` until `until_ms` (both milliseconds since the epoch), rounded up
/// so a countdown never shows 0 while the wait still runs; 0 once it has passed.
pub fn seconds_until(until_ms: f64, now_ms: f64) -> u64 {
    let left = (until_ms - now_ms) / 1000.0;
    if left.is_finite() && left > 0.0 { left.ceil() as u64 } else { 0 }
}

/// A wait for staff screens: "42 s", "2 min", "1 min 5 s".
pub fn short_wait(secs: u64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A wait in plain words for patients: "42 seconds", "1 minute", "2 minutes 5 seconds".
pub fn long_wait(secs: u64) -> String {
    let unit = |n: u64, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    match (secs / 60, secs % 60) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}

/// Up to two initials of a practice's name, for its mark when it has no logo. ASCII letters are
/// made capitals; others stay as written (names are written with capitals anyway, and Unicode's
/// case tables cost the WASM some 12 KB).
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).take(2).map(|c| c.to_ascii_uppercase()).collect()
}

/// A practice's colour for the `--accent` custom property, only when it is a plain `#rrggbb`
/// (never raw CSS from the server). Set through the CSSOM (`style:--accent`), which the
/// Content-Security-Policy allows without `'unsafe-inline'`.
pub fn accent(color: &str) -> Option<String> {
    let hex = color.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| color.to_owned())
}

/// A machine word (ASCII) as people read it: `verification_code` → "Verification code".
pub fn humanize(word: &str) -> String {
    let mut spaced = word.replace(['_', '-'], " ");
    if let Some(first) = spaced.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    spaced
}

/// "Maya (you are guardian)", "Maria (you)": a patient in the portal's patient switcher.
pub fn patient_choice(first_name: &str, roles: &[GrantRole]) -> String {
    let others: Vec<&str> = roles
        .iter()
        .filter(|r| **r != GrantRole::Patient)
        .map(|r| match r {
            GrantRole::Guardian => "guardian",
            _ => "guarantor",
        })
        .collect();
    if roles.contains(&GrantRole::Patient) || others.is_empty() {
        format!("{first_name} (you)")
    } else {
        format!("{first_name} (you are {})", others.join(" and "))
    }
}

/// A file's size as people read it, in the decimal units the 10 MB limit is stated in:
/// "830 bytes", "12 KB", "1.2 MB", "10 MB".
pub fn file_size(bytes: u64) -> String {
    match bytes {
        1 => "1 byte".to_owned(),
        0..1_000 => format!("{bytes} bytes"),
        // Rounded to the nearest KB; 999.5 KB and up reads as MB.
        1_000..999_500 => format!("{} KB", (bytes + 500) / 1_000),
        _ => {
            let tenths = (bytes + 50_000) / 100_000;
            match tenths % 10 {
                0 => format!("{} MB", tenths / 10),
                t => format!("{}.{t} MB", tenths / 10),
            }
        }
    }
}

/// What kind of file this is, in plain words, from the type the server found in its content.
pub fn file_kind(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF document",
        "image/jpeg" | "image/heic" | "image/heif" => "Photo",
        t if t.starts_with("image/") => "Picture",
        t if t.starts_with("text/") => "Text file",
        _ => "File",
    }
}

/// "1 file", "3 files".
pub fn count(n: usize, one: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") }
}

/// "a.pdf", "a.pdf and b.jpg", "a.pdf, b.jpg and c.txt".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_badges_stop_at_the_cap() {
        assert_eq!(new_count(0), None);
        assert_eq!(new_count(3).as_deref(), Some("3 new"));
        assert_eq!(new_count(99).as_deref(), Some("99 new"));
        assert_eq!(new_count(100).as_deref(), Some("99+ new"));
    }

    #[test]
    fn file_sizes_read_plainly() {
        assert_eq!(file_size(0), "0 bytes");
        assert_eq!(file_size(1), "1 byte");
        assert_eq!(file_size(830), "830 bytes");
        assert_eq!(file_size(1_000), "1 KB");
        assert_eq!(file_size(12_345), "12 KB");
        assert_eq!(file_size(999_499), "999 KB");
        assert_eq!(file_size(999_500), "1 MB");
        assert_eq!(file_size(1_234_567), "1.2 MB");
        assert_eq!(file_size(1_960_000), "2 MB");
        assert_eq!(file_size(10_000_000), "10 MB");
        assert_eq!(file_size(10_000_001), "10 MB");
        assert_eq!(file_size(14_200_000), "14.2 MB");
    }

    #[test]
    fn file_kinds_and_lists() {
        assert_eq!(file_kind("application/pdf"), "PDF document");
        assert_eq!(file_kind("image/jpeg"), "Photo");
        assert_eq!(file_kind("image/png"), "Picture");
        assert_eq!(file_kind("text/plain"), "Text file");
        assert_eq!(file_kind("application/zip"), "File");
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(3, "file"), "3 files");
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a.pdf".into()]), "a.pdf");
        assert_eq!(and_list(&["a.pdf".into(), "b.jpg".into()]), "a.pdf and b.jpg");
        assert_eq!(and_list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn countdowns_round_up_and_stop_at_zero() {
        assert_eq!(seconds_until(10_000.0, 0.0), 10);
        assert_eq!(seconds_until(10_001.0, 0.0), 11);
        assert_eq!(seconds_until(500.0, 0.0), 1);
        assert_eq!(seconds_until(0.0, 0.0), 0);
        assert_eq!(seconds_until(0.0, 5_000.0), 0);
        assert_eq!(seconds_until(f64::NAN, 0.0), 0);
    }

    #[test]
    fn waits_read_plainly() {
        assert_eq!(short_wait(42), "42 s");
        assert_eq!(short_wait(60), "1 min");
        assert_eq!(short_wait(65), "1 min 5 s");
        assert_eq!(long_wait(1), "1 second");
        assert_eq!(long_wait(42), "42 seconds");
        assert_eq!(long_wait(60), "1 minute");
        assert_eq!(long_wait(121), "2 minutes 1 second");
    }

    #[test]
    fn practice_marks_and_colours() {
        assert_eq!(initials("Riverside Physical Therapy"), "RP");
        assert_eq!(initials("lakeside"), "L");
        assert_eq!(initials(""), "");
        assert_eq!(accent("#1d5c7a").as_deref(), Some("#1d5c7a"));
        assert_eq!(accent("red; background: url(x)"), None);
        assert_eq!(accent("#12345"), None);
    }

    #[test]
    fn machine_words_become_labels() {
        assert_eq!(humanize("verification_code"), "Verification code");
        assert_eq!(humanize("invitation"), "Invitation");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn switcher_names_the_role() {
        assert_eq!(patient_choice("Maria", &[GrantRole::Patient]), "Maria (you)");
        assert_eq!(patient_choice("Maya", &[GrantRole::Guardian]), "Maya (you are guardian)");
        assert_eq!(
            patient_choice("Maya", &[GrantRole::Guardian, GrantRole::Guarantor]),
            "Maya (you are guardian and guarantor)"
        );
    }

    #[test]
    fn dates_read_like_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(date(d(1985, 3, 4)), "Mar 4, 1985");
        assert_eq!(date(d(2026, 12, 31)), "Dec 31, 2026");
        assert_eq!(date(d(2000, 1, 1)), "Jan 1, 2000");
    }

    #[test]
    fn phones_read_like_phone_numbers() {
        assert_eq!(phone("+12175550123"), "(217) 555-0123");
        assert_eq!(phone("+442079460000"), "+442079460000");
    }

    #[test]
    fn preferred_names_are_quoted_once() {
        assert_eq!(full_name("Robert", "Lee", Some("Bob")), "Robert “Bob” Lee");
        assert_eq!(full_name("Robert", "Lee", Some("Robert")), "Robert Lee");
        assert_eq!(full_name("Robert", "Lee", None), "Robert Lee");
    }
}
