//! What only the embedded engine has: a folder that outlives the process.

use chrono::Utc;
use futures::StreamExt;
use plein_app::search::{SearchDocument, SearchIndex, SearchKind, SearchQuery};
use plein_search::{EmbeddedIndex, SearchConfig, Synonyms};
use uuid::Uuid;

fn idea(title: &str) -> SearchDocument {
    let area = Uuid::new_v4();
    SearchDocument {
        id: Uuid::new_v4(),
        kind: SearchKind::Idea,
        title: title.into(),
        body: String::new(),
        tags: Vec::new(),
        status: "published".into(),
        area_id: area,
        area_path_ids: vec![area],
        author_name: "Sem".into(),
        support_count: 0,
        comment_count: 0,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn generations(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("gen-"))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_index_survives_a_restart_and_a_rebuild() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("search");
    let first = idea("Moestuin op het dak");
    {
        let index = EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens");
        index
            .upsert(std::slice::from_ref(&first))
            .await
            .expect("indexed");
    }
    let index = EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens again");
    let found = index
        .search(&SearchQuery::text("moestuin"))
        .await
        .expect("searched");
    assert_eq!(found.hits.len(), 1);
    assert_eq!(generations(&root), ["gen-000001"]);

    let second = idea("Buurtbarbecue in de zomer");
    let batches = futures::stream::iter([Ok(vec![second])]).boxed();
    assert_eq!(index.rebuild(batches).await.expect("rebuilt"), 1);
    assert_eq!(generations(&root), ["gen-000002"]);
    drop(index);

    let index = EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens after rebuild");
    let all = index
        .search(&SearchQuery::default())
        .await
        .expect("searched");
    assert_eq!(all.estimated_total, 1);
    assert!(all.hits[0].title_html.starts_with("Buurtbarbecue"));
}

#[tokio::test]
async fn leftovers_of_an_interrupted_rebuild_are_cleared() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("search");
    drop(EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens"));
    std::fs::create_dir_all(root.join("gen-000002")).expect("a half-built generation");
    let index = EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens");
    assert_eq!(generations(&root), ["gen-000001"]);
    assert!(index.health().await);
}

#[tokio::test]
async fn an_unreadable_index_is_replaced_by_an_empty_one() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("search");
    drop(EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("opens"));
    std::fs::remove_dir_all(root.join("gen-000001")).expect("index removed");
    let index = EmbeddedIndex::open(&root, &Synonyms::dutch()).expect("starts afresh");
    assert_eq!(generations(&root), ["gen-000002"]);
    let all = index
        .search(&SearchQuery::default())
        .await
        .expect("searched");
    assert_eq!(all.estimated_total, 0);
}

#[tokio::test]
async fn open_chooses_the_embedded_engine_without_meilisearch() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = SearchConfig::embedded(dir.path());
    let index = plein_search::open(&config).await.expect("opens");
    assert_eq!(index.name(), "embedded");
    assert!(dir.path().join("search").join("CURRENT").is_file());
}

#[tokio::test]
async fn an_index_in_use_is_refused_not_replaced() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let live = EmbeddedIndex::open(dir.path(), &Synonyms::dutch()).expect("opens");
    let doc = idea("Speeltuin");
    live.upsert(std::slice::from_ref(&doc))
        .await
        .expect("upsert");
    let err = EmbeddedIndex::open(dir.path(), &Synonyms::dutch()).expect_err("locked");
    assert!(
        err.to_string().contains("in use by another process"),
        "{err}"
    );
    assert_eq!(generations(dir.path()), ["gen-000001"]);
    let found = live
        .search(&SearchQuery::text("speeltuin"))
        .await
        .expect("search");
    assert_eq!(found.hits.len(), 1);
}
