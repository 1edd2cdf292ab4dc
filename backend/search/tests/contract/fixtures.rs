//! A fresh, empty index per test for each engine.

use std::io::Write;
use std::sync::{Arc, Once};

use plein_app::search::SearchIndex;
use plein_search::{EmbeddedIndex, MeiliConfig, MeiliIndex, Synonyms};
use tempfile::TempDir;
use uuid::Uuid;

/// The default Dutch list plus one group a municipality added.
pub fn synonyms() -> Synonyms {
    let mut synonyms = Synonyms::dutch();
    synonyms
        .extend_from_lines("# our own\ngeveltuin, stoeptuin\n")
        .expect("valid synonyms");
    synonyms
}

pub struct Fixture {
    pub index: Arc<dyn SearchIndex>,
    cleanup: Cleanup,
}

enum Cleanup {
    Folder(#[allow(dead_code)] TempDir),
    Meili(Arc<MeiliIndex>),
}

impl Fixture {
    pub async fn finish(self) {
        match self.cleanup {
            Cleanup::Folder(_dir) => {}
            Cleanup::Meili(index) => index
                .delete_indexes()
                .await
                .expect("test indexes are removed"),
        }
    }
}

pub async fn embedded() -> Option<Fixture> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let index = EmbeddedIndex::open(dir.path().join("search"), &synonyms()).expect("index opens");
    let index: Arc<dyn SearchIndex> = Arc::new(index);
    index.ensure_ready().await.expect("index is ready");
    Some(Fixture {
        index,
        cleanup: Cleanup::Folder(dir),
    })
}

pub async fn meilisearch() -> Option<Fixture> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let Some(url) = var("MEILI_URL") else {
        say_skipped("MEILI_URL is not set");
        return None;
    };
    let Some(master_key) = var("MEILI_MASTER_KEY") else {
        say_skipped("MEILI_MASTER_KEY is not set");
        return None;
    };
    let config = MeiliConfig {
        url,
        master_key,
        index_prefix: format!("plein_test_{}_", Uuid::new_v4().simple()),
        search_timeout: MeiliConfig::SEARCH_TIMEOUT,
    };
    let index = Arc::new(MeiliIndex::new(&config, &synonyms()).expect("client is built"));
    index.ensure_ready().await.expect("index is ready");
    Some(Fixture {
        index: index.clone(),
        cleanup: Cleanup::Meili(index),
    })
}

/// Said once per run, straight to stderr so the test harness does not
/// swallow it.
fn say_skipped(reason: &str) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "meilisearch contract suite skipped: {reason}"
        );
    });
}
