//! The HTTP server: hyper's connection builder (HTTP/1.1 and HTTP/2) with the limits
//! `axum::serve` lacks. A client that sends nothing, half a header or half a body, or
//! keeps an idle connection open, does not hold it; shutdown still drains in-flight requests.

mod watchdog;

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::HeaderMap;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use ipnet::IpNet;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

use watchdog::{Activity, Tracked};

/// How long a client may take at each stage of a connection, and whom to believe about
/// the client's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// The whole request head (request line and headers) must arrive within this, also
    /// on a new connection that has sent nothing yet.
    pub header_read_timeout: Duration,
    /// The longest pause between two pieces of a request body.
    pub body_read_timeout: Duration,
    /// A connection with no traffic for this long is closed (after its running requests).
    pub idle_timeout: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (sign-in lockout, audit
    /// log). Empty: the TCP peer is the client, and the header is ignored.
    pub trusted_proxies: Arc<[IpNet]>,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            trusted_proxies: Arc::from([]),
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
                    let limits = limits.clone();
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
    let (body_timeout, proxies) = (limits.body_read_timeout, limits.trusted_proxies.clone());
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        first_request.store(true, Ordering::Relaxed);
        let mut request = request.map(|body| Body::new(TimeoutBody::new(body_timeout, body)));
        if let Some(peer) = peer {
            let client = client_address(peer, request.headers(), &proxies);
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(client));
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

/// The client's address: the TCP peer, or — when the peer is a trusted proxy — the nearest
/// address in `X-Forwarded-For` that is not one. Proxies append what they saw, so the list
/// is read from the right; anything a client wrote itself stands further left and is never
/// reached past an untrusted hop. An unreadable hop ends the search at the peer.
fn client_address(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpNet]) -> SocketAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer.ip()) {
        return peer;
    }
    let hops: Vec<&str> = (headers.get_all("x-forwarded-for").iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => {}
            Ok(ip) => return SocketAddr::new(ip, peer.port()),
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod client_tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", v.parse().unwrap());
        }
        map
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_forwarded_address_is_the_client() {
        let proxy: SocketAddr = "10.0.0.5:443".parse().unwrap();
        let trusted: Vec<IpNet> = vec!["10.0.0.0/24".parse().unwrap()];
        let client = |h: &[&str]| {
            client_address(proxy, &headers(h), &trusted)
                .ip()
                .to_string()
        };
        assert_eq!(client(&["203.0.113.7"]), "203.0.113.7");
        // A client's own forged entry stands left of what the proxy saw.
        assert_eq!(client(&["1.2.3.4, 203.0.113.7"]), "203.0.113.7");
        assert_eq!(client(&["203.0.113.7, 10.0.0.9"]), "203.0.113.7");
        assert_eq!(client(&["1.2.3.4", "203.0.113.7"]), "203.0.113.7");
        assert_eq!(client(&[]), "10.0.0.5");
        assert_eq!(client(&["not-an-address"]), "10.0.0.5");
        assert_eq!(client(&["10.0.0.7"]), "10.0.0.5", "only proxies named");
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let peer: SocketAddr = "198.51.100.2:5000".parse().unwrap();
        let ip = client_address(peer, &headers(&["203.0.113.7"]), &[]).ip();
        assert_eq!(ip.to_string(), "198.51.100.2");
        let other: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = client_address(peer, &headers(&["203.0.113.7"]), &other).ip();
        assert_eq!(ip.to_string(), "198.51.100.2");
    }
}
