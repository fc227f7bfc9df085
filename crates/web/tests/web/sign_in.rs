//! Signing in over HTTP on every database: the session cookie, rotation, lockout without
//! account enumeration, the second factor, CSRF refusals, choosing an organisation,
//! signing out, changing the password, `/events` by session. One person per test.

use std::time::Duration;

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::support::{TestApp, spawn_apps};
use crate::visitor::{Visitor, recovery_codes_of, totp_secret_of};

pub const PASSWORD: &str = "een lang genoeg wachtwoord";

/// A person with `PASSWORD` and a membership in each of `orgs`.
pub async fn person(app: &TestApp, email: &str, orgs: &[&str], locale: Locale) {
    for org in orgs {
        let request = NewUserRequest {
            email: email.into(),
            name: format!("Medewerker {email}"),
            membership: Some(((*org).into(), Role::Agent)),
            operator: false,
            locale,
            password: Some(SecretString::from(PASSWORD)),
        };
        app.engine.add_user(request).await.unwrap();
    }
}

/// Enrol `visitor` (signed in) in TOTP; the key and the recovery codes.
pub async fn enrol(app: &TestApp, visitor: &mut Visitor) -> (String, Vec<String>) {
    let page = visitor.get("/account/two-factor").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("data:image/svg+xml;base64,"));
    let secret = totp_secret_of(&page.body);
    let code = loket_engine::people::totp_code(&secret, now(app)).unwrap();
    let done = visitor
        .post("/account/two-factor", &[("code", &code)])
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let codes = recovery_codes_of(&done.body);
    assert_eq!(codes.len(), 10, "{}", done.body);
    (secret, codes)
}

pub fn now(app: &TestApp) -> u64 {
    use loket_domain::Clock;
    app.clock.now().as_second() as u64
}

