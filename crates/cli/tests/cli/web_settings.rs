//! `server.public_url` and `[organisation.theme]` reach the web pages, parsed strictly.

use loket_cli::settings::Settings;
use loket_web::pages::i18n::Tone;

fn settings(server_extra: &str, theme: &str) -> anyhow::Result<Settings> {
    Settings::from_toml(&format!(
        "[server]\ndatabase_url = \"sqlite://x.db\"\n{server_extra}\n\
         [[organisation]]\nslug = \"voorbeeld\"\nname = \"Gemeente Voorbeeld\"\n\
         [organisation.theme]\n{theme}\n"
    ))
}

#[test]
fn an_https_public_url_turns_on_https_for_the_pages() {
    let web = settings("public_url = \"https://loket.voorbeeld.nl\"", "")
        .unwrap()
        .web_settings()
        .unwrap();
    assert!(web.is_https());
    assert!(
        !web.preview_pages,
        "made-up previews are never on from a configuration"
    );
    let plain = settings("", "").unwrap().web_settings().unwrap();
    assert!(!plain.is_https());
    assert!(plain.public_url.is_none());
}

#[test]
fn a_theme_is_read_with_its_colour_logo_and_form_of_address() {
    let web = settings(
        "",
        "primary_color = \"#1a5f8e\"\nlogo_url = \"/branding/logo.svg\"\ntone = \"je\"",
    )
    .unwrap()
    .web_settings()
    .unwrap();
    let theme = web.themes.get("voorbeeld").unwrap();
    assert_eq!(theme.tone, Tone::Je);
    assert_eq!(
        theme.logo_url.as_ref().unwrap().as_str(),
        "/branding/logo.svg"
    );
    assert!(
        web.themes
            .stylesheet_url("voorbeeld")
            .unwrap()
            .starts_with("/theme/voorbeeld.css?v=")
    );
}

#[test]
fn bad_theme_values_stop_the_start_naming_the_organisation_and_key() {
    for (server, theme, key) in [
        (
            "",
            "primary_color = \"red; } body { display: none\"",
            "theme.primary_color",
        ),
        ("", "primary_color = \"#ffff00\"", "theme.primary_color"),
        ("", "logo_url = \"javascript:alert(1)\"", "theme.logo_url"),
        ("", "tone = \"jij\"", "theme.tone"),
        (
            "public_url = \"loket.voorbeeld.nl\"",
            "",
            "server.public_url",
        ),
    ] {
        let e = settings(server, theme)
            .unwrap()
            .web_settings()
            .unwrap_err()
            .to_string();
        assert!(e.contains(key), "{e}");
    }
    // Unknown theme keys are refused like every unknown key.
    assert!(settings("", "background = \"#000000\"").is_err());
}

#[test]
fn the_example_configurations_theme_is_valid() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../loket.example.toml");
    let web = Settings::load(&path).unwrap().web_settings().unwrap();
    assert!(web.themes.get("voorbeeld").is_some());
    assert!(!web.is_https(), "the example runs on plain HTTP locally");
}
