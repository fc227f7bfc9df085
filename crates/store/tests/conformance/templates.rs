use loket_domain::inbound::TemplateStatusUpdate;
use loket_domain::{ChannelId, Timestamp};
use loket_store::testing::test_databases;
use loket_store::*;
use serde_json::json;

use super::support::*;

fn template(
    channel: ChannelId,
    id: &str,
    name: &str,
    language: &str,
    when: Timestamp,
) -> TemplateRecord {
    TemplateRecord {
        channel_id: channel,
        template_id: id.into(),
        name: name.into(),
        language: language.into(),
        status: "APPROVED".into(),
        category: "UTILITY".into(),
        parameter_format: Some("NAMED".into()),
        components: json!([{ "type": "BODY", "text": "Beste {{naam}}, uw afspraak staat." }]),
        updated_at: when,
    }
}

fn keys(templates: &[TemplateRecord]) -> Vec<(&str, &str, &str)> {
    templates
        .iter()
        .map(|t| (t.name.as_str(), t.language.as_str(), t.template_id.as_str()))
        .collect()
}

fn status_item(
    f: &Fixture,
    channel: Option<ChannelId>,
    template_id: &str,
    name: &str,
    language: &str,
    event: &str,
) -> IngestItem {
    IngestItem::TemplateStatus {
        org_id: Some(f.org.id),
        channel_id: channel,
        account_id: "waba-1".into(),
        update: TemplateStatusUpdate {
            template_id: template_id.into(),
            name: name.into(),
            language: language.into(),
            event: event.into(),
            reason: None,
            at: Some(at(100)),
            raw: json!({ "event": event }),
        },
    }
}

#[tokio::test]
async fn replace_templates_makes_the_given_set_the_channels_templates() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let c = f.channel.id;
        let first = vec![
            template(c, "1", "herinnering", "nl", at(1)),
            template(c, "2", "afspraak", "nl", at(1)),
            template(c, "3", "afspraak", "en", at(1)),
        ];
        f.store
            .replace_templates(f.org.id, c, &first)
            .await
            .unwrap();
        let listed = f.store.list_templates(f.org.id, Some(c)).await.unwrap();
        assert_eq!(
            keys(&listed),
            vec![
                ("afspraak", "en", "3"),
                ("afspraak", "nl", "2"),
                ("herinnering", "nl", "1")
            ]
        );
        assert_eq!(listed[2], first[0]);

        // A second sync: one updated, one kept, one gone, one new.
        let mut updated = template(c, "2b", "afspraak", "nl", at(2));
        updated.status = "PAUSED".into();
        updated.parameter_format = None;
        let second = vec![
            updated.clone(),
            template(c, "3", "afspraak", "en", at(2)),
            template(c, "4", "bevestiging", "nl", at(2)),
        ];
        f.store
            .replace_templates(f.org.id, c, &second)
            .await
            .unwrap();
        let listed = f.store.list_templates(f.org.id, None).await.unwrap();
        assert_eq!(
            keys(&listed),
            vec![
                ("afspraak", "en", "3"),
                ("afspraak", "nl", "2b"),
                ("bevestiging", "nl", "4")
            ]
        );
        assert_eq!(
            f.store
                .find_template(f.org.id, c, "afspraak", "nl")
                .await
                .unwrap(),
            Some(updated)
        );
        assert_eq!(
            f.store
                .find_template(f.org.id, c, "herinnering", "nl")
                .await
                .unwrap(),
            None
        );

        f.store.replace_templates(f.org.id, c, &[]).await.unwrap();
        assert!(
            f.store
                .list_templates(f.org.id, Some(c))
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn templates_belong_to_their_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let mine = [template(f.channel.id, "1", "afspraak", "nl", at(1))];
        f.store
            .replace_templates(f.org.id, f.channel.id, &mine)
            .await
            .unwrap();
        other
            .store
            .replace_templates(
                other.org.id,
                other.channel.id,
                &[template(other.channel.id, "9", "zwemles", "nl", at(1))],
            )
            .await
            .unwrap();

        let result = other
            .store
            .replace_templates(other.org.id, f.channel.id, &[])
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        assert_eq!(
            keys(&f.store.list_templates(f.org.id, None).await.unwrap()),
            vec![("afspraak", "nl", "1")]
        );
        assert!(
            other
                .store
                .list_templates(other.org.id, Some(f.channel.id))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            other
                .store
                .find_template(other.org.id, f.channel.id, "afspraak", "nl")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            keys(
                &other
                    .store
                    .list_templates(other.org.id, None)
                    .await
                    .unwrap()
            ),
            vec![("zwemles", "nl", "9")]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_template_status_webhook_updates_a_stored_templates_status() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let c = f.channel.id;
        let synced = [
            template(c, "1", "afspraak", "nl", at(1)),
            template(c, "2", "herinnering", "nl", at(1)),
        ];
        f.store
            .replace_templates(f.org.id, c, &synced)
            .await
            .unwrap();

        let outcomes = f
            .ingest(
                at(101),
                vec![
                    // By the provider's id…
                    status_item(&f, Some(c), "1", "afspraak", "nl", "REJECTED"),
                    // …or by name and language; an unknown template is only recorded.
                    status_item(&f, Some(c), "other-id", "herinnering", "nl", "PAUSED"),
                    status_item(&f, Some(c), "5", "onbekend", "nl", "APPROVED"),
                ],
            )
            .await;
        assert_eq!(outcomes, vec![ItemOutcome::TemplateStatusRecorded; 3]);
        let statuses: Vec<_> = f
            .store
            .list_templates(f.org.id, Some(c))
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.status, t.updated_at))
            .collect();
        assert_eq!(
            statuses,
            vec![
                ("afspraak".into(), "REJECTED".into(), at(100)),
                ("herinnering".into(), "PAUSED".into(), at(100))
            ]
        );
        assert_eq!(
            f.store
                .list_template_statuses("waba-1")
                .await
                .unwrap()
                .len(),
            3
        );

        // Without a channel nothing stored changes.
        f.ingest(
            at(102),
            vec![status_item(&f, None, "1", "afspraak", "nl", "APPROVED")],
        )
        .await;
        let stored = f
            .store
            .find_template(f.org.id, c, "afspraak", "nl")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, "REJECTED");
        db.cleanup().await;
    }
}
