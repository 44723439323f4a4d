//! Builds the HTTP application: the route table, middleware, API docs and the SPA.
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::openapi::ApiDoc;
use crate::platform::background::Background;
use crate::platform::clock::Clock;
use crate::platform::http::{self, RouteIndex};
use crate::platform::jwt::JwtKeys;
use crate::platform::outbox::Worker;
use crate::platform::outbox::transports::Transports;
use crate::platform::passwords::Hasher;
use crate::platform::spa::{self, Spa};
use crate::platform::storage::FileStore;
use crate::platform::{db, request};
use crate::state::AppState;
use crate::{
    accounts, audit, deliveries, files, health, invitations, messaging, outreach, patients, payments, portal,
    practices, registration, scheduling, staff,
};

/// The route table. Who may call each handler is in its signature (`Staff<AdminOnly>` …).
pub fn configure_api(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1")
            .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
            .configure(health::routes)
            // Inside the scope (a later service would never see it); not part of the spec itself.
            .route("/openapi.json", web::get().to(openapi_json))
            .service(
                scope("/staff")
                    .configure(staff::routes::routes)
                    .configure(practices::routes::staff_routes)
                    .configure(patients::routes::routes)
                    .configure(invitations::routes::routes)
                    .configure(accounts::routes::staff_routes)
                    .configure(outreach::routes::routes)
                    .configure(messaging::routes::staff_routes)
                    .configure(files::routes::staff_routes)
                    .configure(payments::routes::staff_routes)
                    .configure(scheduling::routes::routes)
                    .configure(audit::routes::routes)
                    .configure(deliveries::routes::routes),
            )
            .service(
                scope("/portal")
                    .configure(accounts::routes::routes)
                    .configure(portal::routes::routes)
                    .configure(messaging::routes::portal_routes)
                    .configure(files::routes::portal_routes)
                    .configure(payments::routes::portal_routes),
            )
            .service(scope("/registration").configure(registration::routes::routes))
            .service(
                scope("/public").configure(practices::routes::public_routes).configure(payments::routes::public_routes),
            ),
    );
}

const OPENAPI_PATH: &str = "/api/v1/openapi.json";

async fn openapi_json(doc: web::Data<utoipa::openapi::OpenApi>) -> web::Json<utoipa::openapi::OpenApi> {
    web::Json(doc.get_ref().clone())
}

/// The OpenAPI document, built from the same route table the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(configure_api).split_for_parts();
    crate::openapi::finish(&mut doc);
    doc
}

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: Worker,
}

impl Application {
    /// Connects, migrates and binds (port 0 picks a free one); `run` serves until a signal.
    pub async fn build(mut settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let real_delivery = settings.smtp_url.as_deref().is_some_and(|u| !u.is_empty())
            || settings.sms_api_url.as_deref().is_some_and(|u| !u.is_empty());
        if settings.demo_mailbox && real_delivery {
            anyhow::bail!(
                "PORTICO_DEMO_MAILBOX lets administrators read messages filed to disk; it cannot be on while \
                 messages go to a real SMTP server or SMS provider. Turn one of them off."
            );
        }
        settings.check()?;
        let db = db::connect(&settings).await?;
        db::migrate(&db).await?;
        let jwt = JwtKeys::load(settings.jwt_secret.as_ref(), &settings.data_dir)?;
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        if settings.public_url.is_empty() {
            settings.public_url = format!("http://{}:{port}", settings.host);
        }
        let transports = Arc::new(Transports::from_settings(&settings)?);
        let worker = Worker { db: db.clone(), clock: clock.clone(), transports };
        let passwords = Arc::new(Hasher::for_this_machine(settings.password_hash_queue));
        // Each task is one short transaction; 64 at once is far beyond honest use.
        let background = Background::new(64);
        let files = FileStore::from_settings(&settings)?;
        tracing::info!(store = %files.kind, "files");
        let gateway: Arc<dyn payments::gateway::Gateway> =
            Arc::new(payments::gateway::sandbox::SandboxGateway { db: db.clone() });
        tracing::info!(gateway = gateway.name(), "payments");
        let state = AppState { db, clock, jwt, settings: Arc::new(settings), passwords, background, files, gateway };
        let server = serve(listener, state.clone())?;
        Ok(Self { port, server, state, worker })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The outbox worker, for driving delivery by hand (tests, `PORTICO_OUTBOX_WORKER=false`).
    pub fn worker(&self) -> &Worker {
        &self.worker
    }

    /// Serves until a signal; the outbox worker runs beside the server unless turned off.
    pub async fn run(self) -> std::io::Result<()> {
        let worker = self.state.settings.outbox_worker.then(|| tokio::spawn(self.worker.run()));
        let result = self.server.await;
        // Requests already answered finish their work (a reset email queued) before we exit.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), self.state.background.idle()).await;
        if let Some(worker) = worker {
            worker.abort();
        }
        result
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let spa = Spa::load(&state.settings.spa_dir);
    let csp = spa.content_security_policy(&state.settings.logo_origins);
    let hsts = state.settings.hsts();
    let json_limit = state.settings.json_limit_bytes;
    let routes = web::Data::new(RouteIndex::from_openapi(&openapi()));
    let spa = web::Data::new(spa);
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(state.clone())
            .app_data(routes.clone())
            .app_data(spa.clone())
            .app_data(http::json_config(json_limit))
            .app_data(http::path_config())
            .configure(configure_api)
            .split_for_parts();
        let mut api = api;
        crate::openapi::finish(&mut api);
        let app = app
            .app_data(web::Data::new(api))
            .service(SwaggerUi::new("/api/docs/{_:.*}").config(utoipa_swagger_ui::Config::from(OPENAPI_PATH)))
            // The built-in sandbox gateway's own endpoint, outside Portico's API as a real gateway's is.
            .service(crate::payments::gateway::sandbox::tokenize);
        // The SPA apps' assets and client routes when built; the API's 404/405 otherwise.
        let fallback = if spa.is_built() { web::to(spa::serve) } else { web::to(http::not_found) };
        app.default_service(fallback)
            .wrap(ErrorHandlers::new().default_handler(http::problem_catch_all))
            .wrap(from_fn(http::refuse_long_uri))
            .wrap(http::security_headers(&csp, hsts))
            .wrap(from_fn(request::request_context))
    })
    .shutdown_timeout(10)
    .listen(listener)?
    .run();
    Ok(server)
}
