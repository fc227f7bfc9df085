//! What provisioning hands the store: the whole declared configuration, applied in one
//! transaction (`Store::apply_provisioning`), and what it did.

use crate::models::{Channel, MetaApp, NewOrganisation, NewWhatsappChannel, Organisation};
use crate::people::NewTeam;

/// Everything a configuration declares. What it does not declare is disabled.
///
/// Secret fields (`MetaApp::app_secret`, `verify_token`, `NewWhatsappChannel::access_token`)
/// are stored as given: the engine seals them before they reach the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProvisioningSpec {
    pub apps: Vec<MetaApp>,
    pub organisations: Vec<OrgProvisioning>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgProvisioning {
    pub organisation: NewOrganisation,
    /// SHA-256 hashes of the configured API tokens (exactly these stay enabled).
    pub token_hashes: Vec<String>,
    pub whatsapp_channels: Vec<NewWhatsappChannel>,
    /// `[[organisation.team]]`: exactly these declared teams stay enabled.
    pub teams: Vec<NewTeam>,
    /// Members must pass a second factor to work for this organisation.
    pub require_2fa: bool,
}

/// The state after provisioning, and what it disabled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppliedProvisioning {
    pub organisations: Vec<Organisation>,
    pub channels: Vec<Channel>,
    /// Enabled before, no longer declared, now disabled.
    pub disabled_apps: usize,
    pub disabled_organisations: usize,
    pub disabled_channels: usize,
}

/// Where a stored secret lives, for re-sealing (e.g. plaintext from before encryption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretColumn {
    AppSecret,
    VerifyToken,
    AccessToken,
}

/// One stored secret value, opaque to the store.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredSecret {
    pub column: SecretColumn,
    /// The app's name, or the channel's id.
    pub owner: String,
    pub value: String,
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSecret")
            .field("column", &self.column)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}
