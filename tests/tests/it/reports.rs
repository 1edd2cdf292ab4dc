//! Reports of problems in the street ("meldingen"): admins set up
//! categories, parties and routes; a report lands in the deepest area and
//! goes to the deepest route; the party handles it through a signed link
//! without an account; the reporter and those who joined hear of each
//! change and answer "is it solved?"; the reporter is never public.

use std::sync::Arc;

use chrono::Duration;
use mailparse::MailHeaderMap;
use plein_tests::serde_json::{Value, json};
use plein_tests::{GqlResponse, Square, TestApp};

const REPORT: &str = "{ report { id status area { name } party { name email } deadlineAt overdue resolution joinCount viewerIsReporter history { fromStatus toStatus reason } } }";

/// The report mutations, for the authorization matrix.
pub const MUTATIONS: [&str; 10] = [
    "createReportCategory",
    "updateReportCategory",
    "saveResponsibleParty",
    "setReportRoute",
    "removeReportRoute",
    "createReport",
    "confirmReport",
    "joinReport",
    "handleReport",
    "confirmReportSolved",
];

/// One mail the outbox sent.
#[derive(Debug)]
struct Sent {
    to: String,
    subject: String,
    text: String,
}

impl Sent {
    /// The token of the first link to `path` in the mail.
    fn token(&self, path: &str) -> Option<String> {
        let (_, rest) = self.text.split_once(&format!("{path}?token="))?;
        Some(
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect::<String>()
                .trim_end_matches('.')
                .to_owned(),
        )
    }
}

/// Runs the due report mail jobs and answers what they sent.
async fn deliver(app: &TestApp) -> Vec<Sent> {
    let folder = tempfile::tempdir().expect("folder");
    app.drain_jobs(vec![Arc::new(plein_mail::StreetReportMailHandler {
        app: app.app.clone(),
        mailer: Arc::new(
            plein_mail::FolderMailer::new(folder.path(), "Plein <noreply@plein.test>")
                .expect("mailer"),
        ),
        templates: plein_mail::Templates::new(&app.base, "Gemeente Amstelveld").expect("templates"),
    })])
    .await;
    let mut sent = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder.path()) else {
        return sent;
    };
    for entry in entries {
        let raw = std::fs::read(entry.expect("entry").path()).expect("mail");
        let mail = mailparse::parse_mail(&raw).expect("parse");
        let to = mail.headers.get_first_value("To").unwrap_or_default();
        let subject = mail.headers.get_first_value("Subject").unwrap_or_default();
        let text = mail.subparts[0].get_body().expect("text part");
        sent.push(Sent { to, subject, text });
    }
    sent
}

fn to<'a>(sent: &'a [Sent], address: &str) -> Vec<&'a Sent> {
    sent.iter().filter(|m| m.to.contains(address)).collect()
}

fn id_of(response: &GqlResponse, field: &str, inner: &str) -> String {
    response.data()[field][inner]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {}", response.body))
        .to_owned()
}

fn bad(response: &GqlResponse, field: &str) {
    assert_eq!(
        (response.code(), response.field()),
        ("BAD_USER_INPUT", Some(field)),
        "{}",
        response.body
    );
}

fn square(lon: f64, lat: f64, side: f64) -> Value {
    json!({ "type": "Polygon", "coordinates": [[
        [lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]
    ]]})
}

/// Amstelveld 5.0–5.2 E, 52.0–52.2 N; Centrum 5.0–5.1, 52.0–52.1; Molenwijk
/// 5.0–5.05, 52.0–52.05.
async fn boundaries(app: &TestApp, sq: &Square) {
    let features: Vec<Value> = [
        ("Amstelveld", square(5.0, 52.0, 0.2)),
        ("Centrum", square(5.0, 52.0, 0.1)),
        ("Molenwijk", square(5.0, 52.0, 0.05)),
    ]
    .into_iter()
    .map(|(name, geometry)| {
        json!({ "type": "Feature", "properties": { "name": name }, "geometry": geometry })
    })
    .collect();
    let file = json!({ "type": "FeatureCollection", "features": features }).to_string();
    app.mutate(
        Some(&sq.admin),
        "importAreaBoundaries",
        json!({ "geojson": file }),
        "{ projection }",
    )
    .await
    .data();
}

