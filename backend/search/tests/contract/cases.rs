//! The contract every `SearchIndex` adapter keeps.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures::StreamExt;
use plein_app::search::{
    SearchDocument, SearchError, SearchIndex, SearchKind, SearchQuery, SearchResults, SearchSort,
};
use uuid::Uuid;

// The area tree: a municipality, two districts, three neighbourhoods.
const CITY: Uuid = Uuid::from_u128(0xC17);
const NORTH: Uuid = Uuid::from_u128(0xD1);
const SOUTH: Uuid = Uuid::from_u128(0xD2);
const LINDEN: Uuid = Uuid::from_u128(0x11);
const PARK: Uuid = Uuid::from_u128(0x12);
const STATION: Uuid = Uuid::from_u128(0x13);

const PLAYGROUND: Uuid = Uuid::from_u128(0x101);
const BENCHES: Uuid = Uuid::from_u128(0x102);
const BIKES: Uuid = Uuid::from_u128(0x103);
const SIDEWALK: Uuid = Uuid::from_u128(0x104);
const GREEN_GROUP: Uuid = Uuid::from_u128(0x105);
const CROSSING: Uuid = Uuid::from_u128(0x106);

fn path(area: Uuid) -> Vec<Uuid> {
    match area {
        LINDEN | PARK => vec![area, NORTH, CITY],
        STATION => vec![area, SOUTH, CITY],
        NORTH | SOUTH => vec![area, CITY],
        _ => vec![CITY],
    }
}

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0)
        .single()
        .expect("a valid date")
        + Duration::days(n)
}

#[allow(clippy::too_many_arguments)]
fn document(
    id: Uuid,
    kind: SearchKind,
    title: &str,
    body: &str,
    tags: &[&str],
    status: &str,
    area: Uuid,
    support_count: i64,
    created: i64,
) -> SearchDocument {
    SearchDocument {
        id,
        kind,
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
        status: status.into(),
        area_id: area,
        area_path_ids: path(area),
        author_name: "Fatima de Vries".into(),
        support_count,
        comment_count: support_count / 3,
        created_at: day(created),
        updated_at: day(created + 1),
    }
}

fn documents() -> Vec<SearchDocument> {
    use SearchKind::*;
    vec![
        document(
            PLAYGROUND,
            Idea,
            "Speeltuin aan de Lindelaan opknappen",
            "De speeltuin is verouderd: de glijbaan is kapot en het klimrek wiebelt.",
            &["Spelen", "groen"],
            "published",
            LINDEN,
            12,
            1,
        ),
        document(
            BENCHES,
            Idea,
            "Nieuwe bankjes in het park",
            "Ouderen willen graag zitten tijdens hun wandeling door het Vondelpark.",
            &["groen"],
            "under_review",
            PARK,
            30,
            2,
        ),
        document(
            BIKES,
            Idea,
            "Fietsenstalling bij het station",
            "Er is te weinig plek; wie met de fiets komt, zet hem tegen de gevels.",
            &["verkeer"],
            "accepted",
            STATION,
            5,
            3,
        ),
        document(
            SIDEWALK,
            Plan,
            "Herinrichting trottoir Dorpsstraat",
            "De gemeente verbreedt het trottoir zodat rolstoelen en kinderwagens kunnen passeren.",
            &["verkeer", "toegankelijkheid"],
            "consulting",
            NORTH,
            0,
            4,
        ),
        document(
            GREEN_GROUP,
            Group,
            "Werkgroep Groene Buurt",
            "Bewoners die samen een geveltuin onderhouden en helpen bij de speeltuin.",
            &["groen"],
            "active",
            LINDEN,
            0,
            5,
        ),
        document(
            CROSSING,
            Idea,
            "Zebrapad bij de basisschool",
            "Kinderen steken over bij een drukke weg.",
            &["verkeer", "veiligheid"],
            "published",
            PARK,
            30,
            6,
        ),
    ]
}

async fn seed(index: &dyn SearchIndex) {
    index
        .upsert(&documents())
        .await
        .expect("documents are indexed");
}

fn text(text: &str) -> SearchQuery {
    SearchQuery::text(text)
}

async fn run(index: &dyn SearchIndex, query: &SearchQuery) -> SearchResults {
    index
        .search(query)
        .await
        .unwrap_or_else(|err| panic!("search {query:?} failed: {err}"))
}

