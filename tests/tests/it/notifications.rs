//! Follows and notifications: who hears of what (and who never does), area
//! follows covering what lies beneath, unread counts and marking read,
//! preferences, and digests on the test's clock.

use plein_tests::serde_json::{Value, json};
use plein_tests::{GqlResponse, TestApp};

const NOTIFICATIONS: &str = "query($unread: Boolean) {
    unreadNotificationCount
    myNotifications(first: 50, unreadOnly: $unread) { totalCount edges { node {
        id kind subjectKind subjectId subjectTitle actorName text detail readAt
        subject { __typename ... on Idea { title } ... on Plan { title } }
    } } }
}";

async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let response = app
        .gql_as(Some(token), NOTIFICATIONS, json!({ "unread": false }))
        .await;
    response.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn kinds(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|n| n["kind"].as_str().expect("kind"))
        .collect()
}

async fn follow(app: &TestApp, token: &str, kind: &str, id: &str) -> GqlResponse {
    app.mutate(
        Some(token),
        "follow",
        json!({ "subjectKind": kind, "subjectId": id }),
        "{ following subjectKind subjectId }",
    )
    .await
}

async fn follows_idea(app: &TestApp, token: &str, idea: &str) -> bool {
    app.gql_as(
        Some(token),
        "query($id: ID!) { idea(id: $id) { viewerFollows } }",
        json!({ "id": idea }),
    )
    .await
    .data()["idea"]["viewerFollows"]
        .as_bool()
        .expect("viewerFollows")
}

#[tokio::test]
async fn following_and_unfollowing_ideas_plans_and_areas() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;

    assert!(!follows_idea(&app, &sq.neighbour, &idea).await);
    let followed = follow(&app, &sq.neighbour, "IDEA", &idea).await;
    assert_eq!(followed.data()["follow"]["following"], true);
    // Twice is the same as once.
    follow(&app, &sq.neighbour, "IDEA", &idea).await.data();
    assert!(follows_idea(&app, &sq.neighbour, &idea).await);

    follow(&app, &sq.neighbour, "PLAN", &plan).await.data();
    follow(&app, &sq.neighbour, "AREA", &sq.district)
        .await
        .data();
    let data = app
        .gql_as(
            Some(&sq.neighbour),
            "query($plan: ID!, $area: ID!) { plan(id: $plan) { viewerFollows } area(id: $area) { viewerFollows } }",
            json!({ "plan": plan, "area": sq.district }),
        )
        .await;
    assert_eq!(data.data()["plan"]["viewerFollows"], true);
    assert_eq!(data.data()["area"]["viewerFollows"], true);

    let unfollowed = app
        .mutate(
            Some(&sq.neighbour),
            "unfollow",
            json!({ "subjectKind": "IDEA", "subjectId": idea }),
            "{ following }",
        )
        .await;
    assert_eq!(unfollowed.data()["unfollow"]["following"], false);
    assert!(!follows_idea(&app, &sq.neighbour, &idea).await);

    // Nobody follows what they may not see, or what does not exist.
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Nog geheim")
        .await;
    assert_eq!(
        follow(&app, &sq.neighbour, "IDEA", &draft).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(
        follow(&app, &sq.neighbour, "GROUP", &idea).await.code(),
        "NOT_FOUND"
    );
    let bad = follow(&app, &sq.neighbour, "IDEA", "not-an-id").await;
    assert_eq!(bad.code(), "BAD_USER_INPUT");
    assert_eq!(bad.field(), Some("subjectId"));
    let anonymous = app
        .mutate(
            None,
            "follow",
            json!({ "subjectKind": "IDEA", "subjectId": idea }),
            "{ following }",
        )
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    // Anonymous viewers follow nothing.
    let data = app
        .gql(
            "query($id: ID!) { idea(id: $id) { viewerFollows } }",
            json!({ "id": idea }),
        )
        .await;
    assert_eq!(data.data()["idea"]["viewerFollows"], false);
}

#[tokio::test]
async fn authors_and_commenters_follow_what_they_write() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    assert!(follows_idea(&app, &sq.resident, &idea).await);
    assert!(!follows_idea(&app, &sq.neighbour, &idea).await);
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    assert!(follows_idea(&app, &sq.neighbour, &idea).await);

    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    let data = app
        .gql_as(
            Some(&sq.professional),
            "query($id: ID!) { plan(id: $id) { viewerFollows } }",
            json!({ "id": plan }),
        )
        .await;
    assert_eq!(data.data()["plan"]["viewerFollows"], true);
}