async fn party(app: &TestApp, admin: &str, name: &str, email: &str) -> String {
    let response = app
        .mutate(
            Some(admin),
            "saveResponsibleParty",
            json!({ "name": name, "kind": "CONTRACTOR", "email": email }),
            "{ party { id name kind email } }",
        )
        .await;
    id_of(&response, "saveResponsibleParty", "party")
}

async fn category(app: &TestApp, admin: &str, name: &str, default_party: Option<&str>) -> String {
    let response = app
        .mutate(
            Some(admin),
            "createReportCategory",
            json!({ "name": name, "deadlineDays": 3, "defaultPartyId": default_party }),
            "{ category { id name deadlineDays } }",
        )
        .await;
    id_of(&response, "createReportCategory", "category")
}

/// A lamp post category routed to a contractor by default, with the city's
/// boundaries; answers (category, party).
async fn lamp_posts(app: &TestApp, sq: &Square) -> (String, String) {
    boundaries(app, sq).await;
    let party = party(app, &sq.admin, "Lichtwerk Noord", "licht@aannemer.test").await;
    let category = category(app, &sq.admin, "Lantaarnpaal kapot", Some(&party)).await;
    (category, party)
}

async fn file(
    app: &TestApp,
    token: Option<&str>,
    category: &str,
    (lat, lon): (f64, f64),
    email: Option<&str>,
) -> GqlResponse {
    app.mutate(
        token,
        "createReport",
        json!({
            "categoryId": category,
            "location": { "latitude": lat, "longitude": lon, "address": "Molenstraat 4" },
            "description": "De lamp brandt al een week niet.",
            "email": email,
        }),
        REPORT,
    )
    .await
}

async fn filed(app: &TestApp, token: &str, category: &str, at: (f64, f64)) -> String {
    let response = file(app, Some(token), category, at, None).await;
    id_of(&response, "createReport", "report")
}

async fn handle(app: &TestApp, token: &str, action: &str, message: Option<&str>) -> GqlResponse {
    app.mutate(
        None,
        "handleReport",
        json!({ "token": token, "action": action, "message": message }),
        REPORT,
    )
    .await
}

const MOLENWIJK: (f64, f64) = (52.01, 5.01);
const CENTRUM: (f64, f64) = (52.08, 5.08);
const AMSTELVELD: (f64, f64) = (52.15, 5.15);

