//! Working groups through the API: joining in each policy, invitations by
//! mail for people without an account, keeping a coordinator, tasks,
//! meetings with RSVPs and iCalendar files across daylight-saving changes,
//! decisions, the group's thread, notifications, and members-only groups
//! that reveal nothing to anyone else.

use plein_tests::serde_json::{Value, json};
use plein_tests::{Square, TestApp};

const GROUP: &str = "{ group { id name visibility joinPolicy memberCount viewerRole viewerRequested calendarPath } }";

async fn create_group(
    app: &TestApp,
    token: &str,
    area: &str,
    visibility: &str,
    policy: &str,
) -> String {
    let response = app
        .mutate(
            Some(token),
            "createGroup",
            json!({
                "name": "Groen Molenwijk",
                "purpose": "Meer **groen** in de wijk: geveltuinen en een moestuin.",
                "areaId": area,
                "visibility": visibility,
                "joinPolicy": policy,
            }),
            GROUP,
        )
        .await;
    let group = &response.data()["createGroup"]["group"];
    assert_eq!(group["viewerRole"], "COORDINATOR");
    assert_eq!(group["memberCount"], 1);
    group["id"].as_str().expect("id").to_owned()
}

async fn group_as(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    let response = app
        .gql_as(
            token,
            "query($id: ID!) { group(id: $id) { id name memberCount viewerRole viewerRequested calendarPath
                members { totalCount edges { node { role user { id displayName } } } } } }",
            json!({ "id": id }),
        )
        .await;
    response.data()["group"].clone()
}

async fn join(app: &TestApp, token: &str, group: &str) -> plein_tests::GqlResponse {
    app.mutate(Some(token), "joinGroup", json!({ "groupId": group }), GROUP)
        .await
}

async fn kinds_of(app: &TestApp, token: &str) -> Vec<String> {
    let response = app
        .gql_as(
            Some(token),
            "{ myNotifications(first: 50) { edges { node { kind subjectKind subject { __typename } } } } }",
            json!({}),
        )
        .await;
    response.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["kind"].as_str().expect("kind").to_owned())
        .collect()
}

async fn square(app: &TestApp) -> Square {
    app.square().await
}

#[tokio::test]
async fn open_groups_take_members_at_once_and_request_groups_ask_a_coordinator() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let open = create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    let joined = join(app, &sq.neighbour, &open).await;
    assert_eq!(joined.data()["joinGroup"]["group"]["viewerRole"], "MEMBER");
    assert_eq!(join(app, &sq.neighbour, &open).await.code(), "CONFLICT");
    let group = group_as(app, None, &open).await;
    assert_eq!(group["memberCount"], 2);
    assert_eq!(group["members"]["totalCount"], 2);
    // Coordinators come first.
    assert_eq!(group["members"]["edges"][0]["node"]["role"], "COORDINATOR");

    let asking = create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "REQUEST").await;
    let response = app
        .mutate(
            Some(&sq.neighbour),
            "joinGroup",
            json!({ "groupId": asking, "message": "Ik heb een bakfiets." }),
            GROUP,
        )
        .await;
    let group = &response.data()["joinGroup"]["group"];
    assert_eq!(group["viewerRole"], Value::Null);
    assert_eq!(group["viewerRequested"], true);
    let again = join(app, &sq.neighbour, &asking).await;
    assert_eq!((again.code(), again.field()), ("CONFLICT", Some("groupId")));

    // The coordinator hears of it and sees the request; others may not list them.
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.resident)
            .await
            .contains(&"JOIN_REQUEST".to_owned())
    );
    let requests =
        "query($id: ID!) { group(id: $id) { joinRequests { id message user { displayName } } } }";
    let refused = app
        .gql_as(Some(&sq.neighbour), requests, json!({ "id": asking }))
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");
    let listed = app
        .gql_as(Some(&sq.resident), requests, json!({ "id": asking }))
        .await;
    let request = listed.data()["group"]["joinRequests"][0].clone();
    assert_eq!(request["message"], "Ik heb een bakfiets.");
    let approved = app
        .mutate(
            Some(&sq.resident),
            "answerJoinRequest",
            json!({ "requestId": request["id"], "approve": true }),
            "{ group { memberCount } }",
        )
        .await;
    assert_eq!(
        approved.data()["answerJoinRequest"]["group"]["memberCount"],
        2
    );
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.neighbour)
            .await
            .contains(&"JOIN_ANSWERED".to_owned())
    );
    assert_eq!(
        group_as(app, Some(&sq.neighbour), &asking).await["viewerRole"],
        "MEMBER"
    );

    let closed = create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "INVITE").await;
    assert_eq!(join(app, &sq.neighbour, &closed).await.code(), "FORBIDDEN");
}

