//! What a queue needs (issue 8 §1): the preview, the waiting time, the unread count, the
//! order with stable paging, and snoozing with its wake-up — on both ingestion paths.

use loket_domain::contact::ChannelIdentity;
use loket_domain::conversation::{ConversationEventKind, ConversationStatus};
use loket_domain::message::{Content, Direction};
use loket_domain::{ConversationId, Timestamp};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn resident(wa_id: &str) -> ChannelIdentity {
    ChannelIdentity {
        wa_id: Some(wa_id.into()),
        ..Default::default()
    }
}

fn reaction(target: &str, emoji: &str) -> Content {
    Content::Reaction {
        target: target.into(),
        emoji: Some(emoji.into()),
    }
}

/// Which way a message is ingested: the set-based path takes a plain message alone; a
/// status item beside it sends the request the one-by-one way.
#[derive(Clone, Copy, Debug)]
enum Path {
    SetBased,
    OneByOne,
}

async fn ingest_via(f: &Fixture, path: Path, content: Content, id: &str, wa_id: &str, when: i64) {
    let message = with_content(id, resident(wa_id), at(when), content);
    let mut items = vec![f.item(message)];
    if let Path::OneByOne = path {
        items.push(f.status_item(
            "wamid.unknown",
            loket_domain::delivery::DeliveryStatus::Sent,
            at(when),
        ));
    }
    let outcomes = f.ingest(at(when), items).await;
    assert!(
        matches!(outcomes[0], ItemOutcome::MessageCreated { .. }),
        "{outcomes:?}"
    );
}

fn text_of(body: &str) -> Content {
    Content::Text { body: body.into() }
}

async fn list(
    f: &Fixture,
    order: ConversationOrder,
    after: Option<ConversationCursor>,
    limit: u32,
) -> Page<ConversationRecord> {
    let filter = ConversationFilter {
        order,
        ..Default::default()
    };
    (f.store
        .list_conversations(f.org.id, &filter, PageRequest { after, limit }))
    .await
    .unwrap()
}

