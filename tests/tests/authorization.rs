//! Every mutation of ideas, plans and comments, by everyone, on their own
//! objects and on someone else's. The checks live in the use cases, so this
//! holds whatever path through the graph a client takes.

use plein_domain::Role;
use plein_tests::{TestApp, serde_json::json};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Resident,
    OtherResident,
    Professional,
    Moderator,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Resident,
    Who::OtherResident,
    Who::Professional,
    Who::Moderator,
    Who::Admin,
];

/// What a mutation acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    Nothing,
    PublishedIdea,
    DraftIdea,
    Plan,
    ClosedPlan,
    Comment,
    Area,
    /// A mandate its owner gave to another person.
    Mandate,
}

impl Who {
    fn official(self) -> bool {
        matches!(self, Who::Professional | Who::Admin)
    }
}

/// The expected answer: "OK" or an error code. `own` is whether the actor
/// created the object.
fn expected(mutation: &str, who: Who, own: bool) -> &'static str {
    if who == Who::Anonymous {
        return "UNAUTHENTICATED";
    }
    let ok_if = |allowed: bool| if allowed { "OK" } else { "FORBIDDEN" };
    match mutation {
        "createIdea" | "supportIdea" | "unsupportIdea" | "answerPlanQuestion" | "postComment"
        | "agreeWithComment" | "withdrawAgreement" => "OK",
        "updateIdea" | "withdrawIdea" | "editComment" => ok_if(own),
        // Someone else's draft does not exist for anyone but admins.
        "publishIdea" if !own && who != Who::Admin => "NOT_FOUND",
        "publishIdea" => ok_if(own),
        "setIdeaStatus" | "createPlan" | "answerThread" => ok_if(who.official()),
        "updatePlan" | "setPlanStatus" | "respondToPlan" | "linkIdeaToPlan"
        | "unlinkIdeaFromPlan" => ok_if(own || who == Who::Admin),
        "deleteComment" => ok_if(own || matches!(who, Who::Moderator | Who::Admin)),
        "setAreaSupportThreshold" => ok_if(who == Who::Admin),
        // Anyone signed in gives mandates of their own.
        "grantMandate" => "OK",
        // Someone else's mandate does not exist for anyone but its two people.
        "revokeMandate" if !own => "NOT_FOUND",
        "revokeMandate" => "OK",
        other => panic!("no expectation for {other}"),
    }
}

struct Cast {
    tokens: Vec<(Who, Option<String>)>,
    /// Owns "someone else's" ideas and comments.
    owner: String,
    /// Owns "someone else's" plans.
    owner_professional: String,
    area: String,
}

impl Cast {
    fn token(&self, who: Who) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(w, _)| *w == who)
            .and_then(|(_, t)| t.as_deref())
    }
}

async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let area = app.area(&admin, "Amstelveld", "MUNICIPALITY", None).await;
    let resident = app.register("bewoner@plein.test", "Bewoner").await.0;
    let other = app.register("buur@plein.test", "Buur").await.0;
    let owner = app.register("eigenaar@plein.test", "Eigenaar").await.0;
    let professional = app
        .user_with_role("pro@plein.test", Role::Professional)
        .await
        .0;
    let owner_professional = app
        .user_with_role("pro2@plein.test", Role::Professional)
        .await
        .0;
    let moderator = app
        .user_with_role("mod@plein.test", Role::Moderator)
        .await
        .0;
    Cast {
        tokens: vec![
            (Who::Anonymous, None),
            (Who::Resident, Some(resident)),
            (Who::OtherResident, Some(other)),
            (Who::Professional, Some(professional)),
            (Who::Moderator, Some(moderator)),
            (Who::Admin, Some(admin)),
        ],
        owner,
        owner_professional,
        area,
    }
}

