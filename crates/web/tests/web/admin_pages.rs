//! The admin pages over HTTP on every database: each page for an admin, 403 for an agent,
//! 404 for another organisation's ids, CSRF, the channels' connection test against the
//! simulator, the template sync, teams. (Users: `admin_users.rs`; operators:
//! `admin_operator.rs`.)

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::sign_in::PASSWORD;
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

/// A user with `PASSWORD` and `role` in `org`; their id.
pub async fn member(app: &TestApp, email: &str, org: &str, role: Role) -> String {
    let request = NewUserRequest {
        email: email.into(),
        name: format!("Naam {email}"),
        membership: Some((org.into(), role)),
        operator: false,
        locale: Locale::Nl,
        password: Some(SecretString::from(PASSWORD)),
    };
    app.engine
        .add_user(request)
        .await
        .unwrap()
        .user
        .id
        .to_string()
}

/// A visitor signed in as `email` (who has `PASSWORD`).
pub async fn signed_in(app: &TestApp, email: &str) -> Visitor {
    let mut v = Visitor::new(app);
    let answer = v.sign_in(email, PASSWORD).await;
    assert_eq!(answer.location.as_deref(), Some("/"), "{email} signs in");
    v.get("/").await;
    v
}

/// An admin of voorbeeld, signed in.
pub async fn admin(app: &TestApp) -> Visitor {
    member(app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
    signed_in(app, "beheer@voorbeeld.nl").await
}

pub const ADMIN_PAGES: &[&str] = &[
    "/admin/channels",
    "/admin/users",
    "/admin/teams",
    "/admin/templates",
    "/admin/replies",
    "/admin/wrap-up",
    "/admin/automation",
];

#[tokio::test]
async fn every_admin_page_answers_an_admin_in_dutch_with_the_admin_navigation() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let inbox = v.get("/").await;
        assert!(inbox.body.contains("href=\"/admin/channels\""), "nav link");
        for (path, heading) in [
            ("/admin/channels", "Kanalen"),
            ("/admin/users", "Gebruikers"),
            ("/admin/teams", "Teams"),
            ("/admin/templates", "Sjablonen"),
        ] {
            let page = v.get(path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.body);
            assert!(page.body.contains(heading), "{path}");
            assert!(
                page.body.contains("href=\"/admin/labels\""),
                "{path} links labels"
            );
        }
        assert_eq!(
            v.get("/admin").await.location.as_deref(),
            Some("/admin/channels")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_gets_the_403_page_on_every_admin_page_and_form_and_no_admin_link() {
    for app in spawn_apps().await {
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = signed_in(&app, "agent@voorbeeld.nl").await;
        assert!(!v.get("/").await.body.contains("href=\"/admin/channels\""));
        for path in ADMIN_PAGES {
            let page = v.get(path).await;
            assert_eq!(page.status, 403, "{path}");
            assert!(page.body.contains("Geen toegang"), "{path}");
        }
        let invite = v
            .post(
                "/admin/users",
                &[
                    ("email", "x@voorbeeld.nl"),
                    ("name", "X"),
                    ("role", "admin"),
                ],
            )
            .await;
        assert_eq!(invite.status, 403);
        assert!(
            app.engine
                .find_user("x@voorbeeld.nl")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(v.post("/admin/templates/sync", &[]).await.status, 403);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn without_a_session_the_admin_pages_send_to_sign_in() {
    for app in spawn_apps().await {
        let mut v = Visitor::new(&app);
        let page = v.get("/admin/users").await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location.as_deref(), Some("/sign-in"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_user_team_and_channel_read_as_not_found() {
    for app in spawn_apps().await {
        let other = member(&app, "ander@andere.nl", "andere", Role::Agent).await;
        let other_team = app.team_id("andere", "afval").await;
        let mut v = admin(&app).await;
        assert_eq!(v.get(&format!("/admin/users/{other}")).await.status, 404);
        let disable = v.post(&format!("/admin/users/{other}/disable"), &[]).await;
        assert_eq!(disable.status, 404);
        let user = app
            .engine
            .find_user("ander@andere.nl")
            .await
            .unwrap()
            .unwrap();
        assert!(user.active, "another organisation's user is untouched");
        assert_eq!(
            v.get(&format!("/admin/teams/{other_team}")).await.status,
            404
        );
        let rename = v
            .post(
                &format!("/admin/teams/{other_team}/name"),
                &[("name", "Weg")],
            )
            .await;
        assert_eq!(rename.status, 404);
        assert_eq!(v.get("/admin/users/not-an-id").await.status, 404);

        // Voorbeeld's channel, tested by andere's admin.
        let channel = channel_id(&app).await;
        member(&app, "beheer@andere.nl", "andere", Role::Admin).await;
        let mut w = signed_in(&app, "beheer@andere.nl").await;
        let test = w
            .post(&format!("/admin/channels/{channel}/test"), &[])
            .await;
        assert_eq!(test.status, 404);
        app.cleanup().await;
    }
}

async fn channel_id(app: &TestApp) -> String {
    let org = app
        .engine
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap()
        .unwrap();
    app.engine.list_channels(org.id).await.unwrap()[0]
        .id
        .to_string()
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused_and_changes_nothing() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let headers = [
            ("origin", app.url.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let fields = [
            ("email", "nieuw@voorbeeld.nl"),
            ("name", "Nieuw"),
            ("role", "agent"),
        ];
        let answer = v.post_raw("/admin/users", &fields, &headers).await;
        assert_eq!(answer.status, 403);
        assert!(
            app.engine
                .find_user("nieuw@voorbeeld.nl")
                .await
                .unwrap()
                .is_none()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_channels_page_shows_the_number_read_only_and_the_connection_test_asks_meta() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let page = v.get("/admin/channels").await;
        assert!(page.body.contains(&app.sim.config().display_phone_number));
        assert!(page.body.contains("Configuratiebestand (alleen lezen)"));
        assert!(page.body.contains("/webhooks/whatsapp"));
        assert!(
            !page.body.contains(&app.sim.config().verify_token),
            "no secret shown"
        );
        assert!(
            !page.body.contains(&app.sim.config().access_token),
            "no token shown"
        );

        let channel = channel_id(&app).await;
        let test = v
            .post(&format!("/admin/channels/{channel}/test"), &[])
            .await;
        assert_eq!(test.status, 303);
        let location = test.location.unwrap();
        assert!(location.contains("result=connected"), "{location}");
        let page = v.get(&location).await;
        assert!(page.body.contains("De verbinding werkt"), "{}", page.body);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn synchronising_fetches_the_templates_from_the_simulator() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        assert!(
            v.get("/admin/templates")
                .await
                .body
                .contains("nog geen sjablonen")
        );
        let sync = v.post("/admin/templates/sync", &[]).await;
        assert_eq!(sync.status, 303);
        let page = v.get(sync.location.as_deref().unwrap()).await;
        assert!(page.body.contains("gesynchroniseerd"), "{}", page.body);
        assert!(page.body.contains("vraag_nog_open"));
        assert!(page.body.contains("Goedgekeurd"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_creates_renames_and_staffs_a_team_and_declared_teams_stay_read_only() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = admin(&app).await;
        let made = v
            .post("/admin/teams", &[("name", "Team Afval"), ("slug", "afval")])
            .await;
        assert_eq!(made.status, 303);
        let team_page = made.location.unwrap();
        let path = team_page.split('?').next().unwrap().to_owned();
        assert!(v.get(&team_page).await.body.contains("Team Afval"));

        let renamed = v
            .post(&format!("{path}/name"), &[("name", "Afval en milieu")])
            .await;
        assert_eq!(renamed.status, 303);
        let added = v
            .post(&format!("{path}/members"), &[("user", &agent)])
            .await;
        assert_eq!(added.status, 303);
        let page = v.get(&path).await;
        assert!(page.body.contains("Afval en milieu"));
        assert!(page.body.contains(&format!("/members/{agent}/remove")));

        let removed = v.post(&format!("{path}/members/{agent}/remove"), &[]).await;
        assert_eq!(removed.status, 303);
        let page = v.get(&path).await;
        assert!(!page.body.contains(&format!("/members/{agent}/remove")));

        let declared = app.team_id("voorbeeld", "burgerzaken").await;
        let refused = v
            .post(
                &format!("/admin/teams/{declared}/name"),
                &[("name", "Anders")],
            )
            .await;
        assert!(refused.location.unwrap().contains("problem=declared"));
        let page = v.get(&format!("/admin/teams/{declared}")).await;
        assert!(page.body.contains("Team burgerzaken"));
        assert!(
            !page.body.contains("/name\""),
            "no rename form on a declared team"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_accessibility_statement_is_public_linked_in_the_footer_and_names_the_organisation() {
    for app in spawn_apps().await {
        let mut anonymous = Visitor::new(&app);
        let sign_in = anonymous.get("/sign-in").await;
        assert!(
            sign_in.body.contains("href=\"/toegankelijkheid\""),
            "footer link"
        );
        let page = anonymous.get("/toegankelijkheid").await;
        assert_eq!(page.status, 200);
        for expected in [
            "Toegankelijkheidsverklaring",
            "WCAG 2.1",
            "axe-core",
            "toetsenbord",
        ] {
            assert!(page.body.contains(expected), "{expected}");
        }
        let english = anonymous.get("/toegankelijkheid?lang=en").await;
        assert!(english.body.contains("Accessibility statement"));

        let mut v = admin(&app).await;
        let page = v.get("/toegankelijkheid").await;
        assert!(
            page.body.contains("Gemeente Voorbeeld wil dat Loket"),
            "{}",
            page.body
        );
        app.cleanup().await;
    }
}
