//! Channel kinds. WhatsApp first; the others are named now so the model stays open for them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Whatsapp,
    Webchat,
    Messenger,
    Instagram,
    Email,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Whatsapp => "whatsapp",
            Self::Webchat => "webchat",
            Self::Messenger => "messenger",
            Self::Instagram => "instagram",
            Self::Email => "email",
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown channel kind {0:?}")]
pub struct UnknownChannelKind(pub String);

impl FromStr for ChannelKind {
    type Err = UnknownChannelKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "whatsapp" => Self::Whatsapp,
            "webchat" => Self::Webchat,
            "messenger" => Self::Messenger,
            "instagram" => Self::Instagram,
            "email" => Self::Email,
            other => return Err(UnknownChannelKind(other.to_owned())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_kind_round_trips_through_its_name() {
        for kind in [
            ChannelKind::Whatsapp,
            ChannelKind::Webchat,
            ChannelKind::Messenger,
            ChannelKind::Instagram,
            ChannelKind::Email,
        ] {
            assert_eq!(kind.as_str().parse::<ChannelKind>(), Ok(kind));
        }
        assert!("twitter".parse::<ChannelKind>().is_err());
    }
}
