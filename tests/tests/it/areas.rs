//! The area tree: reading it every way, and admins shaping it.

use plein_domain::Role;
use plein_tests::TestApp;
use plein_tests::serde_json::{Value, json};

/// Amstelveld → {Noord → {Molenwijk, Vogelbuurt}, Zuid → {Rivierenbuurt}}.
struct Tree {
    admin: String,
    root: String,
    noord: String,
    zuid: String,
    molenwijk: String,
}

async fn tree(t: &TestApp) -> Tree {
    let admin = t.admin().await;
    let root = t
        .area(&admin, "Gemeente Amstelveld", "MUNICIPALITY", None)
        .await;
    let noord = t.area(&admin, "Noord", "DISTRICT", Some(&root)).await;
    let zuid = t.area(&admin, "Zuid", "DISTRICT", Some(&root)).await;
    let molenwijk = t
        .area(&admin, "Molenwijk", "NEIGHBOURHOOD", Some(&noord))
        .await;
    t.area(&admin, "Vogelbuurt", "NEIGHBOURHOOD", Some(&noord))
        .await;
    t.area(&admin, "Rivierenbuurt", "NEIGHBOURHOOD", Some(&zuid))
        .await;
    Tree {
        admin,
        root,
        noord,
        zuid,
        molenwijk,
    }
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|a| {
            a["name"]
                .as_str()
                .or(a["node"]["name"].as_str())
                .expect("name")
        })
        .collect()
}

#[tokio::test]
async fn the_tree_reads_from_the_top_down() {
    let t = TestApp::spawn().await;
    tree(&t).await;
    let response = t
        .gql(
            "{ areaTree { name slug kind depth children { name children { name slug kind depth } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        response.data()["areaTree"],
        json!([{
            "name": "Gemeente Amstelveld", "slug": "gemeente-amstelveld", "kind": "MUNICIPALITY", "depth": 0,
            "children": [
                { "name": "Noord", "children": [
                    { "name": "Molenwijk", "slug": "molenwijk", "kind": "NEIGHBOURHOOD", "depth": 2 },
                    { "name": "Vogelbuurt", "slug": "vogelbuurt", "kind": "NEIGHBOURHOOD", "depth": 2 },
                ]},
                { "name": "Zuid", "children": [
                    { "name": "Rivierenbuurt", "slug": "rivierenbuurt", "kind": "NEIGHBOURHOOD", "depth": 2 },
                ]},
            ],
        }])
    );
}

#[tokio::test]
async fn reading_the_tree_costs_a_fixed_number_of_statements() {
    let t = TestApp::spawn().await;
    tree(&t).await;
    let query =
        "{ areaTree { name children { name parent { name } children { name parent { name } } } } }";
    let before = t.statements();
    t.gql(query, json!({})).await.data();
    let small = t.statements() - before;

    // Twenty more neighbourhoods make the tree wider but not the cost higher.
    let admin = t.admin().await;
    let noord = t
        .gql("{ area(slug: \"noord\") { id } }", json!({}))
        .await
        .data()["area"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for n in 0..20 {
        t.area(&admin, &format!("Buurt {n}"), "NEIGHBOURHOOD", Some(&noord))
            .await;
    }
    let before = t.statements();
    t.gql(query, json!({})).await.data();
    let large = t.statements() - before;
    assert_eq!(small, large, "statements grew with the tree");
    assert!(large <= 5, "{large} statements for the tree");
}

#[tokio::test]
async fn an_area_by_slug_knows_its_ancestors_and_descendants() {
    let t = TestApp::spawn().await;
    let tree = tree(&t).await;
    let molenwijk = t
        .gql(
            "{ area(slug: \"molenwijk\") { id name parent { name } ancestors { name depth } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        molenwijk.data()["area"],
        json!({
            "id": tree.molenwijk,
            "name": "Molenwijk",
            "parent": { "name": "Noord" },
            "ancestors": [{ "name": "Gemeente Amstelveld", "depth": 0 }, { "name": "Noord", "depth": 1 }],
        })
    );
    let by_id = t
        .gql(
            "query($id: ID!) { area(id: $id) { slug } }",
            json!({ "id": tree.noord }),
        )
        .await;
    assert_eq!(by_id.data()["area"]["slug"], "noord");
    let missing = t.gql("{ area(slug: \"nergens\") { id } }", json!({})).await;
    assert_eq!(missing.data()["area"], json!(null));

    let root = t
        .gql(
            "query($id: ID!) { area(id: $id) { descendants(first: 50) { totalCount edges { node { name } } } } }",
            json!({ "id": tree.root }),
        )
        .await;
    let descendants = &root.data()["area"]["descendants"];
    assert_eq!(descendants["totalCount"], 5);
    // Tree order: every area directly followed by what lies beneath it.
    let order = names(&descendants["edges"]);
    let pos = |n: &str| order.iter().position(|x| *x == n).expect(n);
    assert!(pos("Noord") < pos("Molenwijk") && pos("Noord") < pos("Vogelbuurt"));
    assert!(pos("Zuid") < pos("Rivierenbuurt"));
    let noord_subtree = [pos("Noord"), pos("Molenwijk"), pos("Vogelbuurt")];
    assert_eq!(
        noord_subtree.iter().max().expect("max") - noord_subtree.iter().min().expect("min"),
        2
    );
}

#[tokio::test]
async fn area_lists_page_by_cursor() {
    let t = TestApp::spawn().await;
    let tree = tree(&t).await;
    const AREAS: &str = "query($after: String, $beneath: ID) { areas(first: 2, after: $after, beneath: $beneath) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let response = t.gql(AREAS, json!({ "after": after })).await;
        let page = response.data()["areas"].clone();
        assert_eq!(page["totalCount"], 6);
        seen.extend(names(&page["edges"]).into_iter().map(str::to_owned));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 6);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "{seen:?}");

    let beneath = t.gql(AREAS, json!({ "beneath": tree.zuid })).await;
    assert_eq!(names(&beneath.data()["areas"]["edges"]), ["Rivierenbuurt"]);

    for (vars, field) in [
        (json!({ "after": "bm90IGEgY3Vyc29y" }), "after"),
        (json!({ "after": "%%%" }), "after"),
        (json!({ "beneath": "nope" }), "beneath"),
        (
            json!({ "beneath": "0190c2a2-0000-7000-8000-000000000000" }),
            "beneath",
        ),
    ] {
        let response = t.gql(AREAS, vars).await;
        assert_eq!(response.code(), "BAD_USER_INPUT");
        assert_eq!(response.field(), Some(field));
    }
    let too_many = t
        .gql("{ areas(first: 51) { totalCount } }", json!({}))
        .await;
    assert_eq!(too_many.code(), "BAD_USER_INPUT");
    assert_eq!(too_many.field(), Some("first"));
}

