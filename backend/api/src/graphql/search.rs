//! Full-text search over ideas, plans and public working groups. Hits come from the index; each is
//! then loaded through the request's DataLoaders, so what the viewer may not
//! see is dropped rather than trusted to the index.

use std::collections::HashMap;

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Union};
use plein_app::AppResult;
use plein_app::page::PageArgs;
use plein_app::search::{Facets, SearchKind, SearchRequest, SearchSort};
use uuid::Uuid;

use crate::graphql::types::{AreaNode, GroupNode, IdeaNode, PlanNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};

/// What kind of item a search hit is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "SearchKind")]
pub enum SearchKindValue {
    Idea,
    Plan,
    /// A public working group; its status is its join policy (open, request, invite).
    Group,
}

impl From<SearchKindValue> for SearchKind {
    fn from(kind: SearchKindValue) -> Self {
        match kind {
            SearchKindValue::Idea => SearchKind::Idea,
            SearchKindValue::Plan => SearchKind::Plan,
            SearchKindValue::Group => SearchKind::Group,
        }
    }
}

/// The order of search results.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(name = "SearchSort")]
pub enum SearchSortValue {
    /// Best match first; with no query text, newest first.
    #[default]
    Relevance,
    /// Most recently created first.
    Newest,
    /// Most supports first, then newest.
    MostSupported,
}

impl From<SearchSortValue> for SearchSort {
    fn from(sort: SearchSortValue) -> Self {
        match sort {
            SearchSortValue::Relevance => SearchSort::Relevance,
            SearchSortValue::Newest => SearchSort::Newest,
            SearchSortValue::MostSupported => SearchSort::MostSupported,
        }
    }
}

/// The status of a search hit: an idea's or a plan's status (the values of
/// `IdeaStatus` and `PlanStatus` that can be found), or a working group's
/// join policy (the values of `JoinPolicy`).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "SearchStatus")]
pub enum SearchStatusValue {
    /// An idea.
    Published,
    /// An idea.
    UnderReview,
    /// An idea.
    Accepted,
    /// An idea or a plan.
    InProgress,
    /// An idea.
    Realised,
    /// An idea.
    Declined,
    /// A plan.
    Consulting,
    /// A plan.
    Considering,
    /// A plan.
    Decided,
    /// A plan.
    Done,
    /// A plan.
    Cancelled,
    /// A working group anyone signed in joins at once.
    Open,
    /// A working group that takes requests to join.
    Request,
    /// A working group joined only by invitation.
    Invite,
}

impl SearchStatusValue {
    const ALL: [(SearchStatusValue, &'static str); 14] = [
        (Self::Published, "published"),
        (Self::UnderReview, "under_review"),
        (Self::Accepted, "accepted"),
        (Self::InProgress, "in_progress"),
        (Self::Realised, "realised"),
        (Self::Declined, "declined"),
        (Self::Consulting, "consulting"),
        (Self::Considering, "considering"),
        (Self::Decided, "decided"),
        (Self::Done, "done"),
        (Self::Cancelled, "cancelled"),
        (Self::Open, "open"),
        (Self::Request, "request"),
        (Self::Invite, "invite"),
    ];

    /// The name the index keeps.
    fn index_name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(value, _)| *value == self)
            .map_or("", |(_, name)| name)
    }

    fn from_index_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(value, _)| *value)
    }
}

/// Narrows a search. Values within one list are alternatives; the lists
/// combine with "and". Left out or empty means any.
#[derive(InputObject, Default)]
pub struct SearchFilter {
    pub kinds: Option<Vec<SearchKindValue>>,
    pub statuses: Option<Vec<SearchStatusValue>>,
    /// This area and every area beneath it.
    pub area_id: Option<ID>,
    pub tags: Option<Vec<String>>,
}

/// What a search finds: an idea, a plan or a working group.
#[derive(Union)]
pub enum SearchResultItem {
    Idea(IdeaNode),
    Plan(PlanNode),
    Group(GroupNode),
}

