//! A message template as last synced from the provider.

use loket_domain::{ChannelId, Timestamp};
use loket_engine::records::TemplateRecord;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub(crate) struct TemplateView {
    channel_id: ChannelId,
    template_id: String,
    name: String,
    language: String,
    status: String,
    category: String,
    parameter_format: Option<String>,
    /// The provider's component definitions, as the provider gives them.
    components: Value,
    updated_at: Timestamp,
}

impl From<TemplateRecord> for TemplateView {
    fn from(t: TemplateRecord) -> Self {
        Self {
            channel_id: t.channel_id,
            template_id: t.template_id,
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category,
            parameter_format: t.parameter_format,
            components: t.components,
            updated_at: t.updated_at,
        }
    }
}
