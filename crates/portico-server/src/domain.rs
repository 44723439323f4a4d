//! Parse, don't validate: the value types every area shares. Each `parse` returns the clean value
//! or a message written for the person who typed it.
use chrono::NaiveDate;

/// A normalised (trimmed, lower-cased) email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim().to_lowercase();
        const HINT: &str = "Enter an email address like name@example.com.";
        if s.is_empty() {
            return Err("Enter an email address.".into());
        }
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(HINT.into());
        }
        let (local, domain) = s.split_once('@').ok_or(HINT)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(HINT.into());
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A phone number in E.164 (`+15550100123`). Ten-digit numbers are taken as North American.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, String> {
        const HINT: &str =
            "Enter a phone number such as (217) 555-0123, or with its country code such as +44 20 7946 0958.";
        let trimmed = input.trim();
        if trimmed.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) {
            return Err(HINT.into());
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let international = trimmed.starts_with('+');
        let e164 = match (international, digits.len()) {
            (true, 8..=15) => format!("+{digits}"),
            (false, 10) => format!("+1{digits}"),
            (false, 11) if digits.starts_with('1') => format!("+{digits}"),
            _ => return Err(HINT.into()),
        };
        // North American numbers: area code and exchange never start with 0 or 1.
        if let Some(nanp) = e164.strip_prefix("+1") {
            let b = nanp.as_bytes();
            if nanp.len() != 10 || b[0] < b'2' || b[3] < b'2' {
                return Err(HINT.into());
            }
        }
        Ok(Self(e164))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A required piece of a person's name: trimmed, 1–100 characters, with at least one letter.
/// Bidirectional-text controls (U+202A–U+202E, U+2066–U+2069) and zero-width marks: invisible in a
/// name, they can make "Ann" display as someone else's name in a list, an email or the audit log.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

pub fn person_name(input: &str, what: &str) -> Result<String, String> {
    let s = collapse_spaces(input);
    if s.is_empty() {
        return Err(format!("Enter the {what}."));
    }
    if s.chars().count() > 100 {
        return Err(format!("Keep the {what} to 100 characters or fewer."));
    }
    if s.chars().any(is_invisible_control) {
        return Err(format!("The {what} contains invisible formatting characters; type it again without them."));
    }
    if s.chars().any(char::is_control) || !s.chars().any(char::is_alphabetic) {
        return Err(format!("The {what} should contain letters."));
    }
    Ok(s)
}

/// Optional free text: blank becomes `None`; otherwise at most `max` characters, no control characters.
pub fn optional_text(input: Option<&str>, max: usize, what: &str) -> Result<Option<String>, String> {
    let Some(s) = input.map(collapse_spaces).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if s.chars().count() > max {
        return Err(format!("Keep the {what} to {max} characters or fewer."));
    }
    if s.chars().any(|c| c.is_control() || is_invisible_control(c)) {
        return Err(format!("The {what} contains characters that are not allowed."));
    }
    Ok(Some(s))
}

/// Optional email or phone, blank meaning none.
pub fn optional<T>(input: Option<&str>, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

/// A date of birth: `YYYY-MM-DD`, not in the future, not before 1900.
pub fn date_of_birth(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let d = parse_date(input).ok_or("Enter a valid date of birth.")?;
    if d > today {
        return Err("The date of birth cannot be in the future.".into());
    }
    if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err("Check the year of birth: it is before 1900.".into());
    }
    Ok(d)
}

/// `YYYY-MM-DD` or the US `MM/DD/YYYY` staff tend to type.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y")).ok()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Ann.Lee@Example.COM ").unwrap().as_str(), "ann.lee@example.com");
        for bad in ["", "ann", "ann@", "@x.com", "ann@localhost", "a b@x.com", "ann@x..com", "ann@.x.com"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(Phone::parse("(217) 555-0123").unwrap().as_str(), "+12175550123");
        assert_eq!(Phone::parse("1 217 555 0123").unwrap().as_str(), "+12175550123");
        assert_eq!(Phone::parse("+44 20 7946 0958").unwrap().as_str(), "+442079460958");
        for bad in ["", "555-0123", "abc", "(017) 555-0123", "+1 217 155 0123", "+123"] {
            assert!(Phone::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn names() {
        assert_eq!(person_name("  Mary   Ann ", "first name").unwrap(), "Mary Ann");
        assert!(person_name("   ", "first name").is_err());
        assert!(person_name("1234", "first name").is_err());
        assert!(person_name(&"a".repeat(101), "first name").is_err());
        // A right-to-left override makes the rest of a name display backwards.
        for bad in ["Ann\u{202E}nhoJ", "Ann\u{2066}x", "An\u{200B}n"] {
            assert!(person_name(bad, "first name").unwrap_err().contains("invisible"), "{bad:?}");
        }
        assert_eq!(person_name("José Núñez", "first name").unwrap(), "José Núñez");
    }

    #[test]
    fn dates_of_birth() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(date_of_birth("03/14/1958", today).unwrap(), NaiveDate::from_ymd_opt(1958, 3, 14).unwrap());
        assert!(date_of_birth("2027-01-01", today).is_err());
        assert!(date_of_birth("1899-12-31", today).is_err());
        assert!(date_of_birth("14.03.1958", today).is_err());
        assert!(date_of_birth("2023-02-30", today).is_err());
    }

    #[test]
    fn optional_values() {
        assert_eq!(optional(Some("  "), Email::parse).unwrap(), None);
        assert!(optional(Some("nope"), Email::parse).is_err());
        assert_eq!(optional_text(Some(" x "), 5, "note").unwrap(), Some("x".into()));
        assert!(optional_text(Some("toolong"), 3, "note").is_err());
    }
}
