//! Paging both ways: a conversation's messages a page at a time (keyed by the message the
//! newer page begins with), with the reactions and quotes that cross a page's edge; and a
//! queue page read backwards, which is exactly the page before.

use loket_domain::contact::ChannelIdentity;
use loket_domain::message::Content;
use loket_domain::{ConversationId, MessageId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

const RESIDENT: &str = "31611111111";

fn resident() -> ChannelIdentity {
    ChannelIdentity {
        wa_id: Some(RESIDENT.into()),
        ..Default::default()
    }
}

async fn page(
    f: &Fixture,
    conversation: ConversationId,
    before: Option<MessageId>,
    limit: u32,
) -> MessagePage {
    (f.store
        .list_message_page(f.org.id, conversation, before, limit))
    .await
    .unwrap()
}

fn ids(messages: &[MessageRecord]) -> Vec<MessageId> {
    messages.iter().map(|m| m.id).collect()
}

#[tokio::test]
async fn the_newest_page_comes_first_and_each_earlier_page_is_keyed_by_where_it_ends() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut all = Vec::new();
        let mut conversation = None;
        for i in 0..5 {
            let (m, c, _) = f
                .ingest_new(text(&format!("wamid.p{i}"), RESIDENT, at(10 + i)))
                .await;
            all.push(m);
            conversation = Some(c);
        }
        let conversation = conversation.unwrap();

        let newest = page(&f, conversation, None, 2).await;
        assert_eq!(ids(&newest.messages), all[3..5], "on {:?}", db.backend);
        assert_eq!((newest.earlier, newest.until), (Some(all[3]), None));
        assert_eq!(newest.from, Some(at(13)), "where the page begins");
        let middle = page(&f, conversation, newest.earlier, 2).await;
        assert_eq!(ids(&middle.messages), all[1..3]);
        assert_eq!((middle.earlier, middle.until), (Some(all[1]), Some(at(13))));
        let oldest = page(&f, conversation, middle.earlier, 2).await;
        assert_eq!(ids(&oldest.messages), all[0..1]);
        assert_eq!(oldest.earlier, None, "nothing before the first message");
        assert_eq!(oldest.from, None);
        let whole = page(&f, conversation, None, 5).await;
        assert_eq!((ids(&whole.messages), whole.earlier), (all.clone(), None));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn reactions_and_quotes_outside_the_page_come_with_it() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (first, conversation, _) = f.ingest_new(text("wamid.q1", RESIDENT, at(10))).await;
        let (second, ..) = f.ingest_new(text("wamid.q2", RESIDENT, at(11))).await;
        let liked = Content::Reaction {
            target: "wamid.q1".into(),
            emoji: Some("👍".into()),
        };
        let like = with_content("wamid.q3", resident(), at(12), liked);
        let (reaction, ..) = f.ingest_new(like).await;
        let mut reply = text("wamid.q4", RESIDENT, at(13));
        reply.context.reply_to = Some("wamid.q1".into());
        let (quoting, ..) = f.ingest_new(reply).await;

        let newest = page(&f, conversation, None, 2).await;
        assert_eq!(
            ids(&newest.messages),
            [reaction, quoting],
            "on {:?}",
            db.backend
        );
        assert_eq!(
            ids(&newest.earlier_targets),
            [first],
            "quoted and reacted to, once"
        );
        assert!(
            newest.later_reactions.is_empty(),
            "nothing is newer than the newest"
        );

        let earlier = page(&f, conversation, Some(reaction), 10).await;
        assert_eq!(ids(&earlier.messages), [first, second]);
        assert_eq!(
            ids(&earlier.later_reactions),
            [reaction],
            "its reaction, from later"
        );
        assert!(earlier.earlier_targets.is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_page_keyed_by_another_conversations_or_organisations_message_is_not_found() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let (m, conversation, _) = a.ingest_new(text("wamid.r1", RESIDENT, at(10))).await;
        let (other, elsewhere, _) = a.ingest_new(text("wamid.r2", "31622222222", at(11))).await;
        let store = &a.store;
        let cases = [
            (
                a.org.id,
                conversation,
                Some(other),
                "another conversation's message",
            ),
            (
                a.org.id,
                elsewhere,
                Some(m),
                "a message of another conversation",
            ),
            (
                b.org.id,
                conversation,
                None,
                "another organisation's conversation",
            ),
            (
                b.org.id,
                conversation,
                Some(m),
                "another organisation's message",
            ),
            (
                a.org.id,
                ConversationId::new_at(at(1)),
                None,
                "no such conversation",
            ),
        ];
        for (org, c, before, what) in cases {
            let found = store.list_message_page(org, c, before, 10).await;
            assert!(
                matches!(found, Err(StoreError::NotFound)),
                "{what} on {:?}",
                db.backend
            );
        }
        db.cleanup().await;
    }
}

