//! Graph API response shapes, shared by the client (to read them) and the simulator (to
//! produce exactly them). Field order follows Meta's own responses.

use serde::{Deserialize, Deserializer, Serialize};

/// `GET /{version}/{media-id}`:
/// `{"messaging_product":"whatsapp","url":"…","mime_type":"image/jpeg","sha256":"…","file_size":210577,"id":"…"}`.
/// The URL is valid for 5 minutes and must be fetched with the Bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    #[serde(default = "whatsapp")]
    pub messaging_product: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The file's SHA-256 as Meta reports it (base64 in webhooks; compare with
    /// [`sha256_matches`](super::client::sha256_matches), which accepts base64 and hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A number in real responses; a numeric string is tolerated.
    #[serde(
        default,
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    #[serde(default)]
    pub id: String,
}

/// `POST /{version}/{phone-number-id}/messages`, HTTP 200 (accepted, not delivered):
/// `{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
///   "messages":[{"id":"wamid.…"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendResponse {
    #[serde(default = "whatsapp")]
    pub messaging_product: String,
    #[serde(default)]
    pub contacts: Vec<SendContact>,
    #[serde(default)]
    pub messages: Vec<SentMessage>,
}

/// `input` echoes the request's `to` (or `recipient`); `wa_id` is the WhatsApp id (it may
/// differ); a send to a business-scoped user id answers with its `user_id` instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendContact {
    #[serde(default)]
    pub input: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    /// The wamid, the key of every later status webhook.
    pub id: String,
    /// Only for group sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Only for paced templates, e.g. `accepted` or `held_for_quality_assessment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<String>,
}

/// `POST /{version}/{phone-number-id}/media`: `{"id":"1037543291543636"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResponse {
    #[serde(deserialize_with = "lenient_string")]
    pub id: String,
}

/// `{"success":true}`: mark as read, delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessResponse {
    pub success: bool,
}

/// Meta's error response body: `{"error":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphErrorEnvelope {
    pub error: GraphErrorBody,
}

/// `{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,
///   "error_data":{"messaging_product":"whatsapp","details":"…"},"error_subcode":2494055,
///   "fbtrace_id":"…"}`, plus the optional `is_transient`, `error_user_title`, `error_user_msg`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient_i64")]
    pub code: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<GraphErrorData>,
    #[serde(
        default,
        deserialize_with = "lenient_opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_subcode: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_transient: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_msg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphErrorData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

impl GraphErrorEnvelope {
    /// The body Meta sends for a WhatsApp error: `message` is `"(#<code>) <title>"`,
    /// `type` is `OAuthException`.
    pub fn whatsapp(code: i64, title: &str, details: Option<&str>, fbtrace_id: &str) -> Self {
        Self {
            error: GraphErrorBody {
                message: format!("(#{code}) {title}"),
                kind: Some("OAuthException".into()),
                code,
                error_data: Some(GraphErrorData {
                    messaging_product: Some("whatsapp".into()),
                    details: details.map(str::to_owned),
                }),
                error_subcode: None,
                is_transient: None,
                error_user_title: None,
                error_user_msg: None,
                fbtrace_id: Some(fbtrace_id.to_owned()),
            },
        }
    }
}

impl GraphErrorBody {
    /// The human title: `error_user_title`, else `message` without its `(#code) ` prefix.
    pub fn title(&self) -> &str {
        if let Some(t) = self.error_user_title.as_deref().filter(|t| !t.is_empty()) {
            return t;
        }
        let m = self.message.as_str();
        match m.strip_prefix("(#").and_then(|rest| rest.split_once(") ")) {
            Some((code, title)) if code.chars().all(|c| c.is_ascii_digit()) => title,
            _ => m,
        }
    }
}

fn whatsapp() -> String {
    "whatsapp".to_owned()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrString {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
}

impl NumberOrString {
    fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Unsigned(n) => i64::try_from(*n).ok(),
            Self::Signed(n) => Some(*n),
            Self::Float(f) => Some(*f as i64),
            Self::Text(s) => s.trim().parse().ok(),
        }
    }
    fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Unsigned(n) => Some(*n),
            Self::Signed(n) => u64::try_from(*n).ok(),
            Self::Float(f) if *f >= 0.0 => Some(*f as u64),
            Self::Float(_) => None,
            Self::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// A JSON string or number as a string (ids are numbers in some responses).
pub(super) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match NumberOrString::deserialize(d)? {
        NumberOrString::Unsigned(n) => n.to_string(),
        NumberOrString::Signed(n) => n.to_string(),
        NumberOrString::Float(f) => f.to_string(),
        NumberOrString::Text(s) => s,
    })
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(Option::<NumberOrString>::deserialize(d)?.and_then(|n| n.as_u64()))
}

fn lenient_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<NumberOrString>::deserialize(d)?.and_then(|n| n.as_i64()))
}

fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    NumberOrString::deserialize(d)?
        .as_i64()
        .ok_or_else(|| serde::de::Error::custom("code is not an integer"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn media_info_reads_a_numeric_or_string_file_size_and_writes_a_number() {
        let info: MediaInfo = serde_json::from_value(json!({"messaging_product": "whatsapp",
            "url": "https://x/y", "mime_type": "image/jpeg", "sha256": "abc",
            "file_size": "210577", "id": "735292130900654"}))
        .unwrap();
        assert_eq!(info.file_size, Some(210577));
        assert_eq!(
            serde_json::to_value(&info).unwrap()["file_size"],
            json!(210577)
        );
    }

    #[test]
    fn the_send_answer_round_trips_meta_s_example_and_an_upload_id_may_be_a_number() {
        let meta = json!({"messaging_product": "whatsapp",
            "contacts": [{"input": "+16505551234", "wa_id": "16505551234"}],
            "messages": [{"id": "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA"}]});
        let parsed: SendResponse = serde_json::from_value(meta.clone()).unwrap();
        assert_eq!(parsed.contacts[0].wa_id.as_deref(), Some("16505551234"));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), meta);
        let upload: UploadResponse =
            serde_json::from_value(json!({"id": 1037543291543636_u64})).unwrap();
        assert_eq!(upload.id, "1037543291543636");
    }

    #[test]
    fn the_error_envelope_round_trips_meta_s_documented_example() {
        let meta = json!({"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException",
            "code": 130429, "error_data": {"messaging_product": "whatsapp",
            "details": "Cloud API message throughput has been reached."},
            "error_subcode": 2494055, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}});
        let parsed: GraphErrorEnvelope = serde_json::from_value(meta.clone()).unwrap();
        assert_eq!(parsed.error.code, 130429);
        assert_eq!(parsed.error.title(), "Rate limit hit");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), meta);
    }

    #[test]
    fn the_whatsapp_constructor_produces_meta_s_message_format() {
        let e = GraphErrorEnvelope::whatsapp(131047, "Re-engagement message", None, "trace");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["error"]["message"], "(#131047) Re-engagement message");
        assert_eq!(v["error"]["type"], "OAuthException");
        assert_eq!(v["error"]["error_data"]["messaging_product"], "whatsapp");
    }
}
