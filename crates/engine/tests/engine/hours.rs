//! Office hours through the engine (issue 12), on both databases, with time moved by a
//! `ManualClock`: the out-of-hours receipt names the next opening, goes once per closed
//! period, stays quiet right after an agent's reply, and combines with the privacy notice
//! and the greeting into one message. The next-morning follow-up is in `hours_follow_up`.

use std::sync::Arc;
use std::time::Duration;

use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::hours::{
    AutoReplyPolicy, HolidayRules, HoursSpec, Interval, OUT_OF_HOURS_U, WeekSchedule,
};
use loket_domain::inbound::{AddressedEvent, InboundEvent, InboundMessage};
use loket_domain::message::{Content, Direction, SenderKind};
use loket_domain::time::ManualClock;
use loket_domain::{Clock, ConversationId, OrgId, Timestamp};
use loket_engine::Engine;
use loket_engine::hours::OrgOfficeHours;
use loket_engine::outbound::{Outgoing, SendRequest};
use loket_store::testing::{TestDb, test_databases};

/// An Amsterdam wall-clock time as an instant.
pub(crate) fn local(text: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = text.parse().unwrap();
    dt.to_zoned(jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap())
        .unwrap()
        .timestamp()
}

/// Weekdays 8.30–17.00, the public holidays, the receipt in the formal tone.
pub(crate) fn policy() -> AutoReplyPolicy {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        week.set_day(day, vec![Interval::parse("08:30-17:00").unwrap()])
            .unwrap();
    }
    AutoReplyPolicy {
        hours: HoursSpec {
            time_zone: "Europe/Amsterdam".into(),
            week,
            holidays: HolidayRules::default(),
            closures: vec![],
        },
        out_of_hours: Some(OUT_OF_HOURS_U.into()),
        greeting: None,
        agent_replied_within_minutes: 10,
        follow_up: None,
    }
}

pub(crate) struct Setup {
    pub(crate) engine: Engine,
    pub(crate) clock: Arc<ManualClock>,
    pub(crate) org: OrgId,
    _blobs: tempfile::TempDir,
}

pub(crate) async fn setup(db: &TestDb, at: &str, policy: Option<AutoReplyPolicy>) -> Setup {
    let clock = Arc::new(ManualClock::new(local(at)));
    let blobs = tempfile::tempdir().unwrap();
    let store =
        Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs.path()).unwrap());
    let engine = Engine::new(
        db.store.clone(),
        clock.clone(),
        store,
        reqwest::Client::new(),
    );
    engine.provision(&super::provisioning()).await.unwrap();
    engine
        .apply_office_hours(&[OrgOfficeHours {
            slug: "voorbeeld".into(),
            organisation: policy,
            channels: vec![],
        }])
        .await
        .unwrap();
    let org = db
        .store
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap()
        .unwrap()
        .id;
    Setup {
        engine,
        clock,
        org,
        _blobs: blobs,
    }
}

impl Setup {
    /// The resident writes `body` now; their conversation.
    pub(crate) async fn resident_writes(
        &self,
        db: &TestDb,
        id: &str,
        body: &str,
    ) -> ConversationId {
        self.resident_from(db, "31612345678", id, body).await
    }

