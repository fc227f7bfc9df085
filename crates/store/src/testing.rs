//! Test harness (feature `testing`): a fresh, migrated database per test on every backend
//! available — always SQLite (a file in a temporary directory), and PostgreSQL when
//! `LOKET_TEST_POSTGRES_URL` names a server (a database `loket_t_<uuidv7>` is created per
//! test and dropped afterwards).
//!
//! ```ignore
//! for db in loket_store::testing::test_databases().await {
//!     let store = db.store.clone();
//!     // … exercise `store` …
//!     db.cleanup().await;
//! }
//! ```
//!
//! A `TestDb` dropped without [`TestDb::cleanup`] (e.g. a failed assertion) still drops its
//! PostgreSQL database; databases leaked anyway (a killed test run) are swept at the next
//! harness start once they are more than an hour old.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, PgConnection, SqliteConnection};
use uuid::Uuid;

use crate::{Backend, DynStore, StoreError, StoreResult};

/// The environment variable naming the PostgreSQL server tests may use, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VAR: &str = "LOKET_TEST_POSTGRES_URL";

/// Prefix of the per-test PostgreSQL databases.
const DB_PREFIX: &str = "loket_t_";

/// Leaked test databases older than this are dropped at harness start.
const STALE_AFTER: Duration = Duration::from_secs(3600);

static SWEPT: AtomicBool = AtomicBool::new(false);

/// One migrated, empty database and a store connected to it.
pub struct TestDb {
    pub store: DynStore,
    /// The database URL (to connect a second store, or raw SQL in a test).
    pub url: String,
    pub backend: Backend,
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    /// Removing the directory removes the database.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// A migrated database on SQLite, and one on PostgreSQL when [`POSTGRES_URL_VAR`] is set
/// (otherwise a line says PostgreSQL was skipped). Panics when a database cannot be made.
pub async fn test_databases() -> Vec<TestDb> {
    let mut databases = vec![sqlite_database().await];
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => databases.push(postgres_database(url.trim()).await),
        _ => say_postgres_skipped(),
    }
    databases
}

/// Once per test binary, on the real stderr: the test harness captures `println!`, and a
/// skip that nobody sees would look like coverage.
fn say_postgres_skipped() {
    static SAID: std::sync::Once = std::sync::Once::new();
    println!("skipped PostgreSQL: {POSTGRES_URL_VAR} is not set");
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: PostgreSQL storage tests skipped ({POSTGRES_URL_VAR} is not set); they ran on SQLite only"
        );
    });
}

impl TestDb {
    /// Drop the database (PostgreSQL) or its directory (SQLite).
    pub async fn cleanup(mut self) {
        if let Some(Cleanup::Postgres { admin_url, name }) = self.cleanup.take()
            && let Err(e) = drop_database(&admin_url, &name).await
        {
            eprintln!("could not drop test database {name}: {e}");
        }
    }

    /// Run raw SQL (one or more statements) on a separate connection: for setting up states
    /// the `Store` trait has no method for. Test code only; never pass untrusted input.
    pub async fn execute_sql(&self, sql: &str) -> StoreResult<()> {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url).await?;
                sqlx::raw_sql(sql).execute(&mut conn).await?;
                conn.close().await?;
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await?;
                sqlx::raw_sql(sql).execute(&mut conn).await?;
                conn.close().await?;
            }
        }
        Ok(())
    }
}

impl TestDb {
    /// The text columns of every row `sql` selects, read on a separate connection: to check
    /// what is really stored (e.g. that no secret is in plaintext). Test code only.
    pub async fn fetch_strings(&self, sql: &str) -> StoreResult<Vec<Vec<Option<String>>>> {
        let sql = AssertSqlSafe(sql.to_owned());
        let rows = match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url).await?;
                let rows = sqlx::query(sql).fetch_all(&mut conn).await?;
                rows.iter().map(strings_of).collect::<Result<_, _>>()?
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await?;
                let rows = sqlx::query(sql).fetch_all(&mut conn).await?;
                rows.iter().map(strings_of).collect::<Result<_, _>>()?
            }
        };
        Ok(rows)
    }
}

