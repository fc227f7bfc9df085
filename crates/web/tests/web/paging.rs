//! Paging over HTTP, on every database: the conversation page reads one page of messages
//! from the store and shows reactions and quotes whose target lies on another page where
//! they belong; its "earlier" key must be one of its own messages (404 otherwise); the
//! inbox pages back with "Vorige" to exactly the page before.

use loket_sim::{Resident, with_context};
use serde_json::Value;

use crate::conversation_view::signed_in;
use crate::support::spawn_apps;
use crate::visitor::Visitor;

/// The link in `body` whose `href` starts with `prefix`.
fn link(body: &str, prefix: &str) -> Option<String> {
    let start = body.find(&format!("href=\"{prefix}"))? + 6;
    let href = body[start..].split('"').next().unwrap();
    Some(href.replace("&#38;", "&"))
}

#[tokio::test]
async fn a_reaction_and_a_quote_across_the_page_edge_show_on_their_targets() {
    for app in spawn_apps().await {
        let r = Resident::new("Fatima de Vries", "31612345678");
        let texts: Vec<Value> = (0..203)
            .map(|i| app.sim.text(&r, &format!("Bericht nummer {i:03}")))
            .collect();
        let first = texts[0]["id"].as_str().unwrap().to_owned();
        let envelope = app.sim.envelope(texts, vec![r.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let later = vec![
            app.sim.reaction(&r, &first, "👍"),
            with_context(app.sim.text(&r, "Zoals ik al schreef"), &r.wa_id, &first),
        ];
        let envelope = app.sim.envelope(later, vec![r.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;

        let newest = v.get(&format!("/inbox/{conversation}")).await;
        let body = &newest.body;
        assert!(body.contains("Zoals ik al schreef"), "on {:?}", app.backend);
        assert_eq!(
            body.matches("Bericht nummer 000").count(),
            1,
            "only as the quote"
        );
        assert!(
            !body.contains("👍"),
            "the reaction shows on its target's page"
        );
        let earlier = link(body, &format!("/inbox/{conversation}?before=")).unwrap();
        let page = v.get(&earlier).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Bericht nummer 000") && page.body.contains("👍 (inwoner)"));
        assert_eq!(page.body.matches("<li class=\"loket-message ").count(), 5);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_earlier_page_keyed_by_another_conversations_message_answers_404() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Eerste vraag").await;
        let other = Resident::new("Kees Bakker", "31687654321");
        let envelope = app.sim.envelope(
            vec![app.sim.text(&other, "Andere vraag")],
            vec![other.contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let messages = app.all_messages().await;
        let elsewhere = (messages.iter())
            .find(|m| m["conversation_id"] != conversation.as_str())
            .expect("the other conversation's message")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let wrong = v
            .get(&format!("/inbox/{conversation}?before={elsewhere}"))
            .await;
        assert_eq!(wrong.status, 404, "on {:?}", app.backend);
        let junk = v
            .get(&format!("/inbox/{conversation}?before=%27%3Cx"))
            .await;
        assert_eq!(junk.status, 200, "junk reads as the newest page");
        assert!(junk.body.contains("Eerste vraag"));
        app.cleanup().await;
    }
}

/// The address of the paging link `rel` ("next", "prev") in an inbox page.
fn rel_link(body: &str, rel: &str) -> String {
    let at = body.find(&format!("rel=\"{rel}\"")).expect(rel);
    let href = body[..at].rsplit("href=\"").next().unwrap();
    href.split('"').next().unwrap().replace("&#38;", "&")
}

/// The conversation ids of an inbox page's rows, in order.
fn rows(body: &str) -> Vec<String> {
    body.split("id=\"conversation-")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_inbox_pages_back_to_exactly_the_page_before() {
    for app in spawn_apps().await {
        let residents: Vec<Resident> = (0..52)
            .map(|i| Resident::new(format!("Inwoner {i:02}"), format!("316100000{i:02}")))
            .collect();
        let texts = residents.iter().map(|r| app.sim.text(r, "Vraag")).collect();
        let contacts = residents.iter().map(Resident::contact).collect();
        let envelope = app.sim.envelope(texts, contacts);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let mut v: Visitor = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;

        let first = v.get("/?view=all").await;
        assert_eq!(rows(&first.body).len(), 50, "on {:?}", app.backend);
        assert!(
            !first.body.contains("id=\"inbox-prev\""),
            "nothing before the first page"
        );
        let next = rel_link(&first.body, "next");
        let second = v.get(&next).await;
        assert_eq!(rows(&second.body).len(), 2, "{next}");
        assert!(second.body.contains("rel=\"prev\" id=\"inbox-prev\""));
        let back = v.get(&rel_link(&second.body, "prev")).await;
        assert_eq!(
            rows(&back.body),
            rows(&first.body),
            "exactly the page before"
        );
        assert!(
            !back.body.contains("id=\"inbox-prev\""),
            "it is the first page"
        );
        assert!(back.body.contains("id=\"inbox-next\""));
        let junk = v.get("/?view=all&before=w1_x&after=").await;
        assert_eq!(
            (junk.status, rows(&junk.body).len()),
            (200, 50),
            "junk: the first page"
        );
        app.cleanup().await;
    }
}
