//! Office hours over HTTP (issue 12): a resident writing on Saturday night gets, through
//! the outbox and the simulated Graph API, the receipt naming Monday morning; the channels
//! admin page shows the hours read-only, and only to its own organisation.

use loket_domain::Timestamp;
use loket_domain::hours::{
    AutoReplyPolicy, Closure, HolidayRules, HoursSpec, Interval, OUT_OF_HOURS_JE, WeekSchedule,
};
use loket_engine::hours::OrgOfficeHours;
use loket_sim::Resident;

use crate::admin_pages::{admin, member, signed_in};
use crate::support::{TestApp, spawn_apps};

fn policy() -> AutoReplyPolicy {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        let intervals = vec![
            Interval::parse("08:30-12:30").unwrap(),
            Interval::parse("13:00-17:00").unwrap(),
        ];
        week.set_day(day, intervals).unwrap();
    }
    AutoReplyPolicy {
        hours: HoursSpec {
            time_zone: "Europe/Amsterdam".into(),
            week,
            holidays: HolidayRules::default(),
            closures: vec![Closure {
                from: jiff::civil::date(2025, 12, 24),
                to: jiff::civil::date(2025, 12, 24),
                label: "Kerstavond <b>".into(),
            }],
        },
        out_of_hours: Some(OUT_OF_HOURS_JE.into()),
        greeting: None,
        agent_replied_within_minutes: 10,
        follow_up: None,
    }
}

async fn configure(app: &TestApp) {
    let config = OrgOfficeHours {
        slug: "voorbeeld".into(),
        organisation: Some(policy()),
        channels: vec![],
    };
    app.engine.apply_office_hours(&[config]).await.unwrap();
}

#[tokio::test]
async fn a_message_on_saturday_night_gets_the_receipt_naming_monday_through_the_outbox() {
    for app in spawn_apps().await {
        configure(&app).await;
        // Saturday 22 November 2025, 22:00 in Amsterdam.
        app.clock
            .set("2025-11-22T21:00:00Z".parse::<Timestamp>().unwrap());
        let r = Resident::new("Karin Smit", "31687654321");
        let message = app.sim.text(&r, "Wanneer wordt het grofvuil opgehaald?");
        let answer = app
            .sim
            .deliver(&app.sim.envelope(vec![message], vec![r.contact()]))
            .await
            .unwrap();
        assert_eq!(answer.status, 200);
        app.settle().await;
        let receipt =
            "Bedankt voor je bericht. We zijn nu gesloten en reageren maandag vanaf 8.30 uur.";
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0].body["text"]["body"], receipt);
        let messages = app.all_messages().await;
        let outbound: Vec<_> = messages
            .iter()
            .filter(|m| m["direction"] == "outbound")
            .collect();
        assert_eq!(outbound[0]["sender"], "system");
        let queue = app.conversations().await;
        assert!(
            queue[0]["waiting_since"].is_string(),
            "still waiting for a person: {queue:?}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_channels_page_shows_the_configured_hours_read_only() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let before = v.get("/admin/channels").await;
        assert!(before.body.contains("Altijd open"), "{}", before.body);
        configure(&app).await;
        let page = v.get("/admin/channels").await;
        assert_eq!(page.status, 200);
        for expected in [
            "Openingstijden",
            "maandag: 08:30-12:30, 13:00-17:00",
            "zaterdag: gesloten",
            "Gesloten op de officiële feestdagen",
            "2025-12-24 (Kerstavond &#60;b&#62;)",
            "Ontvangstbevestiging buiten openingstijden: aan",
        ] {
            assert!(page.body.contains(expected), "{expected}: {}", page.body);
        }
        assert!(!page.body.contains("Kerstavond <b>"), "labels are escaped");

        // Another organisation's admin sees none of voorbeeld's hours.
        member(
            &app,
            "beheer@andere.nl",
            "andere",
            loket_domain::people::Role::Admin,
        )
        .await;
        let mut other = signed_in(&app, "beheer@andere.nl").await;
        let theirs = other.get("/admin/channels").await;
        assert_eq!(theirs.status, 200);
        assert!(!theirs.body.contains("08:30-12:30"), "{}", theirs.body);
        app.cleanup().await;
    }
}
