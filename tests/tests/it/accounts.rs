//! Sign-up, sign-in, sessions, throttling, profiles and roles over HTTP.

use plein_domain::Role;
use plein_tests::serde_json::json;
use plein_tests::{PASSWORD, TestApp};

const ME: &str = "{ me { id displayName email emailVerified role locale } }";

#[tokio::test]
async fn a_resident_registers_signs_in_and_out() {
    let t = TestApp::spawn().await;
    let (token, id) = t
        .register_unverified("Fatima@Example.nl", "Fatima el Amrani")
        .await;

    let me = t.gql_as(Some(&token), ME, json!({})).await;
    assert_eq!(
        me.data()["me"],
        json!({
            "id": id,
            "displayName": "Fatima el Amrani",
            "email": "fatima@example.nl",
            "emailVerified": false,
            "role": "RESIDENT",
            "locale": "NL",
        })
    );

    let token2 = t.sign_in("fatima@example.nl").await;
    assert_ne!(token, token2);
    let sessions = t
        .gql_as(Some(&token2), "{ mySessions { id current } }", json!({}))
        .await;
    let sessions = sessions.data()["mySessions"]
        .as_array()
        .expect("list")
        .clone();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);

    let out = t
        .gql_as(
            Some(&token2),
            "mutation { signOut { signedOut } }",
            json!({}),
        )
        .await;
    assert_eq!(out.data()["signOut"]["signedOut"], true);
    let cookie = out.headers["set-cookie"].to_str().expect("cookie");
    assert!(cookie.contains("Max-Age=0"), "{cookie}");

    // The signed-out token is dead; the other one lives.
    let me = t.gql_as(Some(&token2), ME, json!({})).await;
    assert_eq!(me.data()["me"], json!(null));
    let me = t.gql_as(Some(&token), ME, json!({})).await;
    assert_eq!(me.data()["me"]["id"], id);
}

#[tokio::test]
async fn the_browser_session_is_an_http_only_cookie() {
    let t = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let register = client
        .post(t.url("/graphql"))
        .json(&json!({
            "query": "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }",
            "variables": { "i": { "email": "jan@example.nl", "password": PASSWORD, "displayName": "Jan" } },
        }))
        .send()
        .await
        .expect("register");
    let cookie = register.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("plein_session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let me: serde_json::Value = client
        .post(t.url("/graphql"))
        .json(&json!({ "query": "{ me { displayName } }" }))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["data"]["me"]["displayName"], "Jan");
}