#[tokio::test]
async fn comments_and_replies_reach_followers_but_never_the_actor() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (third, _) = app.register("kees@plein.test", "Kees").await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.drain_notifications().await;

    let comment = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.drain_notifications().await;
    let fatima = notifications(&app, &sq.resident).await;
    assert_eq!(kinds(&fatima), ["COMMENT"]);
    assert_eq!(fatima[0]["actorName"], "Jan");
    assert_eq!(fatima[0]["subjectTitle"], "Bankje");
    assert_eq!(fatima[0]["subjectKind"], "IDEA");
    assert_eq!(fatima[0]["subject"]["__typename"], "Idea");
    assert_eq!(fatima[0]["text"], "Mee eens!");
    assert!(fatima[0]["readAt"].is_null());
    assert!(
        notifications(&app, &sq.neighbour).await.is_empty(),
        "not the actor"
    );
    assert!(
        notifications(&app, &third).await.is_empty(),
        "not a stranger"
    );

    // Fatima replies to Jan: Jan hears of a reply (once, not also as a
    // comment in a thread he follows); Fatima hears nothing of her own reply.
    app.comment(&sq.resident, "IDEA", &idea, Some(&comment))
        .await;
    app.drain_notifications().await;
    assert_eq!(kinds(&notifications(&app, &sq.neighbour).await), ["REPLY"]);
    assert_eq!(notifications(&app, &sq.resident).await.len(), 1);

    // Running the outbox again adds nothing.
    assert_eq!(app.drain_notifications().await, 0);
    assert_eq!(notifications(&app, &sq.neighbour).await.len(), 1);
}

#[tokio::test]
async fn official_replies_and_status_changes_reach_followers_with_the_reason() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.drain_notifications().await;
    let comment = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.drain_notifications().await;

    app.mutate(
        Some(&sq.professional),
        "answerThread",
        json!({ "threadId": comment, "body": "We nemen het mee." }),
        "{ comment { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.professional),
        "setIdeaStatus",
        json!({ "id": idea, "status": "DECLINED", "reason": "Geen ruimte op de stoep" }),
        "{ idea { status } }",
    )
    .await
    .data();
    app.drain_notifications().await;

    let jan = notifications(&app, &sq.neighbour).await;
    // Newest first: the status change, then the official answer to his comment.
    assert_eq!(kinds(&jan), ["IDEA_STATUS", "REPLY"]);
    assert_eq!(jan[0]["detail"], "declined");
    assert_eq!(jan[0]["text"], "Geen ruimte op de stoep");
    let fatima = notifications(&app, &sq.resident).await;
    assert_eq!(kinds(&fatima), ["IDEA_STATUS", "OFFICIAL_REPLY", "COMMENT"]);
    assert_eq!(fatima[1]["actorName"], "ambtenaar");
    // The professional answered, but follows nothing and acted: nothing for them.
    assert!(notifications(&app, &sq.professional).await.is_empty());
}

#[tokio::test]
async fn an_area_follow_covers_everything_beneath_it() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (kees, _) = app.register("kees@plein.test", "Kees").await;
    let (els, _) = app.register("els@plein.test", "Els").await;
    let other = app
        .area(&sq.admin, "Noord", "DISTRICT", Some(&sq.municipality))
        .await;
    follow(&app, &kees, "AREA", &sq.municipality).await.data();
    follow(&app, &els, "AREA", &other).await.data();

    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    app.drain_notifications().await;

    let list = notifications(&app, &kees).await;
    // Newest first: the plan opened, a comment, the idea published (a kind
    // of its own, not a status change).
    assert_eq!(kinds(&list), ["PLAN_OPENED", "COMMENT", "IDEA_PUBLISHED"]);
    assert!(list[2]["detail"].is_null());
    assert_eq!(list[2]["actorName"], "Fatima");
    assert_eq!(list[0]["subjectId"], plan);
    assert_eq!(list[0]["subject"]["__typename"], "Plan");
    assert!(
        notifications(&app, &els).await.is_empty(),
        "another district"
    );
}

