//! Each organisation's privacy policy (issue 10), as the configuration declares it:
//! applied by provisioning at every start, read by ingestion and sending.

use async_trait::async_trait;
use loket_domain::OrgId;
use loket_domain::privacy::PrivacyPolicy;

use crate::StoreResult;

#[async_trait]
pub trait PrivacyStore {
    /// Replace `org`'s policy (`None`: back to the defaults). `NotFound` for an unknown
    /// organisation.
    async fn set_privacy_policy(
        &self,
        org: OrgId,
        policy: Option<&PrivacyPolicy>,
    ) -> StoreResult<()>;

    /// `org`'s policy; the defaults when none was set.
    async fn privacy_policy(&self, org: OrgId) -> StoreResult<PrivacyPolicy>;
}