    /// As [`Self::resident_writes`], from the resident with WhatsApp id `wa_id`.
    pub(crate) async fn resident_from(
        &self,
        db: &TestDb,
        wa_id: &str,
        id: &str,
        body: &str,
    ) -> ConversationId {
        let message = InboundMessage {
            provider_message_id: format!("wamid.{id}"),
            sent_at: self.clock.now(),
            from: ContactProfile {
                identity: ChannelIdentity {
                    wa_id: Some(wa_id.into()),
                    ..Default::default()
                },
                name: Some("Inwoner".into()),
            },
            content: Content::Text { body: body.into() },
            context: Default::default(),
            referral: None,
            errors: vec![],
            raw: serde_json::json!({}),
        };
        let receipt = self
            .engine
            .submit(vec![AddressedEvent {
                account_id: "102290129340398".into(),
                phone_number_id: Some("1122334455667".into()),
                display_phone_number: None,
                event: InboundEvent::Message(message),
                signed_by: Vec::new(),
            }])
            .await
            .unwrap();
        assert_eq!(receipt.messages_created, 1);
        let page = loket_store::PageRequest {
            after: None,
            limit: 100,
        };
        let filter = loket_store::ConversationFilter::default();
        let list = db.store.list_conversations(self.org, &filter, page);
        // The one that just got the message.
        let items = list.await.unwrap().items;
        items.iter().max_by_key(|c| c.last_message_at).unwrap().id
    }

