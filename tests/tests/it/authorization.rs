//! Every mutation in the API, by everyone: ideas, plans and comments on
//! their own objects and on someone else's; working groups by each role in
//! and outside the group, public and members-only; accounts, areas,
//! following, notifications and moderation by each role on the site. A last
//! test fails when the schema has a mutation that no matrix covers. The
//! checks live in the use cases, so this holds whatever path through the
//! graph a client takes.

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
        token_of(&self.tokens, who)
    }
}

/// The token of `who` in a cast; `None` for the anonymous visitor.
fn token_of<W: PartialEq>(tokens: &[(W, Option<String>)], who: W) -> Option<&str> {
    tokens
        .iter()
        .find(|(w, _)| *w == who)
        .and_then(|(_, t)| t.as_deref())
}

/// The answers of a matrix: every case runs, and the failures are listed
/// together at the end.
#[derive(Default)]
struct Tally {
    failures: Vec<String>,
    cases: usize,
}

impl Tally {
    fn check(
        &mut self,
        case: impl std::fmt::Display,
        response: &plein_tests::GqlResponse,
        want: &str,
    ) {
        let got = if response.body.get("errors").is_none() {
            "OK"
        } else {
            response.code()
        };
        self.cases += 1;
        if got != want {
            self.failures.push(format!(
                "{case}: got {got}, want {want} ({})",
                response.body
            ));
        }
    }

    fn assert_passed(&self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed:\n{}",
            self.failures.len(),
            self.cases,
            self.failures.join("\n")
        );
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
    let mut tally = Tally::default();
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
                let whose = if own { "own" } else { "someone else's" };
                tally.check(
                    format!("{mutation} by {who:?} on {whose}"),
                    &response,
                    expected(mutation, who, own),
                );
            }
        }
    }
    tally.assert_passed();
    assert!(tally.cases > 180, "{} cases", tally.cases);
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

/// Who acts on a working group: the group's own roles, and the site's roles
/// from outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InGroup {
    Anonymous,
    Outsider,
    Member,
    Coordinator,
    Moderator,
    Admin,
}

const GROUP_ACTORS: [InGroup; 6] = [
    InGroup::Anonymous,
    InGroup::Outsider,
    InGroup::Member,
    InGroup::Coordinator,
    InGroup::Moderator,
    InGroup::Admin,
];

const GROUP_MUTATIONS: [&str; 21] = [
    "createGroup",
    "updateGroup",
    "joinGroup",
    "answerJoinRequest",
    "inviteToGroup",
    "revokeGroupInvitation",
    "acceptGroupInvitation",
    "leaveGroup",
    "removeGroupMember",
    "setGroupMemberRole",
    "handOverGroup",
    "setGroupLink",
    "saveTask",
    "deleteTask",
    "saveMeeting",
    "cancelMeeting",
    "rsvp",
    "openDecision",
    "vote",
    "recordDecisionOutcome",
    "postComment",
];

/// The expected answer in a public group (`members_only` false) or a
/// members-only one, where outsiders learn nothing: not even that it exists.
fn expected_in_group(mutation: &str, who: InGroup, members_only: bool) -> &'static str {
    use InGroup::*;
    if who == Anonymous {
        return "UNAUTHENTICATED";
    }
    let outside = matches!(who, Outsider | Moderator);
    if members_only && outside && mutation != "createGroup" && mutation != "acceptGroupInvitation" {
        return "NOT_FOUND";
    }
    let member = matches!(who, Member | Coordinator | Admin);
    let coordinator = matches!(who, Coordinator | Admin);
    let ok_if = |allowed: bool| if allowed { "OK" } else { "FORBIDDEN" };
    match mutation {
        "createGroup" => "OK",
        // Members are in already; anyone else asks.
        "joinGroup" => {
            if matches!(who, Member | Coordinator) {
                "CONFLICT"
            } else {
                "OK"
            }
        }
        // The link in the fixture is garbled: nobody gets in with it.
        "acceptGroupInvitation" => "BAD_USER_INPUT",
        // The only coordinator must hand over first; outsiders are not in it.
        "leaveGroup" => match who {
            Member => "OK",
            _ => "CONFLICT",
        },
        // Handing over is stepping down: only a coordinator of the group can.
        "handOverGroup" => ok_if(who == Coordinator),
        // Proposals are for the group's eyes: outsiders learn nothing of them.
        "vote" | "recordDecisionOutcome" if outside => "NOT_FOUND",
        "updateGroup"
        | "answerJoinRequest"
        | "inviteToGroup"
        | "revokeGroupInvitation"
        | "removeGroupMember"
        | "setGroupMemberRole"
        | "setGroupLink"
        | "saveMeeting"
        | "cancelMeeting"
        | "openDecision"
        | "recordDecisionOutcome" => ok_if(coordinator),
        // Answering a proposal is the members' own say, not an admin's.
        "vote" => ok_if(matches!(who, Member | Coordinator)),
        "saveTask" | "deleteTask" | "rsvp" | "postComment" => ok_if(member),
        other => panic!("no expectation for {other}"),
    }
}

