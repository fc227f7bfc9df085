//! The inbox list's reading (issue 9 §1, §6): the views' filters (unassigned, a team, the
//! user's teams, open and pending only), capped counts, and the search box's prefixes.

use loket_domain::contact::ChannelIdentity;
use loket_domain::{ConversationId, Timestamp};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

/// A message from a resident with this name, phone number and username.
fn from(
    provider_id: &str,
    name: &str,
    wa_id: &str,
    username: &str,
    when: Timestamp,
) -> loket_domain::inbound::InboundMessage {
    let identity = ChannelIdentity {
        wa_id: Some(wa_id.into()),
        username: Some(username.into()),
        ..Default::default()
    };
    let mut message = from_identity(provider_id, identity, when);
    message.from.name = Some(name.into());
    message
}

async fn ids_of(f: &Fixture, filter: ConversationFilter) -> Vec<ConversationId> {
    let page = (f.store)
        .list_conversations(
            f.org.id,
            &filter,
            PageRequest {
                after: None,
                limit: 50,
            },
        )
        .await
        .unwrap();
    page.items.into_iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn each_view_lists_and_counts_its_own_open_and_pending_conversations() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut ids = Vec::new();
        for i in 0..6 {
            let message = text(
                &format!("wamid.v{i}"),
                &format!("3161000000{i}"),
                at(i * 10),
            );
            ids.push(f.ingest_new(message).await.1);
        }
        let anna = f.member("anna@utrecht.nl").await;
        let burgerzaken = f.team("burgerzaken").await;
        let afval = f.team("afval").await;
        f.store
            .add_team_member(f.org.id, burgerzaken, anna)
            .await
            .unwrap();
        db.execute_sql(&format!(
            "update conversations set assignee = '{anna}' where id in ('{}', '{}');
             update conversations set team = '{burgerzaken}' where id in ('{}', '{}');
             update conversations set team = '{afval}' where id = '{}';
             update conversations set status = 'resolved', waiting_since = null where id = '{}';",
            ids[0], ids[1], ids[2], ids[3], ids[4], ids[5],
        ))
        .await
        .unwrap();
        let active = |filter: ConversationFilter| ConversationFilter {
            active: true,
            ..filter
        };
        let mine = active(ConversationFilter {
            assignee: Some(anna),
            ..Default::default()
        });
        let unassigned = active(ConversationFilter {
            unassigned: true,
            ..Default::default()
        });
        let my_teams = active(ConversationFilter {
            teams_of: Some(anna),
            ..Default::default()
        });
        let team = active(ConversationFilter {
            team: Some(afval),
            ..Default::default()
        });
        let all = active(ConversationFilter::default());
        // Longest waiting first.
        assert_eq!(ids_of(&f, mine.clone()).await, vec![ids[0], ids[1]]);
        assert_eq!(
            ids_of(&f, unassigned.clone()).await,
            vec![ids[2], ids[3], ids[4]]
        );
        assert_eq!(ids_of(&f, my_teams.clone()).await, vec![ids[2], ids[3]]);
        assert_eq!(ids_of(&f, team.clone()).await, vec![ids[4]]);
        assert_eq!(
            ids_of(&f, all.clone()).await.len(),
            5,
            "the resolved one is not listed"
        );
        assert_eq!(ids_of(&f, ConversationFilter::default()).await.len(), 6);
        for (filter, count) in [
            (mine, 2),
            (unassigned, 3),
            (my_teams, 2),
            (team, 1),
            (all, 5),
        ] {
            assert_eq!(
                f.store
                    .count_conversations(f.org.id, &filter)
                    .await
                    .unwrap(),
                count
            );
        }
        // Another organisation's view of the same filters is empty.
        let other = Fixture::named(&db, "amersfoort", "2001").await;
        let filter = ConversationFilter {
            active: true,
            ..Default::default()
        };
        assert_eq!(
            other
                .store
                .count_conversations(other.org.id, &filter)
                .await
                .unwrap(),
            0
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_count_stops_at_its_cap() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        f.ingest_new(text("wamid.cap", "31611111111", at(0))).await;
        // Copies of the one conversation, past the cap, straight into the table.
        let copies: Vec<String> = (0..COUNT_CAP + 5)
            .map(|i| format!("('{}')", ConversationId::new_at(at(i64::from(i)))))
            .collect();
        db.execute_sql(&format!(
            "with n(id) as (values {})
             insert into conversations (id, org_id, channel_id, contact_id, status, priority,
               last_message_at, created_at)
             select n.id, c.org_id, c.channel_id, c.contact_id, 'open', c.priority,
               c.last_message_at, c.created_at
             from conversations c, n",
            copies.join(", ")
        ))
        .await
        .unwrap();
        let count = (f.store)
            .count_conversations(f.org.id, &ConversationFilter::default())
            .await
            .unwrap();
        assert_eq!(count, COUNT_CAP);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn search_finds_conversations_by_name_phone_username_and_id_of_its_own_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, fatima, _) = f
            .ingest_new(from(
                "wamid.s1",
                "Fatima de Vries",
                "31612345678",
                "fatimadv",
                at(10),
            ))
            .await;
        let (_, jan, _) = f
            .ingest_new(from(
                "wamid.s2",
                "Jan Jansen",
                "31687654321",
                "jjansen",
                at(20),
            ))
            .await;
        let other = Fixture::named(&db, "amersfoort", "2001").await;
        let (_, elsewhere, _) = other
            .ingest_new(from(
                "wamid.s3",
                "Fatima Bakker",
                "31612340000",
                "fbakker",
                at(30),
            ))
            .await;
        let search = |s: ConversationSearch| {
            let store = f.store.clone();
            let org = f.org.id;
            async move {
                let found = store.search_conversations(org, &s, 20).await.unwrap();
                found.into_iter().map(|c| c.id).collect::<Vec<_>>()
            }
        };
        use ConversationSearch::*;
        assert_eq!(search(NamePrefix("fATIMA".into())).await, vec![fatima]);
        assert_eq!(search(NamePrefix("jan j".into())).await, vec![jan]);
        assert_eq!(search(PhonePrefix("316123".into())).await, vec![fatima]);
        assert_eq!(search(PhonePrefix("316".into())).await, vec![jan, fatima]);
        assert_eq!(search(UsernamePrefix("jjan".into())).await, vec![jan]);
        assert_eq!(search(Id(jan)).await, vec![jan]);
        assert!(
            search(Id(elsewhere)).await.is_empty(),
            "another organisation's"
        );
        for hostile in ["%", "_", "'", "\"", "' or 1=1 --", &"x".repeat(10_000)] {
            assert!(
                search(NamePrefix(hostile.into())).await.is_empty(),
                "{hostile}"
            );
            assert!(search(UsernamePrefix(hostile.into())).await.is_empty());
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversations_neighbours_are_the_ones_before_and_after_it_in_the_listed_queue() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut ids = Vec::new();
        for i in 0..7 {
            let message = text(
                &format!("wamid.n{i}"),
                &format!("3162000000{i}"),
                at(i * 10),
            );
            ids.push(f.ingest_new(message).await.1);
        }
        // Three answered (no longer waiting) at different times, one resolved: the queue
        // then has a waiting part and an answered part, as the inbox lists it.
        db.execute_sql(&format!(
            "update conversations set waiting_since = null where id in ('{}', '{}', '{}');
             update conversations set status = 'resolved', waiting_since = null where id = '{}';",
            ids[1], ids[3], ids[6], ids[5],
        ))
        .await
        .unwrap();
        for order in [ConversationOrder::Waiting, ConversationOrder::Recent] {
            let filter = ConversationFilter {
                order,
                ..Default::default()
            };
            let listed = ids_of(&f, filter.clone()).await;
            assert_eq!(listed.len(), 7);
            for (i, id) in listed.iter().enumerate() {
                let record = f.store.get_conversation(f.org.id, *id).await.unwrap();
                let found = (f.store)
                    .queue_neighbours(f.org.id, &filter, &record)
                    .await
                    .unwrap();
                let expected = (
                    i.checked_sub(1).map(|p| listed[p]),
                    listed.get(i + 1).copied(),
                );
                assert_eq!(found, expected, "{order:?}, place {i}, {:?}", db.backend);
            }
        }
        // Another organisation's queue holds none of them.
        let other = Fixture::named(&db, "amersfoort", "2001").await;
        let record = f.store.get_conversation(f.org.id, ids[0]).await.unwrap();
        let found = (other.store)
            .queue_neighbours(other.org.id, &ConversationFilter::default(), &record)
            .await
            .unwrap();
        assert_eq!(found, (None, None));
        db.cleanup().await;
    }
}
