use loket_domain::{ChannelId, ConversationId, MessageId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

#[tokio::test]
async fn provisioning_twice_changes_nothing_and_tokens_find_their_organisation() {
    for db in test_databases().await {
        let store = db.store.clone();
        let app = MetaApp {
            name: "loket".into(),
            app_secret: "s3cret".into(),
            verify_token: "verify".into(),
            graph_base_url: "http://127.0.0.1:1".into(),
        };
        for _ in 0..2 {
            store.upsert_meta_app(&app).await.unwrap();
        }
        assert_eq!(store.list_meta_apps().await.unwrap(), vec![app]);

        let first = store
            .upsert_organisation(&new_org("utrecht"), at(0))
            .await
            .unwrap();
        let mut renamed = new_org("utrecht");
        renamed.name = "Gemeente Utrecht".into();
        let second = store.upsert_organisation(&renamed, at(10)).await.unwrap();
        assert_eq!(second.id, first.id);
        assert_eq!(second.created_at, first.created_at);
        assert_eq!(second.name, "Gemeente Utrecht");
        assert_eq!(store.get_organisation(first.id).await.unwrap(), second);
        assert_eq!(
            store.find_organisation_by_slug("utrecht").await.unwrap(),
            Some(second.clone())
        );
        assert_eq!(
            store.find_organisation_by_slug("zeist").await.unwrap(),
            None
        );

        let a = store
            .upsert_whatsapp_channel(first.id, &new_channel("1001"), at(0))
            .await
            .unwrap();
        let b = store
            .upsert_whatsapp_channel(first.id, &new_channel("1001"), at(5))
            .await
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(
            store.list_channels(first.id).await.unwrap(),
            vec![a.clone()]
        );
        assert_eq!(
            store.find_channel_by_phone_number_id("1001").await.unwrap(),
            Some(a.clone())
        );

        let hashes = vec!["hash-a".to_owned(), "hash-b".to_owned()];
        store
            .replace_config_api_tokens(first.id, &hashes, at(0))
            .await
            .unwrap();
        store
            .replace_config_api_tokens(first.id, &hashes, at(1))
            .await
            .unwrap();
        assert_eq!(
            store
                .find_org_by_token_hash("hash-a")
                .await
                .unwrap()
                .map(|o| o.id),
            Some(first.id)
        );
        store
            .replace_config_api_tokens(first.id, &["hash-b".to_owned()], at(2))
            .await
            .unwrap();
        assert_eq!(
            store.find_org_by_token_hash("hash-a").await.unwrap(),
            None,
            "a removed token is disabled"
        );
        assert_eq!(
            store
                .find_org_by_token_hash("hash-b")
                .await
                .unwrap()
                .map(|o| o.id),
            Some(first.id)
        );
        assert_eq!(store.find_org_by_token_hash("unknown").await.unwrap(), None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_phone_number_id_of_one_organisation_cannot_be_claimed_by_another() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = f
            .store
            .upsert_organisation(&new_org("zeist"), at(0))
            .await
            .unwrap();
        let err = f
            .store
            .upsert_whatsapp_channel(other.id, &new_channel("1001"), at(1))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert_eq!(
            f.store.get_channel(f.org.id, f.channel.id).await.unwrap(),
            f.channel
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn channels_are_found_by_account_and_flagged_for_attention() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let second = f
            .store
            .upsert_whatsapp_channel(f.org.id, &new_channel("1002"), at(0))
            .await
            .unwrap();
        let by_account = f.store.find_channels_by_waba_id("waba-1").await.unwrap();
        assert_eq!(by_account.len(), 2);
        assert!(by_account.contains(&second));
        assert!(
            f.store
                .find_channels_by_waba_id("waba-2")
                .await
                .unwrap()
                .is_empty()
        );

        f.store
            .set_channel_attention(f.org.id, f.channel.id, Some("token expired"))
            .await
            .unwrap();
        let flagged = f.store.get_channel(f.org.id, f.channel.id).await.unwrap();
        assert_eq!(flagged.needs_attention.as_deref(), Some("token expired"));
        // Re-applying the same configuration keeps the flag; a new token clears it.
        f.store
            .upsert_whatsapp_channel(f.org.id, &new_channel("1001"), at(1))
            .await
            .unwrap();
        assert!(
            f.store
                .get_channel(f.org.id, f.channel.id)
                .await
                .unwrap()
                .needs_attention
                .is_some()
        );
        let mut renewed = new_channel("1001");
        renewed.access_token = "token-2".into();
        let channel = f
            .store
            .upsert_whatsapp_channel(f.org.id, &renewed, at(2))
            .await
            .unwrap();
        assert_eq!(channel.needs_attention, None);
        assert_eq!(channel.access_token.as_deref(), Some("token-2"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_ids_answer_not_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2001").await;
        let (message, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let o = other.org.id;
        let not_found =
            |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");

        not_found(f.store.get_channel(o, f.channel.id).await.map(drop));
        not_found(f.store.get_conversation(o, conversation).await.map(drop));
        not_found(f.store.list_messages(o, conversation).await.map(drop));
        not_found(
            f.store
                .list_conversation_events(o, conversation)
                .await
                .map(drop),
        );
        not_found(f.store.get_message(o, message).await.map(drop));
        not_found(
            f.store
                .set_media_state(o, message, &MediaState::Pending)
                .await,
        );
        not_found(f.store.set_channel_attention(o, f.channel.id, None).await);
        not_found(
            f.store
                .list_channel_events(o, f.channel.id, 10)
                .await
                .map(drop),
        );
        not_found(
            f.store
                .set_message_status(
                    o,
                    message,
                    loket_domain::delivery::DeliveryStatus::Sent,
                    None,
                    at(11),
                )
                .await
                .map(drop),
        );
        not_found(
            f.store
                .record_provider_message_id(o, message, "wamid.x", at(11))
                .await
                .map(drop),
        );
        let page = f
            .store
            .list_conversations(
                o,
                &ConversationFilter::default(),
                PageRequest {
                    after: None,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert!(page.items.is_empty());

        // Unknown ids as well.
        not_found(
            f.store
                .get_conversation(f.org.id, ConversationId::new_at(at(1)))
                .await
                .map(drop),
        );
        not_found(
            f.store
                .get_message(f.org.id, MessageId::new_at(at(1)))
                .await
                .map(drop),
        );
        not_found(
            f.store
                .get_channel(f.org.id, ChannelId::new_at(at(1)))
                .await
                .map(drop),
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn numbered_placeholders_bind_by_number_on_both_backends() {
    use sqlx::Connection;
    for db in test_databases().await {
        // `$2` before `$1`, and `$2` twice: binding must go by number, not by appearance.
        let sql = "select $2 || $1 || $2";
        let got: String = match db.backend {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                sqlx::query_scalar(sql)
                    .bind("a")
                    .bind("b")
                    .fetch_one(&mut conn)
                    .await
                    .unwrap()
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                sqlx::query_scalar(sql)
                    .bind("a")
                    .bind("b")
                    .fetch_one(&mut conn)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(got, "bab");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_in_memory_sqlite_database_works_like_a_file() {
    let store = loket_store::connect("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    let org = store
        .upsert_organisation(&new_org("utrecht"), at(0))
        .await
        .unwrap();
    store
        .upsert_whatsapp_channel(org.id, &new_channel("1001"), at(0))
        .await
        .unwrap();
    assert_eq!(store.list_channels(org.id).await.unwrap().len(), 1);
    assert_eq!(store.backend(), Backend::Sqlite);
}

#[tokio::test]
async fn an_unknown_database_scheme_is_refused() {
    assert!(
        loket_store::connect("mysql://localhost/loket")
            .await
            .is_err()
    );
}
