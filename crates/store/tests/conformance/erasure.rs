//! AVG erasure per resident (issue 10 §5), on the store: after the steps, no column of any
//! table holds the resident's number, name or texts — while another resident's data and
//! another organisation's stay. What bounds the steps (a legal hold, another organisation,
//! the table registry) is in `erasure_guards`.

use loket_domain::contact::ChannelIdentity;
use loket_domain::contact_requests::{State, StepKind};
use loket_domain::delivery::DeliveryStatus;
use loket_domain::inbound::{AddressedEvent, InboundEvent};
use loket_domain::message::Content;
use loket_domain::{
    ContactId, ContactRequestId, ConversationId, KbArticleId, KbFeedbackId, NoteId,
};
use loket_store::testing::{TestDb, test_databases};
use loket_store::*;
use serde_json::json;

use super::support::*;

const NUMBER: &str = "31655501234";
const NAME: &str = "Henk Wisselaar";
const SECRET: &str = "klacht over de Zwanenvijver";
const NOTE: &str = "terugbellen over zwanenvijver-dossier";
const OTHER_NUMBER: &str = "31655509999";

fn their_message(
    provider_id: &str,
    number: &str,
    name: &str,
    body: &str,
    secs: i64,
) -> loket_domain::inbound::InboundMessage {
    let identity = ChannelIdentity {
        wa_id: Some(number.into()),
        ..Default::default()
    };
    let mut m = with_content(
        provider_id,
        identity,
        at(secs),
        Content::Text { body: body.into() },
    );
    m.from.name = Some(name.into());
    m.raw = json!({ "from": number, "id": provider_id, "text": { "body": body } });
    m
}

/// The resident's traces everywhere the store keeps them; their contact and conversation.
pub(super) async fn a_resident_everywhere(f: &Fixture) -> (ContactId, ConversationId) {
    let (message, conversation, _) = f
        .ingest_new(their_message("wamid.h1", NUMBER, NAME, SECRET, 10))
        .await;
    let stored = MediaState::Stored {
        blob_key: format!("orgs/{}/media/{message}", f.org.id),
        size: 3,
        mime_type: None,
    };
    f.store
        .set_media_state(f.org.id, message, &stored)
        .await
        .unwrap();
    let fetch = NewJob {
        kind: "media.fetch".into(),
        payload: json!({ "org_id": f.org.id, "message_id": message }),
        run_at: at(10),
        max_attempts: 3,
    };
    f.store.enqueue_job(&fetch, at(10)).await.unwrap();
    f.outbound(conversation, at(11)).await;
    let contact = f
        .store
        .get_conversation(f.org.id, conversation)
        .await
        .unwrap()
        .contact_id;
    let patch = ContactPatch {
        name: None,
        notes: Some(Some(format!("{NAME} hoort slecht"))),
    };
    f.store
        .update_contact(f.org.id, contact, &patch, at(12))
        .await
        .unwrap();
    let labels = ConversationPatch {
        labels: Some(vec!["zwanenvijver".into()]),
        ..Default::default()
    };
    f.store
        .update_conversation(f.org.id, conversation, &labels, at(12))
        .await
        .unwrap();
    let author = f.member("agent@utrecht.nl").await;
    let note = NewNote {
        id: NoteId::new_at(at(13)),
        org_id: f.org.id,
        conversation_id: conversation,
        author_id: author,
        body: NOTE.into(),
        mentions: vec![],
        created_at: at(13),
    };
    f.store.insert_note(&note).await.unwrap();
    kb_feedback_on(f, conversation, author).await;
    contact_request_on(f, conversation, author).await;
    let mut status = status_update("wamid.unknown", DeliveryStatus::Delivered, at(14));
    status.recipient.wa_id = Some(NUMBER.into());
    status.raw = json!({ "recipient_id": NUMBER, "status": "delivered" });
    let event = ChannelEventItem::of(f, json!({ "field": "calls", "value": { "from": NUMBER } }));
    let unrouted = their_message("wamid.h0", NUMBER, NAME, SECRET, 5);
    let unrouted = IngestItem::Unrouted {
        phone_number_id: f.channel.phone_number_id.clone().unwrap(),
        event: AddressedEvent {
            account_id: "waba-1".into(),
            phone_number_id: f.channel.phone_number_id.clone(),
            display_phone_number: None,
            event: InboundEvent::Message(unrouted),
            signed_by: Vec::new(),
        },
    };
    let items = vec![
        IngestItem::Status {
            org_id: f.org.id,
            channel_id: f.channel.id,
            update: status,
        },
        event,
        unrouted,
    ];
    f.ingest(at(14), items).await;
    (contact, conversation)
}

/// A colleague's feedback on an article while answering the conversation, whose comment
/// retells the question (as colleagues do).
async fn kb_feedback_on(f: &Fixture, conversation: ConversationId, author: loket_domain::UserId) {
    let article = KnowledgeArticle {
        id: KbArticleId::new_at(at(13)),
        org_id: f.org.id,
        external_id: None,
        title: "Vijvers".into(),
        body: String::new(),
        short_answer_je: None,
        short_answer_u: None,
        tags: vec![],
        department: None,
        review_date: None,
        source_url: None,
        created_at: at(13),
        updated_at: at(13),
        edited_at: Some(at(13)),
        imported_at: None,
    };
    f.store.insert_kb_article(&article).await.unwrap();
    let feedback = KnowledgeFeedback {
        id: KbFeedbackId::new_at(at(13)),
        org_id: f.org.id,
        article_id: article.id,
        conversation_id: Some(conversation),
        user_id: author,
        helpful: false,
        comment: Some(format!("{NAME} vroeg naar de {SECRET}")),
        at: at(13),
    };
    f.store.insert_kb_feedback(&feedback).await.unwrap();
    // The wrap-up's question retells it too; the result and article stay for the reports.
    let wrap_up = WrapUpRecord {
        id: loket_domain::WrapUpId::new_at(at(13)),
        org_id: f.org.id,
        conversation_id: Some(conversation),
        result: "zelf-afgehandeld".into(),
        question: Some(format!("{SECRET} ({NAME})")),
        articles: vec![article.id],
        user_id: Some(author),
        at: at(13),
    };
    f.store.insert_wrap_up(&wrap_up).await.unwrap();
}

