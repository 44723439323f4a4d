//! How names, dates and phone numbers read on screen.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use js_sys::Intl::{DateTimeFormatOptions, DateTimeStyle};
use portico_types::patients::AdministrativeSex;

/// "Jordan Alvarez", or "Jordan “Jo” Alvarez" with a preferred name.
pub fn full_name(first: &str, last: &str, preferred: Option<&str>) -> String {
    match preferred.filter(|p| !p.is_empty() && *p != first) {
        Some(p) => format!("{first} “{p}” {last}"),
        None => format!("{first} {last}"),
    }
}

/// "Mar 4, 1985"
pub fn date(d: NaiveDate) -> String {
    d.format("%b %-d, %Y").to_string()
}

/// "Nov 21, 2026, 9:40 AM" in the browser's time zone and locale.
pub fn instant(t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&t.to_rfc3339().into());
    let options = DateTimeFormatOptions::new();
    options.set_date_style(DateTimeStyle::Medium);
    options.set_time_style(DateTimeStyle::Short);
    date.to_locale_string("en-US", &options).into()
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

#[cfg(test)]
mod tests {
    use super::*;

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