#[tokio::test]
async fn admins_manage_categories_parties_and_routes_and_bad_input_is_named() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let team = party(
        &app,
        &sq.admin,
        "Team Openbare Ruimte",
        "team@gemeente.test",
    )
    .await;
    let parent = category(&app, &sq.admin, "Straatverlichting", None).await;
    let child = app
        .mutate(
            Some(&sq.admin),
            "createReportCategory",
            json!({ "name": "Lantaarnpaal kapot", "parentId": parent, "deadlineDays": 3 }),
            "{ category { id parentId deadlineDays } }",
        )
        .await;
    assert_eq!(
        child.data()["createReportCategory"]["category"]["parentId"],
        parent
    );
    let child = id_of(&child, "createReportCategory", "category");
    let updated = app
        .mutate(
            Some(&sq.admin),
            "updateReportCategory",
            json!({ "id": child, "deadlineDays": 5, "defaultPartyId": team }),
            "{ category { deadlineDays defaultParty { name } } }",
        )
        .await;
    assert_eq!(
        updated.data()["updateReportCategory"]["category"],
        json!({ "deadlineDays": 5, "defaultParty": { "name": "Team Openbare Ruimte" } })
    );
    let renamed = app
        .mutate(
            Some(&sq.admin),
            "saveResponsibleParty",
            json!({ "id": team, "name": "Team Buitenruimte", "kind": "TEAM", "email": "buiten@gemeente.test" }),
            "{ party { name kind email } }",
        )
        .await;
    assert_eq!(
        renamed.data()["saveResponsibleParty"]["party"],
        json!({ "name": "Team Buitenruimte", "kind": "TEAM", "email": "buiten@gemeente.test" })
    );
    let route = app
        .mutate(
            Some(&sq.admin),
            "setReportRoute",
            json!({ "categoryId": child, "areaId": sq.district, "partyId": team }),
            "{ route { area { name } party { name } } }",
        )
        .await;
    assert_eq!(
        route.data()["setReportRoute"]["route"],
        json!({ "area": { "name": "Centrum" }, "party": { "name": "Team Buitenruimte" } })
    );
    let routes = app
        .gql_as(
            Some(&sq.professional),
            "query($c: ID!) { reportRoutes(category: $c) { area { name } } }",
            json!({ "c": child }),
        )
        .await;
    assert_eq!(
        routes.data()["reportRoutes"].as_array().map(Vec::len),
        Some(1)
    );
    let removed = app
        .mutate(
            Some(&sq.admin),
            "removeReportRoute",
            json!({ "categoryId": child, "areaId": sq.district }),
            "{ removed }",
        )
        .await;
    assert_eq!(removed.data()["removeReportRoute"]["removed"], true);

    // Bad input names its field, and nothing is written.
    let zero = app
        .mutate(
            Some(&sq.admin),
            "createReportCategory",
            json!({ "name": "Afval", "deadlineDays": 0 }),
            "{ category { id } }",
        )
        .await;
    bad(&zero, "deadlineDays");
    let orphan = app
        .mutate(
            Some(&sq.admin),
            "createReportCategory",
            json!({ "name": "Afval", "deadlineDays": 2, "parentId": sq.district }),
            "{ category { id } }",
        )
        .await;
    bad(&orphan, "parentId");
    let mail = app
        .mutate(
            Some(&sq.admin),
            "saveResponsibleParty",
            json!({ "name": "Aannemer", "kind": "CONTRACTOR", "email": "geen adres" }),
            "{ party { id } }",
        )
        .await;
    bad(&mail, "email");
    let nowhere = app
        .mutate(
            Some(&sq.admin),
            "setReportRoute",
            json!({ "categoryId": child, "areaId": child, "partyId": team }),
            "{ route { areaId: categoryId } }",
        )
        .await;
    bad(&nowhere, "areaId");
    let categories = app.gql("{ reportCategories { name } }", json!({})).await;
    assert_eq!(
        categories.data()["reportCategories"],
        json!([{ "name": "Lantaarnpaal kapot" }, { "name": "Straatverlichting" }])
    );
    // Parties' addresses are for professionals and admins.
    let hidden = app
        .gql(
            "query($c: ID!) { report(id: $c) { id } responsibleParties { email } }",
            json!({ "c": child }),
        )
        .await;
    assert_eq!(hidden.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_report_lands_in_the_deepest_area_and_goes_to_the_deepest_route() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (lamp, default) = lamp_posts(&app, &sq).await;
    let noord = party(&app, &sq.admin, "Licht Centrum", "centrum@aannemer.test").await;
    let buurt = party(
        &app,
        &sq.admin,
        "Buurtteam Molenwijk",
        "molenwijk@gemeente.test",
    )
    .await;
    for (area, party) in [(&sq.district, &noord), (&sq.neighbourhood, &buurt)] {
        app.mutate(
            Some(&sq.admin),
            "setReportRoute",
            json!({ "categoryId": lamp, "areaId": area, "partyId": party }),
            "{ route { categoryId } }",
        )
        .await
        .data();
    }
    let _ = default;
    for (at, area, party) in [
        (MOLENWIJK, "Molenwijk", "Buurtteam Molenwijk"),
        (CENTRUM, "Centrum", "Licht Centrum"),
        (AMSTELVELD, "Amstelveld", "Lichtwerk Noord"),
    ] {
        let response = file(&app, Some(&sq.resident), &lamp, at, None).await;
        let report = &response.data()["createReport"]["report"];
        assert_eq!(report["status"], "NEW");
        assert_eq!(report["area"]["name"], area);
        assert_eq!(report["party"]["name"], party);
        assert_eq!(report["viewerIsReporter"], true);
        assert_eq!(
            report["history"],
            json!([{ "fromStatus": null, "toStatus": "NEW", "reason": null }])
        );
    }
    // Each party got a mail with a handling link.
    let sent = deliver(&app).await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    for address in [
        "molenwijk@gemeente.test",
        "centrum@aannemer.test",
        "licht@aannemer.test",
    ] {
        let mails = to(&sent, address);
        assert_eq!(mails.len(), 1, "{address}: {sent:?}");
        assert!(
            mails[0]
                .subject
                .starts_with("Nieuwe melding: Lantaarnpaal kapot")
        );
        assert!(mails[0].token("/meldingen/behandelen").is_some());
    }

    // Bad input: outside the municipality, an unknown category, a short
    // description, no address.
    let outside = file(&app, Some(&sq.resident), &lamp, (52.5, 5.5), None).await;
    bad(&outside, "location");
    let unknown = file(&app, Some(&sq.resident), &sq.district, MOLENWIJK, None).await;
    bad(&unknown, "categoryId");
    let short = app
        .mutate(
            Some(&sq.resident),
            "createReport",
            json!({ "categoryId": lamp, "description": "Kapot",
                    "location": { "latitude": 52.01, "longitude": 5.01, "address": "Hier" } }),
            "{ report { id } }",
        )
        .await;
    bad(&short, "description");
    let no_address = app
        .mutate(
            Some(&sq.resident),
            "createReport",
            json!({ "categoryId": lamp, "description": "De lamp is kapot.",
                    "location": { "latitude": 52.01, "longitude": 5.01 } }),
            "{ report { id } }",
        )
        .await;
    bad(&no_address, "address");
    let reports = app.gql("{ reports { totalCount } }", json!({})).await;
    assert_eq!(reports.data()["reports"]["totalCount"], 3);
}

