//! Address suggestions for placing an idea or plan on the map.

use async_graphql::{Context, Object, SimpleObject};

use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct GeocoderQuery;

/// A place someone may mean by what they typed.
#[derive(SimpleObject)]
pub struct AddressSuggestion {
    /// How to show it, such as "Damrak 1, 1012LG Amsterdam".
    pub label: String,
    /// WGS84 degrees.
    pub latitude: f64,
    pub longitude: f64,
}

#[Object]
impl GeocoderQuery {
    /// Places that `query` (a piece of an address, a street or an area
    /// name) may mean, best first; at most `first` (1 to 20, default 5). An
    /// empty query answers none. The error `GEOCODER_UNAVAILABLE` says the
    /// geocoder did not answer (in time): typing the address or placing the
    /// point by hand still works.
    async fn address_suggestions(
        &self,
        ctx: &Context<'_>,
        query: String,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<AddressSuggestion>> {
        let found = ctx
            .app()
            .address_suggestions(ctx.actor(), &query, first)
            .await
            .gql()?;
        Ok(found
            .into_iter()
            .map(|s| AddressSuggestion {
                label: s.label,
                latitude: s.latitude,
                longitude: s.longitude,
            })
            .collect())
    }
}
