//! The idea and plan lists: filters, sorts, keyset pages with a total, and a
//! fixed number of SQL statements per page whatever its size.

use plein_tests::{TestApp, serde_json::json};
use serde_json::Value;

const FEED: &str = "query($area: ID, $status: IdeaStatus, $tag: String, $author: ID, $sort: ListSort, $first: Int, $after: String) {
  ideas(areaId: $area, status: $status, tag: $tag, authorId: $author, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id title status supportCount commentCount viewerHasSupported tags
      author { displayName } area { name parent { name } }
      plans { title }
    } }
  }
}";

fn titles(response: &Value) -> Vec<String> {
    response["ideas"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn lists_filter_by_area_beneath_status_tag_and_author() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let other_district = app
        .area(&sq.admin, "Noord", "DISTRICT", Some(&sq.municipality))
        .await;
    let a = app
        .idea(&sq.resident, &sq.neighbourhood, "In de buurt")
        .await;
    let _b = app.idea(&sq.neighbour, &sq.district, "In de wijk").await;
    let _c = app
        .idea(&sq.neighbour, &other_district, "In het noorden")
        .await;
    let _draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Concept")
        .await;
    app.mutate(
        Some(&sq.resident),
        "updateIdea",
        json!({ "id": a, "tags": ["spelen"] }),
        "{ idea { id } }",
    )
    .await
    .data();

    let query = |token: Option<&str>, vars: Value| {
        let app = &app;
        let token = token.map(str::to_owned);
        async move {
            app.gql_as(token.as_deref(), FEED, vars)
                .await
                .data()
                .clone()
        }
    };
    let district = query(None, json!({ "area": sq.district })).await;
    assert_eq!(district["ideas"]["totalCount"], 2);
    let mut names = titles(&district);
    names.sort();
    assert_eq!(names, ["In de buurt", "In de wijk"]);
    let all = query(None, json!({ "area": sq.municipality })).await;
    assert_eq!(all["ideas"]["totalCount"], 3, "drafts stay hidden");
    let mine = query(Some(&sq.resident), json!({ "author": sq.resident_id })).await;
    assert_eq!(
        mine["ideas"]["totalCount"], 2,
        "the author sees their draft"
    );
    let drafts = query(Some(&sq.neighbour), json!({ "status": "DRAFT" })).await;
    assert_eq!(
        drafts["ideas"]["totalCount"], 0,
        "someone else's drafts stay hidden"
    );
    let admin_drafts = query(Some(&sq.admin), json!({ "status": "DRAFT" })).await;
    assert_eq!(admin_drafts["ideas"]["totalCount"], 1);
    let tagged = query(None, json!({ "tag": "Spelen" })).await;
    assert_eq!(titles(&tagged), ["In de buurt"]);
    let groen = query(None, json!({ "tag": "groen" })).await;
    assert_eq!(groen["ideas"]["totalCount"], 2);
    let long_tag = app.gql(FEED, json!({ "tag": "x".repeat(31) })).await;
    assert_eq!(long_tag.field(), Some("tag"));
    let unknown = app.gql(FEED, json!({ "area": uuid::Uuid::now_v7() })).await;
    assert_eq!(unknown.code(), "BAD_USER_INPUT");
    assert_eq!(unknown.field(), Some("areaId"));
}

#[tokio::test]
async fn keyset_pages_walk_every_sort_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            app.idea(&sq.resident, &sq.neighbourhood, &format!("Idee {i}"))
                .await,
        );
        app.clock.advance(chrono::Duration::seconds(1));
    }
    // Supports 0..=3 and comments 3..=0 so the sorts differ, with ties.
    for (i, id) in ids.iter().enumerate() {
        if i % 4 >= 1 {
            app.mutate(
                Some(&sq.neighbour),
                "supportIdea",
                json!({ "ideaId": id }),
                "{ idea { id } }",
            )
            .await
            .data();
        }
        if i % 4 >= 2 {
            app.mutate(
                Some(&sq.professional),
                "supportIdea",
                json!({ "ideaId": id }),
                "{ idea { id } }",
            )
            .await
            .data();
        }
        for _ in 0..(3 - i % 4) {
            app.comment(&sq.neighbour, "IDEA", id, None).await;
        }
    }
    for (sort, key) in [
        ("NEWEST", None),
        ("MOST_SUPPORTED", Some("supportCount")),
        ("MOST_DISCUSSED", Some("commentCount")),
    ] {
        let mut seen: Vec<Value> = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = app
                .gql(FEED, json!({ "sort": sort, "first": 3, "after": after }))
                .await;
            let data = page.data();
            assert_eq!(data["ideas"]["totalCount"], 7);
            let edges = data["ideas"]["edges"].as_array().expect("edges").clone();
            seen.extend(edges.iter().map(|e| e["node"].clone()));
            if data["ideas"]["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = data["ideas"]["pageInfo"]["endCursor"]
                .as_str()
                .map(str::to_owned);
        }
        let mut seen_ids: Vec<_> = seen
            .iter()
            .map(|n| n["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(seen_ids.len(), 7, "{sort}");
        seen_ids.sort();
        seen_ids.dedup();
        assert_eq!(seen_ids.len(), 7, "{sort}: no repeats");
        match key {
            None => {
                let titles: Vec<_> = seen
                    .iter()
                    .map(|n| n["title"].as_str().unwrap_or_default())
                    .collect();
                assert_eq!(
                    titles,
                    [
                        "Idee 6", "Idee 5", "Idee 4", "Idee 3", "Idee 2", "Idee 1", "Idee 0"
                    ]
                );
            }
            Some(key) => {
                let values: Vec<i64> = seen.iter().map(|n| n[key].as_i64().unwrap_or(-1)).collect();
                let mut sorted = values.clone();
                sorted.sort_by(|a, b| b.cmp(a));
                assert_eq!(values, sorted, "{sort}");
            }
        }
    }
    // A cursor from one sort is refused by another.
    let newest = app.gql(FEED, json!({ "first": 1 })).await;
    let cursor = newest.data()["ideas"]["pageInfo"]["endCursor"].clone();
    let wrong = app
        .gql(FEED, json!({ "sort": "MOST_SUPPORTED", "after": cursor }))
        .await;
    assert_eq!(wrong.code(), "BAD_USER_INPUT");
    assert_eq!(wrong.field(), Some("after"));
}

#[tokio::test]
async fn a_page_costs_the_same_few_statements_whatever_its_size() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    let mut authors = vec![sq.resident.clone(), sq.neighbour.clone()];
    for i in 0..4 {
        authors.push(
            app.register(
                &format!("schrijver{i}@plein.test"),
                &format!("Schrijver {i}"),
            )
            .await
            .0,
        );
    }
    for i in 0..30 {
        let author = &authors[i % authors.len()];
        let id = app
            .idea(author, &sq.neighbourhood, &format!("Idee {i}"))
            .await;
        // Every page holds linked ideas, so every page loads plans too.
        if i % 3 == 2 {
            app.mutate(
                Some(&sq.professional),
                "linkIdeaToPlan",
                json!({ "planId": plan, "ideaId": id }),
                "{ plan { id } }",
            )
            .await
            .data();
        }
    }
    let mut costs = Vec::new();
    for first in [2, 10, 30] {
        let before = app.statements();
        let page = app
            .gql_as(
                Some(&sq.neighbour),
                FEED,
                json!({ "area": sq.municipality, "first": first }),
            )
            .await;
        let data = page.data();
        assert_eq!(data["ideas"]["edges"].as_array().map(Vec::len), Some(first));
        costs.push(app.statements() - before);
    }
    println!("SQL statements per feed page (2, 10, 30 items): {costs:?}");
    assert!(
        costs.iter().all(|c| *c == costs[0]),
        "statements grew with the page: {costs:?}"
    );
    assert!(costs[0] <= 12, "a page costs {} statements", costs[0]);

    const PLANS: &str = "query($first: Int) { plans(first: $first) { totalCount edges { node {
        title author { displayName } area { name } ideas { title author { displayName } } questions { prompt answerCount viewerAnswer { body } }
    } } } }";
    let before = app.statements();
    app.gql_as(Some(&sq.neighbour), PLANS, json!({ "first": 5 }))
        .await
        .data();
    let plan_cost = app.statements() - before;
    println!("SQL statements per plan page: {plan_cost}");
    assert!(plan_cost <= 14, "a plan page costs {plan_cost} statements");
}

