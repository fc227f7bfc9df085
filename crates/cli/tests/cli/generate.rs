//! `loket generate` through the bulk-load path: what it writes reads back through the
//! store's ordinary reads, on every backend. No timing is asserted (see BENCHMARKS.md).

use loket_cli::bench_pages::{BenchPagesArgs, bench};
use loket_cli::generate::{GenerateArgs, LONG_LABEL, LONG_MESSAGES, generate};
use loket_domain::message::Direction;
use loket_store::testing::{TestDb, test_databases};
use loket_store::{ConversationFilter, PageRequest};

const PASSWORD: &str = "Gegenereerd-wachtwoord-2026";

pub(crate) fn args(url: &str) -> GenerateArgs {
    GenerateArgs {
        database: url.to_owned(),
        conversations: 200,
        messages: 1_000,
        org: "bench".into(),
        admin_email: "beheerder@bench.example".into(),
        admin_password: Some(PASSWORD.into()),
        agents: 2,
        seed: 7,
        days: 30,
        long_every: 100,
        batch: 64,
    }
}

async fn count(db: &TestDb, sql: &str) -> u64 {
    let rows = db.fetch_strings(sql).await.unwrap();
    rows[0][0].as_deref().unwrap().parse().unwrap()
}

async fn index_names(db: &TestDb) -> Vec<String> {
    let sql = match db.backend {
        loket_store::Backend::Sqlite => {
            "select name from sqlite_master where type = 'index' order by name"
        }
        loket_store::Backend::Postgres => {
            "select indexname::text from pg_indexes where schemaname = current_schema() order by 1"
        }
    };
    let rows = db.fetch_strings(sql).await.unwrap();
    rows.into_iter().filter_map(|r| r[0].clone()).collect()
}

#[tokio::test]
async fn generated_conversations_read_back_through_the_ordinary_store_reads() {
    for db in test_databases().await {
        let indexes_before = index_names(&db).await;
        let done = generate(&args(&db.url)).await.unwrap();
        let backend = db.backend;
        assert_eq!(done.conversations, 200, "{backend:?}");
        assert_eq!(
            count(&db, "select cast(count(*) as text) from conversations").await,
            200
        );
        let messages = count(&db, "select cast(count(*) as text) from messages").await;
        assert_eq!(messages, done.messages, "{backend:?}");
        assert!(
            (950..=1_050).contains(&messages),
            "{messages} messages on {backend:?}"
        );
        assert_eq!(
            index_names(&db).await,
            indexes_before,
            "indexes rebuilt on {backend:?}"
        );

        let queue = db
            .store
            .list_conversations(
                done.org,
                &ConversationFilter::default(),
                PageRequest {
                    after: None,
                    limit: 50,
                },
            )
            .await
            .unwrap();
        assert_eq!(queue.items.len(), 50, "{backend:?}");
        assert!(queue.next.is_some());

        let long = ConversationFilter {
            label: Some(LONG_LABEL.into()),
            ..Default::default()
        };
        let long = db
            .store
            .list_conversations(
                done.org,
                &long,
                PageRequest {
                    after: None,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert_eq!(long.items.len(), 2, "one in every 100 on {backend:?}");
        for conversation in queue.items.iter().chain(&long.items) {
            check_conversation(&db, done.org, conversation).await;
        }
        db.cleanup().await;
    }
}

/// The queue columns follow from the messages, the contact reads, long ones have 200.
async fn check_conversation(
    db: &TestDb,
    org: loket_domain::OrgId,
    c: &loket_store::ConversationRecord,
) {
    let messages = db.store.list_messages(org, c.id).await.unwrap();
    let last = messages.last().expect("at least one message");
    assert_eq!(c.last_message.as_ref().map(|m| m.id), Some(last.id));
    assert_eq!(c.last_message_at, last.sent_at);
    if c.labels.iter().any(|l| l == LONG_LABEL) {
        assert_eq!(messages.len() as u64, LONG_MESSAGES);
    }
    let inbound = messages
        .iter()
        .filter(|m| m.direction == Direction::Inbound)
        .count();
    assert!(inbound >= 1, "a resident starts every conversation");
    assert_eq!(messages[0].direction, Direction::Inbound);
    if let Some(since) = c.waiting_since {
        let after_reply = messages
            .iter()
            .rposition(|m| m.direction == Direction::Outbound)
            .map_or(0, |i| i + 1);
        assert!(messages[after_reply..].iter().any(|m| m.sent_at == since));
    }
    db.store.get_contact(org, c.contact_id).await.unwrap();
    db.store.get_conversation(org, c.id).await.unwrap();
}

#[tokio::test]
async fn the_page_benchmark_signs_in_as_the_generated_admin_and_renders_both_pages() {
    for db in test_databases().await {
        let mut small = args(&db.url);
        small.conversations = 120;
        small.messages = 600;
        generate(&small).await.unwrap();
        let bench_args = BenchPagesArgs {
            database: db.url.clone(),
            org: "bench".into(),
            email: "beheerder@bench.example".into(),
            password: PASSWORD.into(),
            requests: 5,
            pages: vec!["unassigned=/?view=unassigned".into()],
        };
        let figures = bench(&bench_args).await.unwrap();
        assert_eq!(figures.len(), 12, "{:?}", db.backend);
        assert!(figures.iter().all(|f| f.bytes > 0 && f.p50 <= f.p99));
        db.cleanup().await;
    }
}
