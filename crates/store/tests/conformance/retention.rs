//! Retention: which resolved conversations the job may remove, what deleting and anonymising
//! leave behind, legal holds and transfers, and the record of each run — on both backends.

use loket_domain::message::Content;
use loket_domain::{ConversationId, EventId, MessageId, NoteId};
use loket_store::retention::*;
use loket_store::testing::{TestDb, test_databases};
use loket_store::*;
use serde_json::json;

use super::support::*;

fn query(f: &Fixture, before: i64) -> CandidateQuery {
    CandidateQuery {
        org: f.org.id,
        resolved_before: at(before),
        after: None,
        include_anonymised: false,
        limit: 100,
    }
}

async fn candidates(f: &Fixture, before: i64) -> Vec<ConversationId> {
    let found = f.store.retention_candidates(&query(f, before)).await;
    found.unwrap().into_iter().map(|c| c.id).collect()
}

fn target(id: ConversationId, resolved: i64) -> RetentionTarget {
    RetentionTarget {
        id,
        resolved_at: at(resolved),
    }
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let rows = db.fetch_strings(sql).await.unwrap();
    rows[0][0].as_deref().unwrap().parse().unwrap()
}

fn hold(reason: &str) -> LegalHold {
    LegalHold {
        at: at(50),
        by: "lead".into(),
        reason: reason.into(),
    }
}

/// A resident's conversation with one inbound message (and a job naming it), an outbound
/// reply with a stored attachment, a label and a note; resolved at `resolved`.
async fn full_conversation(db: &TestDb, f: &Fixture, wa_id: &str, resolved: i64) -> ConversationId {
    let message = text(&format!("wamid.{wa_id}"), wa_id, at(10));
    let message_id = MessageId::new_at(message.sent_at);
    let fetch = NewJob {
        kind: "media.fetch".into(),
        payload: json!({ "org_id": f.org.id, "message_id": message_id }),
        run_at: at(10),
        max_attempts: 3,
    };
    let item = IngestItem::Message {
        org_id: f.org.id,
        channel_id: f.channel.id,
        message_id,
        reopen_within: loket_domain::conversation::DEFAULT_REOPEN_WITHIN,
        message,
        pii: Vec::new(),
        findings: Vec::new(),
        jobs_if_new: vec![fetch],
    };
    let outcome = f.ingest(at(10), vec![item]).await;
    let ItemOutcome::MessageCreated {
        conversation_id, ..
    } = outcome[0]
    else {
        panic!("expected a new message, got {outcome:?}");
    };
    let reply = NewOutboundMessage {
        message_id: MessageId::new_at(at(20)),
        org_id: f.org.id,
        conversation_id,
        sender: loket_domain::message::SenderKind::Agent,
        content: Content::Text {
            body: "Uw paspoort ligt klaar".into(),
        },
        context: Default::default(),
        created_at: at(20),
        preview_url: false,
        media: Some(MediaState::Stored {
            blob_key: format!("orgs/{}/outbound/{wa_id}", f.org.id),
            size: 3,
            mime_type: Some("image/png".into()),
        }),
        jobs: vec![],
        sender_user_id: None,
        opt_in: None,
    };
    f.store.insert_outbound_message(&reply).await.unwrap();
    let author = f.member(&format!("{wa_id}@utrecht.nl")).await;
    let note = NewNote {
        id: NoteId::new_at(at(30)),
        org_id: f.org.id,
        conversation_id,
        author_id: author,
        body: "Mevrouw belt terug".into(),
        mentions: vec![],
        created_at: at(30),
    };
    f.store.insert_note(&note).await.unwrap();
    db.execute_sql(&format!(
        "insert into conversation_labels (conversation_id, label) values ('{conversation_id}', 'paspoort')"
    ))
    .await
    .unwrap();
    resolve(db, conversation_id, at(resolved)).await;
    conversation_id
}

