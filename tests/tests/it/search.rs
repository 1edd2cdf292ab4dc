//! Search: what the outbox puts in the index, what a viewer finds, and how
//! writes carry on while the index is down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use plein_app::search::{
    DocumentBatches, SearchError, SearchHit, SearchIndex, SearchKind, SearchQuery, SearchResults,
};
use plein_tests::meili::MeiliTestIndex;
use plein_tests::{Square, TestApp, embedded_index};
use serde_json::{Value, json};
use uuid::Uuid;

const SEARCH: &str = "query($q: String!, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String) {
  search(query: $q, filter: $filter, sort: $sort, first: $first, after: $after) {
    edges { cursor titleHtml snippetHtml node { __typename ... on Idea { id title supportCount } ... on Plan { id title } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    facets { kinds { value count } statuses { value count } areas { area { id } count } tags { value count } }
    estimatedTotal
  }
}";

/// Every test below runs on the embedded engine, and on Meilisearch when
/// `MEILI_URL` and `MEILI_MASTER_KEY` are set (each test with an index of
/// its own); without them the Meilisearch runs say they were skipped.
macro_rules! on_every_engine {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(super::Engine::Embedded).await;
                }
            )*
        }
        mod meilisearch {
            $(
                #[tokio::test]
                async fn $case() {
                    if plein_tests::meili::config_from_env().is_some() {
                        super::$case(super::Engine::Meilisearch).await;
                    }
                }
            )*
        }
    };
}

on_every_engine!(
    a_published_idea_is_found_after_the_worker_runs_even_with_a_typo,
    drafts_and_withdrawn_ideas_are_never_found,
    the_area_filter_takes_in_descendants_and_facets_count_exactly,
    most_supported_follows_supports_and_pages_are_stable,
    bad_search_input_names_its_field,
    similar_ideas_suggests_published_ideas,
    writes_go_on_while_search_is_down_and_the_index_catches_up,
    reindex_rebuilds_the_index_from_the_database,
    a_new_display_name_reaches_every_document_of_its_author,
    moving_an_area_moves_its_items_in_the_area_filter,
    check_finds_a_dropped_and_a_stray_document_and_repair_fixes_them,
    the_search_page_reads_its_hits_and_areas_in_two_statements,
);

#[derive(Debug, Clone, Copy)]
enum Engine {
    Embedded,
    Meilisearch,
}

type Keep = Box<dyn std::any::Any + Send + Sync>;

impl Engine {
    /// A fresh, ready index of this engine, and what must live as long as
    /// it (its folder, or its Meilisearch index, removed when dropped).
    async fn index(self) -> (Arc<dyn SearchIndex>, Keep) {
        match self {
            Engine::Embedded => {
                let dir = tempfile::tempdir().expect("tempdir");
                (embedded_index(dir.path()).await, Box::new(dir))
            }
            Engine::Meilisearch => {
                let meili = MeiliTestIndex::from_env()
                    .await
                    .expect("MEILI_URL and MEILI_MASTER_KEY are set");
                (meili.dyn_index(), Box::new(meili))
            }
        }
    }

    /// A test app searching in a fresh index of this engine.
    async fn spawn(self) -> TestApp {
        let (index, keep) = self.index().await;
        TestApp::builder().search(index).keep(keep).spawn().await
    }
}

async fn search(app: &TestApp, token: Option<&str>, variables: Value) -> Value {
    let response = app.gql_as(token, SEARCH, variables).await;
    response.data()["search"].clone()
}