/// A contactverzoek with the resident's number and question, worked once (the step's
/// outcome retells the answer).
async fn contact_request_on(
    f: &Fixture,
    conversation: ConversationId,
    author: loket_domain::UserId,
) {
    let request = NewContactRequest {
        id: ContactRequestId::new_at(at(13)),
        org_id: f.org.id,
        conversation_id: conversation,
        kind: loket_domain::contact_requests::Kind::Signaal,
        team_id: None,
        assignee_id: Some(author),
        question: SECRET.into(),
        contact_details: NUMBER.into(),
        internal_note: NAME.into(),
        extra: vec![("Kenmerk".into(), SECRET.into())],
        due_at: Some(at(20)),
        expectation: Expectation::Sent,
        created_by: author,
        created_at: at(13),
    };
    f.store.insert_contact_request(&request).await.unwrap();
    let change = StepChange {
        from: State::TeVerwerken,
        to: State::Verwerkt,
        new_assignee: None,
        step: ContactRequestStep {
            kind: StepKind::Completed,
            actor_id: author,
            to_user_id: None,
            outcome: format!("{NAME} gebeld over de {SECRET}"),
            at: at(13),
        },
    };
    f.store
        .apply_contact_request_step(f.org.id, request.id, &change)
        .await
        .unwrap();
}

struct ChannelEventItem;

impl ChannelEventItem {
    fn of(f: &Fixture, raw: serde_json::Value) -> IngestItem {
        IngestItem::ChannelEvent {
            org_id: f.org.id,
            channel_id: f.channel.id,
            kind: "calls".into(),
            errors: Vec::new(),
            raw,
        }
    }
}

/// Every erasure step, as the engine runs them (small batches, to take several steps).
async fn erase(store: &DynStore, org: loket_domain::OrgId, contact: ContactId) -> ErasedCounts {
    let mut total = ErasedCounts::default();
    for conversation in store.resident_conversation_ids(org, contact).await.unwrap() {
        loop {
            let step = store
                .erase_conversation_step(org, conversation, 1)
                .await
                .unwrap();
            total.add(step.counts);
            if step.finished {
                break;
            }
        }
    }
    total.add(store.erase_contact(org, contact).await.unwrap());
    total
}

/// How many messages of `f`'s organisation a search for `q` finds.
async fn search_hits(f: &Fixture, q: &str) -> usize {
    let query =
        loket_domain::search::Query::parse(q, &loket_domain::search::Synonyms::default_nl());
    let search = MessageSearch {
        query: &query,
        channel: None,
        label: None,
        team: None,
        from: None,
        until: None,
        before: None,
        limit: 10,
    };
    f.store
        .search_messages(f.org.id, &search)
        .await
        .unwrap()
        .len()
}

pub(super) async fn traces(db: &TestDb) -> Vec<String> {
    db.find_in_every_column(&[NUMBER, NAME, SECRET, NOTE, "zwanenvijver"])
        .await
        .unwrap()
}

#[tokio::test]
async fn after_erasure_no_column_of_any_table_holds_the_residents_number_name_or_texts() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (contact, conversation) = a_resident_everywhere(&f).await;
        f.ingest_new(their_message(
            "wamid.o1",
            OTHER_NUMBER,
            "Els Ander",
            "Andere vraag",
            20,
        ))
        .await;
        let zeist = Fixture::named(&db, "zeist", "2002").await;
        zeist
            .ingest_new(their_message(
                "wamid.z1",
                "31655508888",
                "Zeister",
                "Vraag in Zeist",
                20,
            ))
            .await;
        assert!(
            !traces(&db).await.is_empty(),
            "the scenario leaves traces to find"
        );
        while f.store.index_pending_messages(at(30), 500).await.unwrap() > 0 {}
        assert_eq!(search_hits(&f, "zwanenvijver").await, 1, "indexed before");

        let keys = f
            .store
            .conversation_blob_keys(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!(keys.len(), 1, "the media blob to delete: {keys:?}");
        let counts = erase(&f.store, f.org.id, contact).await;

        assert_eq!(traces(&db).await, Vec::<String>::new());
        assert_eq!(
            search_hits(&f, "zwanenvijver").await,
            0,
            "no entry survives"
        );
        assert_eq!(
            search_hits(&f, "andere vraag").await,
            1,
            "another resident's stays"
        );
        assert_eq!(
            (
                counts.conversations,
                counts.messages,
                counts.notes,
                counts.contacts
            ),
            (1, 2, 1, 1)
        );
        // The media fetch names the message; the fixture's send job names nothing.
        assert_eq!((counts.jobs, counts.raw_payloads), (1, 3), "{counts:?}");
        let others = db
            .find_in_every_column(&[OTHER_NUMBER, "Andere vraag", "Vraag in Zeist"])
            .await
            .unwrap();
        assert!(
            others.len() >= 3,
            "the other residents are kept: {others:?}"
        );
        let again = f.store.erase_contact(f.org.id, contact).await;
        assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");
        db.cleanup().await;
    }
}
