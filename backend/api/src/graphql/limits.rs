//! Limits on what one document may ask for: depth, complexity, aliases, and
//! no mutations over GET.
//!
//! Depth and complexity are checked here rather than by async-graphql's own
//! switches, so the errors can say the limit, and so introspection (whose
//! standard query nests `ofType` nine levels) has a depth limit of its own.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, ServerError, ServerResult, ValidationResult, Variables};

/// The most nested a query may be, not counting introspection.
pub const MAX_DEPTH: usize = 12;
/// The most nested the fields under `__schema` or `__type` may be, counted
/// from the root: the standard introspection query (graphql-js 16,
/// graphql-core 3.2) reaches 15.
pub const MAX_INTROSPECTION_DEPTH: usize = 20;
/// How much work one document may ask for.
pub const MAX_COMPLEXITY: usize = 2_000;

/// The most aliases one document may use (aliases multiply work cheaply).
pub const MAX_ALIASES: usize = 30;
/// The most operations one batched request may carry.
pub const MAX_BATCH: usize = 10;

/// Request data that marks a GET request, with the operation it names: only
/// a query may run. (The HTTP layer answers 405 before this; this holds
/// whatever path a GET request takes.)
pub struct GetRequest(pub Option<String>);

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
        let depth = document_depth(&document);
        if depth.plain > MAX_DEPTH {
            return Err(ServerError::new(
                format!(
                    "the query is nested {} deep; the limit is {MAX_DEPTH}",
                    depth.plain
                ),
                None,
            ));
        }
        if depth.introspection > MAX_INTROSPECTION_DEPTH {
            return Err(ServerError::new(
                format!(
                    "the introspection query is nested {} deep; the limit is \
                     {MAX_INTROSPECTION_DEPTH}",
                    depth.introspection
                ),
                None,
            ));
        }
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
        if let Some(GetRequest(chosen)) = ctx.data_opt::<GetRequest>()
            && document.operations.iter().any(|(name, op)| {
                let selected = match chosen {
                    Some(chosen) => name.is_some_and(|n| n.as_str() == chosen),
                    None => true,
                };
                selected && op.node.ty != OperationType::Query
            })
        {
            return Err(ServerError::new(
                "only queries may be sent with GET; send mutations with POST",
                None,
            ));
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.complexity > MAX_COMPLEXITY {
            return Err(vec![ServerError::new(
                format!(
                    "the query's complexity is {}; the limit is {MAX_COMPLEXITY}",
                    result.complexity
                ),
                None,
            )]);
        }
        Ok(result)
    }
}

/// How deep a document nests: its ordinary fields, and the fields under
/// `__schema` and `__type`, each counted from the root.
#[derive(Default)]
struct Depth {
    plain: usize,
    introspection: usize,
}

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

fn document_depth(document: &ExecutableDocument) -> Depth {
    let mut depth = Depth::default();
    for (_, operation) in document.operations.iter() {
        let mut path = Vec::new();
        walk(
            &operation.node.selection_set.node,
            &document.fragments,
            0,
            false,
            &mut path,
            &mut depth,
        );
    }
    depth
}

/// Walks `set`, whose fields sit at `level + 1`, inlining fragments; `path`
/// holds the fragments being inlined, so a cycle (which validation refuses
/// later) cannot recurse for ever.
fn walk<'a>(
    set: &'a SelectionSet,
    fragments: &'a Fragments,
    level: usize,
    introspection: bool,
    path: &mut Vec<&'a Name>,
    depth: &mut Depth,
) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let name = field.node.name.node.as_str();
                let inside = introspection || name == "__schema" || name == "__type";
                let here = level + 1;
                if inside {
                    depth.introspection = depth.introspection.max(here);
                } else {
                    depth.plain = depth.plain.max(here);
                }
                walk(
                    &field.node.selection_set.node,
                    fragments,
                    here,
                    inside,
                    path,
                    depth,
                );
            }
            Selection::InlineFragment(fragment) => walk(
                &fragment.node.selection_set.node,
                fragments,
                level,
                introspection,
                path,
                depth,
            ),
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                if path.contains(&name) {
                    continue;
                }
                if let Some(fragment) = fragments.get(name) {
                    path.push(name);
                    walk(
                        &fragment.node.selection_set.node,
                        fragments,
                        level,
                        introspection,
                        path,
                        depth,
                    );
                    path.pop();
                }
            }
        }
    }
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
