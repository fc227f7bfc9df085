//! What the admin and operator pages ask beyond the people API: a channel's connection
//! test (a Graph API call for its number) and the Meta apps without their secrets.

use loket_channels::whatsapp::GraphError;
use loket_domain::{ChannelId, OrgId};

use crate::{Engine, EngineError};

/// The outcome of "test connection", for the page to explain (in Dutch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelCheck {
    /// Meta knows the number: the token, the app's URL and the id work together.
    Connected {
        display_phone_number: Option<String>,
        verified_name: Option<String>,
    },
    /// The access token was refused (Graph code 190, or HTTP 401).
    TokenRefused,
    /// Meta does not know the number's id, or the token may not read it (code 100).
    UnknownNumber,
    /// No answer (connection, timeout): Meta or the network is unreachable.
    Unreachable,
    /// The channel lacks a setting (app, token, id): fix the configuration.
    Incomplete,
    /// Another Graph error; its code, for the admin to look up.
    Failed { code: Option<i64> },
}

/// A Meta app as the operator pages show it: never its secret or verify token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaAppSummary {
    pub name: String,
    pub graph_base_url: String,
}

impl Engine {
    /// Ask Meta about the channel's number. `NotFound` for another organisation's channel.
    pub async fn test_channel_connection(
        &self,
        org: OrgId,
        channel: ChannelId,
    ) -> Result<ChannelCheck, EngineError> {
        // Another organisation's channel is not found before anything else is tried.
        self.store().get_channel(org, channel).await?;
        let Ok(whatsapp) = self.whatsapp_channel(org, channel).await else {
            return Ok(ChannelCheck::Incomplete);
        };
        let answer = self
            .graph_client(&whatsapp)
            .phone_number(&whatsapp.phone_number_id)
            .await;
        Ok(match answer {
            Ok(info) => ChannelCheck::Connected {
                display_phone_number: info.display_phone_number,
                verified_name: info.verified_name,
            },
            Err(error) => check_of(&error),
        })
    }

    /// The configured Meta apps, by name, without secrets.
    pub async fn meta_app_summaries(&self) -> Result<Vec<MetaAppSummary>, EngineError> {
        let mut apps: Vec<MetaAppSummary> = self
            .store()
            .list_meta_apps()
            .await?
            .into_iter()
            .map(|app| MetaAppSummary {
                name: app.name,
                graph_base_url: app.graph_base_url,
            })
            .collect();
        apps.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(apps)
    }
}

fn check_of(error: &GraphError) -> ChannelCheck {
    match error {
        GraphError::Transport(_) | GraphError::Timeout => ChannelCheck::Unreachable,
        GraphError::Api { code: 190, .. } | GraphError::Api { status: 401, .. } => {
            ChannelCheck::TokenRefused
        }
        GraphError::Api { code: 100, .. } => ChannelCheck::UnknownNumber,
        GraphError::InvalidRequest(_) => ChannelCheck::Incomplete,
        other => ChannelCheck::Failed { code: other.code() },
    }
}