#[tokio::test]
async fn the_party_handles_through_its_link_and_the_reporter_closes_the_loop() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (lamp, party) = lamp_posts(&app, &sq).await;
    let report = filed(&app, &sq.resident, &lamp, MOLENWIJK).await;

    // A neighbour about 30 m away sees it and joins instead of filing again.
    let nearby = app
        .gql_as(
            Some(&sq.neighbour),
            "query($c: ID!, $p: LocationInput!) { nearbyReports(category: $c, point: $p) { id } }",
            json!({ "c": lamp, "p": { "latitude": 52.01027, "longitude": 5.01 } }),
        )
        .await;
    assert_eq!(nearby.data()["nearbyReports"], json!([{ "id": report }]));
    let far = app
        .gql(
            "query($c: ID!, $p: LocationInput!) { nearbyReports(category: $c, point: $p) { id } }",
            json!({ "c": lamp, "p": { "latitude": 52.0108, "longitude": 5.01 } }),
        )
        .await;
    assert_eq!(far.data()["nearbyReports"], json!([]), "about 90 m away");
    let joined = app
        .mutate(
            Some(&sq.neighbour),
            "joinReport",
            json!({ "id": report }),
            "{ report { joinCount viewerIsReporter } }",
        )
        .await;
    assert_eq!(
        joined.data()["joinReport"]["report"],
        json!({ "joinCount": 1, "viewerIsReporter": false })
    );

    let sent = deliver(&app).await;
    let handling = to(&sent, "licht@aannemer.test")[0]
        .token("/meldingen/behandelen")
        .expect("handling link");

    // Forged and garbled links are refused alike.
    let mut forged = handling.clone();
    let last = forged.pop().expect("a character");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    for token in [forged.as_str(), "garbage", ""] {
        let response = handle(&app, token, "ACKNOWLEDGE", None).await;
        bad(&response, "token");
    }

    let seen = handle(&app, &handling, "ACKNOWLEDGE", None).await;
    assert_eq!(
        seen.data()["handleReport"]["report"]["status"],
        "ACKNOWLEDGED"
    );
    let started = handle(&app, &handling, "START", None).await;
    assert_eq!(
        started.data()["handleReport"]["report"]["status"],
        "IN_PROGRESS"
    );
    let again = handle(&app, &handling, "START", None).await;
    assert_eq!(again.code(), "CONFLICT");
    let silent = handle(&app, &handling, "RESOLVE", None).await;
    bad(&silent, "message");
    let resolved = handle(&app, &handling, "RESOLVE", Some("Nieuwe lamp geplaatst.")).await;
    let data = &resolved.data()["handleReport"]["report"];
    assert_eq!(data["status"], "RESOLVED");
    assert_eq!(data["resolution"], "Nieuwe lamp geplaatst.");

    // The reporter and the neighbour heard of each change; only the
    // reporter is asked "is it solved?".
    let sent = deliver(&app).await;
    let fatima = to(&sent, "fatima@plein.test");
    let jan = to(&sent, "jan@plein.test");
    assert_eq!((fatima.len(), jan.len()), (3, 3), "{sent:?}");
    let solved_link = fatima
        .iter()
        .find_map(|m| m.token("/meldingen/opgelost"))
        .expect("is it solved?");
    assert!(jan.iter().all(|m| m.token("/meldingen/opgelost").is_none()));
    assert!(
        fatima
            .iter()
            .any(|m| m.text.contains("Nieuwe lamp geplaatst."))
    );

    // "No": it reopens, and the party hears of it with a fresh link.
    let no = app
        .mutate(
            None,
            "confirmReportSolved",
            json!({ "token": solved_link, "solved": false }),
            REPORT,
        )
        .await;
    assert_eq!(
        no.data()["confirmReportSolved"]["report"]["status"],
        "REOPENED"
    );
    let twice = app
        .mutate(
            None,
            "confirmReportSolved",
            json!({ "token": solved_link, "solved": false }),
            REPORT,
        )
        .await;
    assert_eq!(twice.code(), "CONFLICT");
    let sent = deliver(&app).await;
    let reopened = to(&sent, "licht@aannemer.test");
    assert_eq!(reopened.len(), 1, "{sent:?}");
    assert!(reopened[0].subject.starts_with("Melding opnieuw geopend"));
    assert_eq!(to(&sent, "fatima@plein.test").len(), 1);

    // Resolved again, and this time it is solved.
    handle(&app, &handling, "RESOLVE", Some("Kabel vervangen."))
        .await
        .data();
    let sent = deliver(&app).await;
    let solved_link = to(&sent, "fatima@plein.test")[0]
        .token("/meldingen/opgelost")
        .expect("is it solved?");
    let yes = app
        .mutate(
            None,
            "confirmReportSolved",
            json!({ "token": solved_link, "solved": true }),
            REPORT,
        )
        .await;
    let data = &yes.data()["confirmReportSolved"]["report"];
    assert_eq!(data["status"], "RESOLVED");
    let steps: Vec<&str> = data["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["toStatus"].as_str().expect("status"))
        .collect();
    assert_eq!(
        steps,
        [
            "NEW",
            "ACKNOWLEDGED",
            "IN_PROGRESS",
            "RESOLVED",
            "REOPENED",
            "RESOLVED",
            "RESOLVED"
        ]
    );

    // An expired link says so.
    app.clock.advance(Duration::days(61));
    let late = handle(&app, &handling, "START", None).await;
    bad(&late, "token");
    assert!(
        late.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("expired")),
        "{}",
        late.body
    );
    let _ = party;
}

