//! Configuration is the truth: applied whole or not at all, and what it no longer declares
//! is disabled (not deleted) until declared again.

use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn app(name: &str) -> MetaApp {
    MetaApp {
        name: name.into(),
        app_secret: format!("sealed-secret-of-{name}"),
        verify_token: format!("sealed-verify-of-{name}"),
        graph_base_url: "http://127.0.0.1:1".into(),
    }
}

fn org(slug: &str, token: &str, numbers: &[&str]) -> OrgProvisioning {
    OrgProvisioning {
        organisation: new_org(slug),
        token_hashes: vec![token.to_owned()],
        whatsapp_channels: numbers.iter().map(|n| new_channel(n)).collect(),
        teams: vec![],
        require_2fa: false,
    }
}

fn spec(apps: &[&str], orgs: Vec<OrgProvisioning>) -> ProvisioningSpec {
    ProvisioningSpec {
        apps: apps.iter().map(|a| app(a)).collect(),
        organisations: orgs,
    }
}

#[tokio::test]
async fn what_the_configuration_no_longer_declares_is_disabled_and_declaring_it_again_enables_it() {
    for db in test_databases().await {
        let store = db.store.clone();
        let full = spec(
            &["default", "second"],
            vec![
                org("utrecht", "hash-utrecht", &["1001"]),
                org("zeist", "hash-zeist", &["2002"]),
            ],
        );
        let applied = store.apply_provisioning(&full, at(0)).await.unwrap();
        assert_eq!(applied.organisations.len(), 2);
        assert_eq!(applied.channels.len(), 2);
        let zeist = applied.organisations[1].clone();

        let smaller = spec(&["default"], vec![org("utrecht", "hash-utrecht", &[])]);
        let applied = store.apply_provisioning(&smaller, at(10)).await.unwrap();
        assert_eq!(
            (
                applied.disabled_apps,
                applied.disabled_organisations,
                applied.disabled_channels
            ),
            (1, 1, 2)
        );
        let names: Vec<String> = store
            .list_meta_apps()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, vec!["default"]);
        assert_eq!(
            store.find_org_by_token_hash("hash-zeist").await.unwrap(),
            None
        );
        assert!(
            store
                .find_org_by_token_hash("hash-utrecht")
                .await
                .unwrap()
                .is_some()
        );
        assert!(!store.get_organisation(zeist.id).await.unwrap().enabled);
        for number in ["1001", "2002"] {
            let channel = store.find_channel_by_phone_number_id(number).await.unwrap();
            assert!(!channel.expect("kept, not deleted").enabled, "{number}");
        }

        let applied = store.apply_provisioning(&full, at(20)).await.unwrap();
        assert_eq!(
            applied.organisations[1].id, zeist.id,
            "the same organisation"
        );
        assert!(applied.organisations[1].enabled);
        assert!(applied.channels.iter().all(|c| c.enabled));
        assert_eq!(store.list_meta_apps().await.unwrap().len(), 2);
        assert_eq!(
            store
                .find_org_by_token_hash("hash-zeist")
                .await
                .unwrap()
                .map(|o| o.id),
            Some(zeist.id)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_provisioning_that_fails_halfway_leaves_nothing_behind() {
    for db in test_databases().await {
        let store = db.store.clone();
        store
            .apply_provisioning(
                &spec(&["default"], vec![org("zeist", "hash-zeist", &[])]),
                at(0),
            )
            .await
            .unwrap();
        // The new organisation comes first and is complete; the second names a token that
        // belongs to zeist, which only the database can tell.
        let failing = spec(
            &["default", "new-app"],
            vec![
                org("utrecht", "hash-utrecht", &["1001"]),
                org("zeist", "hash-zeist", &[]),
                org("houten", "hash-zeist", &[]),
            ],
        );
        let result = store.apply_provisioning(&failing, at(10)).await;
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
        assert_eq!(
            store.find_organisation_by_slug("utrecht").await.unwrap(),
            None
        );
        assert_eq!(
            store.find_org_by_token_hash("hash-utrecht").await.unwrap(),
            None
        );
        assert_eq!(
            store.find_channel_by_phone_number_id("1001").await.unwrap(),
            None
        );
        assert_eq!(store.list_meta_apps().await.unwrap().len(), 1);
        let zeist = store.find_org_by_token_hash("hash-zeist").await.unwrap();
        assert!(zeist.is_some(), "the previous state is whole");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn concurrent_upserts_of_one_channel_all_succeed_and_make_one_channel() {
    for db in test_databases().await {
        let store = db.store.clone();
        let org = store
            .upsert_organisation(&new_org("utrecht"), at(0))
            .await
            .unwrap();
        let other = store
            .upsert_organisation(&new_org("zeist"), at(0))
            .await
            .unwrap();
        let upserts: Vec<_> = (0..8)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .upsert_whatsapp_channel(org.id, &new_channel("1001"), at(i))
                        .await
                })
            })
            .collect();
        let mut channels: Vec<Channel> = Vec::new();
        for upsert in upserts {
            channels.push(
                upsert
                    .await
                    .unwrap()
                    .expect("every concurrent upsert succeeds"),
            );
        }
        assert!(channels.iter().all(|c| c.id == channels[0].id));
        assert_eq!(store.list_channels(org.id).await.unwrap().len(), 1);
        // Another organisation's upserts, also concurrent, are refused and change nothing.
        let thefts: Vec<_> = (0..4)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .upsert_whatsapp_channel(other.id, &new_channel("1001"), at(i))
                        .await
                })
            })
            .collect();
        for theft in thefts {
            assert!(matches!(theft.await.unwrap(), Err(StoreError::Conflict(_))));
        }
        assert_eq!(store.list_channels(other.id).await.unwrap(), vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_first_secret_key_check_is_kept_and_secrets_are_replaced_only_when_unchanged() {
    for db in test_databases().await {
        let store = db.store.clone();
        assert_eq!(store.init_secret_key_check("first").await.unwrap(), "first");
        assert_eq!(
            store.init_secret_key_check("second").await.unwrap(),
            "first"
        );

        store
            .apply_provisioning(
                &spec(&["default"], vec![org("utrecht", "h", &["1001"])]),
                at(0),
            )
            .await
            .unwrap();
        let secrets = store.list_stored_secrets().await.unwrap();
        let columns: Vec<SecretColumn> = secrets.iter().map(|s| s.column).collect();
        assert_eq!(
            columns,
            vec![
                SecretColumn::AppSecret,
                SecretColumn::VerifyToken,
                SecretColumn::AccessToken
            ]
        );
        let mut stale = secrets[0].clone();
        stale.value = "not what is stored".into();
        let changes = vec![
            (secrets[0].clone(), "resealed-secret".to_owned()),
            (secrets[2].clone(), "resealed-token".to_owned()),
            (stale, "lost".to_owned()),
        ];
        assert_eq!(store.replace_stored_secrets(&changes).await.unwrap(), 2);
        let after = store.list_stored_secrets().await.unwrap();
        assert_eq!(after[0].value, "resealed-secret");
        assert_eq!(after[1].value, secrets[1].value);
        assert_eq!(after[2].value, "resealed-token");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn instances_that_start_together_apply_the_same_configuration_without_conflict() {
    for db in test_databases().await {
        let store = db.store.clone();
        let declared = spec(
            &["default"],
            vec![
                org("utrecht", "hash-utrecht", &["1001", "1002"]),
                org("zeist", "hash-zeist", &["2002"]),
            ],
        );
        // Twice: on an empty database, and again over the state the first round made.
        for round in 0..2 {
            let starts: Vec<_> = (0..4)
                .map(|i| {
                    let store = store.clone();
                    let declared = declared.clone();
                    tokio::spawn(async move {
                        store
                            .apply_provisioning(&declared, at(round * 10 + i))
                            .await
                    })
                })
                .collect();
            for start in starts {
                let applied = start.await.unwrap().expect("every start succeeds");
                assert_eq!(applied.channels.len(), 3);
            }
        }
        let utrecht = store
            .find_organisation_by_slug("utrecht")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.list_channels(utrecht.id).await.unwrap().len(), 2);
        assert!(
            store
                .find_org_by_token_hash("hash-zeist")
                .await
                .unwrap()
                .is_some()
        );
        db.cleanup().await;
    }
}