#[tokio::test]
async fn nobody_hears_of_what_they_may_not_see() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.drain_notifications().await;
    follow(&app, &sq.neighbour, "IDEA", &idea).await.data();
    follow(&app, &sq.admin, "AREA", &sq.municipality)
        .await
        .data();

    // Withdrawn ideas are the author's (and admins') alone.
    app.mutate(
        Some(&sq.resident),
        "withdrawIdea",
        json!({ "id": idea, "reason": "Toch niet" }),
        "{ idea { status } }",
    )
    .await
    .data();
    app.drain_notifications().await;
    assert!(notifications(&app, &sq.neighbour).await.is_empty());
    assert!(
        notifications(&app, &sq.resident).await.is_empty(),
        "the actor"
    );
    assert_eq!(
        kinds(&notifications(&app, &sq.admin).await),
        ["IDEA_STATUS"]
    );
}

#[tokio::test]
async fn unread_counts_and_marking_read_are_per_person() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.drain_notifications().await;

    let list = notifications(&app, &sq.resident).await;
    assert_eq!(list.len(), 3);
    let count = |token: String| {
        let app = &app;
        async move {
            app.gql_as(Some(&token), "{ unreadNotificationCount }", json!({}))
                .await
                .data()["unreadNotificationCount"]
                .as_u64()
                .expect("count")
        }
    };
    assert_eq!(count(sq.resident.clone()).await, 3);

    // Someone else's ids change nothing.
    let ids: Vec<&str> = list.iter().map(|n| n["id"].as_str().expect("id")).collect();
    let foreign = app
        .mutate(
            Some(&sq.neighbour),
            "markNotificationsRead",
            json!({ "ids": ids }),
            "{ unreadCount notifications { id } }",
        )
        .await;
    assert_eq!(
        foreign.data()["markNotificationsRead"]["notifications"],
        json!([])
    );
    assert_eq!(count(sq.resident.clone()).await, 3);

    let one = app
        .mutate(
            Some(&sq.resident),
            "markNotificationsRead",
            json!({ "ids": [ids[0]] }),
            "{ unreadCount notifications { id readAt } }",
        )
        .await;
    let payload = &one.data()["markNotificationsRead"];
    assert_eq!(payload["unreadCount"], 2);
    assert!(payload["notifications"][0]["readAt"].is_string());
    let unread = app
        .gql_as(Some(&sq.resident), NOTIFICATIONS, json!({ "unread": true }))
        .await;
    assert_eq!(unread.data()["myNotifications"]["totalCount"], 2);

    let all = app
        .mutate(
            Some(&sq.resident),
            "markNotificationsRead",
            json!({ "all": true }),
            "{ unreadCount }",
        )
        .await;
    assert_eq!(all.data()["markNotificationsRead"]["unreadCount"], 0);

    let neither = app
        .mutate(
            Some(&sq.resident),
            "markNotificationsRead",
            json!({}),
            "{ unreadCount }",
        )
        .await;
    assert_eq!(neither.code(), "BAD_USER_INPUT");
    assert_eq!(neither.field(), Some("ids"));

    // Pages of one.
    let page = app
        .gql_as(
            Some(&sq.resident),
            "{ myNotifications(first: 1) { totalCount pageInfo { hasNextPage endCursor } } }",
            json!({}),
        )
        .await;
    let conn = &page.data()["myNotifications"];
    assert_eq!(conn["totalCount"], 3);
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let after = conn["pageInfo"]["endCursor"].as_str().expect("cursor");
    let next = app
        .gql_as(
            Some(&sq.resident),
            "query($after: String) { myNotifications(first: 5, after: $after) { edges { node { id } } } }",
            json!({ "after": after }),
        )
        .await;
    assert_eq!(
        next.data()["myNotifications"]["edges"]
            .as_array()
            .expect("edges")
            .len(),
        2
    );

    // Anonymous visitors have no notifications to read.
    let anonymous = app.gql("{ unreadNotificationCount }", json!({})).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    let anonymous = app
        .gql("{ myNotifications { totalCount } }", json!({}))
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
}

/// The payloads of the notification mail jobs waiting in the outbox.
async fn mail_jobs(app: &TestApp) -> Vec<Value> {
    let mut jobs = plein_storage::jobs::pending(&app.app.db.conn, "notify.mail")
        .await
        .expect("jobs");
    jobs.sort_by_key(|j| j.id);
    jobs.into_iter().map(|j| j.payload).collect()
}