#[tokio::test]
async fn not_ours_sends_a_report_back_to_triage_and_the_queue_shows_deadlines() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (lamp, party) = lamp_posts(&app, &sq).await;
    let report = filed(&app, &sq.resident, &lamp, CENTRUM).await;
    let queue = "query($p: ID, $o: Boolean!) { reportQueue(party: $p, overdue: $o) { totalCount nodes { id overdue deadlineAt } } }";
    let mine = app
        .gql_as(
            Some(&sq.professional),
            queue,
            json!({ "p": party, "o": false }),
        )
        .await;
    assert_eq!(mine.data()["reportQueue"]["totalCount"], 1);
    assert_eq!(mine.data()["reportQueue"]["nodes"][0]["overdue"], false);
    let overdue = app
        .gql_as(
            Some(&sq.professional),
            queue,
            json!({ "p": party, "o": true }),
        )
        .await;
    assert_eq!(overdue.data()["reportQueue"]["totalCount"], 0);
    // Three working days later, whatever the weekday, it is overdue.
    app.clock.advance(Duration::days(6));
    let overdue = app
        .gql_as(
            Some(&sq.professional),
            queue,
            json!({ "p": party, "o": true }),
        )
        .await;
    assert_eq!(overdue.data()["reportQueue"]["totalCount"], 1);
    assert_eq!(overdue.data()["reportQueue"]["nodes"][0]["overdue"], true);
    // Residents have no queue.
    let refused = app
        .gql_as(Some(&sq.resident), queue, json!({ "p": party, "o": false }))
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");

    let sent = deliver(&app).await;
    let handling = to(&sent, "licht@aannemer.test")[0]
        .token("/meldingen/behandelen")
        .expect("handling link");
    let no_reason = handle(&app, &handling, "NOT_OURS", Some("  ")).await;
    bad(&no_reason, "message");
    let back = handle(
        &app,
        &handling,
        "NOT_OURS",
        Some("Dit is een lamp van het waterschap."),
    )
    .await;
    let data = &back.data()["handleReport"]["report"];
    assert_eq!(data["status"], "NOT_OURS");
    assert_eq!(data["party"], Value::Null);
    let triage = app
        .gql_as(Some(&sq.admin), queue, json!({ "p": null, "o": false }))
        .await;
    assert_eq!(
        triage.data()["reportQueue"]["nodes"][0]["id"],
        report.as_str()
    );
    // The link no longer works: the report is not with the party now.
    let after = handle(&app, &handling, "START", None).await;
    assert_eq!(after.code(), "FORBIDDEN");
    let sent = deliver(&app).await;
    let told = to(&sent, "fatima@plein.test");
    assert_eq!(told.len(), 1);
    assert!(told[0].text.contains("waterschap"), "{}", told[0].text);
}

