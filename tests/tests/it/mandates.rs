//! Mandates ("machtigingen"): a delegate acts for the grantor, every record
//! shows both people, and only an active mandate that covers the action
//! works. Assisted intake: professionals take down ideas and comments for
//! residents without an account.

use chrono::Duration;
use plein_tests::{GqlResponse, Square, TestApp, serde_json::json};
use serde_json::Value;

const MANDATE: &str = "{ mandate { id actions validUntil active revokedAt grantor { displayName } delegate { displayName } } }";

async fn grant(
    app: &TestApp,
    token: &str,
    delegate: &str,
    actions: &[&str],
    valid_for: Duration,
) -> GqlResponse {
    app.mutate(
        Some(token),
        "grantMandate",
        json!({ "delegateId": delegate, "actions": actions,
                "validUntil": app.clock_now() + valid_for }),
        MANDATE,
    )
    .await
}

async fn granted(
    app: &TestApp,
    token: &str,
    delegate: &str,
    actions: &[&str],
    valid_for: Duration,
) -> String {
    let response = grant(app, token, delegate, actions, valid_for).await;
    response.data()["grantMandate"]["mandate"]["id"]
        .as_str()
        .expect("mandate id")
        .to_owned()
}

async fn support_for(app: &TestApp, token: &str, idea: &str, grantor: &str) -> GqlResponse {
    app.mutate(
        Some(token),
        "supportIdea",
        json!({ "ideaId": idea, "onBehalfOf": grantor }),
        "{ idea { supportCount viewerHasSupported } }",
    )
    .await
}

fn refused(response: &GqlResponse) {
    assert_eq!(
        (response.code(), response.field()),
        ("FORBIDDEN", Some("onBehalfOf")),
        "{}",
        response.body
    );
}

async fn idea_count(app: &TestApp, token: &str) -> Value {
    app.gql_as(Some(token), "{ ideas { totalCount } }", json!({}))
        .await
        .data()["ideas"]["totalCount"]
        .clone()
}

