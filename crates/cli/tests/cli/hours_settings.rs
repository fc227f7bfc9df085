//! `[organisation.office_hours]` (issue 12): absent is always open; every key is read with
//! its default; a channel overrides key by key; a wrong entry stops the start naming the
//! organisation, the channel and the key.

use jiff::civil::date;
use loket_cli::settings::Settings;
use loket_domain::hours::{
    GREETING_JE, Interval, LiberationDayRule, OUT_OF_HOURS_JE, OUT_OF_HOURS_U,
};
use loket_engine::hours::OrgOfficeHours;

const CHANNEL: &str = "[[organisation.channel]]\nkind = \"whatsapp\"\nname = \"Chat\"\n\
    app = \"default\"\nphone_number_id = \"1001\"\ndisplay_phone_number = \"+31 30 000\"\n\
    waba_id = \"w\"\naccess_token = \"t\"\n";

fn hours(extra: &str) -> anyhow::Result<OrgOfficeHours> {
    let settings = Settings::from_toml(&format!(
        "[server]\ndatabase_url = \"sqlite://x.db\"\n\
         [[organisation]]\nslug = \"voorbeeld\"\nname = \"Gemeente Voorbeeld\"\n{extra}\n"
    ))?;
    let mut all = settings.office_hours()?;
    assert_eq!(all.len(), 1);
    Ok(all.remove(0))
}

fn error(extra: &str) -> String {
    format!("{:#}", hours(extra).unwrap_err())
}

#[test]
fn without_an_office_hours_section_the_organisation_is_always_open() {
    let h = hours("").unwrap();
    assert_eq!(h.organisation, None);
    assert_eq!(h.channels, vec![]);
}

#[test]
fn every_key_is_read_and_the_rest_take_their_defaults() {
    let h = hours(
        "[organisation.office_hours]\nmonday = [\"08:30-12:30\", \"13:00-17:00\"]\n\
         friday = [\"8:30-12:00\"]\n",
    )
    .unwrap();
    let p = h.organisation.unwrap();
    assert_eq!(p.hours.time_zone, "Europe/Amsterdam");
    assert_eq!(
        p.hours.week.day(0),
        &[
            Interval::parse("08:30-12:30").unwrap(),
            Interval::parse("13:00-17:00").unwrap()
        ]
    );
    assert!(
        p.hours.week.day(1).is_empty(),
        "a weekday left out is closed"
    );
    assert!(p.hours.holidays.observed && !p.hours.holidays.good_friday);
    assert_eq!(p.hours.holidays.liberation_day, LiberationDayRule::Yearly);
    assert_eq!(p.out_of_hours.as_deref(), Some(OUT_OF_HOURS_U));
    assert_eq!(p.greeting, None);
    assert_eq!(p.agent_replied_within_minutes, 10);
    assert_eq!(p.follow_up, None);

    let all = hours(
        "[organisation.theme]\ntone = \"je\"\n\
         [organisation.office_hours]\ntime_zone = \"Europe/Brussels\"\nmonday = [\"09:00-17:00\"]\n\
         public_holidays = true\ngood_friday = true\nliberation_day = \"every_five_years\"\n\
         greeting = true\nagent_replied_within_minutes = 0\n\
         follow_up_template = \"nog_antwoord_nodig\"\nfollow_up_language = \"nl\"\n\
         [[organisation.office_hours.closures]]\nfrom = \"2025-12-24\"\nlabel = \"Kerstavond\"\n\
         [[organisation.office_hours.closures]]\nfrom = \"2026-07-20\"\nto = \"2026-07-31\"\nlabel = \"Verhuizing\"\n",
    )
    .unwrap()
    .organisation
    .unwrap();
    assert_eq!(all.hours.time_zone, "Europe/Brussels");
    assert!(all.hours.holidays.good_friday);
    assert_eq!(
        all.hours.holidays.liberation_day,
        LiberationDayRule::EveryFiveYears
    );
    assert_eq!(
        all.out_of_hours.as_deref(),
        Some(OUT_OF_HOURS_JE),
        "the theme's tone"
    );
    assert_eq!(all.greeting.as_deref(), Some(GREETING_JE));
    assert_eq!(all.agent_replied_within_minutes, 0);
    assert_eq!(all.follow_up.unwrap().name, "nog_antwoord_nodig");
    let closures = &all.hours.closures;
    assert_eq!(
        (closures[0].from, closures[0].to),
        (date(2025, 12, 24), date(2025, 12, 24))
    );
    assert_eq!(closures[1].to, date(2026, 7, 31));
}

#[test]
fn own_texts_replace_the_defaults_and_false_turns_a_message_off() {
    let p = hours(
        "[organisation.office_hours]\nmonday = [\"09:00-17:00\"]\n\
         out_of_hours = \"Gesloten. We reageren {{wanneer}} ({{when}}).\"\n\
         greeting = \"Welkom!\"\n",
    )
    .unwrap()
    .organisation
    .unwrap();
    assert_eq!(
        p.out_of_hours.as_deref(),
        Some("Gesloten. We reageren {{wanneer}} ({{when}}).")
    );
    assert_eq!(p.greeting.as_deref(), Some("Welkom!"));
    let off =
        hours("[organisation.office_hours]\nmonday = [\"09:00-17:00\"]\nout_of_hours = false\n")
            .unwrap()
            .organisation
            .unwrap();
    assert_eq!(off.out_of_hours, None);
}

