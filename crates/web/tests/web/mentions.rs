//! Mentions over HTTP, on every database: a note naming a colleague leaves a count in their
//! navigation and a row on `/mentions` (newest first, paged, linking to the note) until
//! they open the conversation; nobody else sees them; the compose form needs its CSRF token
//! and refuses another organisation's colleague, storing no mention either way.

use loket_domain::people::Locale;
use loket_domain::{ConversationId, OrgId, UserId};
use serde_json::Value;

use crate::composer::post_multipart;
use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

/// A colleague of `org`, signed in; their id.
pub async fn colleague(app: &TestApp, email: &str, org: &str) -> (Visitor, UserId) {
    person(app, email, &[org], Locale::Nl).await;
    let mut v = Visitor::new(app);
    assert_eq!(v.sign_in(email, PASSWORD).await.status, 303);
    let id = app.engine.find_user(email).await.unwrap().unwrap().id;
    (v, id)
}

pub async fn org_id(app: &TestApp, slug: &str) -> OrgId {
    (app.engine.find_organisation_by_slug(slug).await)
        .unwrap()
        .unwrap()
        .id
}

/// Anna (of voorbeeld) writes a note on `conversation` naming `whom`; the note's id.
pub async fn note_naming(
    app: &TestApp,
    conversation: &str,
    anna: UserId,
    whom: UserId,
    text: &str,
) -> String {
    let org = org_id(app, "voorbeeld").await;
    let conversation: ConversationId = conversation.parse().unwrap();
    let note = (app.engine)
        .add_note(org, conversation, anna, text, &[whom])
        .await
        .unwrap();
    note.to_string()
}

/// The badge's number in a page, `None` when it is hidden.
fn badge(body: &str) -> Option<String> {
    let start = body
        .find("id=\"mentions-badge\"")
        .expect("the badge is in the navigation");
    if body[start..].starts_with("id=\"mentions-badge\" hidden") {
        return None;
    }
    let count = body[start..]
        .split("id=\"mentions-count\">")
        .nth(1)
        .unwrap();
    Some(count.split('<').next().unwrap().to_owned())
}

async fn count(v: &mut Visitor) -> Value {
    let answer = v.get("/mentions/count").await;
    assert_eq!(answer.status, 200);
    serde_json::from_str(&answer.body).unwrap()
}