async fn ids(index: &dyn SearchIndex, query: &SearchQuery) -> Vec<Uuid> {
    run(index, query)
        .await
        .hits
        .iter()
        .map(|hit| hit.id)
        .collect()
}

async fn id_set(index: &dyn SearchIndex, query: &SearchQuery) -> BTreeSet<Uuid> {
    ids(index, query).await.into_iter().collect()
}

fn set<const N: usize>(ids: [Uuid; N]) -> BTreeSet<Uuid> {
    ids.into_iter().collect()
}

fn counts<K: Ord + Clone, const N: usize>(pairs: [(K, u64); N]) -> BTreeMap<K, u64> {
    pairs.into_iter().collect()
}

fn strings<const N: usize>(pairs: [(&str, u64); N]) -> BTreeMap<String, u64> {
    pairs
        .into_iter()
        .map(|(key, count)| (key.to_owned(), count))
        .collect()
}

pub async fn is_ready_and_healthy(index: &dyn SearchIndex) {
    index.ensure_ready().await.expect("ready a second time");
    assert!(index.health().await);
    assert!(!index.name().is_empty());
    let empty = run(index, &SearchQuery::default()).await;
    assert_eq!(empty.estimated_total, 0);
    assert!(empty.hits.is_empty());
}

pub async fn a_missing_or_swapped_letter_still_finds_the_item(index: &dyn SearchIndex) {
    seed(index).await;
    let both = set([PLAYGROUND, GREEN_GROUP]);
    assert_eq!(
        id_set(index, &text("speltuin")).await,
        both,
        "letter missing"
    );
    assert_eq!(
        id_set(index, &text("speeltiun")).await,
        both,
        "letters swapped"
    );
    assert_eq!(id_set(index, &text("bankejs")).await, set([BENCHES]));
    assert_eq!(id_set(index, &text("glijban")).await, set([PLAYGROUND]));
    assert!(id_set(index, &text("xylofoon")).await.is_empty());
}

pub async fn dutch_stop_words_are_ignored(index: &dyn SearchIndex) {
    seed(index).await;
    // Every word must match, so these find anything only if "de" and
    // "het" are dropped: the benches idea contains neither.
    assert_eq!(id_set(index, &text("de bankjes")).await, set([BENCHES]));
    assert_eq!(id_set(index, &text("het park")).await, set([BENCHES]));
}

pub async fn synonyms_match_both_ways_and_can_be_extended(index: &dyn SearchIndex) {
    seed(index).await;
    assert_eq!(id_set(index, &text("stoep ")).await, set([SIDEWALK]));
    assert_eq!(id_set(index, &text("rijwiel ")).await, set([BIKES]));
    assert_eq!(
        id_set(index, &text("speelplaats ")).await,
        set([PLAYGROUND, GREEN_GROUP])
    );
    // The group a municipality added: geveltuin, stoeptuin.
    assert_eq!(id_set(index, &text("stoeptuin ")).await, set([GREEN_GROUP]));
}

pub async fn the_author_name_finds_the_item(index: &dyn SearchIndex) {
    seed(index).await;
    let mut benches = documents()
        .into_iter()
        .find(|doc| doc.id == BENCHES)
        .expect("the benches idea");
    benches.author_name = "Kees Boonstra".into();
    index.upsert(&[benches]).await.expect("upsert");
    assert_eq!(id_set(index, &text("Boonstra")).await, set([BENCHES]));
    let by_fatima = id_set(index, &text("Fatima")).await;
    assert_eq!(by_fatima.len(), documents().len() - 1);
    assert!(!by_fatima.contains(&BENCHES));
}

pub async fn relevance_puts_title_matches_first(index: &dyn SearchIndex) {
    seed(index).await;
    assert_eq!(
        ids(index, &text("speeltuin")).await,
        [PLAYGROUND, GREEN_GROUP]
    );
    let newest = SearchQuery {
        sort: SearchSort::Newest,
        ..text("speeltuin")
    };
    assert_eq!(ids(index, &newest).await, [GREEN_GROUP, PLAYGROUND]);
}

