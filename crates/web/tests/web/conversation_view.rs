//! The conversation page (`/inbox/{id}`) over HTTP on every database: every content type,
//! hostile text rendered inert, media through the page's own route, delivery ticks and the
//! retry form, internal notes clearly marked, the live fragment, and another
//! organisation's conversation, media and fragment answering 404.

use loket_domain::people::Locale;
use loket_sim::Resident;
use loket_sim::{ContactCard, Location, with_context};
use serde_json::{Value, json};

use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

pub const HOSTILE: &str =
    "<script>alert(1)</script> <img src=x onerror=alert(2)> <b>vet?</b> *echt vet* _schuin_";

/// A resident sends one message of every content type (media fetched); the conversation.
pub async fn every_content_type(app: &TestApp) -> String {
    let r = Resident::new("Fatima de Vries", "31612345678");
    let sim = &app.sim;
    let photo = sim.add_media(loket_sim::files::photo_png(6, 6, 7), "image/png");
    // An MP4 header (`ftyp isom`): the bytes, not the announcement, decide the type.
    let video = sim.add_media(
        b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec(),
        "video/mp4",
    );
    let pdf = sim.add_media(loket_sim::files::pdf("Aanvraag"), "application/pdf");
    let sticker = sim.add_media(loket_sim::files::photo_png(4, 4, 1), "image/webp");
    let voice = sim.add_media(loket_sim::files::voice_note(2), "audio/ogg; codecs=opus");
    let text = sim.text(&r, HOSTILE);
    let text_id = text["id"].as_str().unwrap().to_owned();
    let location = Location {
        latitude: 52.0907,
        longitude: 5.1214,
        name: Some("Stadskantoor".into()),
        address: Some("Stadsplateau 1, Utrecht".into()),
    };
    let card = ContactCard {
        first_name: "Jan".into(),
        last_name: "Jansen".into(),
        phone: "+31 6 11112222".into(),
        wa_id: None,
    };
    let messages = vec![
        text,
        sim.image(&r, &photo, Some("Lantaarnpaal stuk")),
        sim.video(&r, &video, None),
        sim.document(&r, &pdf, "aanvraag.pdf", None),
        sim.sticker(&r, &sticker),
        sim.voice_note(&r, &voice),
        sim.location(&r, &location),
        sim.contact_card(&r, &card),
        sim.unsupported(&r, "poll_creation"),
        sim.reaction(&r, &text_id, "👍"),
        with_context(sim.text(&r, "Zie hierboven"), &r.wa_id, &text_id),
    ];
    for message in messages {
        let envelope = sim.envelope(vec![message], vec![r.contact()]);
        assert_eq!(sim.deliver(&envelope).await.unwrap().status, 200);
    }
    app.run_jobs().await;
    app.conversations().await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn signed_in(app: &TestApp, email: &str, org: &str) -> Visitor {
    person(app, email, &[org], Locale::Nl).await;
    let mut v = Visitor::new(app);
    assert_eq!(v.sign_in(email, PASSWORD).await.status, 303);
    v
}

fn message_id(messages: &[Value], kind: &str) -> String {
    let found =
        (messages.iter()).find(|m| m["content"]["type"] == kind || m["content"]["kind"] == kind);
    found.expect(kind)["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_content_type_is_rendered_and_hostile_text_stays_inert() {
    for app in spawn_apps().await {
        let conversation = every_content_type(&app).await;
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let body = &page.body;
        for expected in [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;img src=x onerror=alert(2)&gt;",
            "&lt;b&gt;vet?&lt;/b&gt;",
            "<strong>echt vet</strong>",
            "<em>schuin</em>",
            "class=\"loket-media__image\"",
            "alt=\"Lantaarnpaal stuk\"",
            "<video class=\"loket-media__video\" controls",
            "Spraakbericht",
            "<audio class=\"loket-media__audio\" controls",
            "download>aanvraag.pdf</a>",
            "class=\"loket-media__sticker\"",
            "Stadskantoor",
            "52.09070, 5.12140",
            "https://www.openstreetmap.org/?mlat=52.090700&amp;mlon=5.121400",
            "Jan Jansen",
            "+31 6 11112222",
            "Dit soort bericht",
            "👍 (inwoner)",
            "<blockquote class=\"loket-message__quote\">",
            "Zie hierboven",
        ] {
            assert!(
                body.contains(expected),
                "{expected} on {:?}:\n{body}",
                app.backend
            );
        }
        assert!(!body.contains("<script>alert") && !body.contains("<img src=x"));
        assert!(!body.contains("<b>vet"), "resident HTML is text");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn media_is_served_to_the_session_inline_only_for_safe_types_and_documents_download() {
    for app in spawn_apps().await {
        let conversation = every_content_type(&app).await;
        let messages = app.all_messages().await;
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let image = message_id(&messages, "image");
        let document = message_id(&messages, "document");
        let base = format!("{}/inbox/{conversation}/media", app.url);
        let cookie = format!("loket_session={}", v.session.clone().unwrap());
        let get = |id: String| {
            let (http, cookie, base) = (app.http.clone(), cookie.clone(), base.clone());
            async move {
                http.get(format!("{base}/{id}"))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let shown = get(image).await;
        assert_eq!(shown.status(), 200);
        assert_eq!(shown.headers()["content-type"], "image/png");
        assert_eq!(shown.headers()["content-disposition"], "inline");
        assert_eq!(shown.headers()["x-content-type-options"], "nosniff");
        let file = get(document).await;
        assert_eq!(file.status(), 200);
        assert_eq!(
            file.headers()["content-disposition"],
            "attachment; filename=\"aanvraag.pdf\""
        );
        assert!(
            file.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        let text = message_id(&messages, "text");
        assert_eq!(get(text).await.status(), 404, "a text has no media");
        // Without a session: to the sign-in page, never the bytes.
        let anonymous = v.get(&format!("/inbox/{conversation}/media/x")).await;
        assert_eq!(anonymous.status, 404);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_media_and_fragment_answer_404() {
    for app in spawn_apps().await {
        let conversation = every_content_type(&app).await;
        let image = message_id(&app.all_messages().await, "image");
        let mut v = signed_in(&app, "mo@andere.nl", "andere").await;
        for path in [
            format!("/inbox/{conversation}"),
            format!("/inbox/{conversation}/messages"),
            format!("/inbox/{conversation}/media/{image}"),
            "/inbox/not-an-id".to_owned(),
        ] {
            let answer = v.get(&path).await;
            assert_eq!(answer.status, 404, "{path} on {:?}", app.backend);
            assert!(!answer.body.contains("Fatima"));
        }
        v.get("/").await; // a page of theirs, for its CSRF token
        let retry = v
            .post(
                &format!("/inbox/{conversation}/messages/{image}/retry"),
                &[],
            )
            .await;
        assert_eq!(retry.status, 404);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn media_under_another_conversations_address_of_the_same_organisation_answers_404() {
    for app in spawn_apps().await {
        let conversation = every_content_type(&app).await;
        let image = message_id(&app.all_messages().await, "image");
        let other = Resident::new("Kees Bakker", "31687654321");
        let envelope = app.sim.envelope(
            vec![app.sim.text(&other, "Andere vraag")],
            vec![other.contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversations = app.conversations().await;
        let elsewhere = conversations
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .find(|id| *id != conversation)
            .expect("a second conversation");
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let own = v.get(&format!("/inbox/{conversation}/media/{image}")).await;
        assert_eq!(own.status, 200, "the image under its own conversation");
        let wrong = v.get(&format!("/inbox/{elsewhere}/media/{image}")).await;
        assert_eq!(wrong.status, 404, "on {:?}", app.backend);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn opening_a_conversation_sends_one_read_receipt_and_reopening_it_sends_none() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Is het stadskantoor open?").await;
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        assert_eq!(v.get(&format!("/inbox/{conversation}")).await.status, 200);
        app.settle().await;
        assert_eq!(app.sim.read_marks().len(), 1, "on {:?}", app.backend);
        for _ in 0..3 {
            assert_eq!(v.get(&format!("/inbox/{conversation}")).await.status, 200);
        }
        app.settle().await;
        assert_eq!(
            app.sim.read_marks().len(),
            1,
            "already read: no second receipt"
        );
        app.resident_writes("Hallo?").await;
        assert_eq!(v.get(&format!("/inbox/{conversation}")).await.status, 200);
        app.settle().await;
        assert_eq!(app.sim.read_marks().len(), 2, "a new message is read again");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn edits_revocations_ticks_the_dutch_reason_and_the_retry_form_are_shown() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Eerste versie").await;
        let resident = app.all_messages().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let sent = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &json!({"text": "Wij kijken ernaar"}),
            )
            .await;
        let sent: Value = sent.json().await.unwrap();
        let sent_id = sent["id"].as_str().unwrap().to_owned();
        app.settle().await;
        let failed = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &json!({"text": "Deze komt niet aan"}),
            )
            .await;
        let failed: Value = failed.json().await.unwrap();
        let failed_id = failed["id"].as_str().unwrap().to_owned();
        app.execute_sql(&format!(
            "update messages set status = 'failed', \
             error = '{{\"code\":131026,\"title\":\"Message undeliverable\"}}' where id = '{failed_id}'"
        ))
        .await;
        app.execute_sql(&format!(
            "update messages set edited_content = '{{\"type\":\"text\",\"body\":\"Tweede versie\"}}', \
             edited_at = sent_at where id = '{resident}'"
        ))
        .await;
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        let body = &page.body;
        assert!(
            body.contains("Tweede versie") && !body.contains("Eerste versie"),
            "{body}"
        );
        assert!(body.contains(">bewerkt<"));
        assert!(
            body.contains("✓✓ Gelezen"),
            "the delivered reply walked to read: {body}"
        );
        assert!(body.contains("Medewerker"), "who sent it");
        assert!(body.contains("loket-status--failed\">Mislukt: "), "{body}");
        let form = format!("action=\"/inbox/{conversation}/messages/{failed_id}/retry\"");
        assert!(body.contains(&form), "a retry form for the failed one only");
        assert!(!body.contains(&format!("messages/{sent_id}/retry")));
        let answer = v
            .post(
                &format!("/inbox/{conversation}/messages/{failed_id}/retry"),
                &[],
            )
            .await;
        assert_eq!(answer.status, 303);
        assert_eq!(
            answer.location,
            Some(format!("/inbox/{conversation}#m-{failed_id}"))
        );
        let retried = app.message(&conversation, &failed_id).await;
        assert_eq!(retried["status"], "queued", "{retried}");
        let refused = v
            .post_raw(
                &format!("/inbox/{conversation}/messages/{failed_id}/retry"),
                &[],
                &[],
            )
            .await;
        assert_ne!(refused.status, 303, "no CSRF token, no retry");

        app.execute_sql(&format!(
            "update messages set revoked_at = sent_at where id = '{resident}'"
        ))
        .await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert!(
            page.body
                .contains("Dit bericht is door de inwoner verwijderd.")
        );
        assert!(!page.body.contains("Tweede versie"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn notes_are_marked_internal_and_the_fragment_refreshes_only_on_change() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn container is niet geleegd").await;
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let org = app
            .engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap();
        let anna = app
            .engine
            .find_user("anna@voorbeeld.nl")
            .await
            .unwrap()
            .unwrap();
        let id = conversation.parse().unwrap();
        app.engine
            .add_note(org.id, id, anna.id, "Collega <i>bellen</i>\n*morgen*", &[])
            .await
            .unwrap();
        let page = v.get(&format!("/inbox/{conversation}")).await;
        let body = &page.body;
        assert!(body.contains("<li class=\"loket-note\""), "{body}");
        assert!(body.contains("<strong>Interne notitie</strong> · Medewerker anna@voorbeeld.nl"));
        assert!(body.contains("Collega &lt;i&gt;bellen&lt;/i&gt;<br><strong>morgen</strong>"));
        assert!(body.contains("role=\"status\" aria-live=\"polite\""));
        assert!(body.contains("sse:note_added"));
        assert_eq!(
            app.conversations().await[0]["unread_count"],
            0,
            "opening the page read it"
        );

        let version = field(body, "version");
        let seen = field(body, "seen");
        let same = v
            .get(&format!(
                "/inbox/{conversation}/messages?version={version}&seen={seen}"
            ))
            .await;
        assert_eq!(same.status, 204, "nothing changed: nothing to swap");
        app.resident_writes("Hallo?").await;
        let fresh = v
            .get(&format!(
                "/inbox/{conversation}/messages?version={version}&seen={seen}"
            ))
            .await;
        assert_eq!(fresh.status, 200);
        assert!(fresh.body.contains("Hallo?") && !fresh.body.contains("<html"));
        assert!(
            fresh
                .body
                .contains("hx-swap-oob=\"innerHTML\">Nieuw bericht van de inwoner.")
        );
        assert!(!fresh.body.contains("name=\"csrf\"") || fresh.body.contains("retry"));
        app.cleanup().await;
    }
}

/// The value of the hidden input `name` in `body`.
fn field(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).expect(name) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_long_conversation_shows_the_newest_200_with_a_link_to_earlier_ones() {
    for app in spawn_apps().await {
        let r = Resident::new("Fatima de Vries", "31612345678");
        let messages: Vec<Value> = (0..205)
            .map(|i| app.sim.text(&r, &format!("Bericht nummer {i:03}")))
            .collect();
        let envelope = app.sim.envelope(messages, vec![r.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let newest = v.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(
            newest.body.matches("<li class=\"loket-message ").count(),
            200
        );
        assert!(newest.body.contains("Bericht nummer 204"));
        assert!(!newest.body.contains("Bericht nummer 004<"));
        let marker = format!("href=\"/inbox/{conversation}?before=");
        let start = newest
            .body
            .find(&marker)
            .expect("a link to earlier messages");
        let link = newest.body[start + 6..]
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let earlier = v.get(&link).await;
        assert_eq!(earlier.status, 200);
        assert_eq!(
            earlier.body.matches("<li class=\"loket-message ").count(),
            5
        );
        assert!(
            earlier.body.contains("Bericht nummer 000")
                && earlier.body.contains("Bericht nummer 004")
        );
        assert!(
            !earlier.body.contains("sse-connect"),
            "an earlier page is not live"
        );
        assert!(
            !earlier.body.contains("?before="),
            "nothing before the first"
        );
        app.cleanup().await;
    }
}
