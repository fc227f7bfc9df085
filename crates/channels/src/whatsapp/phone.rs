//! `GET /{phone-number-id}`: what Meta knows of the business number. The admin pages'
//! "test connection" asks it: an answer proves the token, the app's Graph URL and the
//! number's id together.

use secrecy::ExposeSecret;
use serde::Deserialize;

use super::client::{GraphClient, check_plain_id, json_body};
use super::errors::GraphError;

const PHONE_FIELDS: &str = "display_phone_number,verified_name,quality_rating";

/// The business number as Meta describes it (every field optional: Meta omits some).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct PhoneNumberInfo {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_phone_number: Option<String>,
    #[serde(default)]
    pub verified_name: Option<String>,
    #[serde(default)]
    pub quality_rating: Option<String>,
}

impl GraphClient {
    pub async fn phone_number(&self, phone_number_id: &str) -> Result<PhoneNumberInfo, GraphError> {
        check_plain_id("phone number id", phone_number_id)?;
        let url = format!("{}/{phone_number_id}", self.base_url);
        let response = self
            .http
            .get(url)
            .query(&[("fields", PHONE_FIELDS)])
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.timeouts.request)
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        json_body(response, "phone number").await
    }
}
