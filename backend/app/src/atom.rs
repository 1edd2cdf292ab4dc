//! Atom news feeds: per area (new ideas, plans and budget rounds in it and
//! beneath it), per idea (its status changes with their reasons and the
//! official replies), per plan (the official replies and the official
//! response) and for a search.
//!
//! Feeds are read without signing in, so everything in them is what an
//! anonymous visitor may see: the lists, lookups and search each apply the
//! visibility rule of `plein_domain::visibility` as they do for the web app,
//! and nothing here decides visibility itself.

use chrono::{DateTime, Utc};
use plein_domain::atom::{Entry, Feed};
use plein_domain::{IdeaStatus, PlanStatus, SubjectKind};
use plein_storage::listing::Sort;
use plein_storage::{comments, ideas};
use uuid::Uuid;

use crate::comments::Comment;
use crate::ideas::{Idea, IdeaQuery};
use crate::page::PageArgs;
use crate::plans::{Plan, PlanQuery};
use crate::search::{SearchKind, SearchRequest};
use crate::{Actor, App, AppError, AppResult};

/// The most entries of each kind a feed carries.
pub const FEED_ENTRIES: usize = 50;

/// Where the feeds and the pages they point to live.
#[derive(Debug, Clone)]
pub struct FeedSite {
    /// The public address, without a trailing slash.
    pub base: String,
    /// The installation's name, the feeds' author.
    pub name: String,
}

