use loket_domain::contact::ChannelIdentity;
use loket_domain::message::Content;
use loket_store::testing::test_databases;

use super::support::*;

fn identity(wa_id: Option<&str>, user_id: Option<&str>) -> ChannelIdentity {
    ChannelIdentity {
        wa_id: wa_id.map(Into::into),
        user_id: user_id.map(Into::into),
        username: None,
    }
}

#[tokio::test]
async fn a_user_id_and_a_phone_number_resolve_to_one_contact() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let both = identity(Some("31612345678"), Some("NL.1"));
        let (_, first, _) = f.ingest_new(from_identity("wamid.1", both, at(10))).await;
        // Later messages with only one of the two find the same resident's conversation.
        let (_, by_wa_id, _) = f
            .ingest_new(from_identity(
                "wamid.2",
                identity(Some("31612345678"), None),
                at(20),
            ))
            .await;
        let (_, by_user_id, _) = f
            .ingest_new(from_identity(
                "wamid.3",
                identity(None, Some("NL.1")),
                at(30),
            ))
            .await;
        assert_eq!((by_wa_id, by_user_id), (first, first));
        let contact = f
            .store
            .get_conversation(f.org.id, first)
            .await
            .unwrap()
            .contact_id;

        // Another resident is another contact.
        let (_, other, _) = f.ingest_new(text("wamid.4", "31699999999", at(40))).await;
        assert_ne!(
            f.store
                .get_conversation(f.org.id, other)
                .await
                .unwrap()
                .contact_id,
            contact
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_user_id_learned_later_is_bound_to_the_known_contact() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, first, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, second, _) = f
            .ingest_new(from_identity(
                "wamid.2",
                identity(Some("31612345678"), Some("NL.1")),
                at(20),
            ))
            .await;
        let (_, third, _) = f
            .ingest_new(from_identity(
                "wamid.3",
                identity(None, Some("NL.1")),
                at(30),
            ))
            .await;
        assert_eq!((second, third), (first, first));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_number_change_moves_the_phone_number_to_the_same_contact() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, first, _) = f.ingest_new(text("wamid.1", "31611111111", at(10))).await;
        let notice = Content::System {
            kind: "user_changed_number".into(),
            body: Some("Jan heeft een nieuw nummer".into()),
            new_wa_id: Some("31622222222".into()),
        };
        f.ingest_new(with_content(
            "wamid.2",
            identity(Some("31611111111"), None),
            at(20),
            notice,
        ))
        .await;
        let (_, by_new_number, _) = f.ingest_new(text("wamid.3", "31622222222", at(30))).await;
        assert_eq!(by_new_number, first);
        // The old number is free: whoever writes from it now is someone else.
        let (_, by_old_number, _) = f.ingest_new(text("wamid.4", "31611111111", at(40))).await;
        assert_ne!(by_old_number, first);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_sender_without_identity_becomes_a_new_anonymous_contact() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, a, _) = f
            .ingest_new(from_identity("wamid.1", ChannelIdentity::default(), at(10)))
            .await;
        let (_, b, _) = f
            .ingest_new(from_identity("wamid.2", ChannelIdentity::default(), at(20)))
            .await;
        assert_ne!(a, b);
        db.cleanup().await;
    }
}