#[tokio::test]
async fn preferences_default_sensibly_and_decide_what_is_mailed_at_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let prefs = app
        .gql_as(
            Some(&sq.resident),
            "{ notificationPreferences { kind cadence } }",
            json!({}),
        )
        .await;
    let prefs = prefs.data()["notificationPreferences"].clone();
    let cadence = |prefs: &Value, kind: &str| {
        prefs
            .as_array()
            .expect("list")
            .iter()
            .find(|p| p["kind"] == kind)
            .map(|p| p["cadence"].as_str().expect("cadence").to_owned())
    };
    assert_eq!(prefs.as_array().map(Vec::len), Some(17));
    assert_eq!(cadence(&prefs, "REPLY").as_deref(), Some("IMMEDIATELY"));
    assert_eq!(
        cadence(&prefs, "TASK_ASSIGNED").as_deref(),
        Some("IMMEDIATELY")
    );
    // The invitation itself is mailed; the notification adds no second mail.
    assert_eq!(
        cadence(&prefs, "GROUP_INVITATION").as_deref(),
        Some("NEVER")
    );
    assert_eq!(
        cadence(&prefs, "IDEA_STATUS").as_deref(),
        Some("IMMEDIATELY")
    );
    assert_eq!(cadence(&prefs, "COMMENT").as_deref(), Some("DAILY"));
    assert_eq!(cadence(&prefs, "PLAN_CLOSING").as_deref(), Some("DAILY"));

    let set = app
        .mutate(
            Some(&sq.neighbour),
            "setNotificationPreference",
            json!({ "kind": "REPLY", "cadence": "NEVER" }),
            "{ preference { kind cadence } }",
        )
        .await;
    assert_eq!(
        set.data()["setNotificationPreference"]["preference"],
        json!({ "kind": "REPLY", "cadence": "NEVER" })
    );
    let bad = app
        .mutate(
            Some(&sq.neighbour),
            "setNotificationPreference",
            json!({ "kind": "REPLY", "cadence": "HOURLY" }),
            "{ preference { kind } }",
        )
        .await;
    assert!(bad.body["errors"].is_array());

    // Fatima wants replies at once (the default); Jan wants none by mail.
    // The worker fans out each event as it comes, before the next one.
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.drain_notifications().await;
    let fatimas = app.comment(&sq.resident, "IDEA", &idea, None).await;
    app.drain_notifications().await;
    let jans = app
        .comment(&sq.neighbour, "IDEA", &idea, Some(&fatimas))
        .await;
    app.drain_notifications().await;
    app.comment(&sq.resident, "IDEA", &idea, Some(&jans)).await;
    app.drain_notifications().await;
    assert_eq!(kinds(&notifications(&app, &sq.neighbour).await), ["REPLY"]);
    let jobs = mail_jobs(&app).await;
    // Jan's reply to Fatima is mailed at once; Fatima's reply to Jan is not.
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0]["user_id"], sq.resident_id);
    assert!(jobs[0]["digest"].is_null());
}

#[tokio::test]
async fn the_daily_digest_groups_what_was_not_mailed_and_sends_nothing_when_empty() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.app.schedule_digests().await.expect("schedule");
    let bankje = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    let boom = app.idea(&sq.resident, &sq.neighbourhood, "Boom").await;
    app.drain_notifications().await;
    app.comment(&sq.neighbour, "IDEA", &bankje, None).await;
    app.comment(&sq.neighbour, "IDEA", &bankje, None).await;
    app.comment(&sq.neighbour, "IDEA", &boom, None).await;
    app.drain_notifications().await;
    // Comments go in the daily digest: nothing is mailed yet.
    assert!(mail_jobs(&app).await.is_empty());

    app.clock.advance(chrono::Duration::hours(25));
    app.drain_notifications().await;
    let jobs = mail_jobs(&app).await;
    assert_eq!(jobs.len(), 1, "one digest for Fatima: {jobs:?}");
    assert_eq!(jobs[0]["user_id"], sq.resident_id);
    assert_eq!(jobs[0]["digest"], "daily");
    assert_eq!(
        jobs[0]["notification_ids"].as_array().map(Vec::len),
        Some(3)
    );

    // The next day brings nothing new: no mail, and nothing twice.
    app.clock.advance(chrono::Duration::hours(24));
    app.drain_notifications().await;
    assert_eq!(mail_jobs(&app).await.len(), 1);

    // Scheduling again (another server starting) schedules nothing twice.
    app.app.schedule_digests().await.expect("schedule");
    app.app.schedule_digests().await.expect("schedule");
    let pending = plein_storage::jobs::pending(&app.app.db.conn, "notify.digest")
        .await
        .expect("jobs");
    assert_eq!(pending.len(), 2, "one daily and one weekly run ahead");
}

