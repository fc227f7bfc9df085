//! Links and attachments in residents' messages as agents get them, on every database:
//! links defanged unless on the organisation's allow-list, block-listed domains warned
//! about; a file that is not what it claims is quarantined, never served, and a photo's
//! location is gone before anyone sees it.

use loket_sim::Resident;

use crate::conversation_view::signed_in;
use crate::support::{TOKEN, spawn_apps};

fn resident() -> Resident {
    Resident::new("Fatima de Vries", "31612345678")
}

#[tokio::test]
async fn links_are_defanged_own_domains_clickable_and_bad_domains_warned_about() {
    for app in spawn_apps().await {
        let text = "Zie https://www.gemeente-info.nl/afval en www.voorbeeld.nl/afval, \
                    of betaal via https://login.phish.example/ideal";
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), text)],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert_eq!(page.status, 200);
        let body = &page.body;
        for expected in [
            "hxxps://<mark class=\"loket-link__domain\">www[.]gemeente-info[.]nl</mark>/afval",
            "Link, niet aanklikbaar:",
            "href=\"https://www.voorbeeld.nl/afval\"",
            "loket-link--blocked",
            "bekendstaat als onveilig",
        ] {
            assert!(body.contains(expected), "{expected} on {:?}", app.backend);
        }
        assert!(!body.contains("href=\"https://www.gemeente-info.nl"));
        assert!(!body.contains("href=\"https://login.phish.example"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_program_sent_as_a_photo_is_quarantined_and_never_served() {
    for app in spawn_apps().await {
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0not a photo".to_vec();
        let media_id = app.sim.add_media(exe, "image/jpeg");
        let message = app.sim.image(&resident(), &media_id, Some("foto"));
        let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        app.run_jobs().await;
        let message = &app.all_messages().await[0];
        assert_eq!(message["media"]["state"], "quarantined", "{message}");
        let id = message["id"].as_str().unwrap();
        let api = app
            .http
            .get(format!("{}/api/v1/messages/{id}/media", app.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        assert_eq!(
            api.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let conversation = message["conversation_id"].as_str().unwrap().to_owned();
        let mut v = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert!(page.body.contains("in quarantaine gezet"), "{}", page.body);
        let media = v.get(&format!("/inbox/{conversation}/media/{id}")).await;
        assert_eq!(media.status, 404);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_photos_location_is_stripped_before_it_is_served() {
    for app in spawn_apps().await {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = b"Exif\0\0GPSLatitude 52.0907";
        jpeg.extend_from_slice(&[0xFF, 0xE1]);
        jpeg.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(exif);
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
        let media_id = app.sim.add_media(jpeg, "image/jpeg");
        let message = app.sim.image(&resident(), &media_id, None);
        let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        app.run_jobs().await;
        let message = &app.all_messages().await[0];
        assert_eq!(message["media"]["state"], "stored", "{message}");
        let id = message["id"].as_str().unwrap();
        let served = app
            .http
            .get(format!("{}/api/v1/messages/{id}/media", app.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), 200);
        let bytes = served.bytes().await.unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]));
        assert!(!bytes.windows(11).any(|w| w == b"GPSLatitude"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn defanged_links_the_warning_and_a_quarantine_notice_pass_axe_in_chromium() {
    for app in spawn_apps().await {
        let Some(browser) = crate::browser::Browser::start().await else {
            return;
        };
        let text = "Zie https://www.gemeente-info.nl/afval, loket.voorbeeld.nl of \
                    https://login.phish.example/ideal";
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
        let media_id = app.sim.add_media(exe, "image/jpeg");
        let messages = vec![
            app.sim.text(&resident(), text),
            app.sim.image(&resident(), &media_id, None),
        ];
        let envelope = app.sim.envelope(messages, vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        app.run_jobs().await;
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        crate::sign_in::person(
            &app,
            "anna@voorbeeld.nl",
            &["voorbeeld"],
            loket_domain::people::Locale::Nl,
        )
        .await;
        browser.open(&format!("{}/sign-in", app.url)).await;
        browser.fill("#email", "anna@voorbeeld.nl").await;
        browser.fill("#password", crate::sign_in::PASSWORD).await;
        browser.click("main button[type=submit]").await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;
        browser
            .wait_until("return document.querySelectorAll('.loket-link, .loket-message__warning').length === 3")
            .await;
        let found = browser.axe_scan().await;
        let list: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            list.is_empty(),
            "axe-core on {:?}:\n{}",
            app.backend,
            list.join("\n")
        );
        assert!(browser.csp_violations().await.is_empty());
        let clickable = browser
            .run("return [...document.querySelectorAll('#timeline a[href^=\"http\"]')].map(a => a.href).join(' ')")
            .await;
        assert_eq!(
            clickable, "https://loket.voorbeeld.nl/",
            "only the own domain"
        );
        let shown = browser.text("#timeline").await;
        assert!(shown.contains("in quarantaine gezet"), "{shown}");
        browser.close().await;
        app.cleanup().await;
    }
}
