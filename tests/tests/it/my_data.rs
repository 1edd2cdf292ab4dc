//! A person's own data: the export holds everything about them and nothing
//! about anyone else, its link works once and expires; deleting an account
//! removes the personal data, keeps the contributions under an anonymous
//! name and frees the address.

use plein_storage::entities::audit_log;
use plein_tests::{PASSWORD, Square, TestApp};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

const SEARCH: &str =
    "query($q: String!) { search(query: $q) { edges { node { ... on Idea { id } } } } }";

async fn export(app: &TestApp, token: &str) -> String {
    let response = app
        .gql_as(
            Some(token),
            "mutation { exportMyData { downloadPath expiresAt } }",
            json!({}),
        )
        .await;
    let path = response.data()["exportMyData"]["downloadPath"]
        .as_str()
        .expect("path")
        .to_owned();
    assert!(path.starts_with("/my-data/download?token="), "{path}");
    path
}

async fn download(app: &TestApp, path: &str, language: &str) -> reqwest::Response {
    app.http
        .get(app.url(path))
        .header("accept-language", language)
        .send()
        .await
        .expect("download")
}

async fn found(app: &TestApp, query: &str) -> Vec<String> {
    let response = app.gql(SEARCH, json!({ "q": query })).await;
    response.data()["search"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
        .collect()
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|item| item[key].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

/// `token` lets `delegate` comment for them for a week; answers the mandate's id.
async fn grant(app: &TestApp, token: &str, delegate: &str) -> String {
    let response = app
        .mutate(
            Some(token),
            "grantMandate",
            json!({ "delegateId": delegate, "actions": ["COMMENT"],
                    "validUntil": app.clock_now() + chrono::Duration::days(7) }),
            "{ mandate { id } }",
        )
        .await;
    response.data()["grantMandate"]["mandate"]["id"]
        .as_str()
        .expect("mandate")
        .to_owned()
}

async fn group(app: &TestApp, token: &str, sq: &Square, name: &str) -> String {
    let response = app
        .mutate(
            Some(token),
            "createGroup",
            json!({ "name": name, "purpose": "Meer groen.", "areaId": sq.neighbourhood,
                    "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await;
    response.data()["createGroup"]["group"]["id"]
        .as_str()
        .expect("group")
        .to_owned()
}

#[tokio::test]
async fn the_archive_holds_my_data_and_nothing_of_others() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let mine = app
        .idea(&sq.resident, &sq.neighbourhood, "Bloembakken")
        .await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Nog geheim")
        .await;
    let theirs = app
        .idea(&sq.neighbour, &sq.neighbourhood, "Speeltuin van Jan")
        .await;
    // Jan's idea going public reaches those who followed it then: nobody.
    app.drain_notifications().await;
    let my_comment = app.comment(&sq.resident, "IDEA", &theirs, None).await;
    app.comment(&sq.neighbour, "IDEA", &mine, None).await;
    app.mutate(
        Some(&sq.resident),
        "supportIdea",
        json!({ "ideaId": theirs }),
        "{ idea { id } }",
    )
    .await
    .data();
    let my_group = group(&app, &sq.resident, &sq, "Groen Molenwijk").await;
    group(&app, &sq.neighbour, &sq, "Jans geheime club").await;
    app.drain_notifications().await;
    app.mutate(
        Some(&sq.resident),
        "follow",
        json!({ "subjectKind": "AREA", "subjectId": sq.district }),
        "{ following }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.resident),
        "setNotificationPreference",
        json!({ "kind": "COMMENT", "cadence": "WEEKLY" }),
        "{ __typename }",
    )
    .await
    .data();

    // A mandate given to the professional, and one received from them.
    let given = grant(&app, &sq.resident, &sq.professional_id).await;
    let received = grant(&app, &sq.professional, &sq.resident_id).await;

    let path = export(&app, &sq.resident).await;
    let response = download(&app, &path, "nl").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .expect("type")
            .starts_with("application/json")
    );
    let disposition = headers["content-disposition"]
        .to_str()
        .expect("disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"plein-my-data-"),
        "{disposition}"
    );
    let text = response.text().await.expect("body");
    let archive: Value = serde_json::from_str(&text).expect("JSON");

    assert_eq!(archive["format"], "plein-my-data/1");
    assert_eq!(archive["profile"]["email"], "fatima@plein.test");
    assert_eq!(archive["profile"]["displayName"], "Fatima");
    let mut my_ideas = vec![mine.clone(), draft.clone()];
    my_ideas.sort();
    assert_eq!(ids(&archive["ideas"], "id"), my_ideas);
    assert_eq!(ids(&archive["comments"], "id"), vec![my_comment]);
    assert_eq!(ids(&archive["supports"], "ideaId"), vec![theirs.clone()]);
    assert_eq!(ids(&archive["groupMemberships"], "groupId"), vec![my_group]);
    assert_eq!(
        archive["groupMemberships"][0]["groupName"],
        "Groen Molenwijk"
    );
    assert_eq!(archive["groupMemberships"][0]["role"], "coordinator");
    assert!(
        archive["follows"]
            .as_array()
            .expect("follows")
            .iter()
            .any(|f| f["subjectId"] == sq.district.as_str()),
        "{}",
        archive["follows"]
    );
    assert_eq!(
        archive["notificationPreferences"],
        json!([{ "kind": "comment", "cadence": "weekly",
                 "updatedAt": archive["notificationPreferences"][0]["updatedAt"] }])
    );
    let notifications = archive["notifications"].as_array().expect("list");
    assert!(!notifications.is_empty(), "Jan's comment on my idea");
    assert!(
        notifications
            .iter()
            .all(|n| n["subjectId"] == mine.as_str())
    );
    assert_eq!(ids(&archive["mandatesGiven"], "id"), vec![given]);
    assert_eq!(
        archive["mandatesGiven"][0]["delegateId"],
        sq.professional_id
    );
    assert_eq!(ids(&archive["mandatesReceived"], "id"), vec![received]);
    let sessions = archive["sessions"].as_array().expect("sessions");
    assert!(!sessions.is_empty());
    for session in sessions {
        let keys: Vec<&str> = session
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert!(!keys.iter().any(|k| k.contains("token")), "{keys:?}");
    }
    // Nothing of anyone else, and no secret.
    for other in [
        "jan@plein.test",
        "Speeltuin van Jan",
        "Jans geheime club",
        sq.neighbour_id.as_str(),
        sq.resident.as_str(),
        "argon2",
    ] {
        assert!(!text.contains(other), "the archive holds {other:?}");
    }
}

#[tokio::test]
async fn the_link_works_once_and_expires() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let path = export(&app, &sq.resident).await;
    assert_eq!(download(&app, &path, "nl").await.status(), 200);
    let again = download(&app, &path, "nl").await;
    assert_eq!(again.status(), 400);
    let page = again.text().await.expect("page");
    assert!(page.contains("Deze link is al gebruikt"), "{page}");
    assert!(page.contains("<html lang=\"nl\">"));

    let other = export(&app, &sq.resident).await;
    app.clock.advance(chrono::Duration::hours(24));
    let late = download(&app, &other, "en-GB,en;q=0.9").await;
    assert_eq!(late.status(), 400);
    let page = late.text().await.expect("page");
    assert!(page.contains("This link has expired"), "{page}");

    // Someone else's token, or none at all, shows nothing.
    let bogus = download(&app, "/my-data/download?token=abc", "nl").await;
    assert_eq!(bogus.status(), 400);
    assert!(
        bogus
            .text()
            .await
            .expect("page")
            .contains("Deze link werkt niet")
    );

    // The mailed link opens a page with a button, so scanners don't use it up.
    let mailed = download(&app, "/my-data?token=abc", "nl").await;
    assert_eq!(mailed.status(), 200);
    let page = mailed.text().await.expect("page");
    assert!(page.contains("action=\"/my-data/download\""), "{page}");
    assert!(page.contains("value=\"abc\""));
}

#[tokio::test]
async fn exports_count_against_the_mail_limits() {
    let app = TestApp::builder()
        .settings(|s| s.mail_per_account.max = 2)
        .spawn()
        .await;
    let sq = app.square().await;
    export(&app, &sq.resident).await;
    export(&app, &sq.resident).await;
    let third = app
        .gql_as(
            Some(&sq.resident),
            "mutation { exportMyData { downloadPath } }",
            json!({}),
        )
        .await;
    assert_eq!(third.code(), "RATE_LIMITED");
}

#[tokio::test]
async fn a_deleted_account_is_gone_but_its_contributions_stay() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Bloembakken op de brug")
        .await;
    let theirs = app
        .idea(&sq.neighbour, &sq.neighbourhood, "Een bankje")
        .await;
    app.comment(&sq.resident, "IDEA", &theirs, None).await;
    let group = group(&app, &sq.neighbour, &sq, "Groen Molenwijk").await;
    app.mutate(
        Some(&sq.resident),
        "joinGroup",
        json!({ "groupId": group }),
        "{ group { id } }",
    )
    .await
    .data();
    grant(&app, &sq.resident, &sq.neighbour_id).await;
    let second_session = app.sign_in("fatima@plein.test").await;
    let pending_export = export(&app, &sq.resident).await;
    app.drain_search().await;
    assert_eq!(found(&app, "Fatima").await, vec![idea.clone()]);

    // A wrong password changes nothing.
    let wrong = app
        .mutate(
            Some(&sq.resident),
            "deleteMyAccount",
            json!({ "password": "not my password" }),
            "{ deleted }",
        )
        .await;
    assert_eq!(wrong.code(), "BAD_USER_INPUT");
    assert_eq!(wrong.field(), Some("password"));
    let me = app
        .gql_as(
            Some(&sq.resident),
            "{ me { displayName email } }",
            json!({}),
        )
        .await;
    assert_eq!(me.data()["me"]["displayName"], "Fatima");

    let deleted = app
        .mutate(
            Some(&sq.resident),
            "deleteMyAccount",
            json!({ "password": PASSWORD }),
            "{ deleted }",
        )
        .await;
    assert_eq!(deleted.data()["deleteMyAccount"]["deleted"], true);
    let cookie = deleted.headers["set-cookie"].to_str().expect("cookie");
    assert!(cookie.contains("Max-Age=0"), "{cookie}");

    // Every session has ended and the account never signs in again.
    for token in [&sq.resident, &second_session] {
        let me = app.gql_as(Some(token), "{ me { id } }", json!({})).await;
        assert!(me.data()["me"].is_null());
    }
    let sign_in = app
        .gql(
            "mutation($input: SignInInput!) { signIn(input: $input) { token } }",
            json!({ "input": { "email": "fatima@plein.test", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(sign_in.code(), "UNAUTHENTICATED");
    assert_eq!(download(&app, &pending_export, "nl").await.status(), 400);

    // Nobody acts for the deleted account any more.
    let for_her = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": theirs, "body": "Namens Fatima",
                    "onBehalfOf": sq.resident_id }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(for_her.field(), Some("onBehalfOf"), "{}", for_her.body);

    // The contributions stay, under the anonymous name.
    let idea_view = app
        .gql(
            "query($id: ID!) { idea(id: $id) { title author { displayName email } } }",
            json!({ "id": idea }),
        )
        .await;
    assert_eq!(
        idea_view.data()["idea"]["author"]["displayName"],
        "Verwijderd account"
    );
    let thread = app
        .gql(
            "query($id: ID!) { idea(id: $id) { comments { edges { node { author { displayName } } } } } }",
            json!({ "id": theirs }),
        )
        .await;
    assert_eq!(
        thread.data()["idea"]["comments"]["edges"][0]["node"]["author"]["displayName"],
        "Verwijderd account"
    );
    let members = app
        .gql(
            "query($id: ID!) { group(id: $id) { memberCount } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(members.data()["group"]["memberCount"], 1);

    // Search forgets the name but keeps the idea.
    app.drain_search().await;
    assert!(found(&app, "Fatima").await.is_empty());
    assert_eq!(found(&app, "Bloembakken").await, vec![idea]);

    // The audit log has the deletion, and nothing personal.
    let entries = audit_log::Entity::find()
        .all(&app.app.db.conn)
        .await
        .expect("audit");
    let entry = entries
        .iter()
        .find(|e| e.action == "user.delete")
        .expect("audited");
    assert_eq!(entry.subject_id.to_string(), sq.resident_id);
    assert_eq!(entry.detail, json!({}));

    // The address is free to register again, as a new account.
    let (_, new_id) = app.register("fatima@plein.test", "Fatima").await;
    assert_ne!(new_id, sq.resident_id);
}

#[tokio::test]
async fn the_last_coordinator_hands_over_first() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let group = group(&app, &sq.resident, &sq, "Groen Molenwijk").await;
    let refused = app
        .mutate(
            Some(&sq.resident),
            "deleteMyAccount",
            json!({ "password": PASSWORD }),
            "{ deleted }",
        )
        .await;
    assert_eq!(refused.code(), "CONFLICT");
    assert_eq!(refused.field(), Some("groups"));
    let message = refused.body["errors"][0]["message"]
        .as_str()
        .expect("message");
    assert!(message.contains("Groen Molenwijk"), "{message}");
    let me = app
        .gql_as(Some(&sq.resident), "{ me { displayName } }", json!({}))
        .await;
    assert_eq!(me.data()["me"]["displayName"], "Fatima");
    let view = app
        .gql(
            "query($id: ID!) { group(id: $id) { memberCount } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(view.data()["group"]["memberCount"], 1);
}

#[tokio::test]
async fn a_second_link_is_mailed_and_works_once_too() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    export(&app, &sq.resident).await;
    let folder = tempfile::tempdir().expect("folder");
    app.drain_jobs(vec![std::sync::Arc::new(plein_mail::AccountMailHandler {
        app: app.app.clone(),
        mailer: std::sync::Arc::new(
            plein_mail::FolderMailer::new(folder.path(), "Plein <noreply@plein.test>")
                .expect("mailer"),
        ),
        templates: plein_mail::Templates::new(&app.base, "Gemeente Amstelveld").expect("templates"),
    })])
    .await;
    let mut tokens = Vec::new();
    for entry in std::fs::read_dir(folder.path()).expect("mails") {
        let raw = std::fs::read(entry.expect("entry").path()).expect("mail");
        let mail = mailparse::parse_mail(&raw).expect("parse");
        let text = mail.subparts[0].get_body().expect("text part");
        if !String::from_utf8_lossy(&raw).contains("fatima@plein.test") {
            continue;
        }
        if let Some((_, rest)) = text.split_once("/my-data?token=") {
            let token: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            tokens.push(token);
        }
    }
    assert_eq!(tokens.len(), 1, "one data-export mail to Fatima");
    let path = format!("/my-data/download?token={}", tokens[0]);
    let first = download(&app, &path, "nl").await;
    assert_eq!(first.status(), 200);
    let archive: Value = first.json().await.expect("JSON");
    assert_eq!(archive["profile"]["email"], "fatima@plein.test");
    assert_eq!(download(&app, &path, "nl").await.status(), 400);
}
