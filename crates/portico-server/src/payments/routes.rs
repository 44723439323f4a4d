//! Thin handlers for the ledger: staff under `/api/v1/staff`, the portal under
//! `/api/v1/portal/patients/{patient_id}`. Amounts are integers in minor units (`2500` is $25.00);
//! `25.5` is refused as 422 naming `amount`.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use portico_types::Page;
use portico_types::payments::{
    BalanceSort, Ledger, NewAdjustment, NewCardCharge, NewCharge, NewPayment, NewPaymentMethod, NewRefund,
    NewStatement, PatientBalance, PatientCard, PayLinkPayment, PayLinkToken, PayLinkView, PaymentMethod,
    PaymentMethods, Receipt, StatementSent,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{card, methods, pay_link, refunds, service};
use crate::error::ApiResult;
use crate::platform::auth::{Billers, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::platform::idempotency::{self, Keyed};
use crate::platform::portal::{Grant, Portal, areas};
use crate::platform::request::RequestMeta;
use crate::state::AppState;

pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(balances)
        .service(staff_ledger)
        .service(charge)
        .service(adjust)
        .service(refund)
        .service(card_charge)
        .service(patient_cards)
        .service(staff_receipt)
        .service(statement);
}

pub fn public_routes(cfg: &mut ServiceConfig) {
    cfg.service(view_pay_link).service(pay_with_link);
}

pub fn portal_routes(cfg: &mut ServiceConfig) {
    cfg.service(portal_ledger)
        .service(pay)
        .service(portal_receipt)
        .service(list_cards)
        .service(add_card)
        .service(delete_card)
        .service(default_card);
}

fn staff_scope<P: crate::platform::auth::StaffPolicy>(staff: &Staff<P>) -> String {
    format!("staff:{}", staff.principal.user_id)
}

fn portal_scope(principal: &crate::platform::portal::PortalPrincipal) -> String {
    format!("portal:{}", principal.account_id)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BalancesQuery {
    /// `balance` (largest first, the default) or `oldest_charge` (oldest first).
    #[param(inline)]
    pub sort: Option<BalanceSort>,
    /// `next_cursor` from the previous page (of the same sort).
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Patient Responsibility: the practice's patients who owe something.
///
/// Any staff user. Each with the balance and the date of service of their oldest charge; sorted by `balance`
/// (largest first) or `oldest_charge` (oldest first), cursor pages of `limit` 1–100. Audited.
#[utoipa::path(operation_id = "list_patient_balances",
    tag = "payments", security(("staff_token" = [])), params(BalancesQuery), responses(
    (status = 200, body = Page<PatientBalance>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patient-responsibility")]
async fn balances(
    state: web::Data<AppState>,
    staff: Staff,
    q: ApiQuery<BalancesQuery>,
) -> ApiResult<web::Json<Page<PatientBalance>>> {
    let q = q.0;
    let page = service::balances(&state, &staff, q.sort.unwrap_or_default(), q.cursor.as_deref(), q.limit).await?;
    Ok(web::Json(page))
}

/// A patient's ledger: every entry, oldest first, with the running balance.
///
/// Any staff user of the patient's practice (404 otherwise). Audited.
#[utoipa::path(operation_id = "get_staff_ledger",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/ledger")]
async fn staff_ledger(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Ledger>> {
    Ok(web::Json(service::staff_ledger(&state, &staff, id.into_inner()).await?))
}

/// Post a charge.
///
/// Billing staff and administrators (403 otherwise). `amount` in minor units, 1 to 100,000,000; a
/// `date_of_service` not in the future; a `description`; optionally a `procedure_code` and one of the
/// practice's providers. The ledger cannot be edited: correct a charge with an adjustment. Audited (kind and
/// amount, never the description). Answers the updated ledger.
#[utoipa::path(operation_id = "post_charge",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = NewCharge,
    responses(
    (status = 201, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/charges")]
async fn charge(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewCharge>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::post_charge(&state, &staff, id.into_inner(), body.0).await?))
}

/// Post an adjustment: negative lowers the balance, positive raises it.
///
/// Billing staff and administrators (403 otherwise). `amount` in minor units, not 0, at most 100,000,000 either
/// way, with a `reason`. Audited. Answers the updated ledger.
#[utoipa::path(operation_id = "post_adjustment",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = NewAdjustment,
    responses(
    (status = 201, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/adjustments")]
async fn adjust(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewAdjustment>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::post_adjustment(&state, &staff, id.into_inner(), body.0).await?))
}

/// The patient's ledger in the portal: balance, charges with date of service, payments.
///
/// Portal access token with a grant for `patient_id` as the patient or a guarantor; a guardian gets 403
/// (Payments is not theirs, §5). Audited.
#[utoipa::path(operation_id = "get_portal_ledger",
    tag = "portal-payments", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
    (status = 200, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/ledger")]
async fn portal_ledger(state: web::Data<AppState>, grant: Grant<areas::Payments>) -> ApiResult<web::Json<Ledger>> {
    Ok(web::Json(service::portal_ledger(&state, &grant).await?))
}

/// Pay all or part of the balance by card.
///
/// Portal access token with a grant for `patient_id` as the patient or a guarantor (a guardian gets 403).
/// Requires an `Idempotency-Key` header (400 without one): the same key and body again replays the first
/// answer (with `Idempotent-Replayed: true`), the same key with another body is 422, and while the first is
/// still running 409. `amount` in cents, at least 100 and at most the balance less payments in progress (422
/// naming `amount`); exactly one of `payment_method_id` (a saved card of the caller's) or `card_token` (from
/// the gateway's tokenize endpoint; `save_card` keeps it, 403 when the practice does not allow adding cards).
/// A declined card is 402 with `decline_code`, and nothing is posted. Answers the receipt, which is also
/// emailed to the account. Audited.
#[utoipa::path(operation_id = "pay_balance",
    tag = "portal-payments", security(("portal_token" = [])), request_body = NewPayment,
    params(("patient_id" = Uuid, Path), ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A new UUID per payment; the same one when retrying it.")),
    responses(
    (status = 201, body = Receipt),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 402, response = crate::openapi::PaymentDeclined),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[post("/patients/{patient_id}/payments")]
async fn pay(
    req: HttpRequest,
    state: web::Data<AppState>,
    grant: Grant<areas::Payments>,
    body: ApiJson<NewPayment>,
) -> ApiResult<HttpResponse> {
    let keyed = Keyed::from_request(&req, portal_scope(&grant.principal), &body.0)?;
    let work = card::pay_in_portal(&state, &grant, &keyed, body.0);
    idempotency::run(&state.db, &keyed, state.now(), work).await
}

/// A payment's or refund's receipt, for printing.
///
/// Portal access token with a grant for `patient_id` as the patient or a guarantor. `entry_id` is the ledger
/// entry of a payment or refund (404 for anything else). Audited.
#[utoipa::path(operation_id = "get_portal_receipt",
    tag = "portal-payments", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("entry_id" = Uuid, Path)), responses(
    (status = 200, body = Receipt),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/receipts/{entry_id}")]
async fn portal_receipt(
    state: web::Data<AppState>,
    grant: Grant<areas::Payments>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Receipt>> {
    let (_, entry_id) = path.into_inner();
    let actor = grant.actor();
    Ok(web::Json(service::receipt(&state, grant.principal.practice_id, grant.patient_id, entry_id, &actor).await?))
}

/// The account's saved cards, default first, and whether the practice lets it add or delete cards.
///
/// Any signed-in portal account; the cards are the account holder's own. Audited.
#[utoipa::path(operation_id = "list_payment_methods",
    tag = "portal-payments", security(("portal_token" = [])), responses(
    (status = 200, body = PaymentMethods),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/payment-methods")]
async fn list_cards(state: web::Data<AppState>, portal: Portal) -> ApiResult<web::Json<PaymentMethods>> {
    Ok(web::Json(methods::list(&state, &portal).await?))
}

/// Save a card without paying.
///
/// `card_token` from the gateway's tokenize endpoint. 403 when the practice does not allow adding cards
/// (CFG-4); up to 10 cards (422 naming `card_token`). The first card, or one with `make_default`, becomes
/// the default. Audited.
#[utoipa::path(operation_id = "add_payment_method",
    tag = "portal-payments", security(("portal_token" = [])), request_body = NewPaymentMethod, responses(
    (status = 201, body = PaymentMethod),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[post("/payment-methods")]
async fn add_card(
    state: web::Data<AppState>,
    portal: Portal,
    body: ApiJson<NewPaymentMethod>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(methods::add(&state, &portal, body.0).await?))
}

/// Remove a saved card: it can never be charged again.
///
/// 403 when the practice does not allow deleting cards (CFG-4); 404 for a card that is not the caller's.
/// If it was the default, the newest remaining card becomes the default. Audited.
#[utoipa::path(operation_id = "delete_payment_method",
    tag = "portal-payments", security(("portal_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Removed"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[delete("/payment-methods/{id}")]
async fn delete_card(state: web::Data<AppState>, portal: Portal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    methods::delete(&state, &portal, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Make a saved card the default.
///
/// 404 for a card that is not the caller's. Answers the account's cards. Audited.
#[utoipa::path(operation_id = "set_default_payment_method",
    tag = "portal-payments", security(("portal_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PaymentMethods),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/payment-methods/{id}/default")]
async fn default_card(
    state: web::Data<AppState>,
    portal: Portal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PaymentMethods>> {
    Ok(web::Json(methods::make_default(&state, &portal, id.into_inner()).await?))
}

/// Refund all or part of a payment.
///
/// Billing staff and administrators (403 otherwise). Requires an `Idempotency-Key` header, as payments do.
/// `payment_id` is the ledger entry of one of the patient's payments; `amount` in cents, at most what that
/// payment has left after earlier refunds (422 naming `amount`); a `reason`. A card payment is refunded to its
/// card through the gateway; any other payment is recorded as given back. The payer gets a receipt by email
/// when they paid in the portal. Audited. Answers the updated ledger.
#[utoipa::path(operation_id = "post_refund",
    tag = "payments", security(("staff_token" = [])), request_body = NewRefund,
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A new UUID per refund; the same one when retrying it.")),
    responses(
    (status = 201, body = Ledger),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[post("/patients/{id}/refunds")]
async fn refund(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewRefund>,
) -> ApiResult<HttpResponse> {
    let keyed = Keyed::from_request(&req, staff_scope(&staff), &body.0)?;
    let work = refunds::refund(&state, &staff, &keyed, id.into_inner(), body.0);
    idempotency::run(&state.db, &keyed, state.now(), work).await
}

/// Charge a card the patient or a guarantor saved, with their consent noted.
///
/// Billing staff and administrators (403 otherwise). Requires an `Idempotency-Key` header. `payment_method_id`
/// from `GET /staff/patients/{id}/payment-methods`; `amount` in cents, 100 to the balance; `consent` says how
/// the card holder agreed. A declined card is 402 with `decline_code`. The holder gets the receipt by email.
/// Audited.
#[utoipa::path(operation_id = "charge_saved_card",
    tag = "payments", security(("staff_token" = [])), request_body = NewCardCharge,
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A new UUID per charge; the same one when retrying it.")),
    responses(
    (status = 201, body = Receipt),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 402, response = crate::openapi::PaymentDeclined),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[post("/patients/{id}/card-charges")]
async fn card_charge(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewCardCharge>,
) -> ApiResult<HttpResponse> {
    let keyed = Keyed::from_request(&req, staff_scope(&staff), &body.0)?;
    let work = card::charge_saved_card(&state, &staff, &keyed, id.into_inner(), body.0);
    idempotency::run(&state.db, &keyed, state.now(), work).await
}

/// The cards the patient and their guarantors saved (never a guardian's), to charge with consent.
///
/// Billing staff and administrators (403 otherwise). Brand, last four and expiry only. Audited.
#[utoipa::path(operation_id = "list_patient_cards",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<PatientCard>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/payment-methods")]
async fn patient_cards(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<PatientCard>>> {
    Ok(web::Json(methods::patient_cards(&state, &staff, id.into_inner()).await?))
}

/// A payment's or refund's receipt.
///
/// Any staff user of the patient's practice; `entry_id` is the ledger entry of a payment or refund (404
/// otherwise). Audited.
#[utoipa::path(operation_id = "get_staff_receipt",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path), ("entry_id" = Uuid, Path)),
    responses(
    (status = 200, body = Receipt),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/receipts/{entry_id}")]
async fn staff_receipt(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Receipt>> {
    let (patient_id, entry_id) = path.into_inner();
    service::practice_patient(&state.db, staff.practice_id(), patient_id).await?;
    Ok(web::Json(service::receipt(&state, staff.practice_id(), patient_id, entry_id, &staff.actor()).await?))
}

/// Send a statement: the balance and a pay link, by email and/or text.
///
/// Billing staff and administrators (403 otherwise). To `contact_id` (one of the patient's contacts), else the
/// guarantor on file with an email or mobile number, else the patient; 422 when the balance is nothing or
/// there is nowhere to send it. The link (`/pay#t=…`) shows this balance and pays toward it without signing in,
/// and nothing else; it works 30 days, and a newer statement for the patient replaces it. Audited.
#[utoipa::path(operation_id = "send_statement",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = NewStatement,
    responses(
    (status = 201, body = StatementSent),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/statements")]
async fn statement(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewStatement>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(pay_link::send_statement(&state, &staff, id.into_inner(), body.0).await?))
}

/// What a statement's pay link shows: the practice, whose balance (first name and last initial) and how much.
///
/// No sign-in: the token from the link's fragment is the credential, and it opens nothing else. An unknown,
/// expired or replaced token is 404. Audited.
#[utoipa::path(operation_id = "view_pay_link",
    tag = "pay-link", request_body = PayLinkToken, responses(
    (status = 200, body = PayLinkView),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/pay-links/view")]
async fn view_pay_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<PayLinkToken>,
) -> ApiResult<web::Json<PayLinkView>> {
    let meta = RequestMeta::from_request(&req);
    Ok(web::Json(pay_link::view(&state, &body.0.token, &meta).await?))
}

/// Pay toward a statement's balance with a new card, without signing in.
///
/// Requires an `Idempotency-Key` header, as payments in the portal do. `amount` in cents, 100 to the balance;
/// `card_token` from the gateway's tokenize endpoint (the card is not saved). At most 5 card attempts an hour
/// per patient through pay links (429). A declined card is 402. The receipt goes to the statement's email.
#[utoipa::path(operation_id = "pay_with_link",
    tag = "pay-link", request_body = PayLinkPayment,
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A new UUID per payment; the same one when retrying it.")),
    responses(
    (status = 201, body = Receipt),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 402, response = crate::openapi::PaymentDeclined),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::GatewayUnavailable),
))]
#[post("/pay-links/pay")]
async fn pay_with_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<PayLinkPayment>,
) -> ApiResult<HttpResponse> {
    // The header first: a request without one is 400 whatever its token.
    idempotency::IdempotencyKey::from_request(&req)?;
    let link = pay_link::link_for_payment(&state, &body.0).await?;
    let keyed = Keyed::from_request(&req, format!("pay_link:{}", link.id), &body.0)?;
    let meta = RequestMeta::from_request(&req);
    let work = pay_link::pay(&state, &link, &keyed, body.0, &meta);
    idempotency::run(&state.db, &keyed, state.now(), work).await
}
