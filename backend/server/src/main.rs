//! `plein`: the whole platform in one binary.

mod config;
mod operations;
mod progress;
mod seed;
mod seed_scale;

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use plein_api::ApiConfig;
use plein_app::system::{Ensured, SystemUser};
use plein_app::{App, Settings, SystemClock};
use plein_domain::Role;
use tracing_subscriber::EnvFilter;

use crate::config::{Config, redact};

/// mimalloc hands freed memory back to the system; glibc's allocator held on
/// to the 19 MiB blocks of password hashing (BENCHMARKS.md has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Plein, the neighbourhood platform. With no command it serves.
#[derive(Parser)]
#[command(name = "plein", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default): migrations first, then HTTP.
    Serve,
    /// Bring the database schema up to date and exit. Upgrades are one-way:
    /// back up first (`plein backup`).
    Migrate {
        /// List the migrations that would run, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the GraphQL schema in SDL.
    ExportSchema {
        /// Where to write it; `-` for standard output.
        #[arg(long, short, default_value = "schema.graphql")]
        output: PathBuf,
    },
    /// Create an admin account, or make an existing account admin. The
    /// password comes from PLEIN_ADMIN_PASSWORD or the first line of stdin.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Beheerder")]
        name: String,
    },
    /// Create the demo municipality Gemeente Amstelveld with a few residents,
    /// a professional and a moderator. Safe to run again.
    SeedDemo,
    /// Generate a large municipality for load tests (about 500 areas, one
    /// account per ten ideas, ~5 comments and ~10 supports per idea, plans
    /// and groups) into an empty database, then fill the search index.
    Seed {
        /// How many ideas.
        #[arg(long, default_value_t = 10_000)]
        scale: u64,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = plein_app::scale_seed::DEFAULT_SEED)]
        seed: u64,
        /// Leave the search index alone (the server fills an empty one at start).
        #[arg(long)]
        no_index: bool,
    },
    /// Rebuild the search index from the database and swap it in. With the
    /// embedded engine, stop the server first: it holds the index's lock.
    Reindex,
    /// Back up the database and the data folder into DIR (new or empty),
    /// while the server runs. The search index is rebuilt after a restore.
    Backup { dir: PathBuf },
    /// Restore a backup from DIR into an empty database and data folder,
    /// with the server stopped.
    Restore {
        dir: PathBuf,
        /// Replace what the database and the data folder hold.
        #[arg(long)]
        force: bool,
    },
    /// Compare the support and comment counters with the rows they count.
    Check {
        /// Set the counters that differ to their rows.
        #[arg(long)]
        repair: bool,
    },
    /// Give areas their boundaries from a GeoJSON FeatureCollection (for
    /// example the CBS wijk- en buurtkaart), all or none. Features match
    /// areas by code (buurtcode, wijkcode, gemeentecode, code: the area's
    /// slug) or by name (buurtnaam, wijknaam, gemeentenaam, name).
    ImportAreas {
        /// The GeoJSON file.
        file: PathBuf,
        /// wgs84 or rd (EPSG:28992); left out: what the file's `crs` says,
        /// else WGS84.
        #[arg(long)]
        projection: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    if let Err(err) = init_logging() {
        report(&err);
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

/// Whether `PLEIN_LOG_FORMAT` asks for JSON logs.
fn json_logs() -> bool {
    std::env::var("PLEIN_LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"))
}

/// Logs to standard output, as text or, with `PLEIN_LOG_FORMAT=json`, one JSON object
/// per line for a log collector; levels from `RUST_LOG`.
fn init_logging() -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let format = std::env::var("PLEIN_LOG_FORMAT").unwrap_or_default();
    match format.trim().to_ascii_lowercase().as_str() {
        "" | "text" => tracing_subscriber::fmt().with_env_filter(filter).init(),
        "json" => {
            tracing_subscriber::fmt()
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .with_env_filter(filter)
                .init();
            // A panic is a log line too, not text on standard error.
            std::panic::set_hook(Box::new(|info| {
                let location = info.location().map(ToString::to_string);
                let payload = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(panic = %payload, location = location.as_deref().unwrap_or("?"), "panic");
            }));
        }
        other => anyhow::bail!("PLEIN_LOG_FORMAT must be text or json, not {other:?}"),
    }
    Ok(())
}

