//! Searching as a viewer: input checked here, hits from the index, and the
//! items themselves loaded by the caller through the viewer's own rights.

use std::sync::Arc;

use uuid::Uuid;

use super::{Facets, SearchHit, SearchIndex, SearchKind, SearchQuery, SearchSort};
use crate::page::{Cursor, PageArgs};
use crate::{Actor, App, AppError, AppResult};

/// The longest query text, in characters.
pub const MAX_QUERY: usize = 1_000;
/// The most suggestions `similar_ideas` gives, and its default.
pub const MAX_SIMILAR: usize = 20;
pub const DEFAULT_SIMILAR: usize = 5;

/// What a viewer searches for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub text: String,
    pub kinds: Vec<SearchKind>,
    pub statuses: Vec<String>,
    pub area_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub sort: SearchSort,
}

/// One page of hits, each with the cursor that continues after it. The
/// hits still have to be loaded as the viewer may see them.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub hits: Vec<(String, SearchHit)>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub facets: Facets,
    pub estimated_total: u64,
}

fn check_text(field: &'static str, text: &str) -> AppResult<String> {
    if text.chars().count() > MAX_QUERY {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_QUERY} characters"),
        ));
    }
    Ok(text.trim().to_owned())
}

impl App {
    fn search_index(&self) -> AppResult<&Arc<dyn SearchIndex>> {
        self.search
            .as_ref()
            .ok_or_else(|| AppError::internal("no search index is configured"))
    }

    /// A page of hits for anyone. The index holds only public items, so
    /// nobody's drafts can turn up; the caller still loads each hit with the
    /// viewer's rights and drops what they may not see.
    pub async fn search(
        &self,
        _actor: &Actor,
        request: SearchRequest,
        args: &PageArgs,
    ) -> AppResult<SearchPage> {
        let text = check_text("query", &request.text)?;
        let offset = usize::try_from(args.start()?)
            .map_err(|_| AppError::bad_input("after", "is not a cursor this list gave out"))?;
        let query = SearchQuery {
            text,
            kinds: request.kinds,
            statuses: request
                .statuses
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            area_id: request.area_id,
            tags: request
                .tags
                .iter()
                .map(|t| t.trim().to_lowercase())
                .collect(),
            sort: request.sort,
            offset,
            limit: args.fetch_limit() as usize,
        };
        let started = std::time::Instant::now();
        let results = self.search_index()?.search(&query).await;
        self.search_stats.record(results.is_ok(), started.elapsed());
        let results = results?;
        let mut hits = results.hits;
        let has_next_page = hits.len() > args.first;
        hits.truncate(args.first);
        let hits = hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| (Cursor::Offset((offset + i) as u64).encode(), hit))
            .collect();
        Ok(SearchPage {
            hits,
            has_next_page,
            has_previous_page: offset > 0,
            facets: results.facets,
            estimated_total: results.estimated_total,
        })
    }

    /// Published ideas that look like the one being written, best first,
    /// as ids to load with the viewer's rights.
    pub async fn similar_ideas(
        &self,
        _actor: &Actor,
        title: &str,
        body: &str,
        area_id: Option<Uuid>,
        first: Option<i32>,
    ) -> AppResult<Vec<Uuid>> {
        let title = check_text("title", title)?;
        let body = check_text("body", body)?;
        let limit = match first {
            None => DEFAULT_SIMILAR,
            Some(n) if (1..=MAX_SIMILAR as i32).contains(&n) => n as usize,
            Some(_) => {
                return Err(AppError::bad_input(
                    "first",
                    format!("must be between 1 and {MAX_SIMILAR}"),
                ));
            }
        };
        if title.is_empty() && body.is_empty() {
            return Ok(Vec::new());
        }
        let started = std::time::Instant::now();
        let hits = self
            .search_index()?
            .similar_ideas(&title, &body, area_id, limit)
            .await;
        self.search_stats.record(hits.is_ok(), started.elapsed());
        let hits = hits?;
        Ok(hits.into_iter().map(|hit| hit.id).collect())
    }
}
