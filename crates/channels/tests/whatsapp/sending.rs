//! Sending, marking read, uploading and listing templates against a local server that
//! answers with Meta's shapes; and the send failures the outbox must tell apart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use loket_channels::whatsapp::wire::GraphErrorEnvelope;
use loket_channels::whatsapp::{
    ErrorClass, GraphClient, GraphError, SendAccepted, SendError, SendOptions, message_request,
};
use loket_domain::message::Content;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

const TOKEN: &str = "EAAtest-token";
const PHONE: &str = "1025723653965602";

/// What the fake Graph API received.
#[derive(Default)]
struct Seen {
    bodies: Mutex<Vec<Value>>,
    uploads: Mutex<Vec<(String, Vec<u8>)>>,
    queries: Mutex<Vec<HashMap<String, String>>>,
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(format!("Bearer {TOKEN}").as_str())
}

async fn messages(
    State(seen): State<Arc<Seen>>,
    Path(phone): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let body: Value = serde_json::from_slice(&body).unwrap();
    seen.bodies.lock().unwrap().push(body.clone());
    if body["status"] == "read" {
        return json_response(StatusCode::OK, json!({"success": true}));
    }
    match phone.as_str() {
        PHONE => json_response(
            StatusCode::OK,
            json!({"messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": "16505551234"}],
                "messages": [{"id": "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA",
                    "message_status": "accepted"}]}),
        ),
        "window" => json_response(
            StatusCode::BAD_REQUEST,
            serde_json::to_value(GraphErrorEnvelope::whatsapp(
                131047,
                "Re-engagement message",
                Some("Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
                "AbC",
            ))
            .unwrap(),
        ),
        "gateway" => (StatusCode::BAD_GATEWAY, "<html>502</html>").into_response(),
        "garbled" => (StatusCode::OK, "<html>ok?</html>").into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn upload(State(seen): State<Arc<Seen>>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    seen.uploads
        .lock()
        .unwrap()
        .push((content_type, body.to_vec()));
    json_response(StatusCode::OK, json!({"id": 1037543291543636_u64}))
}

fn template(id: u64, name: &str) -> Value {
    json!({"name": name, "parameter_format": "POSITIONAL", "language": "nl", "status": "APPROVED",
        "category": "UTILITY", "id": id.to_string(),
        "components": [{"type": "BODY", "text": "Beste {{1}}, uw afspraak is op {{2}}."}]})
}

async fn templates(
    State(seen): State<Arc<Seen>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    seen.queries.lock().unwrap().push(query.clone());
    let page = match query.get("after").map(String::as_str) {
        None => json!({"data": [template(1, "afspraak"), template(2, "herinnering")],
            "paging": {"cursors": {"before": "QVFIUa", "after": "QVFIUb"},
                "next": "https://graph.facebook.com/v23.0/102290129340398/message_templates?after=QVFIUb"}}),
        Some("QVFIUb") => json!({"data": [template(3, "vergunning")],
            "paging": {"cursors": {"before": "QVFIUc", "after": "QVFIUd"}}}),
        Some(_) => json!({"data": []}),
    };
    json_response(StatusCode::OK, page)
}

async fn start_server() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/v23.0/{phone}/messages", post(messages))
        .route("/v23.0/{phone}/media", post(upload))
        .route("/v23.0/{waba}/message_templates", get(templates))
        .with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (origin, seen)
}

fn client(origin: &str) -> GraphClient {
    GraphClient::new(reqwest::Client::new(), format!("{origin}/v23.0"), TOKEN)
        .with_send_timeout(Duration::from_millis(300))
}

fn hello() -> Value {
    let content = Content::Text {
        body: "Goedemorgen!".into(),
    };
    message_request("+16505551234", &content, &SendOptions::default()).unwrap()
}

#[tokio::test]
async fn an_accepted_send_returns_the_wamid_wa_id_and_message_status() {
    let (origin, seen) = start_server().await;
    let accepted = client(&origin).send_message(PHONE, &hello()).await.unwrap();
    assert_eq!(
        accepted,
        SendAccepted {
            wamid: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA".into(),
            wa_id: Some("16505551234".into()),
            message_status: Some("accepted".into()),
        }
    );
    assert_eq!(seen.bodies.lock().unwrap()[..], [hello()]);
}

#[tokio::test]
async fn meta_s_error_body_means_not_sent_with_the_api_error() {
    let (origin, _) = start_server().await;
    let err = client(&origin)
        .send_message("window", &hello())
        .await
        .unwrap_err();
    let SendError::NotSent(GraphError::Api {
        status,
        code,
        title,
        details,
        ..
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*status, *code), (400, 131047));
    assert_eq!(title, "Re-engagement message");
    assert!(details.as_deref().unwrap().contains("24 hours"));
    assert_eq!(err.graph_error().unwrap().class(), ErrorClass::WindowClosed);
}