fn ids(result: &Value) -> Vec<String> {
    result["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Creates and publishes an idea with this text and these tags.
async fn idea(
    app: &TestApp,
    token: &str,
    area: &str,
    title: &str,
    body: &str,
    tags: &[&str],
) -> String {
    let response = app
        .mutate(
            Some(token),
            "createIdea",
            json!({ "title": title, "body": body, "areaId": area, "tags": tags }),
            "{ idea { id } }",
        )
        .await;
    let id = response.data()["createIdea"]["idea"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.mutate(
        Some(token),
        "publishIdea",
        json!({ "id": id }),
        "{ idea { id } }",
    )
    .await
    .data();
    id
}

async fn a_published_idea_is_found_after_the_worker_runs_even_with_a_typo(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let id = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Een speeltuin bij de molen",
        "Voor de kinderen van de wijk.",
        &["spelen"],
    )
    .await;
    assert!(ids(&search(&app, None, json!({ "q": "speeltuin" })).await).is_empty());
    app.drain_search().await;
    let found = search(&app, None, json!({ "q": "speeltiun" })).await;
    assert_eq!(ids(&found), [id.clone()]);
    assert_eq!(found["edges"][0]["node"]["__typename"], "Idea");
    assert!(
        found["edges"][0]["titleHtml"]
            .as_str()
            .expect("html")
            .contains("<mark>")
    );
    assert_eq!(found["estimatedTotal"], 1);
}

async fn drafts_and_withdrawn_ideas_are_never_found(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Geheime fietsenstalling")
        .await;
    let shown = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Hondenuitlaatplaats aan de dijk",
        "Met een hek.",
        &[],
    )
    .await;
    app.drain_search().await;
    // Not even its author, nor someone who knows the exact title.
    for token in [
        None,
        Some(sq.resident.as_str()),
        Some(sq.neighbour.as_str()),
        Some(sq.admin.as_str()),
    ] {
        let found = search(&app, token, json!({ "q": "Geheime fietsenstalling" })).await;
        assert!(ids(&found).is_empty(), "{found}");
    }
    assert_eq!(
        ids(&search(&app, None, json!({ "q": "hondenuitlaatplaats" })).await),
        [shown.clone()]
    );
    app.mutate(
        Some(&sq.resident),
        "withdrawIdea",
        json!({ "id": shown }),
        "{ idea { id } }",
    )
    .await
    .data();
    app.drain_search().await;
    assert!(ids(&search(&app, None, json!({ "q": "hondenuitlaatplaats" })).await).is_empty());
    assert!(ids(&search(&app, None, json!({ "q": "" })).await).is_empty());
    let _ = draft;
}

async fn the_area_filter_takes_in_descendants_and_facets_count_exactly(engine: Engine) {
    let app = engine.spawn().await;
    let sq: Square = app.square().await;
    let other = app
        .area(&sq.admin, "Westpoort", "DISTRICT", Some(&sq.municipality))
        .await;
    let a = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Bankjes in het park",
        "Om te zitten.",
        &["groen", "zitten"],
    )
    .await;
    let b = idea(
        &app,
        &sq.neighbour,
        &sq.district,
        "Meer bomen in het park",
        "Schaduw.",
        &["groen"],
    )
    .await;
    let c = idea(
        &app,
        &sq.neighbour,
        &other,
        "Park bij de haven",
        "Ook hier.",
        &[],
    )
    .await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Het park vernieuwen")
        .await;
    app.drain_search().await;

    let mut in_district = ids(&search(
        &app,
        None,
        json!({ "q": "park", "filter": { "areaId": sq.district } }),
    )
    .await);
    in_district.sort();
    let mut expected = vec![a.clone(), b.clone(), plan.clone()];
    expected.sort();
    assert_eq!(in_district, expected);
    assert_eq!(
        ids(&search(
            &app,
            None,
            json!({ "q": "park", "filter": { "areaId": other } })
        )
        .await),
        [c.clone()]
    );

    let all = search(&app, None, json!({ "q": "park" })).await;
    assert_eq!(all["estimatedTotal"], 4);
    let facets = &all["facets"];
    assert_eq!(
        facets["kinds"],
        json!([{ "value": "IDEA", "count": 3 }, { "value": "PLAN", "count": 1 }])
    );
    assert_eq!(
        facets["statuses"],
        json!([{ "value": "CONSULTING", "count": 1 }, { "value": "PUBLISHED", "count": 3 }])
    );
    assert_eq!(
        facets["tags"],
        json!([{ "value": "groen", "count": 2 }, { "value": "zitten", "count": 1 }])
    );
    let area_count = |id: &str| {
        facets["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .find(|f| f["area"]["id"] == id)
            .map(|f| f["count"].as_u64().expect("count"))
    };
    assert_eq!(area_count(&sq.municipality), Some(4));
    assert_eq!(area_count(&sq.district), Some(3));
    assert_eq!(area_count(&sq.neighbourhood), Some(1));
    assert_eq!(area_count(&other), Some(1));

    // Statuses are enum values, like everywhere else in the schema.
    assert_eq!(
        ids(&search(
            &app,
            None,
            json!({ "q": "park", "filter": { "statuses": ["CONSULTING"] } })
        )
        .await),
        [plan.clone()]
    );
    let lower_case = app
        .gql(
            SEARCH,
            json!({ "q": "park", "filter": { "statuses": ["consulting"] } }),
        )
        .await;
    assert!(
        lower_case.body["errors"][0]["message"].is_string(),
        "{}",
        lower_case.body
    );

    let ideas_only = search(
        &app,
        None,
        json!({ "q": "park", "filter": { "kinds": ["IDEA"], "tags": ["GROEN"] } }),
    )
    .await;
    let mut got = ids(&ideas_only);
    got.sort();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(got, expected);
}

async fn most_supported_follows_supports_and_pages_are_stable(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let mut all = Vec::new();
    for i in 0..5 {
        app.clock.advance(chrono::Duration::minutes(1));
        all.push(
            idea(
                &app,
                &sq.resident,
                &sq.neighbourhood,
                &format!("Fietsenrek nummer {i}"),
                "Bij de school.",
                &[],
            )
            .await,
        );
    }
    for token in [&sq.neighbour, &sq.professional] {
        app.mutate(
            Some(token),
            "supportIdea",
            json!({ "ideaId": all[3] }),
            "{ idea { id } }",
        )
        .await
        .data();
    }
    app.mutate(
        Some(&sq.neighbour),
        "supportIdea",
        json!({ "ideaId": all[1] }),
        "{ idea { id } }",
    )
    .await
    .data();
    app.drain_search().await;
    let top = search(
        &app,
        None,
        json!({ "q": "fietsenrek", "sort": "MOST_SUPPORTED", "first": 2 }),
    )
    .await;
    assert_eq!(ids(&top), [all[3].clone(), all[1].clone()]);
    assert_eq!(top["edges"][0]["node"]["supportCount"], 2);

    // Taking supports back reorders after the worker runs.
    for token in [&sq.neighbour, &sq.professional] {
        app.mutate(
            Some(token),
            "unsupportIdea",
            json!({ "ideaId": all[3] }),
            "{ idea { id } }",
        )
        .await
        .data();
    }
    app.drain_search().await;
    let top = search(
        &app,
        None,
        json!({ "q": "fietsenrek", "sort": "MOST_SUPPORTED", "first": 1 }),
    )
    .await;
    assert_eq!(ids(&top), [all[1].clone()]);

    // Two at a time, newest first: every idea once, in order.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = search(
            &app,
            None,
            json!({ "q": "fietsenrek", "sort": "NEWEST", "first": 2, "after": after }),
        )
        .await;
        seen.extend(ids(&page));
        assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    let newest_first: Vec<String> = all.iter().rev().cloned().collect();
    assert_eq!(seen, newest_first);
}