#[tokio::test]
async fn an_invitation_link_works_for_someone_who_registers_afterwards() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "MEMBERS", "INVITE").await;
    let invite = |email: &'static str| {
        app.mutate(
            Some(&sq.resident),
            "inviteToGroup",
            json!({ "groupId": group, "email": email }),
            "{ invitation { id email expiresAt } }",
        )
    };
    let response = invite("Nieuw@Plein.test").await;
    let invitation = response.data()["inviteToGroup"]["invitation"].clone();
    assert_eq!(invitation["email"], "nieuw@plein.test");
    // A second invitation while the first is open: a clear error, nothing added.
    let twice = invite("nieuw@plein.test").await;
    assert_eq!((twice.code(), twice.field()), ("CONFLICT", Some("email")));
    let bad = invite("geen-adres").await;
    assert_eq!((bad.code(), bad.field()), ("BAD_USER_INPUT", Some("email")));
    let members_invited = invite("fatima@plein.test").await;
    assert_eq!(members_invited.code(), "CONFLICT");
    let open = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!) { group(id: $id) { invitations { email } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(
        open.data()["group"]["invitations"].as_array().map(Vec::len),
        Some(1)
    );

    // The mail job issues the token the link carries.
    let id = uuid::Uuid::parse_str(invitation["id"].as_str().expect("id")).expect("uuid");
    let mail = app
        .app
        .issue_invitation_mail(id)
        .await
        .expect("issue")
        .expect("an invitation to mail");
    assert_eq!(mail.to_address, "nieuw@plein.test");
    assert_eq!(mail.group_name, "Groen Molenwijk");

    // Someone without an account registers (with another address even) and accepts.
    let (newcomer, _) = app.register("anders@plein.test", "Noor").await;
    assert_eq!(group_as(app, Some(&newcomer), &group).await, Value::Null);
    let wrong = app
        .mutate(
            Some(&newcomer),
            "acceptGroupInvitation",
            json!({ "token": "nep" }),
            GROUP,
        )
        .await;
    assert_eq!(
        (wrong.code(), wrong.field()),
        ("BAD_USER_INPUT", Some("token"))
    );
    let accepted = app
        .mutate(
            Some(&newcomer),
            "acceptGroupInvitation",
            json!({ "token": mail.token }),
            GROUP,
        )
        .await;
    let joined = &accepted.data()["acceptGroupInvitation"]["group"];
    assert_eq!(joined["viewerRole"], "MEMBER");
    assert_eq!(joined["memberCount"], 2);
    // The link works once.
    let reused = app
        .mutate(
            Some(&newcomer),
            "acceptGroupInvitation",
            json!({ "token": mail.token }),
            GROUP,
        )
        .await;
    assert_eq!(reused.code(), "BAD_USER_INPUT");

    // Someone with an account hears of the invitation in the app as well.
    invite("jan@plein.test").await.data();
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.neighbour)
            .await
            .contains(&"GROUP_INVITATION".to_owned())
    );
}

#[tokio::test]
async fn a_group_always_keeps_a_coordinator() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    join(app, &sq.neighbour, &group).await.data();
    let leave = "mutation($id: ID!) { leaveGroup(input: { groupId: $id }) { done } }";
    let refused = app
        .gql_as(Some(&sq.resident), leave, json!({ "id": group }))
        .await;
    assert_eq!(refused.code(), "CONFLICT");
    let step_down = app
        .mutate(
            Some(&sq.resident),
            "setGroupMemberRole",
            json!({ "groupId": group, "userId": sq.resident_id, "role": "MEMBER" }),
            "{ member { role } }",
        )
        .await;
    assert_eq!(
        (step_down.code(), step_down.field()),
        ("CONFLICT", Some("role"))
    );
    let removed = app
        .mutate(
            Some(&sq.neighbour),
            "removeGroupMember",
            json!({ "groupId": group, "userId": sq.resident_id }),
            "{ done }",
        )
        .await;
    assert_eq!(removed.code(), "FORBIDDEN");

    let handed = app
        .mutate(
            Some(&sq.resident),
            "handOverGroup",
            json!({ "groupId": group, "userId": sq.neighbour_id }),
            "{ group { viewerRole } }",
        )
        .await;
    assert_eq!(
        handed.data()["handOverGroup"]["group"]["viewerRole"],
        "MEMBER"
    );
    app.gql_as(Some(&sq.resident), leave, json!({ "id": group }))
        .await
        .data();
    let group = group_as(app, None, &group).await;
    assert_eq!(group["memberCount"], 1);
    assert_eq!(group["members"]["edges"][0]["node"]["role"], "COORDINATOR");
    assert_eq!(
        group["members"]["edges"][0]["node"]["user"]["displayName"],
        "Jan"
    );
}

