//! Test harness (feature `testing`): read every column of every table, to prove that a
//! resident's data is gone after erasure (issue 10 §5) whatever table holds it.

use crate::testing::TestDb;
use crate::{Backend, StoreResult};

impl TestDb {
    /// Every table of the schema (the migrations' own table included).
    pub async fn table_names(&self) -> StoreResult<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                // Full-text indexes count as one table: their shadow tables are SQLite's.
                "select name from pragma_table_list
                 where schema = 'main' and type in ('table', 'virtual') and name not like 'sqlite_%'
                 order by name"
            }
            Backend::Postgres => {
                "select table_name::text from information_schema.tables
                 where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name"
            }
        };
        Ok(self
            .fetch_strings(sql)
            .await?
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect())
    }

    /// The columns of `table`.
    async fn column_names(&self, table: &str) -> StoreResult<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => format!("select name from pragma_table_info('{table}')"),
            Backend::Postgres => format!(
                "select column_name::text from information_schema.columns
                 where table_schema = current_schema() and table_name = '{table}'"
            ),
        };
        Ok(self
            .fetch_strings(&sql)
            .await?
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect())
    }

    /// `table.column: needle` for every value, in every column of every table, that
    /// contains one of `needles` (compared as text, case-insensitively).
    pub async fn find_in_every_column(&self, needles: &[&str]) -> StoreResult<Vec<String>> {
        let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
        let mut found = Vec::new();
        for table in self.table_names().await? {
            for column in self.column_names(&table).await? {
                let sql = match self.backend {
                    // Binary columns (checksums) are not UTF-8: compared as hex, like PostgreSQL.
                    Backend::Sqlite => format!(
                        "select case when typeof(\"{column}\") = 'blob' then hex(\"{column}\")
                         else cast(\"{column}\" as text) end from \"{table}\""
                    ),
                    Backend::Postgres => {
                        format!("select cast(\"{column}\" as text) from \"{table}\"")
                    }
                };
                for row in self.fetch_strings(&sql).await? {
                    let Some(value) = row.into_iter().next().flatten() else {
                        continue;
                    };
                    let value = value.to_lowercase();
                    for needle in needles.iter().filter(|n| value.contains(n.as_str())) {
                        found.push(format!("{table}.{column}: {needle}"));
                    }
                }
            }
        }
        Ok(found)
    }
}