#[tokio::test]
async fn a_delegate_acts_for_the_grantor_and_every_record_shows_both() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let granted = grant(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["POST_IDEAS", "SUPPORT", "COMMENT"],
        Duration::days(7),
    )
    .await;
    let mandate = granted.data()["grantMandate"]["mandate"].clone();
    assert_eq!(
        mandate["actions"],
        json!(["POST_IDEAS", "SUPPORT", "COMMENT"])
    );
    assert_eq!(mandate["active"], true);
    assert_eq!(mandate["grantor"]["displayName"], "Fatima");
    assert_eq!(mandate["delegate"]["displayName"], "Jan");

    // Jan posts an idea for Fatima and publishes it.
    let created = app
        .mutate(
            Some(&sq.neighbour),
            "createIdea",
            json!({ "title": "Bankje bij de bushalte", "body": "Voor wie slecht ter been is.",
                    "areaId": sq.neighbourhood, "onBehalfOf": sq.resident_id }),
            "{ idea { id author { displayName } actedBy { displayName } } }",
        )
        .await;
    let idea = created.data()["createIdea"]["idea"].clone();
    assert_eq!(idea["author"]["displayName"], "Fatima");
    assert_eq!(idea["actedBy"]["displayName"], "Jan");
    let idea_id = idea["id"].as_str().expect("id").to_owned();
    // The draft is Fatima's: Jan publishes it only for her.
    let own = app
        .mutate(
            Some(&sq.neighbour),
            "publishIdea",
            json!({ "id": idea_id }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(own.code(), "NOT_FOUND");
    app.mutate(
        Some(&sq.neighbour),
        "publishIdea",
        json!({ "id": idea_id, "onBehalfOf": sq.resident_id }),
        "{ idea { status } }",
    )
    .await
    .data();
    let public = app
        .gql(
            "query($id: ID!) { idea(id: $id) { status author { displayName } actedBy { displayName } } }",
            json!({ "id": idea_id }),
        )
        .await;
    assert_eq!(
        public.data()["idea"],
        json!({ "status": "PUBLISHED", "author": { "displayName": "Fatima" },
                "actedBy": { "displayName": "Jan" } })
    );

    // A support for Fatima is Fatima's support: hers on top of it is the same one.
    let other = app
        .idea(&sq.professional, &sq.neighbourhood, "Meer groen")
        .await;
    app.clock.advance(Duration::minutes(1));
    let supported = support_for(&app, &sq.neighbour, &other, &sq.resident_id).await;
    assert_eq!(supported.data()["supportIdea"]["idea"]["supportCount"], 1);
    // The viewer (Jan) has not supported it himself.
    assert_eq!(
        supported.data()["supportIdea"]["idea"]["viewerHasSupported"],
        false
    );
    let again = app
        .mutate(
            Some(&sq.resident),
            "supportIdea",
            json!({ "ideaId": other }),
            "{ idea { supportCount viewerHasSupported } }",
        )
        .await;
    assert_eq!(
        again.data()["supportIdea"]["idea"],
        json!({ "supportCount": 1, "viewerHasSupported": true })
    );
    let twice = support_for(&app, &sq.neighbour, &other, &sq.resident_id).await;
    assert_eq!(twice.data()["supportIdea"]["idea"]["supportCount"], 1);

    // A comment for Fatima, and one of Jan's own.
    app.clock.advance(Duration::minutes(1));
    let comment = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": other, "body": "Goed plan!",
                    "onBehalfOf": sq.resident_id }),
            "{ comment { author { displayName } actedBy { displayName } } }",
        )
        .await;
    assert_eq!(
        comment.data()["postComment"]["comment"],
        json!({ "author": { "displayName": "Fatima" }, "actedBy": { "displayName": "Jan" } })
    );
    let mine = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": other, "body": "Ik ook." }),
            "{ comment { author { displayName } actedBy { displayName } } }",
        )
        .await;
    assert_eq!(
        mine.data()["postComment"]["comment"],
        json!({ "author": { "displayName": "Jan" }, "actedBy": null })
    );

    // Fatima sees everything done under the mandate; Jan sees it too.
    let records =
        "{ me { mandatesGiven { records { kind label ideaId } } mandatesReceived { id } } }";
    let given = app.gql_as(Some(&sq.resident), records, json!({})).await;
    let given = given.data()["me"].clone();
    assert_eq!(given["mandatesReceived"], json!([]));
    let list = given["mandatesGiven"][0]["records"]
        .as_array()
        .expect("records")
        .clone();
    let kinds: Vec<&str> = list.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["IDEA", "SUPPORT", "COMMENT"]);
    assert_eq!(list[0]["label"], "Bankje bij de bushalte");
    assert_eq!(list[1]["label"], "Meer groen");
    assert_eq!(list[2]["label"], "Goed plan!");
    assert_eq!(list[2]["ideaId"], other.as_str());
    let received = app
        .gql_as(
            Some(&sq.neighbour),
            "{ me { mandatesReceived { grantor { displayName } records { kind } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        received.data()["me"]["mandatesReceived"][0]["records"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    // Nobody else sees someone's mandates.
    let others = app
        .gql_as(
            Some(&sq.professional),
            "query($id: ID!) { user(id: $id) { mandatesGiven { id } } }",
            json!({ "id": sq.resident_id }),
        )
        .await;
    assert_eq!(others.data()["user"]["mandatesGiven"], Value::Null);
}

#[tokio::test]
async fn what_a_mandate_does_not_cover_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(7),
    )
    .await;
    let before = idea_count(&app, &sq.admin).await;
    let idea = app
        .mutate(
            Some(&sq.neighbour),
            "createIdea",
            json!({ "title": "Niet gemachtigd", "body": "x", "areaId": sq.neighbourhood,
                    "onBehalfOf": sq.resident_id }),
            "{ idea { id } }",
        )
        .await;
    refused(&idea);
    assert_eq!(idea_count(&app, &sq.admin).await, before);
    let target = app
        .idea(&sq.professional, &sq.neighbourhood, "Speeltuin")
        .await;
    let comment = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": target, "body": "Hoi",
                    "onBehalfOf": sq.resident_id }),
            "{ comment { id } }",
        )
        .await;
    refused(&comment);
    // Someone without any mandate from Fatima.
    refused(&support_for(&app, &sq.professional, &target, &sq.resident_id).await);
    // Acting "for yourself" under a mandate is a mistake in the input.
    let self_ = support_for(&app, &sq.neighbour, &target, &sq.neighbour_id).await;
    assert_eq!(
        (self_.code(), self_.field()),
        ("BAD_USER_INPUT", Some("onBehalfOf"))
    );
    let count = app
        .gql(
            "query($id: ID!) { idea(id: $id) { supportCount commentCount } }",
            json!({ "id": target }),
        )
        .await;
    assert_eq!(
        count.data()["idea"],
        json!({ "supportCount": 0, "commentCount": 0 })
    );
    // What the mandate covers works.
    let ok = support_for(&app, &sq.neighbour, &target, &sq.resident_id).await;
    assert_eq!(ok.data()["supportIdea"]["idea"]["supportCount"], 1);
}

