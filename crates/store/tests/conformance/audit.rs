//! The audit log: chained per organisation, listed newest first with filters, append-only,
//! a row changed behind the application's back breaks verification at its seq, and
//! concurrent appends from two stores on one database never fork a chain.

use loket_domain::audit::{
    Action, Actor, AuditChain, AuditEntry, Break, GENESIS_HASH, Outcome, Target, Verifier,
};
use loket_domain::{ConversationId, UserId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn entry(chain: AuditChain, action: Action, target: Target) -> AuditEntry {
    AuditEntry {
        chain,
        actor: Actor::User(UserId::new_at(at(0))),
        action,
        target,
        client_ip: Some("192.0.2.7".into()),
        outcome: Outcome::Ok,
    }
}

/// Verify one chain page by page (pages of 2, to cross page borders).
async fn verify(store: &DynStore, key: &str) -> Result<u64, Break> {
    let mut verifier = Verifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_chain_page(key, after, 2).await.unwrap();
        let Some(last) = page.last() else {
            return Ok(verifier.count());
        };
        after = last.fields.seq;
        for record in &page {
            verifier.push(&record.fields, &record.prev_hash, &record.hash)?;
        }
    }
}

#[tokio::test]
async fn each_organisation_has_its_own_chain_listed_newest_first() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let (ca, cb) = (AuditChain::Org(a.org.id), AuditChain::Org(b.org.id));
        let conversation = ConversationId::new_at(at(1));
        let opened = Target::conversation(conversation);
        let first = a
            .store
            .append_audit(&entry(ca, Action::SignedIn, Target::default()), at(10))
            .await
            .unwrap();
        assert_eq!(
            (first.fields.seq, first.prev_hash.as_str()),
            (1, GENESIS_HASH)
        );
        a.store
            .append_audit(&entry(cb, Action::SignedIn, Target::default()), at(11))
            .await
            .unwrap();
        let second = a
            .store
            .append_audit(&entry(ca, Action::ConversationOpened, opened), at(12))
            .await
            .unwrap();
        assert_eq!(second.fields.seq, 2);
        assert_eq!(second.prev_hash, first.hash);

        let all = a
            .store
            .list_audit(ca, &AuditFilter::default(), None, 10)
            .await
            .unwrap();
        assert_eq!(all, vec![second.clone(), first.clone()]);
        let filter = AuditFilter {
            conversation_id: Some(conversation.to_string()),
            ..AuditFilter::default()
        };
        let found = a.store.list_audit(ca, &filter, None, 10).await.unwrap();
        assert_eq!(found, vec![second.clone()]);
        let filter = AuditFilter {
            action: Some("session.signed_in".into()),
            from: Some(at(10)),
            until: Some(at(11)),
            ..AuditFilter::default()
        };
        assert_eq!(
            a.store.list_audit(ca, &filter, None, 10).await.unwrap(),
            vec![first.clone()]
        );
        let none = AuditFilter::default();
        let older = a.store.list_audit(ca, &none, Some(2), 10).await.unwrap();
        assert_eq!(older, vec![first]);
        let keys = a.store.audit_chain_keys().await.unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(verify(&a.store, &ca.key()).await, Ok(2));
        assert_eq!(verify(&a.store, &cb.key()).await, Ok(1));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_application_cannot_change_or_remove_an_entry() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let chain = AuditChain::Org(f.org.id);
        f.store
            .append_audit(&entry(chain, Action::SignedIn, Target::default()), at(10))
            .await
            .unwrap();
        let update = db
            .execute_sql("update audit_log set result = 'denied'")
            .await;
        assert!(update.is_err(), "{:?}: an update went through", db.backend);
        assert!(db.execute_sql("delete from audit_log").await.is_err());
        assert_eq!(verify(&f.store, &chain.key()).await, Ok(1));
        db.cleanup().await;
    }
}

/// Remove the append-only guard, as someone with full database access could.
async fn drop_guard(db: &loket_store::testing::TestDb) {
    let sql = match db.backend {
        Backend::Sqlite => "drop trigger audit_log_no_update; drop trigger audit_log_no_delete;",
        Backend::Postgres => "drop trigger audit_log_no_change on audit_log;",
    };
    db.execute_sql(sql).await.unwrap();
}

#[tokio::test]
async fn a_row_changed_or_removed_in_the_database_is_named_by_its_seq() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let chain = AuditChain::Org(f.org.id);
        for secs in 10..15 {
            let e = entry(chain, Action::SettingChanged, Target::setting("labels"));
            f.store.append_audit(&e, at(secs)).await.unwrap();
        }
        drop_guard(&db).await;
        db.execute_sql("update audit_log set result = 'denied' where seq = 3")
            .await
            .unwrap();
        assert_eq!(
            verify(&f.store, &chain.key()).await,
            Err(Break::Hash { seq: 3 })
        );
        db.execute_sql(
            "update audit_log set result = 'ok' where seq = 3; delete from audit_log where seq = 4",
        )
        .await
        .unwrap();
        let gap = Break::Gap {
            expected: 4,
            found: 5,
        };
        assert_eq!(verify(&f.store, &chain.key()).await, Err(gap));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn concurrent_appends_from_two_stores_never_fork_a_chain() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let chain = AuditChain::Org(f.org.id);
        // A second store on the same database: another instance, its own pool.
        let other = connect(&db.url).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = if i % 2 == 0 {
                f.store.clone()
            } else {
                other.clone()
            };
            tasks.push(tokio::spawn(async move {
                let e = entry(chain, Action::ConversationOpened, Target::default());
                store
                    .append_audit(&e, at(100 + i))
                    .await
                    .unwrap()
                    .fields
                    .seq
            }));
        }
        let mut seqs = Vec::new();
        for task in tasks {
            seqs.push(task.await.unwrap());
        }
        seqs.sort();
        assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
        assert_eq!(verify(&f.store, &chain.key()).await, Ok(40));
        db.cleanup().await;
    }
}