#[tokio::test]
async fn only_resolved_conversations_past_the_cut_off_and_kept_by_nothing_are_candidates() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, open, _) = f.ingest_new(text("wamid.o", "31600000001", at(1))).await;
        let (_, old, _) = f.ingest_new(text("wamid.a", "31600000002", at(1))).await;
        let (_, recent, _) = f.ingest_new(text("wamid.b", "31600000003", at(1))).await;
        let (_, held, _) = f.ingest_new(text("wamid.c", "31600000004", at(1))).await;
        let (_, transfer, _) = f.ingest_new(text("wamid.d", "31600000005", at(1))).await;
        resolve(&db, old, at(100)).await;
        resolve(&db, recent, at(900)).await;
        resolve(&db, held, at(100)).await;
        resolve(&db, transfer, at(100)).await;
        let s = &f.store;
        s.set_legal_hold(f.org.id, held, Some(&hold("bezwaarprocedure")))
            .await
            .unwrap();
        s.set_transfer_required(f.org.id, transfer, Some(at(60)))
            .await
            .unwrap();

        assert_eq!(candidates(&f, 500).await, vec![old]);
        assert!(!candidates(&f, 1000).await.contains(&open));

        s.mark_transferred(f.org.id, transfer, at(70))
            .await
            .unwrap();
        s.set_legal_hold(f.org.id, held, None).await.unwrap();
        let mut now_free = candidates(&f, 500).await;
        now_free.sort();
        let mut expected = vec![old, held, transfer];
        expected.sort();
        assert_eq!(now_free, expected);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn candidates_come_in_pages_oldest_first_with_their_channel_and_labels() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut ids = Vec::new();
        for i in 0..5 {
            let wa_id = format!("3160000001{i}");
            let (_, id, _) = f
                .ingest_new(text(&format!("wamid.p{i}"), &wa_id, at(1)))
                .await;
            resolve(&db, id, at(100 + i)).await;
            ids.push(id);
        }
        db.execute_sql(&format!(
            "insert into conversation_labels (conversation_id, label) values ('{}', 'klacht'), ('{}', 'wmo')",
            ids[0], ids[0]
        ))
        .await
        .unwrap();
        let mut q = query(&f, 500);
        q.limit = 2;
        let mut seen = Vec::new();
        loop {
            let page = f.store.retention_candidates(&q).await.unwrap();
            let Some(last) = page.last() else { break };
            q.after = Some((last.resolved_at, last.id));
            seen.extend(page);
        }
        assert_eq!(seen.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
        let mut labels = seen[0].labels.clone();
        labels.sort();
        assert_eq!(labels, vec!["klacht", "wmo"]);
        assert_eq!(seen[0].channel_id, f.channel.id);
        assert_eq!(seen[0].resolved_at, at(100));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn deleting_removes_the_conversation_with_everything_of_it_and_the_residents_number() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let gone = full_conversation(&db, &f, "31611111111", 100).await;
        let kept = full_conversation(&db, &f, "31622222222", 100).await;
        let contact = f.store.get_conversation(f.org.id, gone).await.unwrap();
        let keys = f
            .store
            .retention_blob_keys(f.org.id, &[gone])
            .await
            .unwrap();
        assert_eq!(
            keys,
            vec![format!("orgs/{}/outbound/31611111111", f.org.id)]
        );

        let counts = f
            .store
            .delete_conversations(f.org.id, &[target(gone, 100)])
            .await
            .unwrap();
        assert_eq!(counts.conversations_deleted, 1);
        assert_eq!(counts.messages_deleted, 2);
        assert_eq!(counts.notes_deleted, 1);
        assert_eq!(counts.jobs_deleted, 1);
        assert_eq!(counts.contacts_removed, 1);

        let s = &f.store;
        assert!(matches!(
            s.get_conversation(f.org.id, gone).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.get_contact(f.org.id, contact.contact_id).await,
            Err(StoreError::NotFound)
        ));
        for table in [
            "messages",
            "conversation_events",
            "conversation_labels",
            "notes",
        ] {
            let sql = format!(
                "select cast(count(*) as text) from {table} where conversation_id = '{gone}'"
            );
            assert_eq!(count(&db, &sql).await, 0, "{table}");
        }
        let number =
            "select cast(count(*) as text) from contact_identities where value = '31611111111'";
        assert_eq!(count(&db, number).await, 0);
        // The other resident's conversation is untouched.
        assert_eq!(s.list_messages(f.org.id, kept).await.unwrap().len(), 2);
        assert_eq!(
            count(&db, "select cast(count(*) as text) from jobs").await,
            1
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn anonymising_keeps_events_labels_and_message_facts_but_no_text_raw_note_or_number() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let id = full_conversation(&db, &f, "31633333333", 100).await;
        let before = f.store.list_messages(f.org.id, id).await.unwrap();
        let events = f
            .store
            .list_conversation_events(f.org.id, id)
            .await
            .unwrap();

        let counts = (f.store)
            .anonymise_conversations(f.org.id, &[target(id, 100)], at(5000))
            .await
            .unwrap();
        assert_eq!(counts.conversations_anonymised, 1);
        assert_eq!(counts.messages_anonymised, 2);
        assert_eq!((counts.notes_deleted, counts.jobs_deleted), (1, 1));
        assert_eq!(counts.contacts_removed, 1);

        let conversation = f.store.get_conversation(f.org.id, id).await.unwrap();
        assert_eq!(conversation.labels, vec!["paspoort"]);
        assert_eq!(
            f.store
                .list_conversation_events(f.org.id, id)
                .await
                .unwrap(),
            events
        );
        let after = f.store.list_messages(f.org.id, id).await.unwrap();
        assert_eq!(after.len(), before.len());
        for (old, new) in before.iter().zip(&after) {
            assert_eq!(
                (old.id, old.direction, old.sent_at),
                (new.id, new.direction, new.sent_at)
            );
            assert!(
                matches!(&new.content, Content::System { kind, body: None, .. } if kind == RETENTION_REMOVED)
            );
            assert_eq!(new.media, None);
        }
        let texts = "select cast(count(*) as text) from messages where raw is not null or content like '%paspoort%' or content like '%bericht%'";
        assert_eq!(count(&db, texts).await, 0);
        let contact = f
            .store
            .get_contact(f.org.id, conversation.contact_id)
            .await
            .unwrap();
        assert_eq!(contact.display_name, None);
        assert_eq!(contact.identity, Default::default());
        let state = f.store.retention_state(f.org.id, id).await.unwrap();
        assert_eq!(state.anonymised_at, Some(at(5000)));
        // Done once: not a candidate again unless a delete rule asks for anonymised ones.
        assert!(candidates(&f, 500).await.is_empty());
        let mut q = query(&f, 500);
        q.include_anonymised = true;
        let again = f.store.retention_candidates(&q).await.unwrap();
        assert!(again[0].anonymised);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_resident_with_another_conversation_still_kept_keeps_their_number() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, first, _) = f.ingest_new(text("wamid.k1", "31644444444", at(1))).await;
        resolve(&db, first, at(100)).await;
        // Much later the same resident writes again: a new conversation.
        let (_, second, _) = f
            .ingest_new(text("wamid.k2", "31644444444", at(900_000)))
            .await;
        assert_ne!(first, second);
        let counts = (f.store)
            .delete_conversations(f.org.id, &[target(first, 100)])
            .await
            .unwrap();
        assert_eq!(
            (counts.conversations_deleted, counts.contacts_removed),
            (1, 0)
        );
        let conversation = f.store.get_conversation(f.org.id, second).await.unwrap();
        let contact = f
            .store
            .get_contact(f.org.id, conversation.contact_id)
            .await
            .unwrap();
        assert_eq!(contact.identity.wa_id.as_deref(), Some("31644444444"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_reopened_held_or_marked_since_it_was_judged_is_left_alone() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, reopened, _) = f.ingest_new(text("wamid.r1", "31655555551", at(1))).await;
        let (_, held, _) = f.ingest_new(text("wamid.r2", "31655555552", at(1))).await;
        let (_, marked, _) = f.ingest_new(text("wamid.r3", "31655555553", at(1))).await;
        for id in [reopened, held, marked] {
            resolve(&db, id, at(100)).await;
        }
        // Resolved again later: judged by the old time, so not removed.
        resolve(&db, reopened, at(800)).await;
        let s = &f.store;
        s.set_legal_hold(f.org.id, held, Some(&hold("WOO-verzoek")))
            .await
            .unwrap();
        s.set_transfer_required(f.org.id, marked, Some(at(120)))
            .await
            .unwrap();
        let targets = [
            target(reopened, 100),
            target(held, 100),
            target(marked, 100),
        ];
        let counts = s.delete_conversations(f.org.id, &targets).await.unwrap();
        assert_eq!(counts, RemovalCounts::default());
        let counts = (s.anonymise_conversations(f.org.id, &targets, at(900)))
            .await
            .unwrap();
        assert_eq!(counts, RemovalCounts::default());
        for id in [reopened, held, marked] {
            assert_eq!(s.list_messages(f.org.id, id).await.unwrap().len(), 1);
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn legal_hold_and_transfer_read_back_and_another_organisation_cannot_touch_them() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let (_, id, _) = a.ingest_new(text("wamid.h1", "31666666666", at(1))).await;
        let s = &a.store;
        assert_eq!(
            s.retention_state(a.org.id, id).await.unwrap(),
            RetentionState::default()
        );
        assert!(matches!(
            s.mark_transferred(a.org.id, id, at(5)).await,
            Err(StoreError::Conflict(_))
        ));
        let h = hold("Bezwaar loopt, niet verwijderen");
        s.set_legal_hold(a.org.id, id, Some(&h)).await.unwrap();
        s.set_transfer_required(a.org.id, id, Some(at(60)))
            .await
            .unwrap();
        s.mark_transferred(a.org.id, id, at(70)).await.unwrap();
        let state = s.retention_state(a.org.id, id).await.unwrap();
        assert_eq!(state.legal_hold, Some(h));
        assert_eq!(
            (state.transfer_required_at, state.transferred_at),
            (Some(at(60)), Some(at(70)))
        );

        let other = b.org.id;
        let not_found = |r: StoreResult<()>| matches!(r, Err(StoreError::NotFound));
        assert!(not_found(s.set_legal_hold(other, id, None).await));
        assert!(not_found(s.set_transfer_required(other, id, None).await));
        assert!(not_found(s.mark_transferred(other, id, at(80)).await));
        assert!(matches!(
            s.retention_state(other, id).await,
            Err(StoreError::NotFound)
        ));
        let counts = s
            .delete_conversations(other, &[target(id, 100)])
            .await
            .unwrap();
        assert_eq!(counts, RemovalCounts::default());
        assert!(
            s.retention_state(a.org.id, id)
                .await
                .unwrap()
                .legal_hold
                .is_some()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn runs_are_recorded_with_counts_and_listed_newest_first_per_organisation() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let run = |org, secs: i64, dry_run| RetentionRun {
            id: EventId::new_at(at(secs)),
            org_id: org,
            started_at: at(secs),
            finished_at: at(secs + 2),
            dry_run,
            counts: RemovalCounts {
                conversations_deleted: 3,
                messages_deleted: 17,
                media_removed: 2,
                ..Default::default()
            },
            error: None,
        };
        let first = run(a.org.id, 100, true);
        let mut second = run(a.org.id, 200, false);
        second.error = Some("database unavailable".into());
        for r in [&first, &second, &run(b.org.id, 300, false)] {
            a.store.record_retention_run(r).await.unwrap();
        }
        let listed = a.store.list_retention_runs(a.org.id, 10).await.unwrap();
        assert_eq!(listed, vec![second, first]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn old_channel_notices_are_deleted_in_bounded_batches() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        for i in 0..5 {
            db.execute_sql(&format!(
                "insert into channel_events (id, org_id, channel_id, kind, errors, raw, received_at)
                 values ('ev{i}', '{}', '{}', 'errors', '[]', '{{}}', {})",
                f.org.id,
                f.channel.id,
                loket_domain::time::to_micros(at(i * 100))
            ))
            .await
            .unwrap();
        }
        let s = &f.store;
        assert_eq!(
            s.delete_channel_events_before(f.org.id, at(350), 2)
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            s.delete_channel_events_before(f.org.id, at(350), 2)
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            s.delete_channel_events_before(f.org.id, at(350), 2)
                .await
                .unwrap(),
            0
        );
        let left = "select cast(count(*) as text) from channel_events";
        assert_eq!(count(&db, left).await, 1);
        db.cleanup().await;
    }
}
