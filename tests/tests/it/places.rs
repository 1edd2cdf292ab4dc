//! Places: points on ideas and plans, the area a point lands in, importing
//! boundaries (WGS84 and RD New, all or nothing), and the map query.

use plein_tests::serde_json::{Value, json};
use plein_tests::{Square, TestApp};

/// A square of `side` degrees with its south-west corner at (lon, lat).
fn square(lon: f64, lat: f64, side: f64) -> Value {
    json!({ "type": "Polygon", "coordinates": [[
        [lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]
    ]]})
}

fn feature(props: Value, geometry: Value) -> Value {
    json!({ "type": "Feature", "properties": props, "geometry": geometry })
}

fn collection(features: Vec<Value>) -> String {
    json!({ "type": "FeatureCollection", "features": features }).to_string()
}

/// Amstelveld: 5.0–5.2 E, 52.0–52.2 N; Centrum its west half up to 52.1;
/// Molenwijk Centrum's south-west corner (5.0–5.05, 52.0–52.05). Matched by
/// slug (as code), by name, and by slug again.
async fn import_boundaries(t: &TestApp, s: &Square) {
    let file = collection(vec![
        feature(
            json!({ "gemeentecode": "amstelveld", "gemeentenaam": "Elders" }),
            square(5.0, 52.0, 0.2),
        ),
        feature(json!({ "wijknaam": "Centrum" }), square(5.0, 52.0, 0.1)),
        feature(json!({ "buurtcode": "MOLENWIJK" }), square(5.0, 52.0, 0.05)),
    ]);
    let response = t
        .mutate(
            Some(&s.admin),
            "importAreaBoundaries",
            json!({ "geojson": file }),
            "{ areas { name boundary } projection }",
        )
        .await;
    let data = &response.data()["importAreaBoundaries"];
    assert_eq!(data["projection"], "WGS_84");
    let names: Vec<&str> = data["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|a| a["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Amstelveld", "Centrum", "Molenwijk"]);
    assert!(
        data["areas"][0]["boundary"]
            .as_str()
            .expect("boundary")
            .contains("MultiPolygon")
    );
}

async fn create_idea(t: &TestApp, token: &str, area: &str, lat: f64, lon: f64) -> Value {
    t.mutate(
        Some(token),
        "createIdea",
        json!({
            "title": "Een bankje",
            "body": "Bij de vijver.",
            "areaId": area,
            "location": { "latitude": lat, "longitude": lon, "address": " Dorpsstraat 12 " },
        }),
        "{ idea { id area { name } location { latitude longitude address } } }",
    )
    .await
    .body
}

#[tokio::test]
async fn a_point_lands_in_the_deepest_area_that_holds_it() {
    let t = TestApp::spawn().await;
    let s = t.square().await;

    // Without boundaries the chosen area stays.
    let before = create_idea(&t, &s.resident, &s.municipality, 52.01, 5.01).await;
    assert_eq!(
        before["data"]["createIdea"]["idea"]["area"]["name"],
        "Amstelveld"
    );

    import_boundaries(&t, &s).await;

    // Chosen: the municipality; the point lies in Molenwijk.
    let idea = create_idea(&t, &s.resident, &s.municipality, 52.01, 5.01).await;
    let idea = &idea["data"]["createIdea"]["idea"];
    assert_eq!(idea["area"]["name"], "Molenwijk");
    assert_eq!(
        idea["location"],
        json!({ "latitude": 52.01, "longitude": 5.01, "address": "Dorpsstraat 12" })
    );

    // Chosen: Molenwijk; the point lies in Centrum outside Molenwijk: the point wins.
    let idea = create_idea(&t, &s.resident, &s.neighbourhood, 52.08, 5.08).await;
    assert_eq!(
        idea["data"]["createIdea"]["idea"]["area"]["name"],
        "Centrum"
    );

    // Moving an idea's point moves it to the area there.
    let id = idea["data"]["createIdea"]["idea"]["id"]
        .as_str()
        .expect("id");
    let moved = t
        .mutate(
            Some(&s.resident),
            "updateIdea",
            json!({ "id": id, "location": { "latitude": 52.02, "longitude": 5.02 } }),
            "{ idea { area { name } location { address } } }",
        )
        .await;
    assert_eq!(
        moved.data()["updateIdea"]["idea"],
        json!({ "area": { "name": "Molenwijk" }, "location": { "address": null } })
    );

    // Plans are placed the same way.
    let now = t.clock_now();
    let plan = t
        .mutate(
            Some(&s.professional),
            "createPlan",
            json!({
                "title": "Nieuwe bomen",
                "description": "Langs de gracht.",
                "areaId": s.municipality,
                "feedbackOpensAt": now,
                "feedbackClosesAt": now + chrono::Duration::days(7),
                "location": { "latitude": 52.03, "longitude": 5.03 },
            }),
            "{ plan { area { name } location { latitude longitude } } }",
        )
        .await;
    assert_eq!(
        plan.data()["createPlan"]["plan"],
        json!({ "area": { "name": "Molenwijk" }, "location": { "latitude": 52.03, "longitude": 5.03 } })
    );
}

#[tokio::test]
async fn points_outside_the_municipality_or_the_map_are_refused() {
    let t = TestApp::spawn().await;
    let s = t.square().await;
    import_boundaries(&t, &s).await;

    // In the Netherlands, outside Amstelveld.
    let outside = create_idea(&t, &s.resident, &s.municipality, 52.5, 5.5).await;
    assert_eq!(outside["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(outside["errors"][0]["extensions"]["field"], "location");
    assert!(
        outside["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("outside the municipality")
    );

    // Paris: outside the map's bounds; and out of range.
    for (lat, lon) in [(48.85, 2.35), (91.0, 5.0)] {
        let refused = create_idea(&t, &s.resident, &s.municipality, lat, lon).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["field"], "location",
            "{refused}"
        );
    }
}

#[tokio::test]
async fn boundaries_import_from_rd_new() {
    let t = TestApp::spawn().await;
    let s = t.square().await;
    // A 2 km square in metres around the Amersfoort base point (52.1552 N, 5.3872 E).
    let rd = json!({
        "type": "FeatureCollection",
        "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::28992" } },
        "features": [feature(
            json!({ "gemeentenaam": "Amstelveld" }),
            json!({ "type": "Polygon", "coordinates": [[
                [154000, 462000], [156000, 462000], [156000, 464000], [154000, 464000], [154000, 462000]
            ]]}),
        )],
    })
    .to_string();
    let response = t
        .mutate(
            Some(&s.admin),
            "importAreaBoundaries",
            json!({ "geojson": rd }),
            "{ projection areas { name } }",
        )
        .await;
    assert_eq!(
        response.data()["importAreaBoundaries"],
        json!({ "projection": "RD_NEW", "areas": [{ "name": "Amstelveld" }] })
    );
    let inside = create_idea(&t, &s.resident, &s.neighbourhood, 52.1552, 5.3872).await;
    assert!(inside.get("errors").is_none(), "{inside}");
    let outside = create_idea(&t, &s.resident, &s.neighbourhood, 52.2, 5.3872).await;
    assert_eq!(outside["errors"][0]["extensions"]["field"], "location");

    // An unknown projection is named.
    let unknown = rd.replace("urn:ogc:def:crs:EPSG::28992", "EPSG:3857");
    let response = t
        .mutate(
            Some(&s.admin),
            "importAreaBoundaries",
            json!({ "geojson": unknown }),
            "{ projection }",
        )
        .await;
    assert_eq!(response.code(), "BAD_USER_INPUT");
    assert!(
        response.body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("unknown projection")
    );
}

#[tokio::test]
async fn a_bad_feature_is_named_and_nothing_is_imported() {
    let t = TestApp::spawn().await;
    let s = t.square().await;
    let bowtie = json!({ "type": "Polygon", "coordinates": [[
        [5.0, 52.0], [5.1, 52.1], [5.1, 52.0], [5.0, 52.1], [5.0, 52.0]
    ]]});
    let empty = json!({ "type": "MultiPolygon", "coordinates": [] });
    for (bad, reason) in [(bowtie, "not a valid polygon"), (empty, "no polygons")] {
        let file = collection(vec![
            feature(
                json!({ "gemeentenaam": "Amstelveld" }),
                square(5.0, 52.0, 0.2),
            ),
            feature(json!({ "wijknaam": "Centrum" }), bad),
        ]);
        let response = t
            .mutate(
                Some(&s.admin),
                "importAreaBoundaries",
                json!({ "geojson": file }),
                "{ projection }",
            )
            .await;
        assert_eq!(response.code(), "BAD_USER_INPUT");
        assert_eq!(response.field(), Some("geojson"));
        let message = response.body["errors"][0]["message"]
            .as_str()
            .expect("message");
        assert!(
            message.contains("feature 2") && message.contains(reason),
            "{message}"
        );
    }
    // A feature that matches no area is refused too, after a good one.
    let file = collection(vec![
        feature(
            json!({ "gemeentenaam": "Amstelveld" }),
            square(5.0, 52.0, 0.2),
        ),
        feature(json!({ "buurtcode": "BU99999999" }), square(5.0, 52.0, 0.1)),
    ]);
    let response = t
        .mutate(
            Some(&s.admin),
            "importAreaBoundaries",
            json!({ "geojson": file }),
            "{ projection }",
        )
        .await;
    assert!(
        response.body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("feature 2")
    );

    // The good first feature was not kept: one transaction.
    let tree = t.gql("{ areaTree { name boundary } }", json!({})).await;
    assert_eq!(tree.data()["areaTree"][0]["boundary"], Value::Null);

    // Admins only.
    let file = collection(vec![feature(
        json!({ "name": "Amstelveld" }),
        square(5.0, 52.0, 0.2),
    )]);
    let response = t
        .mutate(
            Some(&s.resident),
            "importAreaBoundaries",
            json!({ "geojson": file }),
            "{ projection }",
        )
        .await;
    assert_eq!(response.code(), "FORBIDDEN");
}

const MAP: &str = "query($bbox: BoundsInput!, $zoom: Int!, $kinds: [MapKind!], $area: ID) {
    mapItems(bbox: $bbox, zoom: $zoom, kinds: $kinds, area: $area) {
        items { id kind title latitude longitude }
        clusters { count latitude longitude bounds { south west north east } }
    } }";

