//! The ledger's rules that need no database: what a posting may hold, the sign each kind has on
//! the balance, and running balances.
use portico_types::payments::LedgerKind;
pub use portico_types::payments::dollars;

/// The most any one entry may be, in minor units ($1,000,000.00).
pub const AMOUNT_MAX: i64 = 100_000_000;
pub const DESCRIPTION_MAX: usize = 200;
/// Until practices choose their own.
pub const CURRENCY: &str = "USD";

/// The change an entry makes to the balance.
pub const fn effect(kind: LedgerKind, amount: i64) -> i64 {
    match kind {
        LedgerKind::Charge | LedgerKind::Refund | LedgerKind::Adjustment => amount,
        LedgerKind::Payment => -amount,
    }
}

/// A charge's (or payment's, or refund's) amount: 1 minor unit to [`AMOUNT_MAX`].
pub fn positive_amount(amount: i64) -> Result<i64, &'static str> {
    match amount {
        a if a < 1 => Err("Enter an amount of at least 0.01, in cents (2500 is $25.00)."),
        a if a > AMOUNT_MAX => Err("Enter an amount of at most $1,000,000.00."),
        a => Ok(a),
    }
}

/// An adjustment: either way, never 0.
pub fn adjustment_amount(amount: i64) -> Result<i64, &'static str> {
    match amount {
        0 => Err(
            "An adjustment of 0 changes nothing: enter a negative amount to lower the balance, a positive one to raise it.",
        ),
        a if a.abs() > AMOUNT_MAX => Err("Enter an amount of at most $1,000,000.00 either way."),
        a => Ok(a),
    }
}

/// One line of text, 1–200 characters.
pub fn description(raw: &str, what: &'static str) -> Result<String, &'static str> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err(what);
    }
    if s.chars().count() > DESCRIPTION_MAX {
        return Err("Keep it to 200 characters or fewer.");
    }
    if s.chars().any(char::is_control) {
        return Err("This holds characters that cannot be shown. Type it again.");
    }
    Ok(s)
}

/// A CPT/HCPCS-style code: 4–10 letters and digits, kept in capitals.
pub fn procedure_code(raw: Option<&str>) -> Result<Option<String>, &'static str> {
    let Some(code) = raw.map(str::trim).filter(|c| !c.is_empty()) else { return Ok(None) };
    let upper = code.to_ascii_uppercase();
    if (4..=10).contains(&upper.len()) && upper.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(Some(upper))
    } else {
        Err("Use the procedure code as billed: 4–10 letters and digits, like 97110.")
    }
}

/// The balance after each of `effects`, in order.
pub fn running(effects: impl IntoIterator<Item = i64>) -> Vec<i64> {
    effects
        .into_iter()
        .scan(0i64, |balance, e| {
            *balance = balance.saturating_add(e);
            Some(*balance)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_moves_the_balance_its_way() {
        assert_eq!(effect(LedgerKind::Charge, 12_000), 12_000);
        assert_eq!(effect(LedgerKind::Payment, 2_500), -2_500);
        assert_eq!(effect(LedgerKind::Refund, 500), 500);
        assert_eq!(effect(LedgerKind::Adjustment, -1_000), -1_000);
        assert_eq!(running([12_000, -2_500, -1_000, 500]), [12_000, 9_500, 8_500, 9_000]);
        assert_eq!(running([]), Vec::<i64>::new());
    }

    #[test]
    fn amounts_are_bounded_cents() {
        assert!(positive_amount(0).is_err());
        assert!(positive_amount(-5).is_err());
        assert_eq!(positive_amount(1), Ok(1));
        assert_eq!(positive_amount(AMOUNT_MAX), Ok(AMOUNT_MAX));
        assert!(positive_amount(AMOUNT_MAX + 1).is_err());
        assert!(adjustment_amount(0).is_err());
        assert_eq!(adjustment_amount(-AMOUNT_MAX), Ok(-AMOUNT_MAX));
        assert!(adjustment_amount(-AMOUNT_MAX - 1).is_err());
    }

    #[test]
    fn text_is_one_line_and_codes_are_codes() {
        assert_eq!(description("  Therapeutic\n exercise ", "Describe it.").unwrap(), "Therapeutic exercise");
        assert!(description(" ", "Describe it.").is_err());
        assert!(description(&"x".repeat(201), "Describe it.").is_err());
        assert_eq!(procedure_code(Some(" 97110 ")), Ok(Some("97110".into())));
        assert_eq!(procedure_code(Some("g0283")), Ok(Some("G0283".into())));
        assert_eq!(procedure_code(Some("")), Ok(None));
        assert_eq!(procedure_code(None), Ok(None));
        assert!(procedure_code(Some("97-110")).is_err());
        assert!(procedure_code(Some("971")).is_err());
    }
}