impl FeedSite {
    pub fn new(base: &str, name: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            name: name.to_owned(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// An idea's status in plain Dutch, as the web app shows it.
pub fn idea_status_label(status: IdeaStatus) -> &'static str {
    match status {
        IdeaStatus::Draft => "Concept",
        IdeaStatus::Published => "Gepubliceerd",
        IdeaStatus::UnderReview => "In behandeling",
        IdeaStatus::Accepted => "Aangenomen",
        IdeaStatus::InProgress => "In uitvoering",
        IdeaStatus::Realised => "Gerealiseerd",
        IdeaStatus::Declined => "Afgewezen",
        IdeaStatus::Withdrawn => "Ingetrokken",
    }
}

/// A plan's status in plain Dutch, as the web app shows it.
pub fn plan_status_label(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "Concept",
        PlanStatus::Consulting => "Inspraak",
        PlanStatus::Considering => "Reacties worden gewogen",
        PlanStatus::Decided => "Besloten",
        PlanStatus::InProgress => "In uitvoering",
        PlanStatus::Done => "Klaar",
        PlanStatus::Cancelled => "Geannuleerd",
    }
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn page_args() -> PageArgs {
    PageArgs {
        first: FEED_ENTRIES,
        after: None,
        with_total: false,
    }
}

fn idea_entry(site: &FeedSite, idea: &Idea) -> Entry {
    Entry {
        id: urn(idea.id),
        title: idea.title.clone(),
        url: site.url(&format!("/ideeen/{}", idea.id)),
        published: idea.published_at.unwrap_or(idea.created_at),
        updated: idea.updated_at,
        summary: Some(format!("Idee · {}", idea_status_label(idea.status))),
        content_html: Some(idea.body_html()),
        category: Some("idee".to_owned()),
    }
}

fn plan_entry(site: &FeedSite, plan: &Plan) -> Entry {
    Entry {
        id: urn(plan.id),
        title: plan.title.clone(),
        url: site.url(&format!("/plannen/{}", plan.id)),
        published: plan.created_at,
        updated: plan.updated_at,
        summary: Some(format!("Plan · {}", plan_status_label(plan.status))),
        content_html: Some(plan.description_html()),
        category: Some("plan".to_owned()),
    }
}

fn official_entries(site: &FeedSite, page: &str, rows: Vec<Comment>) -> Vec<Entry> {
    rows.into_iter()
        .filter_map(|comment| {
            let html = comment.body_html()?;
            Some(Entry {
                id: urn(comment.id),
                title: "Reactie van de gemeente".to_owned(),
                url: site.url(&format!("{page}#comment-{}-article", comment.id)),
                published: comment.created_at,
                updated: comment.edited_at.unwrap_or(comment.created_at),
                summary: None,
                content_html: Some(html),
                category: Some("officiele-reactie".to_owned()),
            })
        })
        .collect()
}

/// Newest first; the feed's time is its newest entry's, or `fallback`.
fn finish(mut entries: Vec<Entry>, fallback: DateTime<Utc>) -> (Vec<Entry>, DateTime<Utc>) {
    entries.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .map_or(fallback, |newest| newest.max(fallback));
    (entries, updated)
}

impl App {
    /// The official comments on a subject the caller already may see,
    /// without the deleted and hidden ones.
    async fn official_comments(&self, kind: SubjectKind, id: Uuid) -> AppResult<Vec<Comment>> {
        let rows =
            comments::official_of(&self.db.conn, kind.as_str(), id, FEED_ENTRIES as u64).await?;
        Ok(rows.into_iter().map(Comment::from).collect())
    }

    /// An area's feed (by slug or id): the newest public ideas, plans and
    /// budget rounds in it and beneath it.
    pub async fn area_feed(&self, site: &FeedSite, area: &str) -> AppResult<Feed> {
        let actor = Actor::default();
        let found = match Uuid::parse_str(area) {
            Ok(id) => self.area(id).await?,
            Err(_) => self.area_by_slug(area).await?,
        };
        let area = found.ok_or(AppError::NotFound("area"))?;
        let ideas = self
            .ideas(
                &actor,
                &IdeaQuery {
                    area_id: Some(area.id),
                    ..Default::default()
                },
                Sort::Newest,
                &page_args(),
            )
            .await?;
        let plans = self
            .plans(
                &actor,
                &PlanQuery {
                    area_id: Some(area.id),
                    ..Default::default()
                },
                Sort::Newest,
                &page_args(),
            )
            .await?;
        let rounds = self
            .budget_rounds(&actor, Some(area.id), &page_args())
            .await?;
        let mut entries: Vec<Entry> = Vec::new();
        entries.extend(ideas.page.items.iter().map(|(_, i)| idea_entry(site, i)));
        entries.extend(plans.page.items.iter().map(|(_, p)| plan_entry(site, p)));
        entries.extend(rounds.items.iter().map(|(_, round)| Entry {
            id: urn(round.id),
            title: round.title.clone(),
            url: site.url(&format!("/begroting/{}", round.id)),
            published: round.created_at,
            updated: round.created_at,
            summary: Some("Buurtbudget".to_owned()),
            content_html: Some(round.description_html()),
            category: Some("buurtbudget".to_owned()),
        }));
        let (mut entries, updated) = finish(entries, area.updated_at);
        entries.truncate(FEED_ENTRIES);
        Ok(Feed {
            id: site.url(&format!("/feeds/areas/{}.atom", area.id)),
            title: format!("{}: nieuws van {}", area.name, site.name),
            subtitle: Some(format!(
                "Nieuwe ideeën, plannen en buurtbudgetten in {} en de buurten daarin",
                area.name
            )),
            self_url: site.url(&format!("/feeds/areas/{}.atom", area.slug)),
            alternate_url: site.url(&format!("/gebied/{}", area.slug)),
            lang: "nl".to_owned(),
            updated,
            author: site.name.clone(),
            entries,
        })
    }

    /// An idea's feed: the idea, each change of its status with the reason,
    /// and the official replies in its thread.
    pub async fn idea_feed(&self, site: &FeedSite, id: Uuid) -> AppResult<Feed> {
        let actor = Actor::default();
        let idea = self
            .idea(&actor, id)
            .await?
            .ok_or(AppError::NotFound("idea"))?;
        let page = format!("/ideeen/{}", idea.id);
        let mut entries = vec![idea_entry(site, &idea)];
        for change in ideas::status_changes_of(&self.db.conn, &[idea.id]).await? {
            // The first step out of a draft is the idea's own entry.
            if change.from_status.is_none_or(|from| !from.is_public()) {
                continue;
            }
            entries.push(Entry {
                id: urn(change.id),
                title: format!("Nieuwe status: {}", idea_status_label(change.to_status)),
                url: site.url(&page),
                published: change.created_at,
                updated: change.created_at,
                summary: Some(match change.reason.as_deref().map(str::trim) {
                    Some(reason) if !reason.is_empty() => format!("Waarom: {reason}"),
                    _ => "Er is geen toelichting gegeven.".to_owned(),
                }),
                content_html: None,
                category: Some("status".to_owned()),
            });
        }
        let official = self.official_comments(SubjectKind::Idea, idea.id).await?;
        entries.extend(official_entries(site, &page, official));
        let (entries, updated) = finish(entries, idea.updated_at);
        Ok(Feed {
            id: site.url(&format!("/feeds/ideas/{}.atom", idea.id)),
            title: format!("Idee: {}", idea.title),
            subtitle: Some("Statuswijzigingen en reacties van de gemeente".to_owned()),
            self_url: site.url(&format!("/feeds/ideas/{}.atom", idea.id)),
            alternate_url: site.url(&page),
            lang: "nl".to_owned(),
            updated,
            author: site.name.clone(),
            entries,
        })
    }

    /// A plan's feed: the plan, the official replies in its thread and the
    /// official response ("what we did with your input").
    pub async fn plan_feed(&self, site: &FeedSite, id: Uuid) -> AppResult<Feed> {
        let actor = Actor::default();
        let plan = self
            .plan(&actor, id)
            .await?
            .ok_or(AppError::NotFound("plan"))?;
        let page = format!("/plannen/{}", plan.id);
        let mut entries = vec![plan_entry(site, &plan)];
        if let (Some(html), Some(at)) = (plan.official_response_html(), plan.responded_at) {
            entries.push(Entry {
                id: site.url(&format!("{page}#officiele-reactie")),
                title: "Wat we met uw inbreng hebben gedaan".to_owned(),
                url: site.url(&page),
                published: at,
                updated: at,
                summary: None,
                content_html: Some(html),
                category: Some("officiele-reactie".to_owned()),
            });
        }
        let official = self.official_comments(SubjectKind::Plan, plan.id).await?;
        entries.extend(official_entries(site, &page, official));
        let (entries, updated) = finish(entries, plan.updated_at);
        Ok(Feed {
            id: site.url(&format!("/feeds/plans/{}.atom", plan.id)),
            title: format!("Plan: {}", plan.title),
            subtitle: Some(format!(
                "Status nu: {}. Reacties en het antwoord van de gemeente",
                plan_status_label(plan.status)
            )),
            self_url: site.url(&format!("/feeds/plans/{}.atom", plan.id)),
            alternate_url: site.url(&page),
            lang: "nl".to_owned(),
            updated,
            author: site.name.clone(),
            entries,
        })
    }

    /// A search as a feed: the best public ideas and plans for `text`.
    pub async fn search_feed(&self, site: &FeedSite, text: &str) -> AppResult<Feed> {
        let actor = Actor::default();
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::bad_input("q", "give something to search for"));
        }
        let request = SearchRequest {
            text: text.to_owned(),
            kinds: vec![SearchKind::Idea, SearchKind::Plan],
            ..Default::default()
        };
        let page = self.search(&actor, request, &page_args()).await?;
        let idea_ids: Vec<Uuid> = page
            .hits
            .iter()
            .filter(|(_, hit)| hit.kind == SearchKind::Idea)
            .map(|(_, hit)| hit.id)
            .collect();
        let plan_ids: Vec<Uuid> = page
            .hits
            .iter()
            .filter(|(_, hit)| hit.kind == SearchKind::Plan)
            .map(|(_, hit)| hit.id)
            .collect();
        // Each hit is loaded with the visitor's rights: what they may not
        // see (hidden since it was indexed, say) drops out.
        let ideas = self.ideas_by_ids(&actor, &idea_ids).await?;
        let plans = self.plans_by_ids(&actor, &plan_ids).await?;
        let entries: Vec<Entry> = page
            .hits
            .iter()
            .filter_map(|(_, hit)| match hit.kind {
                SearchKind::Idea => ideas
                    .iter()
                    .find(|i| i.id == hit.id)
                    .map(|i| idea_entry(site, i)),
                SearchKind::Plan => plans
                    .iter()
                    .find(|p| p.id == hit.id)
                    .map(|p| plan_entry(site, p)),
                SearchKind::Group => None,
            })
            .collect();
        // Best match first, as the search ranks them.
        let updated = entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(|| self.now());
        let query: String = url_query(text);
        Ok(Feed {
            id: site.url(&format!("/feeds/search.atom?q={query}")),
            title: format!("Zoeken op {}: {text}", site.name),
            subtitle: Some("Ideeën en plannen die passen bij uw zoekopdracht".to_owned()),
            self_url: site.url(&format!("/feeds/search.atom?q={query}")),
            alternate_url: site.url(&format!("/zoeken?q={query}")),
            lang: "nl".to_owned(),
            updated,
            author: site.name.clone(),
            entries,
        })
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn url_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::url_query("bank & boom/é"),
            "bank%20%26%20boom%2F%C3%A9"
        );
    }
}