async fn bad_search_input_names_its_field(engine: Engine) {
    let app = engine.spawn().await;
    let long = "a".repeat(1_001);
    let response = app.gql(SEARCH, json!({ "q": long })).await;
    assert_eq!(response.code(), "BAD_USER_INPUT");
    assert_eq!(response.field(), Some("query"));
    let response = app.gql(SEARCH, json!({ "q": "x", "first": 51 })).await;
    assert_eq!(response.field(), Some("first"));
    let response = app
        .gql(SEARCH, json!({ "q": "x", "after": "nonsense" }))
        .await;
    assert_eq!(response.field(), Some("after"));
}

async fn similar_ideas_suggests_published_ideas(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let id = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Zebrapad bij de basisschool",
        "Oversteken is gevaarlijk.",
        &[],
    )
    .await;
    app.draft_idea(&sq.neighbour, &sq.neighbourhood, "Zebrapad bij het station")
        .await;
    app.drain_search().await;
    let response = app
        .gql(
            "query($t: String!) { similarIdeas(title: $t) { id } }",
            json!({ "t": "zebrapad school" }),
        )
        .await;
    assert_eq!(response.data()["similarIdeas"], json!([{ "id": id }]));
}

/// An index that refuses everything while `down` is set.
struct Flaky {
    inner: Arc<dyn SearchIndex>,
    down: AtomicBool,
}

