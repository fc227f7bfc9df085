//! Users and memberships through the admin pages, on every database: invite (the new
//! user signs in with the one-time password), an existing user invited by e-mail, change
//! role, disable (cannot sign in, sessions end) and enable, reset password, reset 2FA,
//! and the refusals (oneself, a user shared with another organisation).

use loket_domain::people::{Locale, Role};

use crate::admin_pages::{admin, member, signed_in};
use crate::sign_in::{PASSWORD, enrol, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

/// The one-time password on the page that shows it.
fn password_of(body: &str) -> String {
    let marker = "id=\"one-time-password\">";
    let start = body.find(marker).expect("a password shown") + marker.len();
    let end = body[start..].find('<').unwrap();
    body[start..start + end].to_owned()
}

async fn user_id(app: &TestApp, email: &str) -> String {
    let user = app.engine.find_user(email).await.unwrap().unwrap();
    user.id.to_string()
}

#[tokio::test]
async fn an_invited_user_signs_in_with_the_password_shown_once() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let fields = [
            ("email", "nieuw@voorbeeld.nl"),
            ("name", "Nieuwe Collega"),
            ("role", "agent"),
        ];
        let shown = v.post("/admin/users", &fields).await;
        assert_eq!(shown.status, 200, "{}", shown.body);
        let password = password_of(&shown.body);
        assert_eq!(
            password.chars().filter(|c| *c != '-').count(),
            20,
            "{password}"
        );

        let list = v.get("/admin/users").await;
        assert!(list.body.contains("Nieuwe Collega"));
        assert!(!list.body.contains(&password), "shown only once");

        let mut new = Visitor::new(&app);
        let answer = new.sign_in("nieuw@voorbeeld.nl", &password).await;
        assert_eq!(
            answer.location.as_deref(),
            Some("/"),
            "the new user signs in"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn inviting_someone_of_another_organisation_adds_a_membership_without_a_password() {
    for app in spawn_apps().await {
        person(&app, "gedeeld@kcc.nl", &["andere"], Locale::Nl).await;
        let mut v = admin(&app).await;
        let fields = [
            ("email", "gedeeld@kcc.nl"),
            ("name", "Wat dan ook"),
            ("role", "team_lead"),
        ];
        let answer = v.post("/admin/users", &fields).await;
        assert_eq!(answer.status, 303);
        assert_eq!(answer.location.as_deref(), Some("/admin/users?done=added"));
        let list = v.get("/admin/users").await;
        assert!(
            list.body.contains("Medewerker gedeeld@kcc.nl"),
            "listed with their own name"
        );
        // Their password is unchanged.
        let mut them = Visitor::new(&app);
        assert_eq!(them.sign_in("gedeeld@kcc.nl", PASSWORD).await.status, 303);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_loses_their_session_until_enabled() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut them = signed_in(&app, "agent@voorbeeld.nl").await;
        let mut v = admin(&app).await;
        let answer = v.post(&format!("/admin/users/{agent}/disable"), &[]).await;
        assert_eq!(answer.status, 303);
        assert!(answer.location.unwrap().ends_with("?done=disabled"));

        assert_eq!(them.get("/").await.location.as_deref(), Some("/sign-in"));
        let refused = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", PASSWORD)
            .await;
        assert_eq!(refused.location.as_deref(), Some("/sign-in?failed"));

        v.get(&format!("/admin/users/{agent}")).await;
        v.post(&format!("/admin/users/{agent}/enable"), &[]).await;
        let again = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", PASSWORD)
            .await;
        assert_eq!(again.location.as_deref(), Some("/"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_cannot_disable_themselves_nor_a_user_shared_with_another_organisation() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let me = user_id(&app, "beheer@voorbeeld.nl").await;
        let page = v.get(&format!("/admin/users/{me}")).await;
        assert!(
            !page.body.contains("/disable\""),
            "no disable button for oneself"
        );
        let answer = v.post(&format!("/admin/users/{me}/disable"), &[]).await;
        assert!(answer.location.unwrap().ends_with("?problem=yourself"));
        assert!(v.get("/admin/users").await.status == 200, "still signed in");

        person(&app, "gedeeld@kcc.nl", &["voorbeeld", "andere"], Locale::Nl).await;
        let shared = user_id(&app, "gedeeld@kcc.nl").await;
        let answer = v.post(&format!("/admin/users/{shared}/disable"), &[]).await;
        let location = answer.location.unwrap();
        assert!(location.ends_with("?problem=shared"), "{location}");
        assert!(v.get(&location).await.body.contains("andere organisatie"));
        let user = app
            .engine
            .find_user("gedeeld@kcc.nl")
            .await
            .unwrap()
            .unwrap();
        assert!(user.active);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_new_role_takes_effect_and_an_agent_made_admin_sees_the_admin_pages() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = admin(&app).await;
        let answer = v
            .post(&format!("/admin/users/{agent}/role"), &[("role", "admin")])
            .await;
        assert!(answer.location.unwrap().ends_with("?done=role"));
        let mut them = signed_in(&app, "agent@voorbeeld.nl").await;
        assert_eq!(them.get("/admin/users").await.status, 200);
        let bogus = v
            .post(&format!("/admin/users/{agent}/role"), &[("role", "keizer")])
            .await;
        assert!(bogus.location.unwrap().ends_with("?problem=invalid"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_password_reset_shows_a_new_password_once_and_the_old_one_stops_working() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = admin(&app).await;
        v.get(&format!("/admin/users/{agent}")).await;
        let shown = v.post(&format!("/admin/users/{agent}/password"), &[]).await;
        assert_eq!(shown.status, 200);
        let password = password_of(&shown.body);
        let old = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", PASSWORD)
            .await;
        assert_eq!(old.location.as_deref(), Some("/sign-in?failed"));
        let new = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", &password)
            .await;
        assert_eq!(new.location.as_deref(), Some("/"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn resetting_two_factor_lets_the_user_sign_in_with_the_password_alone() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut them = signed_in(&app, "agent@voorbeeld.nl").await;
        enrol(&app, &mut them).await;
        let second = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", PASSWORD)
            .await;
        assert_eq!(second.location.as_deref(), Some("/sign-in/two-factor"));

        let mut v = admin(&app).await;
        let answer = v
            .post(&format!("/admin/users/{agent}/two-factor"), &[])
            .await;
        assert!(answer.location.unwrap().ends_with("?done=two-factor"));
        let user = app
            .engine
            .find_user("agent@voorbeeld.nl")
            .await
            .unwrap()
            .unwrap();
        assert!(!user.totp_enabled);
        let again = Visitor::new(&app)
            .sign_in("agent@voorbeeld.nl", PASSWORD)
            .await;
        assert_eq!(again.location.as_deref(), Some("/"));
        app.cleanup().await;
    }
}
