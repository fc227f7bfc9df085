//! Personal data at the door (issue 10): each organisation's privacy policy as the
//! configuration declares it, the check on what agents send, and the automatic replies
//! an inbound message earns (the resident's notice first).
//! Masking itself happens in ingestion (`ingest.rs`), before the commit, with
//! [`loket_domain::privacy::masking`].

pub mod auto_replies;

use std::sync::Arc;

use loket_domain::OrgId;
use loket_domain::outbound::TemplateParams;
use loket_domain::privacy::PrivacyPolicy;
use loket_domain::privacy::outbound::check_outbound;

use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

impl Engine {
    /// Apply the configured policies by organisation slug (`None`: the defaults). Unknown
    /// slugs are an error: provisioning has created every declared organisation first.
    pub async fn apply_privacy_policies(
        &self,
        policies: &[(String, Option<PrivacyPolicy>)],
    ) -> Result<(), EngineError> {
        for (slug, policy) in policies {
            let org = self
                .store()
                .find_organisation_by_slug(slug)
                .await?
                .ok_or(EngineError::NotFound)?;
            self.store()
                .set_privacy_policy(org.id, policy.as_ref())
                .await?;
        }
        self.forget_routes();
        Ok(())
    }

    /// `org`'s policy (the defaults when none is configured).
    pub async fn privacy_policy(&self, org: OrgId) -> Result<Arc<PrivacyPolicy>, EngineError> {
        Ok(Arc::new(self.store().privacy_policy(org).await?))
    }

    /// Refuse a reply that holds personal data the policy does not let through as it is.
    /// Only people's replies are checked: Loket's own texts (the notice) are not theirs.
    pub(crate) async fn check_personal_data(
        &self,
        org: OrgId,
        request: &SendRequest,
    ) -> Result<(), EngineError> {
        let texts = outgoing_texts(&request.outgoing);
        if texts.is_empty() {
            return Ok(());
        }
        let policy = self.privacy_policy(org).await?;
        check_outbound(texts, &policy, request.confirm_personal_data).map_err(|refusal| {
            metrics::counter!("loket_outbound_personal_data_refused_total").increment(1);
            tracing::info!(
                kinds = ?refusal.findings().iter().map(|f| f.kind.as_str()).collect::<Vec<_>>(),
                "a reply with personal data was held back"
            );
            EngineError::PersonalData(refusal)
        })
    }
}

/// The texts of a reply the resident will read and that an agent typed.
fn outgoing_texts(outgoing: &Outgoing) -> Vec<&str> {
    match outgoing {
        Outgoing::Text { body, .. } => vec![body.as_str()],
        Outgoing::Media(files) => files.iter().filter_map(|f| f.caption.as_deref()).collect(),
        Outgoing::Interactive(i) => [i.header.as_deref(), Some(&i.body), i.footer.as_deref()]
            .into_iter()
            .flatten()
            .collect(),
        Outgoing::Template(t) => match &t.parameters {
            TemplateParams::Positional(values) => values.iter().map(String::as_str).collect(),
            TemplateParams::Named(values) => values.values().map(String::as_str).collect(),
        },
        Outgoing::Reaction { .. } => Vec::new(),
    }
}