/// One hit with its highlights.
#[derive(SimpleObject)]
pub struct SearchEdge {
    pub cursor: String,
    pub node: SearchResultItem,
    /// The title, HTML-escaped, with matched words in `<mark>`.
    pub title_html: String,
    /// A piece of the text around the matches, HTML-escaped, with matched
    /// words in `<mark>`.
    pub snippet_html: String,
}

/// A value and how many matching items carry it.
#[derive(SimpleObject)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(SimpleObject)]
pub struct StatusFacetCount {
    pub value: SearchStatusValue,
    pub count: u64,
}

#[derive(SimpleObject)]
pub struct KindFacetCount {
    pub value: SearchKindValue,
    pub count: u64,
}

#[derive(SimpleObject)]
pub struct AreaFacetCount {
    pub area: AreaNode,
    /// Matching items in this area or beneath it.
    pub count: u64,
}

/// Counts over the whole result, not just this page.
pub struct SearchFacets(Facets);

#[Object]
impl SearchFacets {
    async fn kinds(&self) -> Vec<KindFacetCount> {
        self.0
            .kinds
            .iter()
            .filter_map(|(kind, count)| {
                let value = match kind {
                    SearchKind::Idea => SearchKindValue::Idea,
                    SearchKind::Plan => SearchKindValue::Plan,
                    SearchKind::Group => SearchKindValue::Group,
                };
                Some(KindFacetCount {
                    value,
                    count: *count,
                })
            })
            .collect()
    }

    async fn statuses(&self) -> Vec<StatusFacetCount> {
        self.0
            .statuses
            .iter()
            .filter_map(|(name, count)| {
                Some(StatusFacetCount {
                    value: SearchStatusValue::from_index_name(name)?,
                    count: *count,
                })
            })
            .collect()
    }

    async fn tags(&self) -> Vec<FacetCount> {
        counts(&self.0.tags)
    }

    /// Per area, the matching items in it or beneath it.
    async fn areas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AreaFacetCount>> {
        let ids: Vec<Uuid> = self.0.areas.keys().copied().collect();
        let areas = ctx.loaders().areas_many(&ids).await.gql()?;
        Ok(ids
            .into_iter()
            .filter_map(|id| {
                let area = areas.get(&id)?.clone();
                Some(AreaFacetCount {
                    area: AreaNode(area),
                    count: self.0.areas[&id],
                })
            })
            .collect())
    }
}

/// Loads `ids` with `load`, or nothing without a statement when there are none.
async fn by_id<T, F, Fut>(ids: Vec<Uuid>, load: F) -> AppResult<Vec<T>>
where
    F: FnOnce(Vec<Uuid>) -> Fut,
    Fut: std::future::Future<Output = AppResult<Vec<T>>>,
{
    if ids.is_empty() {
        Ok(Vec::new())
    } else {
        load(ids).await
    }
}

fn counts(map: &std::collections::BTreeMap<String, u64>) -> Vec<FacetCount> {
    map.iter()
        .map(|(value, count)| FacetCount {
            value: value.clone(),
            count: *count,
        })
        .collect()
}

