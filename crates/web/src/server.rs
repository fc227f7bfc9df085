//! The HTTP server: hyper's connection builder (HTTP/1.1 and HTTP/2) with the limits
//! `axum::serve` lacks. A client that sends nothing, half a header or half a body, or
//! keeps an idle connection open, does not hold it; shutdown still drains in-flight requests.

mod watchdog;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

use watchdog::{Activity, Tracked};

/// How long a client may take at each stage of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// The whole request head (request line and headers) must arrive within this, also
    /// on a new connection that has sent nothing yet.
    pub header_read_timeout: Duration,
    /// The longest pause between two pieces of a request body.
    pub body_read_timeout: Duration,
    /// A connection with no traffic for this long is closed (after its running requests).
    pub idle_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// Serve `app` on a bound listener until `shutdown` completes: stop accepting, let every
/// connection finish its running requests, then return.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ServerLimits,
) -> std::io::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, app.clone(), limits, stopped.clone()));
                }
                // Usually out of file descriptors: back off instead of spinning.
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection gives up within `idle_timeout` of the stop (below); the margin only
    // guards against one that is never polled again, so that SIGTERM always ends.
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(limits.idle_timeout * 2, drain)
        .await
        .is_err()
    {
        tracing::warn!(
            left = connections.len(),
            "connections still open at shutdown were dropped"
        );
        connections.shutdown().await;
    }
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: ServerLimits,
    mut stopped: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    // The client's address, for the sign-in lockout (keyed on address and account).
    let peer = stream.peer_addr().ok();
    let activity = Activity::new();
    let started = Arc::new(AtomicBool::new(false));
    let first_request = started.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        first_request.store(true, Ordering::Relaxed);
        let mut request =
            request.map(|body| Body::new(TimeoutBody::new(limits.body_read_timeout, body)));
        if let Some(peer) = peer {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        app.clone().oneshot(request)
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.idle_timeout)
        .keep_alive_timeout(limits.header_read_timeout);
    let io = TokioIo::new(Tracked::new(stream, activity.clone()));
    let connection = builder.serve_connection_with_upgrades(io, service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stopped.wait_for(|stop| *stop), if !closing => {}
            () = activity.expired(&limits, &started), if !closing => {}
            // A client that stopped reading never lets the running answer finish.
            () = tokio::time::sleep(limits.idle_timeout), if closing => {
                tracing::debug!("connection dropped: its answer did not finish after shutdown");
                return;
            }
        }
        // Shutdown or a silent client: finish what is running, then close.
        connection.as_mut().graceful_shutdown();
        closing = true;
    }
}
