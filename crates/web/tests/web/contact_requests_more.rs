//! Contactverzoeken, the rest, over HTTP on every database: the side panel's one-click
//! press question (CSRF, the request's kind on its page, the conversation's requests listed
//! in the panel, the back office still fenced out) and `/api/v1/contact-requests` (201 with
//! `Location`, steps, filters and paging, another organisation's ids 404, bad input 400,
//! no token 401), each answer checked against `openapi.json`.

use loket_domain::contact_requests::Kind;
use loket_domain::people::Role;
use loket_engine::contact_requests::ContactRequestSettings;
use serde_json::json;

use crate::admin_pages::{member, signed_in};
use crate::contract::{call, contract};
use crate::mentions::org_id;
use crate::support::{OTHER_TOKEN, TOKEN, spawn_apps};

#[tokio::test]
async fn a_press_question_goes_to_communicatie_in_one_click_and_shows_in_the_side_panel() {
    for app in spawn_apps().await {
        let org = org_id(&app, "voorbeeld").await;
        let communicatie = (app.engine)
            .create_team(org, "communicatie", "Communicatie")
            .await
            .unwrap();
        let id = app
            .resident_writes("Klopt het dat het zwembad dichtgaat?")
            .await;
        member(&app, "anna@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        member(&app, "bo@voorbeeld.nl", "voorbeeld", Role::BackOffice).await;
        let mut agent = signed_in(&app, "anna@voorbeeld.nl").await;
        let page = agent.get(&format!("/inbox/{id}")).await;
        assert!(
            !page.body.contains("id=\"side-press\""),
            "not configured: no button"
        );
        assert!(page.body.contains("id=\"side-requests-none\""));
        let press = format!("/inbox/{id}/contactverzoek/persvraag");
        assert_eq!(agent.post(&press, &[]).await.status, 404, "not configured");

        let settings = ContactRequestSettings {
            press_team: Some(communicatie.id),
            ..Default::default()
        };
        app.engine.set_contact_request_settings(org, settings);
        let page = agent.get(&format!("/inbox/{id}")).await;
        assert!(page.body.contains("id=\"side-press\""), "{}", page.body);
        assert!(!page.body.contains("id=\"side-signal\""));
        let no_csrf = agent.post_raw(&press, &[], &[]).await;
        assert_eq!(no_csrf.status, 403);
        assert_eq!(
            agent
                .post(&format!("/inbox/{id}/contactverzoek/vraag"), &[])
                .await
                .status,
            404
        );

        let clicked = agent.post(&press, &[]).await;
        assert_eq!(clicked.status, 303, "{}", clicked.body);
        let detail_path = clicked.location.unwrap();
        assert!(
            detail_path.starts_with("/contactverzoeken/"),
            "{detail_path}"
        );
        let detail = agent.get(&detail_path).await;
        assert!(
            detail.body.contains("id=\"cv-kind\">Persvraag<"),
            "{}",
            detail.body
        );
        assert!(detail.body.contains("Klopt het dat het zwembad dichtgaat?"));
        assert!(
            detail.body.contains("De inwoner kreeg bericht"),
            "{}",
            detail.body
        );
        let page = agent.get(&format!("/inbox/{id}")).await;
        assert!(
            page.body.contains(&format!("href=\"{detail_path}\"")),
            "{}",
            page.body
        );
        assert!(page.body.contains("Communicatie"));
        let list = agent.get("/contactverzoeken").await;
        assert!(list.body.contains(">Persvraag<"), "{}", list.body);

        let mut back_office = signed_in(&app, "bo@voorbeeld.nl").await;
        back_office.get("/contactverzoeken").await;
        assert_eq!(back_office.get(&format!("/inbox/{id}")).await.status, 403);
        assert_eq!(back_office.post(&press, &[]).await.status, 403);
        member(&app, "dirk@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "dirk@andere.nl").await;
        other.get("/").await;
        assert_eq!(other.post(&press, &[]).await.status, 404);
        assert_eq!(
            app.engine.hand_over_team(org, Kind::Persvraag),
            Some(communicatie.id)
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn integrators_file_and_read_contact_requests_through_the_api() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let list = ("GET", "/contact-requests");
        let create = ("POST", "/contact-requests");
        let one = ("GET", "/contact-requests/{id}");
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let anna = member(&app, "anna@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let conversation = app
            .resident_writes("Wanneer wordt mijn grofvuil opgehaald?")
            .await;

        let body = json!({"conversation_id": conversation, "created_by": anna, "team": team,
            "question": "Grofvuil ophalen", "contact": "06 12345678", "note": "Na 12 uur",
            "answers": {}});
        let response = (app
            .http
            .post(format!("{}/api/v1/contact-requests", app.url)))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: serde_json::Value = response.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(location, format!("/api/v1/contact-requests/{id}"));
        let (status, created) = call(
            &app,
            &contract,
            create,
            "/contact-requests",
            TOKEN,
            Some(body),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["kind"], "vraag");
        assert_eq!(created["expectation"], "sent");

        let path = format!("/contact-requests/{id}");
        let (status, read) = call(&app, &contract, one, &path, TOKEN, None).await;
        assert_eq!(status, 200, "{read}");
        assert_eq!(read["question"], "Grofvuil ophalen");
        assert_eq!(read["note"], "Na 12 uur");
        assert_eq!(read["steps"][0]["kind"], "created");
        let (status, page) = call(
            &app,
            &contract,
            list,
            "/contact-requests?limit=1&state=te_verwerken",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        let next = page["next_cursor"].as_str().unwrap().to_owned();
        let (_, second) = call(
            &app,
            &contract,
            list,
            &format!("/contact-requests?limit=1&cursor={next}&team={team}"),
            TOKEN,
            None,
        )
        .await;
        assert_eq!(second["items"].as_array().unwrap().len(), 1);
        assert!(second.get("next_cursor").is_none(), "{second}");
        let (_, done) = call(
            &app,
            &contract,
            list,
            "/contact-requests?state=verwerkt",
            TOKEN,
            None,
        )
        .await;
        assert!(done["items"].as_array().unwrap().is_empty());

        // Another organisation: neither the request nor the conversation exists for it.
        let (status, _) = call(&app, &contract, one, &path, OTHER_TOKEN, None).await;
        assert_eq!(status, 404);
        let (_, theirs) = call(
            &app,
            &contract,
            list,
            "/contact-requests",
            OTHER_TOKEN,
            None,
        )
        .await;
        assert!(theirs["items"].as_array().unwrap().is_empty());
        let dirk = member(&app, "dirk@andere.nl", "andere", Role::Admin).await;
        let stolen = json!({"conversation_id": conversation, "created_by": dirk, "question": "x", "assignee": dirk});
        let (status, _) = call(
            &app,
            &contract,
            create,
            "/contact-requests",
            OTHER_TOKEN,
            Some(stolen),
        )
        .await;
        assert_eq!(status, 404);

        let bad = json!({"conversation_id": conversation, "created_by": dirk, "team": team,
            "question": "x".repeat(4001), "kleur": 1});
        let (status, problems) = call(
            &app,
            &contract,
            create,
            "/contact-requests",
            TOKEN,
            Some(bad),
        )
        .await;
        assert_eq!(status, 400, "{problems}");
        assert_eq!(
            problems["invalidParams"][0]["name"], "kleur",
            "the shape first"
        );
        let bad = json!({"conversation_id": conversation, "created_by": dirk, "team": team, "question": "x".repeat(4001)});
        let (status, problems) = call(
            &app,
            &contract,
            create,
            "/contact-requests",
            TOKEN,
            Some(bad),
        )
        .await;
        assert_eq!(status, 400, "{problems}");
        let names: Vec<&str> = (problems["invalidParams"].as_array().unwrap().iter())
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"created_by") && names.contains(&"question"),
            "{problems}"
        );
        let (status, _) = call(
            &app,
            &contract,
            create,
            "/contact-requests",
            TOKEN,
            Some(json!({})),
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = call(
            &app,
            &contract,
            list,
            "/contact-requests?limit=0",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = call(
            &app,
            &contract,
            one,
            "/contact-requests/niet-een-id",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, &contract, list, "/contact-requests", "", None).await;
        assert_eq!(status, 401);
        app.cleanup().await;
    }
}
