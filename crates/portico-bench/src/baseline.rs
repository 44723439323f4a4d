//! The yardstick for `just bench`: actix-web answering the same JSON shape as Portico's health
//! endpoint, with no middleware, database or auth. Portico's figures are printed as ratios to it.
use actix_web::{App, HttpServer, get, web};
use serde::Serialize;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

#[get("/api/v1/health")]
async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION") })
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("BENCH_BASELINE_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(18182);
    HttpServer::new(|| App::new().service(health)).bind(("127.0.0.1", port))?.run().await
}