#[tokio::test]
async fn tasks_have_members_as_assignees_and_due_dates_ahead() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    let save = |token: String, input: Value| async move {
        app.mutate(
            Some(&token),
            "saveTask",
            input,
            "{ task { id title status dueOn assignee { displayName } } }",
        )
        .await
    };
    let yesterday = (app.clock_now() - chrono::Duration::days(1)).date_naive();
    let past = save(
        sq.resident.clone(),
        json!({ "groupId": group, "title": "Plantenbakken", "dueOn": yesterday.to_string() }),
    )
    .await;
    assert_eq!(
        (past.code(), past.field()),
        ("BAD_USER_INPUT", Some("dueOn"))
    );
    let stranger = save(
        sq.resident.clone(),
        json!({ "groupId": group, "title": "Plantenbakken", "assigneeId": sq.neighbour_id }),
    )
    .await;
    assert_eq!(
        (stranger.code(), stranger.field()),
        ("BAD_USER_INPUT", Some("assigneeId"))
    );
    let outsider = save(
        sq.neighbour.clone(),
        json!({ "groupId": group, "title": "Plantenbakken" }),
    )
    .await;
    assert_eq!(outsider.code(), "FORBIDDEN");
    let tasks = app
        .gql_as(
            None,
            "query($id: ID!) { group(id: $id) { tasks { totalCount } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(tasks.data()["group"]["tasks"]["totalCount"], 0);

    join(app, &sq.neighbour, &group).await.data();
    let due = (app.clock_now() + chrono::Duration::days(14)).date_naive();
    let created = save(
        sq.resident.clone(),
        json!({ "groupId": group, "title": "Plantenbakken", "assigneeId": sq.neighbour_id, "dueOn": due.to_string() }),
    )
    .await;
    let task = created.data()["saveTask"]["task"].clone();
    assert_eq!(task["assignee"]["displayName"], "Jan");
    assert_eq!(task["dueOn"], due.to_string());
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.neighbour)
            .await
            .contains(&"TASK_ASSIGNED".to_owned())
    );

    let doing = save(
        sq.neighbour.clone(),
        json!({ "id": task["id"], "status": "DOING", "dueOn": null }),
    )
    .await;
    let changed = &doing.data()["saveTask"]["task"];
    assert_eq!(changed["status"], "DOING");
    assert_eq!(changed["dueOn"], Value::Null);
    let mine = app
        .gql_as(
            Some(&sq.neighbour),
            "{ myTasks { totalCount edges { node { title group { name } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine.data()["myTasks"]["totalCount"], 1);
    assert_eq!(
        mine.data()["myTasks"]["edges"][0]["node"]["group"]["name"],
        "Groen Molenwijk"
    );
}

