//! What a client sends to `/graphql`: the request body (one request or a
//! batch, as JSON), the GraphQL document in it, and the page cursors in
//! its arguments.
//!
//! A document that parses goes through Plein's real schema — with its depth,
//! complexity, alias and directive limits and every validation rule — but
//! as an introspection-only request on the production settings
//! (introspection off): no resolver runs, so no application or database is
//! needed, and an operation that passes validation answers nulls or errors.
//! Resolvers are covered by the integration tests instead.

#![no_main]

use std::sync::OnceLock;

use async_graphql::{BatchRequest, Request};
use libfuzzer_sys::fuzz_target;
use plein_api::graphql::{PleinSchema, build_schema};
use plein_app::page::{Cursor, MAX_PAGE, PageArgs, Sort};

fn schema() -> &'static PleinSchema {
    static SCHEMA: OnceLock<PleinSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| build_schema(None, false))
}

/// Parses, validates and "executes" without resolvers.
fn validate(request: Request) {
    let response = futures::executor::block_on(schema().execute(request.only_introspection()));
    for error in &response.errors {
        // Errors are the client's: never an internal one from a resolver.
        assert!(!error.message.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if async_graphql::parser::parse_query(text).is_ok() {
            validate(Request::new(text));
        }
        cursors(data, text);
    }
    if let Ok(request) = serde_json::from_slice::<Request>(data) {
        validate(request);
    }
    if let Ok(BatchRequest::Batch(requests)) = serde_json::from_slice::<BatchRequest>(data) {
        for request in requests.into_iter().take(10) {
            validate(request);
        }
    }
});

/// `first` from the first four bytes when there are more, `after` as the text.
fn cursors(data: &[u8], text: &str) {
    let first = data
        .get(..4)
        .filter(|_| data.len() > 4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    if let Ok(args) = PageArgs::parse(first, Some(text)) {
        assert!((1..=MAX_PAGE).contains(&args.first));
        let cursor = args.after.clone().expect("a cursor was given");
        // A cursor a list gave out reads back as the same cursor.
        let again = PageArgs::parse(None, Some(&cursor.encode())).expect("own cursor");
        assert_eq!(again.after, Some(cursor));
        // Every list either takes it or refuses it; none panics.
        let _ = args.after_at();
        let _ = args.after_id();
        let _ = args.after_path();
        let _ = args.start();
        for sort in [Sort::Newest, Sort::MostSupported, Sort::MostDiscussed] {
            let _ = args.after_sorted(sort);
        }
    }
    let _ = Cursor::decode(text);
}
