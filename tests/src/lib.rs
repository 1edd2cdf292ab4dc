//! One harness for every integration test: a fresh real database per test (a
//! temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set), the real router served over HTTP on a free
//! loopback port, and a clock the test can move.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use plein_api::ApiConfig;
use plein_app::search::SearchIndex;
use plein_app::system::SystemUser;
use plein_app::{App, ManualClock, Settings};
use plein_domain::Role;
use serde_json::{Value, json};

mod content;
pub mod meili;
mod ws;
pub use content::Square;
pub use ws::Subscription;

pub use serde_json;

pub mod smtp;

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery";

/// Where a test's database lives, and how it goes away.
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// A second server on another test's database, which that test removes.
    Borrowed,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async; a short-lived runtime removes the
            // database. The test does not wait for it: a database left behind
            // when the process ends is removed by the next run (see
            // `remove_leftovers`).
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async {
                    if let Ok(conn) = sea_orm::Database::connect(&admin_url).await {
                        use sea_orm::ConnectionTrait;
                        let _ = conn
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = conn.close().await;
                    }
                });
            });
        }
    }
}

/// Settings for a test app; defaults are the production ones.
pub struct TestAppBuilder {
    settings: Settings,
    api: ApiConfig,
    search: Option<Arc<dyn SearchIndex>>,
    kept: Vec<Box<dyn std::any::Any + Send + Sync>>,
    geocoder: Option<Arc<dyn plein_app::geocoder::Geocoder>>,
}

impl TestAppBuilder {
    pub fn settings(mut self, f: impl FnOnce(&mut Settings)) -> Self {
        f(&mut self.settings);
        self
    }

    pub fn api(mut self, f: impl FnOnce(&mut ApiConfig)) -> Self {
        f(&mut self.api);
        self
    }

    /// Uses this search index instead of a fresh embedded one.
    pub fn search(mut self, index: Arc<dyn SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// Answers address suggestions from this geocoder instead of the
    /// embedded one.
    pub fn geocoder(mut self, geocoder: Arc<dyn plein_app::geocoder::Geocoder>) -> Self {
        self.geocoder = Some(geocoder);
        self
    }

    /// Keeps `value` (such as a test's Meilisearch index) as long as the app.
    pub fn keep(mut self, value: impl std::any::Any + Send + Sync) -> Self {
        self.kept.push(Box::new(value));
        self
    }

    pub async fn spawn(self) -> TestApp {
        // Errors the app logs (an INTERNAL answer's detail) show in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(
                std::env::var("RUST_LOG").unwrap_or_else(|_| "warn,sqlx=warn".to_owned()),
            )
            .try_init();
        let (url, db_guard) = migrated_database().await;
        self.spawn_on(url, db_guard).await
    }

    async fn spawn_on(self, url: String, db_guard: TestDb) -> TestApp {
        let db = plein_storage::connect(&url, 8).await.expect("connect");
        plein_storage::migrate(&db).await.expect("migrate");
        let clock = ManualClock::new(chrono::Utc::now());
        let search_dir = tempfile::tempdir().expect("tempdir");
        let search = match self.search {
            Some(index) => index,
            None => embedded_index(search_dir.path()).await,
        };
        let mut app =
            App::new(db, Arc::new(clock.clone()), self.settings).with_search(search.clone());
        if let Some(geocoder) = self.geocoder {
            app = app.with_geocoder(geocoder);
        }
        let router = plein_api::router(app.clone(), self.api);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        TestApp {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
            app,
            clock,
            database_url: url,
            search,
            _search_dir: search_dir,
            _kept: self.kept,
            _db: db_guard,
        }
    }
}

/// Creates an empty database for one test and answers its URL; the
/// database goes away when the guard is dropped.
pub async fn fresh_database() -> (String, TestDb) {
    match postgres_admin_url() {
        Some(admin_url) => postgres_database(admin_url, None).await,
        None => sqlite_database(),
    }
}

/// A database for one test with Plein's schema in place. On PostgreSQL it
/// is a copy of a template migrated once per test process: copying a
/// database takes a fraction of running every migration again.
pub async fn migrated_database() -> (String, TestDb) {
    match postgres_admin_url() {
        Some(admin_url) => {
            let template = postgres_template(&admin_url).await;
            postgres_database(admin_url, Some(template)).await
        }
        None => sqlite_database(),
    }
}

fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

fn sqlite_database() -> (String, TestDb) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("plein.db").display()
    );
    (url, TestDb::Sqlite(dir))
}

async fn postgres_admin(admin_url: &str) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unreachable: {e}"))
}