/// Makes the object as `owner`; answers its id and, for plans, its question.
async fn make(app: &TestApp, cast: &Cast, object: Object, owner: &str) -> (String, String) {
    match object {
        Object::Nothing => (String::new(), String::new()),
        Object::Area => (cast.area.clone(), String::new()),
        Object::PublishedIdea => (app.idea(owner, &cast.area, "Idee").await, String::new()),
        Object::DraftIdea => (
            app.draft_idea(owner, &cast.area, "Concept").await,
            String::new(),
        ),
        Object::Plan | Object::ClosedPlan => {
            let now = app.clock_now();
            let (opens, closes) = if object == Object::Plan {
                (now, now + chrono::Duration::days(7))
            } else {
                (
                    now - chrono::Duration::days(7),
                    now - chrono::Duration::seconds(1),
                )
            };
            let created = app
                .mutate(
                    Some(owner),
                    "createPlan",
                    json!({ "title": "Plan", "description": "Beschrijving", "areaId": cast.area,
                            "feedbackOpensAt": opens, "feedbackClosesAt": closes, "questions": ["Vraag?"] }),
                    "{ plan { id questions { id } } }",
                )
                .await;
            let plan = created.data()["createPlan"]["plan"].clone();
            let id = plan["id"].as_str().expect("plan").to_owned();
            app.mutate(
                Some(owner),
                "setPlanStatus",
                json!({ "id": id, "status": "CONSULTING" }),
                "{ plan { id } }",
            )
            .await
            .data();
            (
                id,
                plan["questions"][0]["id"]
                    .as_str()
                    .expect("question")
                    .to_owned(),
            )
        }
        Object::Comment => {
            let idea = app.idea(&cast.owner, &cast.area, "Idee").await;
            (app.comment(owner, "IDEA", &idea, None).await, String::new())
        }
        Object::Mandate => {
            // The owner's own mandates go to the professional who owns plans.
            let delegate = if owner == cast.owner {
                "pro2@plein.test"
            } else {
                "eigenaar@plein.test"
            };
            let granted = app
                .mutate(
                    Some(owner),
                    "grantMandate",
                    json!({ "delegateEmail": delegate, "actions": ["SUPPORT"],
                            "validUntil": app.clock_now() + chrono::Duration::days(7) }),
                    "{ mandate { id } }",
                )
                .await;
            let id = granted.data()["grantMandate"]["mandate"]["id"]
                .as_str()
                .expect("mandate")
                .to_owned();
            (id, String::new())
        }
    }
}

fn input(mutation: &str, id: &str, extra: &str, idea: &str, area: &str) -> Value {
    match mutation {
        "createIdea" => json!({ "title": "Nieuw", "body": "Tekst", "areaId": area }),
        "updateIdea" => json!({ "id": id, "title": "Anders" }),
        "publishIdea" => json!({ "id": id }),
        "withdrawIdea" => json!({ "id": id }),
        "setIdeaStatus" => json!({ "id": id, "status": "UNDER_REVIEW" }),
        "supportIdea" | "unsupportIdea" => json!({ "ideaId": id }),
        "createPlan" => json!({ "title": "Plan", "description": "x", "areaId": area,
            "feedbackOpensAt": "2030-01-01T00:00:00Z", "feedbackClosesAt": "2030-02-01T00:00:00Z" }),
        "updatePlan" => json!({ "id": id, "title": "Ander plan" }),
        "setPlanStatus" => json!({ "id": id, "status": "CONSIDERING" }),
        "respondToPlan" => json!({ "planId": id, "response": "Dit deden we." }),
        "linkIdeaToPlan" | "unlinkIdeaFromPlan" => json!({ "planId": id, "ideaId": idea }),
        "answerPlanQuestion" => json!({ "questionId": extra, "body": "Antwoord" }),
        "postComment" => json!({ "subjectKind": "IDEA", "subjectId": idea, "body": "Hoi" }),
        "editComment" => json!({ "id": id, "body": "Anders" }),
        "deleteComment" => json!({ "id": id }),
        "answerThread" => json!({ "threadId": id, "body": "Officieel" }),
        "agreeWithComment" | "withdrawAgreement" => json!({ "commentId": id }),
        "setAreaSupportThreshold" => json!({ "areaId": area, "threshold": 3 }),
        "grantMandate" => json!({ "delegateEmail": "eigenaar@plein.test", "actions": ["COMMENT"],
            "validUntil": chrono::Utc::now() + chrono::Duration::days(30) }),
        "revokeMandate" => json!({ "id": id }),
        other => panic!("no input for {other}"),
    }
}

