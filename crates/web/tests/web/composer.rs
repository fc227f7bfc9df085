//! The composer and starting a conversation over HTTP, on every database: a reply is
//! queued with the signed-in agent as its writer, files are attached, notes never reach
//! the resident, a closed window shows the template picker, a call-back needs the
//! resident's opt-in, and every form needs the CSRF token.

use loket_domain::people::Locale;
use loket_store::MessageRecord;

use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::{Answer, Visitor};

const AGENT: &str = "anna@voorbeeld.nl";

/// An agent of `voorbeeld`, signed in.
pub(crate) async fn agent(app: &TestApp) -> Visitor {
    person(app, AGENT, &["voorbeeld"], Locale::Nl).await;
    let mut v = Visitor::new(app);
    assert_eq!(v.sign_in(AGENT, PASSWORD).await.status, 303);
    v
}

async fn agent_id(app: &TestApp) -> loket_domain::UserId {
    app.engine.find_user(AGENT).await.unwrap().unwrap().id
}

/// POST a multipart form: text `fields`, then `files` as `(name, type, bytes)`.
pub async fn post_multipart(
    v: &Visitor,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Answer {
    let boundary = "loket-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (filename, mime, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{path}", v.url))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("origin", v.url.as_str())
        .header("sec-fetch-site", "same-origin")
        .header(
            "cookie",
            format!("loket_session={}", v.session.clone().unwrap_or_default()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    Answer {
        status: response.status().as_u16(),
        location: (response.headers().get("location")).map(|l| l.to_str().unwrap().to_owned()),
        cookies: Vec::new(),
        body: response.text().await.unwrap(),
    }
}

pub(crate) async fn outbound(app: &TestApp) -> Vec<MessageRecord> {
    let mut all = Vec::new();
    for c in app.conversations().await {
        let id = c["id"].as_str().unwrap().parse().unwrap();
        let org = app
            .engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let messages = app.store.list_messages(org, id).await.unwrap();
        all.extend(
            messages
                .into_iter()
                .filter(|m| m.direction == loket_domain::message::Direction::Outbound),
        );
    }
    all
}

/// The picker's value of the template `name` in a page.
pub(crate) fn template_value(body: &str, name: &str) -> String {
    let end = body
        .find(&format!(":{name}:nl\""))
        .unwrap_or_else(|| panic!("template {name} offered: {body}"));
    let start = body[..end].rfind("value=\"").unwrap() + 7;
    format!("{}:{name}:nl", &body[start..end])
}

#[tokio::test]
async fn a_reply_is_queued_with_the_signed_in_agent_as_its_writer() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn paspoort is verlopen").await;
        let mut v = agent(&app).await;
        let page = v.get(&format!("/inbox/{id}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("id=\"composer-text\""), "{}", page.body);
        assert!(page.body.contains("id=\"composer-mode-note\""));
        let csrf = v.csrf.clone().unwrap();
        let path = format!("/inbox/{id}/compose");
        let answer = post_multipart(
            &v,
            &path,
            &[("csrf", &csrf), ("text", "U kunt een afspraak maken.")],
            &[],
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(answer.location, Some(format!("/inbox/{id}")));
        let sent = outbound(&app).await;
        assert_eq!(sent.len(), 1, "on {:?}", app.backend);
        assert_eq!(sent[0].sender_user_id, Some(agent_id(&app).await));
        assert!(
            matches!(&sent[0].content, loket_domain::message::Content::Text { body } if body == "U kunt een afspraak maken.")
        );
        app.settle().await;
        assert_eq!(app.sim.sent_messages().len(), 1);
        // The conversation names the colleague who wrote the reply, not just "Medewerker".
        let name = app.engine.find_user(AGENT).await.unwrap().unwrap().name;
        let page = v.get(&format!("/inbox/{id}")).await;
        let reply = page
            .body
            .find("U kunt een afspraak maken.")
            .expect("the reply is shown");
        let entry_start = page.body[..reply].rfind("<li").unwrap_or(0);
        assert!(
            page.body[entry_start..reply].contains(&name),
            "the reply's entry names {name}: {}",
            &page.body[entry_start..reply]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_attached_file_is_sent_with_the_text_as_its_caption() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Welke formulieren?").await;
        let mut v = agent(&app).await;
        v.get(&format!("/inbox/{id}")).await;
        let csrf = v.csrf.clone().unwrap();
        let pdf = loket_sim::files::pdf("Aanvraag");
        let answer = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[("csrf", &csrf), ("text", "Het formulier")],
            &[("aanvraag.pdf", "application/pdf", &pdf)],
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let sent = outbound(&app).await;
        assert_eq!(sent.len(), 1, "on {:?}", app.backend);
        let loket_domain::message::Content::Media(media) = &sent[0].content else {
            panic!("{:?}", sent[0].content)
        };
        assert_eq!(media.caption.as_deref(), Some("Het formulier"));
        assert_eq!(media.filename.as_deref(), Some("aanvraag.pdf"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_empty_reply_or_a_disallowed_file_is_refused_and_the_text_kept() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        let mut v = agent(&app).await;
        v.get(&format!("/inbox/{id}")).await;
        let csrf = v.csrf.clone().unwrap();
        let path = format!("/inbox/{id}/compose");
        let empty = post_multipart(&v, &path, &[("csrf", &csrf), ("text", "  ")], &[]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("Schrijf een bericht"), "{}", empty.body);
        let exe = post_multipart(
            &v,
            &path,
            &[("csrf", &csrf), ("text", "Zie bijlage <b>")],
            &[("virus.exe", "application/x-msdownload", b"MZ")],
        )
        .await;
        assert_eq!(exe.status, 422, "{}", exe.body);
        assert!(
            exe.body.contains(">Zie bijlage &#60;b&#62;</textarea>"),
            "kept, escaped: {}",
            exe.body
        );
        assert!(outbound(&app).await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_note_is_never_sent_to_the_resident_and_names_the_mentioned_colleague() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        let bert = app.agent("bert@voorbeeld.nl", "voorbeeld").await;
        let mut v = agent(&app).await;
        let page = v.get(&format!("/inbox/{id}")).await;
        assert!(
            page.body.contains(&format!("value=\"{bert}\"")),
            "bert can be mentioned: {}",
            page.body
        );
        let csrf = v.csrf.clone().unwrap();
        let answer = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[
                ("csrf", &csrf),
                ("note", "on"),
                ("text", "Intern: bel burgerzaken"),
                ("mention", &bert),
            ],
            &[],
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        app.settle().await;
        assert!(outbound(&app).await.is_empty(), "on {:?}", app.backend);
        assert!(app.sim.sent_messages().is_empty());
        let org = app
            .engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let notes = app
            .engine
            .list_notes(org, id.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].body, "Intern: bel burgerzaken");
        assert_eq!(notes[0].author_id, agent_id(&app).await);
        assert_eq!(notes[0].mentions, vec![bert.parse().unwrap()]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_closed_window_shows_the_template_picker_and_refuses_free_text() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        app.post_json("/api/v1/templates/sync", &serde_json::json!({}))
            .await;
        app.clock.advance(std::time::Duration::from_secs(25 * 3600));
        let mut v = agent(&app).await;
        let page = v.get(&format!("/inbox/{id}")).await;
        assert!(
            page.body.contains("id=\"composer-template\""),
            "{}",
            page.body
        );
        assert!(!page.body.contains("id=\"composer-text\""));
        let csrf = v.csrf.clone().unwrap();
        let refused = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[("csrf", &csrf), ("text", "Nog vragen?")],
            &[],
        )
        .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains("24-uursvenster"), "{}", refused.body);
        assert!(outbound(&app).await.is_empty());

        let value = template_value(&page.body, "vraag_nog_open");
        let path = format!("/inbox/{id}/template");
        let chosen = v
            .post(&path, &[("template", &value), ("action", "preview")])
            .await;
        assert_eq!(chosen.status, 200, "{}", chosen.body);
        assert!(
            chosen.body.contains("id=\"composer-param-1\""),
            "{}",
            chosen.body
        );
        let preview = v
            .post(
                &path,
                &[("template", &value), ("p", "Fatima"), ("action", "preview")],
            )
            .await;
        assert!(
            preview
                .body
                .contains("Hoi Fatima, heeft je vraag nog antwoord nodig?"),
            "{}",
            preview.body
        );
        assert!(
            preview.body.contains("Ja, graag"),
            "the buttons are previewed"
        );
        assert!(outbound(&app).await.is_empty(), "a preview sends nothing");
        let send = v
            .post(
                &path,
                &[("template", &value), ("p", "Fatima"), ("action", "send")],
            )
            .await;
        assert_eq!(send.status, 303, "{}", send.body);
        let sent = outbound(&app).await;
        assert_eq!(sent.len(), 1, "on {:?}", app.backend);
        assert_eq!(sent[0].sender_user_id, Some(agent_id(&app).await));
        let loket_domain::message::Content::Template(t) = &sent[0].content else {
            panic!()
        };
        assert_eq!(
            t.rendered.as_ref().unwrap().body,
            "Hoi Fatima, heeft je vraag nog antwoord nodig? Stuur ons gerust een bericht."
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_is_started_with_a_template_only_with_the_residents_opt_in() {
    for app in spawn_apps().await {
        app.post_json("/api/v1/templates/sync", &serde_json::json!({}))
            .await;
        let mut v = agent(&app).await;
        let page = v.get("/inbox/new").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("id=\"start-opt-in\""));
        let value = template_value(&page.body, "vraag_nog_open");
        let form = |phone: &'static str, opt_in: bool| {
            let mut f = vec![
                ("phone", phone),
                ("template", value.as_str()),
                ("p", "Sanne"),
                ("action", "send"),
            ];
            if opt_in {
                f.push(("opt_in", "on"));
            }
            f
        };
        let without = v.post("/inbox/new", &form("06 12345678", false)).await;
        assert_eq!(without.status, 422, "{}", without.body);
        assert!(without.body.contains("toestemming"), "{}", without.body);
        let bad = v.post("/inbox/new", &form("06-12ab", true)).await;
        assert_eq!(bad.status, 422);
        assert!(
            bad.body.contains("geen geldig telefoonnummer"),
            "{}",
            bad.body
        );
        let foreign = v
            .post(
                "/inbox/new",
                &[
                    ("phone", "0612345678"),
                    ("template", "01ANDERKANAAL:vraag_nog_open:nl"),
                    ("opt_in", "on"),
                    ("action", "send"),
                ],
            )
            .await;
        assert_eq!(
            foreign.status, 422,
            "an unknown channel's template is not offered"
        );
        assert!(app.conversations().await.is_empty(), "on {:?}", app.backend);

        let started = v.post("/inbox/new", &form("+31 6 1234 5678", true)).await;
        assert_eq!(started.status, 303, "{}", started.body);
        let conversations = app.conversations().await;
        assert_eq!(conversations.len(), 1);
        let id = conversations[0]["id"].as_str().unwrap();
        assert_eq!(started.location, Some(format!("/inbox/{id}")));
        let sent = outbound(&app).await;
        let me = agent_id(&app).await;
        assert_eq!(sent[0].sender_user_id, Some(me));
        let opt_in = sent[0].opt_in.expect("the opt-in is recorded");
        assert_eq!(opt_in.by, me);
        app.settle().await;
        let delivered = app.sim.sent_messages();
        assert_eq!(delivered.len(), 1);
        assert_eq!(delivered[0].to, "31612345678");
        // The same number again continues the open conversation.
        let again = v.post("/inbox/new", &form("0612345678", true)).await;
        assert_eq!(again.location, Some(format!("/inbox/{id}")));
        assert_eq!(app.conversations().await.len(), 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn composer_forms_without_the_csrf_token_are_refused_with_403() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        let mut v = agent(&app).await;
        v.get(&format!("/inbox/{id}")).await;
        let reply = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[("text", "Hallo")],
            &[],
        )
        .await;
        assert_eq!(reply.status, 403);
        let wrong = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[("csrf", "nep"), ("text", "Hallo")],
            &[],
        )
        .await;
        assert_eq!(wrong.status, 403);
        let headers = [
            ("origin", v.url.clone()),
            ("sec-fetch-site", "same-origin".to_owned()),
        ];
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, h)| (*k, h.as_str())).collect();
        for path in [format!("/inbox/{id}/template"), "/inbox/new".to_owned()] {
            let answer = v.post_raw(&path, &[("action", "send")], &headers).await;
            assert_eq!(answer.status, 403, "{path}");
        }
        assert!(outbound(&app).await.is_empty(), "on {:?}", app.backend);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_answers_404_to_the_composer() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        person(&app, "bert@andere.nl", &["andere"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("bert@andere.nl", PASSWORD).await;
        v.get("/inbox/new").await;
        let csrf = v.csrf.clone().unwrap();
        let answer = post_multipart(
            &v,
            &format!("/inbox/{id}/compose"),
            &[("csrf", &csrf), ("text", "Hallo")],
            &[],
        )
        .await;
        assert_eq!(answer.status, 404);
        let template = v
            .post(&format!("/inbox/{id}/template"), &[("action", "send")])
            .await;
        assert_eq!(template.status, 404);
        assert!(outbound(&app).await.is_empty(), "on {:?}", app.backend);
        app.cleanup().await;
    }
}