/// One working group with everything a group mutation can act on.
struct GroupFixture {
    group: String,
    request: String,
    invitation: String,
    task: String,
    meeting: String,
    decision: String,
    /// A second member, to remove, promote or hand over to.
    target: String,
}

struct GroupCast {
    tokens: Vec<(InGroup, Option<String>)>,
    member_id: String,
    target: (String, String),
    requester: String,
    area: String,
    idea: String,
}

impl GroupCast {
    fn token(&self, who: InGroup) -> Option<&str> {
        token_of(&self.tokens, who)
    }
}

async fn group_cast(app: &TestApp) -> GroupCast {
    let admin = app.admin().await;
    let area = app.area(&admin, "Amstelveld", "MUNICIPALITY", None).await;
    let outsider = app.register("buiten@plein.test", "Buiten").await.0;
    let (member, member_id) = app.register("lid@plein.test", "Lid").await;
    let coordinator = app.register("trekker@plein.test", "Trekker").await.0;
    let target = app.register("tweede@plein.test", "Tweede").await;
    let requester = app.register("vrager@plein.test", "Vrager").await.0;
    let moderator = app
        .user_with_role("mod@plein.test", Role::Moderator)
        .await
        .0;
    let idea = app.idea(&outsider, &area, "Openbaar idee").await;
    GroupCast {
        tokens: vec![
            (InGroup::Anonymous, None),
            (InGroup::Outsider, Some(outsider)),
            (InGroup::Member, Some(member)),
            (InGroup::Coordinator, Some(coordinator)),
            (InGroup::Moderator, Some(moderator)),
            (InGroup::Admin, Some(admin)),
        ],
        member_id,
        target,
        requester,
        area,
        idea,
    }
}

fn id_at(response: &plein_tests::GqlResponse, path: &[&str]) -> String {
    let mut value = response.data();
    for key in path {
        value = &value[*key];
    }
    value
        .as_str()
        .unwrap_or_else(|| panic!("no {path:?} in {}", response.body))
        .to_owned()
}

