//! `GET`/`PATCH /api/v1/conversations/{id}/retention`: a legal hold set with a reason and
//! lifted, a transfer marked and recorded, bad bodies refused with every problem, another
//! organisation's token answered 404 — each answer checked against `openapi.json`.

use loket_sim::Resident;
use serde_json::json;

use crate::contract::{call, contract, resident_writes};
use crate::support::{OTHER_TOKEN, TOKEN, spawn_apps};

#[tokio::test]
async fn legal_hold_and_transfer_are_set_and_read_back_through_the_api() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        resident_writes(&app, &Resident::new("Fatima de Vries", "31612345678")).await;
        let list = ("GET", "/conversations");
        let (_, page) = call(&app, &contract, list, "/conversations", TOKEN, None).await;
        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/conversations/{id}/retention");
        let get = ("GET", "/conversations/{id}/retention");
        let patch = ("PATCH", "/conversations/{id}/retention");

        let (status, state) = call(&app, &contract, get, &path, TOKEN, None).await;
        assert_eq!(status, 200);
        assert_eq!(state["legal_hold"], json!(null));

        let hold =
            json!({"legal_hold": {"reason": "Bezwaarprocedure loopt"}, "transfer_required": true});
        let (status, state) = call(&app, &contract, patch, &path, TOKEN, Some(hold)).await;
        assert_eq!(status, 200);
        assert_eq!(state["legal_hold"]["reason"], "Bezwaarprocedure loopt");
        assert_eq!(state["legal_hold"]["by"], "api");
        assert!(state["transfer_required_at"].is_string());
        assert_eq!(state["transferred_at"], json!(null));

        let done = json!({"transferred": true, "legal_hold": null});
        let (status, state) = call(&app, &contract, patch, &path, TOKEN, Some(done)).await;
        assert_eq!(status, 200);
        assert!(state["transferred_at"].is_string());
        assert_eq!(state["legal_hold"], json!(null));

        let unmark = json!({"transfer_required": false});
        call(&app, &contract, patch, &path, TOKEN, Some(unmark)).await;
        let again = json!({"transferred": true});
        let (status, _) = call(&app, &contract, patch, &path, TOKEN, Some(again)).await;
        assert_eq!(status, 409, "not marked for transfer");

        let bad = json!({"legal_hold": {"reason": "  "}});
        let (status, problem) = call(&app, &contract, patch, &path, TOKEN, Some(bad)).await;
        assert_eq!(status, 400);
        assert!(problem.to_string().contains("reason"), "{problem}");
        let worse = json!({"legal_hold": "ja", "transferred": false, "delete": 1});
        let (status, problem) = call(&app, &contract, patch, &path, TOKEN, Some(worse)).await;
        assert_eq!(status, 400);
        let names: Vec<_> = (problem["invalidParams"].as_array().unwrap().iter())
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, vec!["delete", "legal_hold", "transferred"]);

        let hold = json!({"legal_hold": {"reason": "Van een ander"}});
        let (status, _) = call(&app, &contract, patch, &path, OTHER_TOKEN, Some(hold)).await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, &contract, get, &path, OTHER_TOKEN, None).await;
        assert_eq!(status, 404);
        let (_, state) = call(&app, &contract, get, &path, TOKEN, None).await;
        assert_eq!(
            state["legal_hold"],
            json!(null),
            "the other organisation changed nothing"
        );
        app.cleanup().await;
    }
}