fn postgres_url(admin_url: &str, name: &str) -> String {
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("TEST_DATABASE_URL needs a database path");
    format!("{base}/{name}")
}

async fn postgres_database(admin_url: String, template: Option<&str>) -> (String, TestDb) {
    use sea_orm::ConnectionTrait;
    let name = format!(
        "{TEST_PREFIX}{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    let admin = postgres_admin(&admin_url).await;
    let create = match template {
        Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    // A template can be copied only while nobody is connected to it; the
    // connection that migrated it may take a moment to go away.
    let mut tries = 0;
    while let Err(e) = admin.execute_unprepared(&create).await {
        tries += 1;
        assert!(
            tries < 100 && e.to_string().contains("being accessed by other users"),
            "create test database: {e}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = admin.close().await;
    (
        postgres_url(&admin_url, &name),
        TestDb::Postgres { admin_url, name },
    )
}

const TEST_PREFIX: &str = "plein_test_";
const TEMPLATE_PREFIX: &str = "plein_template_";

/// Drops the test and template databases of test processes that have
/// ended. Their names carry the process id; names without one are left.
async fn remove_leftovers(admin: &sea_orm::DatabaseConnection) {
    use sea_orm::ConnectionTrait;
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                "SELECT datname FROM pg_database \
                 WHERE datname LIKE '{TEST_PREFIX}%' OR datname LIKE '{TEMPLATE_PREFIX}%'"
            ),
        ))
        .await
        .expect("list test databases");
    for row in rows {
        let name: String = row.try_get("", "datname").expect("datname");
        let rest = name
            .strip_prefix(TEST_PREFIX)
            .or_else(|| name.strip_prefix(TEMPLATE_PREFIX))
            .unwrap_or_default();
        let pid = rest.split('_').next().unwrap_or_default();
        let ended = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id()
                && !std::path::Path::new("/proc").join(pid.to_string()).exists()
        });
        if ended {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

/// The name of this process's migrated template database, made on first
/// use. Templates of test processes that have ended are dropped then too.
async fn postgres_template(admin_url: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            use plein_migrations::MigratorTrait;
            use sea_orm::ConnectionTrait;
            let admin = postgres_admin(admin_url).await;
            remove_leftovers(&admin).await;
            let name = format!("{TEMPLATE_PREFIX}{}", std::process::id());
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .expect("drop an old template");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create the template database");
            let _ = admin.close().await;
            let conn = sea_orm::Database::connect(&postgres_url(admin_url, &name))
                .await
                .expect("connect to the template");
            plein_migrations::Migrator::up(&conn, None)
                .await
                .expect("migrate the template");
            let _ = conn.close().await;
            name
        })
        .await
}

/// A running Plein with its own database.
pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub app: App,
    pub clock: ManualClock,
    /// The database this server uses, so a second server can share it.
    pub database_url: String,
    /// The index this server searches and the outbox worker updates.
    pub search: Arc<dyn SearchIndex>,
    _search_dir: tempfile::TempDir,
    _kept: Vec<Box<dyn std::any::Any + Send + Sync>>,
    _db: TestDb,
}

/// A fresh embedded search index in `dir`, ready for use.
pub async fn embedded_index(dir: &std::path::Path) -> Arc<dyn SearchIndex> {
    plein_search::open(&plein_search::SearchConfig::embedded(dir))
        .await
        .expect("open the embedded search index")
}

/// What came back from `/graphql`.
#[derive(Debug)]
pub struct GqlResponse {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl GqlResponse {
    /// The `data` of a response that must have no errors.
    pub fn data(&self) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        &self.body["data"]
    }

