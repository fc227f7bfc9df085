//! The audit log over HTTP on every database: opening and changing a conversation (pages
//! and API), signing in (also failing to) and exporting are recorded with actor, target
//! ids, address and outcome — never the resident's number or words; `/admin/audit` is for
//! admins only, filters and exports; and when an entry cannot be written the conversation
//! is not shown.

use loket_domain::audit::AuditChain;
use loket_domain::people::Role;
use loket_engine::records::{AuditFilter, AuditRecord};
use serde_json::json;

use crate::admin_pages::{admin, member, signed_in};
use crate::sign_in::{PASSWORD, enrol, now};
use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};
use crate::visitor::Visitor;

/// A table cell showing `text` (the filter's choice list shows every action too).
fn cell(text: &str) -> String {
    format!("<td class=\"utrecht-table__cell\">{text}</td>")
}

async fn entries(app: &TestApp) -> Vec<AuditRecord> {
    let org = app
        .engine
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap()
        .unwrap();
    let filter = AuditFilter::default();
    app.engine
        .list_audit(org.id, &filter, None, 500)
        .await
        .unwrap()
}

fn has(records: &[AuditRecord], actor_prefix: &str, action: &str, result: &str) -> bool {
    records.iter().any(|r| {
        r.fields.actor.starts_with(actor_prefix)
            && r.fields.action == action
            && r.fields.result == result
    })
}