pub async fn every_filter_and_facet_count_is_exact(index: &dyn SearchIndex) {
    seed(index).await;
    let all = run(index, &SearchQuery::default()).await;
    assert_eq!(all.estimated_total, 6);
    assert_eq!(
        all.facets.kinds,
        counts([
            (SearchKind::Idea, 4),
            (SearchKind::Plan, 1),
            (SearchKind::Group, 1)
        ])
    );
    assert_eq!(
        all.facets.statuses,
        strings([
            ("accepted", 1),
            ("active", 1),
            ("consulting", 1),
            ("published", 2),
            ("under_review", 1)
        ])
    );
    assert_eq!(
        all.facets.tags,
        strings([
            ("groen", 3),
            ("spelen", 1),
            ("toegankelijkheid", 1),
            ("veiligheid", 1),
            ("verkeer", 3)
        ])
    );
    assert_eq!(
        all.facets.areas,
        counts([
            (CITY, 6),
            (NORTH, 5),
            (SOUTH, 1),
            (LINDEN, 2),
            (PARK, 2),
            (STATION, 1)
        ])
    );

    let ideas = SearchQuery {
        kinds: vec![SearchKind::Idea],
        ..SearchQuery::default()
    };
    let found = run(index, &ideas).await;
    assert_eq!(found.estimated_total, 4);
    assert_eq!(
        id_set(index, &ideas).await,
        set([PLAYGROUND, BENCHES, BIKES, CROSSING])
    );
    assert_eq!(found.facets.kinds, counts([(SearchKind::Idea, 4)]));
    assert_eq!(
        found.facets.statuses,
        strings([("accepted", 1), ("published", 2), ("under_review", 1)])
    );
    assert_eq!(
        found.facets.tags,
        strings([
            ("groen", 2),
            ("spelen", 1),
            ("veiligheid", 1),
            ("verkeer", 2)
        ])
    );
    assert_eq!(
        found.facets.areas,
        counts([
            (CITY, 4),
            (NORTH, 3),
            (SOUTH, 1),
            (LINDEN, 1),
            (PARK, 2),
            (STATION, 1)
        ])
    );

    let plans_and_groups = SearchQuery {
        kinds: vec![SearchKind::Plan, SearchKind::Group],
        ..SearchQuery::default()
    };
    assert_eq!(
        id_set(index, &plans_and_groups).await,
        set([SIDEWALK, GREEN_GROUP])
    );

    let statuses = SearchQuery {
        statuses: vec!["published".into(), "accepted".into()],
        ..SearchQuery::default()
    };
    assert_eq!(
        id_set(index, &statuses).await,
        set([PLAYGROUND, BIKES, CROSSING])
    );

    let green = SearchQuery {
        tags: vec!["Groen".into()],
        ..SearchQuery::default()
    };
    assert_eq!(
        id_set(index, &green).await,
        set([PLAYGROUND, BENCHES, GREEN_GROUP])
    );
    let either_tag = SearchQuery {
        tags: vec!["verkeer".into(), "spelen".into()],
        ..SearchQuery::default()
    };
    assert_eq!(
        id_set(index, &either_tag).await,
        set([PLAYGROUND, BIKES, SIDEWALK, CROSSING])
    );

    let combined = SearchQuery {
        kinds: vec![SearchKind::Idea],
        statuses: vec!["published".into()],
        tags: vec!["verkeer".into()],
        ..SearchQuery::default()
    };
    let found = run(index, &combined).await;
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].id, CROSSING);
    assert_eq!(
        found.facets.tags,
        strings([("veiligheid", 1), ("verkeer", 1)])
    );

    let text_and_kind = SearchQuery {
        kinds: vec![SearchKind::Group],
        ..text("speeltuin")
    };
    let found = run(index, &text_and_kind).await;
    assert_eq!(found.estimated_total, 1);
    assert_eq!(found.hits[0].id, GREEN_GROUP);
    assert_eq!(found.hits[0].kind, SearchKind::Group);
    assert_eq!(found.facets.kinds, counts([(SearchKind::Group, 1)]));
}

pub async fn an_area_filter_finds_its_descendants(index: &dyn SearchIndex) {
    seed(index).await;
    let in_area = |area| SearchQuery {
        area_id: Some(area),
        ..SearchQuery::default()
    };
    assert_eq!(
        id_set(index, &in_area(NORTH)).await,
        set([PLAYGROUND, BENCHES, SIDEWALK, GREEN_GROUP, CROSSING])
    );
    assert_eq!(
        id_set(index, &in_area(LINDEN)).await,
        set([PLAYGROUND, GREEN_GROUP])
    );
    assert_eq!(id_set(index, &in_area(SOUTH)).await, set([BIKES]));
    assert_eq!(run(index, &in_area(CITY)).await.estimated_total, 6);
    let elsewhere = run(index, &in_area(Uuid::from_u128(0xFFFF))).await;
    assert_eq!(elsewhere.estimated_total, 0);
    assert!(elsewhere.hits.is_empty());
}

