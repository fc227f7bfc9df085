//! What the edges ask besides the agents' operations: readiness, who a token belongs to,
//! the deployment's admin views and the operators' tools. The store stays private to the
//! engine, so every caller goes through these.

use loket_domain::{ChannelId, MessageId, OrgId};
use loket_store::{
    Channel, MessageRecord, Organisation, QueueStats, TemplateRecord, UnroutedEvent,
};

use crate::provision::hash_api_token;
use crate::{Engine, EngineError};

impl Engine {
    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> Result<(), EngineError> {
        Ok(self.store().ping().await?)
    }

    /// The organisation whose API token this is, if any. Only the token's hash is
    /// looked up: the database never holds the token itself.
    pub async fn authenticate_token(
        &self,
        token: &str,
    ) -> Result<Option<Organisation>, EngineError> {
        let hash = hash_api_token(token);
        Ok(self.store().find_org_by_token_hash(&hash).await?)
    }

    /// The organisation's templates as last synced, optionally of one channel.
    pub async fn list_templates(
        &self,
        org: OrgId,
        channel: Option<ChannelId>,
    ) -> Result<Vec<TemplateRecord>, EngineError> {
        Ok(self.store().list_templates(org, channel).await?)
    }

    /// Webhook events no channel could take (deployment admins only: not scoped by
    /// organisation, because no organisation is known for them yet).
    pub async fn list_unrouted_events(
        &self,
        include_replayed: bool,
        limit: u32,
    ) -> Result<Vec<UnroutedEvent>, EngineError> {
        Ok(self.store().list_unrouted(include_replayed, limit).await?)
    }

    pub async fn find_organisation_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<Organisation>, EngineError> {
        Ok(self.store().find_organisation_by_slug(slug).await?)
    }

    pub async fn list_channels(&self, org: OrgId) -> Result<Vec<Channel>, EngineError> {
        Ok(self.store().list_channels(org).await?)
    }

    pub async fn get_message(
        &self,
        org: OrgId,
        id: MessageId,
    ) -> Result<MessageRecord, EngineError> {
        Ok(self.store().get_message(org, id).await?)
    }

    /// Jobs waiting or running, and how long the oldest due one has waited (metrics).
    pub async fn queue_stats(&self) -> Result<QueueStats, EngineError> {
        Ok(self.store().queue_stats(self.clock().now()).await?)
    }
}
