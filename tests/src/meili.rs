//! Meilisearch for the integration tests: an index of its own per test on
//! the server `MEILI_URL` names (removed when the test ends), and servers a
//! test starts and stops itself, for faults.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Once};
use std::time::Duration;

use plein_app::search::SearchIndex;
use plein_search::{MeiliConfig, MeiliIndex, Synonyms};

/// The server the test run was given, if any.
pub fn config_from_env() -> Option<MeiliConfig> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let (Some(url), Some(master_key)) = (var("MEILI_URL"), var("MEILI_MASTER_KEY")) else {
        say_skipped("MEILI_URL and MEILI_MASTER_KEY are not set");
        return None;
    };
    Some(config(url, master_key))
}

/// A config with a fresh index prefix on this server.
pub fn config(url: String, master_key: String) -> MeiliConfig {
    MeiliConfig {
        url,
        master_key,
        index_prefix: format!("plein_it_{}_", uuid::Uuid::new_v4().simple()),
        search_timeout: MeiliConfig::SEARCH_TIMEOUT,
    }
}

/// Said once per run, straight to stderr so the harness does not swallow it.
pub fn say_skipped(reason: &str) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "meilisearch integration tests skipped: {reason}"
        );
    });
}

/// One test's Meilisearch index; its indexes go when this is dropped.
pub struct MeiliTestIndex {
    pub index: Arc<MeiliIndex>,
    config: MeiliConfig,
}

impl MeiliTestIndex {
    /// A new index on the server of `MEILI_URL`, or `None` to skip.
    pub async fn from_env() -> Option<Self> {
        Some(Self::open(config_from_env()?).await)
    }

    /// An index with this config, settings applied.
    pub async fn open(config: MeiliConfig) -> Self {
        let index = Arc::new(MeiliIndex::new(&config, &Synonyms::dutch()).expect("client"));
        index
            .ensure_ready()
            .await
            .expect("meilisearch index is ready");
        Self { index, config }
    }

    pub fn dyn_index(&self) -> Arc<dyn SearchIndex> {
        self.index.clone()
    }
}

impl Drop for MeiliTestIndex {
    fn drop(&mut self) {
        let config = self.config.clone();
        // A client of its own on a short-lived runtime: the test's runtime
        // may be ending.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(index) = MeiliIndex::new(&config, &Synonyms::dutch()) {
                    let _ =
                        tokio::time::timeout(Duration::from_secs(10), index.delete_indexes()).await;
                }
            });
        })
        .join();
    }
}

/// A Meilisearch server this test starts, stops and starts again, on its
/// own port and data folder, from the `start` script of `MEILISEARCH_START`.
pub struct MeiliServer {
    start: PathBuf,
    pub port: u16,
    pub key: String,
    data: tempfile::TempDir,
    child: Option<Child>,
}

impl MeiliServer {
    /// Starts one, or answers `None` (said once) when no start script is given.
    pub async fn start() -> Option<Self> {
        let Some(start) = std::env::var_os("MEILISEARCH_START").map(PathBuf::from) else {
            say_skipped("MEILISEARCH_START is not set (scripts/meili.sh sets it)");
            return None;
        };
        let port = free_port();
        let mut server = Self {
            start,
            port,
            key: format!("plein-test-key-{}", uuid::Uuid::new_v4().simple()),
            data: tempfile::tempdir().expect("tempdir"),
            child: None,
        };
        server.resume().await;
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process again on the same port and data; waits for /health.
    pub async fn resume(&mut self) {
        assert!(self.child.is_none(), "already running");
        let child = Command::new(&self.start)
            .arg(self.port.to_string())
            .arg(self.data.path())
            .arg(&self.key)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("meilisearch starts");
        self.child = Some(child);
        let health = format!("{}/health", self.url());
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = http.get(&health).send().await
                && response.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("meilisearch on port {} did not come up", self.port);
    }

    /// Kills the process at once, as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for MeiliServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback port in 7700-7799 (the range kept for Meilisearch servers of
/// tests) nobody listens on right now, tried from a random start.
pub fn free_port() -> u16 {
    let start = (uuid::Uuid::new_v4().as_u128() % 100) as u16;
    (0..100)
        .map(|n| 7700 + (start + n) % 100)
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port in 7700-7799")
}