#[tokio::test]
async fn a_report_without_an_account_waits_for_its_mailed_confirmation() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (lamp, _) = lamp_posts(&app, &sq).await;
    let without = file(&app, None, &lamp, MOLENWIJK, None).await;
    bad(&without, "email");
    let response = file(&app, None, &lamp, MOLENWIJK, Some("piet@thuis.test")).await;
    let report = &response.data()["createReport"]["report"];
    assert_eq!(report["status"], "UNCONFIRMED");
    let id = report["id"].as_str().expect("id").to_owned();

    // Not public, and no mail to the party yet.
    let public = app
        .gql(
            "query($id: ID!) { report(id: $id) { id } reports { totalCount } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public.data()["report"], Value::Null);
    assert_eq!(public.data()["reports"]["totalCount"], 0);
    let sent = deliver(&app).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let confirm = to(&sent, "piet@thuis.test")[0]
        .token("/meldingen/bevestigen")
        .expect("confirmation link");

    let confirmed = app
        .mutate(None, "confirmReport", json!({ "token": confirm }), REPORT)
        .await;
    assert_eq!(confirmed.data()["confirmReport"]["report"]["status"], "NEW");
    let sent = deliver(&app).await;
    assert_eq!(to(&sent, "licht@aannemer.test").len(), 1, "{sent:?}");
    let public = app
        .gql(
            "query($id: ID!) { report(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public.data()["report"]["status"], "NEW");

    // A handling link does not confirm, nor a confirmation link handle.
    let wrong = app
        .mutate(None, "confirmReport", json!({ "token": "x.y" }), REPORT)
        .await;
    bad(&wrong, "token");
    let crossed = handle(&app, &confirm, "START", None).await;
    bad(&crossed, "token");

    // The reporter without an account hears of the change too.
    let handling = to(&sent, "licht@aannemer.test")[0]
        .token("/meldingen/behandelen")
        .expect("handling link");
    handle(&app, &handling, "RESOLVE", Some("Gerepareerd."))
        .await
        .data();
    let sent = deliver(&app).await;
    let piet = to(&sent, "piet@thuis.test");
    assert_eq!(piet.len(), 1);
    assert!(piet[0].token("/meldingen/opgelost").is_some());
}

#[tokio::test]
async fn the_reporter_is_never_public() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (lamp, _) = lamp_posts(&app, &sq).await;
    let id = filed(&app, &sq.resident, &lamp, MOLENWIJK).await;
    file(&app, None, &lamp, CENTRUM, Some("piet@thuis.test"))
        .await
        .data();

    // No field of a report names its reporter.
    let fields = app
        .gql(
            r#"{ __type(name: "StreetReport") { fields { name } } }"#,
            json!({}),
        )
        .await;
    let names: Vec<String> = fields.data()["__type"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_lowercase())
        .collect();
    for name in &names {
        assert!(
            !(name.contains("reporter") && name != "viewerisreporter")
                && !name.contains("email")
                && !name.contains("author")
                && !name.contains("user"),
            "{name}"
        );
    }
    // As anyone sees it, and as professionals see the queue: no name, no
    // address of the reporter, no party address for the public.
    let everything = "query($id: ID!) { report(id: $id) { id description address category { name } party { name email } history { reason } } reports { nodes { id description party { email } } } }";
    for token in [
        None,
        Some(sq.neighbour.as_str()),
        Some(sq.professional.as_str()),
    ] {
        let response = app.gql_as(token, everything, json!({ "id": id })).await;
        let text = response.data().to_string();
        for secret in ["Fatima", "fatima@plein.test", "piet@thuis.test"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        if token.is_none() {
            assert!(!text.contains("licht@aannemer.test"), "{text}");
        }
    }
    let queue = app
        .gql_as(
            Some(&sq.professional),
            "{ reportQueue { nodes { id description } } }",
            json!({}),
        )
        .await;
    assert!(!queue.data().to_string().contains("fatima"));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Resident,
    Professional,
    Moderator,
    Admin,
}

fn expected(mutation: &str, who: Who) -> &'static str {
    let ok_if = |allowed: bool| if allowed { "OK" } else { "FORBIDDEN" };
    match mutation {
        "createReportCategory"
        | "updateReportCategory"
        | "saveResponsibleParty"
        | "setReportRoute"
        | "removeReportRoute" => match who {
            Who::Anonymous => "UNAUTHENTICATED",
            _ => ok_if(who == Who::Admin),
        },
        // Anyone may report: signed in, or with an email address.
        "createReport" => "OK",
        "joinReport" => match who {
            Who::Anonymous => "UNAUTHENTICATED",
            _ => "OK",
        },
        // What counts is the signed link, not who holds it.
        "confirmReport" | "handleReport" | "confirmReportSolved" => "OK",
        other => panic!("no expectation for {other}"),
    }
}

