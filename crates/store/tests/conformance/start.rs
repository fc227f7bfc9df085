//! Starting a conversation (composer): the resident's contact is found by their number or
//! created, an unresolved conversation on the channel is reused, a resolved one is not,
//! another organisation's channel reads as not found; the writer and opt-in are kept.

use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::conversation::ConversationStatus;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn resident(wa_id: &str) -> ContactProfile {
    ContactProfile {
        identity: ChannelIdentity {
            wa_id: Some(wa_id.into()),
            ..ChannelIdentity::default()
        },
        name: None,
    }
}

#[tokio::test]
async fn a_started_conversation_reuses_the_residents_open_one_and_starts_after_resolving() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, existing, _) = f.ingest_new(text("wamid.s1", "31611111111", at(10))).await;
        let reused = (f.store)
            .open_conversation_for(f.org.id, f.channel.id, &resident("31611111111"), at(20))
            .await
            .unwrap();
        assert_eq!(reused, existing);

        let new = (f.store)
            .open_conversation_for(f.org.id, f.channel.id, &resident("31622222222"), at(30))
            .await
            .unwrap();
        assert_ne!(new, existing);
        let record = f.store.get_conversation(f.org.id, new).await.unwrap();
        assert_eq!(record.status, ConversationStatus::Open);
        assert_eq!(
            record.last_inbound_at, None,
            "no inbound message: the window is closed"
        );

        let patch = ConversationPatch {
            status: Some(ConversationStatus::Resolved),
            ..ConversationPatch::default()
        };
        f.store
            .update_conversation(f.org.id, new, &patch, at(40))
            .await
            .unwrap();
        let after = (f.store)
            .open_conversation_for(f.org.id, f.channel.id, &resident("31622222222"), at(50))
            .await
            .unwrap();
        assert_ne!(after, new, "a resolved conversation is not continued");
        let first = f.store.get_conversation(f.org.id, new).await.unwrap();
        let second = f.store.get_conversation(f.org.id, after).await.unwrap();
        assert_eq!(first.contact_id, second.contact_id, "the same contact");
    }
}

#[tokio::test]
async fn another_organisations_channel_is_not_found_and_creates_nothing() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "andere", "pnid-andere").await;
        let refused = (f.store)
            .open_conversation_for(f.org.id, other.channel.id, &resident("31633333333"), at(10))
            .await;
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        let listed = (f.store)
            .list_conversations(
                f.org.id,
                &ConversationFilter::default(),
                PageRequest {
                    after: None,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert!(listed.items.is_empty());
    }
}

#[tokio::test]
async fn the_writer_and_the_stated_opt_in_are_kept_with_an_outbound_message() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let conversation = (f.store)
            .open_conversation_for(f.org.id, f.channel.id, &resident("31644444444"), at(10))
            .await
            .unwrap();
        let mut message = NewOutboundMessage {
            message_id: loket_domain::MessageId::new_at(at(11)),
            org_id: f.org.id,
            conversation_id: conversation,
            sender: loket_domain::message::SenderKind::Agent,
            content: loket_domain::message::Content::Text {
                body: "Terugbelverzoek".into(),
            },
            context: Default::default(),
            created_at: at(11),
            preview_url: false,
            media: None,
            jobs: vec![job("send", at(11))],
            sender_user_id: Some(anna),
            opt_in: Some(OptIn {
                by: anna,
                at: at(11),
            }),
        };
        let stored = f.store.insert_outbound_message(&message).await.unwrap();
        assert_eq!(stored.sender_user_id, Some(anna));
        assert_eq!(
            stored.opt_in,
            Some(OptIn {
                by: anna,
                at: at(11)
            })
        );
        message.message_id = loket_domain::MessageId::new_at(at(12));
        message.sender_user_id = None;
        message.opt_in = None;
        let plain = f.store.insert_outbound_message(&message).await.unwrap();
        assert_eq!((plain.sender_user_id, plain.opt_in), (None, None));
    }
}
