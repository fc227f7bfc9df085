//! The "Berichten" (messages) section of the search page and its suggestions: messages of
//! every conversation holding the words typed, newest first, each with the resident, time,
//! channel and its text with `<mark>` around the matching words, linking to the conversation.
//! On the page, filters narrow it (channel, label, team, sent from/until — a GET form, so it
//! works without JavaScript and every state has a URL) and "older messages" pages on with
//! the engine's cursor, the filters kept in the links.

use jiff::civil::Date;
use loket_domain::{ChannelId, OrgId, TeamId, Timestamp};
use loket_engine::EngineError;
use loket_engine::search::{MessageFilters, MessageHit};
use serde::Deserialize;

use super::Layout;
use super::conversation::format::escape_into;
use super::inbox::{Names, local_time};
use super::shells::Choice;
use crate::AppState;

/// One message found, ready to show.
pub struct MessageRow {
    pub conversation_id: String,
    pub resident: String,
    pub channel: String,
    pub at: String,
    pub at_iso: String,
    /// The text, escaped, with `<mark>` around the hits: the only HTML in it is ours.
    pub marked: String,
}

/// The message filters and page in the URL. Unknown or malformed values read as "no
/// filter", as the inbox's do; the dates are calendar days in Amsterdam, both included.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessageQuery {
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    /// The engine's cursor: the page of older messages.
    #[serde(default)]
    pub cursor: String,
}

/// The start of `day` in Amsterdam.
fn day_start(day: Date) -> Option<Timestamp> {
    day.in_tz("Europe/Amsterdam").ok().map(|z| z.timestamp())
}

impl MessageQuery {
    pub fn filters(&self) -> MessageFilters {
        let day = |text: &str| text.trim().parse::<Date>().ok();
        let label = self.label.trim();
        MessageFilters {
            channel: self.channel.parse::<ChannelId>().ok(),
            label: (!label.is_empty()).then(|| label.to_owned()),
            team: self.team.parse::<TeamId>().ok(),
            from: day(&self.from).and_then(day_start),
            // Up to and including the day: before the next one starts.
            until: day(&self.until)
                .and_then(|d| d.tomorrow().ok())
                .and_then(day_start),
        }
    }

    /// Only a cursor the engine made (a number); anything else is the first page.
    fn cursor(&self) -> Option<&str> {
        (self.cursor.parse::<u64>().is_ok()).then_some(self.cursor.as_str())
    }

    /// `q` and the filters as a query string (without the page).
    pub fn query_string(&self, q: &str) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .append_pair("channel", &self.channel)
            .append_pair("label", &self.label)
            .append_pair("team", &self.team)
            .append_pair("from", &self.from)
            .append_pair("until", &self.until)
            .finish()
    }
}

/// The messages found and the links to the next (older) and the first page.
#[derive(Default)]
pub struct MessagesFound {
    pub rows: Vec<MessageRow>,
    pub older_href: Option<String>,
    pub newest_href: Option<String>,
}

/// The newest `limit` messages of `org` matching `q` and the filters (from the cursor on).
pub(crate) async fn message_rows(
    state: &AppState,
    layout: &Layout,
    names: &Names,
    org: OrgId,
    (q, asked): (&str, &MessageQuery),
    limit: u32,
) -> Result<MessagesFound, EngineError> {
    let page = (state.engine)
        .search_messages(org, q, &asked.filters(), asked.cursor(), limit)
        .await?;
    let here = format!("/search?{}", asked.query_string(q));
    Ok(MessagesFound {
        rows: page
            .hits
            .iter()
            .map(|hit| row(hit, layout, names))
            .collect(),
        older_href: page.next.map(|next| format!("{here}&cursor={next}")),
        newest_href: asked.cursor().map(|_| here),
    })
}

/// The filter form's choices: the organisation's channels, labels and enabled teams.
pub struct FilterChoices {
    pub channels: Vec<Choice>,
    pub labels: Vec<Choice>,
    pub teams: Vec<Choice>,
}