#[test]
fn a_channel_overrides_the_organisations_hours_key_by_key() {
    let h = hours(&format!(
        "[organisation.office_hours]\nmonday = [\"08:30-17:00\"]\ngood_friday = true\n\
         {CHANNEL}[organisation.channel.office_hours]\nsaturday = [\"10:00-12:00\"]\nout_of_hours = false\n"
    ))
    .unwrap();
    let org = h.organisation.unwrap();
    assert!(org.hours.week.day(5).is_empty());
    let (number, chat) = &h.channels[0];
    assert_eq!(number, "1001");
    assert_eq!(chat.hours.week.day(0), org.hours.week.day(0), "inherited");
    assert_eq!(
        chat.hours.week.day(5),
        &[Interval::parse("10:00-12:00").unwrap()]
    );
    assert!(chat.hours.holidays.good_friday, "inherited");
    assert_eq!(chat.out_of_hours, None);
    assert!(org.out_of_hours.is_some());

    // A channel may have hours where the organisation has none.
    let only = hours(&format!(
        "{CHANNEL}[organisation.channel.office_hours]\nsunday = [\"00:00-24:00\"]\n"
    ))
    .unwrap();
    assert_eq!(only.organisation, None);
    assert_eq!(only.channels.len(), 1);
}

#[test]
fn a_wrong_entry_stops_the_start_naming_the_organisation_and_the_key() {
    let cases = [
        ("monday = [\"8-17\"]", "office_hours.monday"),
        (
            "monday = [\"08:30-12:30\", \"12:00-17:00\"]",
            "office_hours.monday",
        ),
        ("monday = [\"17:00-08:30\"]", "office_hours.monday"),
        (
            "time_zone = \"Europe/Atlantis\"\nmonday = [\"09:00-17:00\"]",
            "office_hours.time_zone",
        ),
        ("saturday = []", "never open"),
        (
            "monday = [\"09:00-17:00\"]\nliberation_day = \"sometimes\"",
            "office_hours.liberation_day",
        ),
        (
            "monday = [\"09:00-17:00\"]\nout_of_hours = \"  \"",
            "office_hours.out_of_hours",
        ),
        (
            "monday = [\"09:00-17:00\"]\nout_of_hours = \"We reageren {{wanner}}\"",
            "office_hours.out_of_hours",
        ),
        (
            "monday = [\"09:00-17:00\"]\ngreeting = \"Hoi {{naam}}\"",
            "office_hours.greeting",
        ),
        (
            "monday = [\"09:00-17:00\"]\ngreeting = \"Open {{wanneer}}\"",
            "office_hours.greeting",
        ),
        (
            "monday = [\"09:00-17:00\"]\nagent_replied_within_minutes = 2000",
            "agent_replied_within_minutes",
        ),
        (
            "monday = [\"09:00-17:00\"]\nfollow_up_template = \"Nog Antwoord?\"",
            "office_hours.follow_up_template",
        ),
        (
            "monday = [\"09:00-17:00\"]\nfollow_up_language = \"nl\"",
            "office_hours.follow_up_language",
        ),
        (
            "monday = [\"09:00-17:00\"]\nmondag = [\"09:00-17:00\"]",
            "mondag",
        ),
        (
            "monday = [\"09:00-17:00\"]\n[[organisation.office_hours.closures]]\nfrom = \"24-12-2025\"\nlabel = \"x\"",
            "office_hours.closures[0].from",
        ),
        (
            "monday = [\"09:00-17:00\"]\n[[organisation.office_hours.closures]]\nfrom = \"2025-12-24\"\nto = \"2025-12-01\"\nlabel = \"x\"",
            "office_hours.closures[0]",
        ),
    ];
    for (toml, key) in cases {
        let text = error(&format!("[organisation.office_hours]\n{toml}\n"));
        assert!(text.contains(key), "{toml:?}: {text}");
        if !key.contains("mondag") {
            assert!(text.contains("voorbeeld"), "{toml:?}: {text}");
        }
    }
    let huge = error(&format!(
        "[organisation.office_hours]\nmonday = [\"09:00-17:00\"]\ngreeting = \"{}\"",
        "x".repeat(1001)
    ));
    assert!(huge.contains("office_hours.greeting"), "{huge}");
    // A TOML date literal is read like the quoted form.
    let literal = hours(
        "[organisation.office_hours]\nmonday = [\"09:00-17:00\"]\n\
         [[organisation.office_hours.closures]]\nfrom = 2025-12-24\nlabel = \"Kerstavond\"\n",
    );
    let closure = &literal.unwrap().organisation.unwrap().hours.closures[0];
    assert_eq!(closure.from, date(2025, 12, 24));
    let channel = error(&format!(
        "{CHANNEL}[organisation.channel.office_hours]\nsunday = [\"25:00-26:00\"]\n"
    ));
    assert!(
        channel.contains("voorbeeld")
            && channel.contains("\"Chat\"")
            && channel.contains("office_hours.sunday"),
        "{channel}"
    );
}

#[tokio::test]
async fn the_example_configuration_declares_weekday_hours_and_start_up_applies_them() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../loket.example.toml");
    let settings = Settings::load(&path).unwrap();
    let all = settings.office_hours().unwrap();
    let policy = all[0].organisation.as_ref().unwrap();
    assert_eq!(policy.hours.week.day(3).len(), 2, "Thursday evening too");
    assert!(policy.hours.week.day(6).is_empty());
    for db in loket_store::testing::test_databases().await {
        let data = tempfile::tempdir().unwrap();
        let mut settings = Settings::load(&path).unwrap();
        settings.server.database_url = db.url.clone();
        settings.storage.blobs = loket_engine::blobs::BlobStoreConfig::Local {
            dir: data.path().join("blobs"),
        };
        let engine = super::support::provisioned_engine(&settings).await;
        engine.apply_office_hours(&all).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let hours = engine.office_hours(org, None).await.unwrap();
        let saturday_night: loket_domain::Timestamp = "2025-11-22T21:00:00Z".parse().unwrap();
        assert!(!hours.is_open(saturday_night));
        db.cleanup().await;
    }
}
