//! Tenant isolation on every route that takes an id, on every database: a person or API
//! token of another organisation ("andere") gets 404 for "voorbeeld"'s conversation,
//! messages and media — on the API, the pages, their forms, the media routes and the live
//! event stream, retention and the resident's export and erasure — and nothing of it
//! changes. Add a route here when it is added. (The admin pages' resident routes are in
//! `admin_residents.rs`, which signs in another organisation's admin.)

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::composer::post_multipart;
use crate::conversation_view::{every_content_type, signed_in};
use crate::live_events::SseClient;
use crate::support::{OTHER_TOKEN, TestApp, spawn_apps};

/// Every API route that takes voorbeeld's ids, with a body it would accept from its owner.
fn api_routes(c: &str, m: &str, r: &str, s: &str, k: &str) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, format!("/api/v1/conversations/{c}"), None),
        (
            Method::GET,
            format!("/api/v1/conversations/{c}/events"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{c}"),
            Some(json!({"status": "resolved"})),
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{c}/messages"),
            Some(json!({"text": "Hallo"})),
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{c}/messages/{m}/retry"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{c}/read"),
            Some(json!({})),
        ),
        (Method::GET, format!("/api/v1/messages/{m}/media"), None),
        (
            Method::GET,
            format!("/api/v1/conversations/{c}/retention"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{c}/retention"),
            Some(json!({"legal_hold": {"reason": "Bezwaar"}})),
        ),
        (Method::GET, format!("/api/v1/contacts/{r}/export"), None),
        (Method::POST, format!("/api/v1/contacts/{r}/erasure"), None),
        (
            Method::PATCH,
            format!("/api/v1/saved-replies/{s}"),
            Some(json!({"title": "Overgenomen"})),
        ),
        (Method::DELETE, format!("/api/v1/saved-replies/{s}"), None),
        (Method::GET, format!("/api/v1/knowledge/{k}"), None),
    ]
}

/// Every page form that acts on one conversation, with fields its owner would send.
fn page_forms(c: &str, m: &str) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        (format!("/inbox/{c}/template"), vec![("template", "x")]),
        (format!("/inbox/{c}/resident"), vec![("name", "Iemand")]),
        (format!("/inbox/{c}/block"), vec![]),
        (format!("/inbox/{c}/assign"), vec![("user", "")]),
        (format!("/inbox/{c}/status"), vec![("status", "resolved")]),
        (format!("/inbox/{c}/labels"), vec![("labels", "x")]),
        (format!("/inbox/{c}/priority"), vec![("priority", "urgent")]),
        (format!("/inbox/{c}/messages/{m}/retry"), vec![]),
        (
            format!("/inbox/{c}/legal-hold"),
            vec![("reason", "Bezwaar")],
        ),
        (format!("/inbox/{c}/transfer"), vec![("action", "mark")]),
    ]
}

