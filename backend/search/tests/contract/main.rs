//! One contract, every adapter: each case below runs against the embedded
//! engine always, and against Meilisearch when `MEILI_URL` and
//! `MEILI_MASTER_KEY` are set (each test in its own randomly prefixed index).
//!
//! Where the engines differ, on purpose or because Meilisearch cannot do
//! otherwise, the contract leaves it open:
//!
//! - `estimated_total` is exact in the embedded engine and an estimate in
//!   Meilisearch (exact for the small results of these cases).
//! - Similar ideas: both find an idea sharing any key word, best first by
//!   how many it shares. Meilisearch does it with one federated request of
//!   one query per key word (`matchingStrategy: last`, starting with that
//!   word); its ranking among ideas sharing equally many words may differ.
//! - Scores (`SearchHit::score`) are comparable only within one result and
//!   differ between engines; only the order they give is part of the contract.

mod cases;
mod fixtures;

macro_rules! contract {
    ($engine:ident: $($case:ident),* $(,)?) => {
        mod $engine {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(fixture) = crate::fixtures::$engine().await else {
                        return;
                    };
                    crate::cases::$case(fixture.index.as_ref()).await;
                    fixture.finish().await;
                }
            )*
        }
    };
}

macro_rules! every_engine {
    ($($case:ident),* $(,)?) => {
        contract!(embedded: $($case),*);
        contract!(meilisearch: $($case),*);
    };
}

every_engine!(
    is_ready_and_healthy,
    a_missing_or_swapped_letter_still_finds_the_item,
    dutch_stop_words_are_ignored,
    synonyms_match_both_ways_and_can_be_extended,
    the_author_name_finds_the_item,
    relevance_puts_title_matches_first,
    every_filter_and_facet_count_is_exact,
    an_area_filter_finds_its_descendants,
    sorts_by_newest_and_most_supported,
    pagination_is_stable_and_complete,
    upserts_replace_and_deleted_items_are_gone,
    concurrent_writes_all_land,
    withdrawn_or_hidden_items_are_absent_once_removed,
    odd_and_very_long_queries_answer_without_error,
    highlights_are_marked_and_html_safe,
    similar_ideas_finds_ideas_only,
    rebuild_swaps_in_a_fresh_index,
    a_failed_rebuild_leaves_the_live_index,
    similar_ideas_for_a_multi_word_title,
    markup_like_text_is_highlighted_in_every_field,
    typos_are_forgiven_in_filtered_searches,
    facets_count_what_text_and_filters_leave,
    one_index_holds_every_kind,
    document_ids_list_what_the_index_holds,
);