/// Every report mutation by everyone: admins set up, anyone may file, the
/// links work for whoever holds them.
#[tokio::test]
async fn every_report_mutation_by_everyone() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
            s.mail_per_account.max = 10_000;
            s.mail_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let sq = app.square().await;
    let (lamp, party) = lamp_posts(&app, &sq).await;
    let tokens = [
        (Who::Anonymous, None),
        (Who::Resident, Some(sq.neighbour.clone())),
        (Who::Professional, Some(sq.professional.clone())),
        (Who::Moderator, Some(sq.moderator.clone())),
        (Who::Admin, Some(sq.admin.clone())),
    ];
    let mut failures = Vec::new();
    let mut cases = 0;
    for mutation in MUTATIONS {
        for (who, token) in &tokens {
            let token = token.as_deref();
            let input = match mutation {
                "createReportCategory" => json!({ "name": "Afval", "deadlineDays": 2 }),
                "updateReportCategory" => json!({ "id": lamp, "deadlineDays": 4 }),
                "saveResponsibleParty" => {
                    json!({ "name": "Team", "kind": "TEAM", "email": "team@gemeente.test" })
                }
                "setReportRoute" => {
                    json!({ "categoryId": lamp, "areaId": sq.district, "partyId": party })
                }
                "removeReportRoute" => json!({ "categoryId": lamp, "areaId": sq.district }),
                "createReport" => json!({
                    "categoryId": lamp,
                    "location": { "latitude": 52.01, "longitude": 5.01, "address": "Molenstraat 4" },
                    "description": "De lamp brandt niet.",
                    "email": "iemand@thuis.test",
                }),
                "joinReport" => json!({ "id": filed(&app, &sq.resident, &lamp, MOLENWIJK).await }),
                "confirmReport" => {
                    let response = file(&app, None, &lamp, MOLENWIJK, Some("x@thuis.test")).await;
                    response.data();
                    let sent = deliver(&app).await;
                    let token = to(&sent, "x@thuis.test")[0]
                        .token("/meldingen/bevestigen")
                        .expect("link");
                    json!({ "token": token })
                }
                "handleReport" | "confirmReportSolved" => {
                    filed(&app, &sq.resident, &lamp, MOLENWIJK).await;
                    let sent = deliver(&app).await;
                    let handling = to(&sent, "licht@aannemer.test")[0]
                        .token("/meldingen/behandelen")
                        .expect("link");
                    if mutation == "handleReport" {
                        json!({ "token": handling, "action": "ACKNOWLEDGE" })
                    } else {
                        handle(&app, &handling, "RESOLVE", Some("Klaar."))
                            .await
                            .data();
                        let sent = deliver(&app).await;
                        let solved = to(&sent, "fatima@plein.test")[0]
                            .token("/meldingen/opgelost")
                            .expect("link");
                        json!({ "token": solved, "solved": true })
                    }
                }
                other => panic!("no input for {other}"),
            };
            // Drain what setting up queued, so each case starts clean.
            let response = app.mutate(token, mutation, input, "{ __typename }").await;
            deliver(&app).await;
            cases += 1;
            let got = if response.body.get("errors").is_none() {
                "OK"
            } else {
                response.code()
            };
            let want = expected(mutation, *who);
            if got != want {
                failures.push(format!(
                    "{mutation} by {who:?}: got {got}, want {want} ({})",
                    response.body
                ));
            }
        }
    }
    assert_eq!(cases, MUTATIONS.len() * tokens.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
