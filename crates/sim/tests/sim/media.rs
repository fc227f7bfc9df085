//! Media info, download URLs, expiry and fault switches.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use loket_sim::{MEDIA_URL_TTL, Resident, files};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{Harness, start};

fn photo() -> Vec<u8> {
    files::photo_png(32, 24, 7)
}

async fn info(h: &Harness, media_id: &str) -> (u16, Value) {
    let response = h.get(&format!("{}/{media_id}", h.sim.base_url())).await;
    (response.status().as_u16(), response.json().await.unwrap())
}

fn sha256_b64(bytes: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(bytes))
}

#[tokio::test]
async fn media_info_without_a_valid_bearer_token_is_refused_with_code_190() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let url = format!("{}/{id}", h.sim.base_url());
    for request in [h.http.get(&url), h.http.get(&url).bearer_auth("EAAwrong")] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401);
        let body: Value = response.json().await.unwrap();
        let error = &body["error"];
        assert_eq!(error["code"], 190);
        assert_eq!(error["type"], "OAuthException");
        assert!(error["message"].as_str().unwrap().starts_with("(#190) "));
        assert!(!error["fbtrace_id"].as_str().unwrap().is_empty());
    }
    assert_eq!(h.sim.stats().unauthorized, 2);
    assert_eq!(h.sim.stats().media_info_served, 0);
}

#[tokio::test]
async fn media_info_describes_the_media_and_its_sha256_matches_the_downloaded_bytes() {
    let h = start().await;
    let bytes = photo();
    let id = h.sim.add_media(bytes.clone(), "image/jpeg");
    let (status, body) = info(&h, &id).await;
    assert_eq!(status, 200);
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["mime_type"], "image/jpeg");
    assert_eq!(body["file_size"], Value::from(bytes.len()));
    assert!(body["file_size"].is_u64());
    assert_eq!(body["sha256"], sha256_b64(&bytes).as_str());
    let url = body["url"].as_str().unwrap();
    let prefix = format!(
        "http://{}/whatsapp_business/attachments/?mid={id}&ext=",
        h.sim.local_addr()
    );
    assert!(url.starts_with(&prefix) && url.contains("&hash="), "{url}");

    let download = h.get(url).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "image/jpeg");
    let served = download.bytes().await.unwrap();
    assert_eq!(sha256_b64(&served), body["sha256"].as_str().unwrap());
    assert_eq!(h.sim.stats().media_downloads_served, 1);
}

#[tokio::test]
async fn graph_responses_escape_slashes_like_meta() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let raw = h
        .get(&format!("{}/{id}", h.sim.base_url()))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        raw.contains(r"\/whatsapp_business\/attachments\/?mid="),
        "{raw}"
    );
    assert!(raw.contains(r#""mime_type":"image\/png""#), "{raw}");
}

#[tokio::test]
async fn an_unknown_media_id_gives_graph_error_100() {
    let h = start().await;
    let (status, body) = info(&h, "1234567890123456").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], 100);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'1234567890123456'")
    );
}

#[tokio::test]
async fn a_download_needs_the_bearer_token() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let url = h.sim.media_url(&id);
    assert_eq!(h.http.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(h.get(&url).await.status(), 200);
}

#[tokio::test]
async fn a_download_url_expires_five_minutes_after_it_was_issued() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let url = h.sim.media_url(&id);
    h.clock.advance(MEDIA_URL_TTL - Duration::from_secs(1));
    assert_eq!(h.get(&url).await.status(), 200);
    h.clock.advance(Duration::from_secs(1));
    assert_eq!(h.get(&url).await.status(), 404);
    let (_, fresh) = info(&h, &id).await;
    assert_eq!(h.get(fresh["url"].as_str().unwrap()).await.status(), 200);
}

#[tokio::test]
async fn a_tampered_download_url_is_not_found() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let url = h.sim.media_url(&id);
    let later = url.replace("&ext=", "&ext=9");
    assert_eq!(h.get(&later).await.status(), 404);
    let other = h.sim.add_media(photo(), "image/png");
    assert_eq!(h.get(&url.replace(&id, &other)).await.status(), 404);
}

#[tokio::test]
async fn media_ids_from_webhooks_expire_after_seven_days() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    h.clock.advance(Duration::from_secs(7 * 24 * 3600));
    assert_eq!(info(&h, &id).await.0, 400);
}

#[tokio::test]
async fn media_info_faults_fire_n_times_then_recover() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    h.sim.fail_next_media_info(2);
    for _ in 0..2 {
        let (status, body) = info(&h, &id).await;
        assert_eq!(status, 500);
        assert_eq!(body["error"]["is_transient"], true);
    }
    assert_eq!(info(&h, &id).await.0, 200);
    let stats = h.sim.stats();
    assert_eq!((stats.media_info_requests, stats.media_info_served), (3, 1));
}

#[tokio::test]
async fn download_faults_fire_n_times_then_recover() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    let url = h.sim.media_url(&id);
    h.sim.fail_next_media_downloads(3);
    for _ in 0..3 {
        assert_eq!(h.get(&url).await.status(), 500);
    }
    assert_eq!(h.get(&url).await.status(), 200);
    let stats = h.sim.stats();
    assert_eq!(
        (stats.media_download_requests, stats.media_downloads_served),
        (4, 1)
    );
}

