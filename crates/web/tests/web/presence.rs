//! Channel presence (issue 12 point 9) over HTTP, on every database: the generator page on
//! the channels admin page (profile texts, `wa.me` link, escaped snippet), the QR code as SVG
//! and PNG that decodes back to the link, and another organisation's channel.

use crate::admin_pages::admin;
use crate::support::{TestApp, spawn_apps};

async fn channel_id(app: &TestApp) -> String {
    let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap();
    let channels = app.engine.list_channels(org.id).await.unwrap();
    channels[0].id.to_string()
}

#[tokio::test]
async fn the_presence_page_shows_the_profile_the_link_and_an_escaped_snippet() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let channels = v.get("/admin/channels").await;
        let start = channels
            .body
            .find("/presence\"")
            .expect("a link to the page");
        let href_start = channels.body[..start].rfind("href=\"").unwrap() + 6;
        let path = format!("{}/presence", &channels.body[href_start..start]);
        let query = "?voor=vragen+over+afval&niet_voor=spoed&tekst=Hoi+%3Cgemeente%3E+%26+meer";
        let page = v.get(&format!("{path}{query}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Stel hier je vragen over afval."));
        assert!(page.body.contains("Niet voor: spoed."));
        assert!(page.body.contains("Deel geen BSN via WhatsApp."));
        assert!(page.body.contains("https://wa.me/"));
        assert!(
            page.body
                .contains("?text=Hoi%20%3Cgemeente%3E%20%26%20meer")
        );
        // The snippet is shown as text to copy: its own markup escaped once more.
        assert!(
            page.body.contains("&#60;a href=&#34;https://wa.me/"),
            "the snippet as text"
        );
        assert!(
            !page.body.contains("<a href=\"https://wa.me/"),
            "never as markup"
        );
        assert!(!page.body.contains("<gemeente>"));
        let huge = "x".repeat(501);
        assert_eq!(v.get(&format!("{path}?voor={huge}")).await.status, 400);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_qr_code_decodes_back_to_the_link_as_png_and_is_an_svg_image() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let page = v.get("/admin/channels").await;
        let at = page.body.find("/presence\"").unwrap();
        let base = &page.body[page.body[..at].rfind("href=\"").unwrap() + 6..at];
        let presence = v.get(&format!("{base}/presence?tekst=Hallo")).await;
        let link_at = presence.body.find("https://wa.me/").unwrap();
        let link: String = presence.body[link_at..]
            .chars()
            .take_while(|c| *c != '"' && *c != '<')
            .collect();
        assert!(link.ends_with("?text=Hallo"), "{link}");

        let svg = v.get(&format!("{base}/qr.svg?tekst=Hallo")).await;
        assert_eq!(svg.status, 200);
        assert!(svg.body.contains("<svg"), "an SVG image");

        let png = v.get_bytes(&format!("{base}/qr.png?tekst=Hallo")).await;
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, link);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_channel_is_not_found() {
    for app in spawn_apps().await {
        let theirs = channel_id(&app).await;
        crate::admin_pages::member(
            &app,
            "beheer@andere.nl",
            "andere",
            loket_domain::people::Role::Admin,
        )
        .await;
        let mut other = crate::admin_pages::signed_in(&app, "beheer@andere.nl").await;
        for what in ["presence", "qr.svg", "qr.png"] {
            let answer = other.get(&format!("/admin/channels/{theirs}/{what}")).await;
            assert_eq!(answer.status, 404, "{what}");
        }
        app.cleanup().await;
    }
}
