//! Liveness and readiness for load balancers and orchestrators.
use actix_web::{HttpResponse, get, web};
use portico_types::health::{Health, Readiness};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::platform::db;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready);
}

/// Liveness: the process answers.
///
/// Public, no token, and it touches nothing: for load balancers and orchestrators. Always 200 with
/// `status: ok` and the server's version while the process is up; it does not check the database (see
/// `GET /api/v1/ready`).
#[utoipa::path(operation_id = "get_health",
    tag = "health", responses((status = 200, body = Health)))]
#[get("/health")]
async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// Readiness: the database answers too.
///
/// Public, no token. 200 with `status: ready` when a ping of the database succeeds, otherwise 503 with
/// `status: unavailable` and `database: unreachable`, so a load balancer can take the instance out of
/// rotation until it recovers.
#[utoipa::path(operation_id = "get_readiness",
    tag = "health", responses(
    (status = 200, body = Readiness),
    (status = 503, body = Readiness, description = "The database does not answer"),
))]
#[get("/ready")]
async fn ready(state: web::Data<AppState>) -> HttpResponse {
    if db::ping(&state.db).await {
        HttpResponse::Ok().json(Readiness { status: "ready".into(), database: "ok".into() })
    } else {
        HttpResponse::ServiceUnavailable()
            .json(Readiness { status: "unavailable".into(), database: "unreachable".into() })
    }
}
