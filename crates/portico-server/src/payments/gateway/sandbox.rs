//! The built-in sandbox gateway. It behaves like a real one: card details go to its own
//! tokenize endpoint (`POST /sandbox-gateway/v1/tokens`, outside Portico's API), which checks the
//! number (Luhn, expiry, CVC) and keeps only brand, last four, expiry and the test outcome; charges
//! name the token and are unique by idempotency key. A token charges once unless its card was saved
//! (then it charges until forgotten), as a real gateway's payment method does. Test cards, as at the usual gateways:
//! `4242 4242 4242 4242` succeeds, `4000 0000 0000 0002` is declined, `4000 0000 0000 9995` has
//! insufficient funds; any other valid number succeeds.
use actix_web::{HttpResponse, post, web};
use async_trait::async_trait;
use chrono::{Datelike, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CardSummary, ChargeRequest, Charged, DeclineReason, Gateway, GatewayError, RefundRequest, SavedCard};
use crate::entities::{sandbox_cards, sandbox_charges, sandbox_refunds};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::platform::crypto;
use crate::platform::http::ApiJson;
use crate::state::AppState;

/// The card's test outcome, decided by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeds,
    Declined,
    InsufficientFunds,
}

impl Outcome {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Succeeds => "succeeds",
            Self::Declined => "declined",
            Self::InsufficientFunds => "insufficient_funds",
        }
    }

    fn parse(stored: &str) -> Result<Self, GatewayError> {
        match stored {
            "succeeds" => Ok(Self::Succeeds),
            "declined" => Ok(Self::Declined),
            "insufficient_funds" => Ok(Self::InsufficientFunds),
            other => Err(GatewayError::Unavailable(format!("unknown stored outcome {other:?}"))),
        }
    }
}

/// A card as typed, checked: digits only, Luhn-valid, a known length.
#[derive(Debug, PartialEq, Eq)]
pub struct CardNumber {
    pub brand: &'static str,
    pub last4: String,
    pub outcome: Outcome,
}

pub fn parse_number(raw: &str) -> Result<CardNumber, &'static str> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("Enter the card number: the 15 or 16 digits on the front of the card.");
    }
    if !(13..=19).contains(&digits.len()) || !luhn(&digits) {
        return Err("This card number is not right. Check the digits and try again.");
    }
    let brand = match digits.as_bytes() {
        [b'4', ..] => "visa",
        [b'5', b'1'..=b'5', ..] | [b'2', b'2'..=b'7', ..] => "mastercard",
        [b'3', b'4' | b'7', ..] => "amex",
        [b'6', b'0', b'1', b'1', ..] | [b'6', b'5', ..] => "discover",
        _ => "card",
    };
    let outcome = match digits.as_str() {
        "4000000000000002" => Outcome::Declined,
        "4000000000009995" => Outcome::InsufficientFunds,
        _ => Outcome::Succeeds,
    };
    Ok(CardNumber { brand, last4: digits[digits.len() - 4..].to_owned(), outcome })
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `exp_month`/`exp_year` (two or four digits) not in the past, as of `today`.
pub fn parse_expiry(month: u32, year: u32, today: chrono::NaiveDate) -> Result<(u32, u32), &'static str> {
    let year = if year < 100 { 2000 + year } else { year };
    if !(1..=12).contains(&month) {
        return Err("Enter the expiry month as a number from 1 to 12.");
    }
    let now = (u32::try_from(today.year()).unwrap_or(0), today.month());
    if (year, month) < now {
        return Err("This card has expired. Use another card.");
    }
    if year > now.0 + 20 {
        return Err("Check the expiry year on the card.");
    }
    Ok((month, year))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
}

/// The sandbox's tokenize endpoint, as a real gateway's: what the payment page sends card
/// details to. The number is checked and dropped; only brand, last four, expiry and the test
/// outcome are kept under a random token. Errors name the field and never repeat the number.
#[post("/sandbox-gateway/v1/tokens")]
pub async fn tokenize(state: web::Data<AppState>, body: ApiJson<TokenRequest>) -> ApiResult<HttpResponse> {
    let input = body.0;
    let mut errors = FieldErrors::new();
    let number = errors.check("number", parse_number(&input.number).map_err(String::from));
    let expiry = errors.check(
        "exp_month",
        parse_expiry(input.exp_month, input.exp_year, Utc::now().date_naive()).map_err(String::from),
    );
    let cvc = input.cvc.trim();
    let cvc_ok = (3..=4).contains(&cvc.len()) && cvc.chars().all(|c| c.is_ascii_digit());
    if !cvc_ok {
        errors.add("cvc", "Enter the 3 digits on the back of the card (4 on the front for American Express).");
    }
    errors.finish().map_err(ApiError::from)?;
    let (Some(number), Some((exp_month, exp_year))) = (number, expiry) else {
        return Err(anyhow::anyhow!("checked card fields missing").into());
    };
    let token = issue(&state.db, &number, exp_month, exp_year, false).await?;
    Ok(HttpResponse::Created().json(TokenResponse {
        token,
        brand: number.brand.to_owned(),
        last4: number.last4,
        exp_month,
        exp_year,
    }))
}

