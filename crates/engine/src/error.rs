//! The engine's error: what callers (HTTP, CLI, jobs) need to tell apart.

use loket_domain::input::FieldProblem;
use loket_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("not found")]
    NotFound,
    /// The request is not acceptable; the messages say why, one per problem.
    #[error("invalid request: {}", .0.join("; "))]
    Invalid(Vec<String>),
    /// The request is not acceptable: every problem, each with the field it concerns
    /// (named as the API names it).
    #[error("invalid request: {}", .0.iter().map(|p| format!("{}: {}", p.field, p.reason)).collect::<Vec<_>>().join("; "))]
    InvalidFields(Vec<FieldProblem>),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A free-form reply after the 24-hour window: the text says what to do instead.
    #[error("{0}")]
    WindowClosed(String),
    /// A reply holding personal data (issue 10): a BSN refused, or other data unconfirmed.
    #[error("the reply holds personal data")]
    PersonalData(loket_domain::privacy::outbound::OutboundRefusal),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict(what) => Self::Conflict(what),
            other => Self::Store(other),
        }
    }
}