const RENAME: &str =
    "mutation($i: RenameAreaInput!) { renameArea(input: $i) { area { name slug } } }";
const MOVE: &str = "mutation($i: MoveAreaInput!) { moveArea(input: $i) { area { depth parent { name } ancestors { name } } } }";

#[tokio::test]
async fn admins_rename_and_move_areas_without_cycles() {
    let t = TestApp::spawn().await;
    let tree = tree(&t).await;
    let renamed = t
        .gql_as(
            Some(&tree.admin),
            RENAME,
            json!({ "i": { "id": tree.noord, "name": "Amstelveld-Noord", "slug": "amstelveld-noord" } }),
        )
        .await;
    assert_eq!(
        renamed.data()["renameArea"]["area"],
        json!({ "name": "Amstelveld-Noord", "slug": "amstelveld-noord" })
    );

    // Noord moves under Zuid, taking Molenwijk along.
    let moved = t
        .gql_as(
            Some(&tree.admin),
            MOVE,
            json!({ "i": { "id": tree.noord, "parentId": tree.zuid } }),
        )
        .await;
    assert_eq!(moved.data()["moveArea"]["area"]["depth"], 2);
    let molenwijk = t
        .gql(
            "query($id: ID!) { area(id: $id) { depth ancestors { name } } }",
            json!({ "id": tree.molenwijk }),
        )
        .await;
    assert_eq!(
        molenwijk.data()["area"],
        json!({ "depth": 3, "ancestors": [{ "name": "Gemeente Amstelveld" }, { "name": "Zuid" }, { "name": "Amstelveld-Noord" }] })
    );
    let zuid = t
        .gql(
            "query($id: ID!) { area(id: $id) { descendants { totalCount } } }",
            json!({ "id": tree.zuid }),
        )
        .await;
    assert_eq!(zuid.data()["area"]["descendants"]["totalCount"], 4);

    // Zuid cannot move beneath its own descendant, nor beneath itself.
    for parent in [&tree.molenwijk, &tree.zuid] {
        let cycle = t
            .gql_as(
                Some(&tree.admin),
                MOVE,
                json!({ "i": { "id": tree.zuid, "parentId": parent } }),
            )
            .await;
        assert_eq!(cycle.code(), "BAD_USER_INPUT");
        assert_eq!(cycle.field(), Some("parentId"));
    }

    // To the top of the tree.
    let top = t
        .gql_as(
            Some(&tree.admin),
            MOVE,
            json!({ "i": { "id": tree.noord, "parentId": null } }),
        )
        .await;
    assert_eq!(
        top.data()["moveArea"]["area"],
        json!({ "depth": 0, "parent": null, "ancestors": [] })
    );
    let molenwijk = t
        .gql(
            "query($id: ID!) { area(id: $id) { depth } }",
            json!({ "id": tree.molenwijk }),
        )
        .await;
    assert_eq!(molenwijk.data()["area"]["depth"], 1);
}