    /// The `extensions.code` of the first error.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error with a code: {}", self.body))
    }

    /// The `extensions.field` of the first error.
    pub fn field(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["field"].as_str()
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            settings: Settings::default(),
            api: ApiConfig::default(),
            search: None,
            kept: Vec::new(),
            geocoder: None,
        }
    }

    pub async fn spawn() -> Self {
        Self::builder().spawn().await
    }

    /// A second server process (its own pool, clock and event listener) on
    /// this test's database, as behind a load balancer.
    pub async fn spawn_peer(&self) -> Self {
        Self::builder()
            .spawn_on(self.database_url.clone(), TestDb::Borrowed)
            .await
    }

    /// Runs the outbox's search jobs that are due until none is left, as the
    /// server's worker would; answers how many ran (failed attempts count).
    pub async fn drain_search(&self) -> usize {
        self.drain_jobs(plein_app::search::handlers(&self.app, &self.search))
            .await
    }

    /// Runs the due outbox jobs these handlers take until none is left, as
    /// the server's worker would; answers how many ran.
    pub async fn drain_jobs(&self, handlers: Vec<Arc<dyn plein_app::jobs::JobHandler>>) -> usize {
        let worker = plein_app::jobs::Worker::new(
            self.app.clone(),
            handlers,
            plein_app::jobs::WorkerSettings::default(),
        );
        let mut total = 0;
        for _ in 0..1_000 {
            let ran = worker.run_once().await.expect("outbox pass");
            if ran == 0 {
                return total;
            }
            total += ran;
        }
        panic!("the outbox never went idle");
    }

    /// Fans out the due notification events and runs the due digests (mail
    /// jobs stay in the outbox); answers how many jobs ran.
    pub async fn drain_notifications(&self) -> usize {
        self.drain_jobs(plein_app::notifications::handlers(&self.app))
            .await
    }

    /// Waits until this server feeds `count` live comment subscriptions. A
    /// graphql-ws client hears nothing back when its subscription starts, so
    /// a test that posts right after subscribing waits for this first.
    pub async fn live_subscribers(&self, count: usize) {
        let started = tokio::time::Instant::now();
        while self.app.comment_events.subscribers() < count {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{} live subscriptions, not {count}",
                self.app.comment_events.subscribers()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Whether the tests run on PostgreSQL (`TEST_DATABASE_URL` is set).
    pub fn on_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs a GraphQL request, with a bearer token when given.
    pub async fn gql_as(&self, token: Option<&str>, query: &str, variables: Value) -> GqlResponse {
        let mut request = self
            .http
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.json().await.expect("JSON body");
        GqlResponse {
            status,
            headers,
            body,
        }
    }

    pub async fn gql(&self, query: &str, variables: Value) -> GqlResponse {
        self.gql_as(None, query, variables).await
    }

    /// Registers a resident with a confirmed address and answers their token and id.
    pub async fn register(&self, email: &str, name: &str) -> (String, String) {
        let (token, id) = self.register_unverified(email, name).await;
        let user_id = uuid::Uuid::parse_str(&id).expect("user id");
        plein_storage::users::mark_email_verified(&self.app.db.conn, user_id, chrono::Utc::now())
            .await
            .expect("verify");
        (token, id)
    }

    /// Registers a resident who has not confirmed their address yet: they
    /// can read but not post.
    pub async fn register_unverified(&self, email: &str, name: &str) -> (String, String) {
        let response = self
            .gql(
                "mutation($input: RegisterInput!) { register(input: $input) { token user { id } } }",
                json!({ "input": { "email": email, "password": PASSWORD, "displayName": name } }),
            )
            .await;
        let data = response.data();
        (
            data["register"]["token"]
                .as_str()
                .expect("token")
                .to_owned(),
            data["register"]["user"]["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        )
    }

    /// Signs in and answers the token.
    pub async fn sign_in(&self, email: &str) -> String {
        let response = self
            .gql(
                "mutation($input: SignInInput!) { signIn(input: $input) { token } }",
                json!({ "input": { "email": email, "password": PASSWORD } }),
            )
            .await;
        response.data()["signIn"]["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Creates an account with `role` directly (as the operator would) and
    /// answers a signed-in token and the user's id.
    pub async fn user_with_role(&self, email: &str, role: Role) -> (String, String) {
        let (id, _) = self
            .app
            .ensure_user(SystemUser {
                email,
                password: PASSWORD,
                display_name: email.split('@').next().unwrap_or("someone"),
                role,
                organisation: (role == Role::Professional).then_some("Gemeente Amstelveld"),
                verified: true,
            })
            .await
            .expect("create user");
        (self.sign_in(email).await, id.to_string())
    }

    pub async fn admin(&self) -> String {
        self.user_with_role("admin@plein.test", Role::Admin).await.0
    }

    /// Creates an area as admin and answers its id.
    pub async fn area(&self, admin: &str, name: &str, kind: &str, parent: Option<&str>) -> String {
        let response = self
            .gql_as(
                Some(admin),
                "mutation($input: CreateAreaInput!) { createArea(input: $input) { area { id } } }",
                json!({ "input": { "name": name, "kind": kind, "parentId": parent } }),
            )
            .await;
        response.data()["createArea"]["area"]["id"]
            .as_str()
            .expect("area id")
            .to_owned()
    }

    /// How many SQL statements the app has run so far.
    pub fn statements(&self) -> u64 {
        self.app.db.statements.get()
    }
}
