//! The search page's message filters over HTTP, on every database: channel, label, team
//! and sent from/until (whole days in Amsterdam, both included) narrow the "Berichten";
//! paging follows the engine's cursor with the filters kept in the links; another
//! organisation's ids and malformed values filter nothing of theirs in.

use loket_engine::records::Label;
use loket_sim::Resident;
use serde_json::json;

use crate::conversation_view::signed_in;
use crate::support::{TestApp, spawn_apps};

async fn from(app: &TestApp, name: &str, number: &str, body: &str) -> String {
    let r = Resident::new(name, number);
    let envelope = app
        .sim
        .envelope(vec![app.sim.text(&r, body)], vec![r.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    let all = app.conversations().await;
    let mine = all.iter().find(|c| c["contact_name"] == name);
    mine.expect("the resident's conversation")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// How many messages the page lists.
fn listed(body: &str) -> usize {
    body.matches("<blockquote class=\"loket-search-text\">")
        .count()
}

#[tokio::test]
async fn filters_narrow_the_messages_and_paging_keeps_them() {
    for app in spawn_apps().await {
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let label = Label {
            slug: "reisdocumenten".into(),
            name: "Reisdocumenten".into(),
            group: "Producten".into(),
            active: true,
        };
        app.engine.put_label(org, label).await.unwrap();
        let labelled = from(
            &app,
            "Fatima de Vries",
            "31612345678",
            "Mijn paspoort is kwijt",
        )
        .await;
        let teamed = from(&app, "Piet Jansen", "31611111111", "Paspoort verlengen?").await;
        assert_ne!(labelled, teamed);
        from(&app, "Els Bos", "31622222222", "Paspoort voor mijn zoon").await;
        let path = |id: &str| format!("/api/v1/conversations/{id}");
        let patch = json!({"labels": ["reisdocumenten"]});
        assert_eq!(app.patch_json(&path(&labelled), &patch).await.status(), 200);
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let patch = json!({"team": team});
        assert_eq!(app.patch_json(&path(&teamed), &patch).await.status(), 200);
        app.engine.index_all_pending_messages().await.unwrap();

        let mut v = signed_in(&app, "lot@voorbeeld.nl", "voorbeeld").await;
        let all = v.get("/search?q=paspoort").await;
        assert_eq!(listed(&all.body), 3, "{}", all.body);
        assert!(
            all.body
                .contains("<option value=\"reisdocumenten\">Reisdocumenten (Producten)</option>")
        );
        assert!(
            all.body
                .contains("<label class=\"utrecht-form-label\" for=\"search-from\">")
        );
        let by_label = v.get("/search?q=paspoort&label=reisdocumenten").await;
        assert_eq!(listed(&by_label.body), 1);
        assert!(by_label.body.contains(&format!("/inbox/{labelled}")));
        assert!(
            by_label
                .body
                .contains("<option value=\"reisdocumenten\" selected>")
        );
        let by_team = v.get(&format!("/search?q=paspoort&team={team}")).await;
        assert_eq!(listed(&by_team.body), 1);
        assert!(by_team.body.contains(&format!("/inbox/{teamed}")));
        // The messages were sent on 19 November 2026 (Amsterdam).
        for (range, found) in [
            ("from=2026-11-19&until=2026-11-19", 3),
            ("until=2026-11-18", 0),
            ("from=2026-11-20", 0),
            ("from=gisteren&until=", 3),
        ] {
            let page = v.get(&format!("/search?q=paspoort&{range}")).await;
            assert_eq!(listed(&page.body), found, "{range}");
        }
        let channel = app.conversations().await[0]["channel_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let on_channel = v
            .get(&format!("/search?q=paspoort&channel={channel}"))
            .await;
        assert_eq!(listed(&on_channel.body), 3);

        // Another organisation's team or channel id filters in nothing of theirs.
        let their_team = app.team_id("andere", "afval").await;
        let theirs = v
            .get(&format!("/search?q=paspoort&team={their_team}"))
            .await;
        assert_eq!((theirs.status, listed(&theirs.body)), (200, 0));
        let bad = v
            .get("/search?q=paspoort&channel=x&team=%27&label=&cursor=abc")
            .await;
        assert_eq!((bad.status, listed(&bad.body)), (200, 3));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn older_messages_are_paged_with_the_filters_in_the_links() {
    for app in spawn_apps().await {
        for i in 0..23 {
            from(
                &app,
                "Fatima de Vries",
                "31612345678",
                &format!("paspoort vraag {i}"),
            )
            .await;
        }
        app.engine.index_all_pending_messages().await.unwrap();
        let mut v = signed_in(&app, "lot@voorbeeld.nl", "voorbeeld").await;
        let first = v.get("/search?q=paspoort&from=2026-11-19").await;
        assert_eq!(listed(&first.body), 20);
        assert!(
            first.body.contains("paspoort</mark> vraag 22"),
            "newest first"
        );
        let marker = "rel=\"next\"";
        assert!(first.body.contains(marker), "{}", first.body);
        let before_next = &first.body[..first.body.find("\" rel=\"next\"").unwrap()];
        let href = before_next[before_next.rfind("href=\"").unwrap() + 6..].replace("&#38;", "&");
        assert!(
            href.starts_with(
                "/search?q=paspoort&channel=&label=&team=&from=2026-11-19&until=&cursor="
            ),
            "the older page keeps the filters: {href}"
        );
        let older = v.get(&href).await;
        assert_eq!(listed(&older.body), 3);
        assert!(older.body.contains("paspoort</mark> vraag 0"));
        assert!(!older.body.contains(marker), "the last page");
        assert!(older.body.contains("Nieuwste berichten"));
        let count = "<p class=\"utrecht-paragraph\" role=\"status\">";
        assert!(
            first.body.contains(count) && !older.body.contains(count),
            "conversations on the first page only"
        );
        app.cleanup().await;
    }
}
