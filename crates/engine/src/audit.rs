//! The audit log (issue 10 point 6): who read or changed what, from where, with what
//! result. The web layer calls [`Engine::audit`] once per action it audits; the engine
//! gives the entry its time and the store chains it.
//!
//! **A failure to audit fails the action.** `audit` returns the store's error and callers
//! answer it as an error (a 500) instead of going on: an action that leaves no trace must
//! not happen. For reads the entry is written before the data is shown; for changes it is
//! written after the change (with its outcome), so a change whose entry could not be
//! written still answers an error and is logged by id — never silently dropped.

use loket_domain::OrgId;
use loket_domain::audit::{
    Action, Actor, AuditChain, AuditEntry, Break, Outcome, Target, Verifier, hash_email,
};
use loket_domain::people::Email;
use loket_store::{AuditFilter, AuditRecord};

use crate::{Engine, EngineError};

/// How many entries verification reads at a time.
const VERIFY_PAGE: u32 = 1000;

/// One chain's verification: how many entries are intact, and the first broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// The stored key: an organisation's id or `deployment`.
    pub chain: String,
    /// The organisation's slug, when the chain is an existing organisation's.
    pub slug: Option<String>,
    pub count: u64,
    /// The hash of the last intact entry (compare with an earlier run to see removals
    /// at the end).
    pub last_hash: String,
    pub broken: Option<Break>,
}

impl Engine {
    /// Record `entry` at the engine's clock. An error means nothing was recorded: the
    /// caller must fail its action (see the module's documentation).
    pub async fn audit(&self, entry: AuditEntry) -> Result<AuditRecord, EngineError> {
        let now = self.clock().now();
        match self.store().append_audit(&entry, now).await {
            Ok(record) => Ok(record),
            Err(error) => {
                // Ids and fixed words only: an entry holds no personal content.
                tracing::error!(
                    %error,
                    chain = %entry.chain.key(),
                    action = entry.action.as_str(),
                    "an audit entry could not be written; the action fails"
                );
                Err(error.into())
            }
        }
    }

    /// Record a password sign-in attempt for `email` (never stored: the user's id, or for
    /// an address that is no user its SHA-256). A known user's attempt goes to each of
    /// their organisations' chains (the organisation is chosen after signing in), an
    /// unknown address's to the deployment's chain.
    pub async fn audit_sign_in(
        &self,
        email: &str,
        client_ip: &str,
        outcome: Outcome,
    ) -> Result<(), EngineError> {
        let user = match Email::parse(email) {
            Ok(parsed) => self.store().find_user_by_email(&parsed).await?,
            Err(_) => None,
        };
        let action = match outcome {
            Outcome::Ok => Action::SignedIn,
            _ => Action::SignInFailed,
        };
        self.audit_person(
            user.as_ref().map(|u| u.id),
            email,
            action,
            client_ip,
            outcome,
        )
        .await
    }

    /// Record a second-factor attempt (a TOTP or recovery code) of `user`.
    pub async fn audit_second_factor(
        &self,
        user: loket_domain::UserId,
        client_ip: &str,
        outcome: Outcome,
    ) -> Result<(), EngineError> {
        self.audit_person(Some(user), "", Action::SecondFactor, client_ip, outcome)
            .await
    }

    /// One entry in each chain of the person's organisations (the deployment's chain for a
    /// person without one, or an unknown address, named by its hash).
    async fn audit_person(
        &self,
        user: Option<loket_domain::UserId>,
        email: &str,
        action: Action,
        client_ip: &str,
        outcome: Outcome,
    ) -> Result<(), EngineError> {
        let (actor, mut chains) = match user {
            Some(user) => {
                let memberships = self.store().list_memberships(user).await?;
                let chains: Vec<AuditChain> = memberships
                    .iter()
                    .map(|m| AuditChain::Org(m.org_id))
                    .collect();
                (Actor::User(user), chains)
            }
            None => (Actor::Unknown(hash_email(email)), Vec::new()),
        };
        if chains.is_empty() {
            chains.push(AuditChain::Deployment);
        }
        for chain in chains {
            self.audit(AuditEntry {
                chain,
                actor: actor.clone(),
                action,
                target: Target::default(),
                client_ip: Some(client_ip.to_owned()),
                outcome,
            })
            .await?;
        }
        Ok(())
    }

    /// `org`'s entries matching `filter`, newest first, older than `before_seq`.
    pub async fn list_audit(
        &self,
        org: OrgId,
        filter: &AuditFilter,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, EngineError> {
        Ok(self
            .store()
            .list_audit(AuditChain::Org(org), filter, before_seq, limit)
            .await?)
    }

    /// Recompute every chain (or only `only`, a chain key), page by page.
    pub async fn verify_audit(&self, only: Option<&str>) -> Result<Vec<ChainReport>, EngineError> {
        let keys = match only {
            Some(key) => vec![key.to_owned()],
            None => self.store().audit_chain_keys().await?,
        };
        let mut reports = Vec::with_capacity(keys.len());
        for key in keys {
            reports.push(self.verify_chain(key).await?);
        }
        Ok(reports)
    }

    async fn verify_chain(&self, chain: String) -> Result<ChainReport, EngineError> {
        let mut verifier = Verifier::default();
        let mut after = 0;
        let broken = 'pages: loop {
            let page = self
                .store()
                .audit_chain_page(&chain, after, VERIFY_PAGE)
                .await?;
            let Some(last) = page.last() else {
                break None;
            };
            after = last.fields.seq;
            for record in &page {
                if let Err(broken) = verifier.push(&record.fields, &record.prev_hash, &record.hash)
                {
                    break 'pages Some(broken);
                }
            }
        };
        let slug = match AuditChain::parse(&chain) {
            Some(AuditChain::Org(org)) => self.store().get_organisation(org).await.ok(),
            _ => None,
        };
        Ok(ChainReport {
            slug: slug.map(|org| org.slug),
            chain,
            count: verifier.count(),
            last_hash: verifier.last_hash().to_owned(),
            broken,
        })
    }
}