#[tokio::test]
async fn secure_installations_use_a_host_prefixed_secure_cookie() {
    let t = TestApp::builder()
        .api(|api| api.public_url = "https://plein.amstelveld.nl".to_owned())
        .spawn()
        .await;
    let response = t
        .gql(
            "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            json!({ "i": { "email": "a@example.nl", "password": PASSWORD, "displayName": "A" } }),
        )
        .await;
    let cookie = response.headers["set-cookie"].to_str().expect("cookie");
    assert!(cookie.starts_with("__Host-plein_session="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn sessions_expire_and_can_be_revoked() {
    let t = TestApp::builder()
        .settings(|s| s.session_ttl = std::time::Duration::from_secs(3600))
        .spawn()
        .await;
    let (token, _) = t.register("sanne@example.nl", "Sanne").await;
    let phone = t.sign_in("sanne@example.nl").await;

    // Revoke the phone's session from the first one.
    let sessions = t
        .gql_as(Some(&token), "{ mySessions { id current } }", json!({}))
        .await;
    let phone_id = sessions.data()["mySessions"]
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["current"] == false)
        .expect("other session")["id"]
        .clone();
    let revoked = t
        .gql_as(
            Some(&token),
            "mutation($i: RevokeSessionInput!) { revokeSession(input: $i) { revoked } }",
            json!({ "i": { "sessionId": phone_id } }),
        )
        .await;
    assert_eq!(revoked.data()["revokeSession"]["revoked"], true);
    assert_eq!(
        t.gql_as(Some(&phone), ME, json!({})).await.data()["me"],
        json!(null)
    );

    // Revoking it again, or someone else's, is not found.
    let again = t
        .gql_as(
            Some(&token),
            "mutation($i: RevokeSessionInput!) { revokeSession(input: $i) { revoked } }",
            json!({ "i": { "sessionId": phone_id } }),
        )
        .await;
    assert_eq!(again.code(), "NOT_FOUND");

    // An hour later the session has expired.
    t.clock.advance(chrono::Duration::minutes(59));
    assert!(t.gql_as(Some(&token), ME, json!({})).await.data()["me"].is_object());
    t.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(
        t.gql_as(Some(&token), ME, json!({})).await.data()["me"],
        json!(null)
    );
    let denied = t
        .gql_as(Some(&token), "{ mySessions { id } }", json!({}))
        .await;
    assert_eq!(denied.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn revoking_other_sessions_keeps_this_one() {
    let t = TestApp::spawn().await;
    let (token, _) = t.register("mehmet@example.nl", "Mehmet").await;
    let other1 = t.sign_in("mehmet@example.nl").await;
    let other2 = t.sign_in("mehmet@example.nl").await;
    let response = t
        .gql_as(
            Some(&token),
            "mutation { revokeOtherSessions { revokedCount } }",
            json!({}),
        )
        .await;
    assert_eq!(response.data()["revokeOtherSessions"]["revokedCount"], 2);
    for dead in [other1, other2] {
        assert_eq!(
            t.gql_as(Some(&dead), ME, json!({})).await.data()["me"],
            json!(null)
        );
    }
    assert!(t.gql_as(Some(&token), ME, json!({})).await.data()["me"].is_object());
}

const SIGN_IN: &str = "mutation($i: SignInInput!) { signIn(input: $i) { token } }";

#[tokio::test]
async fn failed_sign_ins_never_reveal_whether_an_account_exists() {
    let t = TestApp::spawn().await;
    t.register("priya@example.nl", "Priya").await;
    let wrong_password = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "priya@example.nl", "password": "not the password" } }),
        )
        .await;
    let no_account = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "nobody@example.nl", "password": "not the password" } }),
        )
        .await;
    assert_eq!(wrong_password.code(), "UNAUTHENTICATED");
    assert_eq!(wrong_password.body["errors"], no_account.body["errors"]);
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    let t = TestApp::spawn().await;
    t.register("kees@example.nl", "Kees").await;
    let attempt = |password: &'static str| {
        t.gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": password } }),
        )
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong password!").await.code(), "UNAUTHENTICATED");
    }
    // Even the right password is refused while the account is throttled.
    let throttled = attempt(PASSWORD).await;
    assert_eq!(throttled.code(), "RATE_LIMITED");
    let retry = throttled.body["errors"][0]["extensions"]["retryAfter"]
        .as_u64()
        .expect("retryAfter");
    assert!((1..=900).contains(&retry), "{retry}");

    // Another account from the same address is not affected by this one.
    t.register("other@example.nl", "Other").await;
    t.sign_in("other@example.nl").await;

    // After the window the right password works again.
    t.clock.advance(chrono::Duration::minutes(16));
    assert!(attempt(PASSWORD).await.body["errors"].is_null());
}

#[tokio::test]
async fn sign_in_is_throttled_per_client_address() {
    let t = TestApp::builder()
        .settings(|s| s.sign_in_per_client.max = 8)
        .spawn()
        .await;
    t.register("real@example.nl", "Real").await;
    for n in 0..8 {
        let response = t
            .gql(
                SIGN_IN,
                json!({ "i": { "email": format!("guess{n}@example.nl"), "password": "guessing it" } }),
            )
            .await;
        assert_eq!(response.code(), "UNAUTHENTICATED");
    }
    let response = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "real@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(response.code(), "RATE_LIMITED");
}

/// How many of `answers` were password checks that failed, were refused
/// unchecked, and signed in.
fn tally(answers: &[plein_tests::GqlResponse]) -> (usize, usize, usize) {
    let code = |a: &plein_tests::GqlResponse| {
        a.body["errors"][0]["extensions"]["code"]
            .as_str()
            .map(str::to_owned)
    };
    let failed = answers
        .iter()
        .filter(|a| code(a).as_deref() == Some("UNAUTHENTICATED"))
        .count();
    let refused = answers
        .iter()
        .filter(|a| code(a).as_deref() == Some("RATE_LIMITED"))
        .count();
    let signed_in = answers
        .iter()
        .filter(|a| a.body["errors"].is_null())
        .count();
    assert_eq!(failed + refused + signed_in, answers.len(), "other answers");
    (failed, refused, signed_in)
}

