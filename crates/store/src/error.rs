//! One backend-neutral error for every store call, with kinds that say what to do next:
//! `NotFound` and `Conflict` are answered, `Busy` is retried, `Other` is a bug or an outage
//! logged with its cause chain.

/// What went wrong in storage, independent of the backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key rule was violated.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database could not take the work now (SQLite busy or locked; PostgreSQL
    /// serialization failure or deadlock): the same work may succeed when tried again.
    #[error("storage busy: {0}")]
    Busy(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("storage failure: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn other(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Other(Box::new(e))
    }
    /// Data that cannot be what it claims to be (an unknown enum value, a broken id).
    pub fn corrupt(what: impl Into<String>) -> Self {
        Self::Other(what.into().into())
    }
    /// Whether trying the same work again may succeed.
    pub fn is_busy(&self) -> bool {
        matches!(self, Self::Busy(_))
    }
}

/// SQLite's primary result codes `SQLITE_BUSY` and `SQLITE_LOCKED` (sqlx reports the
/// extended code, whose low byte is the primary one).
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;

/// PostgreSQL's `serialization_failure` and `deadlock_detected`.
const PG_RETRYABLE: [&str; 2] = ["40001", "40P01"];

/// Whether a database error says "try again": the one place that knows each backend's codes.
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        let primary = db
            .code()
            .and_then(|c| c.parse::<i64>().ok())
            .map(|c| c & 0xff);
        return matches!(primary, Some(SQLITE_BUSY | SQLITE_LOCKED));
    }
    if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return db
            .code()
            .is_some_and(|c| PG_RETRYABLE.contains(&c.as_ref()));
    }
    false
}

/// Converted by error *kind* and code, since SQLite reports no constraint names.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) if is_busy(db.as_ref()) => Self::Busy(Box::new(e)),
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