impl Flaky {
    fn check(&self) -> Result<(), SearchError> {
        if self.down.load(Ordering::SeqCst) {
            Err(SearchError::Unavailable("connection refused".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl SearchIndex for Flaky {
    fn name(&self) -> &'static str {
        "flaky"
    }
    async fn ensure_ready(&self) -> Result<(), SearchError> {
        self.check()?;
        self.inner.ensure_ready().await
    }
    async fn upsert(
        &self,
        documents: &[plein_app::search::SearchDocument],
    ) -> Result<(), SearchError> {
        self.check()?;
        self.inner.upsert(documents).await
    }
    async fn delete(&self, ids: &[Uuid]) -> Result<(), SearchError> {
        self.check()?;
        self.inner.delete(ids).await
    }
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.check()?;
        self.inner.search(query).await
    }
    async fn similar_ideas(
        &self,
        title: &str,
        body: &str,
        area_id: Option<Uuid>,
        limit: usize,
    ) -> Result<Vec<SearchHit>, SearchError> {
        self.check()?;
        self.inner.similar_ideas(title, body, area_id, limit).await
    }
    async fn rebuild(&self, batches: DocumentBatches<'_>) -> Result<u64, SearchError> {
        self.check()?;
        self.inner.rebuild(batches).await
    }
    async fn document_ids(&self) -> Result<Vec<(SearchKind, Uuid)>, SearchError> {
        self.check()?;
        self.inner.document_ids().await
    }
    async fn health(&self) -> bool {
        self.check().is_ok() && self.inner.health().await
    }
}

async fn writes_go_on_while_search_is_down_and_the_index_catches_up(engine: Engine) {
    let (inner, keep) = engine.index().await;
    let flaky = Arc::new(Flaky {
        inner,
        down: AtomicBool::new(true),
    });
    let app = TestApp::builder()
        .search(flaky.clone())
        .keep(keep)
        .spawn()
        .await;
    let sq = app.square().await;
    let id = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Watertappunt op het plein",
        "Voor warme dagen.",
        &[],
    )
    .await;
    assert!(app.drain_search().await > 0);
    let pending = plein_storage::jobs::pending(
        &app.app.db.conn,
        <plein_app::search::SearchIndexJob as plein_app::jobs::BackgroundJob>::KIND,
    )
    .await
    .expect("pending");
    assert!(!pending.is_empty());
    assert!(
        pending
            .iter()
            .all(|job| job.last_error.is_some() && job.attempts == 1)
    );
    // Search answers a code a client can act on while down, never the write.
    let response = app.gql(SEARCH, json!({ "q": "watertappunt" })).await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");
    let response = app
        .gql(
            "query($t: String!) { similarIdeas(title: $t) { id } }",
            json!({ "t": "watertappunt" }),
        )
        .await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");

    // Down for a while: the jobs keep coming back, never more than five
    // seconds apart, and are not given up.
    for _ in 0..8 {
        app.clock.advance(chrono::Duration::seconds(5));
        assert!(app.drain_search().await > 0);
    }
    flaky.down.store(false, Ordering::SeqCst);
    // Not due yet: the backoff holds the jobs back…
    assert_eq!(app.drain_search().await, 0);
    // …for five seconds at most.
    app.clock.advance(chrono::Duration::seconds(5));
    assert!(app.drain_search().await > 0);
    assert_eq!(
        ids(&search(&app, None, json!({ "q": "watertappunt" })).await),
        [id]
    );
    let pending = plein_storage::jobs::pending(
        &app.app.db.conn,
        <plein_app::search::SearchIndexJob as plein_app::jobs::BackgroundJob>::KIND,
    )
    .await
    .expect("pending");
    assert!(pending.is_empty());
}

async fn reindex_rebuilds_the_index_from_the_database(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let shown = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Moestuin achter de bibliotheek",
        "Samen tuinieren.",
        &[],
    )
    .await;
    app.draft_idea(&sq.resident, &sq.neighbourhood, "Moestuin concept")
        .await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Moestuinen in de wijk")
        .await;
    // Nothing drained: the index is empty until the rebuild.
    assert!(ids(&search(&app, None, json!({ "q": "moestuin" })).await).is_empty());
    let seen = std::sync::Mutex::new(Vec::new());
    let count = app
        .app
        .reindex(app.search.as_ref(), |n| seen.lock().expect("lock").push(n))
        .await
        .expect("reindex");
    assert_eq!(count, 2);
    assert_eq!(seen.lock().expect("lock").last(), Some(&2));
    let mut found = ids(&search(&app, None, json!({ "q": "moestuin" })).await);
    found.sort();
    let mut expected = vec![shown, plan];
    expected.sort();
    assert_eq!(found, expected);
}

async fn a_new_display_name_reaches_every_document_of_its_author(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let first = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Bloembakken op de brug",
        "Kleur in de straat.",
        &[],
    )
    .await;
    let second = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Een bankje bij de bushalte",
        "Om op te wachten.",
        &[],
    )
    .await;
    app.drain_search().await;
    assert!(ids(&search(&app, None, json!({ "q": "Zonnebloem" })).await).is_empty());

    app.mutate(
        Some(&sq.resident),
        "updateProfile",
        json!({ "displayName": "Mevrouw Zonnebloem" }),
        "{ user { displayName } }",
    )
    .await
    .data();
    app.drain_search().await;
    let mut found = ids(&search(&app, None, json!({ "q": "Zonnebloem" })).await);
    found.sort();
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(found, expected);
    // The old name is gone from the index with the change.
    let changed_only_locale = app
        .mutate(
            Some(&sq.resident),
            "updateProfile",
            json!({ "locale": "EN" }),
            "{ user { displayName } }",
        )
        .await;
    changed_only_locale.data();
    let pending = plein_storage::jobs::pending(
        &app.app.db.conn,
        <plein_app::search::SearchScopeJob as plein_app::jobs::BackgroundJob>::KIND,
    )
    .await
    .expect("pending");
    assert!(
        pending.is_empty(),
        "a profile change that keeps the name reindexes nothing"
    );
}