#[tokio::test]
async fn parallel_sign_ins_are_counted_before_the_password_is_checked() {
    let t = TestApp::spawn().await;
    t.register("kees@example.nl", "Kees").await;
    // Forty at once, the right password among them: each attempt is counted
    // before its password is checked, so no more than five are checked.
    let attempts = (0..40).map(|n| {
        let password = if n == 20 { PASSWORD } else { "wrong password!" };
        t.gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": password } }),
        )
    });
    let answers = futures::future::join_all(attempts).await;
    let (failed, refused, signed_in) = tally(&answers);
    assert!(failed <= 5, "{failed} wrong passwords were checked");
    assert!(refused >= 34, "{refused} refused");
    // A right password counted among the first five signs in (and takes its
    // count back); after the burst the account is throttled either way.
    assert!(signed_in <= 1);
    let after = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(after.code(), "RATE_LIMITED");
}

#[tokio::test]
async fn parallel_sign_ins_from_one_client_are_counted_before_checking() {
    let t = TestApp::builder()
        .settings(|s| s.sign_in_per_client.max = 8)
        .spawn()
        .await;
    t.register("real@example.nl", "Real").await;
    let attempts = (0..40).map(|n| {
        t.gql(
            SIGN_IN,
            json!({ "i": { "email": format!("guess{n}@example.nl"), "password": "guessing it" } }),
        )
    });
    let answers = futures::future::join_all(attempts).await;
    let (failed, refused, _) = tally(&answers);
    assert!(failed <= 8, "{failed} passwords were checked");
    assert_eq!(failed + refused, 40);
    let response = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "real@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(response.code(), "RATE_LIMITED");
}

#[tokio::test]
async fn right_passwords_use_up_no_attempts() {
    let t = TestApp::spawn().await;
    t.register("kees@example.nl", "Kees").await;
    for _ in 0..8 {
        t.sign_in("kees@example.nl").await;
    }
    let wrong = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": "wrong password!" } }),
        )
        .await;
    assert_eq!(wrong.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn password_checks_of_an_address_change_or_deletion_share_the_sign_in_limit() {
    let t = TestApp::spawn().await;
    let (token, _) = t.register("kees@example.nl", "Kees").await;
    let change = |password: &'static str| {
        t.gql_as(
            Some(&token),
            "mutation($i: RequestEmailChangeInput!) { requestEmailChange(input: $i) { accepted } }",
            json!({ "i": { "newEmail": "kees2@example.nl", "password": password } }),
        )
    };
    let delete = |password: &'static str| {
        t.gql_as(
            Some(&token),
            "mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }",
            json!({ "i": { "password": password } }),
        )
    };
    // A right password uses up nothing.
    assert!(change(PASSWORD).await.body["errors"].is_null());
    for _ in 0..3 {
        let answer = change("wrong password!").await;
        assert_eq!(answer.code(), "BAD_USER_INPUT");
        assert_eq!(answer.field(), Some("password"));
    }
    for _ in 0..2 {
        assert_eq!(delete("wrong password!").await.code(), "BAD_USER_INPUT");
    }
    // Five wrong guesses in all: now even the right password waits, for
    // every way of checking it.
    assert_eq!(delete(PASSWORD).await.code(), "RATE_LIMITED");
    assert_eq!(change(PASSWORD).await.code(), "RATE_LIMITED");
    let sign_in = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(sign_in.code(), "RATE_LIMITED");
    t.clock.advance(chrono::Duration::minutes(16));
    assert!(delete(PASSWORD).await.body["errors"].is_null());
}

#[tokio::test]
async fn one_request_checks_at_most_one_password() {
    let t = TestApp::spawn().await;
    let (token, _) = t.register("kees@example.nl", "Kees").await;
    let guesses: Vec<String> = (0..20)
        .map(|n| {
            format!(
                "g{n}: deleteMyAccount(input: {{ password: \"guess number {n}\" }}) {{ deleted }}"
            )
        })
        .collect();
    let answer = t
        .gql_as(
            Some(&token),
            &format!("mutation {{ {} }}", guesses.join(" ")),
            json!({}),
        )
        .await;
    let errors = answer.body["errors"].as_array().expect("errors").clone();
    let codes: Vec<&str> = errors
        .iter()
        .filter_map(|e| e["extensions"]["code"].as_str())
        .collect();
    assert_eq!(codes.len(), 20, "{}", answer.body);
    assert_eq!(
        codes.iter().filter(|c| **c == "BAD_USER_INPUT").count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "RATE_LIMITED").count(),
        19,
        "{codes:?}"
    );
    // The next request has its own check.
    let sign_in = t
        .gql(
            SIGN_IN,
            json!({ "i": { "email": "kees@example.nl", "password": PASSWORD } }),
        )
        .await;
    assert!(sign_in.body["errors"].is_null(), "{}", sign_in.body);
}

