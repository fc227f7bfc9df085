//! Connection timeouts: a client that sends half a header, nothing at all, or stops in
//! the middle of a body does not hold its connection. Served with shortened limits.

use std::sync::Arc;
use std::time::Duration;

use loket_web::{AppState, ServerLimits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::support::{TOKEN, TestApp, spawn_apps};

/// Far beyond the shortened limits: only guards against a test that would hang forever.
const GUARD: Duration = Duration::from_secs(20);

fn short_limits() -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_millis(300),
        body_read_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_millis(300),
        ..ServerLimits::default()
    }
}

/// A second server over the app's engine, with short limits; returns its address.
async fn serve_short(app: &TestApp) -> (String, watch::Sender<bool>) {
    serve_beside(app, short_limits()).await
}

/// A second server over the app's engine with `limits`; its address and its stop switch.
pub(crate) async fn serve_beside(
    app: &TestApp,
    limits: ServerLimits,
) -> (String, watch::Sender<bool>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let state = AppState {
        engine: app.engine.clone(),
        admin_token_hashes: Arc::new(Vec::new()),
        web: Default::default(),
    };
    let (stop, mut stopped) = watch::channel(false);
    tokio::spawn(loket_web::serve_with(
        listener,
        loket_web::router(state),
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
        limits,
    ));
    (addr, stop)
}

/// Everything the server sends until it closes the connection (`None`: it never did).
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut received = Vec::new();
    let closed = tokio::time::timeout(GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    closed
        .ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn a_connection_that_sends_half_a_header_is_closed() {
    for app in spawn_apps().await {
        let (addr, stop) = serve_short(&app).await;
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: loket\r\nX-Half")
            .await
            .unwrap();
        assert!(read_until_closed(&mut stream).await.is_some());
        let _ = stop.send(true);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    for app in spawn_apps().await {
        let (addr, stop) = serve_short(&app).await;
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        assert!(read_until_closed(&mut stream).await.is_some());
        let _ = stop.send(true);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_its_request() {
    for app in spawn_apps().await {
        let (addr, stop) = serve_short(&app).await;
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: loket\r\n\r\n")
            .await
            .unwrap();
        let answered = read_until_closed(&mut stream).await.expect("closed");
        assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
        let _ = stop.send(true);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_request_body_that_stops_halfway_is_abandoned() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        let (addr, stop) = serve_short(&app).await;
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "PATCH /api/v1/conversations/{conversation} HTTP/1.1\r\nHost: loket\r\n\
             Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"status\":"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let answered = read_until_closed(&mut stream).await.expect("closed");
        assert!(
            answered.is_empty() || answered.contains("application/problem+json"),
            "{answered}"
        );
        let _ = stop.send(true);
        app.cleanup().await;
    }
}

/// Far more than the socket buffers on both sides hold (Linux allows up to 4 MiB + 32 MiB).
const LARGE_ANSWER: usize = 64 * 1024 * 1024;

#[tokio::test]
async fn shutdown_completes_while_a_client_does_not_read_its_large_answer() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let large = bytes::Bytes::from(vec![b'x'; LARGE_ANSWER]);
    let app = axum::Router::new().route("/groot", axum::routing::get(move || async move { large }));
    let (stop, mut stopped) = watch::channel(false);
    let served = tokio::spawn(loket_web::serve_with(
        listener,
        app,
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
        short_limits(),
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /groot HTTP/1.1\r\nHost: loket\r\n\r\n")
        .await
        .unwrap();
    // The answer has begun; from here on the client reads nothing, so the server is
    // stuck in the middle of it when shutdown starts.
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let _ = stop.send(true);
    let ended = tokio::time::timeout(GUARD, served).await;
    assert!(
        ended.is_ok(),
        "shutdown waited for a client that never reads"
    );
    drop(stream);
}
