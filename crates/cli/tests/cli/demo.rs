//! `loket demo` prints where to sign in and five demo logins, each of which signs in (the
//! back-office one works Burgerzaken's contactverzoeken); it has saved replies and the Rijksoverheid knowledge base (when the fixtures are there).

use std::process::Command;
use std::sync::Arc;

use loket_domain::time::SystemClock;
use loket_engine::people::{SessionState, SignInOutcome};
use secrecy::SecretString;

/// Run `loket demo` in `dir` with `args` (and the knowledge-base fixtures) until it stops by
/// itself; its standard output, once it succeeded.
pub fn run_demo(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["demo", "--listen", "127.0.0.1:0"])
        .args(args)
        .arg("--database-url")
        .arg(format!("sqlite://{}", dir.join("demo.db").display()))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--kb-fixtures")
        .arg(fixtures())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/faq")
}

/// The engine over the database a demo in `dir` left behind.
pub async fn demo_engine(dir: &std::path::Path) -> loket_engine::Engine {
    let key = std::fs::read_to_string(dir.join("data/secret.key")).unwrap();
    let toml = format!(
        "[server]\ndatabase_url = \"sqlite://{}\"\nsecret_key = \"{}\"\n[storage]\nblob_dir = \"{}\"\n",
        dir.join("demo.db").display(),
        key.trim(),
        dir.join("data/blobs").display()
    );
    let settings = loket_cli::settings::Settings::from_toml(&toml).unwrap();
    loket_cli::runtime::build_engine(&settings, Arc::new(SystemClock))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_prints_five_logins_that_sign_in_without_a_second_factor_and_has_saved_replies() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = fixtures();
    let stdout = run_demo(dir.path(), &["--for", "2", "--per-minute", "1"]);
    assert!(stdout.contains("Inloggen: http://127.0.0.1:"), "{stdout}");
    let logins: Vec<(String, String)> = stdout
        .lines()
        .filter_map(|l| {
            let (left, password) = l.split_once("wachtwoord: ")?;
            let email = left.split_whitespace().nth(1)?;
            Some((email.to_owned(), password.trim().to_owned()))
        })
        .collect();
    assert_eq!(logins.len(), 5, "{stdout}");

    // The demo stopped; its database stays: every login signs in, no second factor asked.
    let engine = demo_engine(dir.path()).await;
    for (email, password) in logins {
        let outcome = engine
            .sign_in(&email, SecretString::from(password), "127.0.0.1", None)
            .await
            .unwrap();
        let SignInOutcome::SignedIn(new) = outcome else {
            panic!("{email}: {outcome:?}")
        };
        assert_eq!(new.session.state, SessionState::Complete, "{email}");
    }
    let org = (engine.find_organisation_by_slug("voorbeeld").await.unwrap()).unwrap();
    let teams = engine.list_teams(org.id).await.unwrap();
    let slugs: Vec<&str> = teams.iter().map(|t| t.slug.as_str()).collect();
    for slug in ["burgerzaken", "communicatie", "nieuwsredactie"] {
        assert!(slugs.contains(&slug), "{slugs:?}");
    }
    let burgerzaken = teams.iter().find(|t| t.slug == "burgerzaken").unwrap();
    let members = engine
        .list_team_members(org.id, burgerzaken.id)
        .await
        .unwrap();
    let back_office = (engine.find_user("backoffice@voorbeeld.nl").await.unwrap()).unwrap();
    assert!(
        members.contains(&back_office.id),
        "the back-office login works Burgerzaken's requests"
    );
    let rules = engine.automation_rules(org.id).await.unwrap();
    let names: Vec<&str> = rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "the passport rule and the waiting rule: {names:?}"
    );
    let replies = engine.list_saved_replies(org.id, None, "").await.unwrap();
    let shortcuts: Vec<&str> = replies.iter().map(|r| r.shortcut.as_str()).collect();
    assert_eq!(
        shortcuts,
        [
            "afval",
            "bedankt",
            "openingstijden",
            "paspoort",
            "verhuizing"
        ]
    );
    let articles = engine.list_kb_articles(org.id).await.unwrap();
    if fixtures.exists() {
        assert_eq!(articles.len(), 179, "{stdout}");
        assert!(stdout.contains("Kennisbank: 179 articles"), "{stdout}");
    } else {
        eprintln!(
            "skipped the knowledge-base check: no fixtures at {}",
            fixtures.display()
        );
        assert!(articles.is_empty());
    }
}