/// Keeps a checked card under a new random token (`attached`: already saved for reuse).
pub async fn issue(
    db: &impl sea_orm::ConnectionTrait,
    number: &CardNumber,
    exp_month: u32,
    exp_year: u32,
    attached: bool,
) -> Result<String, sea_orm::DbErr> {
    let token = format!("tok_sandbox_{}", crypto::random_token(18));
    sandbox_cards::ActiveModel {
        token: Set(token.clone()),
        brand: Set(number.brand.to_owned()),
        last4: Set(number.last4.clone()),
        exp_month: Set(i32::try_from(exp_month).unwrap_or(1)),
        exp_year: Set(i32::try_from(exp_year).unwrap_or(2000)),
        outcome: Set(number.outcome.as_str().to_owned()),
        created_at: Set(Utc::now()),
        attached: Set(attached),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Charges against the sandbox's own tables.
pub struct SandboxGateway {
    pub db: DatabaseConnection,
}

fn unavailable(e: sea_orm::DbErr) -> GatewayError {
    GatewayError::Unavailable(e.to_string())
}

fn summary(card: &sandbox_cards::Model) -> CardSummary {
    CardSummary {
        brand: card.brand.clone(),
        last4: card.last4.clone(),
        exp_month: u32::try_from(card.exp_month).unwrap_or(1),
        exp_year: u32::try_from(card.exp_year).unwrap_or(2000),
    }
}

const CHARGE_PREFIX: &str = "ch_sandbox_";

impl SandboxGateway {
    async fn card(&self, token: &str) -> Result<sandbox_cards::Model, GatewayError> {
        sandbox_cards::Entity::find_by_id(token.to_owned())
            .one(&self.db)
            .await
            .map_err(unavailable)?
            .ok_or(GatewayError::UnknownToken)
    }

    async fn charge_by_key(&self, key: &str) -> Result<Option<sandbox_charges::Model>, GatewayError> {
        sandbox_charges::Entity::find()
            .filter(sandbox_charges::Column::IdempotencyKey.eq(key))
            .one(&self.db)
            .await
            .map_err(unavailable)
    }

    fn answer(charge: &sandbox_charges::Model, card: &sandbox_cards::Model, save: bool) -> Charged {
        Charged {
            charge_id: format!("{CHARGE_PREFIX}{}", charge.id.simple()),
            card: summary(card),
            saved: (save && card.attached).then(|| SavedCard {
                token: card.token.clone(),
                customer: None,
                card: summary(card),
            }),
        }
    }
}

#[async_trait]
impl Gateway for SandboxGateway {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn charge(&self, r: ChargeRequest<'_>) -> Result<Charged, GatewayError> {
        // The same key is the same charge, as at a real gateway: answered again, never repeated.
        if let Some(done) = self.charge_by_key(r.idempotency_key).await? {
            let card = self.card(&done.token).await?;
            return Ok(Self::answer(&done, &card, r.save));
        }
        let card = self.card(r.token).await?;
        match Outcome::parse(&card.outcome)? {
            Outcome::Succeeds => {}
            Outcome::Declined => return Err(GatewayError::Declined(DeclineReason::Declined)),
            Outcome::InsufficientFunds => return Err(GatewayError::Declined(DeclineReason::InsufficientFunds)),
        }
        let now = Utc::now();
        let txn = crate::platform::db::begin(&self.db).await.map_err(unavailable)?;
        let row = sandbox_charges::ActiveModel {
            id: Set(Uuid::now_v7()),
            idempotency_key: Set(r.idempotency_key.to_owned()),
            token: Set(r.token.to_owned()),
            amount: Set(r.amount),
            currency: Set(r.currency.to_owned()),
            refunded: Set(0),
            created_at: Set(now),
        };
        let inserted = sandbox_charges::Entity::insert(row)
            .on_conflict(OnConflict::column(sandbox_charges::Column::IdempotencyKey).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await
            .map_err(unavailable)?;
        if inserted == 1 {
            // A token charges once unless its card was saved; saving happens only with a success.
            let used = sandbox_cards::Entity::update_many()
                .col_expr(sandbox_cards::Column::UsedAt, Expr::value(now))
                .col_expr(sandbox_cards::Column::Attached, Expr::col(sandbox_cards::Column::Attached).or(r.save))
                .filter(sandbox_cards::Column::Token.eq(r.token))
                .filter(
                    Condition::any()
                        .add(sandbox_cards::Column::Attached.eq(true))
                        .add(sandbox_cards::Column::UsedAt.is_null()),
                )
                .exec(&txn)
                .await
                .map_err(unavailable)?;
            if used.rows_affected != 1 {
                return Err(GatewayError::UnknownToken);
            }
        }
        txn.commit().await.map_err(unavailable)?;
        let charge = self
            .charge_by_key(r.idempotency_key)
            .await?
            .ok_or_else(|| GatewayError::Unavailable("charge vanished".into()))?;
        let card = self.card(&charge.token).await?;
        Ok(Self::answer(&charge, &card, r.save))
    }

    async fn save_card(&self, token: &str, _customer: Option<&str>) -> Result<SavedCard, GatewayError> {
        let card = self.card(token).await?;
        let attached = sandbox_cards::Entity::update_many()
            .col_expr(sandbox_cards::Column::Attached, Expr::value(true))
            .filter(sandbox_cards::Column::Token.eq(token))
            .filter(sandbox_cards::Column::UsedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(unavailable)?;
        if attached.rows_affected != 1 {
            return Err(GatewayError::UnknownToken);
        }
        Ok(SavedCard { token: card.token.clone(), customer: None, card: summary(&card) })
    }

    async fn forget_card(&self, token: &str) -> Result<(), GatewayError> {
        // Detached and used: no charge can name it again.
        sandbox_cards::Entity::update_many()
            .col_expr(sandbox_cards::Column::Attached, Expr::value(false))
            .col_expr(sandbox_cards::Column::UsedAt, Expr::value(Utc::now()))
            .filter(sandbox_cards::Column::Token.eq(token))
            .exec(&self.db)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn refund(&self, r: RefundRequest<'_>) -> Result<String, GatewayError> {
        let refund_id = |id: Uuid| format!("re_sandbox_{}", id.simple());
        let existing = sandbox_refunds::Entity::find()
            .filter(sandbox_refunds::Column::IdempotencyKey.eq(r.idempotency_key))
            .one(&self.db)
            .await
            .map_err(unavailable)?;
        if let Some(done) = existing {
            return Ok(refund_id(done.id));
        }
        let charge_id = r
            .charge_id
            .strip_prefix(CHARGE_PREFIX)
            .and_then(|id| Uuid::try_parse(id).ok())
            .ok_or_else(|| GatewayError::Unavailable("not a sandbox charge".into()))?;
        let txn = crate::platform::db::begin(&self.db).await.map_err(unavailable)?;
        // Never more back than was charged: one conditional UPDATE.
        let taken = sandbox_charges::Entity::update_many()
            .col_expr(sandbox_charges::Column::Refunded, Expr::col(sandbox_charges::Column::Refunded).add(r.amount))
            .filter(sandbox_charges::Column::Id.eq(charge_id))
            .filter(
                Expr::col(sandbox_charges::Column::Refunded)
                    .add(r.amount)
                    .lte(Expr::col(sandbox_charges::Column::Amount)),
            )
            .exec(&txn)
            .await
            .map_err(unavailable)?;
        if taken.rows_affected != 1 {
            return Err(GatewayError::Unavailable("refund exceeds the charge".into()));
        }
        let id = Uuid::now_v7();
        sandbox_refunds::ActiveModel {
            id: Set(id),
            idempotency_key: Set(r.idempotency_key.to_owned()),
            charge_id: Set(charge_id),
            amount: Set(r.amount),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await
        .map_err(unavailable)?;
        txn.commit().await.map_err(unavailable)?;
        Ok(refund_id(id))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn test_cards_decide_their_outcome() {
        let ok = parse_number("4242 4242 4242 4242").unwrap();
        assert_eq!((ok.brand, ok.last4.as_str(), ok.outcome), ("visa", "4242", Outcome::Succeeds));
        assert_eq!(parse_number("4000-0000-0000-0002").unwrap().outcome, Outcome::Declined);
        assert_eq!(parse_number("4000000000009995").unwrap().outcome, Outcome::InsufficientFunds);
        assert_eq!(parse_number("5555555555554444").unwrap().brand, "mastercard");
        assert_eq!(parse_number("378282246310005").unwrap().brand, "amex");
        assert!(parse_number("4242 4242 4242 4241").is_err(), "fails Luhn");
        assert!(parse_number("4242abcd").is_err());
        assert!(parse_number("").is_err());
        assert!(parse_number("42424242").is_err(), "too short");
    }

    #[test]
    fn expiry_is_this_month_or_later() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_expiry(12, 26, today), Ok((12, 2026)));
        assert_eq!(parse_expiry(1, 2030, today), Ok((1, 2030)));
        assert!(parse_expiry(11, 2026, today).is_err());
        assert!(parse_expiry(13, 2027, today).is_err());
        assert!(parse_expiry(0, 2027, today).is_err());
        assert!(parse_expiry(1, 2099, today).is_err());
    }
}
