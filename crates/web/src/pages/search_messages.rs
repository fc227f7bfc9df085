//! The "Berichten" (messages) section of the search page and its suggestions: messages of
//! every conversation holding the words typed, newest first, each with the resident, time,
//! channel and its text with `<mark>` around the matching words, linking to the conversation.

use loket_domain::OrgId;
use loket_engine::EngineError;
use loket_engine::search::{MessageFilters, MessageHit};

use super::Layout;
use super::conversation::format::escape_into;
use super::inbox::{Names, local_time};
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

/// The newest `limit` messages of `org` matching `q`.
pub(crate) async fn message_rows(
    state: &AppState,
    layout: &Layout,
    names: &Names,
    org: OrgId,
    q: &str,
    limit: u32,
) -> Result<Vec<MessageRow>, EngineError> {
    let page = (state.engine)
        .search_messages(org, q, &MessageFilters::default(), None, limit)
        .await?;
    Ok(page
        .hits
        .iter()
        .map(|hit| row(hit, layout, names))
        .collect())
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
