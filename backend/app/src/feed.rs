//! What the idea and plan lists share: a keyset page whose authors and areas
//! come in the page's own statement, and how an empty page tells an unknown
//! area from an empty one. Who may see which item is the rule in
//! `plein_domain::visibility`, applied by the lists' SQL condition.

use plein_storage::areas;
use plein_storage::entities::{areas as area_rows, users as user_rows};
use uuid::Uuid;

use crate::accounts::User;
use crate::areas::Area;
use crate::page::{Cursor, Page, PageArgs};
use crate::{Actor, AppError, AppResult};

/// A page of ideas or plans with the authors and areas of its items, read in
/// the page's own statement.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    pub page: Page<T>,
    pub authors: Vec<User>,
    pub areas: Vec<Area>,
}

/// The rows of one page as storage read them, with author and area.
pub(crate) type Rows<M> = Vec<(M, user_rows::Model, area_rows::Model)>;

impl<T> Listing<T> {
    /// Builds the page from its rows. `area_id` is the area the list was
    /// narrowed to: an empty page asks whether it exists, so an unknown area
    /// answers `BAD_USER_INPUT` rather than an empty list.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn from_rows<M>(
        db: &impl plein_storage::ConnectionTrait,
        actor: &Actor,
        area_id: Option<Uuid>,
        args: &PageArgs,
        rows: Rows<M>,
        total: impl AsyncFnOnce() -> AppResult<u64>,
        key: impl Fn(&M) -> Cursor,
        item: impl Fn(M) -> T,
    ) -> AppResult<Self> {
        let mut authors = Vec::with_capacity(rows.len());
        let mut page_areas = Vec::with_capacity(rows.len());
        let rows: Vec<M> = rows
            .into_iter()
            .map(|(row, author, area)| {
                authors.push(author);
                page_areas.push(area);
                row
            })
            .collect();
        authors.sort_unstable_by_key(|author| author.id);
        authors.dedup_by_key(|author| author.id);
        page_areas.sort_unstable_by_key(|area| area.id);
        page_areas.dedup_by_key(|area| area.id);
        if rows.is_empty()
            && let Some(id) = area_id
            && areas::find(db, id).await?.is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let total = if args.with_total { total().await? } else { 0 };
        Ok(Self {
            page: Page::from_rows(args, rows, total, key).map(item),
            authors: authors
                .into_iter()
                .map(|row| User::view(row, actor))
                .collect(),
            areas: page_areas.into_iter().map(Area::from).collect(),
        })
    }
}
