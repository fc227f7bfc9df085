//! Fixtures shared by the conformance tests.

use std::time::Duration;

use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::conversation::DEFAULT_REOPEN_WITHIN;
use loket_domain::delivery::{DeliveryStatus, ProviderError};
use loket_domain::inbound::{InboundMessage, StatusUpdate};
use loket_domain::message::{Content, MessageContext};
use loket_domain::time::to_micros;
use loket_domain::{ConversationId, MessageId, Timestamp};
use loket_store::testing::TestDb;
use loket_store::*;
use serde_json::json;

/// A fixed moment plus `secs` seconds (tests never read the real clock).
pub fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_750_000_000 + secs).unwrap()
}

/// An organisation with one WhatsApp channel, on one backend.
pub struct Fixture {
    pub store: DynStore,
    pub org: Organisation,
    pub channel: Channel,
}

impl Fixture {
    /// An active agent of this fixture's organisation.
    pub async fn member(&self, email: &str) -> loket_domain::UserId {
        let user = NewUser {
            email: loket_domain::people::Email::parse(email).unwrap(),
            name: email.into(),
            operator: false,
            locale: Default::default(),
            password_hash: "$argon2id$not-checked-here".into(),
        };
        let roles = [(self.org.id, loket_domain::people::Role::Agent)];
        self.store
            .insert_user(&user, &roles, at(1))
            .await
            .unwrap()
            .id
    }

    /// A (not declared) team of this fixture's organisation.
    pub async fn team(&self, slug: &str) -> loket_domain::TeamId {
        let team = NewTeam {
            slug: slug.into(),
            name: slug.into(),
        };
        self.store
            .insert_team(self.org.id, &team, at(1))
            .await
            .unwrap()
            .id
    }

    pub async fn new(db: &TestDb) -> Self {
        Self::named(db, "utrecht", "1001").await
    }

    pub async fn named(db: &TestDb, slug: &str, phone_number_id: &str) -> Self {
        println!("backend: {:?}", db.backend);
        let store = db.store.clone();
        let org = store
            .upsert_organisation(&new_org(slug), at(0))
            .await
            .unwrap();
        let channel = store
            .upsert_whatsapp_channel(org.id, &new_channel(phone_number_id), at(0))
            .await
            .unwrap();
        Self {
            store,
            org,
            channel,
        }
    }

    /// A message item on this fixture's channel.
    pub fn item(&self, message: InboundMessage) -> IngestItem {
        self.item_with_jobs(message, Vec::new())
    }

    pub fn item_with_jobs(&self, message: InboundMessage, jobs_if_new: Vec<NewJob>) -> IngestItem {
        IngestItem::Message {
            org_id: self.org.id,
            channel_id: self.channel.id,
            message_id: MessageId::new_at(message.sent_at),
            reopen_within: DEFAULT_REOPEN_WITHIN,
            message,
            pii: Vec::new(),
            findings: Vec::new(),
            jobs_if_new,
        }
    }

    pub fn status_item(
        &self,
        provider_id: &str,
        status: DeliveryStatus,
        when: Timestamp,
    ) -> IngestItem {
        IngestItem::Status {
            org_id: self.org.id,
            channel_id: self.channel.id,
            update: status_update(provider_id, status, when),
        }
    }

    /// Ingest one request and return its outcomes, asserting it succeeded.
    pub async fn ingest(&self, received_at: Timestamp, items: Vec<IngestItem>) -> Vec<ItemOutcome> {
        let mut results = self
            .store
            .ingest(&[IngestRequest { received_at, items }])
            .await;
        assert_eq!(results.len(), 1);
        results.remove(0).unwrap().items
    }

    /// Ingest one message and return the (message, conversation) it created.
    pub async fn ingest_new(
        &self,
        message: InboundMessage,
    ) -> (MessageId, ConversationId, ConversationChange) {
        let received_at = message.sent_at;
        match self
            .ingest(received_at, vec![self.item(message)])
            .await
            .as_slice()
        {
            [
                ItemOutcome::MessageCreated {
                    message_id,
                    conversation_id,
                    change,
                    ..
                },
            ] => (*message_id, *conversation_id, *change),
            other => panic!("expected a created message, got {other:?}"),
        }
    }

