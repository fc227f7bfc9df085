//! Mentions: a note leaves one unread mention per colleague it names; each colleague counts
//! and lists only their own, newest first and paged; opening a conversation marks its own
//! read once; another organisation sees none; erasure and retention take them with the note.

use loket_domain::{ConversationId, NoteId, OrgId, UserId};
use loket_store::retention::RetentionTarget;
use loket_store::testing::{TestDb, test_databases};
use loket_store::*;

use super::support::*;

async fn note(
    f: &Fixture,
    conversation: ConversationId,
    author: UserId,
    body: &str,
    mentions: Vec<UserId>,
    secs: i64,
) -> NoteId {
    let note = NewNote {
        id: NoteId::new_at(at(secs)),
        org_id: f.org.id,
        conversation_id: conversation,
        author_id: author,
        body: body.into(),
        mentions,
        created_at: at(secs),
    };
    f.store.insert_note(&note).await.unwrap();
    note.id
}

async fn unread(f: &Fixture, org: OrgId, user: UserId) -> u32 {
    f.store.count_unread_mentions(org, user, 100).await.unwrap()
}

async fn listed(f: &Fixture, user: UserId) -> Vec<NoteId> {
    let page = f.store.list_mentions(f.org.id, user, None, 50).await;
    page.unwrap().items.iter().map(|m| m.note_id).collect()
}

#[tokio::test]
async fn a_note_leaves_one_unread_mention_per_colleague_it_names() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bram = f.member("bram@utrecht.nl").await;
        let cees = f.member("cees@utrecht.nl").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.m1", "31611111111", at(10))).await;

        note(
            &f,
            conversation,
            anna,
            "@bram @cees kijken jullie?",
            vec![bram, cees],
            20,
        )
        .await;
        note(&f, conversation, anna, "@bram nog eens", vec![bram], 30).await;
        note(
            &f,
            conversation,
            bram,
            "Zonder iemand te noemen",
            vec![],
            40,
        )
        .await;

        assert_eq!(unread(&f, f.org.id, bram).await, 2, "on {:?}", db.backend);
        assert_eq!(unread(&f, f.org.id, cees).await, 1);
        assert_eq!(
            unread(&f, f.org.id, anna).await,
            0,
            "the author is not mentioned"
        );
        assert_eq!(
            f.store
                .count_unread_mentions(f.org.id, bram, 1)
                .await
                .unwrap(),
            1,
            "the count stops at its cap"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn mentions_are_listed_newest_first_a_page_at_a_time_with_note_and_resident() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bram = f.member("bram@utrecht.nl").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.m2", "31611111111", at(10))).await;
        let mut notes = Vec::new();
        for i in 0..5 {
            let body = format!("Notitie {i} met 'quotes' en <b>tags</b>");
            notes.push(note(&f, conversation, anna, &body, vec![bram], 20 + i).await);
        }
        notes.reverse();

        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = f
                .store
                .list_mentions(f.org.id, bram, after, 2)
                .await
                .unwrap();
            assert!(page.items.len() <= 2);
            seen.extend(page.items.iter().map(|m| m.note_id));
            match page.next {
                // Opaque text to clients: it must survive the trip.
                Some(next) => after = Some(next.to_string().parse().unwrap()),
                None => break,
            }
        }
        assert_eq!(seen, notes, "newest first, each once, on {:?}", db.backend);
        let first = &f
            .store
            .list_mentions(f.org.id, bram, None, 1)
            .await
            .unwrap()
            .items[0];
        assert_eq!(first.body, "Notitie 4 met 'quotes' en <b>tags</b>");
        assert_eq!(first.author_id, anna);
        assert_eq!(first.conversation_id, conversation);
        assert_eq!(first.resident.as_deref(), Some("Jan Jansen"));
        assert_eq!((first.at, first.read_at), (at(24), None));
        assert!(listed(&f, anna).await.is_empty(), "only one's own mentions");
        assert!("garbage".parse::<MentionCursor>().is_err());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn opening_a_conversation_marks_only_its_own_mentions_read_and_only_once() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bram = f.member("bram@utrecht.nl").await;
        let cees = f.member("cees@utrecht.nl").await;
        let (_, here, _) = f.ingest_new(text("wamid.m3", "31611111111", at(10))).await;
        let (_, elsewhere, _) = f.ingest_new(text("wamid.m4", "31622222222", at(11))).await;
        note(&f, here, anna, "@bram @cees", vec![bram, cees], 20).await;
        note(&f, here, anna, "@bram", vec![bram], 21).await;
        note(&f, elsewhere, anna, "@bram daar", vec![bram], 22).await;

        let marked = f
            .store
            .mark_mentions_read(f.org.id, bram, here, at(60))
            .await;
        assert_eq!(marked.unwrap(), 2, "on {:?}", db.backend);
        let again = f
            .store
            .mark_mentions_read(f.org.id, bram, here, at(70))
            .await;
        assert_eq!(again.unwrap(), 0, "nothing left to mark");
        assert_eq!(
            unread(&f, f.org.id, bram).await,
            1,
            "the other conversation's stays"
        );
        assert_eq!(unread(&f, f.org.id, cees).await, 1, "a colleague's stays");
        let page = f
            .store
            .list_mentions(f.org.id, bram, None, 10)
            .await
            .unwrap();
        let read: Vec<_> = page.items.iter().map(|m| m.read_at).collect();
        assert_eq!(read, vec![None, Some(at(60)), Some(at(60))]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisation_neither_counts_lists_nor_marks_these_mentions() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let anna = a.member("anna@utrecht.nl").await;
        let bram = a.member("bram@utrecht.nl").await;
        let (_, conversation, _) = a.ingest_new(text("wamid.m5", "31611111111", at(10))).await;
        note(&a, conversation, anna, "@bram", vec![bram], 20).await;

        assert_eq!(unread(&a, b.org.id, bram).await, 0, "on {:?}", db.backend);
        let other = a
            .store
            .list_mentions(b.org.id, bram, None, 10)
            .await
            .unwrap();
        assert!(other.items.is_empty());
        let marked = a
            .store
            .mark_mentions_read(b.org.id, bram, conversation, at(30))
            .await;
        assert_eq!(marked.unwrap(), 0);
        assert_eq!(
            unread(&a, a.org.id, bram).await,
            1,
            "still unread in its own"
        );
        db.cleanup().await;
    }
}