#[tokio::test]
async fn expired_and_revoked_mandates_stop_working_at_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let target = app
        .idea(&sq.professional, &sq.neighbourhood, "Speeltuin")
        .await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::hours(2),
    )
    .await;
    support_for(&app, &sq.neighbour, &target, &sq.resident_id)
        .await
        .data();
    app.mutate(
        Some(&sq.neighbour),
        "unsupportIdea",
        json!({ "ideaId": target, "onBehalfOf": sq.resident_id }),
        "{ idea { supportCount } }",
    )
    .await
    .data();
    app.clock.advance(Duration::hours(3));
    refused(&support_for(&app, &sq.neighbour, &target, &sq.resident_id).await);
    let listed = app
        .gql_as(
            Some(&sq.resident),
            "{ me { mandatesGiven { active revokedAt } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed.data()["me"]["mandatesGiven"],
        json!([{ "active": false, "revokedAt": null }])
    );

    // A fresh mandate works until the grantor revokes it.
    let id = granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT", "COMMENT"],
        Duration::days(30),
    )
    .await;
    support_for(&app, &sq.neighbour, &target, &sq.resident_id)
        .await
        .data();
    // Others cannot end it.
    let stranger = app
        .mutate(
            Some(&sq.professional),
            "revokeMandate",
            json!({ "id": id }),
            MANDATE,
        )
        .await;
    assert_eq!(stranger.code(), "NOT_FOUND");
    let revoked = app
        .mutate(
            Some(&sq.resident),
            "revokeMandate",
            json!({ "id": id }),
            MANDATE,
        )
        .await;
    let revoked = revoked.data()["revokeMandate"]["mandate"].clone();
    assert_eq!(revoked["active"], false);
    assert!(revoked["revokedAt"].is_string());
    refused(&support_for(&app, &sq.neighbour, &target, &sq.resident_id).await);
    // Revoking again changes nothing.
    let again = app
        .mutate(
            Some(&sq.resident),
            "revokeMandate",
            json!({ "id": id }),
            MANDATE,
        )
        .await;
    assert_eq!(
        again.data()["revokeMandate"]["mandate"]["revokedAt"],
        revoked["revokedAt"]
    );

    // The delegate may give a mandate back.
    let id = granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(1),
    )
    .await;
    app.mutate(
        Some(&sq.neighbour),
        "revokeMandate",
        json!({ "id": id }),
        MANDATE,
    )
    .await
    .data();
    refused(&support_for(&app, &sq.neighbour, &target, &sq.resident_id).await);

    // A blocked grantor's mandates stop working too.
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(1),
    )
    .await;
    app.mutate(
        Some(&sq.admin),
        "setBlocked",
        json!({ "userId": sq.resident_id, "blocked": true, "reason": "Spam." }),
        "{ done }",
    )
    .await
    .data();
    refused(&support_for(&app, &sq.neighbour, &target, &sq.resident_id).await);
}

