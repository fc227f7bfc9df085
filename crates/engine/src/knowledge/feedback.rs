//! Agents' feedback on articles: "this answered it" or "it did not help", with an optional
//! comment for the editors, and what the editors see of it (counts per article, the recent
//! feedback of one). A comment is a colleague's text but may retell the resident's question,
//! so it passes the privacy detector first: what the organisation masks in residents'
//! messages is masked here too, and a BSN or IBAN always — no editor needs one. Erasure and
//! retention clear comments with their conversation (store).

use std::collections::HashMap;

use loket_domain::input::FieldProblem;
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::mask_text;
use loket_domain::privacy::{KindAction, PrivacyPolicy};
use loket_domain::{ConversationId, KbArticleId, KbFeedbackId, OrgId, UserId};
use loket_store::KnowledgeFeedback;

use super::{MAX_COMMENT_CHARS, optional};
use crate::{Engine, EngineError};

/// Most feedback entries the editor's article page lists.
pub const MAX_RECENT_FEEDBACK: u32 = 50;

/// How often an article helped and how often it did not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedbackCounts {
    pub helped: u64,
    pub not_helped: u64,
}

/// The organisation's policy for comments: its own masking, with BSN and IBAN masked
/// whatever it chose for messages.
fn comment_policy(mut policy: PrivacyPolicy) -> PrivacyPolicy {
    for kind in [PiiKind::Bsn, PiiKind::Iban] {
        policy.actions.insert(kind, KindAction::Mask);
    }
    policy
}

impl Engine {
    /// An agent's verdict on an article, optionally while answering `conversation` (both
    /// must be the organisation's: `NotFound` otherwise). The comment (≤ 1,000 characters
    /// as typed) is stored masked.
    pub async fn give_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
        conversation: Option<ConversationId>,
        user: UserId,
        helpful: bool,
        comment: Option<&str>,
    ) -> Result<KnowledgeFeedback, EngineError> {
        let comment = optional(comment.map(str::to_owned));
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS)
        {
            return Err(EngineError::InvalidFields(vec![FieldProblem::new(
                "comment",
                format!("holds at most {MAX_COMMENT_CHARS} characters"),
            )]));
        }
        let comment = match comment {
            Some(text) => {
                let policy = comment_policy((*self.privacy_policy(org).await?).clone());
                Some(mask_text(&text, &policy).0.into_owned())
            }
            None => None,
        };
        let now = self.clock().now();
        let feedback = KnowledgeFeedback {
            id: KbFeedbackId::new_at(now),
            org_id: org,
            article_id: article,
            conversation_id: conversation,
            user_id: user,
            helpful,
            comment,
            at: now,
        };
        self.store().insert_kb_feedback(&feedback).await?;
        Ok(feedback)
    }

    /// Every feedback entry of the article, newest first.
    pub async fn list_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
    ) -> Result<Vec<KnowledgeFeedback>, EngineError> {
        Ok(self.store().list_kb_feedback(org, article).await?)
    }

    /// The article's newest feedback (at most [`MAX_RECENT_FEEDBACK`]); the conversation id
    /// is set only while the conversation exists.
    pub async fn recent_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
    ) -> Result<Vec<KnowledgeFeedback>, EngineError> {
        let recent = self
            .store()
            .recent_kb_feedback(org, article, MAX_RECENT_FEEDBACK);
        Ok(recent.await?)
    }

    /// Per article with any feedback, how often it helped and how often not.
    pub async fn kb_feedback_counts(
        &self,
        org: OrgId,
    ) -> Result<HashMap<KbArticleId, FeedbackCounts>, EngineError> {
        let counts = self.store().kb_feedback_counts(org).await?;
        Ok(counts
            .into_iter()
            .map(|c| {
                let counts = FeedbackCounts {
                    helped: c.helped,
                    not_helped: c.not_helped,
                };
                (c.article_id, counts)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_mask_a_bsn_and_an_iban_even_when_the_organisation_only_highlights_them() {
        let mut lenient = PrivacyPolicy::default();
        lenient.actions.insert(PiiKind::Bsn, KindAction::Highlight);
        lenient.actions.insert(PiiKind::Iban, KindAction::Keep);
        let policy = comment_policy(lenient);
        let (masked, _) = mask_text(
            "Inwoner gaf BSN 111222333 en NL91ABNA0417164300, belt 0612345678",
            &policy,
        );
        assert!(!masked.contains("111222333"), "{masked}");
        assert!(!masked.contains("NL91ABNA0417164300"), "{masked}");
        assert!(
            masked.contains("0612345678"),
            "a phone number is only highlighted"
        );
    }
}