#[tokio::test]
async fn meetings_take_rsvps_and_download_as_icalendar_across_daylight_saving() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    join(app, &sq.neighbour, &group).await.data();
    let schedule = |starts: &str, ends: &str| {
        app.mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Plantdag; met koffie, thee", "startsAt": starts,
                    "endsAt": ends, "place": "Buurthuis De Molen", "agenda": "1. Welkom\n2. Planten" }),
            "{ meeting { id calendarPath rsvpCounts { yes no maybe } viewerRsvp } }",
        )
    };
    let backwards = schedule("2027-03-28T18:00:00Z", "2027-03-28T17:00:00Z").await;
    assert_eq!(
        (backwards.code(), backwards.field()),
        ("BAD_USER_INPUT", Some("endsAt"))
    );
    let past = schedule("2020-03-28T18:00:00Z", "2020-03-28T19:00:00Z").await;
    assert_eq!(
        (past.code(), past.field()),
        ("BAD_USER_INPUT", Some("startsAt"))
    );

    // 28 March 2027 is the first day of summer time: 18:00 UTC is 20:00 there.
    let summer = schedule("2027-03-28T18:00:00Z", "2027-03-28T19:30:00Z").await;
    let summer = summer.data()["saveMeeting"]["meeting"].clone();
    // In winter the same UTC time is 19:00.
    let winter = schedule("2027-01-12T18:00:00Z", "2027-01-12T19:30:00Z").await;
    let winter = winter.data()["saveMeeting"]["meeting"].clone();

    let rsvp = |token: String, meeting: Value, answer: &'static str| async move {
        app.mutate(
            Some(&token),
            "rsvp",
            json!({ "meetingId": meeting, "answer": answer }),
            "{ meeting { rsvpCounts { yes no maybe } viewerRsvp } }",
        )
        .await
    };
    rsvp(sq.neighbour.clone(), summer["id"].clone(), "MAYBE")
        .await
        .data();
    let answered = rsvp(sq.neighbour.clone(), summer["id"].clone(), "YES").await;
    assert_eq!(answered.data()["rsvp"]["meeting"]["viewerRsvp"], "YES");
    let counted = rsvp(sq.resident.clone(), summer["id"].clone(), "NO").await;
    assert_eq!(
        counted.data()["rsvp"]["meeting"]["rsvpCounts"],
        json!({ "yes": 1, "no": 1, "maybe": 0 })
    );
    let (outsider, _) = app.register("buiten@plein.test", "Kees").await;
    assert_eq!(
        rsvp(outsider, summer["id"].clone(), "YES").await.code(),
        "FORBIDDEN"
    );

    let ics = |path: String| async move {
        let response = app.http.get(app.url(&path)).send().await.expect("get");
        let status = response.status();
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, kind, response.text().await.expect("body"))
    };
    let (status, kind, body) = ics(summer["calendarPath"].as_str().expect("path").to_owned()).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(body.contains("BEGIN:VEVENT\r\n"), "{body}");
    assert!(
        body.contains("DTSTART;TZID=Europe/Amsterdam:20270328T200000\r\n"),
        "{body}"
    );
    assert!(
        body.contains("DTEND;TZID=Europe/Amsterdam:20270328T213000\r\n"),
        "{body}"
    );
    assert!(
        body.contains("SUMMARY:Plantdag\\; met koffie\\, thee\r\n"),
        "{body}"
    );
    assert!(body.contains("BEGIN:VTIMEZONE\r\n"), "{body}");
    let (_, _, body) = ics(winter["calendarPath"].as_str().expect("path").to_owned()).await;
    assert!(
        body.contains("DTSTART;TZID=Europe/Amsterdam:20270112T190000\r\n"),
        "{body}"
    );

    // The group's feed holds both, in one calendar.
    let group_path = group_as(app, None, &group).await["calendarPath"]
        .as_str()
        .expect("feed")
        .to_owned();
    let (status, _, feed) = ics(group_path).await;
    assert_eq!(status, 200);
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2);

    // A change bumps the sequence and tells the members; a cancelled meeting stays in the feed.
    let moved = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "id": winter["id"], "place": "Speeltuin" }),
            "{ meeting { place } }",
        )
        .await;
    assert_eq!(moved.data()["saveMeeting"]["meeting"]["place"], "Speeltuin");
    let cancelled = app
        .gql_as(
            Some(&sq.resident),
            "mutation($id: ID!) { cancelMeeting(input: { id: $id }) { meeting { cancelledAt } } }",
            json!({ "id": winter["id"] }),
        )
        .await;
    assert!(cancelled.data()["cancelMeeting"]["meeting"]["cancelledAt"].is_string());
    let (_, _, body) = ics(winter["calendarPath"].as_str().expect("path").to_owned()).await;
    assert!(body.contains("SEQUENCE:2\r\n"), "{body}");
    assert!(body.contains("STATUS:CANCELLED\r\n"), "{body}");
    app.drain_notifications().await;
    let heard = kinds_of(app, &sq.neighbour).await;
    assert_eq!(
        heard.iter().filter(|k| *k == "MEETING_SCHEDULED").count(),
        4,
        "{heard:?}"
    );

    // Once it has started, answers are closed.
    let soon = app.clock_now() + chrono::Duration::hours(2);
    let soon = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Koffie", "startsAt": soon,
                    "endsAt": soon + chrono::Duration::hours(1) }),
            "{ meeting { id } }",
        )
        .await;
    let soon = soon.data()["saveMeeting"]["meeting"]["id"].clone();
    app.clock.advance(chrono::Duration::hours(3));
    let late = rsvp(sq.neighbour.clone(), soon, "NO").await;
    assert_eq!((late.code(), late.field()), ("CONFLICT", Some("meetingId")));
}