pub async fn sorts_by_newest_and_most_supported(index: &dyn SearchIndex) {
    seed(index).await;
    let newest_first = [CROSSING, GREEN_GROUP, SIDEWALK, BIKES, BENCHES, PLAYGROUND];
    let sorted = |sort| SearchQuery {
        sort,
        ..SearchQuery::default()
    };
    assert_eq!(ids(index, &sorted(SearchSort::Newest)).await, newest_first);
    // Without text there is no relevance to rank by: newest first.
    assert_eq!(
        ids(index, &sorted(SearchSort::Relevance)).await,
        newest_first
    );
    // Equal support falls back to newest first.
    assert_eq!(
        ids(index, &sorted(SearchSort::MostSupported)).await,
        [CROSSING, BENCHES, PLAYGROUND, BIKES, GREEN_GROUP, SIDEWALK]
    );
}

pub async fn pagination_is_stable_and_complete(index: &dyn SearchIndex) {
    seed(index).await;
    for sort in [
        SearchSort::Newest,
        SearchSort::MostSupported,
        SearchSort::Relevance,
    ] {
        let whole = ids(
            index,
            &SearchQuery {
                sort,
                limit: 50,
                ..SearchQuery::default()
            },
        )
        .await;
        for size in [1, 2, 4] {
            let mut paged = Vec::new();
            for offset in (0..8).step_by(size) {
                let page = run(
                    index,
                    &SearchQuery {
                        sort,
                        offset,
                        limit: size,
                        ..SearchQuery::default()
                    },
                )
                .await;
                assert_eq!(page.estimated_total, 6);
                assert!(page.hits.len() <= size);
                paged.extend(page.hits.iter().map(|hit| hit.id));
            }
            assert_eq!(paged, whole, "{sort:?} in pages of {size}");
        }
    }
    let past_the_end = run(
        index,
        &SearchQuery {
            offset: 100,
            ..SearchQuery::default()
        },
    )
    .await;
    assert!(past_the_end.hits.is_empty());
}

pub async fn upserts_replace_and_deleted_items_are_gone(index: &dyn SearchIndex) {
    seed(index).await;
    let mut renamed = documents().remove(0);
    renamed.title = "Speeltuin Lindelaan vernieuwd".into();
    renamed.support_count = 40;
    index.upsert(&[renamed]).await.expect("replaced");
    assert_eq!(ids(index, &text("vernieuwd")).await, [PLAYGROUND]);
    assert!(ids(index, &text("opknappen")).await.is_empty());
    assert_eq!(run(index, &SearchQuery::default()).await.estimated_total, 6);
    let most = SearchQuery {
        sort: SearchSort::MostSupported,
        limit: 1,
        ..SearchQuery::default()
    };
    assert_eq!(ids(index, &most).await, [PLAYGROUND]);

    index
        .delete(&[BENCHES, Uuid::from_u128(0xDEAD)])
        .await
        .expect("deleted, unknown id ignored");
    index.delete(&[]).await.expect("nothing to delete");
    index.upsert(&[]).await.expect("nothing to add");
    assert!(ids(index, &text("bankjes")).await.is_empty());
    let all = run(index, &SearchQuery::default()).await;
    assert_eq!(all.estimated_total, 5);
    assert!(!all.facets.statuses.contains_key("under_review"));
}

pub async fn concurrent_writes_all_land(index: &dyn SearchIndex) {
    let docs = documents();
    let writes = docs
        .chunks(1)
        .map(|chunk| index.upsert(chunk))
        .collect::<Vec<_>>();
    for result in futures::future::join_all(writes).await {
        result.expect("each write lands");
    }
    let everything = SearchQuery::default();
    let (deleted, searched) = futures::join!(index.delete(&[BIKES]), index.search(&everything));
    deleted.expect("deleted while searching");
    searched.expect("searched while deleting");
    assert_eq!(run(index, &SearchQuery::default()).await.estimated_total, 5);
}