#[tokio::test]
async fn a_plan_window_opens_closes_within_48_hours_and_gets_its_response() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (kees, _) = app.register("kees@plein.test", "Kees").await;
    follow(&app, &kees, "AREA", &sq.district).await.data();
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    app.drain_notifications().await;
    assert_eq!(kinds(&notifications(&app, &kees).await), ["PLAN_OPENED"]);
    assert!(
        notifications(&app, &sq.professional).await.is_empty(),
        "the author opened it"
    );

    // The window moves a day later: the first reminder finds it stale.
    let closes = app.clock_now() + chrono::Duration::days(8);
    app.mutate(
        Some(&sq.professional),
        "updatePlan",
        json!({ "id": plan, "feedbackClosesAt": closes }),
        "{ plan { id } }",
    )
    .await
    .data();
    app.clock
        .advance(chrono::Duration::days(5) + chrono::Duration::hours(1));
    app.drain_notifications().await;
    assert_eq!(kinds(&notifications(&app, &kees).await), ["PLAN_OPENED"]);
    app.clock.advance(chrono::Duration::days(1));
    app.drain_notifications().await;
    let list = notifications(&app, &kees).await;
    assert_eq!(kinds(&list), ["PLAN_CLOSING", "PLAN_OPENED"]);
    assert!(list[0]["actorName"].is_null());
    // The author follows their plan and hears of the deadline too.
    assert_eq!(
        kinds(&notifications(&app, &sq.professional).await),
        ["PLAN_CLOSING"]
    );

    app.clock.advance(chrono::Duration::days(3));
    app.mutate(
        Some(&sq.professional),
        "respondToPlan",
        json!({ "planId": plan, "response": "We planten tien bomen." }),
        "{ plan { id } }",
    )
    .await
    .data();
    app.drain_notifications().await;
    let list = notifications(&app, &kees).await;
    assert_eq!(kinds(&list)[0], "PLAN_RESPONDED");
    assert_eq!(list[0]["text"], "We planten tien bomen.");
}

#[tokio::test]
async fn the_support_threshold_reaches_the_areas_professionals() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.mutate(
        Some(&sq.professional),
        "updateProfile",
        json!({ "homeAreaId": sq.district }),
        "{ user { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.admin),
        "setAreaSupportThreshold",
        json!({ "areaId": sq.district, "threshold": 2 }),
        "{ area { id } }",
    )
    .await
    .data();
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    for token in [&sq.neighbour, &sq.moderator] {
        app.mutate(
            Some(token),
            "supportIdea",
            json!({ "ideaId": idea }),
            "{ idea { status } }",
        )
        .await
        .data();
    }
    app.drain_notifications().await;
    let pro = notifications(&app, &sq.professional).await;
    assert_eq!(kinds(&pro), ["THRESHOLD_REACHED"]);
    assert_eq!(pro[0]["detail"], "2");
    // The author follows the idea: its move to review reaches her.
    let fatima = notifications(&app, &sq.resident).await;
    assert_eq!(kinds(&fatima), ["IDEA_STATUS"]);
    assert_eq!(fatima[0]["detail"], "under_review");
    assert!(fatima[0]["actorName"].is_null());
    // No reason in English words for a Dutch reader: the app and the mail
    // say it in her language from the status.
    assert!(fatima[0]["text"].is_null(), "{}", fatima[0]);
}

async fn comments_weekly(app: &TestApp, token: &str) {
    app.mutate(
        Some(token),
        "setNotificationPreference",
        json!({ "kind": "COMMENT", "cadence": "WEEKLY" }),
        "{ preference { cadence } }",
    )
    .await
    .data();
}