#[tokio::test]
async fn only_admins_shape_the_tree() {
    let t = TestApp::spawn().await;
    let tree = tree(&t).await;
    let (resident, _) = t.register("res@example.nl", "Res").await;
    let (moderator, _) = t.user_with_role("mod@example.nl", Role::Moderator).await;
    let (professional, _) = t.user_with_role("pro@example.nl", Role::Professional).await;
    let create =
        json!({ "i": { "name": "Nieuw", "kind": "NEIGHBOURHOOD", "parentId": tree.zuid } });
    const CREATE: &str = "mutation($i: CreateAreaInput!) { createArea(input: $i) { area { id } } }";
    let rename = json!({ "i": { "id": tree.zuid, "name": "Zuidwest" } });
    let moving = json!({ "i": { "id": tree.zuid, "parentId": tree.noord } });
    for token in [&resident, &moderator, &professional] {
        assert_eq!(
            t.gql_as(Some(token), CREATE, create.clone()).await.code(),
            "FORBIDDEN"
        );
        assert_eq!(
            t.gql_as(Some(token), RENAME, rename.clone()).await.code(),
            "FORBIDDEN"
        );
        assert_eq!(
            t.gql_as(Some(token), MOVE, moving.clone()).await.code(),
            "FORBIDDEN"
        );
    }
    assert_eq!(t.gql(CREATE, create).await.code(), "UNAUTHENTICATED");
    assert_eq!(t.gql(RENAME, rename).await.code(), "UNAUTHENTICATED");
    assert_eq!(t.gql(MOVE, moving).await.code(), "UNAUTHENTICATED");
    let total = t.gql("{ areas { totalCount } }", json!({})).await;
    assert_eq!(total.data()["areas"]["totalCount"], 6);
}

#[tokio::test]
async fn bad_area_input_names_the_field_and_writes_nothing() {
    let t = TestApp::spawn().await;
    let tree = tree(&t).await;
    const CREATE: &str =
        "mutation($i: CreateAreaInput!) { createArea(input: $i) { area { slug } } }";
    let long = "x".repeat(101);
    let cases = [
        (
            json!({ "name": "", "kind": "DISTRICT" }),
            "BAD_USER_INPUT",
            "name",
        ),
        (
            json!({ "name": long, "kind": "DISTRICT" }),
            "BAD_USER_INPUT",
            "name",
        ),
        (
            json!({ "name": "Oost", "slug": "Oost Wijk", "kind": "DISTRICT" }),
            "BAD_USER_INPUT",
            "slug",
        ),
        (
            json!({ "name": "Oost", "kind": "DISTRICT", "parentId": "nope" }),
            "BAD_USER_INPUT",
            "parentId",
        ),
        (
            json!({ "name": "Oost", "kind": "DISTRICT", "parentId": "0190c2a2-0000-7000-8000-000000000000" }),
            "BAD_USER_INPUT",
            "parentId",
        ),
        (
            json!({ "name": "Noord", "kind": "DISTRICT", "parentId": tree.root }),
            "CONFLICT",
            "slug",
        ),
    ];
    for (input, code, field) in cases {
        let response = t
            .gql_as(Some(&tree.admin), CREATE, json!({ "i": input }))
            .await;
        assert_eq!(response.code(), code, "{input}");
        assert_eq!(response.field(), Some(field), "{input}");
    }
    let total = t.gql("{ areas { totalCount } }", json!({})).await;
    assert_eq!(total.data()["areas"]["totalCount"], 6);

    // A derived slug folds Dutch diacritics.
    let created = t
        .gql_as(Some(&tree.admin), CREATE, json!({ "i": { "name": "Coöperatie 't Hof", "kind": "STREET", "parentId": tree.molenwijk } }))
        .await;
    assert_eq!(
        created.data()["createArea"]["area"]["slug"],
        "cooperatie-t-hof"
    );

    let rename_taken = t
        .gql_as(
            Some(&tree.admin),
            RENAME,
            json!({ "i": { "id": tree.zuid, "name": "Zuid", "slug": "noord" } }),
        )
        .await;
    assert_eq!(rename_taken.code(), "CONFLICT");
    assert_eq!(rename_taken.field(), Some("slug"));
    let zuid = t
        .gql(
            "query($id: ID!) { area(id: $id) { slug } }",
            json!({ "id": tree.zuid }),
        )
        .await;
    assert_eq!(zuid.data()["area"]["slug"], "zuid");
}