#[tokio::test]
async fn decisions_take_one_answer_per_member_until_they_close() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    join(app, &sq.neighbour, &group).await.data();
    let closes = app.clock_now() + chrono::Duration::days(3);
    let open = |token: String, closes_at: chrono::DateTime<chrono::Utc>| async move {
        app.mutate(
            Some(&token),
            "openDecision",
            json!({ "groupId": group, "title": "Moestuin op het pleintje",
                    "proposal": "We vragen de gemeente om het pleintje.", "closesAt": closes_at }),
            "{ decision { id open } }",
        )
        .await
    };
    let member_refused = open(sq.neighbour.clone(), closes).await;
    assert_eq!(member_refused.code(), "FORBIDDEN");
    let past = open(
        sq.resident.clone(),
        app.clock_now() - chrono::Duration::hours(1),
    )
    .await;
    assert_eq!(
        (past.code(), past.field()),
        ("BAD_USER_INPUT", Some("closesAt"))
    );
    let decision =
        open(sq.resident.clone(), closes).await.data()["openDecision"]["decision"]["id"].clone();

    let vote = |token: String, answer: &'static str, reason: Option<&'static str>| {
        let decision = decision.clone();
        async move {
            app.mutate(
                Some(&token),
                "vote",
                json!({ "decisionId": decision, "answer": answer, "reason": reason }),
                "{ vote { answer reason } }",
            )
            .await
        }
    };
    vote(sq.neighbour.clone(), "BLOCK", Some("Te weinig zon."))
        .await
        .data();
    let changed = vote(sq.neighbour.clone(), "AGREE", None).await;
    assert_eq!(changed.data()["vote"]["vote"]["answer"], "AGREE");
    vote(sq.resident.clone(), "ABSTAIN", None).await.data();
    let (outsider, _) = app.register("buiten@plein.test", "Kees").await;
    assert_eq!(
        vote(outsider.clone(), "AGREE", None).await.code(),
        "NOT_FOUND"
    );

    let read = "query($id: ID!) { group(id: $id) { decisions { totalCount edges { node {
        title open tally { agree abstain disagree block } viewerVote { answer } outcome } } } } }";
    let as_member = app
        .gql_as(Some(&sq.neighbour), read, json!({ "id": group }))
        .await;
    let node = &as_member.data()["group"]["decisions"]["edges"][0]["node"];
    assert_eq!(
        node["tally"],
        json!({ "agree": 1, "abstain": 1, "disagree": 0, "block": 0 })
    );
    assert_eq!(node["viewerVote"]["answer"], "AGREE");
    // Non-members see the public group but not its decisions.
    let as_outsider = app
        .gql_as(Some(&outsider), read, json!({ "id": group }))
        .await;
    assert_eq!(as_outsider.data()["group"]["decisions"]["totalCount"], 0);

    let record = |token: String| {
        let decision = decision.clone();
        async move {
            app.mutate(
                Some(&token),
                "recordDecisionOutcome",
                json!({ "decisionId": decision, "outcome": "Aangenomen: we dienen het verzoek in." }),
                "{ decision { outcome open } }",
            )
            .await
        }
    };
    let early = record(sq.resident.clone()).await;
    assert_eq!(early.code(), "CONFLICT");
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.neighbour)
            .await
            .contains(&"DECISION_OPENED".to_owned())
    );

    app.clock.advance(chrono::Duration::days(4));
    let late = vote(sq.neighbour.clone(), "DISAGREE", None).await;
    assert_eq!(
        (late.code(), late.field()),
        ("CONFLICT", Some("decisionId"))
    );
    let recorded = record(sq.resident.clone()).await;
    let decided = &recorded.data()["recordDecisionOutcome"]["decision"];
    assert_eq!(decided["open"], false);
    assert_eq!(decided["outcome"], "Aangenomen: we dienen het verzoek in.");
}