#[tokio::test]
async fn a_digest_mails_each_person_what_they_want_at_its_cadence() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.app.schedule_digests().await.expect("schedule");
    comments_weekly(&app, &sq.resident).await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    follow(&app, &sq.neighbour, "IDEA", &idea).await.data();
    follow(&app, &sq.professional, "IDEA", &idea).await.data();
    app.drain_notifications().await;
    app.comment(&sq.moderator, "IDEA", &idea, None).await;
    app.comment(&sq.moderator, "IDEA", &idea, None).await;
    app.drain_notifications().await;

    // Jan and the professional want comments daily, Fatima weekly.
    app.clock.advance(chrono::Duration::hours(25));
    app.drain_notifications().await;
    // (Mails sent at once, of other kinds, are not digests.)
    let jobs = mail_jobs(&app).await;
    let mut daily: Vec<(String, usize)> = jobs
        .iter()
        .filter(|j| !j["digest"].is_null())
        .map(|j| {
            assert_eq!(j["digest"], "daily", "{jobs:?}");
            (
                j["user_id"].as_str().unwrap_or_default().to_owned(),
                j["notification_ids"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    daily.sort();
    // Two comments, and the idea new in the area they follow (daily too).
    let mut expected = vec![
        (sq.neighbour_id.clone(), 3),
        (sq.professional_id.clone(), 3),
    ];
    expected.sort();
    assert_eq!(daily, expected, "{jobs:?}");

    app.clock.advance(chrono::Duration::days(6));
    app.drain_notifications().await;
    let jobs = mail_jobs(&app).await;
    let weekly: Vec<&Value> = jobs.iter().filter(|j| j["digest"] == "weekly").collect();
    assert_eq!(weekly.len(), 1, "{jobs:?}");
    assert_eq!(weekly[0]["user_id"], sq.resident_id);
    assert_eq!(
        weekly[0]["notification_ids"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn a_weekly_preference_waits_for_the_weekly_digest() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.app.schedule_digests().await.expect("schedule");
    comments_weekly(&app, &sq.resident).await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    app.drain_notifications().await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.drain_notifications().await;

    // The daily digests of the next days leave it alone…
    app.clock.advance(chrono::Duration::hours(25));
    app.drain_notifications().await;
    assert!(mail_jobs(&app).await.is_empty());
    // …and the weekly one, at most a week later, carries it.
    app.clock.advance(chrono::Duration::days(6));
    app.drain_notifications().await;
    let jobs = mail_jobs(&app).await;
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0]["digest"], "weekly");
    assert_eq!(
        jobs[0]["notification_ids"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn notifications_forget_what_moderators_hide() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (kees, _) = app.register("kees@plein.test", "Kees").await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankje").await;
    let jans = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&kees, "IDEA", &idea, None).await;
    app.drain_notifications().await;
    let texts = |list: &[Value]| -> Vec<(String, Value)> {
        let mut texts: Vec<(String, Value)> = list
            .iter()
            .map(|n| {
                (
                    n["actorName"].as_str().unwrap_or_default().to_owned(),
                    n["text"].clone(),
                )
            })
            .collect();
        texts.sort_by(|a, b| a.0.cmp(&b.0));
        texts
    };
    assert_eq!(
        texts(&notifications(&app, &sq.resident).await),
        [
            ("Jan".to_owned(), json!("Mee eens!")),
            ("Kees".to_owned(), json!("Mee eens!"))
        ]
    );

    let hide = |kind: &'static str, id: String| {
        let app = &app;
        let moderator = sq.moderator.clone();
        async move {
            app.mutate(
                Some(&moderator),
                "setHidden",
                json!({ "subjectKind": kind, "subjectId": id, "hidden": true, "reason": "Beledigend." }),
                "{ done }",
            )
            .await
            .data();
        }
    };
    // Jan's comment is hidden: Fatima's notification no longer quotes it;
    // Kees's, with the same words, still does.
    hide("COMMENT", jans).await;
    assert_eq!(
        texts(&notifications(&app, &sq.resident).await),
        [
            ("Jan".to_owned(), Value::Null),
            ("Kees".to_owned(), json!("Mee eens!"))
        ]
    );

    // The idea is hidden: no notification names it or quotes what was said.
    hide("IDEA", idea.clone()).await;
    for token in [&sq.resident, &sq.neighbour, &kees] {
        for n in notifications(&app, token).await {
            assert_eq!(n["subjectId"], idea.as_str());
            assert_eq!(
                (&n["subjectTitle"], &n["text"]),
                (&json!(""), &Value::Null),
                "{n}"
            );
        }
    }
}