pub async fn withdrawn_or_hidden_items_are_absent_once_removed(index: &dyn SearchIndex) {
    seed(index).await;
    let dogs = document(
        Uuid::from_u128(0x107),
        SearchKind::Idea,
        "Hondenuitlaatplaats bij de vijver",
        "Een omheind veld waar honden los mogen lopen.",
        &["dieren"],
        "published",
        PARK,
        2,
        7,
    );
    index
        .upsert(std::slice::from_ref(&dogs))
        .await
        .expect("published");
    assert_eq!(ids(index, &text("hondenuitlaatplaats")).await, [dogs.id]);

    // Withdrawn by its author or hidden by a moderator: the caller removes it.
    index.delete(&[dogs.id]).await.expect("removed");
    assert!(ids(index, &text("hondenuitlaatplaats")).await.is_empty());
    let all = run(index, &SearchQuery::default()).await;
    assert_eq!(all.estimated_total, 6);
    assert_eq!(all.facets.statuses.get("published"), Some(&2));
    assert!(!all.facets.tags.contains_key("dieren"));

    // A status filter shows only what was asked for.
    let published = SearchQuery {
        statuses: vec!["published".into()],
        ..SearchQuery::default()
    };
    assert_eq!(id_set(index, &published).await, set([PLAYGROUND, CROSSING]));
}

pub async fn odd_and_very_long_queries_answer_without_error(index: &dyn SearchIndex) {
    seed(index).await;
    let long_words = "fiets&*?".repeat(125);
    let long_letters = "a".repeat(1_000);
    let long_mixed: String = "speeltuin \"(){}[]^~*?:\\/!-+|&<>'%$#@ "
        .chars()
        .cycle()
        .take(1_000)
        .collect();
    assert_eq!(long_words.chars().count(), 1_000);
    let odd = [
        "",
        "   ",
        "\"",
        "\"unbalanced",
        "-",
        "*",
        "?",
        "title:speeltuin",
        "AND OR NOT",
        "(speeltuin",
        "[]{}^~",
        "\\",
        "'; DROP TABLE ideas; --",
        "<script>alert(1)</script>",
        "🚲🌳",
        "ä ö ü ß",
        "\u{0}",
        "\u{E000}park\u{E001}",
        "%00%27",
        long_words.as_str(),
        long_letters.as_str(),
        long_mixed.as_str(),
    ];
    for query in odd {
        let results = index.search(&text(query)).await;
        assert!(results.is_ok(), "{query:?}: {results:?}");
        let similar = index.similar_ideas(query, query, None, 5).await;
        assert!(similar.is_ok(), "{query:?}: {similar:?}");
    }
    // Operators of query languages are plain text here.
    assert_eq!(id_set(index, &text("--park")).await, set([BENCHES]));
    assert_eq!(
        id_set(index, &text("\"speeltuin\"")).await,
        set([PLAYGROUND, GREEN_GROUP])
    );
}

pub async fn highlights_are_marked_and_html_safe(index: &dyn SearchIndex) {
    seed(index).await;
    let found = run(index, &text("speeltuin")).await;
    let playground = &found.hits[0];
    assert_eq!(playground.id, PLAYGROUND);
    assert_eq!(
        playground.title_html,
        "<mark>Speeltuin</mark> aan de Lindelaan opknappen"
    );
    assert!(
        playground.snippet_html.contains("<mark>speeltuin</mark>"),
        "{}",
        playground.snippet_html
    );

    let html = document(
        Uuid::from_u128(0x108),
        SearchKind::Idea,
        "<b>Zitbank</b> & \"stoel\"",
        "Een <i>lekkere</i> zitbank <script>alert('x')</script>",
        &[],
        "published",
        PARK,
        0,
        8,
    );
    index
        .upsert(std::slice::from_ref(&html))
        .await
        .expect("indexed");
    let found = run(index, &text("zitbank ")).await;
    let hit = found
        .hits
        .iter()
        .find(|hit| hit.id == html.id)
        .expect("the idea with markup is found");
    assert_eq!(
        hit.title_html,
        "&lt;b&gt;<mark>Zitbank</mark>&lt;/b&gt; &amp; &quot;stoel&quot;"
    );
    for fragment in [&hit.title_html, &hit.snippet_html] {
        let without_marks = fragment.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "{fragment}");
        assert!(!without_marks.contains('>'), "{fragment}");
    }
    assert!(hit.snippet_html.contains("<mark>zitbank</mark>"));
    assert!(hit.snippet_html.contains("&lt;script&gt;"));
}