/// A failure on one line, with every cause after a colon; the backtrace
/// only when `RUST_BACKTRACE` asks for it. With JSON logs it is one more log
/// line (level `ERROR`), so a log collector sees why the server stopped.
fn report(err: &anyhow::Error) {
    let line = format!("{err:#}").replace(['\r', '\n'], " ");
    let backtrace = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    if json_logs() {
        if backtrace {
            let trace = err.backtrace().to_string();
            tracing::error!(error = %line, backtrace = %trace, "Plein stopped with an error");
        } else {
            tracing::error!(error = %line, "Plein stopped with an error");
        }
    } else {
        eprintln!("Error: {line}");
        if backtrace {
            eprintln!("{}", err.backtrace());
        }
    }
}

/// An application error for the operator at the terminal: unlike an API
/// client, they see what an internal error was.
pub(crate) fn app_error(doing: &str, err: plein_app::AppError) -> anyhow::Error {
    match err {
        plein_app::AppError::Internal(detail) => anyhow::anyhow!("{doing}: {detail}"),
        other => anyhow::anyhow!("{doing}: {other}"),
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve(Config::from_env()?).await,
        Command::Migrate { dry_run: false } => {
            let config = Config::from_env()?;
            open_app(&config).await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::Migrate { dry_run: true } => {
            let config = Config::from_env()?;
            let db = connect(&config).await?;
            let state = plein_storage::schema_state(&db)
                .await
                .context("reading the applied migrations")?;
            if !state.unknown.is_empty() {
                return Err(plein_storage::StorageError::NewerSchema(state.unknown).into());
            }
            if state.pending.is_empty() {
                println!("The database schema is up to date; no migration would run.");
            } else {
                println!("These migrations would run, in this order:");
                for name in &state.pending {
                    println!("  {name}");
                }
            }
            Ok(())
        }
        Command::ExportSchema { output } => export_schema(&output),
        Command::CreateAdmin { email, name } => {
            let config = Config::from_env()?;
            let app = open_app(&config).await?;
            create_admin(&app, &email, &name).await
        }
        Command::SeedDemo => {
            let config = Config::from_env()?;
            let app = open_app(&config).await?;
            seed::run(&app).await
        }
        Command::Seed {
            scale,
            seed,
            no_index,
        } => {
            let config = Config::from_env()?;
            let app = open_app(&config).await?;
            seed_scale::run(&app, scale, seed).await?;
            if no_index {
                Ok(())
            } else {
                reindex(&app, &config).await
            }
        }
        Command::Reindex => {
            let config = Config::from_env()?;
            let app = open_app(&config).await?;
            reindex(&app, &config).await
        }
        Command::Backup { dir } => operations::backup(&Config::from_env()?, &dir).await,
        Command::Restore { dir, force } => {
            operations::restore(&Config::from_env()?, &dir, force).await
        }
        Command::Check { repair } => operations::check(&Config::from_env()?, repair).await,
        Command::ImportAreas { file, projection } => {
            let projection = projection
                .map(|name| {
                    plein_domain::places::Projection::from_name(&name).ok_or_else(|| {
                        anyhow::anyhow!(
                            "unknown projection {name:?}: use wgs84 (EPSG:4326) or rd (EPSG:28992)"
                        )
                    })
                })
                .transpose()?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let config = Config::from_env()?;
            let app = open_app(&config).await?;
            let bar = progress::Progress::new();
            let report = app
                .import_area_boundaries_by_operator(&text, projection, &|done, total| {
                    bar.update("boundaries", done as u64, Some(total as u64))
                })
                .await
                .map_err(|e| app_error("importing area boundaries", e))?;
            println!(
                "{} areas have a boundary now ({:?}).",
                report.areas.len(),
                report.projection
            );
            Ok(())
        }
    }
}

/// Connects to the configured database.
async fn connect(config: &Config) -> anyhow::Result<plein_storage::Database> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    }
    plein_storage::connect(&config.database_url, config.database_max_connections)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))
}