async fn mentioned_on_new_conversation(
    db: &TestDb,
    f: &Fixture,
    wa_id: &str,
) -> (UserId, ConversationId) {
    let anna = f.member(&format!("anna{wa_id}@utrecht.nl")).await;
    let bram = f.member(&format!("bram{wa_id}@utrecht.nl")).await;
    let (_, conversation, _) = f
        .ingest_new(text(&format!("wamid.{wa_id}"), wa_id, at(10)))
        .await;
    note(f, conversation, anna, "@bram", vec![bram], 20).await;
    resolve(db, conversation, at(30)).await;
    (bram, conversation)
}

#[tokio::test]
async fn erasure_and_retention_take_the_mentions_with_their_notes() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (erased, conversation) = mentioned_on_new_conversation(&db, &f, "31611111111").await;
        loop {
            let step = f
                .store
                .erase_conversation_step(f.org.id, conversation, 10)
                .await;
            if step.unwrap().finished {
                break;
            }
        }
        assert!(listed(&f, erased).await.is_empty(), "on {:?}", db.backend);
        assert_eq!(unread(&f, f.org.id, erased).await, 0);

        let target = |id| RetentionTarget {
            id,
            resolved_at: at(30),
        };
        let (deleted, gone) = mentioned_on_new_conversation(&db, &f, "31622222222").await;
        f.store
            .delete_conversations(f.org.id, &[target(gone)])
            .await
            .unwrap();
        assert!(listed(&f, deleted).await.is_empty());
        let (anonymised, kept) = mentioned_on_new_conversation(&db, &f, "31633333333").await;
        (f.store
            .anonymise_conversations(f.org.id, &[target(kept)], at(40)))
        .await
        .unwrap();
        assert!(
            listed(&f, anonymised).await.is_empty(),
            "the notes went, so did these"
        );
        db.cleanup().await;
    }
}