#[tokio::test]
async fn throttling_state_is_shared_through_the_database() {
    // Two servers on one database see the same counters.
    let t = TestApp::spawn().await;
    t.register("shared@example.nl", "Shared").await;
    let second = plein_api::router(t.app.clone(), plein_api::ApiConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(
            listener,
            second.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let body = json!({ "query": SIGN_IN, "variables": { "i": { "email": "shared@example.nl", "password": "wrong password!" } } });
    for n in 0..5 {
        let url = if n % 2 == 0 {
            t.url("/graphql")
        } else {
            format!("http://{addr}/graphql")
        };
        t.http.post(url).json(&body).send().await.expect("attempt");
    }
    let blocked: serde_json::Value = t
        .http
        .post(format!("http://{addr}/graphql"))
        .json(&json!({ "query": SIGN_IN, "variables": { "i": { "email": "shared@example.nl", "password": PASSWORD } } }))
        .send()
        .await
        .expect("attempt")
        .json()
        .await
        .expect("json");
    assert_eq!(blocked["errors"][0]["extensions"]["code"], "RATE_LIMITED");
}

#[tokio::test]
async fn registration_input_is_validated_at_the_edge() {
    let t = TestApp::spawn().await;
    let register = |email: &str, password: &str, name: &str| {
        t.gql(
            "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            json!({ "i": { "email": email, "password": password, "displayName": name } }),
        )
    };
    let long_password = "x".repeat(129);
    let long_name = "n".repeat(61);
    let cases = [
        ("not-an-email", PASSWORD, "Jan", "email"),
        ("", PASSWORD, "Jan", "email"),
        ("jan@example.nl", "short", "Jan", "password"),
        ("jan@example.nl", long_password.as_str(), "Jan", "password"),
        ("jan@example.nl", PASSWORD, "   ", "displayName"),
        (
            "jan@example.nl",
            PASSWORD,
            long_name.as_str(),
            "displayName",
        ),
    ];
    for (email, password, name, field) in cases {
        let response = register(email, password, name).await;
        assert_eq!(
            response.code(),
            "BAD_USER_INPUT",
            "{field}: {}",
            response.body
        );
        assert_eq!(response.field(), Some(field));
    }
    // Nothing was half written: the valid registration still works.
    assert!(register("jan@example.nl", PASSWORD, "Jan").await.body["errors"].is_null());
    let duplicate = register("JAN@example.nl", PASSWORD, "Jan again").await;
    assert_eq!(duplicate.code(), "CONFLICT");
    assert_eq!(duplicate.field(), Some("email"));
}

#[tokio::test]
async fn people_edit_their_own_profile() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let area = t.area(&admin, "Molenwijk", "NEIGHBOURHOOD", None).await;
    let (token, _) = t.register("anna@example.nl", "Anna").await;
    const UPDATE: &str = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { user { displayName locale homeArea { name } organisation } } }";

    let updated = t
        .gql_as(
            Some(&token),
            UPDATE,
            json!({ "i": { "displayName": "Anna de Boer", "locale": "EN", "homeAreaId": area } }),
        )
        .await;
    assert_eq!(
        updated.data()["updateProfile"]["user"],
        json!({ "displayName": "Anna de Boer", "locale": "EN", "homeArea": { "name": "Molenwijk" }, "organisation": null })
    );

    let cleared = t
        .gql_as(Some(&token), UPDATE, json!({ "i": { "homeAreaId": null } }))
        .await;
    assert_eq!(
        cleared.data()["updateProfile"]["user"]["homeArea"],
        json!(null)
    );
    assert_eq!(
        cleared.data()["updateProfile"]["user"]["displayName"],
        "Anna de Boer"
    );

    let resident_org = t
        .gql_as(
            Some(&token),
            UPDATE,
            json!({ "i": { "organisation": "Wijkraad" } }),
        )
        .await;
    assert_eq!(resident_org.code(), "BAD_USER_INPUT");
    assert_eq!(resident_org.field(), Some("organisation"));

    let unknown_area = t
        .gql_as(
            Some(&token),
            UPDATE,
            json!({ "i": { "homeAreaId": "0190c2a2-0000-7000-8000-000000000000" } }),
        )
        .await;
    assert_eq!(unknown_area.field(), Some("homeAreaId"));
    let garbage_id = t
        .gql_as(
            Some(&token),
            UPDATE,
            json!({ "i": { "homeAreaId": "drie" } }),
        )
        .await;
    assert_eq!(garbage_id.code(), "BAD_USER_INPUT");
    assert_eq!(garbage_id.field(), Some("homeAreaId"));

    let anonymous = t.gql(UPDATE, json!({ "i": { "displayName": "X" } })).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
}