fn strings_of<R: sqlx::Row>(row: &R) -> Result<Vec<Option<String>>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    (0..row.len()).map(|i| row.try_get(i)).collect()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(Cleanup::Postgres { admin_url, name }) = self.cleanup.take() {
            // Dropped without `cleanup()` (a test panicked): drop the database on a thread of
            // its own, since we may be inside (or outside) an async runtime.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                runtime
                    .block_on(drop_database(&admin_url, &name))
                    .map_err(std::io::Error::other)
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("could not drop a test database; it will be swept within the hour");
            }
        }
    }
}

async fn sqlite_database() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary directory for the SQLite test database");
    let url = format!("sqlite://{}", dir.path().join("loket.db").display());
    let store = crate::connect(&url)
        .await
        .expect("open the SQLite test database");
    store
        .migrate()
        .await
        .expect("migrate the SQLite test database");
    TestDb {
        store,
        url,
        backend: Backend::Sqlite,
        cleanup: Some(Cleanup::Sqlite(dir)),
    }
}

async fn postgres_database(admin_url: &str) -> TestDb {
    if !SWEPT.swap(true, Ordering::SeqCst)
        && let Err(e) = sweep_stale_databases(admin_url).await
    {
        eprintln!("could not sweep stale test databases: {e}");
    }
    let name = format!("{DB_PREFIX}{}", Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("connect to LOKET_TEST_POSTGRES_URL");
    // The name is ours (prefix + hex digits): safe to splice.
    sqlx::query(AssertSqlSafe(format!("create database {name}")))
        .execute(&mut admin)
        .await
        .expect("create the PostgreSQL test database");
    let _ = admin.close().await;
    let url = with_database(admin_url, &name);
    let cleanup = Some(Cleanup::Postgres {
        admin_url: admin_url.to_owned(),
        name: name.clone(),
    });
    // Few connections per test: tests run in parallel against one server.
    let store = crate::postgres::PgStore::connect_with_max(&url, 4)
        .await
        .expect("connect to the PostgreSQL test database");
    let db = TestDb {
        store: std::sync::Arc::new(store),
        url,
        backend: Backend::Postgres,
        cleanup,
    };
    db.store
        .migrate()
        .await
        .expect("migrate the PostgreSQL test database");
    db
}

async fn drop_database(admin_url: &str, name: &str) -> StoreResult<()> {
    if !is_test_database(name) {
        return Err(StoreError::corrupt(format!(
            "refusing to drop {name:?}: not a test database"
        )));
    }
    let mut admin = PgConnection::connect(admin_url).await?;
    sqlx::query(AssertSqlSafe(format!(
        "drop database if exists {name} with (force)"
    )))
    .execute(&mut admin)
    .await?;
    admin.close().await?;
    Ok(())
}

/// `loket_t_` followed by a UUID in simple form, whose v7 time says when it was made.
fn is_test_database(name: &str) -> bool {
    test_database_age(name).is_some()
}

fn test_database_age(name: &str) -> Option<Duration> {
    let uuid = Uuid::try_parse(name.strip_prefix(DB_PREFIX)?).ok()?;
    let (secs, _) = uuid.get_timestamp()?.to_unix();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(now.saturating_sub(secs)))
}

async fn sweep_stale_databases(admin_url: &str) -> StoreResult<()> {
    let mut admin = PgConnection::connect(admin_url).await?;
    let names: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 'loket\\_t\\_%'")
            .fetch_all(&mut admin)
            .await?;
    admin.close().await?;
    for name in names {
        if test_database_age(&name).is_some_and(|age| age > STALE_AFTER) {
            drop_database(admin_url, &name).await?;
        }
    }
    Ok(())
}

/// `url` with its database (path) replaced by `name`, keeping any query string.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority..].find('/') {
        Some(slash) => &base[..authority + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_replaces_the_path_and_keeps_the_query() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }

    #[test]
    fn only_loket_test_databases_are_recognised() {
        let name = format!("{DB_PREFIX}{}", Uuid::now_v7().simple());
        assert!(test_database_age(&name).is_some_and(|age| age < STALE_AFTER));
        assert!(!is_test_database("postgres"));
        assert!(!is_test_database("loket_t_notauuid"));
    }
}