#[tokio::test]
async fn signing_in_sets_an_http_only_same_site_cookie_and_opens_the_inbox() {
    for app in spawn_apps().await {
        person(&app, "anna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        let answer = v.sign_in("Anna@Voorbeeld.nl", PASSWORD).await;
        assert_eq!(answer.status, 303);
        assert_eq!(answer.location.as_deref(), Some("/"));
        let cookie = &answer.cookies[0];
        assert!(cookie.starts_with("loket_session="), "{cookie}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
        // Over plain HTTP (no public_url) the cookie cannot be Secure.
        assert!(!cookie.contains("Secure"), "{cookie}");
        let inbox = v.get("/").await;
        assert_eq!(inbox.status, 200);
        assert!(inbox.body.contains("Gemeente Voorbeeld"), "{}", inbox.body);
        assert!(inbox.body.contains("sse-connect=\"/events\""));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    for app in spawn_apps().await {
        person(&app, "bram@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        let wrong = v.sign_in("bram@voorbeeld.nl", "niet het wachtwoord").await;
        let unknown = v.sign_in("niemand@voorbeeld.nl", PASSWORD).await;
        for answer in [&wrong, &unknown] {
            assert_eq!(answer.status, 303);
            assert_eq!(answer.location.as_deref(), Some("/sign-in?failed"));
            assert!(answer.cookies.is_empty());
        }
        let page = v.get("/sign-in?failed").await;
        assert!(page.body.contains("passen niet bij elkaar"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn five_failures_lock_the_account_out_for_a_quarter_of_an_hour_known_or_not() {
    for app in spawn_apps().await {
        person(&app, "cor@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        for email in ["cor@voorbeeld.nl", "onbekend@voorbeeld.nl"] {
            let mut last = None;
            for _ in 0..5 {
                last = v.sign_in(email, "fout wachtwoord").await.location;
            }
            assert_eq!(last.as_deref(), Some("/sign-in?locked"), "{email}");
        }
        // Locked: even the right password is refused, with the same message.
        let locked = v.sign_in("cor@voorbeeld.nl", PASSWORD).await;
        assert_eq!(locked.location.as_deref(), Some("/sign-in?locked"));
        let page = v.get("/sign-in?locked").await;
        assert!(page.body.contains("Wacht een kwartier"), "{}", page.body);
        app.clock.advance(Duration::from_secs(15 * 60 + 1));
        let open = v.sign_in("cor@voorbeeld.nl", PASSWORD).await;
        assert_eq!(open.location.as_deref(), Some("/"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_and_ends_the_old_one() {
    for app in spawn_apps().await {
        person(&app, "dirk@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("dirk@voorbeeld.nl", PASSWORD).await;
        let first = v.session.clone().unwrap();
        v.sign_in("dirk@voorbeeld.nl", PASSWORD).await;
        let second = v.session.clone().unwrap();
        assert_ne!(first, second);
        v.session = Some(first);
        assert_eq!(v.get("/").await.location.as_deref(), Some("/sign-in"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn with_totp_the_inbox_waits_for_the_code_and_a_recovery_code_works_once() {
    for app in spawn_apps().await {
        person(&app, "gijs@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("gijs@voorbeeld.nl", PASSWORD).await;
        let (secret, codes) = enrol(&app, &mut v).await;
        v.post("/sign-out", &[]).await;

        let answer = v.sign_in("gijs@voorbeeld.nl", PASSWORD).await;
        assert_eq!(answer.location.as_deref(), Some("/sign-in/two-factor"));
        assert_eq!(
            v.get("/").await.location.as_deref(),
            Some("/sign-in/two-factor")
        );
        v.get("/sign-in/two-factor").await;
        let wrong = v.post("/sign-in/two-factor", &[("code", "000000")]).await;
        assert_eq!(
            wrong.location.as_deref(),
            Some("/sign-in/two-factor?failed")
        );
        app.clock.advance(Duration::from_secs(60));
        let code = loket_engine::people::totp_code(&secret, now(&app)).unwrap();
        let before = v.session.clone();
        let passed = v.post("/sign-in/two-factor", &[("code", &code)]).await;
        assert_eq!(passed.location.as_deref(), Some("/"));
        assert_ne!(
            v.session, before,
            "the session is rotated after the second factor"
        );
        assert_eq!(v.get("/").await.status, 200);

        v.post("/sign-out", &[]).await;
        for (attempt, expected) in [(1, "/"), (2, "/sign-in/two-factor?failed")] {
            v.sign_in("gijs@voorbeeld.nl", PASSWORD).await;
            v.get("/sign-in/two-factor").await;
            let answer = v.post("/sign-in/two-factor", &[("code", &codes[0])]).await;
            assert_eq!(answer.location.as_deref(), Some(expected), "use {attempt}");
            v.get("/").await;
            v.post("/sign-out", &[]).await;
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_organisation_that_requires_2fa_sends_its_members_to_enrolment_first() {
    for app in spawn_apps().await {
        let mut spec = crate::support::provisioning(&app.sim, true);
        spec.organisations[0].require_2fa = true;
        app.engine.provision(&spec).await.unwrap();
        person(&app, "hanna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        let answer = v.sign_in("hanna@voorbeeld.nl", PASSWORD).await;
        assert_eq!(answer.location.as_deref(), Some("/account/two-factor"));
        assert_eq!(
            v.get("/").await.location.as_deref(),
            Some("/account/two-factor")
        );
        enrol(&app, &mut v).await;
        assert_eq!(v.get("/").await.status, 200);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_person_of_two_organisations_chooses_one_and_switches_but_not_to_a_third() {
    for app in spawn_apps().await {
        person(
            &app,
            "ilse@voorbeeld.nl",
            &["voorbeeld", "andere"],
            Locale::Nl,
        )
        .await;
        let mut v = Visitor::new(&app);
        let answer = v.sign_in("ilse@voorbeeld.nl", PASSWORD).await;
        assert_eq!(answer.location.as_deref(), Some("/organisations"));
        let choice = v.get("/organisations").await;
        assert!(
            choice.body.contains("Andere Gemeente") && choice.body.contains("Gemeente Voorbeeld")
        );
        let chosen = v
            .post("/organisations", &[("organisation", "andere")])
            .await;
        assert_eq!(chosen.location.as_deref(), Some("/"));
        assert!(v.get("/").await.body.contains("Andere Gemeente"));
        v.post("/organisations", &[("organisation", "voorbeeld")])
            .await;
        assert!(v.get("/").await.body.contains("Gemeente Voorbeeld"));
        let refused = v
            .post("/organisations", &[("organisation", "bestaat-niet")])
            .await;
        assert_eq!(refused.status, 404);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    for app in spawn_apps().await {
        person(&app, "joost@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("joost@voorbeeld.nl", PASSWORD).await;
        let token = v.session.clone().unwrap();
        v.get("/").await;
        let out = v.post("/sign-out", &[]).await;
        assert_eq!(out.location.as_deref(), Some("/sign-in?signed-out"));
        assert!(out.cookies[0].contains("Max-Age=0"), "{:?}", out.cookies);
        assert_eq!(v.session, None);
        v.session = Some(token);
        assert_eq!(v.get("/").await.location.as_deref(), Some("/sign-in"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_two_equal_new_ones() {
    for app in spawn_apps().await {
        person(&app, "kim@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("kim@voorbeeld.nl", PASSWORD).await;
        v.get("/account/password").await;
        let new = "een ander lang wachtwoord";
        for (current, repeat, problem) in [
            ("fout", new, "current"),
            (PASSWORD, "iets anders", "mismatch"),
            (PASSWORD, "kort", "weak"),
        ] {
            let fields = [("current", current), ("new", repeat), ("repeat", repeat)];
            let fields = if problem == "mismatch" {
                [("current", current), ("new", new), ("repeat", repeat)]
            } else {
                fields
            };
            let answer = v.post("/account/password", &fields).await;
            let expected = format!("/account/password?problem={problem}");
            assert_eq!(answer.location.as_deref(), Some(expected.as_str()));
        }
        let done = v
            .post(
                "/account/password",
                &[("current", PASSWORD), ("new", new), ("repeat", new)],
            )
            .await;
        assert_eq!(done.location.as_deref(), Some("/account/password?changed"));
        assert_eq!(
            v.get("/").await.status,
            200,
            "this browser got a new session"
        );
        let mut other = Visitor::new(&app);
        let old = other.sign_in("kim@voorbeeld.nl", PASSWORD).await;
        assert_eq!(old.location.as_deref(), Some("/sign-in?failed"));
        assert_eq!(
            other
                .sign_in("kim@voorbeeld.nl", new)
                .await
                .location
                .as_deref(),
            Some("/")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_inbox_lists_its_own_organisations_conversations_only_in_the_users_language() {
    for app in spawn_apps().await {
        app.resident_writes("Mijn paspoort is verlopen").await;
        app.settle().await;
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::En).await;
        person(&app, "mo@andere.nl", &["andere"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("lot@voorbeeld.nl", PASSWORD).await;
        let inbox = v.get("/").await;
        assert!(
            inbox.body.contains("<html lang=\"en\""),
            "the user's language"
        );
        assert!(inbox.body.contains("Fatima de Vries"), "{}", inbox.body);
        let rows = v.get("/inbox/rows").await;
        assert!(rows.body.contains("Fatima de Vries") && !rows.body.contains("<html"));
        let mut other = Visitor::new(&app);
        other.sign_in("mo@andere.nl", PASSWORD).await;
        let theirs = other.get("/").await;
        assert!(!theirs.body.contains("Fatima de Vries"));
        assert!(theirs.body.contains("Er wachten geen gesprekken"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_event_stream_takes_a_complete_session_and_refuses_a_half_one() {
    for app in spawn_apps().await {
        person(
            &app,
            "nina@voorbeeld.nl",
            &["voorbeeld", "andere"],
            Locale::Nl,
        )
        .await;
        let mut v = Visitor::new(&app);
        v.sign_in("nina@voorbeeld.nl", PASSWORD).await;
        let cookie = format!("loket_session={}", v.session.clone().unwrap());
        let get = || {
            app.http
                .get(format!("{}/events", app.url))
                .header("cookie", cookie.clone())
                .send()
        };
        // No organisation chosen yet: not a viewer.
        assert_eq!(get().await.unwrap().status(), 401);
        v.get("/organisations").await;
        v.post("/organisations", &[("organisation", "voorbeeld")])
            .await;
        let stream = get().await.unwrap();
        assert_eq!(stream.status(), 200);
        assert_eq!(stream.headers()["content-type"], "text/event-stream");
        drop(stream);
        app.cleanup().await;
    }
}