pub(crate) async fn filter_choices(
    state: &AppState,
    layout: &Layout,
    org: OrgId,
    asked: &MessageQuery,
) -> Result<FilterChoices, EngineError> {
    let choice = |value: String, label: String, chosen: &str| Choice {
        selected: value == chosen,
        value,
        label,
    };
    let any = |key: &str| choice(String::new(), layout.tr.t(key), "");
    let mut channels = vec![any("inbox-any-channel")];
    channels.extend(
        (state.engine.list_channels(org).await?.into_iter())
            .map(|c| choice(c.id.to_string(), c.name, &asked.channel)),
    );
    let mut labels = vec![any("search-any-label")];
    labels.extend((state.engine.labels(org).await?.into_iter()).map(|l| {
        let name = match l.group.trim() {
            "" => l.name,
            group => format!("{} ({group})", l.name),
        };
        choice(l.slug, name, &asked.label)
    }));
    let mut teams = vec![any("inbox-any-team")];
    teams.extend(
        (state.engine.list_teams(org).await?.into_iter())
            .filter(|t| t.enabled)
            .map(|t| choice(t.id.to_string(), t.name, &asked.team)),
    );
    Ok(FilterChoices {
        channels,
        labels,
        teams,
    })
}

fn row(hit: &MessageHit, layout: &Layout, names: &Names) -> MessageRow {
    MessageRow {
        conversation_id: hit.conversation_id.to_string(),
        resident: (hit.resident_name.clone()).unwrap_or_else(|| layout.tr.t("resident-unknown")),
        channel: (names.channels.get(&hit.channel_id).cloned()).unwrap_or_default(),
        at: local_time(hit.at),
        at_iso: hit.at.to_string(),
        marked: marked(&hit.text, &hit.highlights),
    }
}

/// `text` escaped, with `<mark>` around each byte range (ranges in order, not overlapping;
/// one that is not on character boundaries is left unmarked rather than cut).
pub(crate) fn marked(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut done = 0;
    for &(start, end) in ranges {
        let (Some(before), Some(word)) = (text.get(done..start), text.get(start..end)) else {
            continue;
        };
        escape_into(before, &mut out);
        out.push_str("<mark>");
        escape_into(word, &mut out);
        out.push_str("</mark>");
        done = end;
    }
    escape_into(text.get(done..).unwrap_or_default(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_days_in_amsterdam_and_bad_values_filter_nothing() {
        let asked = MessageQuery {
            from: "2026-03-29".into(),
            until: "2026-03-29".into(),
            channel: "kanaal".into(),
            team: " ".into(),
            label: " paspoort ".into(),
            cursor: "12; drop".into(),
        };
        let filters = asked.filters();
        // The day summer time starts is 23 hours long.
        assert_eq!(filters.from.unwrap().to_string(), "2026-03-28T23:00:00Z");
        assert_eq!(filters.until.unwrap().to_string(), "2026-03-29T22:00:00Z");
        assert_eq!((filters.channel, filters.team), (None, None));
        assert_eq!(filters.label.as_deref(), Some("paspoort"));
        assert_eq!(asked.cursor(), None);
        let later = MessageQuery {
            from: "gisteren".into(),
            cursor: "123".into(),
            ..Default::default()
        };
        assert_eq!(later.filters().from, None);
        assert_eq!(later.cursor(), Some("123"));
        assert_eq!(
            later.query_string("paspoort & id"),
            "q=paspoort+%26+id&channel=&label=&team=&from=gisteren&until="
        );
    }

    #[test]
    fn the_text_is_escaped_and_only_the_hits_are_marked() {
        let text = "<b>Mijn</b> paspoort & één paspoort";
        let first = text.find("paspoort").unwrap();
        let second = text.rfind("paspoort").unwrap();
        let ranges = [(first, first + 8), (second, second + 8)];
        assert_eq!(
            marked(text, &ranges),
            "&lt;b&gt;Mijn&lt;/b&gt; <mark>paspoort</mark> &amp; één <mark>paspoort</mark>"
        );
        assert_eq!(marked("a\"b", &[]), "a&quot;b");
        // A range off a character boundary, or out of order, is skipped, never a panic.
        assert_eq!(marked("één", &[(1, 2), (0, 9)]), "één");
    }
}