/// Seven conversations, four of them answered, so the `Waiting` order has both parts.
async fn queue(f: &Fixture) {
    for i in 0..7 {
        let (_, c, _) = f
            .ingest_new(text(
                &format!("wamid.s{i}"),
                &format!("3163000000{i}"),
                at(10 + i),
            ))
            .await;
        if i % 2 == 1 || i == 6 {
            f.outbound(c, at(30 + i)).await;
        }
    }
}

async fn forward_pages(
    f: &Fixture,
    filter: &ConversationFilter,
    limit: u32,
) -> Vec<Vec<ConversationRecord>> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let request = PageRequest { after, limit };
        let page = f
            .store
            .list_conversations(f.org.id, filter, request)
            .await
            .unwrap();
        pages.push(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

#[tokio::test]
async fn a_page_back_from_any_page_is_the_page_that_came_before_it() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        queue(&f).await;
        for order in [ConversationOrder::Waiting, ConversationOrder::Recent] {
            let filter = ConversationFilter {
                order,
                ..Default::default()
            };
            let pages = forward_pages(&f, &filter, 2).await;
            assert_eq!(pages.len(), 4, "7 conversations, 2 a page");
            for k in 1..pages.len() {
                let cursor = ConversationCursor::of(order, &pages[k][0]);
                // Opaque text to clients: it must survive the trip.
                let cursor = cursor.to_string().parse().unwrap();
                let back = f
                    .store
                    .list_conversations_before(f.org.id, &filter, cursor, 2)
                    .await;
                let back = back.unwrap();
                let want: Vec<_> = pages[k - 1].iter().map(|c| c.id).collect();
                let got: Vec<_> = back.items.iter().map(|c| c.id).collect();
                assert_eq!(got, want, "page {k} back, {order:?} on {:?}", db.backend);
                assert_eq!(
                    back.before.is_some(),
                    k > 1,
                    "a page before it unless first"
                );
                assert_eq!(
                    back.next,
                    Some(ConversationCursor::of(order, &pages[k - 1][1]))
                );
            }
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_page_back_near_the_start_is_the_full_first_page() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        queue(&f).await;
        let filter = ConversationFilter::default();
        let pages = forward_pages(&f, &filter, 3).await;
        // From the second conversation: one came before it, a page holds three.
        let cursor = ConversationCursor::of(filter.order, &pages[0][1]);
        let back = (f
            .store
            .list_conversations_before(f.org.id, &filter, cursor, 3))
        .await
        .unwrap();
        let first: Vec<_> = pages[0].iter().map(|c| c.id).collect();
        assert_eq!(back.items.iter().map(|c| c.id).collect::<Vec<_>>(), first);
        assert_eq!(back.before, None, "on {:?}", db.backend);
        assert_eq!(
            back.next,
            Some(ConversationCursor::of(filter.order, &pages[0][2]))
        );
        let other = Fixture::named(&db, "andere", "2002").await;
        let theirs = (f
            .store
            .list_conversations_before(other.org.id, &filter, cursor, 3))
        .await
        .unwrap();
        assert!(
            theirs.items.is_empty(),
            "another organisation's queue has none of these"
        );
        db.cleanup().await;
    }
}
