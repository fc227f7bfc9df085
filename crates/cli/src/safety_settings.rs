//! `[attachments]` and `[organisation.links]`: how residents' files are checked and how
//! links in their messages are shown. Parsed strictly: a bad address, domain or unreadable
//! block-list file stops the start, saying which.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use loket_domain::links::DomainList;
use loket_engine::attachments::{AttachmentOptions, ClamdAddress};
use loket_web::pages::settings::{LinkPolicies, LinkPolicy};
use serde::Deserialize;

use crate::settings::Settings;

/// `[attachments]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentSettings {
    /// clamd's address, `host:port` or `unix:/path`; unset: no virus scan.
    pub clamd: Option<String>,
    /// Seconds one scan may take (default 60).
    pub scan_timeout: Option<u64>,
    /// Keep a photo's original (with its metadata) beside the stripped copy; never served.
    #[serde(default)]
    pub keep_original: bool,
}

/// `[organisation.links]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSettings {
    /// Domains whose links stay clickable (their subdomains too): the municipality's own.
    #[serde(default)]
    pub allow_domains: Vec<String>,
    /// A file of known-bad domains, one a line (`#` comments); links to them are flagged.
    pub block_list_file: Option<PathBuf>,
}

impl Settings {
    pub fn attachment_options(&self) -> anyhow::Result<AttachmentOptions> {
        let a = &self.attachments;
        let mut options = AttachmentOptions {
            keep_original: a.keep_original,
            ..Default::default()
        };
        if let Some(text) = &a.clamd {
            options.clamd = Some(
                ClamdAddress::parse(text).map_err(|e| anyhow::anyhow!("attachments.clamd: {e}"))?,
            );
        }
        match a.scan_timeout {
            Some(0) => anyhow::bail!("attachments.scan_timeout must be at least 1 second"),
            Some(secs) => options.scan_timeout = Duration::from_secs(secs),
            None => {}
        }
        Ok(options)
    }

    /// Each organisation's link policy; a block-list file named by several is read once.
    pub fn link_policies(&self) -> anyhow::Result<LinkPolicies> {
        let mut files: HashMap<PathBuf, Arc<DomainList>> = HashMap::new();
        let mut policies = Vec::new();
        for org in &self.organisations {
            let Some(links) = &org.links else { continue };
            let allow = DomainList::new(&links.allow_domains).map_err(|e| {
                anyhow::anyhow!("organisation {:?}: links.allow_domains: {e}", org.slug)
            })?;
            let block = match &links.block_list_file {
                None => Arc::default(),
                Some(path) => match files.get(path) {
                    Some(list) => list.clone(),
                    None => {
                        let list = Arc::new(read_block_list(path).with_context(|| {
                            format!("organisation {:?}: links.block_list_file", org.slug)
                        })?);
                        files.insert(path.clone(), list.clone());
                        list
                    }
                },
            };
            policies.push((org.slug.clone(), LinkPolicy { allow, block }));
        }
        Ok(LinkPolicies::new(policies))
    }
}

fn read_block_list(path: &Path) -> anyhow::Result<DomainList> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (list, skipped) = DomainList::parse_lines(&text);
    tracing::info!(
        file = %path.display(),
        domains = list.len(),
        skipped,
        "link block-list loaded"
    );
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(extra: &str) -> Settings {
        Settings::from_toml(&format!(
            "[server]\nlisten = \"127.0.0.1:0\"\ndatabase_url = \"sqlite::memory:\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn attachments_default_to_no_scanner_and_no_originals() {
        let options = settings("").attachment_options().unwrap();
        assert_eq!(options.clamd, None);
        assert!(!options.keep_original);
        let options = settings("[attachments]\nclamd = \"127.0.0.1:3310\"\nscan_timeout = 5\n")
            .attachment_options()
            .unwrap();
        assert_eq!(
            options.clamd,
            Some(ClamdAddress::Tcp("127.0.0.1:3310".into()))
        );
        assert!(
            settings("[attachments]\nclamd = \"clamd\"\n")
                .attachment_options()
                .is_err()
        );
    }

    #[test]
    fn an_organisations_links_come_from_its_allow_list_and_block_list_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.txt");
        std::fs::write(&file, "# known phishing\nevil.example\n").unwrap();
        let s = settings(&format!(
            "[[organisation]]\nslug = \"voorbeeld\"\nname = \"V\"\n\
             [organisation.links]\nallow_domains = [\"voorbeeld.nl\"]\nblock_list_file = {:?}\n",
            file.display().to_string()
        ));
        let policy = s.link_policies().unwrap().get("voorbeeld");
        assert!(policy.allow.covers("www.voorbeeld.nl"));
        assert!(policy.block.covers("x.evil.example"));
        assert!(s.link_policies().unwrap().get("other").allow.is_empty());
    }

    #[test]
    fn a_missing_block_list_file_or_a_bad_domain_stops_the_start() {
        let s = settings(
            "[[organisation]]\nslug = \"v\"\nname = \"V\"\n\
             [organisation.links]\nblock_list_file = \"/nonexistent/bad.txt\"\n",
        );
        assert!(s.link_policies().is_err());
        let s = settings(
            "[[organisation]]\nslug = \"v\"\nname = \"V\"\n\
             [organisation.links]\nallow_domains = [\"not a domain\"]\n",
        );
        assert!(s.link_policies().is_err());
    }
}