/// Connects, migrates, and builds the application around the database.
async fn open_app(config: &Config) -> anyhow::Result<App> {
    let db = connect(config).await?;
    plein_storage::migrate(&db)
        .await
        .context("running database migrations")?;
    let settings = Settings {
        session_ttl: config.session_ttl,
        map_bounds: config.map_bounds,
        map_tiles: config.map_tiles.clone(),
        map_attribution: config.map_attribution.clone(),
        ..Settings::default()
    };
    Ok(App::new(db, Arc::new(SystemClock), settings))
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let app = open_app(&config).await?;
    tracing::info!(
        database = %redact(&config.database_url),
        backend = ?app.db.backend(),
        "database ready"
    );
    let mut app = app.with_search(open_search(&config).await?);
    let geocoder = plein_search::GeocoderConfig::from_env()
        .and_then(|geocoder| plein_search::open_geocoder(&geocoder))
        .map_err(|e| anyhow::anyhow!("geocoder configuration: {e}"))?;
    match geocoder {
        Some(geocoder) => {
            tracing::info!(geocoder = geocoder.name(), "address suggestions");
            app = app.with_geocoder(geocoder);
        }
        None => tracing::info!(
            geocoder = "embedded",
            "address suggestions from the database"
        ),
    }
    rebuild_search_if_empty(&app).await;
    let mailer = plein_mail::open(
        config.smtp_url.as_deref(),
        &config.mail_from,
        &config.data_dir.join("mail"),
    )
    .map_err(|e| anyhow::anyhow!("mail configuration: {e}"))?;
    let worker = outbox_worker(&config, &app, mailer.clone())?;
    app.schedule_digests()
        .await
        .map_err(|e| app_error("scheduling the digests", e))?;
    let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker_task = tokio::spawn(async move {
        worker
            .run_until(async {
                let _ = worker_stopped.await;
            })
            .await;
    });
    let api = ApiConfig {
        graphiql: config.graphiql,
        introspection: config.introspection,
        public_url: config.public_url.clone(),
        installation_name: config.installation_name.clone(),
        statements: std::sync::Arc::new(config.statements.clone()),
        trust_proxy: config.trust_proxy,
        metrics: config.metrics,
        web_dir: Some(config.web_dir.clone()),
        mail: Some(plein_api::MailCheck(mailer)),
        ..ApiConfig::default()
    };
    let draining = api.draining.clone();
    let router = plein_api::router(app, api);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    tracing::info!(
        address = %config.listen,
        public_url = %config.public_url,
        graphiql = config.graphiql,
        startup_ms = started.elapsed().as_millis() as u64,
        "Plein is listening"
    );
    // On SIGTERM: answer what is in flight, close kept-alive connections
    // cleanly, then let the outbox worker finish its current job.
    plein_api::serve(listener, router, draining, config.drain, shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("HTTP stopped; waiting for the outbox worker's current job");
    let _ = stop_worker.send(());
    let _ = worker_task.await;
    tracing::info!("Plein stopped");
    Ok(())
}

/// The search engine: Meilisearch when `MEILI_URL` is set, else the embedded
/// one under the data folder. A Meilisearch that does not answer yet is
/// logged, not fatal: writes go on and the index catches up.
async fn open_search(config: &Config) -> anyhow::Result<Arc<dyn plein_app::search::SearchIndex>> {
    let search_config = plein_search::SearchConfig::from_env(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("search configuration: {e}"))?;
    let index = plein_search::build(&search_config)
        .await
        .map_err(|e| anyhow::anyhow!("opening the search index: {e}"))?;
    match index.ensure_ready().await {
        Ok(()) => tracing::info!(engine = index.name(), up = true, "search index ready"),
        Err(err @ plein_app::search::SearchError::Unauthorized(_)) => tracing::error!(
            engine = index.name(),
            up = false,
            error = %err,
            "Meilisearch refuses MEILI_MASTER_KEY: search stays down until the key is right"
        ),
        Err(err) => {
            tracing::warn!(engine = index.name(), up = false, error = %err, "search index not ready; it will catch up")
        }
    }
    Ok(index)
}

/// The outbox worker with every handler this server runs.
fn outbox_worker(
    config: &Config,
    app: &App,
    mailer: Arc<dyn plein_mail::Mailer>,
) -> anyhow::Result<plein_app::jobs::Worker> {
    let templates = plein_mail::Templates::new(&config.public_url, &config.installation_name)
        .map_err(|e| anyhow::anyhow!("mail configuration: {e}"))?;
    let mut handlers: Vec<Arc<dyn plein_app::jobs::JobHandler>> = vec![
        Arc::new(plein_mail::AccountMailHandler {
            app: app.clone(),
            mailer: mailer.clone(),
            templates: templates.clone(),
        }),
        Arc::new(plein_mail::NotificationMailHandler {
            app: app.clone(),
            mailer: mailer.clone(),
            templates: templates.clone(),
        }),
        Arc::new(plein_mail::GroupInvitationMailHandler {
            app: app.clone(),
            mailer: mailer.clone(),
            templates: templates.clone(),
        }),
        Arc::new(plein_mail::MandateMailHandler {
            app: app.clone(),
            mailer: mailer.clone(),
            templates: templates.clone(),
        }),
        Arc::new(plein_mail::StreetReportMailHandler {
            app: app.clone(),
            mailer,
            templates,
        }),
    ];
    handlers.extend(plein_app::notifications::handlers(app));
    handlers.extend(plein_app::budget::handlers(app));
    if let Some(index) = &app.search {
        handlers.extend(plein_app::search::handlers(app, index));
    }
    Ok(plein_app::jobs::Worker::new(
        app.clone(),
        handlers,
        plein_app::jobs::WorkerSettings::default(),
    ))
}

/// A search index that starts empty (new, or reset by an upgrade) is filled
/// from the database in the background; searches answer from what is there
/// meanwhile, and changes made meanwhile land in the new index.
async fn rebuild_search_if_empty(app: &App) {
    let Some(index) = app.search.clone() else {
        return;
    };
    if !index.needs_rebuild().await {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        tracing::info!(
            engine = index.name(),
            "search index is empty; rebuilding it from the database"
        );
        match app.reindex(index.as_ref(), |_| {}).await {
            Ok(count) => tracing::info!(documents = count, "search index filled"),
            Err(err) => {
                tracing::error!(error = %err, "filling the search index failed; run `plein reindex`")
            }
        }
    });
}

