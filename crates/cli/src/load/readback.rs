//! Reading back through the REST API: every conversation, every inbound message's provider
//! id, compared with what was acknowledged.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use anyhow::Context;
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

/// Conversation details fetched at once.
const DETAIL_CONCURRENCY: usize = 16;

/// What the API holds, compared with the acknowledged wamids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadBack {
    /// Acknowledged, yet absent.
    pub lost: Vec<String>,
    /// Present more than once (each id listed once).
    pub duplicated: Vec<String>,
    /// Inbound messages found (with repeats).
    pub found: usize,
    pub conversations: usize,
}

/// Compare the acknowledged ids with the provider ids present (one entry per stored
/// message, so a duplicate appears twice). Lists are sorted.
pub fn tally<'a>(acked: &[String], present: impl IntoIterator<Item = &'a str>) -> ReadBack {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut found = 0;
    for id in present {
        *counts.entry(id).or_default() += 1;
        found += 1;
    }
    let mut lost: Vec<String> = acked
        .iter()
        .filter(|id| !counts.contains_key(id.as_str()))
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    lost.sort();
    let mut duplicated: Vec<String> = counts
        .iter()
        .filter(|&(_, &n)| n > 1)
        .map(|(id, _)| (*id).to_owned())
        .collect();
    duplicated.sort();
    ReadBack {
        lost,
        duplicated,
        found,
        conversations: 0,
    }
}

/// Page through `GET /api/v1/conversations`, fetch every conversation's messages and count
/// the inbound ones' `provider_message_id`s against `acked`.
pub async fn read_back(
    target: &str,
    api_token: &str,
    acked: &[String],
) -> anyhow::Result<ReadBack> {
    let client = client()?;
    let base = format!("{}/api/v1/conversations", target.trim_end_matches('/'));
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = client
            .get(&base)
            .bearer_auth(api_token)
            .query(&[("limit", "100")]);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c)]);
        }
        let page = get_json(request).await.context("listing conversations")?;
        let items = page["items"]
            .as_array()
            .context("the conversation list has no items")?;
        for item in items {
            ids.push(
                item["id"]
                    .as_str()
                    .context("a conversation without an id")?
                    .to_owned(),
            );
        }
        match page["next_cursor"].as_str() {
            Some(next) if !items.is_empty() => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    let conversations = ids.len();
    let per_conversation: Vec<Vec<String>> = futures::stream::iter(ids)
        .map(|id| {
            let request = client.get(format!("{base}/{id}")).bearer_auth(api_token);
            async move {
                let detail = get_json(request)
                    .await
                    .with_context(|| format!("reading conversation {id}"))?;
                Ok::<_, anyhow::Error>(inbound_ids(&detail))
            }
        })
        .buffer_unordered(DETAIL_CONCURRENCY)
        .try_collect()
        .await?;
    let mut back = tally(acked, per_conversation.iter().flatten().map(String::as_str));
    back.conversations = conversations;
    Ok(back)
}

/// The `provider_message_id`s of a conversation detail's inbound messages.
fn inbound_ids(detail: &Value) -> Vec<String> {
    detail["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .filter(|m| m["direction"] == "inbound")
                .filter_map(|m| m["provider_message_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn get_json(request: reqwest::RequestBuilder) -> anyhow::Result<Value> {
    let response = request.send().await?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        anyhow::bail!(
            "HTTP {status}: {}",
            body.chars().take(300).collect::<String>()
        );
    }
    Ok(response.json().await?)
}

fn client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")
}

/// Poll `GET /readyz` until it answers 200 or `within` has passed.
pub async fn wait_ready(target: &str, within: Duration) -> anyhow::Result<()> {
    let client = client()?;
    let url = format!("{}/readyz", target.trim_end_matches('/'));
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let last = match client
            .get(&url)
            .timeout(Duration::from_secs(1))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) => format!("HTTP {}", r.status()),
            Err(e) => e.to_string(),
        };
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!("GET {url} did not answer 200 within {within:?} (last: {last})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
