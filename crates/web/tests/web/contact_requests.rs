//! Contactverzoeken over HTTP, on every database: an agent hands a question to
//! Burgerzaken from the conversation (the resident is told when to expect an answer), a
//! back-office colleague signs in, lands on their list, sees only that request, cannot
//! open the inbox or conversations, and marks it done; hostile cases answer 403/404/422.

use loket_domain::people::Role;

use crate::admin_pages::{member, signed_in};
use crate::mentions::org_id;
use crate::support::spawn_apps;
use crate::visitor::Visitor;

#[tokio::test]
async fn on_monday_the_agent_hands_a_question_to_burgerzaken_and_the_back_office_marks_it_done() {
    for app in spawn_apps().await {
        let org = org_id(&app, "voorbeeld").await;
        let teams = app.engine.list_teams(org).await.unwrap();
        let team = match teams.into_iter().find(|t| t.slug == "burgerzaken") {
            Some(team) => team,
            None => app
                .engine
                .create_team(org, "burgerzaken", "Burgerzaken")
                .await
                .unwrap(),
        };
        let other_team = app.engine.create_team(org, "wmo-cv", "Wmo").await.unwrap();
        let id = app
            .resident_writes("Ik ben verhuisd, en mijn paspoort?")
            .await;
        member(&app, "anna@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let bo = member(&app, "bo@voorbeeld.nl", "voorbeeld", Role::BackOffice).await;
        app.engine
            .add_team_member(org, team.id, bo.parse().unwrap())
            .await
            .unwrap();
        let mut agent = signed_in(&app, "anna@voorbeeld.nl").await;

        let side = agent.get(&format!("/inbox/{id}")).await;
        assert!(
            side.body.contains("id=\"side-contact-request\""),
            "{}",
            side.body
        );
        let form = agent.get(&format!("/inbox/{id}/contactverzoek")).await;
        assert_eq!(form.status, 200);
        let path = format!("/inbox/{id}/contactverzoek");
        let team_id = team.id.to_string();
        let empty = agent
            .post(&path, &[("team", &team_id), ("question", " ")])
            .await;
        assert_eq!(empty.status, 422, "{}", empty.body);
        let created = agent
            .post(
                &path,
                &[
                    ("team", &team_id),
                    ("question", "Paspoort aanvragen na verhuizing?"),
                    ("contact_details", "06 12345678"),
                    ("internal_note", "Belt na 12 uur"),
                ],
            )
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        assert!(
            created.body.contains("id=\"cv-created\""),
            "{}",
            created.body
        );
        assert!(
            created
                .body
                .contains(&format!("Ik heb je vraag doorgezet naar {}", team.name)),
            "{}",
            created.body
        );
        // A second request to another team, which Bo must not see.
        let wmo_id = other_team.id.to_string();
        let wmo = agent
            .post(
                &path,
                &[("team", &wmo_id), ("question", "Huishoudelijke hulp?")],
            )
            .await;
        assert_eq!(wmo.status, 200);

        let mut back_office = Visitor::new(&app);
        back_office
            .sign_in("bo@voorbeeld.nl", crate::sign_in::PASSWORD)
            .await;
        let start = back_office.get("/").await;
        assert_eq!(start.location.as_deref(), Some("/contactverzoeken"));
        for closed in [
            "/search",
            &format!("/inbox/{id}"),
            "/mentions",
            "/admin/users",
            &path,
        ] {
            assert_eq!(back_office.get(closed).await.status, 403, "{closed}");
        }
        let list = back_office.get("/contactverzoeken").await;
        assert_eq!(list.status, 200);
        assert!(
            list.body.contains("Paspoort aanvragen na verhuizing?"),
            "{}",
            list.body
        );
        assert!(!list.body.contains("Huishoudelijke hulp?"));
        assert!(!list.body.contains("nav-mentions"), "no inbox navigation");
        let href = between(&list.body, "href=\"/contactverzoeken/", "\"");
        let detail_path = format!("/contactverzoeken/{href}");
        let detail = back_office.get(&detail_path).await;
        assert!(detail.body.contains("06 12345678") && detail.body.contains("Belt na 12 uur"));
        assert!(
            !detail.body.contains(&format!("/inbox/{id}\"")),
            "no way into the conversation"
        );

        let no_reason = back_office
            .post(&detail_path, &[("action", "complete"), ("outcome", "")])
            .await;
        assert_eq!(
            no_reason.location.as_deref(),
            Some(format!("{detail_path}?problem=1").as_str())
        );
        let done = back_office
            .post(
                &detail_path,
                &[
                    ("action", "complete"),
                    ("outcome", "Gebeld: aanvraag kan online"),
                ],
            )
            .await;
        assert_eq!(done.status, 303);
        let after = back_office.get(&detail_path).await;
        assert!(after.body.contains("Gebeld: aanvraag kan online"));
        assert!(after.body.contains(">Verwerkt<"), "{}", after.body);
        assert!(!after.body.contains("id=\"cv-complete\""), "done is done");
        let open = back_office
            .get("/contactverzoeken?state=te_verwerken")
            .await;
        assert!(!open.body.contains("Paspoort aanvragen"));

        member(&app, "dirk@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "dirk@andere.nl").await;
        assert_eq!(other.get(&detail_path).await.status, 404);
        let posted = other
            .post(&detail_path, &[("action", "complete"), ("outcome", "x")])
            .await;
        assert_eq!(posted.status, 404);
        assert_eq!(
            other
                .post(&path, &[("team", &team_id), ("question", "x")])
                .await
                .status,
            404
        );
        let no_csrf = back_office
            .post_raw(&detail_path, &[("action", "return"), ("outcome", "x")], &[])
            .await;
        assert_eq!(no_csrf.status, 403);
        app.cleanup().await;
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect(start) + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}