/// The area feed as a visitor reads it: the page of the area and everything
/// beneath it, with its authors and its areas, in one statement. The total
/// is counted only when asked for.
#[tokio::test]
async fn an_area_feed_costs_one_statement_and_counts_only_when_asked() {
    const PAGE: &str = "query($area: ID!, $first: Int) { ideas(areaId: $area, first: $first) {
        nodes { id title status supportCount commentCount publishedAt author { id displayName } area { id name } }
    } }";
    const COUNTED: &str =
        "query($area: ID!) { ideas(areaId: $area, first: 5) { ...total nodes { id } } }
        fragment total on IdeaConnection { totalCount }";
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    for i in 0..12 {
        let author = if i % 2 == 0 {
            &sq.resident
        } else {
            &sq.neighbour
        };
        app.idea(author, &sq.neighbourhood, &format!("Idee {i}"))
            .await;
    }
    for first in [1, 5, 12] {
        let before = app.statements();
        let page = app
            .gql_as(None, PAGE, json!({ "area": sq.district, "first": first }))
            .await
            .data()
            .clone();
        assert_eq!(page["ideas"]["nodes"].as_array().map(Vec::len), Some(first));
        assert_eq!(app.statements() - before, 1, "a page of {first}");
    }
    let before = app.statements();
    let counted = app
        .gql_as(None, COUNTED, json!({ "area": sq.district }))
        .await
        .data()
        .clone();
    assert_eq!(counted["ideas"]["totalCount"], 12);
    assert_eq!(app.statements() - before, 2, "the page and its count");
    // A district beside it holds none of them.
    let north = app
        .area(&sq.admin, "Noord", "DISTRICT", Some(&sq.municipality))
        .await;
    let elsewhere = app
        .gql_as(None, COUNTED, json!({ "area": north }))
        .await
        .data()
        .clone();
    assert_eq!(elsewhere["ideas"]["totalCount"], 0);
    assert_eq!(elsewhere["ideas"]["nodes"], json!([]));
}