#[tokio::test]
async fn corrupted_downloads_do_not_match_the_announced_sha256_then_recover() {
    let h = start().await;
    let bytes = photo();
    let id = h.sim.add_media(bytes.clone(), "image/png");
    let url = h.sim.media_url(&id);
    h.sim.corrupt_next_media_downloads(1);
    let corrupted = h.get(&url).await.bytes().await.unwrap();
    assert_eq!(corrupted.len(), bytes.len());
    assert_ne!(sha256_b64(&corrupted), sha256_b64(&bytes));
    assert_eq!(h.get(&url).await.bytes().await.unwrap(), bytes);
}

#[tokio::test]
async fn the_request_log_records_each_call_with_the_clocks_time() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    info(&h, &id).await;
    h.get(&h.sim.media_url(&id)).await;
    let log = h.sim.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].path, format!("/v23.0/{id}"));
    assert_eq!((log[0].method.as_str(), log[0].status), ("GET", 200));
    assert!(
        log[1]
            .path
            .starts_with("/whatsapp_business/attachments/?mid=")
    );
    assert_eq!(log[1].at.as_second(), crate::support::START);
}

#[tokio::test]
async fn media_in_a_webhook_carries_a_download_url_unless_switched_off() {
    let h = start().await;
    let me = Resident::new("Daan Bakker", "31687654321");
    let id = h
        .sim
        .add_media(files::voice_note(3), "audio/ogg; codecs=opus");
    let message = h.sim.voice_note(&me, &id);
    let audio = &message["audio"];
    assert_eq!(audio["voice"], true);
    assert_eq!(audio["mime_type"], "audio/ogg; codecs=opus");
    assert_eq!(audio["id"], id.as_str());
    let url = audio["url"].as_str().unwrap();
    assert!(url.contains("&source=webhook&"), "{url}");
    let served = h.get(url).await.bytes().await.unwrap();
    assert_eq!(sha256_b64(&served), audio["sha256"].as_str().unwrap());
    h.sim.set_media_urls_in_webhooks(false);
    assert!(h.sim.image(&me, &id, None)["image"].get("url").is_none());
}

#[tokio::test]
async fn after_shutdown_the_graph_api_no_longer_answers() {
    let h = start().await;
    let id = h.sim.add_media(photo(), "image/png");
    assert_eq!(info(&h, &id).await.0, 200);
    h.sim.shutdown().await;
    let url = format!("{}/{id}", h.sim.base_url());
    let fresh = reqwest::Client::builder().no_proxy().build().unwrap();
    assert!(fresh.get(&url).bearer_auth(h.token()).send().await.is_err());
}

/// One total timeout for every Graph call (it was 30 s) failed any large video on a modest
/// line. The client's limit of a download grows with the size it may have; only silence
/// (no byte for the idle timeout) cuts a transfer short.
mod transfer_limits {
    use std::time::Duration;

    use loket_channels::whatsapp::{GraphClient, GraphTimeouts, http_client, sha256_matches};

    use crate::support::start;

    /// JSON calls may take half a second here, far less than the download below.
    fn timeouts(read_idle: Duration) -> GraphTimeouts {
        GraphTimeouts {
            connect: Duration::from_secs(5),
            read_idle,
            request: Duration::from_millis(500),
            min_bytes_per_second: 1024 * 1024,
        }
    }

    fn client(h: &crate::support::Harness, timeouts: GraphTimeouts) -> GraphClient {
        let http = http_client(&timeouts).unwrap();
        GraphClient::new(http, h.sim.base_url(), h.token()).with_timeouts(timeouts)
    }

    #[tokio::test]
    async fn a_slow_but_steady_large_download_completes_within_its_size_based_limit() {
        let h = start().await;
        let video: Vec<u8> = (0..256 * 1024).map(|i| (i % 251) as u8).collect();
        let id = h.sim.add_media(video.clone(), "video/mp4");
        // 16 KiB every 100 ms: the transfer takes well over the JSON calls' limit.
        h.sim
            .trickle_next_media_downloads(1, 16 * 1024, Duration::from_millis(100));
        let client = client(&h, timeouts(Duration::from_secs(5)));
        let info = client.media_info(&id).await.unwrap();
        let bytes = client
            .download(&info.url, 16 * 1024 * 1024)
            .await
            .expect("a steady download is not cut off");
        assert_eq!(bytes.len(), video.len());
        assert!(sha256_matches(&bytes, info.sha256.as_deref().unwrap()));
    }

    #[tokio::test]
    async fn a_download_that_falls_silent_is_cut_off_by_the_idle_timeout() {
        let h = start().await;
        let id = h.sim.add_media(vec![1; 64 * 1024], "video/mp4");
        h.sim
            .trickle_next_media_downloads(1, 16 * 1024, Duration::from_secs(30));
        let client = client(&h, timeouts(Duration::from_millis(300)));
        let info = client.media_info(&id).await.unwrap();
        assert!(client.download(&info.url, 16 * 1024 * 1024).await.is_err());
    }
}