async fn moving_an_area_moves_its_items_in_the_area_filter(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let other_district = app
        .area(&sq.admin, "Noord", "DISTRICT", Some(&sq.municipality))
        .await;
    let id = idea(
        &app,
        &sq.resident,
        &sq.neighbourhood,
        "Zwerfafval langs de vaart",
        "Elke week opruimen.",
        &[],
    )
    .await;
    app.drain_search().await;
    let in_area = |area: String| json!({ "q": "zwerfafval", "filter": { "areaId": area } });
    assert_eq!(
        ids(&search(&app, None, in_area(sq.district.clone())).await),
        [id.clone()]
    );
    assert!(ids(&search(&app, None, in_area(other_district.clone())).await).is_empty());

    app.mutate(
        Some(&sq.admin),
        "moveArea",
        json!({ "id": sq.neighbourhood, "parentId": other_district }),
        "{ area { id } }",
    )
    .await
    .data();
    app.drain_search().await;
    assert_eq!(
        ids(&search(&app, None, in_area(other_district)).await),
        [id]
    );
    assert!(ids(&search(&app, None, in_area(sq.district.clone())).await).is_empty());
}

#[tokio::test]
async fn an_embedded_index_opened_empty_asks_to_be_rebuilt_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = embedded_index(dir.path()).await;
    assert!(index.needs_rebuild().await);
    let app = TestApp::builder().search(index.clone()).spawn().await;
    app.app
        .reindex(index.as_ref(), |_| {})
        .await
        .expect("reindex");
    assert!(!index.needs_rebuild().await);
}