async fn api_as_other(app: &TestApp, method: Method, path: &str, body: Option<&Value>) -> u16 {
    let mut request = app
        .http
        .request(method, format!("{}{path}", app.url))
        .bearer_auth(OTHER_TOKEN);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn another_organisations_token_and_people_get_404_on_every_route() {
    for app in spawn_apps().await {
        let conversation = every_content_type(&app).await;
        let before = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let messages = app.all_messages().await;
        let image = (messages.iter())
            .find(|m| m["content"]["type"] == "image" || m["content"]["kind"] == "image")
            .expect("an image")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let resident = before["conversation"]["contact_id"]
            .as_str()
            .expect("a contact id")
            .to_owned();

        let voorbeeld = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let reply = (app.engine)
            .create_saved_reply(voorbeeld, "paspoort", "Paspoort", "Tekst", None)
            .await
            .unwrap();
        let saved = reply.id.to_string();
        let article = (app.engine)
            .create_kb_article(
                voorbeeld,
                loket_engine::knowledge::ArticleInput {
                    title: "Paspoort kwijt".into(),
                    body: "Doe aangifte.".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let knowledge = article.id.to_string();

        let mut stream = SseClient::open(&app, OTHER_TOKEN, None).await;
        for (method, path, body) in api_routes(&conversation, &image, &resident, &saved, &knowledge)
        {
            let status = api_as_other(&app, method.clone(), &path, body.as_ref()).await;
            assert_eq!(status, 404, "{method} {path} on {:?}", app.backend);
        }
        // Message search: voorbeeld finds its resident's words, andere nothing of them.
        app.engine.index_all_pending_messages().await.unwrap();
        let own = app.get_json("/api/v1/messages/search?q=vet").await;
        assert!(!own["items"].as_array().unwrap().is_empty(), "{own}");
        let searched = app
            .http
            .get(format!("{}/api/v1/messages/search?q=vet", app.url))
            .bearer_auth(OTHER_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(searched.status(), 200);
        let searched: Value = searched.json().await.unwrap();
        assert_eq!(
            searched["items"],
            json!([]),
            "andere finds voorbeeld's messages"
        );
        let listed = app
            .http
            .get(format!("{}/api/v1/conversations", app.url))
            .bearer_auth(OTHER_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!listed.contains(&conversation), "listed to andere");
        let searched = (app.http)
            .get(format!("{}/api/v1/knowledge/search?q=paspoort", app.url))
            .bearer_auth(OTHER_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!searched.contains(&knowledge), "searched by andere");

        let mut v = signed_in(&app, "mo@andere.nl", "andere").await;
        for path in [
            format!("/inbox/{conversation}"),
            format!("/inbox/{conversation}/messages"),
            format!("/inbox/{conversation}/media/{image}"),
            format!("/inbox/{conversation}/replies?q=pas"),
            format!("/inbox/{conversation}/knowledge?q=paspoort"),
        ] {
            let answer = v.get(&path).await;
            assert_eq!(answer.status, 404, "GET {path} on {:?}", app.backend);
        }
        for path in ["/", "/inbox/rows", "/search?q=Fatima"] {
            let answer = v.get(path).await;
            // (The search page repeats the query itself, so only ids are checked there.)
            let shown = answer
                .body
                .replace("q=Fatima", "")
                .replace("value=\"Fatima\"", "");
            assert!(
                !shown.contains("de Vries"),
                "{path} shows voorbeeld's resident"
            );
            assert!(
                !answer.body.contains(&conversation),
                "{path} links voorbeeld's id"
            );
        }
        v.get("/").await; // a page of theirs, for its CSRF token
        for (path, fields) in page_forms(&conversation, &image) {
            let answer = v.post(&path, &fields).await;
            assert_eq!(answer.status, 404, "POST {path} on {:?}", app.backend);
        }
        let csrf = v.csrf.clone().unwrap_or_default();
        let compose = post_multipart(
            &v,
            &format!("/inbox/{conversation}/compose"),
            &[("csrf", &csrf), ("text", "Hallo")],
            &[],
        )
        .await;
        assert_eq!(compose.status, 404, "POST compose on {:?}", app.backend);
        let bulk = v
            .post(
                "/inbox/bulk",
                &[("ids", &conversation), ("action", "resolve")],
            )
            .await;
        assert_ne!(bulk.status, 500);

        // Voorbeeld's own activity meanwhile never reaches andere's stream.
        app.resident_writes("Nog een vraag").await;
        if let Some(event) = stream.next_within(Duration::from_millis(500)).await {
            assert!(!event.raw.contains(&conversation), "{}", event.raw);
        }
        let after = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(
            after["status"], before["status"],
            "andere changed the status"
        );
        assert_eq!(after["assignee"], before["assignee"]);
        assert_eq!(after["priority"], before["priority"]);
        assert_eq!(after["labels"], before["labels"]);
        let retention = app
            .get_json(&format!("/api/v1/conversations/{conversation}/retention"))
            .await;
        assert!(retention["legal_hold"].is_null(), "andere set a hold");
        let kept = app
            .engine
            .get_saved_reply(voorbeeld, reply.id)
            .await
            .unwrap();
        assert_eq!(kept, reply, "andere changed the saved reply");
        assert!(
            retention["transfer_required_at"].is_null(),
            "andere marked it"
        );
        app.cleanup().await;
    }
}