const SET_ROLE: &str =
    "mutation($i: SetUserRoleInput!) { setUserRole(input: $i) { user { role organisation } } }";

#[tokio::test]
async fn only_admins_change_roles() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (resident, resident_id) = t.register("wim@example.nl", "Wim").await;
    let (moderator, _) = t.user_with_role("mod@example.nl", Role::Moderator).await;
    let (professional, _) = t.user_with_role("pro@example.nl", Role::Professional).await;

    let make_pro = json!({ "i": { "userId": resident_id, "role": "PROFESSIONAL", "organisation": "Gemeente Amstelveld" } });
    for (who, token) in [
        ("resident", &resident),
        ("moderator", &moderator),
        ("professional", &professional),
    ] {
        let response = t.gql_as(Some(token), SET_ROLE, make_pro.clone()).await;
        assert_eq!(response.code(), "FORBIDDEN", "{who}");
    }
    assert_eq!(
        t.gql(SET_ROLE, make_pro.clone()).await.code(),
        "UNAUTHENTICATED"
    );

    let response = t.gql_as(Some(&admin), SET_ROLE, make_pro).await;
    assert_eq!(
        response.data()["setUserRole"]["user"],
        json!({ "role": "PROFESSIONAL", "organisation": "Gemeente Amstelveld" })
    );
    // The new role holds on the very next request of the same session.
    let me = t.gql_as(Some(&resident), ME, json!({})).await;
    assert_eq!(me.data()["me"]["role"], "PROFESSIONAL");

    let no_org = t
        .gql_as(
            Some(&admin),
            SET_ROLE,
            json!({ "i": { "userId": resident_id, "role": "PROFESSIONAL" } }),
        )
        .await;
    assert_eq!(no_org.field(), Some("organisation"));
    let unknown = t
        .gql_as(
            Some(&admin),
            SET_ROLE,
            json!({ "i": { "userId": "0190c2a2-0000-7000-8000-000000000000", "role": "MODERATOR" } }),
        )
        .await;
    assert_eq!(unknown.field(), Some("userId"));
}

#[tokio::test]
async fn the_last_admin_cannot_step_down() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let me = t.gql_as(Some(&admin), "{ me { id } }", json!({})).await;
    let admin_id = me.data()["me"]["id"].clone();
    let response = t
        .gql_as(
            Some(&admin),
            SET_ROLE,
            json!({ "i": { "userId": admin_id, "role": "RESIDENT" } }),
        )
        .await;
    assert_eq!(response.code(), "CONFLICT");
    assert_eq!(response.field(), Some("role"));
}

#[tokio::test]
async fn email_addresses_are_private() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (_, jan_id) = t.register("jan@example.nl", "Jan").await;
    let (other, _) = t.register("piet@example.nl", "Piet").await;
    const USER: &str = "query($id: ID!) { user(id: $id) { displayName email emailVerified } }";
    let vars = json!({ "id": jan_id });
    for token in [None, Some(other.as_str())] {
        let response = t.gql_as(token, USER, vars.clone()).await;
        assert_eq!(
            response.data()["user"],
            json!({ "displayName": "Jan", "email": null, "emailVerified": null })
        );
    }
    let response = t.gql_as(Some(&admin), USER, vars).await;
    assert_eq!(response.data()["user"]["email"], "jan@example.nl");

    // The user list is for admins only, and pages by cursor.
    const USERS: &str = "query($after: String) { users(first: 2, after: $after) { totalCount edges { cursor node { displayName } } pageInfo { hasNextPage endCursor } } }";
    assert_eq!(
        t.gql_as(Some(&other), USERS, json!({})).await.code(),
        "FORBIDDEN"
    );
    let page1 = t.gql_as(Some(&admin), USERS, json!({})).await;
    let users = &page1.data()["users"];
    assert_eq!(users["totalCount"], 3);
    assert_eq!(users["pageInfo"]["hasNextPage"], true);
    let page2 = t
        .gql_as(
            Some(&admin),
            USERS,
            json!({ "after": users["pageInfo"]["endCursor"] }),
        )
        .await;
    let rest = &page2.data()["users"];
    assert_eq!(rest["edges"].as_array().expect("edges").len(), 1);
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);
}
