//! What the knowledge-base editor sees of agents' feedback: the counts per article in the
//! list, and on an article's page its newest feedback — when, who, the verdict, the comment
//! (stored masked) and a link to the conversation while it exists (erasure and retention
//! set the link null and clear the comment).

use std::collections::HashMap;

use loket_domain::KbArticleId;
use loket_engine::EngineError;
use loket_engine::knowledge::FeedbackCounts;

use super::Admin;
use crate::AppState;
use crate::pages::inbox::{current, local_time, names};

/// One feedback entry as the article page shows it.
pub struct FeedbackRow {
    pub at: String,
    pub at_iso: String,
    /// The colleague's name; `None` when they are no longer a member.
    pub who: Option<String>,
    pub helpful: bool,
    pub comment: String,
    /// The conversation's id while it exists.
    pub conversation: Option<String>,
}

/// Per article, how often it helped and how often not.
pub async fn counts(
    state: &AppState,
    admin: &Admin,
) -> Result<HashMap<KbArticleId, FeedbackCounts>, EngineError> {
    state.engine.kb_feedback_counts(admin.org).await
}

/// The article's newest feedback, newest first.
pub async fn recent(
    state: &AppState,
    admin: &Admin,
    article: KbArticleId,
) -> Result<Vec<FeedbackRow>, EngineError> {
    let feedback = state.engine.recent_kb_feedback(admin.org, article).await?;
    if feedback.is_empty() {
        return Ok(Vec::new());
    }
    let users = match current(&admin.signed_in) {
        Some((org, slug, _)) => names(state, org, &slug).await?.users,
        None => HashMap::new(),
    };
    Ok(feedback
        .into_iter()
        .map(|f| FeedbackRow {
            at: local_time(f.at),
            at_iso: f.at.to_string(),
            who: users.get(&f.user_id).cloned(),
            helpful: f.helpful,
            comment: f.comment.unwrap_or_default(),
            conversation: f.conversation_id.map(|c| c.to_string()),
        })
        .collect())
}