/// The plan list as a visitor reads it: like the idea feed, the page with
/// its authors and its areas in one statement.
#[tokio::test]
async fn a_plan_list_costs_one_statement_with_its_authors_and_areas() {
    const PAGE: &str = "query($area: ID!, $first: Int) { plans(areaId: $area, first: $first) {
        nodes { id title status commentCount author { id displayName } area { id name } }
    } }";
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (other, _) = app
        .user_with_role("stedenbouw@plein.test", plein_domain::Role::Professional)
        .await;
    for i in 0..8 {
        let (author, area) = if i % 2 == 0 {
            (&sq.professional, &sq.neighbourhood)
        } else {
            (&other, &sq.district)
        };
        app.plan(author, area, &format!("Plan {i}")).await;
    }
    for first in [1, 4, 8] {
        let before = app.statements();
        let page = app
            .gql_as(None, PAGE, json!({ "area": sq.district, "first": first }))
            .await
            .data()
            .clone();
        let nodes = page["plans"]["nodes"].as_array().expect("nodes");
        assert_eq!(nodes.len(), first);
        assert!(
            nodes
                .iter()
                .all(|n| n["author"]["displayName"].is_string() && n["area"]["name"].is_string())
        );
        assert_eq!(app.statements() - before, 1, "a page of {first}");
    }
}

#[tokio::test]
async fn a_thread_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let small = app.idea(&sq.resident, &sq.neighbourhood, "Klein").await;
    let large = app.idea(&sq.resident, &sq.neighbourhood, "Groot").await;
    for (idea, threads) in [(&small, 1), (&large, 12)] {
        for i in 0..threads {
            let author = if i % 2 == 0 {
                &sq.neighbour
            } else {
                &sq.professional
            };
            let root = app.comment(author, "IDEA", idea, None).await;
            let reply = app.comment(&sq.resident, "IDEA", idea, Some(&root)).await;
            app.comment(&sq.neighbour, "IDEA", idea, Some(&reply)).await;
            app.mutate(
                Some(&sq.resident),
                "agreeWithComment",
                json!({ "commentId": root }),
                "{ comment { id } }",
            )
            .await
            .data();
        }
    }
    const THREAD: &str = "query($id: ID!) { idea(id: $id) { comments(first: 50) { totalCount edges { node {
        body author { displayName } agreeCount viewerAgrees revisions { body }
        replies { body author { displayName } viewerAgrees replies { body author { displayName } replies { id } } }
    } } } } }";
    let mut costs = Vec::new();
    for idea in [&small, &large] {
        let before = app.statements();
        app.gql_as(Some(&sq.resident), THREAD, json!({ "id": idea }))
            .await
            .data();
        costs.push(app.statements() - before);
    }
    println!("SQL statements per thread page (1 and 12 threads, 3 deep): {costs:?}");
    assert_eq!(
        costs[0], costs[1],
        "statements grew with the thread: {costs:?}"
    );
}
