//! The inbox list's operations: capped counts per view, the search box, and bulk actions
//! (one change applied to many conversations of one organisation).

use loket_domain::{ConversationId, OrgId, TeamId, UserId};
use loket_store::{ConversationFilter, ConversationPatch, ConversationSearch};

use crate::query::{ConversationItem, window_of};
use crate::{Engine, EngineError};

/// At most this many results per search kind.
pub const SEARCH_LIMIT: u32 = 20;
/// At most this many conversations change in one bulk action (a page and then some).
pub const BULK_CAP: usize = 200;
/// A search looks at no more than this many characters of what was typed.
const QUERY_CHARS: usize = 100;

/// One change for many conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    AssignTo(UserId),
    AssignTeam(TeamId),
    Resolve,
    AddLabel(String),
}

/// What a bulk action did: how many changed, how many were refused or not found (another
/// organisation's ids read as not found).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    pub changed: usize,
    pub skipped: usize,
}

impl Engine {
    /// How many conversations `filter` lists, at most [`loket_store::COUNT_CAP`] (shown as "999+").
    pub async fn count_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
    ) -> Result<u32, EngineError> {
        Ok(self.store().count_conversations(org, filter).await?)
    }

    /// Conversations of `org` matching what an agent typed: a conversation id, a phone
    /// number in any format, a name or a username (prefixes, case-insensitive). Newest
    /// activity first, each conversation once.
    pub async fn search_conversations(
        &self,
        org: OrgId,
        query: &str,
    ) -> Result<Vec<ConversationItem>, EngineError> {
        let now = self.clock().now();
        let mut found: Vec<ConversationItem> = Vec::new();
        for search in interpret(query) {
            let records = (self.store())
                .search_conversations(org, &search, SEARCH_LIMIT)
                .await?;
            for conversation in records {
                if found.iter().all(|f| f.conversation.id != conversation.id) {
                    found.push(ConversationItem {
                        window: window_of(&conversation, now),
                        conversation,
                    });
                }
            }
        }
        found.sort_by(|a, b| {
            (b.conversation.last_message_at, b.conversation.id)
                .cmp(&(a.conversation.last_message_at, a.conversation.id))
        });
        found.truncate(SEARCH_LIMIT as usize);
        Ok(found)
    }

    /// Apply `action` to each of `ids` (at most [`BULK_CAP`], the rest ignored), each
    /// through [`Engine::update_conversation`]: the same checks, events and live updates as
    /// one at a time. Ids of another organisation are not found and count as skipped.
    pub async fn bulk_update(
        &self,
        org: OrgId,
        ids: &[ConversationId],
        action: &BulkAction,
    ) -> Result<BulkOutcome, EngineError> {
        let mut outcome = BulkOutcome::default();
        for id in ids.iter().take(BULK_CAP) {
            let patch = match self.bulk_patch(org, *id, action).await {
                Ok(patch) => patch,
                Err(EngineError::NotFound) => {
                    outcome.skipped += 1;
                    continue;
                }
                Err(other) => return Err(other),
            };
            match self.update_conversation(org, *id, patch).await {
                Ok(_) => outcome.changed += 1,
                Err(EngineError::NotFound | EngineError::InvalidFields(_)) => outcome.skipped += 1,
                Err(other) => return Err(other),
            }
        }
        Ok(outcome)
    }

    async fn bulk_patch(
        &self,
        org: OrgId,
        id: ConversationId,
        action: &BulkAction,
    ) -> Result<ConversationPatch, EngineError> {
        let patch = match action {
            BulkAction::AssignTo(user) => ConversationPatch {
                assignee: Some(Some(*user)),
                ..Default::default()
            },
            BulkAction::AssignTeam(team) => ConversationPatch {
                team: Some(Some(*team)),
                ..Default::default()
            },
            BulkAction::Resolve => ConversationPatch {
                status: Some(loket_domain::conversation::ConversationStatus::Resolved),
                ..Default::default()
            },
            BulkAction::AddLabel(label) => {
                let current = self.store().get_conversation(org, id).await?;
                let mut labels = current.labels;
                if !labels.iter().any(|l| l == label.trim()) {
                    labels.push(label.clone());
                }
                ConversationPatch {
                    labels: Some(labels),
                    ..Default::default()
                }
            }
        };
        Ok(patch)
    }
}

/// What a search box query asks for, each kind one index range: an id exactly, a phone
/// number by its digits (Dutch `06…`/`0031…`/`+31…` all become `316…`), otherwise a
/// name or a username prefix. Empty or punctuation-only queries ask for nothing.
pub fn interpret(query: &str) -> Vec<ConversationSearch> {
    let query: String = query.trim().chars().take(QUERY_CHARS).collect();
    if let Ok(id) = query.parse::<ConversationId>() {
        return vec![ConversationSearch::Id(id)];
    }
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let phone_like = query
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like && digits.len() >= 2 {
        return vec![ConversationSearch::PhonePrefix(international(&digits))];
    }
    let name = query.trim_start_matches('@').trim();
    if name.chars().all(|c| !c.is_alphanumeric()) {
        return Vec::new();
    }
    vec![
        ConversationSearch::NamePrefix(name.to_owned()),
        ConversationSearch::UsernamePrefix(name.to_lowercase()),
    ]
}

/// WhatsApp's `wa_id` is the number with its country code and no leading zeros.
fn international(digits: &str) -> String {
    if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("31{rest}")
    } else {
        digits.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_in_any_format_becomes_its_international_digits() {
        for typed in ["06-12 34 56", "+31 6 123456", "0031612345", "(06) 123"] {
            let found = interpret(typed);
            let [ConversationSearch::PhonePrefix(p)] = found.as_slice() else {
                panic!("{typed}: not a phone search");
            };
            assert!(p.starts_with("316"), "{typed} → {p}");
        }
    }

    #[test]
    fn a_name_searches_names_and_usernames_and_hostile_input_is_bounded() {
        assert_eq!(
            interpret("  Fatima "),
            vec![
                ConversationSearch::NamePrefix("Fatima".into()),
                ConversationSearch::UsernamePrefix("fatima".into())
            ]
        );
        assert!(interpret("").is_empty());
        assert!(interpret("%_'\"").is_empty());
        let long = "a".repeat(10_000);
        let found = interpret(&long);
        let ConversationSearch::NamePrefix(p) = &found[0] else {
            panic!()
        };
        assert_eq!(p.len(), QUERY_CHARS);
    }
}