fn bbox() -> Value {
    json!({ "south": 52.0, "west": 5.0, "north": 52.2, "east": 5.2 })
}

#[tokio::test]
async fn the_map_shows_items_when_few_and_clusters_when_many() {
    let t = TestApp::builder()
        .settings(|s| s.map_max_items = 3)
        .spawn()
        .await;
    let s = t.square().await;
    let mut ids = Vec::new();
    for (lat, lon) in [(52.01, 5.01), (52.012, 5.012), (52.15, 5.15)] {
        let idea = create_idea(&t, &s.resident, &s.neighbourhood, lat, lon).await;
        let id = idea["data"]["createIdea"]["idea"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        t.mutate(
            Some(&s.resident),
            "publishIdea",
            json!({ "id": id }),
            "{ idea { id } }",
        )
        .await
        .data();
        ids.push(id);
    }
    let few = t
        .gql(
            MAP,
            json!({ "bbox": bbox(), "zoom": 12, "kinds": ["IDEA"] }),
        )
        .await;
    let items = few.data()["mapItems"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["kind"], "IDEA");
    assert_eq!(few.data()["mapItems"]["clusters"], json!([]));

    // A plan with a point makes four: more than three, so clusters.
    let now = t.clock_now();
    t.mutate(
        Some(&s.professional),
        "createPlan",
        json!({
            "title": "Nieuwe bomen", "description": "Langs de gracht.", "areaId": s.neighbourhood,
            "feedbackOpensAt": now, "feedbackClosesAt": now + chrono::Duration::days(7),
            "location": { "latitude": 52.011, "longitude": 5.011 },
        }),
        "{ plan { id } }",
    )
    .await
    .data();
    // The draft plan is only its author's: anonymous still sees items.
    let anonymous = t.gql(MAP, json!({ "bbox": bbox(), "zoom": 12 })).await;
    assert_eq!(
        anonymous.data()["mapItems"]["items"]
            .as_array()
            .expect("items")
            .len(),
        3
    );

    let many = t
        .gql_as(
            Some(&s.professional),
            MAP,
            json!({ "bbox": bbox(), "zoom": 12 }),
        )
        .await;
    let map = &many.data()["mapItems"];
    assert_eq!(map["items"], json!([]));
    let clusters = map["clusters"].as_array().expect("clusters");
    // At zoom 12 a cell is about 0.022°: the three near 52.01 share one.
    let counts: Vec<i64> = clusters
        .iter()
        .map(|c| c["count"].as_i64().expect("count"))
        .collect();
    assert_eq!(counts.iter().sum::<i64>(), 4);
    assert_eq!(clusters.len(), 2, "{clusters:?}");
    let big = clusters
        .iter()
        .find(|c| c["count"] == 3)
        .expect("cluster of three");
    assert_eq!(big["bounds"]["south"], 52.01);
    assert_eq!(big["bounds"]["north"], 52.012);
    let lat = big["latitude"].as_f64().expect("lat");
    assert!((lat - 52.011).abs() < 1e-9, "{lat}");

    // Zoomed in far enough, each is its own cell.
    let near = t
        .gql_as(
            Some(&s.professional),
            MAP,
            json!({ "bbox": bbox(), "zoom": 20 }),
        )
        .await;
    assert_eq!(
        near.data()["mapItems"]["clusters"]
            .as_array()
            .expect("clusters")
            .len(),
        4
    );

    // A box elsewhere, or an area without them, is empty.
    let elsewhere = t
        .gql(MAP, json!({ "bbox": { "south": 52.3, "west": 4.8, "north": 52.4, "east": 4.9 }, "zoom": 12 }))
        .await;
    assert_eq!(
        elsewhere.data()["mapItems"],
        json!({ "items": [], "clusters": [] })
    );

    // Bad boxes and zooms name their field.
    let bad = t
        .gql(MAP, json!({ "bbox": { "south": 53.0, "west": 5.0, "north": 52.0, "east": 5.2 }, "zoom": 12 }))
        .await;
    assert_eq!(bad.field(), Some("bbox"));
    let bad = t.gql(MAP, json!({ "bbox": bbox(), "zoom": 40 })).await;
    assert_eq!(bad.field(), Some("zoom"));
}

#[tokio::test]
async fn the_map_shows_only_what_the_viewer_may_see() {
    let t = TestApp::spawn().await;
    let s = t.square().await;
    let public = create_idea(&t, &s.resident, &s.neighbourhood, 52.01, 5.01).await;
    let public = public["data"]["createIdea"]["idea"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    t.mutate(
        Some(&s.resident),
        "publishIdea",
        json!({ "id": public }),
        "{ idea { id } }",
    )
    .await
    .data();
    let draft = create_idea(&t, &s.resident, &s.neighbourhood, 52.02, 5.02).await;
    let draft = draft["data"]["createIdea"]["idea"]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let ids = |r: &plein_tests::GqlResponse| -> Vec<String> {
        r.data()["mapItems"]["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let args = json!({ "bbox": bbox(), "zoom": 14 });
    assert_eq!(ids(&t.gql(MAP, args.clone()).await), [public.clone()]);
    assert_eq!(
        ids(&t.gql_as(Some(&s.neighbour), MAP, args.clone()).await),
        [public.clone()]
    );
    let mut own = ids(&t.gql_as(Some(&s.resident), MAP, args.clone()).await);
    own.sort();
    let mut both = vec![public.clone(), draft.clone()];
    both.sort();
    assert_eq!(own, both);

    // Hidden by a moderator: gone for residents, there for moderators.
    t.mutate(
        Some(&s.moderator),
        "setHidden",
        json!({ "subjectKind": "IDEA", "subjectId": public, "hidden": true, "reason": "Test" }),
        "{ done }",
    )
    .await
    .data();
    assert!(ids(&t.gql(MAP, args.clone()).await).is_empty());
    assert_eq!(
        ids(&t.gql_as(Some(&s.moderator), MAP, args.clone()).await),
        [public]
    );

    // The area filter: the district holds the neighbourhood's draft (the
    // public idea is hidden now).
    let in_area = json!({ "bbox": bbox(), "zoom": 14, "area": s.district });
    assert_eq!(
        ids(&t.gql_as(Some(&s.resident), MAP, in_area).await),
        [draft]
    );
}

#[tokio::test]
async fn the_web_map_learns_its_tiles_and_bounds() {
    let t = TestApp::spawn().await;
    let settings = t
        .gql(
            "{ mapSettings { tiles attribution bounds { south west north east } } }",
            json!({}),
        )
        .await;
    let map = &settings.data()["mapSettings"];
    assert_eq!(
        map["tiles"],
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    );
    assert_eq!(map["attribution"], "Kaartgegevens © Kadaster");
    assert_eq!(
        map["bounds"],
        json!({ "south": 50.75, "west": 3.2, "north": 53.7, "east": 7.25 })
    );

    let own = TestApp::builder()
        .settings(|s| {
            s.map_tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned();
            s.map_attribution = "© OpenStreetMap".to_owned();
        })
        .spawn()
        .await;
    let settings = own
        .gql("{ mapSettings { tiles attribution } }", json!({}))
        .await;
    assert_eq!(
        settings.data()["mapSettings"],
        json!({ "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap" })
    );
    let page = own.http.get(own.url("/")).send().await.expect("page");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(
        csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
        "{csp}"
    );
}
