//! Several instances on one database and one S3 bucket share media: what one instance kept,
//! another serves or sends. Runs only when `LOKET_TEST_S3_ENDPOINT` names an S3 server.

use loket_domain::{MessageId, OrgId};
use loket_engine::EngineError;
use serde_json::Value;

use crate::support::spawn_apps_on_s3;

fn ids(message: &Value, conversation: &Value) -> (OrgId, MessageId) {
    (
        serde_json::from_value(conversation["org_id"].clone()).unwrap(),
        serde_json::from_value(message["id"].clone()).unwrap(),
    )
}

#[tokio::test]
async fn media_fetched_by_one_instance_is_served_by_another_on_the_same_bucket() {
    for a in spawn_apps_on_s3().await {
        let b = a.second_instance().await;
        let photo = loket_sim::files::photo_png(6, 6, 7);
        let media_id = a.sim.add_media(photo.clone(), "image/png");
        let resident = loket_sim::Resident::new("Fatima de Vries", "31612345678");
        let image = a.sim.image(&resident, &media_id, Some("Lantaarnpaal stuk"));
        let envelope = a.sim.envelope(vec![image], vec![resident.contact()]);
        assert_eq!(a.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversation = a.conversations().await[0].clone();
        let (org, id) = ids(&a.all_messages().await[0], &conversation);
        assert!(
            matches!(b.media_content(org, id).await, Err(EngineError::NotFound)),
            "nothing to serve while the fetch is pending"
        );
        assert_eq!(a.run_jobs().await, 1, "instance A fetches the photo");

        let message = a.all_messages().await[0].clone();
        assert_eq!(message["media"]["state"], "stored", "{message}");
        let stranger = OrgId::new_at(crate::support::start_time());
        assert!(
            matches!(
                b.media_content(stranger, id).await,
                Err(EngineError::NotFound)
            ),
            "another organisation never gets it"
        );
        let served = b.media_content(org, id).await.unwrap();
        assert_eq!(
            served.bytes, photo,
            "instance B serves A's photo on {:?}",
            a.backend
        );
        assert_eq!(served.mime_type.as_deref(), Some("image/png"));
        a.cleanup().await;
    }
}

#[tokio::test]
async fn a_file_an_agent_attached_on_one_instance_is_sent_by_the_worker_of_another() {
    for a in spawn_apps_on_s3().await {
        let b = a.second_instance().await;
        let conversation = a.resident_writes("Kunt u het formulier sturen?").await;
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(loket_sim::files::pdf("Aanvraag"))
                .file_name("aanvraag.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
        let response = a
            .http
            .post(format!(
                "{}/api/v1/conversations/{conversation}/messages",
                a.url
            ))
            .bearer_auth(crate::support::TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        // Only instance B's worker runs: it reads the file A kept, uploads it, sends it.
        while b.run_next_job().await.unwrap().is_some() {}
        let sent = a.sim.sent_messages();
        assert_eq!(sent.len(), 1, "sent by B on {:?}", a.backend);
        assert_eq!(sent[0].body["document"]["filename"], "aanvraag.pdf");
        assert_eq!(a.sim.send_stats().uploads, 1, "B uploaded A's file");
        a.cleanup().await;
    }
}