/// Every conversation of the order, `limit` at a time, following the cursors.
async fn walk(f: &Fixture, order: ConversationOrder, limit: u32) -> Vec<ConversationId> {
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = list(f, order, after, limit).await;
        assert!(page.items.len() <= limit as usize);
        seen.extend(page.items.iter().map(|c| c.id));
        match page.next {
            // The cursor is opaque text to clients: it must survive the trip.
            Some(next) => after = Some(next.to_string().parse().unwrap()),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn waiting_conversations_come_first_longest_waiting_first_then_the_rest_newest_first() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, answered_early, _) = f.ingest_new(text("wamid.1", "31600000001", at(5))).await;
        let (_, waits_long, _) = f.ingest_new(text("wamid.2", "31600000002", at(10))).await;
        let (_, waits_short, _) = f.ingest_new(text("wamid.3", "31600000003", at(20))).await;
        let (_, answered_late, _) = f.ingest_new(text("wamid.4", "31600000004", at(40))).await;
        f.outbound(answered_early, at(30)).await;
        f.outbound(answered_late, at(50)).await;

        let expected = [waits_long, waits_short, answered_late, answered_early];
        for limit in [1, 2, 3, 4, 10] {
            assert_eq!(
                walk(&f, ConversationOrder::Waiting, limit).await,
                expected,
                "limit {limit}"
            );
        }
        let recent = [answered_late, answered_early, waits_short, waits_long];
        for limit in [1, 3, 10] {
            assert_eq!(
                walk(&f, ConversationOrder::Recent, limit).await,
                recent,
                "limit {limit}"
            );
        }
        let page = list(&f, ConversationOrder::Waiting, None, 4).await;
        assert_eq!(page.next, None, "an exact page is the last");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn paging_neither_repeats_nor_skips_conversations_with_equal_times() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut all = Vec::new();
        for i in 0..7 {
            // Every resident writes at the same second; three get an answer, also together.
            let (_, c, _) = f
                .ingest_new(text(
                    &format!("wamid.{i}"),
                    &format!("3161000000{i}"),
                    at(10),
                ))
                .await;
            if i % 2 == 0 && i < 6 {
                f.outbound(c, at(20)).await;
            }
            all.push(c);
        }
        for order in [ConversationOrder::Waiting, ConversationOrder::Recent] {
            for limit in [1, 2, 3] {
                let mut seen = walk(&f, order, limit).await;
                assert_eq!(seen.len(), all.len(), "{order:?} limit {limit}: {seen:?}");
                seen.sort();
                let mut expected = all.clone();
                expected.sort();
                assert_eq!(seen, expected);
            }
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn waiting_since_unread_and_the_preview_follow_the_messages_on_both_paths() {
    for db in test_databases().await {
        for (n, path) in [Path::SetBased, Path::OneByOne].into_iter().enumerate() {
            let f = Fixture::named(&db, &format!("org{n}"), &format!("200{n}")).await;
            let wa = "31612345678";
            ingest_via(&f, path, text_of("Goedemorgen"), "wamid.1", wa, 10).await;
            ingest_via(
                &f,
                path,
                text_of("Mijn paspoort is verlopen"),
                "wamid.2",
                wa,
                20,
            )
            .await;
            let c = list(&f, ConversationOrder::Waiting, None, 10)
                .await
                .items
                .remove(0);
            assert_eq!(
                (c.waiting_since, c.unread_count),
                (Some(at(10)), 2),
                "{path:?}"
            );
            let last = c.last_message.clone().unwrap();
            assert_eq!(last.direction, Direction::Inbound);
            assert_eq!(last.content, text_of("Mijn paspoort is verlopen"));

            // An agent's answer ends the wait and counts as read.
            let reply = f.outbound(c.id, at(30)).await;
            let c = f.store.get_conversation(f.org.id, c.id).await.unwrap();
            assert_eq!((c.waiting_since, c.unread_count), (None, 0), "{path:?}");
            let last = c.last_message.unwrap();
            assert_eq!((last.id, last.direction), (reply.id, Direction::Outbound));

            // A thank-you reaction is unread, but asks nothing.
            ingest_via(&f, path, reaction("wamid.x", "🙏"), "wamid.3", wa, 40).await;
            let c = f.store.get_conversation(f.org.id, c.id).await.unwrap();
            assert_eq!((c.waiting_since, c.unread_count), (None, 1), "{path:?}");
            assert_eq!(c.last_message.unwrap().content, reaction("wamid.x", "🙏"));

            ingest_via(&f, path, text_of("Nog een vraag"), "wamid.4", wa, 50).await;
            f.store
                .mark_conversation_read(f.org.id, c.id)
                .await
                .unwrap();
            let c = f.store.get_conversation(f.org.id, c.id).await.unwrap();
            assert_eq!(
                (c.waiting_since, c.unread_count),
                (Some(at(50)), 0),
                "{path:?}"
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_edit_of_the_last_message_changes_its_preview_but_is_no_message_of_its_own() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let wa = "31612345678";
        let (original, c, _) = f.ingest_new(text("wamid.1", wa, at(10))).await;
        let edit = Content::Edit {
            original: "wamid.1".into(),
            content: Box::new(text_of("Gecorrigeerd")),
        };
        f.ingest_new(with_content("wamid.2", resident(wa), at(20), edit))
            .await;
        let c = f.store.get_conversation(f.org.id, c).await.unwrap();
        let last = c.last_message.unwrap();
        assert_eq!((last.id, last.content), (original, text_of("Gecorrigeerd")));
        assert_eq!(c.unread_count, 1, "the edit is not a new unread message");
        assert_eq!(c.waiting_since, Some(at(10)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn resolving_ends_the_wait() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, c, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let patch = ConversationPatch {
            status: Some(ConversationStatus::Resolved),
            ..Default::default()
        };
        let c = f
            .store
            .update_conversation(f.org.id, c, &patch, at(20))
            .await
            .unwrap();
        assert_eq!(c.waiting_since, None);
        db.cleanup().await;
    }
}

fn snooze_until(until: Timestamp) -> ConversationPatch {
    ConversationPatch {
        status: Some(ConversationStatus::Snoozed),
        snoozed_until: Some(until),
        ..Default::default()
    }
}

async fn kinds(f: &Fixture, c: ConversationId) -> Vec<ConversationEventKind> {
    let events = f.store.list_conversation_events(f.org.id, c).await.unwrap();
    events.into_iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn a_snoozed_conversation_wakes_when_its_time_comes() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "1009").await;
        let (_, c, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, later, _) = f.ingest_new(text("wamid.2", "31612345679", at(10))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.3", "31612345670", at(10)))
            .await;
        let snoozed = f
            .store
            .update_conversation(f.org.id, c, &snooze_until(at(100)), at(20))
            .await
            .unwrap();
        assert_eq!(
            (snoozed.status, snoozed.snoozed_until),
            (ConversationStatus::Snoozed, Some(at(100)))
        );
        f.store
            .update_conversation(f.org.id, later, &snooze_until(at(200)), at(20))
            .await
            .unwrap();
        other
            .store
            .update_conversation(other.org.id, theirs, &snooze_until(at(100)), at(20))
            .await
            .unwrap();

        assert_eq!(
            f.store.wake_snoozed_conversations(at(99)).await.unwrap(),
            []
        );
        let mut woken = f.store.wake_snoozed_conversations(at(100)).await.unwrap();
        woken.sort();
        let mut expected = vec![(f.org.id, c), (other.org.id, theirs)];
        expected.sort();
        assert_eq!(woken, expected);
        let c_now = f.store.get_conversation(f.org.id, c).await.unwrap();
        assert_eq!(
            (c_now.status, c_now.snoozed_until),
            (ConversationStatus::Open, None)
        );
        assert_eq!(
            kinds(&f, c).await[1..],
            [
                ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Open,
                    to: ConversationStatus::Snoozed
                },
                ConversationEventKind::Snoozed { until: at(100) },
                ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Snoozed,
                    to: ConversationStatus::Open
                },
            ]
        );
        let still = f.store.get_conversation(f.org.id, later).await.unwrap();
        assert_eq!(still.status, ConversationStatus::Snoozed);
        assert_eq!(
            f.store.wake_snoozed_conversations(at(150)).await.unwrap(),
            []
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_snoozed_conversation_wakes_when_the_resident_writes_but_not_for_a_reaction() {
    for db in test_databases().await {
        for (n, path) in [Path::SetBased, Path::OneByOne].into_iter().enumerate() {
            let f = Fixture::named(&db, &format!("org{n}"), &format!("300{n}")).await;
            let wa = "31612345678";
            ingest_via(&f, path, text_of("Hallo"), "wamid.1", wa, 10).await;
            let c = list(&f, ConversationOrder::Recent, None, 1).await.items[0].id;
            f.store
                .update_conversation(f.org.id, c, &snooze_until(at(1000)), at(20))
                .await
                .unwrap();

            ingest_via(&f, path, reaction("wamid.1", "👍"), "wamid.2", wa, 30).await;
            let status = f.store.get_conversation(f.org.id, c).await.unwrap().status;
            assert_eq!(status, ConversationStatus::Snoozed, "{path:?}");

            ingest_via(&f, path, text_of("Nog iets"), "wamid.3", wa, 40).await;
            let now = f.store.get_conversation(f.org.id, c).await.unwrap();
            assert_eq!(
                (now.status, now.snoozed_until),
                (ConversationStatus::Open, None),
                "{path:?}"
            );
            assert_eq!(
                kinds(&f, c).await.last(),
                Some(&ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Snoozed,
                    to: ConversationStatus::Open
                })
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn marking_another_organisations_conversation_read_is_not_found_and_changes_nothing() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "1009").await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.1", "31612345678", at(10)))
            .await;
        let got = f.store.mark_conversation_read(f.org.id, theirs).await;
        assert!(matches!(got, Err(StoreError::NotFound)), "{got:?}");
        let unread = other
            .store
            .get_conversation(other.org.id, theirs)
            .await
            .unwrap()
            .unread_count;
        assert_eq!(unread, 1);
        db.cleanup().await;
    }
}
