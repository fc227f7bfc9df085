//! AVG rights over the API: `GET /api/v1/contacts/{id}/export` and
//! `POST /api/v1/contacts/{id}/erasure` — the ZIP, the legal-hold refusal (409), the
//! erasure, and another organisation's token answered 404.

use std::io::Read;

use serde_json::{Value, json};

use crate::openapi::Contract;
use crate::support::*;

fn contract() -> Contract {
    Contract::new(serde_json::from_str(loket_web::api::OPENAPI).unwrap())
}

async fn post_with(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    let url = format!("{}{path}", app.url);
    app.http
        .post(url)
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_integration_exports_and_erases_a_resident_unless_a_legal_hold_keeps_them() {
    for app in spawn_apps().await {
        let conversation = app
            .resident_writes("Mijn klacht over de Zwanenvijver")
            .await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let contact = detail["conversation"]["contact_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let export = format!("/api/v1/contacts/{contact}/export");
        let erasure = format!("/api/v1/contacts/{contact}/erasure");

        assert_eq!(app.get_with(&export, Some(OTHER_TOKEN)).await.status(), 404);
        assert_eq!(
            app.get_with("/api/v1/contacts/not-a-uuid/export", Some(TOKEN))
                .await
                .status(),
            404
        );
        let response = app.get_with(&export, Some(TOKEN)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/zip");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let bytes = response.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut messages = String::new();
        let name = format!("conversations/{conversation}/messages.json");
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut messages)
            .unwrap();
        assert!(messages.contains("Zwanenvijver"));

        app.execute_sql(&format!(
            "update conversations set legal_hold_at = 1 where id = '{conversation}'"
        ))
        .await;
        let refused = post_with(&app, &erasure, TOKEN).await;
        assert_eq!(refused.status(), 409);
        let problem: Value = refused.json().await.unwrap();
        contract().check("POST", "/contacts/{id}/erasure", 409, &problem);
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains(&conversation) && detail.contains("17(3)"),
            "{detail}"
        );
        assert_eq!(
            app.get_with(
                &format!("/api/v1/conversations/{conversation}"),
                Some(TOKEN)
            )
            .await
            .status(),
            200
        );

        app.execute_sql(&format!(
            "update conversations set legal_hold_at = null where id = '{conversation}'"
        ))
        .await;
        assert_eq!(post_with(&app, &erasure, OTHER_TOKEN).await.status(), 404);
        let erased = post_with(&app, &erasure, TOKEN).await;
        assert_eq!(erased.status(), 200);
        let report: Value = erased.json().await.unwrap();
        contract().check("POST", "/contacts/{id}/erasure", 200, &report);
        assert_eq!(
            (
                report["conversations"].as_u64(),
                report["messages"].as_u64()
            ),
            (Some(1), Some(1))
        );
        assert_eq!(
            app.get_with(
                &format!("/api/v1/conversations/{conversation}"),
                Some(TOKEN)
            )
            .await
            .status(),
            404
        );
        assert_eq!(
            post_with(&app, &erasure, TOKEN).await.status(),
            404,
            "already erased"
        );
        assert_eq!(app.get_with(&export, Some(TOKEN)).await.status(), 404);
        app.cleanup().await;
    }
}
