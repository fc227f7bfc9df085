//! Message search (issue 11): the indexer and the org-scoped full-text search give the same
//! result sets on both backends — stemming, diacritics, masked text, edits, revocations,
//! filters, paging, hostile queries — and never another organisation's messages.

use loket_domain::contact::ChannelIdentity;
use loket_domain::message::Content;
use loket_domain::search::{Query, Synonyms};
use loket_domain::{ConversationId, MessageId};
use loket_store::retention;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn said(
    provider_id: &str,
    wa_id: &str,
    secs: i64,
    body: &str,
) -> loket_domain::inbound::InboundMessage {
    let identity = ChannelIdentity {
        wa_id: Some(wa_id.into()),
        ..Default::default()
    };
    with_content(
        provider_id,
        identity,
        at(secs),
        Content::Text { body: body.into() },
    )
}

async fn index_all(f: &Fixture) {
    while f.store.index_pending_messages(at(9_000), 2).await.unwrap() > 0 {}
    assert_eq!(f.store.count_pending_messages().await.unwrap(), 0);
}

fn plain(q: &str) -> Query {
    Query::parse(q, &Synonyms::default_nl())
}

fn search(query: &Query) -> MessageSearch<'_> {
    MessageSearch {
        query,
        channel: None,
        label: None,
        team: None,
        from: None,
        until: None,
        before: None,
        limit: 50,
    }
}

async fn ids(f: &Fixture, s: &MessageSearch<'_>) -> Vec<MessageId> {
    let hits = f.store.search_messages(f.org.id, s).await.unwrap();
    hits.into_iter().map(|h| h.message_id).collect()
}

async fn found(f: &Fixture, q: &str) -> Vec<MessageId> {
    ids(f, &search(&plain(q))).await
}

/// Five messages of two residents, and the same words in another organisation.
async fn scenario(f: &Fixture) -> (Vec<MessageId>, Vec<ConversationId>) {
    let texts = [
        ("31611110001", "Mijn paspoort is kwijt"),
        ("31611110001", "Hoeveel kost een paspoortaanvraag?"),
        ("31611110002", "Ik ben verhuisd naar Utrecht"),
        ("31611110002", "Mijn BSN is [BSN], klopt dat?"),
        ("31611110002", "Café geïnteresseerd in fietsen!"),
    ];
    let mut messages = Vec::new();
    let mut conversations = Vec::new();
    for (i, (wa_id, body)) in texts.iter().enumerate() {
        let (m, c, _) = f
            .ingest_new(said(&format!("wamid.s{i}"), wa_id, 10 + i as i64, body))
            .await;
        messages.push(m);
        if !conversations.contains(&c) {
            conversations.push(c);
        }
    }
    (messages, conversations)
}

