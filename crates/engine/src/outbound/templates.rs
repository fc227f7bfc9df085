//! Message templates: synced from Meta per channel (on demand and on a schedule), kept in
//! the store, and checked before a template is queued: only approved ones, with the
//! parameters the template expects.

use loket_channels::whatsapp::TemplateInfo;
use loket_domain::outbound::{TemplateMessage, TemplateParams};
use loket_domain::{ChannelId, OrgId};
use loket_store::{Job, TemplateRecord};
use serde::Deserialize;
use serde_json::json;

use crate::jobs::JobError;
use crate::{Engine, EngineError};

pub const SYNC_TEMPLATES: &str = "templates.sync";

impl Engine {
    /// Fetch the channel's templates from Meta now; returns how many there are.
    pub async fn sync_templates(
        &self,
        org: OrgId,
        channel_id: ChannelId,
    ) -> Result<usize, EngineError> {
        let channel = self.whatsapp_channel(org, channel_id).await?;
        let listed = self
            .graph_client(&channel)
            .all_templates(&channel.waba_id)
            .await
            .map_err(|e| EngineError::Other(anyhow::anyhow!("{e}")))?;
        let now = self.clock().now();
        let records: Vec<TemplateRecord> = listed
            .into_iter()
            .map(|t| TemplateRecord {
                channel_id,
                template_id: t.id,
                name: t.name,
                language: t.language,
                status: t.status,
                category: t.category,
                parameter_format: t.parameter_format,
                components: t.components,
                updated_at: now,
            })
            .collect();
        self.store()
            .replace_templates(org, channel_id, &records)
            .await?;
        Ok(records.len())
    }

    /// Fetch every enabled WhatsApp channel's templates now, then list them all.
    pub async fn sync_all_templates(&self, org: OrgId) -> Result<Vec<TemplateRecord>, EngineError> {
        for channel in self.store().list_channels(org).await? {
            if channel.waba_id.is_some() && channel.enabled {
                self.sync_templates(org, channel.id).await?;
            }
        }
        Ok(self.store().list_templates(org, None).await?)
    }

    /// Queue a sync of every WhatsApp channel's templates (at start-up and on a schedule).
    pub async fn schedule_template_syncs(&self, orgs: &[OrgId]) -> Result<usize, EngineError> {
        let now = self.clock().now();
        let mut n = 0;
        for &org in orgs {
            for channel in self.store().list_channels(org).await? {
                if channel.waba_id.is_some() && channel.enabled {
                    let job = loket_store::NewJob {
                        kind: SYNC_TEMPLATES.into(),
                        payload: json!({ "org_id": org, "channel_id": channel.id }),
                        run_at: now,
                        max_attempts: 3,
                    };
                    self.store().enqueue_job(&job, now).await?;
                    n += 1;
                }
            }
        }
        self.notify_jobs();
        Ok(n)
    }

    pub(crate) async fn run_template_sync(&self, job: &Job) -> Result<(), JobError> {
        #[derive(Deserialize)]
        struct P {
            org_id: OrgId,
            channel_id: ChannelId,
        }
        let p: P = serde_json::from_value(job.payload.clone())
            .map_err(|e| JobError::Permanent(e.to_string()))?;
        let enabled = self
            .channel_enabled(p.org_id, p.channel_id)
            .await
            .map_err(|e| JobError::Retryable(e.to_string()))?;
        if !enabled {
            // Queued before the channel was removed: retrying cannot help.
            return Err(JobError::Permanent("the channel is disabled".into()));
        }
        self.sync_templates(p.org_id, p.channel_id)
            .await
            .map(|_| ())
            .map_err(|e| JobError::Retryable(e.to_string()))
    }

    /// Only approved templates, in a synced language, with exactly the parameters they
    /// expect and the header media they need; returns the template as listed.
    pub(crate) async fn check_template(
        &self,
        org: OrgId,
        channel: ChannelId,
        t: &TemplateMessage,
    ) -> Result<TemplateInfo, EngineError> {
        let Some(record) = self
            .store()
            .find_template(org, channel, &t.name, &t.language)
            .await?
        else {
            return Err(EngineError::Invalid(vec![format!(
                "template {:?} in language {:?} is not known for this channel (sync the templates first)",
                t.name, t.language
            )]));
        };
        if record.status != "APPROVED" {
            return Err(EngineError::Invalid(vec![format!(
                "template {:?} cannot be sent: its status is {} (only APPROVED templates can be sent)",
                t.name, record.status
            )]));
        }
        let info = TemplateInfo {
            id: record.template_id,
            name: record.name,
            language: record.language,
            status: record.status,
            category: record.category,
            parameter_format: record.parameter_format,
            components: record.components,
        };
        check_parameters(&info, &t.parameters)?;
        check_header_media(&info, t)?;
        Ok(info)
    }
}

/// A template whose header shows an image, video or document is refused by Meta without
/// one (after it was queued): refused here, before anything is stored.
fn check_header_media(info: &TemplateInfo, t: &TemplateMessage) -> Result<(), EngineError> {
    let needed = info.header_media_kind();
    let given = t.header_media.as_ref().map(|h| h.kind);
    let problem = match (needed, given) {
        (Some(kind), None) => Some(format!(
            "template {:?} has a {} header: send header_media with kind {} and a link or media_id",
            info.name,
            kind.as_str(),
            kind.as_str()
        )),
        (Some(kind), Some(other)) if kind != other => Some(format!(
            "template {:?} has a {} header, not {}",
            info.name,
            kind.as_str(),
            other.as_str()
        )),
        (None, Some(_)) => Some(format!(
            "template {:?} has no media header: leave header_media out",
            info.name
        )),
        _ => None,
    };
    match problem {
        Some(p) => Err(EngineError::Invalid(vec![p])),
        None => Ok(()),
    }
}

fn check_parameters(info: &TemplateInfo, given: &TemplateParams) -> Result<(), EngineError> {
    let named = info.parameter_format.as_deref() == Some("NAMED");
    let problem = match (named, given) {
        (true, TemplateParams::Named(values)) => {
            let expected = info.parameter_names();
            let missing: Vec<_> = expected
                .iter()
                .filter(|n| !values.contains_key(*n))
                .collect();
            let unknown: Vec<_> = values.keys().filter(|k| !expected.contains(k)).collect();
            (!missing.is_empty() || !unknown.is_empty())
                .then(|| format!("template {:?} expects parameters {expected:?}; missing {missing:?}, unknown {unknown:?}", info.name))
        }
        (true, TemplateParams::Positional(v))
            if !v.is_empty() || !info.parameter_names().is_empty() =>
        {
            Some(format!(
                "template {:?} takes named parameters {:?}: send them as an object",
                info.name,
                info.parameter_names()
            ))
        }
        (false, TemplateParams::Named(m)) if !m.is_empty() => Some(format!(
            "template {:?} takes positional parameters: send them as a list",
            info.name
        )),
        (false, given) if given.len() != info.positional_count() => Some(format!(
            "template {:?} expects {} parameters, got {}",
            info.name,
            info.positional_count(),
            given.len()
        )),
        _ => None,
    };
    match problem {
        Some(p) => Err(EngineError::Invalid(vec![p])),
        None => Ok(()),
    }
}