#[tokio::test]
async fn reads_and_changes_by_people_and_tokens_are_recorded_with_ids_only() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn BSN is 111222333").await;
        let mut v = admin(&app).await;
        assert_eq!(v.get(&format!("/inbox/{conversation}")).await.status, 200);
        // The live refresh is not an opening.
        v.get(&format!("/inbox/{conversation}/messages")).await;
        let path = format!("/api/v1/conversations/{conversation}");
        app.get_json(&path).await;
        let patch = json!({"status": "resolved", "labels": []});
        assert_eq!(app.patch_json(&path, &patch).await.status(), 200);
        // Another organisation's token probing this id: 404, nothing in this chain.
        assert_eq!(app.get_with(&path, Some(OTHER_TOKEN)).await.status(), 404);

        let records = entries(&app).await;
        assert!(has(&records, "user:", "session.signed_in", "ok"));
        let opened: Vec<_> = records
            .iter()
            .filter(|r| r.fields.action == "conversation.opened")
            .collect();
        assert_eq!(opened.len(), 2, "page and API: {opened:?}");
        assert!(
            opened
                .iter()
                .all(|r| r.fields.conversation_id.as_deref() == Some(&*conversation))
        );
        assert!(
            opened
                .iter()
                .all(|r| r.fields.client_ip.as_deref() == Some("127.0.0.1"))
        );
        assert!(has(&records, "token:", "conversation.status_changed", "ok"));
        assert!(has(&records, "token:", "conversation.labels_changed", "ok"));
        let token_actor = records
            .iter()
            .find(|r| r.fields.actor.starts_with("token:"))
            .unwrap();
        assert!(!token_actor.fields.actor.contains(TOKEN));

        let stored = format!("{records:?}");
        for secret in ["31612345678", "111222333", "Fatima", "beheer@voorbeeld.nl"] {
            assert!(!stored.contains(secret), "{secret} in the audit log");
        }
        let reports = app.engine.verify_audit(None).await.unwrap();
        assert!(reports.iter().all(|r| r.broken.is_none()), "{reports:?}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn failed_sign_ins_are_recorded_without_the_address_typed() {
    for app in spawn_apps().await {
        let agent = member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = Visitor::new(&app);
        v.sign_in("agent@voorbeeld.nl", "wrong password").await;
        v.sign_in("nobody@voorbeeld.nl", PASSWORD).await;

        let records = entries(&app).await;
        let failed = records
            .iter()
            .find(|r| r.fields.action == "session.sign_in_failed")
            .expect("the agent's failure in the organisation's chain");
        assert_eq!(failed.fields.actor, format!("user:{agent}"));
        assert_eq!(failed.fields.result, "denied");
        let deployment = app
            .store
            .audit_chain_page(&AuditChain::Deployment.key(), 0, 10)
            .await
            .unwrap();
        assert_eq!(deployment.len(), 1);
        assert!(deployment[0].fields.actor.starts_with("unknown:"));
        assert!(!format!("{deployment:?}").contains("nobody"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn second_factor_codes_are_recorded_wrong_and_right_and_a_resident_page_view_too() {
    for app in spawn_apps().await {
        let agent = member(&app, "gijs@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = Visitor::new(&app);
        v.sign_in("gijs@voorbeeld.nl", PASSWORD).await;
        let (secret, _) = enrol(&app, &mut v).await;
        v.post("/sign-out", &[]).await;
        v.sign_in("gijs@voorbeeld.nl", PASSWORD).await;
        v.get("/sign-in/two-factor").await;
        v.post("/sign-in/two-factor", &[("code", "000000")]).await;
        app.clock.advance(std::time::Duration::from_secs(60));
        let code = loket_engine::people::totp_code(&secret, now(&app)).unwrap();
        let passed = v.post("/sign-in/two-factor", &[("code", &code)]).await;
        assert_eq!(passed.location.as_deref(), Some("/"));

        let conversation = app.resident_writes("Goedemiddag").await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let contact = detail["conversation"]["contact_id"].as_str().unwrap();
        let mut beheer = admin(&app).await;
        let page = beheer.get(&format!("/admin/residents/{contact}")).await;
        assert_eq!(page.status, 200);

        let records = entries(&app).await;
        let me = format!("user:{agent}");
        assert!(has(&records, &me, "session.second_factor", "denied"));
        assert!(has(&records, &me, "session.second_factor", "ok"));
        let viewed = records
            .iter()
            .find(|r| r.fields.action == "resident.opened")
            .expect("the resident page view");
        assert_eq!(viewed.fields.contact_id.as_deref(), Some(contact));
        assert!(!format!("{records:?}").contains(&code), "no code recorded");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_address_is_recorded_not_the_proxys() {
    for app in spawn_apps().await {
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let limits = loket_web::ServerLimits {
            trusted_proxies: std::sync::Arc::from(["127.0.0.1/32".parse().unwrap()]),
            ..loket_web::ServerLimits::default()
        };
        let (addr, stop) = crate::edge_timeouts::serve_beside(&app, limits).await;
        let mut v = Visitor::new(&app);
        v.url = format!("http://{addr}");
        for forwarded in ["6.6.6.6, 203.0.113.7", "garbage"] {
            v.get("/sign-in").await;
            let csrf = v.csrf.clone().unwrap_or_default();
            let origin = v.url.clone();
            let fields = [
                ("email", "agent@voorbeeld.nl"),
                ("password", "fout"),
                ("csrf", csrf.as_str()),
            ];
            let headers = [
                ("origin", origin.as_str()),
                ("sec-fetch-site", "same-origin"),
                ("x-forwarded-for", forwarded),
            ];
            let answer = v.post_raw("/sign-in", &fields, &headers).await;
            assert_eq!(answer.status, 303);
        }
        let records = entries(&app).await;
        let ips: Vec<Option<&str>> = records
            .iter()
            .filter(|r| r.fields.action == "session.sign_in_failed")
            .map(|r| r.fields.client_ip.as_deref())
            .collect();
        // Newest first: the unreadable header fell back to the proxy itself.
        assert_eq!(ips, vec![Some("127.0.0.1"), Some("203.0.113.7")]);
        let _ = stop.send(true);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_audit_page_is_for_admins_only_and_filters_and_exports() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "agent@voorbeeld.nl").await;
        agent.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(agent.get("/admin/audit").await.status, 403);
        assert_eq!(agent.get("/admin/audit.csv").await.status, 403);

        let mut v = admin(&app).await;
        let page = v.get("/admin/audit").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Auditlog"), "{}", page.body);
        assert!(page.body.contains(&cell("Gesprek geopend")));
        assert!(page.body.contains(&cell("Aangemeld")));
        assert!(
            page.body.contains("Naam agent@voorbeeld.nl<br>"),
            "the actor's name"
        );
        let filtered = v
            .get(&format!("/admin/audit?conversation={conversation}&action="))
            .await;
        assert!(filtered.body.contains(&cell("Gesprek geopend")));
        assert!(
            !filtered.body.contains(&cell("Aangemeld")),
            "{}",
            filtered.body
        );
        let bad = v.get("/admin/audit?from=gisteren").await;
        assert!(bad.body.contains("niet geldig"));

        let csv = v
            .get(&format!("/admin/audit.csv?conversation={conversation}"))
            .await;
        assert_eq!(csv.status, 200);
        let lines: Vec<&str> = csv.body.lines().collect();
        assert!(lines[0].starts_with("seq,at,actor,action"));
        assert_eq!(lines.len(), 2, "{}", csv.body);
        assert!(lines[1].contains("conversation.opened"));
        assert!(has(&entries(&app).await, "user:", "audit.exported", "ok"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn when_the_audit_log_cannot_be_written_the_conversation_is_not_shown() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn adres is Dorpsstraat 1").await;
        let mut v = admin(&app).await;
        app.execute_sql("alter table audit_log rename to audit_log_away")
            .await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(page.status, 500);
        assert!(!page.body.contains("Dorpsstraat"));
        let path = format!("/api/v1/conversations/{conversation}");
        let api = app.get_with(&path, Some(TOKEN)).await;
        assert_eq!(api.status(), 500);
        assert!(!api.text().await.unwrap().contains("Dorpsstraat"));
        app.execute_sql("alter table audit_log_away rename to audit_log")
            .await;
        app.cleanup().await;
    }
}
