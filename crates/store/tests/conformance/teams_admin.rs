//! Teams changed in the admin pages: renaming and taking a member off, scoped by
//! organisation like everything else.

use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

#[tokio::test]
async fn a_team_is_renamed_only_through_its_own_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let team = f.team("wmo").await;
        let refused = other.store.rename_team(other.org.id, team, "Weg").await;
        assert!(matches!(refused, Err(StoreError::NotFound)));
        f.store
            .rename_team(f.org.id, team, "Zorg en Wmo")
            .await
            .unwrap();
        let renamed = f.store.get_team(f.org.id, team).await.unwrap();
        assert_eq!(
            (renamed.slug.as_str(), renamed.name.as_str()),
            ("wmo", "Zorg en Wmo")
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_member_is_taken_off_a_team_idempotently_and_never_through_another_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let anna = f.member("anna@utrecht.nl").await;
        let team = f.team("wmo").await;
        f.store.add_team_member(f.org.id, team, anna).await.unwrap();
        let refused = other
            .store
            .remove_team_member(other.org.id, team, anna)
            .await;
        assert!(matches!(refused, Err(StoreError::NotFound)));
        assert_eq!(
            f.store.list_team_members(f.org.id, team).await.unwrap(),
            vec![anna]
        );
        f.store
            .remove_team_member(f.org.id, team, anna)
            .await
            .unwrap();
        f.store
            .remove_team_member(f.org.id, team, anna)
            .await
            .unwrap();
        assert!(
            f.store
                .list_team_members(f.org.id, team)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}