    /// An outbound text message (status queued) in `conversation`.
    pub async fn outbound(&self, conversation: ConversationId, when: Timestamp) -> MessageRecord {
        let message = NewOutboundMessage {
            message_id: MessageId::new_at(when),
            org_id: self.org.id,
            conversation_id: conversation,
            sender: loket_domain::message::SenderKind::Agent,
            content: Content::Text {
                body: "Dank voor uw bericht.".into(),
            },
            context: MessageContext::default(),
            created_at: when,
            preview_url: false,
            media: None,
            jobs: vec![job("send", when)],
            sender_user_id: None,
            opt_in: None,
        };
        self.store.insert_outbound_message(&message).await.unwrap()
    }
}

pub fn new_org(slug: &str) -> NewOrganisation {
    NewOrganisation {
        slug: slug.into(),
        name: format!("Gemeente {slug}"),
        reopen_within: DEFAULT_REOPEN_WITHIN,
    }
}

pub fn new_channel(phone_number_id: &str) -> NewWhatsappChannel {
    NewWhatsappChannel {
        name: format!("WhatsApp {phone_number_id}"),
        app_name: "loket".into(),
        phone_number_id: phone_number_id.into(),
        display_phone_number: "+31 30 000 0000".into(),
        waba_id: "waba-1".into(),
        access_token: "token-1".into(),
    }
}

pub fn job(kind: &str, run_at: Timestamp) -> NewJob {
    NewJob {
        kind: kind.into(),
        payload: json!({ "kind": kind }),
        run_at,
        max_attempts: 3,
    }
}

/// A text message from the resident with phone number `wa_id`.
pub fn text(provider_id: &str, wa_id: &str, sent_at: Timestamp) -> InboundMessage {
    from_identity(
        provider_id,
        ChannelIdentity {
            wa_id: Some(wa_id.into()),
            ..Default::default()
        },
        sent_at,
    )
}

pub fn from_identity(
    provider_id: &str,
    identity: ChannelIdentity,
    sent_at: Timestamp,
) -> InboundMessage {
    with_content(
        provider_id,
        identity,
        sent_at,
        Content::Text {
            body: format!("bericht {provider_id}"),
        },
    )
}

pub fn with_content(
    provider_id: &str,
    identity: ChannelIdentity,
    sent_at: Timestamp,
    content: Content,
) -> InboundMessage {
    InboundMessage {
        provider_message_id: provider_id.into(),
        sent_at,
        from: ContactProfile {
            identity,
            name: Some("Jan Jansen".into()),
        },
        content,
        context: MessageContext::default(),
        referral: None,
        errors: Vec::new(),
        raw: json!({ "id": provider_id }),
    }
}

pub fn status_update(provider_id: &str, status: DeliveryStatus, when: Timestamp) -> StatusUpdate {
    let errors = if status == DeliveryStatus::Failed {
        vec![provider_error()]
    } else {
        Vec::new()
    };
    StatusUpdate {
        provider_message_id: provider_id.into(),
        status,
        at: when,
        recipient: ChannelIdentity {
            wa_id: Some("31612345678".into()),
            ..Default::default()
        },
        errors,
        pricing: None,
        raw: json!({ "status": status.as_str() }),
    }
}

pub fn provider_error() -> ProviderError {
    ProviderError {
        code: 131_026,
        title: "Message undeliverable".into(),
        details: None,
    }
}

/// Resolve a conversation at `when` behind the store's back (raw SQL: no event recorded).
pub async fn resolve(db: &TestDb, conversation: ConversationId, when: Timestamp) {
    db.execute_sql(&format!(
        "update conversations set status = 'resolved', resolved_at = {} where id = '{conversation}'",
        to_micros(when)
    ))
    .await
    .unwrap();
}

pub const HOUR: Duration = Duration::from_secs(3600);
