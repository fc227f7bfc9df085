//! Residents and how a channel identifies them.

use serde::{Deserialize, Serialize};

/// How WhatsApp identifies a resident. Since 2026 a resident may come with a phone
/// number (`wa_id`), a business-scoped user id (`user_id`), a username, or any subset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelIdentity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// One way of recognising a resident, as stored: kind + value, unique per organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    WaId,
    UserId,
    Username,
}

impl IdentityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WaId => "wa_id",
            Self::UserId => "user_id",
            Self::Username => "username",
        }
    }
}

impl ChannelIdentity {
    /// The identity's parts, most stable first: a business-scoped user id survives a
    /// number change, a phone number is what most residents have, a username last.
    pub fn keys(&self) -> Vec<(IdentityKind, &str)> {
        let mut keys = Vec::with_capacity(3);
        if let Some(v) = self.user_id.as_deref().filter(|v| !v.is_empty()) {
            keys.push((IdentityKind::UserId, v));
        }
        if let Some(v) = self.wa_id.as_deref().filter(|v| !v.is_empty()) {
            keys.push((IdentityKind::WaId, v));
        }
        if let Some(v) = self.username.as_deref().filter(|v| !v.is_empty()) {
            keys.push((IdentityKind::Username, v));
        }
        keys
    }

    pub fn is_empty(&self) -> bool {
        self.keys().is_empty()
    }
}

/// What the channel told us about the resident with a message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactProfile {
    pub identity: ChannelIdentity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_keys_put_the_stable_user_id_first_and_skip_missing_parts() {
        let id = ChannelIdentity {
            wa_id: Some("31612345678".into()),
            user_id: Some("NL.123".into()),
            username: None,
        };
        assert_eq!(
            id.keys(),
            vec![
                (IdentityKind::UserId, "NL.123"),
                (IdentityKind::WaId, "31612345678")
            ]
        );
        assert!(ChannelIdentity::default().is_empty());
    }
}
