//! The inbox list and search over HTTP (issue 9 §1, §6), on both databases: the views
//! and their counts, the filters, the rows' details, bulk actions (another organisation's
//! ids skipped) and the search kinds, hostile input included.

use loket_domain::people::Locale;
use serde_json::{Value, json};

use crate::sign_in::{PASSWORD, person};
use crate::support::*;
use crate::visitor::Visitor;

/// A resident of `voorbeeld` writes; the new conversation's id.
async fn writes(app: &TestApp, name: &str, wa_id: &str, text: &str) -> String {
    let r = loket_sim::Resident::new(name, wa_id);
    let envelope = (app.sim).envelope(vec![app.sim.text(&r, text)], vec![r.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    let all = app.conversations().await;
    let mine = all.iter().find(|c| c["contact_name"] == name).unwrap();
    mine["id"].as_str().unwrap().to_owned()
}

async fn patch(app: &TestApp, id: &str, body: Value) {
    let response = (app.patch_json(&format!("/api/v1/conversations/{id}"), &body)).await;
    assert_eq!(response.status(), 200, "{body}");
}

/// Three conversations: Fatima's assigned to lot, Jan's to team burgerzaken (lot is in
/// it) with label "paspoort", Piet's nobody's. Lot signed in.
async fn three(app: &TestApp) -> (Visitor, [String; 3]) {
    let fatima = writes(
        app,
        "Fatima de Vries",
        "31612345678",
        "Mijn paspoort\nis verlopen",
    )
    .await;
    let jan = writes(app, "Jan Jansen", "31687654321", "Wanneer komt het afval?").await;
    let piet = writes(app, "Piet Bakker", "31611112222", "Parkeervergunning").await;
    person(app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
    let lot = (app.engine.list_users(Some("voorbeeld")).await.unwrap())
        .into_iter()
        .find(|u| u.user.name.contains("lot@"))
        .unwrap()
        .user
        .id;
    let team = app.team_id("voorbeeld", "burgerzaken").await;
    let org = (app
        .engine
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap())
    .unwrap();
    (app.engine)
        .add_team_member(org.id, team.parse().unwrap(), lot)
        .await
        .unwrap();
    patch(app, &fatima, json!({"assignee": lot.to_string()})).await;
    patch(app, &jan, json!({"team": team, "labels": ["paspoort"]})).await;
    let mut v = Visitor::new(app);
    v.sign_in("lot@voorbeeld.nl", PASSWORD).await;
    (v, [fatima, jan, piet])
}

fn lists(body: &str, names: &[&str], not: &[&str]) {
    for name in names {
        assert!(body.contains(name), "{name} missing: {body}");
    }
    for name in not {
        assert!(!body.contains(name), "{name} listed");
    }
}

#[tokio::test]
async fn each_view_lists_its_conversations_with_counts_and_the_filters_narrow_them() {
    for app in spawn_apps().await {
        let (mut v, _) = three(&app).await;
        let (f, j, p) = ("Fatima de Vries", "Jan Jansen", "Piet Bakker");
        let mine = v.get("/?view=mine").await;
        assert_eq!(mine.status, 200);
        lists(&mine.body, &[f], &[j, p]);
        assert!(mine.body.contains("aria-current=\"page\">Mijn gesprekken <span class=\"utrecht-badge-counter\">1</span>"), "{}", mine.body);
        assert!(
            mine.body
                .contains("Alle <span class=\"utrecht-badge-counter\">3</span>")
        );
        lists(&v.get("/?view=unassigned").await.body, &[j, p], &[f]);
        lists(&v.get("/?view=teams").await.body, &[j], &[f, p]);
        let all = v.get("/?view=all").await.body;
        lists(&all, &[f, j, p, "Mijn paspoort", "WhatsApp", "nog 2"], &[]);
        let labelled = v.get("/?view=all&label=paspoort").await.body;
        lists(&labelled, &[j], &[f, p]);
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        lists(
            &v.get(&format!("/?view=all&team={team}")).await.body,
            &[j],
            &[f, p],
        );
        lists(
            &v.get("/?view=all&status=resolved").await.body,
            &["Er wachten geen"],
            &[f, j, p],
        );
        // The live rows keep the view and filters; junk in the URL is no filter.
        lists(
            &v.get("/inbox/rows?view=mine&status=").await.body,
            &[f],
            &[j, p],
        );
        let junk = v.get("/?view=%27&status=x&channel=y&team=z&after=w").await;
        assert_eq!(junk.status, 200);
        lists(&junk.body, &[f, j, p], &[]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_bulk_action_changes_the_chosen_conversations_of_the_own_organisation_only() {
    for app in spawn_apps().await {
        let (mut v, [fatima, jan, piet]) = three(&app).await;
        v.get("/").await;
        let stranger = loket_domain::ConversationId::new_at(start_time()).to_string();
        let done = v
            .post(
                "/inbox/bulk",
                &[
                    ("action", "resolve"),
                    ("scope", "selected"),
                    ("ids", &fatima),
                    ("ids", &jan),
                    ("ids", &stranger),
                    ("back", "view=all"),
                ],
            )
            .await;
        assert_eq!(done.status, 303);
        let to = done.location.clone().unwrap();
        assert!(to.contains("changed=2") && to.contains("skipped=1"), "{to}");
        let page = v.get(&to).await.body;
        assert!(page.contains("2 gesprekken gewijzigd."), "{page}");
        let status = |id: &str| {
            let app = &app;
            let id = id.to_owned();
            async move {
                app.get_json(&format!("/api/v1/conversations/{id}")).await["conversation"]["status"]
                    .clone()
            }
        };
        assert_eq!(status(&fatima).await, "resolved");
        assert_eq!(status(&piet).await, "open");
        // Every conversation on the page: label and assign to me.
        v.get("/?view=all&status=any").await;
        let all = [
            ("action", "label"),
            ("label", "wmo"),
            ("scope", "page"),
            ("page_ids", &piet),
            ("page_ids", &jan),
        ];
        assert_eq!(v.post("/inbox/bulk", &all).await.status, 303);
        let piet_now = app.get_json(&format!("/api/v1/conversations/{piet}")).await;
        assert_eq!(piet_now["conversation"]["labels"], json!(["wmo"]));
        let me = [
            ("action", "me"),
            ("scope", "selected"),
            ("ids", piet.as_str()),
        ];
        assert_eq!(v.post("/inbox/bulk", &me).await.status, 303);
        lists(&v.get("/?view=mine").await.body, &["Piet Bakker"], &[]);
        // Without the CSRF token: refused, nothing changes.
        let bare = v
            .post_raw("/inbox/bulk", &[("action", "resolve"), ("ids", &piet)], &[])
            .await;
        assert_eq!(bare.status, 403);
        assert_eq!(status(&piet).await, "open");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn search_finds_by_name_phone_username_and_id_and_survives_hostile_input() {
    for app in spawn_apps().await {
        let (mut v, [fatima, jan, _]) = three(&app).await;
        let page = v.get("/").await.body;
        assert!(page.contains("id=\"search-q\"") && page.contains("action=\"/search\""));
        lists(
            &v.get("/search?q=fAtI").await.body,
            &["Fatima de Vries", "1 gevonden"],
            &["Jan Jansen"],
        );
        lists(
            &v.get("/search?q=06-8765").await.body,
            &["Jan Jansen"],
            &["Fatima de Vries"],
        );
        lists(
            &v.get("/search?q=%2B31%206%2012345").await.body,
            &["Fatima de Vries"],
            &["Jan Jansen"],
        );
        lists(
            &v.get(&format!("/search?q={jan}")).await.body,
            &["Jan Jansen"],
            &["Fatima de Vries"],
        );
        let suggest = v.get("/search/suggest?q=jan").await;
        assert!(suggest.body.contains(&format!("/inbox/{jan}")) && !suggest.body.contains("<html"));
        let long = "x".repeat(3_000);
        for hostile in ["%25", "_", "%27", "%22%3E%3Cscript%3E", "", long.as_str()] {
            let answer = v.get(&format!("/search?q={hostile}")).await;
            assert_eq!(answer.status, 200, "{hostile}");
            assert!(!answer.body.contains("<script>"));
        }
        // 10 KB: refused as too long a URL, or answered; never an error.
        let huge = v.get(&format!("/search?q={}", "%25".repeat(3_400))).await;
        assert!(matches!(huge.status, 200 | 414), "{}", huge.status);
        // Another organisation's agent finds nothing of ours.
        person(&app, "mo@andere.nl", &["andere"], Locale::Nl).await;
        let mut other = Visitor::new(&app);
        other.sign_in("mo@andere.nl", PASSWORD).await;
        lists(
            &other.get(&format!("/search?q={fatima}")).await.body,
            &["0 gevonden"],
            &["Fatima"],
        );
        lists(
            &other.get("/search?q=Fatima").await.body,
            &["0 gevonden"],
            &["Fatima de"],
        );
        app.cleanup().await;
    }
}