    /// The texts Loket sent by itself in the conversation, oldest first.
    pub(crate) async fn automatic(&self, db: &TestDb, conversation: ConversationId) -> Vec<String> {
        let messages = db
            .store
            .list_messages(self.org, conversation)
            .await
            .unwrap();
        messages
            .into_iter()
            .filter(|m| m.direction == Direction::Outbound && m.sender == SenderKind::System)
            .map(|m| match m.content {
                Content::Text { body } => body,
                Content::Template(t) => format!("template {}", t.name),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    pub(crate) async fn agent_replies(&self, conversation: ConversationId) {
        let request = SendRequest {
            outgoing: Outgoing::Text {
                body: "Ik kijk er nog even naar.".into(),
                preview_url: false,
            },
            sender: SenderKind::Agent,
            reply_to: None,
            confirm_personal_data: false,
        };
        (self.engine)
            .send_message(self.org, conversation, request)
            .await
            .unwrap();
    }
}

pub(crate) const MONDAY: &str =
    "Bedankt voor uw bericht. We zijn nu gesloten en reageren maandag vanaf 8.30 uur.";

#[tokio::test]
async fn on_saturday_night_the_receipt_names_monday_and_a_second_message_that_night_gets_none() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-22T22:00", Some(policy())).await;
        let conversation = s
            .resident_writes(&db, "1", "Wanneer is het milieupark open?")
            .await;
        assert_eq!(s.automatic(&db, conversation).await, vec![MONDAY]);

        s.clock.advance(Duration::from_secs(3600));
        s.resident_writes(&db, "2", "Ook op zondag?").await;
        assert_eq!(
            s.automatic(&db, conversation).await.len(),
            1,
            "once per closed period"
        );

        // The receipt is no answer: the resident still waits for a person.
        let record = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        assert!(record.waiting_since.is_some(), "{record:?}");
        assert_eq!(record.unread_count, 2);
        let events = db.store.list_conversation_events(s.org, conversation);
        let events = events.await.unwrap();
        assert!(
            !events.iter().any(|e| e.kind.name() == "first_response"),
            "{events:?}"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_next_closed_period_earns_a_new_receipt() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-24T06:00", Some(policy())).await;
        let conversation = s.resident_writes(&db, "1", "Goedemorgen").await;
        s.clock.set(local("2025-11-24T18:00"));
        s.resident_writes(&db, "2", "Nog een vraag").await;
        let texts = s.automatic(&db, conversation).await;
        assert_eq!(
            texts,
            vec![
                "Bedankt voor uw bericht. We zijn nu gesloten en reageren vandaag vanaf 8.30 uur.",
                "Bedankt voor uw bericht. We zijn nu gesloten en reageren morgen vanaf 8.30 uur.",
            ]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn when_monday_is_a_holiday_the_receipt_names_tuesday() {
    for db in test_databases().await {
        // Easter Saturday 2026: Monday 6 April is Tweede Paasdag.
        let s = setup(&db, "2026-04-04T22:00", Some(policy())).await;
        let conversation = s
            .resident_writes(&db, "1", "Is het gemeentehuis open?")
            .await;
        assert_eq!(
            s.automatic(&db, conversation).await,
            vec![
                "Bedankt voor uw bericht. We zijn nu gesloten en reageren dinsdag vanaf 8.30 uur."
            ]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_reply_minutes_earlier_keeps_the_receipt_back_until_the_quiet_time_has_passed() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-21T16:50", Some(policy())).await;
        let conversation = s
            .resident_writes(&db, "1", "Mijn container is niet geleegd")
            .await;
        assert_eq!(s.automatic(&db, conversation).await.len(), 0, "open");
        s.clock.set(local("2025-11-21T17:05"));
        s.agent_replies(conversation).await;
        s.clock.set(local("2025-11-21T17:10"));
        s.resident_writes(&db, "2", "Dank je!").await;
        assert_eq!(
            s.automatic(&db, conversation).await.len(),
            0,
            "the agent replied 5 minutes ago"
        );
        s.clock.set(local("2025-11-21T17:30"));
        s.resident_writes(&db, "3", "Nog één ding").await;
        assert_eq!(s.automatic(&db, conversation).await, vec![MONDAY]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_privacy_notice_the_greeting_and_the_receipt_arrive_as_one_message_notice_first() {
    for db in test_databases().await {
        let mut policy = policy();
        policy.greeting = Some("Welkom bij Gemeente Voorbeeld.".into());
        let s = setup(&db, "2025-11-22T22:00", Some(policy)).await;
        let conversation = s.resident_writes(&db, "1", "Mijn BSN is 111222333").await;
        let texts = s.automatic(&db, conversation).await;
        assert_eq!(texts.len(), 1, "one automatic message per inbound message");
        let parts: Vec<&str> = texts[0].split("\n\n").collect();
        assert!(parts[0].contains("BSN"), "{parts:?}");
        assert_eq!(parts[1..], ["Welkom bij Gemeente Voorbeeld.", MONDAY]);

        // The greeting is for a new conversation only.
        s.clock.set(local("2025-11-24T10:00"));
        s.resident_writes(&db, "2", "Hallo?").await;
        assert_eq!(s.automatic(&db, conversation).await.len(), 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn without_office_hours_nothing_is_sent_by_itself_at_night() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-22T22:00", None).await;
        let conversation = s.resident_writes(&db, "1", "Hallo").await;
        assert_eq!(s.automatic(&db, conversation).await, Vec::<String>::new());
        let hours = s.engine.office_hours(s.org, None).await.unwrap();
        assert!(hours.is_open(local("2025-11-22T22:00")), "always open");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn office_hours_for_an_unknown_organisation_or_another_ones_channel_are_refused() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-22T22:00", Some(policy())).await;
        let unknown = s
            .engine
            .apply_office_hours(&[OrgOfficeHours {
                slug: "nergens".into(),
                organisation: Some(policy()),
                channels: vec![],
            }])
            .await;
        assert!(matches!(unknown, Err(loket_engine::EngineError::NotFound)));
        let number = s
            .engine
            .apply_office_hours(&[OrgOfficeHours {
                slug: "voorbeeld".into(),
                organisation: None,
                channels: vec![("9999999999".into(), policy())],
            }])
            .await;
        assert!(matches!(number, Err(loket_engine::EngineError::NotFound)));
        let mut never = policy();
        never.hours.week = WeekSchedule::default();
        let invalid = s
            .engine
            .apply_office_hours(&[OrgOfficeHours {
                slug: "voorbeeld".into(),
                organisation: Some(never),
                channels: vec![],
            }])
            .await;
        assert!(matches!(
            invalid,
            Err(loket_engine::EngineError::Invalid(_))
        ));
        // Nothing was replaced by the refused attempts.
        let hours = s.engine.office_hours(s.org, None).await.unwrap();
        assert!(!hours.is_open(local("2025-11-22T22:00")));
        db.cleanup().await;
    }
}
