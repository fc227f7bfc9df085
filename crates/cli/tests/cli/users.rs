//! `loket user …`, the real binary on a real SQLite file: passwords generated and shown
//! once (or read from standard input), listing, disabling, resets.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use loket_cli::runtime::build_engine;
use loket_cli::settings::Settings;
use loket_domain::time::SystemClock;
use loket_engine::people::SignInOutcome;
use secrecy::SecretString;

use super::support::write_config;

/// Run `loket user <args> --config <config>` with `stdin`; (success, stdout, stderr).
fn loket_user(config: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("user")
        .args(args)
        .arg("--config")
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn printed_password(stdout: &str) -> String {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Password (shown once): "))
        .unwrap_or_else(|| panic!("no password in {stdout:?}"));
    line.to_owned()
}

async fn signs_in(config: &std::path::Path, email: &str, password: &str) -> bool {
    let settings = Settings::load(config).unwrap();
    let engine = build_engine(&settings, Arc::new(SystemClock))
        .await
        .unwrap();
    let outcome = engine
        .sign_in(email, SecretString::from(password), "127.0.0.1", None)
        .await
        .unwrap();
    matches!(outcome, SignInOutcome::SignedIn(_))
}

#[tokio::test]
async fn user_commands_add_list_disable_and_reset_people_with_passwords_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("loket.db").display());
    let config = write_config(dir.path(), &url).path;
    let add = |email: &'static str, role: &'static str, extra: &'static [&'static str]| {
        let mut args = vec![
            "add", "--org", "loadtest", "--email", email, "--name", "Anna",
        ];
        args.extend(["--role", role]);
        args.extend(extra);
        args
    };

    let (ok, out, err) = loket_user(&config, &add("Anna@Loadtest.nl", "agent", &[]), "");
    assert!(ok, "{err}");
    assert!(
        out.contains("Added anna@loadtest.nl to loadtest as agent."),
        "{out}"
    );
    let generated = printed_password(&out);
    assert_eq!(generated.len(), 23);
    assert!(!err.contains(&generated), "never on stderr (logs)");
    assert!(signs_in(&config, "anna@loadtest.nl", &generated).await);

    let chosen = "een heel lang wachtwoord";
    let args = add(
        "bert@loadtest.nl",
        "admin",
        &["--password-stdin", "--operator"],
    );
    let (ok, out, err) = loket_user(&config, &args, &format!("{chosen}\n"));
    assert!(ok, "{err}");
    assert!(!out.contains("Password"), "{out}");
    assert!(signs_in(&config, "bert@loadtest.nl", chosen).await);

    // The same address in another case: the membership changes, no second user.
    let (ok, out, _) = loket_user(&config, &add("ANNA@loadtest.nl", "team_lead", &[]), "");
    assert!(ok && out.contains("exists"), "{out}");
    let (ok, out, _) = loket_user(&config, &["list"], "");
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("anna@loadtest.nl\tAnna\tloadtest:team_lead"),
        "{out}"
    );
    assert!(lines[1].ends_with("\toperator"), "{out}");
    let (ok, out, _) = loket_user(&config, &["list", "--org", "loadtest"], "");
    assert!(ok && out.lines().count() == 2);

    let (ok, out, err) = loket_user(
        &config,
        &["reset-password", "--email", "anna@loadtest.nl"],
        "",
    );
    assert!(ok, "{err}");
    let fresh = printed_password(&out);
    assert!(!signs_in(&config, "anna@loadtest.nl", &generated).await);
    assert!(signs_in(&config, "anna@loadtest.nl", &fresh).await);
    let (ok, _, err) = loket_user(&config, &["reset-2fa", "--email", "anna@loadtest.nl"], "");
    assert!(ok, "{err}");
    let (ok, _, err) = loket_user(&config, &["disable", "--email", "anna@loadtest.nl"], "");
    assert!(ok, "{err}");
    assert!(!signs_in(&config, "anna@loadtest.nl", &fresh).await);
    let (_, out, _) = loket_user(&config, &["list"], "");
    assert!(out.lines().next().unwrap().ends_with("\tdisabled"), "{out}");
}

#[tokio::test]
async fn user_commands_refuse_bad_input_with_a_message_and_a_failing_status() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("loket.db").display());
    let config = write_config(dir.path(), &url).path;
    let base = ["add", "--email", "x@loadtest.nl", "--name", "X"];
    for (extra, expected) in [
        (vec!["--org", "loadtest", "--role", "owner"], "owner"),
        (vec!["--org", "nergens", "--role", "agent"], "organisation"),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra);
        let (ok, _, err) = loket_user(&config, &args, "");
        assert!(!ok);
        assert!(err.contains(expected), "{err}");
    }
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--org", "loadtest", "--role", "agent", "--password-stdin"]);
    let (ok, _, err) = loket_user(&config, &args, "kort\n");
    assert!(!ok && err.contains("12"), "{err}");
    let (ok, _, _) = loket_user(&config, &["disable", "--email", "nobody@loadtest.nl"], "");
    assert!(!ok);
}