async fn group_fixture(app: &TestApp, cast: &GroupCast, members_only: bool) -> GroupFixture {
    let coordinator = cast.token(InGroup::Coordinator).expect("coordinator");
    let created = app
        .mutate(
            Some(coordinator),
            "createGroup",
            json!({ "name": "Groen", "purpose": "Geveltuinen", "areaId": cast.area,
                    "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await;
    let group = id_at(&created, &["createGroup", "group", "id"]);
    for token in [cast.token(InGroup::Member).expect("member"), &cast.target.0] {
        app.mutate(
            Some(token),
            "joinGroup",
            json!({ "groupId": group }),
            "{ group { id } }",
        )
        .await
        .data();
    }
    app.mutate(
        Some(coordinator),
        "updateGroup",
        json!({ "id": group, "joinPolicy": "REQUEST" }),
        "{ group { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&cast.requester),
        "joinGroup",
        json!({ "groupId": group }),
        "{ group { id } }",
    )
    .await
    .data();
    let requests = app
        .gql_as(
            Some(coordinator),
            "query($id: ID!) { group(id: $id) { joinRequests { id } } }",
            json!({ "id": group }),
        )
        .await;
    let request = requests.data()["group"]["joinRequests"][0]["id"]
        .as_str()
        .expect("request")
        .to_owned();
    let invited = app
        .mutate(
            Some(coordinator),
            "inviteToGroup",
            json!({ "groupId": group, "email": "gast@plein.test" }),
            "{ invitation { id } }",
        )
        .await;
    let tomorrow = (app.clock_now() + chrono::Duration::days(1)).date_naive();
    let task = app
        .mutate(
            Some(coordinator),
            "saveTask",
            json!({ "groupId": group, "title": "Zaden kopen", "assigneeId": cast.member_id,
                    "dueOn": tomorrow }),
            "{ task { id } }",
        )
        .await;
    let starts = app.clock_now() + chrono::Duration::days(2);
    let meeting = app
        .mutate(
            Some(coordinator),
            "saveMeeting",
            json!({ "groupId": group, "title": "Plantdag", "startsAt": starts,
                    "endsAt": starts + chrono::Duration::hours(2), "place": "Buurthuis" }),
            "{ meeting { id } }",
        )
        .await;
    let decision = app
        .mutate(
            Some(coordinator),
            "openDecision",
            json!({ "groupId": group, "title": "Moestuin", "proposal": "Zullen we?",
                    "closesAt": app.clock_now() + chrono::Duration::hours(1) }),
            "{ decision { id } }",
        )
        .await;
    // Closed to outsiders last, once the people in it are in.
    if members_only {
        app.mutate(
            Some(coordinator),
            "updateGroup",
            json!({ "id": group, "visibility": "MEMBERS" }),
            "{ group { id } }",
        )
        .await
        .data();
    }
    GroupFixture {
        request,
        invitation: id_at(&invited, &["inviteToGroup", "invitation", "id"]),
        task: id_at(&task, &["saveTask", "task", "id"]),
        meeting: id_at(&meeting, &["saveMeeting", "meeting", "id"]),
        decision: id_at(&decision, &["openDecision", "decision", "id"]),
        target: cast.target.1.clone(),
        group,
    }
}

/// Runs a group mutation with its one `input`.
async fn call_group_mutation(
    app: &TestApp,
    token: Option<&str>,
    mutation: &str,
    f: &GroupFixture,
    cast: &GroupCast,
) -> plein_tests::GqlResponse {
    let input = match mutation {
        "revokeGroupInvitation" => json!({ "id": f.invitation }),
        "leaveGroup" => json!({ "groupId": f.group }),
        "deleteTask" => json!({ "id": f.task }),
        "cancelMeeting" => json!({ "id": f.meeting }),
        "createGroup" => json!({ "name": "Nieuw", "purpose": "Doel", "areaId": cast.area,
            "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
        "updateGroup" => json!({ "id": f.group, "name": "Anders" }),
        "joinGroup" => json!({ "groupId": f.group }),
        "answerJoinRequest" => json!({ "requestId": f.request, "approve": true }),
        "inviteToGroup" => json!({ "groupId": f.group, "email": "nog@plein.test" }),
        "acceptGroupInvitation" => json!({ "token": "verzonnen" }),
        "removeGroupMember" => json!({ "groupId": f.group, "userId": f.target }),
        "setGroupMemberRole" => {
            json!({ "groupId": f.group, "userId": f.target, "role": "COORDINATOR" })
        }
        "handOverGroup" => json!({ "groupId": f.group, "userId": f.target }),
        "setGroupLink" => json!({ "groupId": f.group, "subjectKind": "IDEA",
            "subjectId": cast.idea, "linked": true }),
        "saveTask" => json!({ "id": f.task, "title": "Zaden en potgrond kopen" }),
        "saveMeeting" => json!({ "id": f.meeting, "place": "Het pleintje" }),
        "rsvp" => json!({ "meetingId": f.meeting, "answer": "YES" }),
        "openDecision" => {
            json!({ "groupId": f.group, "title": "Nog een", "proposal": "Ja?",
            "closesAt": app.clock_now() + chrono::Duration::days(1) })
        }
        "vote" => json!({ "decisionId": f.decision, "answer": "AGREE" }),
        "recordDecisionOutcome" => {
            json!({ "decisionId": f.decision, "outcome": "Aangenomen" })
        }
        "postComment" => {
            json!({ "subjectKind": "GROUP", "subjectId": f.group, "body": "Hoi" })
        }
        other => panic!("no input for {other}"),
    };
    let input_type = format!("{}{}Input", mutation[..1].to_uppercase(), &mutation[1..]);
    let (document, variables) = (
        format!("mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ __typename }} }}"),
        json!({ "input": input }),
    );
    app.gql_as(token, &document, variables).await
}

#[tokio::test]
async fn every_group_mutation_by_every_role_in_public_and_members_only_groups() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let cast = group_cast(&app).await;
    let mut tally = Tally::default();
    for members_only in [false, true] {
        for mutation in GROUP_MUTATIONS {
            for who in GROUP_ACTORS {
                let fixture = group_fixture(&app, &cast, members_only).await;
                if mutation == "recordDecisionOutcome" {
                    // Outcomes are recorded once the proposal has closed.
                    app.clock.advance(chrono::Duration::hours(2));
                }
                let response =
                    call_group_mutation(&app, cast.token(who), mutation, &fixture, &cast).await;
                let kind = if members_only {
                    "members-only"
                } else {
                    "public"
                };
                tally.check(
                    format!("{mutation} by {who:?} in a {kind} group"),
                    &response,
                    expected_in_group(mutation, who, members_only),
                );
            }
        }
    }
    tally.assert_passed();
    assert_eq!(tally.cases, 2 * GROUP_MUTATIONS.len() * GROUP_ACTORS.len());
}

const ACCOUNT_MUTATIONS: [&str; 31] = [
    "register",
    "signIn",
    "signOut",
    "revokeSession",
    "revokeOtherSessions",
    "updateProfile",
    "setUserRole",
    "resendVerification",
    "verifyEmail",
    "requestSignInLink",
    "signInWithLink",
    "requestPasswordReset",
    "resetPassword",
    "requestEmailChange",
    "confirmEmailChange",
    "createArea",
    "renameArea",
    "moveArea",
    "importAreaBoundaries",
    "follow",
    "unfollow",
    "markNotificationsRead",
    "setNotificationPreference",
    "report",
    "setHidden",
    "dismissReport",
    "setBlocked",
    "blockModerator",
    "revokeOthersSession",
    "exportMyData",
    "deleteMyAccount",
];

/// Accounts, areas, following, notifications and moderation. `own` cases
/// are folded into the mutation list (`revokeOthersSession`,
/// `blockModerator`) because these act on people rather than on objects.
fn expected_account(mutation: &str, who: Who) -> &'static str {
    let ok_if = |allowed: bool| if allowed { "OK" } else { "FORBIDDEN" };
    match mutation {
        // Open to everyone: what counts is what they know, not who they are.
        "register" | "signIn" | "requestSignInLink" | "requestPasswordReset" => "OK",
        // A garbled link fails the same way for everyone.
        "verifyEmail" | "signInWithLink" | "resetPassword" | "confirmEmailChange" => {
            "BAD_USER_INPUT"
        }
        _ if who == Who::Anonymous => "UNAUTHENTICATED",
        "signOut"
        | "revokeSession"
        | "revokeOtherSessions"
        | "updateProfile"
        | "requestEmailChange"
        | "follow"
        | "unfollow"
        | "markNotificationsRead"
        | "setNotificationPreference"
        | "report"
        | "exportMyData" => "OK",
        // Only with your own password, and it is wrong here: nobody loses
        // their account in this test.
        "deleteMyAccount" => "BAD_USER_INPUT",
        // Everyone here has confirmed their address already.
        "resendVerification" => "CONFLICT",
        // Someone else's session does not exist for you.
        "revokeOthersSession" => "NOT_FOUND",
        "setUserRole" | "createArea" | "renameArea" | "moveArea" | "importAreaBoundaries" => {
            ok_if(who == Who::Admin)
        }
        "setHidden" | "dismissReport" | "setBlocked" => {
            ok_if(matches!(who, Who::Moderator | Who::Admin))
        }
        // Moderators do not block each other; admins may.
        "blockModerator" => ok_if(who == Who::Admin),
        other => panic!("no expectation for {other}"),
    }
}

const EMAILS: [(Who, &str); 5] = [
    (Who::Resident, "bewoner@plein.test"),
    (Who::OtherResident, "buur@plein.test"),
    (Who::Professional, "pro@plein.test"),
    (Who::Moderator, "mod@plein.test"),
    (Who::Admin, "admin@plein.test"),
];

#[tokio::test]
async fn every_account_area_and_moderation_mutation_by_everyone() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
            s.mail_per_account.max = 10_000;
            s.mail_per_client.max = 10_000;
            s.register_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let cast = cast(&app).await;
    let owner_id = app
        .gql_as(Some(&cast.owner), "{ me { id } }", json!({}))
        .await
        .data()["me"]["id"]
        .as_str()
        .expect("owner id")
        .to_owned();
    let other_moderator = app
        .user_with_role("mod2@plein.test", Role::Moderator)
        .await
        .1;
    let mut tally = Tally::default();
    for (n, mutation) in ACCOUNT_MUTATIONS.into_iter().enumerate() {
        for who in EVERYONE {
            // A fresh session each time: some of these end the session.
            let token = match EMAILS.iter().find(|(w, _)| *w == who) {
                Some((_, email)) => Some(app.sign_in(email).await),
                None => None,
            };
            let idea = app.idea(&cast.owner, &cast.area, "Idee").await;
            let (document, input): (&str, Value) = match mutation {
                "register" => (
                    "mutation($input: RegisterInput!) { register(input: $input) { token } }",
                    json!({ "email": format!("nieuw-{n}-{who:?}@plein.test").to_lowercase(),
                            "password": "een-lang-wachtwoord", "displayName": "Nieuw" }),
                ),
                "signIn" => (
                    "mutation($input: SignInInput!) { signIn(input: $input) { token } }",
                    json!({ "email": "eigenaar@plein.test", "password": plein_tests::PASSWORD }),
                ),
                "signOut" => ("mutation { signOut { __typename } }", Value::Null),
                "revokeOtherSessions" => (
                    "mutation { revokeOtherSessions { __typename } }",
                    Value::Null,
                ),
                "resendVerification" => (
                    "mutation { resendVerification { __typename } }",
                    Value::Null,
                ),
                "exportMyData" => ("mutation { exportMyData { __typename } }", Value::Null),
                "deleteMyAccount" => (
                    "mutation($input: DeleteMyAccountInput!) { deleteMyAccount(input: $input) { __typename } }",
                    json!({ "password": "niet het wachtwoord" }),
                ),
                "revokeSession" | "revokeOthersSession" => {
                    let whose = if mutation == "revokeSession" {
                        token.clone()
                    } else {
                        Some(app.sign_in("eigenaar@plein.test").await)
                    };
                    let session = match whose {
                        Some(t) => app
                            .gql_as(Some(&t), "{ mySessions { id } }", json!({}))
                            .await
                            .data()["mySessions"][0]["id"]
                            .as_str()
                            .expect("session")
                            .to_owned(),
                        None => uuid::Uuid::now_v7().to_string(),
                    };
                    (
                        "mutation($input: RevokeSessionInput!) { revokeSession(input: $input) { __typename } }",
                        json!({ "sessionId": session }),
                    )
                }
                "updateProfile" => (
                    "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { __typename } }",
                    json!({ "locale": "EN" }),
                ),
                "setUserRole" => (
                    "mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { __typename } }",
                    json!({ "userId": owner_id, "role": "RESIDENT" }),
                ),
                "verifyEmail" | "signInWithLink" | "confirmEmailChange" => (
                    match mutation {
                        "verifyEmail" => {
                            "mutation($input: TokenInput!) { verifyEmail(input: $input) { __typename } }"
                        }
                        "signInWithLink" => {
                            "mutation($input: TokenInput!) { signInWithLink(input: $input) { __typename } }"
                        }
                        _ => {
                            "mutation($input: TokenInput!) { confirmEmailChange(input: $input) { __typename } }"
                        }
                    },
                    json!({ "token": "verzonnen" }),
                ),
                "requestSignInLink" => (
                    "mutation($input: EmailInput!) { requestSignInLink(input: $input) { __typename } }",
                    json!({ "email": "eigenaar@plein.test" }),
                ),
                "requestPasswordReset" => (
                    "mutation($input: EmailInput!) { requestPasswordReset(input: $input) { __typename } }",
                    json!({ "email": "eigenaar@plein.test" }),
                ),
                "resetPassword" => (
                    "mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { __typename } }",
                    json!({ "token": "verzonnen", "newPassword": "een-nieuw-wachtwoord" }),
                ),
                "requestEmailChange" => (
                    "mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { __typename } }",
                    json!({ "newEmail": format!("ander-{who:?}@plein.test").to_lowercase(),
                            "password": plein_tests::PASSWORD }),
                ),
                "createArea" => (
                    "mutation($input: CreateAreaInput!) { createArea(input: $input) { __typename } }",
                    json!({ "name": format!("Wijk {who:?}"), "kind": "DISTRICT", "parentId": cast.area }),
                ),
                "importAreaBoundaries" => (
                    "mutation($input: ImportAreaBoundariesInput!) { importAreaBoundaries(input: $input) { __typename } }",
                    json!({ "geojson": json!({ "type": "FeatureCollection", "features": [{
                        "type": "Feature", "properties": { "gemeentecode": "amstelveld" },
                        "geometry": { "type": "Polygon", "coordinates": [[
                            [5.0, 52.0], [5.2, 52.0], [5.2, 52.2], [5.0, 52.2], [5.0, 52.0]
                        ]] },
                    }] }).to_string() }),
                ),
                "renameArea" => (
                    "mutation($input: RenameAreaInput!) { renameArea(input: $input) { __typename } }",
                    json!({ "id": cast.area, "name": "Amstelveld" }),
                ),
                "moveArea" => (
                    "mutation($input: MoveAreaInput!) { moveArea(input: $input) { __typename } }",
                    json!({ "id": cast.area, "parentId": null }),
                ),
                "follow" | "unfollow" => (
                    if mutation == "follow" {
                        "mutation($input: FollowInput!) { follow(input: $input) { __typename } }"
                    } else {
                        "mutation($input: UnfollowInput!) { unfollow(input: $input) { __typename } }"
                    },
                    json!({ "subjectKind": "IDEA", "subjectId": idea }),
                ),
                "markNotificationsRead" => (
                    "mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename } }",
                    json!({ "all": true }),
                ),
                "setNotificationPreference" => (
                    "mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { __typename } }",
                    json!({ "kind": "COMMENT", "cadence": "DAILY" }),
                ),
                "report" => (
                    "mutation($input: ReportInput!) { report(input: $input) { __typename } }",
                    json!({ "subjectKind": "IDEA", "subjectId": idea, "reason": "Scheldwoorden" }),
                ),
                "setHidden" => (
                    "mutation($input: SetHiddenInput!) { setHidden(input: $input) { __typename } }",
                    json!({ "subjectKind": "IDEA", "subjectId": idea, "hidden": true,
                            "reason": "Scheldwoorden" }),
                ),
                "dismissReport" => {
                    let reporter = app.sign_in("buur@plein.test").await;
                    let reported = app
                        .mutate(
                            Some(&reporter),
                            "report",
                            json!({ "subjectKind": "IDEA", "subjectId": idea, "reason": "Onzin" }),
                            "{ report { id } }",
                        )
                        .await;
                    (
                        "mutation($input: DismissReportInput!) { dismissReport(input: $input) { __typename } }",
                        json!({ "reportId": reported.data()["report"]["report"]["id"] }),
                    )
                }
                "setBlocked" | "blockModerator" => (
                    "mutation($input: SetBlockedInput!) { setBlocked(input: $input) { __typename } }",
                    json!({ "userId": if mutation == "setBlocked" { &owner_id } else { &other_moderator },
                            "blocked": false, "reason": "Afspraak gemaakt" }),
                ),
                other => panic!("no case for {other}"),
            };
            let variables = if input.is_null() {
                json!({})
            } else {
                json!({ "input": input })
            };
            let response = app.gql_as(token.as_deref(), document, variables).await;
            tally.check(
                format!("{mutation} by {who:?}"),
                &response,
                expected_account(mutation, who),
            );
        }
    }
    tally.assert_passed();
}

/// Every mutation in the schema is in one of the matrices above, so a new
/// one cannot slip in without its rules being written down.
#[tokio::test]
async fn the_matrices_cover_every_mutation_in_the_schema() {
    let app = TestApp::spawn().await;
    let response = app
        .gql(
            r#"{ __type(name: "Mutation") { fields { name } } }"#,
            json!({}),
        )
        .await;
    let covered: Vec<&str> = MUTATIONS
        .iter()
        .map(|(m, _)| *m)
        .chain(GROUP_MUTATIONS)
        .chain(ACCOUNT_MUTATIONS)
        .chain(crate::budget::MUTATIONS)
        .chain(crate::reports::MUTATIONS)
        .collect();
    let missing: Vec<String> = response.data()["__type"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .filter(|name| !covered.contains(&name.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in any matrix: {missing:?}");
}
