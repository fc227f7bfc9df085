//! Internal notes through the engine: validated, only by and about members, announced live
//! (ids only), never queued for the resident, and invisible to another organisation.

use loket_domain::people::Role;
use loket_engine::{EngineError, Event};
use loket_store::testing::test_databases;

use super::people_support::People;

#[tokio::test]
async fn a_note_is_stored_announced_and_never_sent() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bram = p.add("bram@utrecht.nl", "utrecht", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let mut events = p.engine.bus().subscribe();
        let jobs_before = db
            .store
            .queue_stats(super::people_support::now(&p))
            .await
            .unwrap();

        let id = (p.engine)
            .add_note(
                utrecht,
                conversation,
                anna,
                "  Bel @bram even terug  ",
                &[bram, bram],
            )
            .await
            .unwrap();

        let notes = p.engine.list_notes(utrecht, conversation).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!((notes[0].id, notes[0].author_id), (id, anna));
        assert_eq!(notes[0].body, "Bel @bram even terug");
        assert_eq!(notes[0].mentions, vec![bram]);
        let event = events.recv().await.unwrap();
        assert_eq!(
            event,
            Event::NoteAdded {
                org_id: utrecht,
                conversation_id: conversation,
                note_id: id,
                mentions: vec![bram],
            }
        );
        let jobs_after = db
            .store
            .queue_stats(super::people_support::now(&p))
            .await
            .unwrap();
        assert_eq!(
            format!("{jobs_before:?}"),
            format!("{jobs_after:?}"),
            "nothing queued"
        );
        let messages = db.store.list_messages(utrecht, conversation).await.unwrap();
        assert_eq!(messages.len(), 1, "the note is no message");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_note_is_refused_when_empty_or_mentioning_strangers_and_hidden_from_other_orgs() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bert = p.add("bert@zeist.nl", "zeist", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;

        let empty = p
            .engine
            .add_note(utrecht, conversation, anna, " \n", &[])
            .await;
        assert!(matches!(&empty, Err(EngineError::InvalidFields(p)) if p[0].field == "body"));
        let stranger = p
            .engine
            .add_note(utrecht, conversation, anna, "hoi", &[bert])
            .await;
        assert!(
            matches!(&stranger, Err(EngineError::InvalidFields(p)) if p[0].field == "mentions")
        );
        let author = p
            .engine
            .add_note(utrecht, conversation, bert, "hoi", &[])
            .await;
        assert!(matches!(&author, Err(EngineError::InvalidFields(p)) if p[0].field == "author"));
        // Zeist's agent writing in Zeist's name on Utrecht's conversation: not found.
        let foreign = p
            .engine
            .add_note(zeist, conversation, bert, "hoi", &[])
            .await;
        assert!(matches!(foreign, Err(EngineError::NotFound)));
        let listed = p.engine.list_notes(zeist, conversation).await;
        assert!(matches!(listed, Err(EngineError::NotFound)));
        assert!(
            p.engine
                .list_notes(utrecht, conversation)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_mention_stays_unread_until_the_colleague_opens_the_conversation_and_their_tabs_hear_it()
{
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bram = p.add("bram@utrecht.nl", "utrecht", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let note = (p.engine)
            .add_note(utrecht, conversation, anna, "@bram kijk even", &[bram])
            .await
            .unwrap();
        assert_eq!(
            p.engine.count_unread_mentions(utrecht, bram).await.unwrap(),
            1
        );
        let listed = p
            .engine
            .list_mentions(utrecht, bram, None, 10)
            .await
            .unwrap();
        assert_eq!(listed.items[0].note_id, note);
        let mut events = p.engine.bus().subscribe();

        let elsewhere = p.engine.mark_mentions_read(zeist, bram, conversation).await;
        assert_eq!(elsewhere.unwrap(), 0, "another organisation marks nothing");
        let marked = p
            .engine
            .mark_mentions_read(utrecht, bram, conversation)
            .await;
        assert_eq!(marked.unwrap(), 1);
        assert_eq!(
            events.recv().await.unwrap(),
            Event::MentionsRead {
                org_id: utrecht,
                user_id: bram
            }
        );
        let again = p
            .engine
            .mark_mentions_read(utrecht, bram, conversation)
            .await;
        assert_eq!(again.unwrap(), 0);
        assert!(
            events.try_recv().is_err(),
            "nothing read: nothing announced"
        );
        assert_eq!(
            p.engine.count_unread_mentions(utrecht, bram).await.unwrap(),
            0
        );
        db.cleanup().await;
    }
}