#[tokio::test]
async fn a_proposal_closing_soon_reaches_the_members_who_have_not_answered() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    join(app, &sq.neighbour, &group).await.data();
    let (third, _) = app.register("derde@plein.test", "Sara").await;
    join(app, &third, &group).await.data();
    let closes = app.clock_now() + chrono::Duration::days(2);
    let response = app
        .mutate(
            Some(&sq.resident),
            "openDecision",
            json!({ "groupId": group, "title": "Bankjes", "proposal": "Twee bankjes erbij.", "closesAt": closes }),
            "{ decision { id } }",
        )
        .await;
    let decision = response.data()["openDecision"]["decision"]["id"].clone();
    app.mutate(
        Some(&third),
        "vote",
        json!({ "decisionId": decision, "answer": "AGREE" }),
        "{ vote { answer } }",
    )
    .await
    .data();
    app.drain_notifications().await;
    assert!(
        !kinds_of(app, &sq.neighbour)
            .await
            .contains(&"DECISION_CLOSING".to_owned())
    );
    app.clock.advance(chrono::Duration::hours(25));
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.neighbour)
            .await
            .contains(&"DECISION_CLOSING".to_owned())
    );
    assert!(
        !kinds_of(app, &third)
            .await
            .contains(&"DECISION_CLOSING".to_owned())
    );
}

#[tokio::test]
async fn members_talk_in_the_group_thread_and_groups_link_to_ideas_and_plans() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Geveltuinen")
        .await;
    let plan = app
        .plan(&sq.professional, &sq.neighbourhood, "Herinrichting plein")
        .await;
    for (kind, id) in [("IDEA", &idea), ("PLAN", &plan)] {
        app.mutate(
            Some(&sq.resident),
            "setGroupLink",
            json!({ "groupId": group, "subjectKind": kind, "subjectId": id, "linked": true }),
            "{ group { id } }",
        )
        .await
        .data();
    }
    let linked = app
        .gql_as(
            None,
            "query($g: ID!, $i: ID!, $p: ID!) { group(id: $g) { ideas { title } plans { title } }
               idea(id: $i) { groups { name } } plan(id: $p) { groups { name } } }",
            json!({ "g": group, "i": idea, "p": plan }),
        )
        .await;
    let data = linked.data();
    assert_eq!(data["group"]["ideas"][0]["title"], "Geveltuinen");
    assert_eq!(data["group"]["plans"][0]["title"], "Herinrichting plein");
    assert_eq!(data["idea"]["groups"][0]["name"], "Groen Molenwijk");
    assert_eq!(data["plan"]["groups"][0]["name"], "Groen Molenwijk");

    let post = |token: String| {
        let group = group.clone();
        async move {
            app.mutate(
                Some(&token),
                "postComment",
                json!({ "subjectKind": "GROUP", "subjectId": group, "body": "Zaterdag planten?" }),
                "{ comment { id subject { __typename ... on WorkingGroup { name } } } }",
            )
            .await
        }
    };
    assert_eq!(post(sq.neighbour.clone()).await.code(), "FORBIDDEN");
    join(app, &sq.neighbour, &group).await.data();
    let posted = post(sq.neighbour.clone()).await;
    assert_eq!(
        posted.data()["postComment"]["comment"]["subject"]["name"],
        "Groen Molenwijk"
    );
    app.drain_notifications().await;
    assert!(
        kinds_of(app, &sq.resident)
            .await
            .contains(&"COMMENT".to_owned())
    );
    let thread = app
        .gql_as(
            None,
            "query($id: ID!) { group(id: $id) { comments { totalCount } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(thread.data()["group"]["comments"]["totalCount"], 1);
}

