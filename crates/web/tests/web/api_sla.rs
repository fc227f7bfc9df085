//! SLA timers on the API (issue 12, point 6), on every database and checked against
//! `openapi.json`: the conversation JSON carries each target's state, due time and working
//! seconds left or overdue and whether a breach was escalated; `?sla=risk` lists the
//! conversations in warning or breach, the earliest deadline first, per organisation.

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use serde_json::{Value, json};

use crate::contract::{call, contract};
use crate::openapi::Contract;
use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};

const LIST: (&str, &str) = ("GET", "/conversations");
const ONE: (&str, &str) = ("GET", "/conversations/{id}");

fn time(value: &Value) -> Timestamp {
    value.as_str().unwrap().parse().unwrap()
}

async fn risk(app: &TestApp, c: &Contract, token: &str) -> Vec<Value> {
    let (status, body) = call(app, c, LIST, "/conversations?sla=risk", token, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("next_cursor").is_none());
    body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_conversation_json_carries_its_sla_timers_and_the_risk_list_the_urgent_ones() {
    for app in spawn_apps().await {
        // No office hours configured: always open, business time is wall time.
        app.clock.set(time(&json!("2025-11-24T08:00:00Z")));
        let c = contract(&app).await;
        let id = app.resident_writes("Mijn paspoort is kwijt").await;
        app.settle().await;
        app.clock.advance(Duration::from_secs(50 * 60));

        let (_, list) = call(&app, &c, LIST, "/conversations", TOKEN, None).await;
        let sla = &list["items"][0]["sla"];
        assert_eq!(sla["first_response"]["state"], "warning", "{sla}");
        assert_eq!(sla["first_response"]["remaining_seconds"], 600);
        assert_eq!(sla["first_response"]["overdue_seconds"], 0);
        assert_eq!(
            time(&sla["first_response"]["due_at"]),
            time(&json!("2025-11-24T09:00:00Z"))
        );
        assert_eq!(sla["resolution"]["state"], "ok");
        assert_eq!(sla["resolution"]["remaining_seconds"], 7 * 3600 + 600);
        assert_eq!(sla["escalated"], false);
        assert_eq!(
            risk(&app, &c, TOKEN).await,
            Vec::<Value>::new(),
            "not announced yet"
        );
        assert_eq!(app.engine.check_sla().await.unwrap(), 1, "the warning");
        let listed = risk(&app, &c, TOKEN).await;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["id"], id.as_str());

        let lead = NewUserRequest {
            email: "lead@voorbeeld.nl".into(),
            name: "Teamleider".into(),
            membership: Some(("voorbeeld".into(), Role::TeamLead)),
            operator: false,
            locale: Locale::Nl,
            password: None,
        };
        app.engine.add_user(lead).await.unwrap();
        app.clock.advance(Duration::from_secs(20 * 60));
        assert_eq!(
            app.engine.check_sla().await.unwrap(),
            2,
            "breach, escalation"
        );
        let path = format!("/conversations/{id}");
        let (_, detail) = call(&app, &c, ONE, &path, TOKEN, None).await;
        let sla = &detail["conversation"]["sla"];
        assert_eq!(sla["first_response"]["state"], "breached", "{sla}");
        assert_eq!(sla["first_response"]["overdue_seconds"], 600);
        assert_eq!(sla["first_response"]["remaining_seconds"], 0);
        assert_eq!(sla["escalated"], true);
        assert_eq!(risk(&app, &c, TOKEN).await[0]["sla"]["escalated"], true);

        // Another organisation sees neither the conversation nor its risk.
        assert_eq!(risk(&app, &c, OTHER_TOKEN).await, Vec::<Value>::new());
        let (status, _) = call(&app, &c, ONE, &path, OTHER_TOKEN, None).await;
        assert_eq!(status, 404);

        // Resolved: the answer target is met and nothing waits any more.
        let patch = ("PATCH", "/conversations/{id}");
        let body = json!({"status": "resolved"});
        let (status, resolved) = call(&app, &c, patch, &path, TOKEN, Some(body)).await;
        assert_eq!(status, 200, "{resolved}");
        assert_eq!(resolved["sla"]["resolution"]["state"], "met");
        assert_eq!(resolved["sla"]["first_response"], Value::Null);
        assert_eq!(
            risk(&app, &c, TOKEN).await,
            Vec::<Value>::new(),
            "resolved is no risk"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_risk_list_refuses_other_filters_and_unknown_values() {
    for app in spawn_apps().await {
        let c = contract(&app).await;
        for query in [
            "sla=soon",
            "sla=",
            "sla=risk&status=open",
            "sla=risk&cursor=x",
            "sla=risk&limit=0",
            "sla=risk&limit=100000000000",
        ] {
            let concrete = format!("/conversations?{query}");
            let (status, body) = call(&app, &c, LIST, &concrete, TOKEN, None).await;
            assert_eq!(status, 400, "{query}: {body}");
            assert!(
                body["invalidParams"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty())
            );
        }
        let (status, _) = call(
            &app,
            &c,
            LIST,
            "/conversations?sla=risk&limit=100",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 200);
        app.cleanup().await;
    }
}