#[tokio::test]
async fn a_5xx_answer_means_not_sent_and_transient() {
    let (origin, _) = start_server().await;
    let err = client(&origin)
        .send_message("gateway", &hello())
        .await
        .unwrap_err();
    let SendError::NotSent(inner @ GraphError::InvalidResponse { status: 502, .. }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(inner.class(), ErrorClass::Transient);
}

#[tokio::test]
async fn an_unreadable_success_answer_leaves_the_outcome_unknown() {
    let (origin, _) = start_server().await;
    let err = client(&origin)
        .send_message("garbled", &hello())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SendError::Unknown(d) if d.contains("HTTP 200")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_means_not_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client(&origin)
        .send_message(PHONE, &hello())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SendError::NotSent(GraphError::Transport(_))),
        "{err:?}"
    );
    assert!(!err.to_string().contains(TOKEN));
}

/// A server that accepts, reads the request, then either never answers or hangs up.
async fn mute_server(hang_up: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buf).await;
                if !hang_up {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                drop(socket);
            });
        }
    });
    origin
}

#[tokio::test]
async fn a_server_that_never_answers_leaves_the_outcome_unknown_after_the_send_timeout() {
    let origin = mute_server(false).await;
    let started = std::time::Instant::now();
    let err = client(&origin)
        .send_message(PHONE, &hello())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SendError::Unknown(d) if d.contains("timed out")),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_connection_closed_while_waiting_for_the_answer_leaves_the_outcome_unknown() {
    let origin = mute_server(true).await;
    let err = client(&origin)
        .send_message(PHONE, &hello())
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Unknown(_)), "{err:?}");
}

#[tokio::test]
async fn a_phone_number_id_that_is_not_a_plain_id_is_refused_as_not_sent() {
    let err = client("http://127.0.0.1:9")
        .send_message("../me", &hello())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SendError::NotSent(GraphError::InvalidRequest(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn mark_read_posts_meta_s_body_with_the_typing_indicator() {
    let (origin, seen) = start_server().await;
    client(&origin)
        .mark_read(PHONE, "wamid.HBgL", true)
        .await
        .unwrap();
    assert_eq!(
        seen.bodies.lock().unwrap()[..],
        [
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.HBgL",
            "typing_indicator": {"type": "text"}})
        ]
    );
}

/// The parts of a multipart body: (headers, content).
fn multipart_parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap()
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut parts = Vec::new();
    let mut rest = &text[..];
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_part = rest.strip_prefix(b"\r\n").unwrap();
        let end = find(rest_part, delimiter.as_bytes()).unwrap();
        let part = &rest_part[..end - 2]; // without the CRLF before the delimiter
        let split = find(part, b"\r\n\r\n").unwrap();
        let headers = String::from_utf8(part[..split].to_vec()).unwrap();
        parts.push((headers, part[split + 4..].to_vec()));
        rest = &rest_part[end..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn an_upload_is_multipart_with_product_type_and_the_named_file() {
    let (origin, seen) = start_server().await;
    let pdf = bytes::Bytes::from_static(b"%PDF-1.7 besluit op uw aanvraag");
    let id = client(&origin)
        .upload_media(PHONE, pdf.clone(), "application/pdf", "besluit.pdf")
        .await
        .unwrap();
    assert_eq!(id, "1037543291543636");
    let uploads = seen.uploads.lock().unwrap();
    let (content_type, body) = &uploads[0];
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    let parts = multipart_parts(content_type, body);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(parts[0].0.contains("name=\"messaging_product\""));
    assert_eq!(parts[0].1, b"whatsapp");
    assert!(parts[1].0.contains("name=\"type\""));
    assert_eq!(parts[1].1, b"application/pdf");
    let file_headers = parts[2].0.to_ascii_lowercase();
    assert!(
        file_headers.contains("name=\"file\"; filename=\"besluit.pdf\""),
        "{file_headers}"
    );
    assert!(
        file_headers.contains("content-type: application/pdf"),
        "{file_headers}"
    );
    assert_eq!(parts[2].1, &pdf[..]);
}

#[tokio::test]
async fn an_invalid_mime_type_is_refused_before_uploading() {
    let err = client("http://127.0.0.1:9")
        .upload_media(PHONE, bytes::Bytes::from_static(b"x"), "not a mime", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::InvalidRequest(_)), "{err:?}");
}

#[tokio::test]
async fn listing_templates_walks_every_page_with_the_cursor() {
    let (origin, seen) = start_server().await;
    let graph = client(&origin);
    let first = graph
        .list_templates("102290129340398", None, 2)
        .await
        .unwrap();
    assert_eq!(first.data.len(), 2);
    assert_eq!(first.next_after.as_deref(), Some("QVFIUb"));
    assert_eq!(first.data[0].positional_count(), 2);

    let all = graph.all_templates("102290129340398").await.unwrap();
    let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["afspraak", "herinnering", "vergunning"]);
    assert_eq!(all[2].id, "3");

    let queries = seen.queries.lock().unwrap();
    assert_eq!(queries.len(), 3);
    assert_eq!(
        queries[0]["fields"],
        "name,status,category,language,components,parameter_format"
    );
    assert_eq!(queries[0]["limit"], "2");
    assert!(!queries[0].contains_key("after"));
    assert_eq!(queries[1]["limit"], "100");
    assert_eq!(queries[2]["after"], "QVFIUb");
}
