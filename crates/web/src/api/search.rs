//! `GET /api/v1/messages/search`: every message of the organisation holding the words
//! asked (Dutch analysis: stems, synonyms, the last word as a prefix), newest first, with
//! the ranges of the matching words.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use loket_domain::{ChannelId, ConversationId, MessageId, TeamId, Timestamp};
use loket_engine::search::{DEFAULT_LIMIT, MessageFilters, MessageHit, MessagePage};
use serde::Serialize;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes.get("/messages/search", search)
}

#[derive(Serialize)]
struct SearchBody {
    items: Vec<HitView>,
    /// Pass as `cursor` for the next page; null on the last page.
    next: Option<String>,
}

#[derive(Serialize)]
struct HitView {
    message_id: MessageId,
    conversation_id: ConversationId,
    channel_id: ChannelId,
    at: Timestamp,
    text: String,
    /// `[start, end)` of each matching word, in Unicode code points of `text`.
    highlights: Vec<[usize; 2]>,
}

/// What was asked, parsed; every problem is reported at once.
struct Asked {
    q: String,
    filters: MessageFilters,
    cursor: Option<String>,
    limit: u32,
}

async fn search(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<SearchBody>, ApiError> {
    let asked = parse_params(&params)?;
    let page = state
        .engine
        .search_messages(
            org.id,
            &asked.q,
            &asked.filters,
            asked.cursor.as_deref(),
            asked.limit,
        )
        .await?;
    Ok(Json(body(page)))
}

fn body(page: MessagePage) -> SearchBody {
    SearchBody {
        items: page.hits.into_iter().map(view).collect(),
        next: page.next,
    }
}

fn view(hit: MessageHit) -> HitView {
    let highlights = code_point_ranges(&hit.text, &hit.highlights);
    HitView {
        message_id: hit.message_id,
        conversation_id: hit.conversation_id,
        channel_id: hit.channel_id,
        at: hit.at,
        text: hit.text,
        highlights,
    }
}

/// Byte ranges as code-point ranges (what JavaScript and most clients index by).
pub(crate) fn code_point_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<[usize; 2]> {
    let at = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
    ranges.iter().map(|&(s, e)| [at(s), at(e)]).collect()
}

fn parse_params(params: &HashMap<String, String>) -> Result<Asked, ApiError> {
    let mut problems = Vec::new();
    let mut bad = |name: &str, reason: &str| {
        problems.push(InvalidParam {
            name: name.into(),
            reason: reason.into(),
        })
    };
    let mut asked = Asked {
        q: String::new(),
        filters: MessageFilters::default(),
        cursor: None,
        limit: DEFAULT_LIMIT,
    };
    for (name, value) in params {
        match name.as_str() {
            "q" => asked.q = value.clone(),
            "channel" => match value.parse::<ChannelId>() {
                Ok(c) => asked.filters.channel = Some(c),
                Err(_) => bad(name, "must be a channel id (UUID)"),
            },
            "team" => match value.parse::<TeamId>() {
                Ok(t) => asked.filters.team = Some(t),
                Err(_) => bad(name, "must be a team id (UUID)"),
            },
            "label" => asked.filters.label = Some(value.clone()),
            "from" | "until" => match parse_time(value) {
                Some(t) if name == "from" => asked.filters.from = Some(t),
                Some(t) => asked.filters.until = Some(t),
                None => bad(name, "must be a date (2026-11-20) or an RFC 3339 time"),
            },
            "cursor" => asked.cursor = Some(value.clone()),
            // The range itself is the engine's rule; here only "a number".
            "limit" => match value.parse::<u32>() {
                Ok(n) => asked.limit = n,
                Err(_) => bad(name, "must be a whole number from 1 to 100"),
            },
            _ => bad(name, "unknown parameter"),
        }
    }
    if !params.contains_key("q") {
        bad("q", "is required: type one or more words");
    }
    if problems.is_empty() {
        Ok(asked)
    } else {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Err(ApiError::InvalidParams(problems))
    }
}

/// An RFC 3339 time, or a calendar date meaning its start (UTC).
pub(crate) fn parse_time(value: &str) -> Option<Timestamp> {
    if let Ok(t) = value.parse::<Timestamp>() {
        return Some(t);
    }
    let date: jiff::civil::Date = value.parse().ok()?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_become_code_point_ranges() {
        let text = "één paspoort";
        assert_eq!(code_point_ranges(text, &[(6, 14)]), vec![[4, 12]]);
        assert_eq!(code_point_ranges(text, &[(0, 5)]), vec![[0, 3]]);
    }

    #[test]
    fn a_time_is_a_date_or_an_rfc_3339_moment() {
        assert_eq!(
            parse_time("2026-11-20").unwrap().to_string(),
            "2026-11-20T00:00:00Z"
        );
        assert!(parse_time("2026-11-20T10:00:00+01:00").is_some());
        assert!(parse_time("gisteren").is_none());
        assert!(parse_time("2026-13-40").is_none());
    }
}
