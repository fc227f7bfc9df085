//! `POST /{phone-number-id}/media`: multipart upload, Meta's size limits and MIME types;
//! then sending by id, and `DELETE /{media-id}`.

use loket_sim::files;
use serde_json::{Value, json};

use crate::support::{Harness, start_immediate};

const BOUNDARY: &str = "----loket-sim-boundary";

/// A multipart body: text fields, then the file part.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((filename, mime, bytes)) = file {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(h: &Harness, body: Vec<u8>) -> (u16, Value) {
    let url = format!(
        "{}/{}/media",
        h.sim.base_url(),
        h.sim.config().phone_number_id
    );
    let response = h
        .http
        .post(url)
        .bearer_auth(h.token())
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn an_uploaded_file_can_be_fetched_by_its_media_id_and_sent_by_id() {
    let h = start_immediate().await;
    let png = files::photo_png(16, 16, 3);
    let body = multipart(
        &[("messaging_product", "whatsapp"), ("type", "image/png")],
        Some(("kaart.png", "image/png", &png)),
    );
    let (status, answer) = upload(&h, body).await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["id"].as_str().unwrap().to_owned();
    assert_eq!(answer, json!({ "id": id }));
    let info: Value = h
        .get(&format!("{}/{id}", h.sim.base_url()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (info["mime_type"].as_str(), info["file_size"].as_u64()),
        (Some("image/png"), Some(png.len() as u64))
    );
    let bytes = h
        .get(info["url"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), png.as_slice());

    h.opened("31612345678");
    let send = json!({"messaging_product": "whatsapp", "to": "31612345678", "type": "image", "image": {"id": id, "caption": "De omleiding"}});
    assert_eq!(h.send(&send).await.0, 200);
    assert_eq!(h.sim.send_stats().uploads, 1);
}

#[tokio::test]
async fn without_a_type_field_the_files_content_type_counts() {
    let h = start_immediate().await;
    let pdf = files::pdf("Aanvraag");
    let body = multipart(
        &[("messaging_product", "whatsapp")],
        Some(("aanvraag.pdf", "application/pdf", &pdf)),
    );
    let (status, answer) = upload(&h, body).await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["id"].as_str().unwrap();
    assert_eq!(h.sim.media_meta(id).unwrap().0, "application/pdf");
}

#[tokio::test]
async fn uploads_over_the_type_limit_or_of_an_unsupported_type_are_refused_with_131053() {
    let h = start_immediate().await;
    let big_image = vec![0u8; 5 * 1024 * 1024 + 1];
    let big_sticker = vec![0u8; 500 * 1024 + 1];
    let cases: [(&str, &str, &[u8]); 3] = [
        ("groot.jpg", "image/jpeg", &big_image),
        ("duim.webp", "image/webp", &big_sticker),
        ("animatie.gif", "image/gif", b"GIF89a"),
    ];
    for (filename, mime, bytes) in cases {
        let body = multipart(
            &[("messaging_product", "whatsapp"), ("type", mime)],
            Some((filename, mime, bytes)),
        );
        let (status, answer) = upload(&h, body).await;
        assert_eq!(status, 400, "{filename}");
        assert_eq!(answer["error"]["code"], 131053, "{answer}");
        assert_eq!(answer["error"]["message"], "(#131053) Media upload error");
    }
    let just_fits = vec![0u8; 5 * 1024 * 1024];
    let body = multipart(
        &[("messaging_product", "whatsapp"), ("type", "image/jpeg")],
        Some(("past.jpg", "image/jpeg", &just_fits)),
    );
    assert_eq!(upload(&h, body).await.0, 200);
    assert_eq!(h.sim.send_stats().refused_with(131053), 3);
}

#[tokio::test]
async fn an_upload_without_messaging_product_or_file_is_refused_with_131008() {
    let h = start_immediate().await;
    let png = files::photo_png(4, 4, 1);
    let (status, answer) = upload(&h, multipart(&[], Some(("a.png", "image/png", &png)))).await;
    assert_eq!(
        (status, answer["error"]["code"].as_u64()),
        (400, Some(131008))
    );
    let (status, answer) = upload(&h, multipart(&[("messaging_product", "whatsapp")], None)).await;
    assert_eq!(
        (status, answer["error"]["code"].as_u64()),
        (400, Some(131008))
    );
}

#[tokio::test]
async fn deleted_media_is_gone() {
    let h = start_immediate().await;
    let id = h.sim.add_media(files::photo_png(4, 4, 1), "image/png");
    let url = format!("{}/{id}", h.sim.base_url());
    let response = h
        .http
        .delete(&url)
        .bearer_auth(h.token())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"success": true})
    );
    assert_eq!(h.get(&url).await.status(), 400);
}
