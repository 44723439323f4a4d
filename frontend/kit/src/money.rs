//! Money on screen: amounts as people type them, and cards as people name them. The API counts in
//! cents (`2500` is $25.00); a typed "25.5" becomes 2550 by reading its digits, never through a
//! float, so no amount is ever off by a cent.

/// Cents from a typed dollar amount: "25", "25.5", "$1,234.56", " 0.05 ". `None` for anything
/// else: more than two decimals, a sign, letters, an empty box, or more than fits.
pub fn parse_dollars(typed: &str) -> Option<i64> {
    let t = typed.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim_start();
    let (whole, cents) = t.split_once('.').unwrap_or((t, ""));
    let whole: String = whole.chars().filter(|c| *c != ',').collect();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && cents.is_empty()) || !digits(&whole) || !digits(cents) || cents.len() > 2 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// What an amount box starts with: 2500 is "25.00" (no sign, no "$", no thousands commas).
pub fn dollars_input(cents: i64) -> String {
    let abs = cents.unsigned_abs();
    format!("{}.{:02}", abs / 100, abs % 100)
}

/// A card as receipts and ledgers name it: "Visa ending 4242".
pub fn card_words(brand: &str, last4: &str) -> String {
    let brand = match brand {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        _ => "Card",
    };
    format!("{brand} ending {last4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dollars_become_exact_cents() {
        assert_eq!(parse_dollars("25"), Some(2500));
        assert_eq!(parse_dollars("25.5"), Some(2550));
        assert_eq!(parse_dollars("25.05"), Some(2505));
        assert_eq!(parse_dollars(".5"), Some(50));
        assert_eq!(parse_dollars("0.29"), Some(29));
        assert_eq!(parse_dollars("$1,234.56"), Some(123_456));
        assert_eq!(parse_dollars(" $ 19.99 "), Some(1999));
        assert_eq!(parse_dollars("10."), Some(1000));
        assert_eq!(parse_dollars(""), None);
        assert_eq!(parse_dollars("."), None);
        assert_eq!(parse_dollars("1.234"), None);
        assert_eq!(parse_dollars("-5"), None);
        assert_eq!(parse_dollars("5e2"), None);
        assert_eq!(parse_dollars("1.2.3"), None);
        assert_eq!(parse_dollars("99999999999999999999"), None);
    }

    #[test]
    fn amounts_start_as_plain_dollars() {
        assert_eq!(dollars_input(2500), "25.00");
        assert_eq!(dollars_input(5), "0.05");
        assert_eq!(dollars_input(123_456), "1234.56");
        assert_eq!(dollars_input(-700), "7.00");
    }

    #[test]
    fn cards_read_as_on_the_receipt() {
        assert_eq!(card_words("visa", "4242"), "Visa ending 4242");
        assert_eq!(card_words("amex", "0005"), "American Express ending 0005");
        assert_eq!(card_words("unionpay", "1234"), "Card ending 1234");
    }
}