#[tokio::test]
async fn members_only_groups_reveal_nothing_to_anyone_else() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let secret = &create_group(app, &sq.resident, &sq.neighbourhood, "MEMBERS", "INVITE").await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Geveltuinen")
        .await;
    app.mutate(
        Some(&sq.resident),
        "setGroupLink",
        json!({ "groupId": secret, "subjectKind": "IDEA", "subjectId": idea, "linked": true }),
        "{ group { id } }",
    )
    .await
    .data();
    let meeting = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": secret, "title": "Overleg", "startsAt": app.clock_now() + chrono::Duration::days(2),
                    "endsAt": app.clock_now() + chrono::Duration::days(2) + chrono::Duration::hours(1) }),
            "{ meeting { id calendarPath } }",
        )
        .await;
    let meeting = meeting.data()["saveMeeting"]["meeting"].clone();
    app.drain_search().await;

    let look = "query($g: ID!, $i: ID!, $m: ID!, $u: ID!) {
        group(id: $g) { name }
        groups { totalCount edges { node { name } } }
        idea(id: $i) { groups { name } }
        meeting(id: $m) { title }
        user(id: $u) { groups { name } }
        search(query: \"Groen\", filter: { kinds: [GROUP] }) { estimatedTotal }
    }";
    let vars = json!({ "g": secret, "i": idea, "m": meeting["id"], "u": sq.resident_id });
    for (who, token) in [
        ("anonymous", None),
        ("neighbour", Some(sq.neighbour.as_str())),
        ("professional", Some(sq.professional.as_str())),
        ("moderator", Some(sq.moderator.as_str())),
    ] {
        let response = app.gql_as(token, look, vars.clone()).await;
        let data = response.data();
        assert_eq!(data["group"], Value::Null, "{who}");
        assert_eq!(data["groups"]["totalCount"], 0, "{who}");
        assert_eq!(data["idea"]["groups"], json!([]), "{who}");
        assert_eq!(data["meeting"], Value::Null, "{who}");
        assert_eq!(data["user"]["groups"], json!([]), "{who}");
        assert_eq!(data["search"]["estimatedTotal"], 0, "{who}");
        // Nor through any write: the group does not exist for them.
        let joined = join(app, token.unwrap_or(&sq.neighbour), &secret).await;
        assert_eq!(joined.code(), "NOT_FOUND", "{who}");
        let commented = app
            .mutate(
                token,
                "postComment",
                json!({ "subjectKind": "GROUP", "subjectId": secret, "body": "Hallo?" }),
                "{ comment { id } }",
            )
            .await;
        if token.is_some() {
            assert_eq!(commented.code(), "NOT_FOUND", "{who}");
        }
    }
    // The calendar: the meeting file needs a member's session, the feed its secret.
    let status = |path: String| async move {
        app.http
            .get(app.url(&path))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16()
    };
    assert_eq!(
        status(meeting["calendarPath"].as_str().expect("path").to_owned()).await,
        404
    );
    assert_eq!(status(format!("/calendar/groups/{secret}.ics")).await, 404);
    assert_eq!(
        status(format!("/calendar/groups/{secret}.ics?token=raden")).await,
        404
    );
    let member_view = group_as(app, Some(&sq.resident), &secret).await;
    let feed = member_view["calendarPath"]
        .as_str()
        .expect("members get the feed");
    assert!(feed.contains("?token="));
    assert_eq!(status(feed.to_owned()).await, 200);
    // Members and admins do see it all.
    for token in [&sq.resident, &sq.admin] {
        let response = app.gql_as(Some(token), look, vars.clone()).await;
        let data = response.data();
        assert_eq!(data["group"]["name"], "Groen Molenwijk");
        assert_eq!(data["idea"]["groups"][0]["name"], "Groen Molenwijk");
        assert_eq!(data["meeting"]["title"], "Overleg");
    }
    // Made public, it shows up in search; made members-only again, it leaves.
    let update = |visibility: &'static str| {
        let secret = secret.clone();
        async move {
            app.mutate(
                Some(&sq.resident),
                "updateGroup",
                json!({ "id": secret, "visibility": visibility }),
                "{ group { visibility } }",
            )
            .await
            .data()
            .clone()
        }
    };
    let search = || async {
        app.drain_search().await;
        app.gql_as(None, "{ search(query: \"Groen Molenwijk\", filter: { kinds: [GROUP] }) { estimatedTotal edges { node { __typename } } } }", json!({}))
            .await
            .data()["search"]["estimatedTotal"]
            .clone()
    };
    update("PUBLIC").await;
    assert_eq!(search().await, 1);
    update("MEMBERS").await;
    assert_eq!(search().await, 0);
}

