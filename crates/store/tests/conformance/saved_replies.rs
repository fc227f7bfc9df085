//! Saved replies: the organisation's own texts, unique by shortcut per organisation,
//! listed by shortcut with the reader's teams' replies first, never seen or changed through
//! another organisation.

use loket_domain::{OrgId, SavedReplyId, TeamId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn reply(org: OrgId, shortcut: &str, team: Option<TeamId>) -> SavedReply {
    SavedReply {
        id: SavedReplyId::new_at(at(1)),
        org_id: org,
        shortcut: shortcut.into(),
        title: format!("Over {shortcut}"),
        body: "Hoi {{voornaam}}, groet van {{gemeente}}.".into(),
        team_id: team,
        created_at: at(1),
        updated_at: at(1),
    }
}

fn shortcuts(replies: &[SavedReply]) -> Vec<&str> {
    replies.iter().map(|r| r.shortcut.as_str()).collect()
}

#[tokio::test]
async fn saved_replies_are_listed_by_shortcut_with_the_readers_teams_first() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let wmo = f.team("wmo").await;
        f.store.add_team_member(f.org.id, wmo, anna).await.unwrap();
        for r in [
            reply(f.org.id, "paspoort", None),
            reply(f.org.id, "afval", None),
            reply(f.org.id, "wmo-hulp", Some(wmo)),
        ] {
            f.store.insert_saved_reply(&r).await.unwrap();
        }
        let everyone = f.store.list_saved_replies(f.org.id, None).await.unwrap();
        assert_eq!(shortcuts(&everyone), vec!["afval", "paspoort", "wmo-hulp"]);
        let for_anna = f
            .store
            .list_saved_replies(f.org.id, Some(anna))
            .await
            .unwrap();
        assert_eq!(shortcuts(&for_anna), vec!["wmo-hulp", "afval", "paspoort"]);
        assert_eq!(for_anna[0].team_id, Some(wmo));
        assert_eq!(
            for_anna[1].body,
            "Hoi {{voornaam}}, groet van {{gemeente}}."
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_shortcut_is_unique_within_an_organisation_but_not_across_them() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        f.store
            .insert_saved_reply(&reply(f.org.id, "paspoort", None))
            .await
            .unwrap();
        let again = f
            .store
            .insert_saved_reply(&reply(f.org.id, "paspoort", None))
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))));
        other
            .store
            .insert_saved_reply(&reply(other.org.id, "paspoort", None))
            .await
            .unwrap();
        let afval = reply(f.org.id, "afval", None);
        f.store.insert_saved_reply(&afval).await.unwrap();
        let renamed = SavedReply {
            shortcut: "paspoort".into(),
            ..afval
        };
        let clash = f.store.update_saved_reply(&renamed).await;
        assert!(matches!(clash, Err(StoreError::Conflict(_))));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_saved_reply_is_updated_and_deleted_only_through_its_own_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let original = reply(f.org.id, "paspoort", None);
        f.store.insert_saved_reply(&original).await.unwrap();
        let id = original.id;

        let stolen = SavedReply {
            org_id: other.org.id,
            title: "Weg".into(),
            ..original.clone()
        };
        let refused = other.store.update_saved_reply(&stolen).await;
        assert!(matches!(refused, Err(StoreError::NotFound)));
        let read = other.store.get_saved_reply(other.org.id, id).await;
        assert!(matches!(read, Err(StoreError::NotFound)));
        let delete = other.store.delete_saved_reply(other.org.id, id).await;
        assert!(matches!(delete, Err(StoreError::NotFound)));
        assert!(
            other
                .store
                .list_saved_replies(other.org.id, None)
                .await
                .unwrap()
                .is_empty()
        );

        let changed = SavedReply {
            title: "Paspoort kwijt".into(),
            body: "Meld het bij {{gemeente}}.".into(),
            updated_at: at(5),
            ..original
        };
        f.store.update_saved_reply(&changed).await.unwrap();
        let stored = f.store.get_saved_reply(f.org.id, id).await.unwrap();
        assert_eq!(stored, changed);

        f.store.delete_saved_reply(f.org.id, id).await.unwrap();
        let gone = f.store.get_saved_reply(f.org.id, id).await;
        assert!(matches!(gone, Err(StoreError::NotFound)));
        db.cleanup().await;
    }
}