#[tokio::test]
async fn words_are_found_by_stem_prefix_and_folded_diacritics_newest_first_within_the_organisation()
{
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let zeist = Fixture::named(&db, "zeist", "2002").await;
        let (m, _) = scenario(&f).await;
        let (notice, _, _) = f
            .ingest_new(said(
                "wamid.s9",
                "31611110003",
                20,
                "Verhuisbericht ontvangen",
            ))
            .await;
        zeist
            .ingest_new(said(
                "wamid.z1",
                "31611110009",
                30,
                "Mijn paspoort is kwijt",
            ))
            .await;
        assert_eq!(f.store.count_pending_messages().await.unwrap(), 7);
        assert_eq!(
            found(&f, "paspoort").await,
            vec![],
            "nothing before indexing"
        );
        index_all(&f).await;

        assert_eq!(found(&f, "paspoort").await, vec![m[1], m[0]]);
        assert_eq!(found(&f, "kwijt paspoort").await, vec![m[0]]);
        assert_eq!(found(&f, "PASPOORT Kwijt").await, vec![m[0]]);
        assert_eq!(
            found(&f, "paspoorten").await,
            vec![m[1], m[0]],
            "its stem's prefix"
        );
        // "verhuizen" stems to "verhuis", which does not begin it: the stem matches only
        // itself ("verhuisd"), the word as typed matches longer words.
        assert_eq!(found(&f, "verhuizen").await, vec![m[2]]);
        assert_eq!(found(&f, "verhuis").await, vec![notice, m[2]]);
        assert_eq!(found(&f, "cafe").await, vec![m[4]]);
        assert_eq!(found(&f, "geïnteresseerd").await, vec![m[4]]);
        assert_eq!(found(&f, "fiets").await, vec![m[4]]);
        // Masked at the door: the number was never stored; the mask's word is.
        assert_eq!(found(&f, "111222333").await, vec![]);
        assert_eq!(found(&f, "bsn").await, vec![m[3]]);
        assert_eq!(found(&f, "rijbewijs").await, vec![]);
        // The other organisation finds its own message only.
        let theirs = zeist
            .store
            .search_messages(zeist.org.id, &search(&plain("paspoort kwijt")))
            .await
            .unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].resident_name.as_deref(), Some("Jan Jansen"));
        assert!(!m.contains(&theirs[0].message_id));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_edit_is_indexed_again_and_a_revoked_message_is_no_longer_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (m, _) = scenario(&f).await;
        index_all(&f).await;
        let edit = Content::Edit {
            original: "wamid.s0".into(),
            content: Box::new(Content::Text {
                body: "Mijn rijbewijs is kwijt".into(),
            }),
        };
        let revoke = Content::Revoke {
            original: "wamid.s2".into(),
        };
        let who = ChannelIdentity {
            wa_id: Some("31611110001".into()),
            ..Default::default()
        };
        let edit = with_content("wamid.e1", who.clone(), at(40), edit);
        let revoke = with_content("wamid.r1", who, at(41), revoke);
        f.ingest(at(41), vec![f.item(edit), f.item(revoke)]).await;
        index_all(&f).await;

        assert_eq!(found(&f, "rijbewijs").await, vec![m[0]]);
        assert_eq!(found(&f, "kwijt").await, vec![m[0]]);
        assert_eq!(
            found(&f, "paspoort").await,
            vec![m[1]],
            "the old text is gone"
        );
        let hit = &f
            .store
            .search_messages(f.org.id, &search(&plain("rijbewijs")))
            .await
            .unwrap()[0];
        assert_eq!(hit.content.text(), Some("Mijn rijbewijs is kwijt"));
        assert_eq!(found(&f, "verhuisd").await, vec![]);
        // Reindexing everything gives the same answers.
        assert_eq!(
            f.store.mark_messages_pending(Some(f.org.id)).await.unwrap(),
            7
        );
        index_all(&f).await;
        assert_eq!(found(&f, "rijbewijs").await, vec![m[0]]);
        assert_eq!(found(&f, "verhuisd").await, vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn filters_narrow_by_channel_label_team_and_time_and_pages_follow_the_cursor() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (m, c) = scenario(&f).await;
        index_all(&f).await;
        let team = f.team("burgerzaken").await;
        db.execute_sql(&format!(
            "update conversations set team = '{team}' where id = '{}'",
            c[1]
        ))
        .await
        .unwrap();
        let labels = ConversationPatch {
            labels: Some(vec!["verhuizing".into()]),
            ..Default::default()
        };
        f.store
            .update_conversation(f.org.id, c[1], &labels, at(50))
            .await
            .unwrap();
        let every = plain("mijn");
        assert_eq!(ids(&f, &search(&every)).await, vec![m[3], m[0]]);
        let s = |edit: &dyn Fn(&mut MessageSearch<'_>)| {
            let mut s = search(&every);
            edit(&mut s);
            s
        };
        assert_eq!(ids(&f, &s(&|s| s.team = Some(team))).await, vec![m[3]]);
        assert_eq!(
            ids(&f, &s(&|s| s.label = Some("verhuizing"))).await,
            vec![m[3]]
        );
        assert_eq!(ids(&f, &s(&|s| s.label = Some("anders"))).await, vec![]);
        assert_eq!(
            ids(&f, &s(&|s| s.channel = Some(f.channel.id))).await,
            vec![m[3], m[0]]
        );
        assert_eq!(ids(&f, &s(&|s| s.until = Some(at(13)))).await, vec![m[0]]);
        assert_eq!(ids(&f, &s(&|s| s.from = Some(at(13)))).await, vec![m[3]]);
        // Paging: newest first, each page after the last one's key.
        let q = plain("paspoort");
        let first = f
            .store
            .search_messages(
                f.org.id,
                &MessageSearch {
                    limit: 1,
                    ..search(&q)
                },
            )
            .await
            .unwrap();
        assert_eq!(
            first.iter().map(|h| h.message_id).collect::<Vec<_>>(),
            vec![m[1]]
        );
        let next = MessageSearch {
            limit: 1,
            before: Some(first[0].seq),
            ..search(&q)
        };
        assert_eq!(ids(&f, &next).await, vec![m[0]]);
        let last = MessageSearch {
            before: Some(f.store.search_messages(f.org.id, &next).await.unwrap()[0].seq),
            ..next
        };
        assert_eq!(ids(&f, &last).await, vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_queries_are_plain_words_and_never_an_error() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (m, _) = scenario(&f).await;
        index_all(&f).await;
        for q in [
            "\"",
            "\"paspoort",
            "*",
            "paspoort*",
            "NEAR(paspoort kwijt)",
            "paspoort OR fiets",
            "-paspoort",
            "paspoort -kwijt",
            "'; drop table messages; --",
            "(((",
            "a:b",
            "!&|",
            "\u{0}",
            "",
        ] {
            let hits = f.store.search_messages(f.org.id, &search(&plain(q))).await;
            assert!(hits.is_ok(), "{q:?}: {hits:?}");
        }
        assert_eq!(
            found(&f, "paspoort OR fiets").await,
            vec![],
            "OR is a word here"
        );
        assert_eq!(found(&f, "NEAR(paspoort kwijt)").await, vec![]);
        assert_eq!(found(&f, "\"paspoort").await, vec![m[1], m[0]]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn anonymised_and_deleted_conversations_leave_no_entry_behind() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, c) = scenario(&f).await;
        index_all(&f).await;
        resolve(&db, c[0], at(100)).await;
        resolve(&db, c[1], at(100)).await;
        let target = |id| retention::RetentionTarget {
            id,
            resolved_at: at(100),
        };
        f.store
            .anonymise_conversations(f.org.id, &[target(c[0])], at(200))
            .await
            .unwrap();
        f.store
            .delete_conversations(f.org.id, &[target(c[1])])
            .await
            .unwrap();
        assert_eq!(f.store.count_pending_messages().await.unwrap(), 2);
        index_all(&f).await;
        assert_eq!(found(&f, "paspoort").await, vec![], "anonymised");
        assert_eq!(found(&f, "fiets").await, vec![], "deleted");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_search_finds_the_same_messages_whether_its_organisation_holds_most_of_the_index_or_little()
 {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let zeist = Fixture::named(&db, "zeist", "2002").await;
        let (m, _) = scenario(&f).await;
        let (theirs, _, _) = zeist
            .ingest_new(said("wamid.z1", "31611110009", 30, "Paspoort kwijt"))
            .await;
        index_all(&f).await;
        let before = (
            found(&f, "paspoort").await,
            found(&f, "paspoort kwijt").await,
        );
        // With statistics, PostgreSQL scopes the big organisation by its column and the
        // small one by its token (`common/search.rs`, `Scope`); SQLite is unchanged.
        f.store.refresh_search_statistics().await.unwrap();
        let after = (
            found(&f, "paspoort").await,
            found(&f, "paspoort kwijt").await,
        );
        assert_eq!(before, (vec![m[1], m[0]], vec![m[0]]));
        assert_eq!(after, before);
        let small = zeist
            .store
            .search_messages(zeist.org.id, &search(&plain("paspoort")))
            .await
            .unwrap();
        assert_eq!(
            small.iter().map(|h| h.message_id).collect::<Vec<_>>(),
            vec![theirs]
        );
        assert_eq!(found(&f, "kwijt").await, vec![m[0]], "never the other's");
        db.cleanup().await;
    }
}