#[tokio::test]
async fn an_invitation_does_not_let_anyone_into_a_hidden_group() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "MEMBERS", "INVITE").await;
    let invited = app
        .mutate(
            Some(&sq.resident),
            "inviteToGroup",
            json!({ "groupId": group, "email": "nieuw@plein.test" }),
            "{ invitation { id } }",
        )
        .await;
    let id = invited.data()["inviteToGroup"]["invitation"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mail = app
        .app
        .issue_invitation_mail(uuid::Uuid::parse_str(&id).expect("uuid"))
        .await
        .expect("issue")
        .expect("an invitation to mail");
    let hide = |hidden: bool| {
        app.mutate(
            Some(&sq.moderator),
            "setHidden",
            json!({ "subjectKind": "GROUP", "subjectId": group, "hidden": hidden, "reason": "Beledigende naam." }),
            "{ done }",
        )
    };
    hide(true).await.data();
    let (newcomer, _) = app.register("nieuw@plein.test", "Noor").await;
    let accepted = app
        .mutate(
            Some(&newcomer),
            "acceptGroupInvitation",
            json!({ "token": mail.token }),
            GROUP,
        )
        .await;
    assert_eq!(
        (accepted.code(), accepted.field()),
        ("BAD_USER_INPUT", Some("token")),
        "{}",
        accepted.body
    );
    // Shown again, the group still has its one member.
    hide(false).await.data();
    let seen = group_as(app, Some(&sq.resident), group).await;
    assert_eq!(seen["memberCount"], 1);
}

#[tokio::test]
async fn a_removed_member_and_a_hidden_group_serve_no_calendar_feed() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "MEMBERS", "INVITE").await;
    let invited = app
        .mutate(
            Some(&sq.resident),
            "inviteToGroup",
            json!({ "groupId": group, "email": "jan@plein.test" }),
            "{ invitation { id } }",
        )
        .await;
    let id = invited.data()["inviteToGroup"]["invitation"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mail = app
        .app
        .issue_invitation_mail(uuid::Uuid::parse_str(&id).expect("uuid"))
        .await
        .expect("issue")
        .expect("an invitation to mail");
    app.mutate(
        Some(&sq.neighbour),
        "acceptGroupInvitation",
        json!({ "token": mail.token }),
        GROUP,
    )
    .await
    .data();
    let feed_of = |token: String| async move {
        group_as(app, Some(&token), group).await["calendarPath"]
            .as_str()
            .expect("a member's feed")
            .to_owned()
    };
    let status = |path: String| async move {
        app.http
            .get(app.url(&path))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16()
    };
    let jans_feed = feed_of(sq.neighbour.clone()).await;
    assert_eq!(status(jans_feed.clone()).await, 200);

    app.mutate(
        Some(&sq.resident),
        "removeGroupMember",
        json!({ "groupId": group, "userId": sq.neighbour_id }),
        "{ done }",
    )
    .await
    .data();
    assert_eq!(
        status(jans_feed.clone()).await,
        404,
        "Jan's copy of the address is dead"
    );
    let fatimas_feed = feed_of(sq.resident.clone()).await;
    assert_ne!(fatimas_feed, jans_feed);
    assert_eq!(status(fatimas_feed.clone()).await, 200);

    // Hidden by the moderators, the group has no feed at all.
    app.mutate(
        Some(&sq.moderator),
        "setHidden",
        json!({ "subjectKind": "GROUP", "subjectId": group, "hidden": true, "reason": "Beledigende naam." }),
        "{ done }",
    )
    .await
    .data();
    assert_eq!(status(fatimas_feed).await, 404);
}

#[tokio::test]
async fn an_online_meeting_link_shows_the_host_it_opens() {
    let app = &TestApp::spawn().await;
    let sq = &square(app).await;
    let group = &create_group(app, &sq.resident, &sq.neighbourhood, "PUBLIC", "OPEN").await;
    let schedule = |url: &'static str| {
        app.mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Online overleg",
                    "startsAt": app.clock_now() + chrono::Duration::days(2),
                    "endsAt": app.clock_now() + chrono::Duration::days(2) + chrono::Duration::hours(1),
                    "onlineUrl": url }),
            "{ meeting { onlineUrl } }",
        )
    };
    for phishing in [
        "https://plein.example@evil.example/",
        "https://gemeente.nl:wachtwoord@evil.example/vergadering",
    ] {
        let refused = schedule(phishing).await;
        assert_eq!(
            (refused.code(), refused.field()),
            ("BAD_USER_INPUT", Some("onlineUrl")),
            "{phishing}"
        );
    }
    let fine = schedule("https://meet.example.nl/buurt@molenwijk").await;
    assert_eq!(
        fine.data()["saveMeeting"]["meeting"]["onlineUrl"],
        "https://meet.example.nl/buurt@molenwijk"
    );
}