/// `plein reindex`: every visible idea and plan into a fresh index, swapped
/// in at the end, with a running count on stderr.
async fn reindex(app: &App, config: &Config) -> anyhow::Result<()> {
    let search_config = plein_search::SearchConfig::from_env(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("search configuration: {e}"))?;
    let embedded = search_config.meili.is_none();
    let index = match plein_search::open(&search_config).await {
        Ok(index) => index,
        Err(err) if embedded && err.to_string().contains("in use by another process") => {
            anyhow::bail!(
                "the embedded search index in {} is in use by a running server; \
             stop the server, run `plein reindex`, then start it again",
                search_config.embedded_dir.display()
            )
        }
        Err(err) => anyhow::bail!("opening the search index: {err}"),
    };
    eprintln!("Reindexing into {} …", index.name());
    let display = progress::Progress::new();
    let count = app
        .reindex(index.as_ref(), |seen| {
            display.update("documents read", seen, None);
        })
        .await;
    display.finish();
    let count = count.map_err(|e| anyhow::anyhow!("reindexing: {e}"))?;
    println!("Indexed {count} ideas and plans.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn export_schema(output: &PathBuf) -> anyhow::Result<()> {
    let sdl = plein_api::schema_sdl();
    if output.as_os_str() == "-" {
        print!("{sdl}");
    } else {
        std::fs::write(output, sdl).with_context(|| format!("writing {}", output.display()))?;
        println!("Wrote the GraphQL schema to {}.", output.display());
    }
    Ok(())
}

async fn create_admin(app: &App, email: &str, name: &str) -> anyhow::Result<()> {
    let password = match std::env::var("PLEIN_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => password,
        _ => {
            eprintln!("Password for {email} (10 to 128 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let (id, state) = app
        .ensure_user(SystemUser {
            email,
            password: &password,
            display_name: name,
            role: Role::Admin,
            organisation: None,
            verified: true,
        })
        .await
        .map_err(|e| app_error("creating the admin", e))?;
    match state {
        Ensured::Created => println!("Created admin account {email} ({id})."),
        Ensured::Updated => println!("{email} already had an account; it is now an admin."),
        Ensured::Unchanged => println!("{email} is already an admin."),
    }
    Ok(())
}
