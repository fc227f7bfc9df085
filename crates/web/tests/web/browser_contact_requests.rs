//! Contactverzoeken in a real Chromium, on every database: an agent fills the form from the
//! conversation, a back-office colleague signs in and lands on their list, opens the
//! request and marks it done. axe-core finds no WCAG 2.1 AA violation on the form, the
//! list or the detail page, before and after.

use loket_domain::people::Role;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::mentions::org_id;
use crate::support::spawn_apps;

#[tokio::test]
async fn the_form_the_list_and_the_detail_page_pass_axe_and_the_back_office_marks_a_request_done() {
    for app in spawn_apps().await {
        let Some(agent) = Browser::start().await else {
            return;
        };
        let org = org_id(&app, "voorbeeld").await;
        let team = app
            .engine
            .create_team(org, "vergunningen-cv", "Vergunningen")
            .await
            .unwrap();
        member(&app, "anna@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let bo = member(&app, "bo@voorbeeld.nl", "voorbeeld", Role::BackOffice).await;
        app.engine
            .add_team_member(org, team.id, bo.parse().unwrap())
            .await
            .unwrap();
        let id = app.resident_writes("Mag ik een dakkapel bouwen?").await;

        agent.sign_in(&app, "anna@voorbeeld.nl").await;
        agent
            .open(&format!("{}/inbox/{id}/contactverzoek", app.url))
            .await;
        agent.assert_accessible("the contactverzoek form").await;
        let select = format!(
            "document.getElementById('cv-team').value = '{}'; return true",
            team.id
        );
        agent.run(&select).await;
        agent
            .fill("#cv-question-field", "Dakkapel zonder vergunning?")
            .await;
        agent.click("#cv-submit").await;
        agent
            .wait_until("return !!document.querySelector('#cv-created')")
            .await;
        agent.assert_accessible("the form after creating").await;
        agent.close().await;

        let Some(back_office) = Browser::start().await else {
            return;
        };
        back_office.open(&format!("{}/sign-in", app.url)).await;
        back_office.fill("#email", "bo@voorbeeld.nl").await;
        back_office
            .fill("#password", crate::sign_in::PASSWORD)
            .await;
        back_office.click("main button[type=submit]").await;
        back_office
            .wait_for_url(&format!("{}/contactverzoeken", app.url))
            .await;
        back_office
            .assert_accessible("the back office's list")
            .await;
        back_office.click("#cv-list a").await;
        back_office
            .wait_until("return !!document.querySelector('#cv-complete')")
            .await;
        back_office.assert_accessible("the request's page").await;
        back_office
            .fill("#cv-outcome", "Gebeld: vergunningvrij")
            .await;
        back_office.click("#cv-complete").await;
        back_office
            .wait_until("return !document.querySelector('#cv-complete')")
            .await;
        assert!(
            back_office
                .text("#cv-steps")
                .await
                .contains("Gebeld: vergunningvrij")
        );
        back_office.assert_accessible("the request, done").await;
        back_office.close().await;
        app.cleanup().await;
    }
}