pub async fn similar_ideas_finds_ideas_only(index: &dyn SearchIndex) {
    seed(index).await;
    let title = "Speeltuin opknappen";
    let body = "Het klimrek is kapot, de kinderen kunnen nergens spelen.";
    let similar = index
        .similar_ideas(title, body, None, 5)
        .await
        .expect("suggestions");
    assert_eq!(similar.first().map(|hit| hit.id), Some(PLAYGROUND));
    assert!(similar.iter().all(|hit| hit.kind == SearchKind::Idea));
    assert!(similar.iter().all(|hit| hit.id != GREEN_GROUP));

    let nearby = index
        .similar_ideas(title, body, Some(NORTH), 5)
        .await
        .expect("suggestions in the district");
    assert_eq!(nearby.first().map(|hit| hit.id), Some(PLAYGROUND));
    let elsewhere = index
        .similar_ideas(title, body, Some(STATION), 5)
        .await
        .expect("suggestions elsewhere");
    assert!(elsewhere.iter().all(|hit| hit.id != PLAYGROUND));

    let nothing = index
        .similar_ideas("", "de het een", None, 5)
        .await
        .expect("no words");
    assert!(nothing.is_empty());
}

pub async fn rebuild_swaps_in_a_fresh_index(index: &dyn SearchIndex) {
    seed(index).await;
    let mut docs = documents();
    let batches = vec![
        Ok(vec![docs.remove(0), docs.remove(0)]),
        Ok(vec![docs.remove(0)]),
    ];
    let count = index
        .rebuild(futures::stream::iter(batches).boxed())
        .await
        .expect("rebuilt");
    assert_eq!(count, 3);
    assert_eq!(
        id_set(index, &SearchQuery::default()).await,
        set([PLAYGROUND, BENCHES, BIKES])
    );
    assert_eq!(ids(index, &text("speeltuin")).await, [PLAYGROUND]);

    // The new index takes writes and keeps its settings.
    index.upsert(&docs).await.expect("written after the swap");
    assert_eq!(run(index, &SearchQuery::default()).await.estimated_total, 6);
    assert_eq!(id_set(index, &text("stoep ")).await, set([SIDEWALK]));
    assert!(index.health().await);
    index.ensure_ready().await.expect("still ready");
}

pub async fn a_failed_rebuild_leaves_the_live_index(index: &dyn SearchIndex) {
    seed(index).await;
    let batches = vec![
        Ok(vec![documents().remove(0)]),
        Err(SearchError::Source("the database went away".into())),
    ];
    let result = index.rebuild(futures::stream::iter(batches).boxed()).await;
    assert!(matches!(result, Err(SearchError::Source(_))), "{result:?}");
    assert_eq!(run(index, &SearchQuery::default()).await.estimated_total, 6);
    index
        .upsert(&[documents().remove(1)])
        .await
        .expect("still writable");
    assert_eq!(run(index, &text("bankjes")).await.hits.len(), 1);
}

pub async fn similar_ideas_for_a_multi_word_title(index: &dyn SearchIndex) {
    seed(index).await;
    // Three key words, of which the idea holds two; one word no document
    // holds at all must not hide the suggestion.
    let similar = index
        .similar_ideas("Speeltuin bij de zonnebloemvijver opknappen", "", None, 5)
        .await
        .expect("suggestions");
    assert_eq!(similar.first().map(|hit| hit.id), Some(PLAYGROUND));
    assert!(similar.iter().all(|hit| hit.kind == SearchKind::Idea));
    assert!(
        similar[0].title_html.contains("<mark>Speeltuin</mark>"),
        "{}",
        similar[0].title_html
    );
    // The first word is new to the index.
    let similar = index
        .similar_ideas("Zonnebloemvijver speeltuin opknappen", "", None, 5)
        .await
        .expect("suggestions");
    assert_eq!(similar.first().map(|hit| hit.id), Some(PLAYGROUND));
    // Only a later body word matches.
    let similar = index
        .similar_ideas("Zonnebloemvijver", "Kwartelkoning fietsenstalling", None, 5)
        .await
        .expect("suggestions");
    assert_eq!(
        similar.iter().map(|hit| hit.id).collect::<Vec<_>>(),
        [BIKES]
    );
    // Two words in the title, both in the benches idea, and a body of words
    // no idea holds.
    let similar = index
        .similar_ideas(
            "Bankjes park",
            "Zonnebloemvijver xylofoon kwartelkoning",
            None,
            5,
        )
        .await
        .expect("suggestions");
    assert_eq!(similar.first().map(|hit| hit.id), Some(BENCHES));
}

