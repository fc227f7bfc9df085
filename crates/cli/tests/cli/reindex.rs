//! `loket reindex`, the real binary on every backend: a generated (bulk-loaded, never
//! indexed) database is indexed to the end and found; run again for one organisation it
//! marks and indexes that organisation's messages; an unknown organisation is an error.

use std::process::Command;

use loket_cli::generate::generate;
use loket_domain::search::{Query, Synonyms};
use loket_store::MessageSearch;
use loket_store::testing::test_databases;

use super::generate::args;
use super::support::write_config;

fn reindex(config: &std::path::Path, org: Option<&str>) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_loket"));
    command.args(["reindex", "--config"]).arg(config);
    if let Some(org) = org {
        command.args(["--org", org]);
    }
    let out = command.output().expect("run loket");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn reindex_indexes_a_generated_database_to_the_end_and_again_for_one_organisation() {
    for db in test_databases().await {
        let done = generate(&args(&db.url)).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let n = done.messages;

        let (ok, out, err) = reindex(&config, None);
        assert!(ok, "{out}{err}");
        assert!(out.contains("0 messages marked"), "{out}");
        assert!(out.contains(&format!("{n} messages indexed")), "{out}");
        assert!(out.contains("search statistics refreshed"), "{out}");
        let query = Query::parse("paspoort", &Synonyms::default_nl());
        let search = MessageSearch {
            query: &query,
            channel: None,
            label: None,
            team: None,
            from: None,
            until: None,
            before: None,
            limit: 5,
        };
        let hits = db.store.search_messages(done.org, &search).await.unwrap();
        assert_eq!(hits.len(), 5, "{:?}", db.backend);

        let (ok, out, err) = reindex(&config, Some("bench"));
        assert!(ok, "{out}{err}");
        assert!(out.contains(&format!("{n} messages marked")), "{out}");
        assert!(out.contains(&format!("{n} messages indexed")), "{out}");

        let (ok, _, err) = reindex(&config, Some("nergens"));
        assert!(!ok);
        assert!(err.contains("nergens"), "{err}");
        db.cleanup().await;
    }
}
