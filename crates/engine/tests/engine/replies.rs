//! Saved replies through the engine: checked (shortcut, variables, the organisation's own
//! team), unique per organisation, and filled for one conversation with its resident, the
//! organisation and the agent — never for another organisation's conversation.

use loket_domain::people::Role;
use loket_engine::replies::{DUPLICATE_SHORTCUT, OpeningHours, SavedReplyPatch};
use loket_engine::{EngineError, EngineOptions};
use loket_store::testing::test_databases;

use super::people_support::People;

const TEXT: &str = "Hoi {{voornaam}}, {{gemeente}} is open {{openingstijden}}. \
                    Groet, {{medewerker}} ({{datum}})";

#[tokio::test]
async fn a_saved_reply_is_filled_with_the_resident_the_organisation_and_the_agent() {
    for db in test_databases().await {
        let options = EngineOptions {
            opening_hours: OpeningHours(vec![("utrecht".into(), "ma-vr 9-17 uur".into())]),
            ..Default::default()
        };
        let p = People::with_options(&db, options).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        (p.engine)
            .create_saved_reply(utrecht, "/hoi", "Begroeting", TEXT, None)
            .await
            .unwrap();
        (p.engine)
            .create_saved_reply(utrecht, "afval", "Afval", "Zie {{gemeente}}", None)
            .await
            .unwrap();

        let found = (p.engine)
            .saved_replies_for(utrecht, conversation, anna, "/ho")
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reply.shortcut, "hoi");
        assert_eq!(
            found[0].filled.text,
            "Hoi Inwoner, Gemeente utrecht is open ma-vr 9-17 uur. \
             Groet, Anna de Vries (19 november 2026)"
        );
        assert!(found[0].filled.missing.is_empty());

        let zeist = p.org_id("zeist").await;
        let elsewhere = (p.engine)
            .saved_replies_for(zeist, conversation, anna, "")
            .await;
        assert!(matches!(elsewhere, Err(EngineError::NotFound)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_variable_without_a_value_is_left_visible_and_listed_as_missing() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        (p.engine)
            .create_saved_reply(utrecht, "hoi", "Begroeting", TEXT, None)
            .await
            .unwrap();
        let found = (p.engine)
            .saved_replies_for(utrecht, conversation, anna, "")
            .await
            .unwrap();
        assert!(found[0].filled.text.contains("open {{openingstijden}}."));
        assert_eq!(found[0].filled.missing, vec!["openingstijden"]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_duplicate_shortcut_an_unknown_variable_or_another_organisations_team_is_refused() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let afval = p.engine.list_teams(zeist).await.unwrap()[0].id;
        let first = (p.engine)
            .create_saved_reply(utrecht, "paspoort", "Paspoort", "Tekst", None)
            .await
            .unwrap();
        let again = (p.engine)
            .create_saved_reply(utrecht, "Paspoort", "Nog eens", "Tekst", None)
            .await;
        assert!(matches!(again, Err(EngineError::Conflict(why)) if why == DUPLICATE_SHORTCUT));
        let unknown = (p.engine)
            .create_saved_reply(utrecht, "x", "X", "Hoi {{achternaam}}", Some(afval))
            .await;
        let Err(EngineError::InvalidFields(problems)) = unknown else {
            panic!("expected invalid fields, got {unknown:?}");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, vec!["text", "team"]);

        let patch = SavedReplyPatch {
            title: Some("Paspoort kwijt".into()),
            ..Default::default()
        };
        let changed = (p.engine)
            .update_saved_reply(utrecht, first.id, &patch)
            .await
            .unwrap();
        assert_eq!(
            (changed.shortcut.as_str(), changed.title.as_str()),
            ("paspoort", "Paspoort kwijt")
        );
        let stolen = p.engine.update_saved_reply(zeist, first.id, &patch).await;
        assert!(matches!(stolen, Err(EngineError::NotFound)));
        let removed = p.engine.delete_saved_reply(zeist, first.id).await;
        assert!(matches!(removed, Err(EngineError::NotFound)));
        db.cleanup().await;
    }
}