#[tokio::test]
async fn a_mention_is_counted_and_listed_until_the_colleague_opens_the_conversation() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn paspoort is kwijt").await;
        let (_, anna) = colleague(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let (mut bram, bram_id) = colleague(&app, "bram@voorbeeld.nl", "voorbeeld").await;
        assert_eq!(badge(&bram.get("/").await.body), None, "nothing yet");
        let note = note_naming(&app, &conversation, anna, bram_id, "@bram <b>bel</b> haar").await;

        let inbox = bram.get("/").await;
        assert_eq!(
            badge(&inbox.body).as_deref(),
            Some("1"),
            "on {:?}",
            app.backend
        );
        assert_eq!(
            count(&mut bram).await,
            serde_json::json!({"unread": 1, "shown": "1"})
        );
        let list = bram.get("/mentions").await;
        assert_eq!(list.status, 200);
        for expected in [
            format!("href=\"/inbox/{conversation}#n-{note}\">Fatima de Vries</a>"),
            "@bram &#60;b&#62;bel&#60;/b&#62; haar".to_owned(),
            "Medewerker anna@voorbeeld.nl".to_owned(),
            "utrecht-table__row loket-unread".to_owned(),
        ] {
            assert!(list.body.contains(&expected), "{expected}: {}", list.body);
        }

        let opened = bram.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(opened.status, 200);
        assert_eq!(
            badge(&opened.body),
            None,
            "read on opening: the page counts none"
        );
        assert_eq!(count(&mut bram).await["unread"], 0);
        let read = bram.get("/mentions").await;
        assert!(read.body.contains(&note) && !read.body.contains("row loket-unread"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_mentions_page_is_paged_newest_first_and_a_junk_cursor_is_the_first_page() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let (_, anna) = colleague(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let (mut bram, bram_id) = colleague(&app, "bram@voorbeeld.nl", "voorbeeld").await;
        for i in 0..52 {
            note_naming(
                &app,
                &conversation,
                anna,
                bram_id,
                &format!("Notitie {i:02}"),
            )
            .await;
        }
        let first = bram.get("/mentions").await;
        assert_eq!(
            first
                .body
                .matches("<tr class=\"utrecht-table__row loket-unread\">")
                .count(),
            50
        );
        assert!(first.body.contains("Notitie 51") && !first.body.contains("Notitie 01<"));
        assert_eq!(
            badge(&first.body).as_deref(),
            Some("52"),
            "on {:?}",
            app.backend
        );
        let marker = "href=\"/mentions?after=";
        let start = first.body.find(marker).expect("a link to older mentions") + 6;
        let link = first.body[start..].split('"').next().unwrap().to_owned();
        let older = bram.get(&link).await;
        assert_eq!(
            older
                .body
                .matches("<tr class=\"utrecht-table__row loket-unread\">")
                .count(),
            2
        );
        assert!(older.body.contains("Notitie 00") && older.body.contains("Notitie 01"));
        assert!(
            older.body.contains("href=\"/mentions\""),
            "back to the newest"
        );
        for junk in [
            "/mentions?after=junk",
            "/mentions?after=1_x",
            "/mentions?after=%27%3C",
        ] {
            let answer = bram.get(junk).await;
            assert_eq!(answer.status, 200, "{junk}");
            assert!(answer.body.contains("Notitie 51"), "{junk}: the first page");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn nobody_else_sees_or_reads_a_colleagues_mentions() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let (mut anna, anna_id) = colleague(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let (mut bram, bram_id) = colleague(&app, "bram@voorbeeld.nl", "voorbeeld").await;
        let (mut mo, _) = colleague(&app, "mo@andere.nl", "andere").await;
        note_naming(&app, &conversation, anna_id, bram_id, "Alleen voor bram").await;

        anna.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(
            count(&mut anna).await["unread"],
            0,
            "the author is not mentioned"
        );
        assert!(
            !anna
                .get("/mentions")
                .await
                .body
                .contains("Alleen voor bram")
        );
        assert_eq!(count(&mut mo).await["unread"], 0, "on {:?}", app.backend);
        assert!(!mo.get("/mentions").await.body.contains("Alleen voor bram"));
        let theirs = mo.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(theirs.status, 404, "another organisation's conversation");
        assert_eq!(
            count(&mut bram).await["unread"],
            1,
            "a colleague's visit reads nothing"
        );
        let anonymous = Visitor::new(&app).get("/mentions/count").await;
        assert_eq!(anonymous.status, 303, "signed in only");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_note_without_its_csrf_token_or_naming_a_stranger_leaves_no_mention() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        let (mut anna, _) = colleague(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let (mut bram, bram_id) = colleague(&app, "bram@voorbeeld.nl", "voorbeeld").await;
        let stranger = app.agent("mo@andere.nl", "andere").await;
        anna.get(&format!("/inbox/{id}")).await;
        let csrf = anna.csrf.clone().unwrap();
        let path = format!("/inbox/{id}/compose");
        let bram_text = bram_id.to_string();
        let fields = [
            ("note", "on"),
            ("text", "Kijk even"),
            ("mention", bram_text.as_str()),
        ];
        let refused = post_multipart(&anna, &path, &fields, &[]).await;
        assert_eq!(refused.status, 403, "no CSRF token");
        let mut with_stranger = vec![("csrf", csrf.as_str())];
        with_stranger.extend([
            ("note", "on"),
            ("text", "Kijk even"),
            ("mention", &stranger),
        ]);
        let strange = post_multipart(&anna, &path, &with_stranger, &[]).await;
        assert_eq!(strange.status, 422, "{}", strange.body);
        assert_eq!(count(&mut bram).await["unread"], 0, "on {:?}", app.backend);

        let mut named = vec![("csrf", csrf.as_str())];
        named.extend(fields);
        let sent = post_multipart(&anna, &path, &named, &[]).await;
        assert_eq!(sent.status, 303, "{}", sent.body);
        assert_eq!(
            count(&mut bram).await["unread"],
            1,
            "the form's own mention counts"
        );
        app.cleanup().await;
    }
}
