//! `loket audit verify`, the real binary on every backend: an intact chain is counted and
//! OK; a row changed with SQL is named by its seq and the command exits non-zero.

use std::process::Command;

use loket_domain::audit::{Action, Actor, AuditChain, AuditEntry, Outcome, Target};
use loket_store::Backend;
use loket_store::testing::test_databases;

use super::support::{loadtest_engine, write_config};

/// Run `loket audit verify --config <config> --org loadtest`; (success, stdout, stderr).
fn verify(config: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["audit", "verify", "--org", "loadtest", "--config"])
        .arg(config)
        .output()
        .expect("run loket");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn verify_counts_an_intact_chain_and_names_the_first_row_changed_with_sql() {
    for db in test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), &db.url).path;
        let (engine, org) = loadtest_engine(&config).await;
        for action in [
            Action::SignedIn,
            Action::ConversationOpened,
            Action::MessageSent,
        ] {
            let entry = AuditEntry {
                chain: AuditChain::Org(org),
                actor: Actor::System,
                action,
                target: Target::default(),
                client_ip: None,
                outcome: Outcome::Ok,
            };
            engine.audit(entry).await.unwrap();
        }

        let (ok, out, err) = verify(&config);
        assert!(ok, "{:?}: {out}{err}", db.backend);
        assert!(out.contains("loadtest"), "{out}");
        assert!(out.contains("3 entries OK"), "{out}");

        let unguard = match db.backend {
            Backend::Sqlite => "drop trigger audit_log_no_update;",
            Backend::Postgres => "drop trigger audit_log_no_change on audit_log;",
        };
        db.execute_sql(unguard).await.unwrap();
        db.execute_sql("update audit_log set action = 'session.signed_in' where seq = 2")
            .await
            .unwrap();
        let (ok, out, err) = verify(&config);
        assert!(!ok, "{:?}: a tampered chain verified: {out}", db.backend);
        assert!(out.contains("BROKEN"), "{out}");
        assert!(out.contains("seq 2: hash does not match"), "{out}");
        assert!(err.contains("1 audit chain(s) broken"), "{err}");
        drop(engine);
        db.cleanup().await;
    }
}
