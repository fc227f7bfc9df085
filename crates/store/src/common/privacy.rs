// Privacy policies per organisation (`crate::privacy`), shared by both backends.

use crate::privacy::PrivacyStore;
use loket_domain::privacy::PrivacyPolicy;

#[async_trait]
impl PrivacyStore for StoreImpl {
    async fn set_privacy_policy(
        &self,
        org: OrgId,
        policy: Option<&PrivacyPolicy>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        require_organisation(&mut tx, org).await?;
        sqlx::query("delete from org_privacy where org_id = $1")
            .bind(org.to_string())
            .execute(&mut *tx)
            .await?;
        if let Some(policy) = policy {
            sqlx::query("insert into org_privacy (org_id, policy) values ($1, $2)")
                .bind(org.to_string())
                .bind(to_json(policy)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn privacy_policy(&self, org: OrgId) -> StoreResult<PrivacyPolicy> {
        let text: Option<String> =
            sqlx::query_scalar("select policy from org_privacy where org_id = $1")
                .bind(org.to_string())
                .fetch_optional(self.reader())
                .await?;
        match text {
            None => Ok(PrivacyPolicy::default()),
            Some(text) => json(&text),
        }
    }
}

/// `NotFound` unless `org` exists: a policy for an unknown organisation is refused before
/// anything is deleted (shared with the office hours' policies).
async fn require_organisation(conn: &mut Conn, org: OrgId) -> StoreResult<()> {
    let known: Option<String> = sqlx::query_scalar("select id from organisations where id = $1")
        .bind(org.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    known.map(|_| ()).ok_or(StoreError::NotFound)
}
