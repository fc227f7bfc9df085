//! One backend-neutral error for every store call.

/// What went wrong in storage, independent of the backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key rule was violated.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("storage failure: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn other(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Other(Box::new(e))
    }
    pub fn corrupt(what: impl Into<String>) -> Self {
        Self::Other(what.into().into())
    }
}

/// Converted by error *kind*, since SQLite reports no constraint names.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) => match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation
                | sqlx::error::ErrorKind::ForeignKeyViolation => {
                    Self::Conflict(db.message().to_owned())
                }
                _ => Self::other(e),
            },
            _ => Self::other(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::other(e)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
