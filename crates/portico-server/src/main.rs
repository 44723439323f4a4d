//! The `portico` command: serve, migrate, demo, openapi.
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use portico_server::app::{self, Application};
use portico_server::config::Settings;
use portico_server::platform::clock::SystemClock;
use portico_server::platform::db;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "portico", version, about = "Portico patient portal: API, staff consoles and SPA host")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built SPA (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Seed the demo practices (idempotent) and print how to sign in.
    Demo,
    /// List failed staff sign-ins for unknown accounts by client address (password spraying):
    /// they belong to no practice, so no practice admin sees them.
    SignInFailures {
        /// How far back to look, in hours.
        #[arg(long, default_value_t = 24)]
        hours: u32,
    },
    /// Write the OpenAPI document.
    Openapi {
        /// Where to write it.
        #[arg(long, default_value = "openapi/openapi.json")]
        output: PathBuf,
    },
}

fn init_tracing(settings: &Settings) {
    let filter =
        EnvFilter::try_from_env("PORTICO_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    if settings.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Openapi { output }) = &cli.command {
        let json = serde_json::to_string_pretty(&app::openapi())?;
        if let Some(dir) = output.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(output, json + "\n")?;
        println!("wrote {}", output.display());
        return Ok(());
    }
    let settings = Settings::load()?;
    init_tracing(&settings);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings, Arc::new(SystemClock)).await?;
            tracing::info!(port = app.port(), "Portico is listening");
            app.run().await?;
        }
        Command::Migrate => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            println!("migrations applied");
        }
        Command::Demo => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let password = std::env::var("PORTICO_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
            let files = portico_server::platform::storage::FileStore::from_settings(&settings)?;
            let report = portico_server::demo::seed(&conn, &files, &SystemClock, password).await?;
            println!("{report}");
        }
        Command::SignInFailures { hours } => {
            let conn = db::connect(&settings).await?;
            let since = chrono::Utc::now() - chrono::Duration::hours(i64::from(hours));
            let rows = portico_server::audit::service::unknown_staff_sign_ins(&conn, since, 100).await?;
            if rows.is_empty() {
                println!("no failed staff sign-ins for unknown accounts in the last {hours} h");
            }
            for r in rows {
                let (first, last) = (r.first_at.format("%F %T"), r.last_at.format("%F %T"));
                println!(
                    "{:<40} {:>6} failures  {first} … {last} UTC",
                    r.ip.as_deref().unwrap_or("(no address)"),
                    r.failures
                );
            }
        }
        Command::Openapi { .. } => {}
    }
    Ok(())
}
