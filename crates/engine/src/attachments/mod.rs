//! What is done to a file a resident sent before anyone sees it: its type told from the
//! bytes and held against the allow-list, a virus scan by clamd when one is configured,
//! and photos' metadata (GPS, device, time) stripped. A file that fails is quarantined:
//! its bytes are not kept and no route serves it; the agent sees why.

pub mod clamd;
pub mod strip;

use std::time::Duration;

use bytes::Bytes;
use loket_domain::input::sniff;

use crate::Engine;
pub use clamd::{ClamdAddress, ScanError, ScanResult};

/// How attachments are checked (`[attachments]` in the configuration).
#[derive(Debug, Clone)]
pub struct AttachmentOptions {
    /// clamd's address; `None`: no virus scan (the type and metadata checks still run).
    pub clamd: Option<ClamdAddress>,
    /// How long one scan may take before the fetch is retried.
    pub scan_timeout: Duration,
    /// Keep the unstripped photo beside the shown one (`…/media/ID.original`), never
    /// served; off by default: the location in a photo is rarely needed and is personal data.
    pub keep_original: bool,
}

impl Default for AttachmentOptions {
    fn default() -> Self {
        Self {
            clamd: None,
            scan_timeout: Duration::from_secs(60),
            keep_original: false,
        }
    }
}

/// The outcome of checking one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Inspected {
    Accepted {
        /// What may be shown: for photos, without metadata.
        shown: Bytes,
        /// The file as received, when policy keeps it and it differs from `shown`.
        original: Option<Bytes>,
        /// The type the bytes are (not the one announced).
        mime_type: &'static str,
    },
    /// Never shown or kept; the reason in Dutch, for the agent.
    Quarantined { reason: String },
}

impl Engine {
    /// Check a received file. `Err` only when the virus scanner could not answer: the
    /// fetch is retried rather than a file shown unscanned.
    pub async fn inspect_attachment(&self, bytes: Bytes) -> Result<Inspected, ScanError> {
        inspect(&self.inner.options.attachments, bytes).await
    }
}

pub async fn inspect(options: &AttachmentOptions, bytes: Bytes) -> Result<Inspected, ScanError> {
    let sniffed = match sniff(&bytes) {
        Ok(sniffed) => sniffed,
        Err(refusal) => return Ok(quarantined(refusal.dutch())),
    };
    if let Some(address) = &options.clamd {
        // The file as received is scanned, before anything is made of it.
        if let ScanResult::Infected(signature) =
            clamd::scan(address, &bytes, options.scan_timeout).await?
        {
            tracing::warn!(%signature, "virus scanner: attachment quarantined");
            return Ok(quarantined(format!(
                "de virusscanner vond er iets schadelijks in ({signature})"
            )));
        }
    }
    let shown = if sniffed.mime_type.starts_with("image/") {
        match strip::strip_metadata(sniffed.mime_type, &bytes) {
            Some(stripped) => stripped,
            // An image whose metadata cannot be removed is not shown with it.
            None => return Ok(quarantined("de foto is beschadigd of onleesbaar".into())),
        }
    } else {
        bytes.clone()
    };
    let original = (options.keep_original && shown != bytes).then_some(bytes);
    Ok(Inspected::Accepted {
        shown,
        original,
        mime_type: sniffed.mime_type,
    })
}

fn quarantined(reason: String) -> Inspected {
    Inspected::Quarantined {
        reason: format!("De bijlage is in quarantaine gezet: {reason}."),
    }
}
