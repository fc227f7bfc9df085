//! A reply's messages are queued together, and keep what their send needs.

use loket_domain::message::{Content, MessageContext, SenderKind};
use loket_domain::{ConversationId, MessageId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn attachment(f: &Fixture, conversation: ConversationId, id: MessageId) -> NewOutboundMessage {
    NewOutboundMessage {
        message_id: id,
        org_id: f.org.id,
        conversation_id: conversation,
        sender: SenderKind::Agent,
        content: Content::Text {
            body: "Zie de bijlage.".into(),
        },
        context: MessageContext::default(),
        created_at: at(20),
        preview_url: false,
        media: Some(MediaState::Stored {
            blob_key: format!("orgs/x/outbound/{id}"),
            size: 3,
            mime_type: Some("application/pdf".into()),
        }),
        jobs: vec![job("send", at(20))],
        sender_user_id: None,
        opt_in: None,
    }
}

#[tokio::test]
async fn the_messages_of_one_reply_are_queued_together_with_their_files_and_jobs() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let reply = [
            attachment(&f, conversation, MessageId::new_at(at(20))),
            attachment(&f, conversation, MessageId::new_at(at(20))),
        ];
        let records = f.store.insert_outbound_messages(&reply).await.unwrap();
        assert_eq!(records.len(), 2);
        for (record, sent) in records.iter().zip(&reply) {
            assert_eq!(record.id, sent.message_id);
            assert_eq!(record.media, sent.media, "the kept file is on the message");
        }
        assert_eq!(f.store.queue_stats(at(20)).await.unwrap().depth, 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_reply_whose_second_attachment_cannot_be_stored_leaves_nothing_queued() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let id = MessageId::new_at(at(20));
        // The second message reuses the first one's id: the database refuses it midway.
        let reply = [
            attachment(&f, conversation, id),
            attachment(&f, conversation, id),
        ];
        assert!(f.store.insert_outbound_messages(&reply).await.is_err());

        let messages = f.store.list_messages(f.org.id, conversation).await.unwrap();
        assert_eq!(
            messages.len(),
            1,
            "only the resident's message: {messages:?}"
        );
        assert_eq!(f.store.queue_stats(at(20)).await.unwrap().depth, 0);
        assert!(
            f.store
                .list_conversation_events(f.org.id, conversation)
                .await
                .unwrap()
                .iter()
                .all(|e| e.kind != loket_domain::conversation::ConversationEventKind::FirstResponse),
            "no first response was recorded either"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_text_keeps_its_link_preview_setting_for_a_retry() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let mut message = attachment(&f, conversation, MessageId::new_at(at(20)));
        message.media = None;
        message.preview_url = true;
        let stored = f.store.insert_outbound_message(&message).await.unwrap();
        assert!(stored.preview_url);
        let read = f.store.get_message(f.org.id, stored.id).await.unwrap();
        assert!(read.preview_url);
        db.cleanup().await;
    }
}
