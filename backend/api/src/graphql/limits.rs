//! Limits async-graphql has no switch for: aliases per document, and no
//! mutations over GET. The HTTP endpoints call [`check`]; subscriptions
//! over WebSocket get them from the [`QueryLimits`] extension.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};

/// The most aliases one document may use (aliases multiply work cheaply).
pub const MAX_ALIASES: usize = 30;
/// The most operations one batched request may carry.
pub const MAX_BATCH: usize = 10;

pub struct QueryLimits;

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimitsExtension)
    }
}

struct QueryLimitsExtension;

#[async_trait::async_trait]
impl Extension for QueryLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        // Subscriptions come over WebSocket, never by GET.
        check_document(&document, false)?;
        Ok(document)
    }
}

/// Parses a request's document and holds it to the limits; the executor
/// then runs that parse. The HTTP endpoints check here rather than through
/// [`QueryLimits`]: a schema with any extension sends every field it
/// resolves through the extension chain.
pub fn check(request: &mut async_graphql::Request, get: bool) -> ServerResult<()> {
    check_document(request.parsed_query()?, get)
}

fn check_document(document: &ExecutableDocument, get: bool) -> ServerResult<()> {
    let aliases: usize = document
        .operations
        .iter()
        .map(|(_, op)| count_aliases(&op.node.selection_set.node))
        .chain(
            document
                .fragments
                .values()
                .map(|f| count_aliases(&f.node.selection_set.node)),
        )
        .sum();
    if aliases > MAX_ALIASES {
        return Err(ServerError::new(
            format!("the query uses {aliases} aliases; at most {MAX_ALIASES} are allowed"),
            None,
        ));
    }
    if get
        && document
            .operations
            .iter()
            .any(|(_, op)| op.node.ty != OperationType::Query)
    {
        return Err(ServerError::new(
            "only queries may be sent with GET; send mutations with POST",
            None,
        ));
    }
    Ok(())
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_aliases(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}