/// A page of search results.
#[derive(SimpleObject)]
pub struct SearchResult {
    pub edges: Vec<SearchEdge>,
    pub page_info: PageInfo,
    pub facets: SearchFacets,
    /// How many items match in all; exact with the embedded engine, an
    /// estimate with Meilisearch.
    pub estimated_total: u64,
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Searches published ideas, plans and public working groups, tolerating
    /// typos. Drafts, withdrawn ideas and members-only groups are never found.
    /// Null, with the error `SEARCH_UNAVAILABLE`, when the search engine does
    /// not answer: the rest of the query still loads.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 1000 characters; empty lists everything.")] query: String,
        filter: Option<SearchFilter>,
        sort: Option<SearchSortValue>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<SearchResult>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let filter = filter.unwrap_or_default();
        let area_id = filter
            .area_id
            .as_ref()
            .map(|id| parse_id("areaId", id))
            .transpose()
            .gql()?;
        let request = SearchRequest {
            text: query,
            kinds: filter
                .kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            statuses: filter
                .statuses
                .unwrap_or_default()
                .into_iter()
                .map(|status| status.index_name().to_owned())
                .collect(),
            area_id,
            tags: filter.tags.unwrap_or_default(),
            sort: sort.unwrap_or_default().into(),
        };
        let page = ctx.app().search(ctx.actor(), request, &args).await.gql()?;
        let ids_of = |kind: SearchKind| -> Vec<Uuid> {
            page.hits
                .iter()
                .filter(|(_, hit)| hit.kind == kind)
                .map(|(_, hit)| hit.id)
                .collect()
        };
        // The hits and, when the area facet is asked for, its areas (which
        // hold each hit's area and every area above it) are read side by
        // side, one statement each, without a batch loader's wait.
        let app = ctx.app();
        let actor = ctx.actor();
        let loaders = ctx.loaders();
        let facet_areas: Vec<Uuid> = if ctx.look_ahead().field("facets").field("areas").exists() {
            page.facets.areas.keys().copied().collect()
        } else {
            Vec::new()
        };
        let (ideas, plans, groups, areas) = futures::try_join!(
            by_id(ids_of(SearchKind::Idea), |ids| async move {
                app.ideas_by_ids(actor, &ids).await
            }),
            by_id(ids_of(SearchKind::Plan), |ids| async move {
                app.plans_by_ids(actor, &ids).await
            }),
            by_id(ids_of(SearchKind::Group), |ids| async move {
                app.groups_by_ids(actor, &ids).await
            }),
            async {
                if facet_areas.is_empty() {
                    Ok(Vec::new())
                } else {
                    app.areas_by_ids(&facet_areas).await
                }
            },
        )
        .gql()?;
        loaders.remember(Vec::new(), areas);
        let mut ideas: HashMap<Uuid, _> = ideas.into_iter().map(|i| (i.id, i)).collect();
        let mut plans: HashMap<Uuid, _> = plans.into_iter().map(|p| (p.id, p)).collect();
        let mut groups: HashMap<Uuid, _> = groups.into_iter().map(|g| (g.id, g)).collect();
        let page_info = PageInfo {
            has_previous_page: page.has_previous_page,
            has_next_page: page.has_next_page,
            start_cursor: page.hits.first().map(|(c, _)| c.clone()),
            end_cursor: page.hits.last().map(|(c, _)| c.clone()),
        };
        let edges = page
            .hits
            .into_iter()
            .filter_map(|(cursor, hit)| {
                let node = match hit.kind {
                    SearchKind::Idea => SearchResultItem::Idea(IdeaNode(ideas.remove(&hit.id)?)),
                    SearchKind::Plan => SearchResultItem::Plan(PlanNode(plans.remove(&hit.id)?)),
                    SearchKind::Group => {
                        SearchResultItem::Group(GroupNode(groups.remove(&hit.id)?))
                    }
                };
                Some(SearchEdge {
                    cursor,
                    node,
                    title_html: hit.title_html,
                    snippet_html: hit.snippet_html,
                })
            })
            .collect();
        Ok(Some(SearchResult {
            edges,
            page_info,
            facets: SearchFacets(page.facets),
            estimated_total: page.estimated_total,
        }))
    }

    /// Published ideas like the one being written, best first, to show
    /// while someone types a new idea. Null, with the error
    /// `SEARCH_UNAVAILABLE`, when the search engine does not answer.
    async fn similar_ideas(
        &self,
        ctx: &Context<'_>,
        title: String,
        body: Option<String>,
        #[graphql(desc = "This area and every area beneath it.")] area_id: Option<ID>,
        #[graphql(desc = "At most 20; 5 when left out.")] first: Option<i32>,
    ) -> async_graphql::Result<Option<Vec<IdeaNode>>> {
        let area_id = area_id
            .as_ref()
            .map(|id| parse_id("areaId", id))
            .transpose()
            .gql()?;
        let ids = ctx
            .app()
            .similar_ideas(
                ctx.actor(),
                &title,
                body.as_deref().unwrap_or_default(),
                area_id,
                first,
            )
            .await
            .gql()?;
        let ideas = ctx
            .loaders()
            .content
            .ideas
            .load_many(ids.clone())
            .await
            .gql()?;
        Ok(Some(
            ids.into_iter()
                .filter_map(|id| ideas.get(&id).cloned().map(IdeaNode))
                .collect(),
        ))
    }
}