const MUTATIONS: [(&str, Object); 23] = [
    ("createIdea", Object::Nothing),
    ("updateIdea", Object::PublishedIdea),
    ("publishIdea", Object::DraftIdea),
    ("withdrawIdea", Object::PublishedIdea),
    ("setIdeaStatus", Object::PublishedIdea),
    ("supportIdea", Object::PublishedIdea),
    ("unsupportIdea", Object::PublishedIdea),
    ("createPlan", Object::Nothing),
    ("updatePlan", Object::Plan),
    ("setPlanStatus", Object::Plan),
    ("respondToPlan", Object::ClosedPlan),
    ("linkIdeaToPlan", Object::Plan),
    ("unlinkIdeaFromPlan", Object::Plan),
    ("answerPlanQuestion", Object::Plan),
    ("postComment", Object::Nothing),
    ("editComment", Object::Comment),
    ("deleteComment", Object::Comment),
    ("answerThread", Object::Comment),
    ("agreeWithComment", Object::Comment),
    ("withdrawAgreement", Object::Comment),
    ("setAreaSupportThreshold", Object::Area),
    ("grantMandate", Object::Nothing),
    ("revokeMandate", Object::Mandate),
];

#[tokio::test]
async fn every_mutation_by_everyone_on_their_own_and_others_objects() {
    // Hundreds of writes from one address: the write limits are not under test here.
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let cast = cast(&app).await;
    let public_idea = app.idea(&cast.owner, &cast.area, "Openbaar").await;
    let mut failures = Vec::new();
    let mut cases = 0;
    for (mutation, object) in MUTATIONS {
        for who in EVERYONE {
            for own in [true, false] {
                let is_plan = matches!(object, Object::Plan | Object::ClosedPlan);
                // Only those who can make one own one; nobody owns nothing.
                if own
                    && (who == Who::Anonymous || matches!(object, Object::Nothing | Object::Area))
                {
                    continue;
                }
                if own && is_plan && !who.official() {
                    continue;
                }
                let owner = if own {
                    cast.token(who).expect("token").to_owned()
                } else if is_plan {
                    cast.owner_professional.clone()
                } else {
                    cast.owner.clone()
                };
                let (id, extra) = make(&app, &cast, object, &owner).await;
                let response = app
                    .mutate(
                        cast.token(who),
                        mutation,
                        input(mutation, &id, &extra, &public_idea, &cast.area),
                        "{ __typename }",
                    )
                    .await;
                let got = if response.body.get("errors").is_none() {
                    "OK".to_owned()
                } else {
                    response.code().to_owned()
                };
                let want = expected(mutation, who, own);
                cases += 1;
                if got != want {
                    failures.push(format!(
                        "{mutation} by {who:?} on {}: got {got}, want {want} ({})",
                        if own { "own" } else { "someone else's" },
                        response.body
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases > 180, "{cases} cases");
}

#[tokio::test]
async fn hidden_objects_stay_hidden_through_nested_edges() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    let resident = cast.token(Who::Resident).expect("resident").to_owned();
    let other = cast.token(Who::OtherResident).expect("other").to_owned();
    let idea = app.idea(&resident, &cast.area, "Openbaar").await;
    let comment = app.comment(&other, "IDEA", &idea, None).await;
    let plan = make(&app, &cast, Object::Plan, &cast.owner_professional)
        .await
        .0;
    app.mutate(
        Some(&cast.owner_professional),
        "linkIdeaToPlan",
        json!({ "planId": plan, "ideaId": idea }),
        "{ plan { id } }",
    )
    .await
    .data();
    // The author withdraws the idea: it vanishes from every edge for others.
    app.mutate(
        Some(&resident),
        "withdrawIdea",
        json!({ "id": idea }),
        "{ idea { id } }",
    )
    .await
    .data();
    let via_comment = app
        .gql_as(
            Some(&other),
            "query($id: ID!) { comment(id: $id) { id subject { ... on Idea { title } } } }",
            json!({ "id": comment }),
        )
        .await;
    assert!(
        via_comment.data()["comment"].is_null(),
        "{}",
        via_comment.body
    );
    let via_plan = app
        .gql_as(
            Some(&other),
            "query($id: ID!) { plan(id: $id) { ideas { id } } }",
            json!({ "id": plan }),
        )
        .await;
    assert_eq!(via_plan.data()["plan"]["ideas"], json!([]));
    let own_view = app
        .gql_as(
            Some(&resident),
            "query($id: ID!) { comment(id: $id) { subject { ... on Idea { title status plans { id } } } } }",
            json!({ "id": comment }),
        )
        .await;
    assert_eq!(own_view.data()["comment"]["subject"]["status"], "WITHDRAWN");
    let edit = app
        .mutate(
            Some(&other),
            "editComment",
            json!({ "id": comment, "body": "x" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(edit.code(), "NOT_FOUND");
}
