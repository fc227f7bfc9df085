//! `loket kb import`, the real binary on every backend: new rows inserted, the same rows
//! unchanged, upstream changes updated, an article edited in the editor kept and named;
//! the two Rijksoverheid fixture files hold 179 distinct articles.

use std::path::{Path, PathBuf};
use std::process::Command;

use loket_engine::knowledge::ArticleInput;
use loket_store::testing::test_databases;

use super::support::{loadtest_engine, write_config};

/// Run `loket kb import --config <config> --org loadtest FILES…`; (success, stdout, stderr).
fn import(config: &Path, files: &[PathBuf]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["kb", "import", "--org", "loadtest", "--config"])
        .arg(config)
        .args(files)
        .output()
        .expect("run loket");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv(dir: &Path, name: &str, rows: &[(&str, &str, &str)]) -> PathBuf {
    let mut text = String::from("canonical,id,question,reference_answer\n");
    for (id, question, answer) in rows {
        text.push_str(&format!(
            "https://x.nl/{id},{id},\"{question}\",\"{answer}\"\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn an_import_again_is_unchanged_takes_upstream_changes_and_keeps_edited_articles() {
    for db in test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let first = csv(
            dir.path(),
            "a.csv",
            &[
                ("p1", "Paspoort kwijt?", "Doe aangifte."),
                ("a1", "Afval?", "Container."),
            ],
        );
        let (ok, out, err) = import(&config, std::slice::from_ref(&first));
        assert!(ok, "{err}");
        assert!(
            out.starts_with(
                "inserted 2, updated 0, unchanged 0, kept (edited since import) 0, refused 0"
            ),
            "{out}"
        );
        let (ok, out, _) = import(&config, std::slice::from_ref(&first));
        assert!(
            ok && out.starts_with("inserted 0, updated 0, unchanged 2,"),
            "{out}"
        );

        let (engine, org) = loadtest_engine(&config).await;
        let articles = engine.list_kb_articles(org).await.unwrap();
        let afval = articles
            .iter()
            .find(|a| a.external_id.as_deref() == Some("a1"))
            .unwrap();
        assert_eq!(afval.source_url.as_deref(), Some("https://x.nl/a1"));
        assert_eq!(
            afval.short_answer_u.as_deref(),
            Some("Container.\n\nMeer informatie: https://x.nl/a1")
        );
        let edited = ArticleInput {
            title: "Afval (eigen tekst)".into(),
            body: "Bel ons.".into(),
            ..Default::default()
        };
        engine
            .update_kb_article(org, afval.id, edited)
            .await
            .unwrap();

        let upstream = csv(
            dir.path(),
            "b.csv",
            &[
                ("p1", "Paspoort kwijt?", "Doe aangifte bij de gemeente."),
                ("a1", "Afval?", "Nieuw."),
            ],
        );
        let (ok, out, _) = import(&config, &[upstream]);
        assert!(
            ok && out
                .starts_with("inserted 0, updated 1, unchanged 0, kept (edited since import) 1,"),
            "{out}"
        );
        assert!(
            out.contains("kept (edited in the editor since its import): a1"),
            "{out}"
        );
        let body = engine.get_kb_article(org, afval.id).await.unwrap().body;
        assert_eq!(body, "Bel ons.");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_file_without_the_needed_columns_or_an_unknown_organisation_is_a_clear_error() {
    for db in test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "id,question\n1,Vraag\n").unwrap();
        let (ok, _, err) = import(&config, &[bad]);
        assert!(!ok && err.contains("reference_answer"), "{err}");
        let out = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["kb", "import", "--org", "nergens", "--config"])
            .arg(&config)
            .arg(csv(dir.path(), "a.csv", &[("1", "Vraag", "Antwoord")]))
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("nergens"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_two_rijksoverheid_files_hold_179_distinct_articles() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/faq");
    let Ok(entries) = std::fs::read_dir(&fixtures) else {
        eprintln!(
            "skipped: no knowledge-base fixtures at {}",
            fixtures.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    for db in test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let (ok, out, err) = import(&config, &files);
        assert!(ok, "{err}");
        assert!(
            out.starts_with(
                "inserted 179, updated 0, unchanged 0, kept (edited since import) 0, refused 0"
            ),
            "{out}"
        );
        let (_, out, _) = import(&config, &files);
        assert!(
            out.starts_with("inserted 0, updated 0, unchanged 179,"),
            "{out}"
        );
        db.cleanup().await;
    }
}

/// An id of the Rijksoverheid fixtures ("Wat moet ik doen als mijn paspoort of
/// identiteitskaart kwijt is?") that Loket ships search keywords for.
const LOST_PASSPORT: &str = "b69e8d94-3c15-41b1-9a4c-b106af7088ed";

#[tokio::test]
async fn an_imported_article_is_tagged_with_its_subjects_and_its_own_or_loket_s_keywords() {
    for db in test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let file = dir.path().join("k.csv");
        std::fs::write(
            &file,
            format!(
                "id,question,reference_answer,subjects,keywords\n\
                 {LOST_PASSPORT},Paspoort kwijt?,Doe aangifte.,Paspoort,\n\
                 own,Afval?,Container.,,grofvuil | bankstel\n"
            ),
        )
        .unwrap();
        let (ok, out, err) = import(&config, &[file]);
        assert!(ok && out.starts_with("inserted 2,"), "{out}{err}");

        let (engine, org) = loadtest_engine(&config).await;
        let articles = engine.list_kb_articles(org).await.unwrap();
        let tags = |id: &str| {
            let article = articles
                .iter()
                .find(|a| a.external_id.as_deref() == Some(id))
                .unwrap();
            article.tags.clone()
        };
        let shipped = loket_cli::kb_eval::keywords::shipped().unwrap();
        let mut expected = vec!["Paspoort".to_owned()];
        expected.extend(shipped[LOST_PASSPORT].iter().cloned());
        assert_eq!(tags(LOST_PASSPORT), expected);
        assert!(expected.contains(&"gejat".to_owned()));
        assert_eq!(tags("own"), ["grofvuil", "bankstel"]);
        db.cleanup().await;
    }
}