pub async fn markup_like_text_is_highlighted_in_every_field(index: &dyn SearchIndex) {
    seed(index).await;
    let odd = document(
        Uuid::from_u128(0x109),
        SearchKind::Plan,
        "a<kastanje>b $kastanje| x=kastanje ~kastanje^",
        "Voor: <b>kastanje</b> & 'kastanje' \"kastanje\" <kastanje/> einde",
        &[],
        "consulting",
        STATION,
        0,
        9,
    );
    index
        .upsert(std::slice::from_ref(&odd))
        .await
        .expect("indexed");
    for query in ["kastanje", "kastanje ", "kastnaje"] {
        let found = run(index, &text(query)).await;
        let hit = found
            .hits
            .iter()
            .find(|hit| hit.id == odd.id)
            .unwrap_or_else(|| panic!("{query:?} finds the plan with markup"));
        assert_eq!(
            hit.title_html,
            "a&lt;<mark>kastanje</mark>&gt;b $<mark>kastanje</mark>| x=<mark>kastanje</mark> \
             ~<mark>kastanje</mark>^",
            "{query:?}"
        );
        assert_eq!(
            hit.snippet_html.matches("<mark>kastanje</mark>").count(),
            4,
            "{query:?}: {}",
            hit.snippet_html
        );
        for fragment in [&hit.title_html, &hit.snippet_html] {
            let without_marks = fragment.replace("<mark>", "").replace("</mark>", "");
            assert!(!without_marks.contains(['<', '>', '"', '\'']), "{fragment}");
        }
    }
}

pub async fn typos_are_forgiven_in_filtered_searches(index: &dyn SearchIndex) {
    seed(index).await;
    let filtered = |text: &str, kinds: Vec<SearchKind>, area| SearchQuery {
        kinds,
        area_id: area,
        ..SearchQuery::text(text)
    };
    assert_eq!(
        id_set(index, &filtered("speltuin", vec![], Some(NORTH))).await,
        set([PLAYGROUND, GREEN_GROUP])
    );
    assert_eq!(
        id_set(
            index,
            &filtered("speeltiun", vec![SearchKind::Idea], Some(LINDEN))
        )
        .await,
        set([PLAYGROUND])
    );
    assert!(
        id_set(index, &filtered("speltuin", vec![], Some(SOUTH)))
            .await
            .is_empty()
    );
    let tagged = SearchQuery {
        tags: vec!["verkeer".into()],
        statuses: vec!["accepted".into()],
        ..SearchQuery::text("fietsenstaling")
    };
    assert_eq!(id_set(index, &tagged).await, set([BIKES]));
}

pub async fn facets_count_what_text_and_filters_leave(index: &dyn SearchIndex) {
    seed(index).await;
    let in_linden = SearchQuery {
        area_id: Some(LINDEN),
        ..SearchQuery::text("speeltuin")
    };
    let found = run(index, &in_linden).await;
    assert_eq!(found.estimated_total, 2);
    assert_eq!(
        found.facets.kinds,
        counts([(SearchKind::Idea, 1), (SearchKind::Group, 1)])
    );
    assert_eq!(
        found.facets.statuses,
        strings([("active", 1), ("published", 1)])
    );
    assert_eq!(found.facets.tags, strings([("groen", 2), ("spelen", 1)]));
    assert_eq!(
        found.facets.areas,
        counts([(CITY, 2), (NORTH, 2), (LINDEN, 2)])
    );

    let green_in_north = SearchQuery {
        tags: vec!["groen".into()],
        area_id: Some(NORTH),
        sort: SearchSort::MostSupported,
        ..SearchQuery::default()
    };
    let found = run(index, &green_in_north).await;
    assert_eq!(
        found.hits.iter().map(|hit| hit.id).collect::<Vec<_>>(),
        [BENCHES, PLAYGROUND, GREEN_GROUP]
    );
    assert_eq!(
        found.facets.kinds,
        counts([(SearchKind::Idea, 2), (SearchKind::Group, 1)])
    );
    assert_eq!(found.facets.tags, strings([("groen", 3), ("spelen", 1)]));
    assert_eq!(
        found.facets.areas,
        counts([(CITY, 3), (NORTH, 3), (LINDEN, 2), (PARK, 1)])
    );
}

