//! The Graph client against a local server that answers with Meta's JSON shapes.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_channels::whatsapp::wire::GraphErrorEnvelope;
use loket_channels::whatsapp::{
    GraphClient, GraphError, GraphTimeouts, http_client, sha256_base64, sha256_matches,
};
use serde_json::json;

const TOKEN: &str = "EAAtest-token";
const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 pretend this is a JPEG of a broken street light";

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(format!("Bearer {TOKEN}").as_str())
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn unauthorized() -> Response {
    let body =
        GraphErrorEnvelope::whatsapp(190, "Error validating access token", None, "AbCdEfGhIjK");
    json_response(
        StatusCode::UNAUTHORIZED,
        serde_json::to_value(body).unwrap(),
    )
}

async fn media_info(
    State(origin): State<String>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    match id.as_str() {
        "1037543291543636" => json_response(
            StatusCode::OK,
            json!({"messaging_product": "whatsapp",
                   "url": format!("{origin}/files/photo?mid=1037543291543636&ext=1778767167&hash=ARkm"),
                   "mime_type": "image/jpeg", "sha256": sha256_base64(PHOTO),
                   "file_size": PHOTO.len(), "id": "1037543291543636"}),
        ),
        "735292130900654" => json_response(
            StatusCode::OK,
            json!({"messaging_product": "whatsapp", "url": format!("{origin}/files/photo"),
                   "mime_type": "image/jpeg", "sha256": "x", "file_size": "210577",
                   "id": "735292130900654"}),
        ),
        "throttled" => json_response(
            StatusCode::BAD_REQUEST,
            json!({"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException",
                "code": 130429, "error_data": {"messaging_product": "whatsapp",
                "details": "Cloud API message throughput has been reached."},
                "error_subcode": 2494055, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}),
        ),
        "garbled" => (StatusCode::OK, "<html>oops</html>").into_response(),
        "gateway" => (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response(),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            StatusCode::OK.into_response()
        }
        _ => json_response(
            StatusCode::BAD_REQUEST,
            serde_json::to_value(GraphErrorEnvelope::whatsapp(
                100,
                "Invalid parameter",
                Some("Unsupported get request. Object with ID does not exist"),
                "A1b2C3",
            ))
            .unwrap(),
        ),
    }
}

async fn file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    match name.as_str() {
        "photo" => ([(header::CONTENT_TYPE, "image/jpeg")], PHOTO).into_response(),
        // Announces its length: refused before the body is read.
        "big" => vec![0u8; 4096].into_response(),
        // No length: aborted while streaming.
        "big-stream" => {
            let chunks = (0..16).map(|_| Ok::<_, std::io::Error>(vec![1u8; 1024]));
            Body::from_stream(futures::stream::iter(chunks)).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Start the fake Graph API; returns its origin, e.g. `http://127.0.0.1:39211`.
async fn start_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/v23.0/{id}", get(media_info))
        .route("/files/{name}", get(file))
        .with_state(origin.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    origin
}

fn client(origin: &str, token: &str) -> GraphClient {
    let timeouts = GraphTimeouts {
        request: Duration::from_millis(500),
        ..GraphTimeouts::default()
    };
    GraphClient::new(
        http_client(&timeouts).unwrap(),
        format!("{origin}/v23.0/"),
        token,
    )
    .with_timeouts(timeouts)
}

#[tokio::test]
async fn media_info_then_download_returns_the_file_with_a_matching_sha256() {
    let origin = start_server().await;
    let graph = client(&origin, TOKEN);
    let info = graph.media_info("1037543291543636").await.unwrap();
    assert_eq!(info.id, "1037543291543636");
    assert_eq!(info.mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(info.file_size, Some(PHOTO.len() as u64));
    assert!(info.url.starts_with(&origin));

    let bytes = graph.download(&info.url, 5 * 1024 * 1024).await.unwrap();
    assert_eq!(&bytes[..], PHOTO);
    let announced = info.sha256.as_deref().unwrap();
    assert!(sha256_matches(&bytes, announced));
    assert_eq!(sha256_base64(&bytes), announced);
}

#[tokio::test]
async fn a_file_size_sent_as_a_string_is_tolerated() {
    let origin = start_server().await;
    let info = client(&origin, TOKEN)
        .media_info("735292130900654")
        .await
        .unwrap();
    assert_eq!(info.file_size, Some(210577));
}

#[tokio::test]
async fn a_wrong_token_gets_meta_s_error_body_parsed_into_an_api_error() {
    let origin = start_server().await;
    let err = client(&origin, "wrong")
        .media_info("1037543291543636")
        .await
        .unwrap_err();
    let GraphError::Api {
        status,
        code,
        title,
        fbtrace_id,
        ..
    } = &err
    else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!((*status, *code), (401, 190));
    assert_eq!(title, "Error validating access token");
    assert_eq!(fbtrace_id.as_deref(), Some("AbCdEfGhIjK"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn an_unknown_media_id_is_a_non_retryable_api_error_with_details() {
    let origin = start_server().await;
    let err = client(&origin, TOKEN)
        .media_info("404404")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100));
    let GraphError::Api {
        status, details, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(
        details.as_deref(),
        Some("Unsupported get request. Object with ID does not exist")
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_throughput_error_is_parsed_with_its_code_and_is_retryable() {
    let origin = start_server().await;
    let err = client(&origin, TOKEN)
        .media_info("throttled")
        .await
        .unwrap_err();
    let GraphError::Api {
        code,
        title,
        message,
        details,
        is_transient,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*code, 130429);
    assert_eq!(title, "Rate limit hit");
    assert_eq!(message, "(#130429) Rate limit hit");
    assert!(!is_transient);
    assert_eq!(
        details.as_deref(),
        Some("Cloud API message throughput has been reached.")
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_unparsable_body_is_an_invalid_response_and_retryable_only_for_5xx() {
    let origin = start_server().await;
    let graph = client(&origin, TOKEN);
    let err = graph.media_info("garbled").await.unwrap_err();
    assert!(
        matches!(err, GraphError::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    let err = graph.media_info("gateway").await.unwrap_err();
    assert!(
        matches!(err, GraphError::InvalidResponse { status: 502, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_download_larger_than_the_limit_is_refused_as_too_large() {
    let origin = start_server().await;
    let graph = client(&origin, TOKEN);
    let err = graph
        .download(&format!("{origin}/files/big"), 1000)
        .await
        .unwrap_err();
    assert!(
        matches!(err, GraphError::TooLarge { max_bytes: 1000 }),
        "{err:?}"
    );
    let err = graph
        .download(&format!("{origin}/files/big-stream"), 1000)
        .await
        .unwrap_err();
    assert!(
        matches!(err, GraphError::TooLarge { max_bytes: 1000 }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    // Exactly at the limit is fine.
    let bytes = graph
        .download(&format!("{origin}/files/big-stream"), 16 * 1024)
        .await
        .unwrap();
    assert_eq!(bytes.len(), 16 * 1024);
}

#[tokio::test]
async fn a_download_url_that_answers_404_is_reported_as_expired() {
    let origin = start_server().await;
    let err = client(&origin, TOKEN)
        .download(&format!("{origin}/files/gone?hash=old"), 1000)
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::Expired), "{err:?}");
}

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_gives_a_retryable_timeout() {
    let origin = start_server().await;
    let err = client(&origin, TOKEN).media_info("slow").await.unwrap_err();
    assert!(matches!(err, GraphError::Timeout), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client(&origin, TOKEN)
        .media_info("1037543291543636")
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert!(!err.to_string().contains(TOKEN));
}