#[tokio::test]
async fn a_mandate_cannot_be_passed_on() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (third, third_id) = app.register("piet@plein.test", "Piet").await;
    let target = app
        .idea(&sq.professional, &sq.neighbourhood, "Speeltuin")
        .await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(7),
    )
    .await;
    // Jan can only give a mandate of his own; it does not reach Fatima.
    granted(
        &app,
        &sq.neighbour,
        &third_id,
        &["SUPPORT"],
        Duration::days(7),
    )
    .await;
    refused(&support_for(&app, &third, &target, &sq.resident_id).await);
    // And there is no way to grant for someone else.
    let for_other = app
        .mutate(
            Some(&sq.neighbour),
            "grantMandate",
            json!({ "delegateId": third_id, "actions": ["SUPPORT"], "onBehalfOf": sq.resident_id,
                    "validUntil": app.clock_now() + Duration::days(1) }),
            MANDATE,
        )
        .await;
    assert!(for_other.body["errors"].is_array(), "{}", for_other.body);
    let count = app
        .gql_as(
            Some(&sq.resident),
            "{ me { mandatesGiven { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        count.data()["me"]["mandatesGiven"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn bad_mandates_are_refused_with_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let cases = [
        (
            json!({ "delegateId": sq.neighbour_id, "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() - Duration::hours(1) }),
            "validUntil",
        ),
        (
            json!({ "delegateId": sq.neighbour_id, "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(400) }),
            "validUntil",
        ),
        (
            json!({ "delegateId": sq.neighbour_id, "actions": [],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "actions",
        ),
        (
            json!({ "delegateId": sq.resident_id, "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateId",
        ),
        (
            json!({ "delegateId": "01890000-0000-7000-8000-000000000000", "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateId",
        ),
        (
            json!({ "delegateId": "nope", "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateId",
        ),
        (
            json!({ "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateId",
        ),
        (
            json!({ "delegateEmail": "niemand@plein.test", "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateEmail",
        ),
        (
            json!({ "delegateEmail": "geen adres", "actions": ["SUPPORT"],
                 "validUntil": app.clock_now() + Duration::days(1) }),
            "delegateEmail",
        ),
    ];
    for (input, field) in cases {
        let response = app
            .mutate(Some(&sq.resident), "grantMandate", input.clone(), MANDATE)
            .await;
        assert_eq!(
            (response.code(), response.field()),
            ("BAD_USER_INPUT", Some(field)),
            "{input}"
        );
    }
    // A blocked account cannot be a delegate.
    let (_, blocked_id) = app.register("geblokkeerd@plein.test", "Geblokkeerd").await;
    app.mutate(
        Some(&sq.admin),
        "setBlocked",
        json!({ "userId": blocked_id, "blocked": true, "reason": "Spam." }),
        "{ done }",
    )
    .await
    .data();
    let blocked = grant(
        &app,
        &sq.resident,
        &blocked_id,
        &["SUPPORT"],
        Duration::days(1),
    )
    .await;
    assert_eq!(
        (blocked.code(), blocked.field()),
        ("BAD_USER_INPUT", Some("delegateId"))
    );
    let anonymous = app
        .mutate(
            None,
            "grantMandate",
            json!({ "delegateId": sq.neighbour_id, "actions": ["SUPPORT"],
                    "validUntil": app.clock_now() + Duration::days(1) }),
            MANDATE,
        )
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    let listed = app
        .gql_as(
            Some(&sq.resident),
            "{ me { mandatesGiven { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed.data()["me"]["mandatesGiven"], json!([]));

    // By email address, in any case, it works.
    let by_email = app
        .mutate(
            Some(&sq.resident),
            "grantMandate",
            json!({ "delegateEmail": " JAN@plein.test", "actions": ["VOTE", "SUPPORT", "SUPPORT"],
                    "validUntil": app.clock_now() + Duration::days(366) }),
            MANDATE,
        )
        .await;
    let mandate = by_email.data()["grantMandate"]["mandate"].clone();
    assert_eq!(mandate["delegate"]["displayName"], "Jan");
    assert_eq!(mandate["actions"], json!(["SUPPORT", "VOTE"]));
}

/// Fatima's working group "Groen": its id.
async fn fatimas_group(app: &TestApp, sq: &Square, visibility: &str, join_policy: &str) -> Value {
    let group = app
        .mutate(
            Some(&sq.resident),
            "createGroup",
            json!({ "name": "Groen", "purpose": "Meer groen.", "areaId": sq.neighbourhood,
                    "visibility": visibility, "joinPolicy": join_policy }),
            "{ group { id } }",
        )
        .await;
    group.data()["createGroup"]["group"]["id"].clone()
}

/// Fatima proposes "Moestuin" to the group, open for two days: its id.
async fn open_proposal(app: &TestApp, sq: &Square, group: &Value) -> Value {
    let decision = app
        .mutate(
            Some(&sq.resident),
            "openDecision",
            json!({ "groupId": group, "title": "Moestuin", "proposal": "Zullen we?",
                    "closesAt": app.clock_now() + Duration::days(2) }),
            "{ decision { id } }",
        )
        .await;
    decision.data()["openDecision"]["decision"]["id"].clone()
}

/// Jan agrees for Fatima: the answer is hers, given by him.
async fn jan_agrees_for_fatima(app: &TestApp, sq: &Square, decision: &Value) {
    let vote = app
        .mutate(
            Some(&sq.neighbour),
            "vote",
            json!({ "decisionId": decision, "answer": "AGREE", "onBehalfOf": sq.resident_id }),
            "{ vote { answer user { displayName } actedBy { displayName } } }",
        )
        .await;
    assert_eq!(
        vote.data()["vote"]["vote"],
        json!({ "answer": "AGREE", "user": { "displayName": "Fatima" },
                "actedBy": { "displayName": "Jan" } })
    );
}

#[tokio::test]
async fn rsvps_and_votes_under_a_mandate_are_the_members() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let group = fatimas_group(&app, &sq, "MEMBERS", "INVITE").await;
    let meeting = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Plantdag",
                    "startsAt": app.clock_now() + Duration::days(3),
                    "endsAt": app.clock_now() + Duration::days(3) + Duration::hours(2) }),
            "{ meeting { id } }",
        )
        .await;
    let meeting = meeting.data()["saveMeeting"]["meeting"]["id"].clone();
    let decision = open_proposal(&app, &sq, &group).await;

    // Without a mandate, Jan (no member) cannot answer for Fatima.
    let rsvp = |answer: &'static str| {
        app.mutate(
            Some(&sq.neighbour),
            "rsvp",
            json!({ "meetingId": meeting, "answer": answer, "onBehalfOf": sq.resident_id }),
            "{ meeting { id } }",
        )
    };
    refused(&rsvp("YES").await);
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["RSVP", "VOTE"],
        Duration::days(7),
    )
    .await;
    rsvp("YES").await.data();
    let seen = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!) { meeting(id: $id) { viewerRsvp rsvpCounts { yes } } }",
            json!({ "id": meeting }),
        )
        .await;
    assert_eq!(
        seen.data()["meeting"],
        json!({ "viewerRsvp": "YES", "rsvpCounts": { "yes": 1 } })
    );
    jan_agrees_for_fatima(&app, &sq, &decision).await;
    // Fatima changing her own answer clears the delegate from it.
    let own = app
        .mutate(
            Some(&sq.resident),
            "vote",
            json!({ "decisionId": decision, "answer": "ABSTAIN" }),
            "{ vote { answer actedBy { displayName } } }",
        )
        .await;
    assert_eq!(
        own.data()["vote"]["vote"],
        json!({ "answer": "ABSTAIN", "actedBy": null })
    );
    let records = app
        .gql_as(
            Some(&sq.resident),
            "{ me { mandatesGiven { records { kind label answer } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        records.data()["me"]["mandatesGiven"][0]["records"],
        json!([{ "kind": "RSVP", "label": "Plantdag", "answer": "yes" }])
    );
}

#[tokio::test]
async fn a_delegate_who_is_no_member_reads_the_proposals_of_the_member_they_vote_for() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let group = fatimas_group(&app, &sq, "PUBLIC", "OPEN").await;
    let decision = open_proposal(&app, &sq, &group).await;
    const SEEN: &str = "query($group: ID!, $decision: ID!) {
        group(id: $group) {
            voters: viewerActsFor(action: VOTE) { displayName }
            rsvps: viewerActsFor(action: RSVP) { displayName }
            decisions { totalCount nodes { title } }
        }
        decision(id: $decision) { title }
    }";
    let seen = || async {
        app.gql_as(
            Some(&sq.neighbour),
            SEEN,
            json!({ "group": group, "decision": decision }),
        )
        .await
        .data()
        .clone()
    };
    let nothing = json!({
        "group": { "voters": [], "rsvps": [], "decisions": { "totalCount": 0, "nodes": [] } },
        "decision": null,
    });
    assert_eq!(
        seen().await,
        nothing,
        "Jan is no member and holds no mandate"
    );

    // A mandate to vote from someone who is no member shows nothing either.
    granted(
        &app,
        &sq.professional,
        &sq.neighbour_id,
        &["VOTE", "RSVP"],
        Duration::days(7),
    )
    .await;
    assert_eq!(seen().await, nothing, "the professional is no member");

    let mandate = granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["VOTE"],
        Duration::days(7),
    )
    .await;
    assert_eq!(
        seen().await,
        json!({
            "group": { "voters": [{ "displayName": "Fatima" }], "rsvps": [],
                       "decisions": { "totalCount": 1, "nodes": [{ "title": "Moestuin" }] } },
            "decision": { "title": "Moestuin" },
        })
    );
    jan_agrees_for_fatima(&app, &sq, &decision).await;
    // Jan answering for himself stays refused: he is no member.
    let own = app
        .mutate(
            Some(&sq.neighbour),
            "vote",
            json!({ "decisionId": decision, "answer": "BLOCK" }),
            "{ vote { answer } }",
        )
        .await;
    assert_eq!(own.code(), "FORBIDDEN", "{}", own.body);

    // Once the mandate is given back, the proposals are out of sight again.
    app.mutate(
        Some(&sq.neighbour),
        "revokeMandate",
        json!({ "id": mandate }),
        MANDATE,
    )
    .await
    .data();
    assert_eq!(seen().await, nothing, "the mandate was given back");
}

#[tokio::test]
async fn professionals_take_down_ideas_and_comments_for_residents_without_an_account() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let intake = json!({ "residentName": "Henk", "place": "Buurthuis De Ster" });
    let created = app
        .mutate(
            Some(&sq.professional),
            "createIdea",
            json!({ "title": "Stoep repareren", "body": "De stoep is kapot.",
                    "areaId": sq.neighbourhood, "intake": intake }),
            "{ idea { id author { displayName role } actedBy { id } intake { residentName place } } }",
        )
        .await;
    let idea = created.data()["createIdea"]["idea"].clone();
    assert_eq!(idea["author"]["role"], "PROFESSIONAL");
    assert_eq!(idea["actedBy"], Value::Null);
    assert_eq!(idea["intake"], intake);
    let idea_id = idea["id"].as_str().expect("id").to_owned();
    app.mutate(
        Some(&sq.professional),
        "publishIdea",
        json!({ "id": idea_id }),
        "{ idea { id } }",
    )
    .await
    .data();
    let comment = app
        .mutate(
            Some(&sq.professional),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": idea_id, "body": "Henk zegt: snel graag.",
                    "intake": intake }),
            "{ comment { intake { residentName place } } }",
        )
        .await;
    assert_eq!(comment.data()["postComment"]["comment"]["intake"], intake);
    let public = app
        .gql(
            "query($id: ID!) { idea(id: $id) { intake { residentName } comments { edges { node { intake { place } } } } } }",
            json!({ "id": idea_id }),
        )
        .await;
    assert_eq!(public.data()["idea"]["intake"]["residentName"], "Henk");
    assert_eq!(
        public.data()["idea"]["comments"]["edges"][0]["node"]["intake"]["place"],
        "Buurthuis De Ster"
    );

    // Residents cannot; nothing is written.
    let before = idea_count(&app, &sq.admin).await;
    let resident = app
        .mutate(
            Some(&sq.resident),
            "createIdea",
            json!({ "title": "Ook", "body": "x", "areaId": sq.neighbourhood, "intake": intake }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(resident.code(), "FORBIDDEN");
    let resident_comment = app
        .mutate(
            Some(&sq.resident),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": idea_id, "body": "x", "intake": intake }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(resident_comment.code(), "FORBIDDEN");
    assert_eq!(idea_count(&app, &sq.admin).await, before);

    // The provenance must be complete.
    let empty = app
        .mutate(
            Some(&sq.professional),
            "createIdea",
            json!({ "title": "Leeg", "body": "x", "areaId": sq.neighbourhood,
                    "intake": { "residentName": " ", "place": "Buurthuis" } }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(
        (empty.code(), empty.field()),
        ("BAD_USER_INPUT", Some("intake.residentName"))
    );
    assert_eq!(idea_count(&app, &sq.admin).await, before);
}

#[tokio::test]
async fn parallel_supports_by_the_delegate_and_the_grantor_count_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let target = app
        .idea(&sq.professional, &sq.neighbourhood, "Speeltuin")
        .await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(7),
    )
    .await;
    let by_delegate = (0..10).map(|_| support_for(&app, &sq.neighbour, &target, &sq.resident_id));
    let by_grantor = (0..10).map(|_| {
        app.mutate(
            Some(&sq.resident),
            "supportIdea",
            json!({ "ideaId": target }),
            "{ idea { supportCount } }",
        )
    });
    let (delegate, grantor) = futures::future::join(
        futures::future::join_all(by_delegate),
        futures::future::join_all(by_grantor),
    )
    .await;
    for response in delegate.iter().chain(grantor.iter()) {
        response.data();
    }
    let count = app
        .gql(
            "query($id: ID!) { idea(id: $id) { supportCount } }",
            json!({ "id": target }),
        )
        .await;
    assert_eq!(count.data()["idea"]["supportCount"], 1);
}

#[tokio::test]
async fn a_delegate_gets_nothing_of_the_grantors_drafts_through_a_support_mandate() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Nog geheim plan")
        .await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["SUPPORT"],
        Duration::days(7),
    )
    .await;
    for mutation in ["supportIdea", "unsupportIdea"] {
        let answer = app
            .mutate(
                Some(&sq.neighbour),
                mutation,
                json!({ "ideaId": draft, "onBehalfOf": sq.resident_id }),
                "{ idea { title status } }",
            )
            .await;
        assert_eq!(answer.code(), "NOT_FOUND", "{mutation}: {}", answer.body);
    }
}

/// The kind and label of each record under the first mandate in `list`.
async fn records(app: &TestApp, token: &str, list: &str) -> Value {
    let query = format!("{{ me {{ {list} {{ records {{ kind label }} }} }} }}");
    let answer = app.gql_as(Some(token), &query, json!({})).await;
    let mut records = answer.data()["me"][list][0]["records"]
        .as_array()
        .expect("records")
        .clone();
    records.sort_by_key(|r| r["kind"].as_str().map(str::to_owned));
    Value::Array(records)
}

#[tokio::test]
async fn mandate_records_name_only_what_the_viewer_may_see() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let group = fatimas_group(&app, &sq, "MEMBERS", "INVITE").await;
    let meeting = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Besloten overleg",
                    "startsAt": app.clock_now() + Duration::days(3),
                    "endsAt": app.clock_now() + Duration::days(3) + Duration::hours(2) }),
            "{ meeting { id } }",
        )
        .await;
    let meeting = meeting.data()["saveMeeting"]["meeting"]["id"].clone();
    let decision = open_proposal(&app, &sq, &group).await;
    granted(
        &app,
        &sq.resident,
        &sq.neighbour_id,
        &["RSVP", "VOTE"],
        Duration::days(7),
    )
    .await;
    app.mutate(
        Some(&sq.neighbour),
        "rsvp",
        json!({ "meetingId": meeting, "answer": "YES", "onBehalfOf": sq.resident_id }),
        "{ meeting { id } }",
    )
    .await
    .data();
    jan_agrees_for_fatima(&app, &sq, &decision).await;
    // Fatima is a member: she reads both titles.
    assert_eq!(
        records(&app, &sq.resident, "mandatesGiven").await,
        json!([{ "kind": "RSVP", "label": "Besloten overleg" },
               { "kind": "VOTE", "label": "Moestuin" }])
    );
    // Jan answered for her, but the members-only group is not his to read.
    assert_eq!(
        records(&app, &sq.neighbour, "mandatesReceived").await,
        json!([{ "kind": "RSVP", "label": "" }, { "kind": "VOTE", "label": "" }])
    );
}