pub async fn one_index_holds_every_kind(index: &dyn SearchIndex) {
    seed(index).await;
    let chestnut = |n: u128, kind, title: &str, status: &str, created| {
        document(
            Uuid::from_u128(0x200 + n),
            kind,
            title,
            "Onder de oude boom in de straat.",
            &["bomen"],
            status,
            PARK,
            n as i64,
            created,
        )
    };
    let idea = chestnut(1, SearchKind::Idea, "Kastanjeboom redden", "published", 10);
    let plan = chestnut(
        2,
        SearchKind::Plan,
        "Kastanjeboom snoeien",
        "consulting",
        11,
    );
    let group = chestnut(
        3,
        SearchKind::Group,
        "Vrienden van de kastanjeboom",
        "active",
        12,
    );
    index
        .upsert(&[idea.clone(), plan.clone(), group.clone()])
        .await
        .expect("indexed");
    let found = run(index, &text("kastanjeboom")).await;
    assert_eq!(
        found.hits.iter().map(|hit| hit.id).collect::<BTreeSet<_>>(),
        set([idea.id, plan.id, group.id])
    );
    assert_eq!(
        found
            .hits
            .iter()
            .map(|hit| (hit.id, hit.kind))
            .collect::<BTreeMap<_, _>>(),
        BTreeMap::from([
            (idea.id, SearchKind::Idea),
            (plan.id, SearchKind::Plan),
            (group.id, SearchKind::Group)
        ])
    );
    assert_eq!(
        found.facets.kinds,
        counts([
            (SearchKind::Idea, 1),
            (SearchKind::Plan, 1),
            (SearchKind::Group, 1)
        ])
    );
    for (kind, id) in [
        (SearchKind::Idea, idea.id),
        (SearchKind::Plan, plan.id),
        (SearchKind::Group, group.id),
    ] {
        let one_kind = SearchQuery {
            kinds: vec![kind],
            ..text("kastanjeboom")
        };
        assert_eq!(ids(index, &one_kind).await, [id], "{kind:?}");
    }
    let newest = SearchQuery {
        sort: SearchSort::Newest,
        ..text("kastanjeboom")
    };
    assert_eq!(ids(index, &newest).await, [group.id, plan.id, idea.id]);
    let similar = index
        .similar_ideas("Kastanjeboom", "", None, 5)
        .await
        .expect("suggestions");
    assert_eq!(
        similar.iter().map(|hit| hit.id).collect::<Vec<_>>(),
        [idea.id]
    );
}

pub async fn document_ids_list_what_the_index_holds(index: &dyn SearchIndex) {
    assert!(
        index_ids(index).await.is_empty(),
        "a fresh index lists nothing"
    );
    seed(index).await;
    let expected: BTreeSet<(SearchKind, Uuid)> =
        documents().iter().map(|doc| (doc.kind, doc.id)).collect();
    assert_eq!(index_ids(index).await, expected);
    // More than one page of the listing.
    let many: Vec<SearchDocument> = (0..1_500u128)
        .map(|n| {
            document(
                Uuid::from_u128(0x10_000 + n),
                SearchKind::Idea,
                "Boom",
                "",
                &[],
                "published",
                PARK,
                0,
                1,
            )
        })
        .collect();
    index.upsert(&many).await.expect("indexed");
    index.delete(&[BENCHES]).await.expect("deleted");
    let all = index_ids(index).await;
    assert_eq!(all.len(), 6 - 1 + 1_500);
    assert!(!all.contains(&(SearchKind::Idea, BENCHES)));
    assert!(all.contains(&(SearchKind::Group, GREEN_GROUP)));
    assert!(all.contains(&(SearchKind::Idea, Uuid::from_u128(0x10_000 + 1_499))));
}

async fn index_ids(index: &dyn SearchIndex) -> BTreeSet<(SearchKind, Uuid)> {
    let ids = index.document_ids().await.expect("ids are listed");
    let set: BTreeSet<_> = ids.iter().copied().collect();
    assert_eq!(set.len(), ids.len(), "each document is listed once");
    set
}
