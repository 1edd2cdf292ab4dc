//! Every connection in the API refuses a cursor it did not give out in the
//! same way: `BAD_USER_INPUT` on the field `after`, whether the cursor is
//! garbled, forged, or a real cursor of another list. The test fails when the
//! schema has a connection it does not send cursors to.

use std::collections::BTreeSet;

use chrono::Utc;
use plein_app::page::{Cursor, Sort};
use plein_domain::Role;
use plein_tests::serde_json::{Value, json};
use plein_tests::{GqlResponse, TestApp};
use uuid::Uuid;

/// Cursors no list gave out: not base64, base64 without our prefix, and
/// keys of no list at all.
const FORGED: [&str; 6] = [
    "not a cursor!",
    // "hello"
    "aGVsbG8",
    // "k:junk"
    "azpqdW5r",
    // "k:o|-1"
    "azpvfC0x",
    // "k:/not-an-area/"
    "azovbm90LWFuLWFyZWEv",
    // "k:t|yesterday|x"
    "azp0fHllc3RlcmRheXx4",
];

/// How a list pages, so the test can hand it a real cursor of another list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paging {
    /// By position (members, tasks, meetings, decisions, reports, the audit
    /// log, search hits).
    Position,
    /// By a key of its items.
    Key,
}

/// One connection field: who asks, and the query that reaches it with `$after`.
struct Connection {
    /// `Type.field`, as in the schema.
    field: &'static str,
    token: Option<String>,
    query: String,
    variables: Value,
    paging: Paging,
}

