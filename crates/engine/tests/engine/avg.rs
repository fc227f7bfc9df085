//! AVG rights through the engine: the export holds the resident's data, media and an
//! escaped transcript; erasure leaves no trace in any table or blob; a legal hold refuses.

use std::io::Read;

use loket_domain::inbound::InboundEvent;
use loket_domain::message::Content;
use loket_domain::{ContactId, ConversationId, OrgId};
use loket_engine::Engine;
use loket_engine::avg::Erasure;
use loket_engine::commit::GroupCommitConfig;
use loket_store::MediaState;
use loket_store::testing::{TestDb, test_databases};
use object_store::ObjectStoreExt;
use object_store::path::Path;

const NUMBER: &str = "31655501234";
const NAME: &str = "Henk Wisselaar";
const SECRET: &str = "Mijn klacht <script>alert(1)</script> over de Zwanenvijver";
const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 a small photo of the pond";

/// The resident writes once, with a photo kept in the blob store.
async fn a_resident(engine: &Engine, db: &TestDb) -> (OrgId, ContactId, ConversationId) {
    let mut events = super::webhook(7, "1122334455667");
    if let InboundEvent::Message(m) = &mut events[0].event {
        m.from.identity.wa_id = Some(NUMBER.into());
        m.from.name = Some(NAME.into());
        m.content = Content::Text {
            body: SECRET.into(),
        };
        m.raw = serde_json::json!({ "from": NUMBER, "text": { "body": SECRET } });
    }
    engine.submit(events).await.unwrap();
    let org = db
        .store
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap()
        .unwrap()
        .id;
    let conversation = super::a_conversation(engine, db, org).await;
    let record = db.store.get_conversation(org, conversation).await.unwrap();
    let message = db.store.list_messages(org, conversation).await.unwrap()[0].id;
    let key = format!("orgs/{org}/media/{message}");
    engine
        .blobs()
        .put(&Path::from(key.as_str()), PHOTO.to_vec().into())
        .await
        .unwrap();
    let state = MediaState::Stored {
        blob_key: key,
        size: PHOTO.len() as u64,
        mime_type: Some("image/jpeg".into()),
    };
    db.store
        .set_media_state(org, message, &state)
        .await
        .unwrap();
    (org, record.contact_id, conversation)
}

fn read_entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[tokio::test]
async fn an_export_holds_the_residents_data_their_media_and_an_escaped_transcript() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&super::provisioning()).await.unwrap();
        let (org, contact, conversation) = a_resident(&engine, &db).await;

        let export = engine.export_resident(org, contact).await.unwrap();
        assert!(export.size > 0 && export.filename.ends_with(".zip"));
        let mut zip = zip::ZipArchive::new(export.file).unwrap();
        let resident: serde_json::Value =
            serde_json::from_slice(&read_entry(&mut zip, "resident.json")).unwrap();
        assert_eq!(resident["contact"]["name"], NAME);
        assert_eq!(resident["contact"]["identities"]["wa_id"], NUMBER);
        let dir = format!("conversations/{conversation}");
        let messages: serde_json::Value =
            serde_json::from_slice(&read_entry(&mut zip, &format!("{dir}/messages.json"))).unwrap();
        assert_eq!(messages[0]["content"]["body"], SECRET);
        let media = messages[0]["media_file"].as_str().unwrap().to_owned();
        assert_eq!(read_entry(&mut zip, &media), PHOTO);
        let transcript =
            String::from_utf8(read_entry(&mut zip, &format!("{dir}/transcript.html"))).unwrap();
        assert!(
            transcript.contains("Mijn klacht &lt;script&gt;alert(1)&lt;/script&gt;"),
            "{transcript}"
        );
        assert!(
            !transcript.contains("<script") && !transcript.contains("http"),
            "self-contained and inert"
        );
        let index = String::from_utf8(read_entry(&mut zip, "index.html")).unwrap();
        assert!(index.contains(&format!("{dir}/transcript.html")));

        let elsewhere = engine
            .export_resident(
                OrgId::new_at(loket_domain::time::Clock::now(engine.clock().as_ref())),
                contact,
            )
            .await;
        assert!(
            matches!(elsewhere, Err(loket_engine::EngineError::NotFound)),
            "{elsewhere:?}"
        );
        db.cleanup().await;
    }
}

/// Every file under the blob directory.
fn blob_files(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                files.push(path.display().to_string());
            }
        }
    }
    files
}

#[tokio::test]
async fn after_erasure_no_table_and_no_blob_holds_the_resident_and_a_legal_hold_refuses_first() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&super::provisioning()).await.unwrap();
        let (org, contact, conversation) = a_resident(&engine, &db).await;
        let needles = [NUMBER, NAME, "Zwanenvijver"];
        assert!(!db.find_in_every_column(&needles).await.unwrap().is_empty());
        assert_eq!(blob_files(blobs.path()).len(), 1);

        db.execute_sql(&format!("update conversations set legal_hold_at = 1, legal_hold_reason = 'WOO-verzoek' where id = '{conversation}'")).await.unwrap();
        let Erasure::Refused(holds) = engine.erase_resident(org, contact).await.unwrap() else {
            panic!("a hold refuses")
        };
        assert_eq!(holds[0].conversation_id, conversation);
        assert_eq!(blob_files(blobs.path()).len(), 1, "nothing erased");

        db.execute_sql(&format!(
            "update conversations set legal_hold_at = null where id = '{conversation}'"
        ))
        .await
        .unwrap();
        let Erasure::Erased(report) = engine.erase_resident(org, contact).await.unwrap() else {
            panic!("no hold left")
        };
        assert_eq!(
            (
                report.blobs,
                report.counts.conversations,
                report.counts.contacts
            ),
            (1, 1, 1)
        );
        assert_eq!(
            db.find_in_every_column(&needles).await.unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(blob_files(blobs.path()), Vec::<String>::new());
        let again = engine.erase_resident(org, contact).await;
        assert!(
            matches!(again, Err(loket_engine::EngineError::NotFound)),
            "{again:?}"
        );
        db.cleanup().await;
    }
}