async fn check_finds_a_dropped_and_a_stray_document_and_repair_fixes_them(engine: Engine) {
    let app = engine.spawn().await;
    let sq = app.square().await;
    let kept = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankjes bij de vijver")
        .await;
    let dropped = app
        .idea(&sq.resident, &sq.neighbourhood, "Fietsenrek bij de school")
        .await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Speelplein in de wijk")
        .await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Nog niet af")
        .await;
    app.drain_search().await;
    let index = app.search.as_ref();
    let clean = app.app.index_drift(index).await.expect("check");
    assert!(clean.is_empty(), "{clean:?}");
    assert_eq!(clean.pending_jobs, 0);

    let uuid = |id: &str| -> Uuid { id.parse().expect("uuid") };
    let (kept, dropped, plan, draft) = (uuid(&kept), uuid(&dropped), uuid(&plan), uuid(&draft));
    index.delete(&[dropped]).await.expect("dropped");
    // A stray: a document for an id the database does not have, and the
    // draft, which only its author may see.
    let mut unknown = app
        .app
        .search_documents(&[kept], &[], &[])
        .await
        .expect("document")
        .remove(0);
    unknown.id = Uuid::new_v4();
    let mut leaked = unknown.clone();
    leaked.id = draft;
    index
        .upsert(&[unknown.clone(), leaked])
        .await
        .expect("strays added");

    let drift = app.app.index_drift(index).await.expect("check");
    assert_eq!(drift.missing, vec![(SearchKind::Idea, dropped)]);
    let mut stray = drift.stray.clone();
    stray.sort();
    let mut expected = vec![(SearchKind::Idea, unknown.id), (SearchKind::Idea, draft)];
    expected.sort();
    assert_eq!(stray, expected);
    assert!(!drift.missing.contains(&(SearchKind::Plan, plan)));

    assert_eq!(
        app.app.repair_index(index, &drift).await.expect("repair"),
        3
    );
    let after = app.app.index_drift(index).await.expect("check again");
    assert!(after.is_empty(), "{after:?}");
    let found = ids(&search(&app, None, json!({ "q": "fietsenrek" })).await);
    assert_eq!(found, vec![dropped.to_string()]);
    assert!(ids(&search(&app, None, json!({ "q": "vijver" })).await).len() == 1);
}

/// The search page's own query: its hits with their areas, and the area
/// facet with each area's parent, are two statements however many hits and
/// areas there are.
async fn the_search_page_reads_its_hits_and_areas_in_two_statements(engine: Engine) {
    const PAGE: &str = "query($q: String!) { search(query: $q, first: 10) {
      edges { titleHtml node { __typename ... on Idea { id supportCount area { id name } } } }
      facets { areas { count area { id name depth parent { id } } } }
    } }";
    let app = engine.spawn().await;
    let sq = app.square().await;
    let mut made = Vec::new();
    for (i, area) in [&sq.neighbourhood, &sq.district, &sq.neighbourhood]
        .into_iter()
        .enumerate()
    {
        made.push(
            idea(
                &app,
                &sq.resident,
                area,
                &format!("Speeltuin {i}"),
                "Voor de kinderen.",
                &[],
            )
            .await,
        );
    }
    app.drain_search().await;
    let before = app.statements();
    let response = app.gql_as(None, PAGE, json!({ "q": "speeltuin" })).await;
    let cost = app.statements() - before;
    let data = response.data();
    let edges = data["search"]["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), made.len());
    assert!(edges.iter().all(|e| e["node"]["area"]["name"].is_string()));
    let areas = data["search"]["facets"]["areas"].as_array().expect("areas");
    assert_eq!(
        areas.len(),
        3,
        "municipality, district, neighbourhood: {areas:?}"
    );
    let parents = areas
        .iter()
        .filter(|a| a["area"]["parent"]["id"].is_string())
        .count();
    assert_eq!(parents, 2);
    assert_eq!(cost, 2, "a search page costs {cost} statements");
}