struct Fixture {
    connections: Vec<Connection>,
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.admin().await;
    let area = app.area(&admin, "Amstelveld", "MUNICIPALITY", None).await;
    app.area(&admin, "Centrum", "DISTRICT", Some(&area)).await;
    let (resident, _) = app.register("bewoner@plein.test", "Bewoner").await;
    let (professional, _) = app
        .user_with_role("pro@plein.test", Role::Professional)
        .await;
    let idea = app.idea(&resident, &area, "Meer bankjes").await;
    let plan = app.plan(&professional, &area, "Groen plein").await;
    let group = app
        .mutate(
            Some(&resident),
            "createGroup",
            json!({ "name": "Groen Molenwijk", "purpose": "Geveltuinen.", "areaId": area,
                    "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await
        .data()["createGroup"]["group"]["id"]
        .as_str()
        .expect("group id")
        .to_owned();

    let now = app.clock_now();
    let round = app
        .mutate(
            Some(&professional),
            "createBudgetRound",
            json!({ "areaId": area, "title": "Burgerbegroting", "description": "Geld.",
                    "budget": 1_000_000, "ballotKind": "APPROVAL", "rule": "GREEDY",
                    "submittingAt": now - chrono::Duration::hours(1),
                    "assessmentAt": now + chrono::Duration::days(1),
                    "votingAt": now + chrono::Duration::days(2),
                    "resultAt": now + chrono::Duration::days(3),
                    "realisationAt": now + chrono::Duration::days(4) }),
            "{ round { id } }",
        )
        .await
        .data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned();
    let project = app
        .mutate(
            Some(&resident),
            "submitBudgetProject",
            json!({ "roundId": round, "title": "Speeltuin", "description": "Plan.",
                    "areaId": area, "cost": 1_000 }),
            "{ project { id } }",
        )
        .await
        .data()["submitBudgetProject"]["project"]["id"]
        .as_str()
        .expect("project id")
        .to_owned();

    let page = "pageInfo { hasNextPage }";
    let top = |field: &'static str, token: &Option<String>, call: &str, paging| Connection {
        field,
        token: token.clone(),
        query: format!("query($after: String) {{ {call} {{ {page} }} }}"),
        variables: json!({}),
        paging,
    };
    let nested = |field: &'static str,
                  token: &Option<String>,
                  parent: &str,
                  id: &str,
                  inner: String,
                  paging| Connection {
        field,
        token: token.clone(),
        query: format!("query($after: String, $id: ID!) {{ {parent}(id: $id) {{ {inner} }} }}"),
        variables: json!({ "id": id }),
        paging,
    };
    let anonymous = None;
    let admin = Some(admin);
    let resident = Some(resident);
    let professional = Some(professional);
    let connections = vec![
        top("Query.users", &admin, "users(after: $after)", Paging::Key),
        top(
            "Query.reports",
            &anonymous,
            "reports(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.reportQueue",
            &professional,
            "reportQueue(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.areas",
            &anonymous,
            "areas(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.ideas",
            &anonymous,
            "ideas(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.ideas",
            &anonymous,
            "ideas(sort: MOST_SUPPORTED, after: $after)",
            Paging::Key,
        ),
        top(
            "Query.plans",
            &anonymous,
            "plans(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.plans",
            &anonymous,
            "plans(sort: MOST_DISCUSSED, after: $after)",
            Paging::Key,
        ),
        top(
            "Query.search",
            &anonymous,
            "search(query: \"plein\", after: $after)",
            Paging::Position,
        ),
        top(
            "Query.myNotifications",
            &resident,
            "myNotifications(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.groups",
            &anonymous,
            "groups(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.myTasks",
            &resident,
            "myTasks(after: $after)",
            Paging::Position,
        ),
        top(
            "Query.moderationQueue",
            &admin,
            "moderationQueue(after: $after)",
            Paging::Position,
        ),
        top(
            "Query.budgetRounds",
            &anonymous,
            "budgetRounds(after: $after)",
            Paging::Key,
        ),
        top(
            "Query.auditLog",
            &admin,
            "auditLog(after: $after)",
            Paging::Position,
        ),
        nested(
            "Area.descendants",
            &anonymous,
            "area",
            &area,
            format!("descendants(after: $after) {{ {page} }}"),
            Paging::Key,
        ),
        nested(
            "Idea.comments",
            &anonymous,
            "idea",
            &idea,
            format!("comments(after: $after) {{ {page} }}"),
            Paging::Key,
        ),
        nested(
            "Plan.comments",
            &anonymous,
            "plan",
            &plan,
            format!("comments(after: $after) {{ {page} }}"),
            Paging::Key,
        ),
        nested(
            "BudgetProject.comments",
            &anonymous,
            "budgetProject",
            &project,
            format!("comments(after: $after) {{ {page} }}"),
            Paging::Key,
        ),
        nested(
            "PlanQuestion.answers",
            &professional,
            "plan",
            &plan,
            format!("questions {{ answers(after: $after) {{ {page} }} }}"),
            Paging::Key,
        ),
    ];
    let mut connections = connections;
    for field in ["members", "tasks", "meetings", "decisions", "comments"] {
        let paging = if field == "comments" {
            Paging::Key
        } else {
            Paging::Position
        };
        let name: &'static str = match field {
            "members" => "WorkingGroup.members",
            "tasks" => "WorkingGroup.tasks",
            "meetings" => "WorkingGroup.meetings",
            "decisions" => "WorkingGroup.decisions",
            _ => "WorkingGroup.comments",
        };
        connections.push(nested(
            name,
            &resident,
            "group",
            &group,
            format!("{field}(after: $after) {{ {page} }}"),
            paging,
        ));
    }
    Fixture { connections }
}

/// Real cursors of lists other than `paging`'s kind, and of another sort order.
fn foreign(paging: Paging) -> Vec<String> {
    let id = Uuid::now_v7();
    match paging {
        Paging::Position => vec![Cursor::At(Utc::now(), id).encode(), Cursor::Id(id).encode()],
        Paging::Key => vec![Cursor::Offset(3).encode()],
    }
}

async fn send(app: &TestApp, connection: &Connection, cursor: &str) -> GqlResponse {
    let mut variables = connection.variables.clone();
    variables["after"] = json!(cursor);
    app.gql_as(connection.token.as_deref(), &connection.query, variables)
        .await
}

#[tokio::test]
async fn every_connection_refuses_a_forged_or_foreign_cursor_alike() {
    let app = TestApp::spawn().await;
    let fixture = fixture(&app).await;
    let mut failures = Vec::new();
    for connection in &fixture.connections {
        // Without a cursor the field answers: the refusals below are the cursor's.
        let plain = app
            .gql_as(
                connection.token.as_deref(),
                &connection.query,
                connection.variables.clone(),
            )
            .await;
        if plain.body.get("errors").is_some() {
            failures.push(format!(
                "{} fails without a cursor: {}",
                connection.field, plain.body
            ));
            continue;
        }
        let cursors = FORGED
            .iter()
            .map(|c| (*c).to_owned())
            .chain(foreign(connection.paging));
        for cursor in cursors {
            let response = send(&app, connection, &cursor).await;
            let error = &response.body["errors"][0]["extensions"];
            if error["code"] != "BAD_USER_INPUT" || error["field"] != "after" {
                failures.push(format!(
                    "{} took {cursor:?}: {}",
                    connection.field, response.body
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every connection of the schema is among those checked.
    let covered: BTreeSet<&str> = fixture.connections.iter().map(|c| c.field).collect();
    let in_schema = connections_in_schema();
    assert!(in_schema.len() >= 19, "{in_schema:?}");
    let missing: Vec<&String> = in_schema
        .iter()
        .filter(|f| !covered.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "connections without a forged-cursor check: {missing:?}"
    );
}

#[tokio::test]
async fn a_newest_first_cursor_is_stale_in_another_sort_order() {
    let app = TestApp::spawn().await;
    let newest = Cursor::sorted(Sort::Newest, Utc::now(), 0, Uuid::now_v7()).encode();
    for list in ["ideas", "plans"] {
        let response = app
            .gql(
                &format!(
                    "query($after: String) {{ {list}(sort: MOST_DISCUSSED, after: $after) {{ totalCount }} }}"
                ),
                json!({ "after": newest }),
            )
            .await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{list}");
        assert_eq!(response.field(), Some("after"), "{list}");
        let response = app
            .gql(
                &format!("query($after: String) {{ {list}(after: $after) {{ totalCount }} }}"),
                json!({ "after": newest }),
            )
            .await;
        response.data();
    }
}

/// The connection fields of the schema (`Type.field`): those taking `after`.
fn connections_in_schema() -> BTreeSet<String> {
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql"))
        .expect("schema.graphql");
    let mut in_schema = BTreeSet::new();
    let mut current_type = String::new();
    let mut current_field = String::new();
    for line in schema.lines() {
        if let Some(rest) = line.strip_prefix("type ") {
            current_type = rest.split_whitespace().next().unwrap_or("").to_owned();
        } else if let Some(field) = line.strip_prefix('\t')
            && !field.starts_with(['\t', '"', ' '])
            && let Some(name) = field.split(['(', ':']).next()
            && !name.is_empty()
        {
            current_field = name.trim().to_owned();
        }
        if line.contains("after: String") {
            in_schema.insert(format!("{current_type}.{current_field}"));
        }
    }
    in_schema
}
