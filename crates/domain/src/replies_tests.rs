use super::*;

fn values() -> Variables {
    Variables {
        voornaam: Some("Fatima".into()),
        naam: Some("Fatima el Amrani".into()),
        gemeente: Some("Gemeente Voorbeeld".into()),
        openingstijden: Some("ma-vr 9:00-17:00".into()),
        medewerker: Some("Sanne".into()),
        datum: Some("26 november 2026".into()),
    }
}

#[test]
fn a_shortcut_drops_its_slash_and_capitals() {
    assert_eq!(Shortcut::parse(" /Paspoort ").unwrap().as_str(), "paspoort");
    assert_eq!(Shortcut::parse("afval-2").unwrap().as_str(), "afval-2");
}

#[test]
fn a_shortcut_with_other_characters_or_too_long_or_empty_is_refused() {
    assert!(Shortcut::parse("pas poort").is_err());
    assert!(Shortcut::parse("paspoört").is_err());
    assert!(Shortcut::parse("a_b").is_err());
    assert!(Shortcut::parse("/").is_err());
    assert!(Shortcut::parse("").is_err());
    assert!(Shortcut::parse(&"a".repeat(MAX_SHORTCUT_CHARS)).is_ok());
    let long = Shortcut::parse(&"a".repeat(MAX_SHORTCUT_CHARS + 1)).unwrap_err();
    assert!(long.contains("33 given"));
}

#[test]
fn every_known_variable_is_filled_with_its_value() {
    let filled = fill(
        "Hoi {{voornaam}} ({{naam}}), {{gemeente}} is open {{openingstijden}}. \
         Groet, {{ medewerker }}, {{datum}}",
        &values(),
    );
    assert_eq!(
        filled.text,
        "Hoi Fatima (Fatima el Amrani), Gemeente Voorbeeld is open ma-vr 9:00-17:00. \
         Groet, Sanne, 26 november 2026"
    );
    assert!(filled.missing.is_empty());
}

#[test]
fn a_variable_without_a_value_stays_visible_and_is_listed_once() {
    let mut v = values();
    v.voornaam = None;
    v.openingstijden = Some("  ".into());
    let filled = fill(
        "Hoi {{voornaam}}, {{ voornaam }}! Open: {{openingstijden}}",
        &v,
    );
    assert_eq!(
        filled.text,
        "Hoi {{voornaam}}, {{voornaam}}! Open: {{openingstijden}}"
    );
    assert_eq!(filled.missing, vec!["voornaam", "openingstijden"]);
}

#[test]
fn unknown_names_lone_braces_and_placeholders_inside_values_are_left_as_written() {
    let mut v = values();
    v.naam = Some("{{gemeente}}".into());
    let filled = fill("{{onbekend}} {{ en }} {{naam}} {{voornaam", &v);
    assert_eq!(filled.text, "{{onbekend}} {{ en }} {{gemeente}} {{voornaam");
    assert!(filled.missing.is_empty());
}

#[test]
fn a_text_with_an_unknown_variable_is_refused_naming_it() {
    let problems = check_reply("paspoort", "Paspoort", "Hoi {{achternaam}}").unwrap_err();
    assert_eq!(problems[0].field, "text");
    assert!(problems[0].reason.contains("{{achternaam}}"));
    assert!(problems[0].reason.contains("{{voornaam}}"));
}

#[test]
fn a_reply_reports_every_problem_at_once_without_quoting_a_huge_text() {
    let huge = "x".repeat(MAX_TEXT_CHARS + 1);
    let problems = check_reply("Pas Poort", " ", &huge).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["shortcut", "title", "text"]);
    assert!(problems[2].reason.contains("4097 given"));
    assert!(!problems[2].reason.contains("xxx"));
}

#[test]
fn an_unknown_variables_long_name_is_quoted_only_in_part() {
    let text = format!("{{{{{}}}}}", "y".repeat(1000));
    let reason = check_variables(&text).unwrap_err();
    assert!(reason.len() < 300);
}

#[test]
fn a_valid_reply_is_trimmed() {
    let reply = check_reply("/paspoort", " Paspoort kwijt ", " Hoi {{voornaam}} \n").unwrap();
    assert_eq!(reply.shortcut.as_str(), "paspoort");
    assert_eq!(reply.title, "Paspoort kwijt");
    assert_eq!(reply.text, "Hoi {{voornaam}}");
    let exactly = "é".repeat(MAX_TEXT_CHARS);
    assert!(check_reply("a", "b", &exactly).is_ok());
}

#[test]
fn the_first_name_is_the_first_word_holding_a_letter() {
    assert_eq!(first_name("  Fatima el Amrani").as_deref(), Some("Fatima"));
    assert_eq!(first_name("Jan"), Some("Jan".into()));
    assert_eq!(first_name("+31 6 1234"), None);
    assert_eq!(first_name("🙂"), None);
    assert_eq!(first_name("   "), None);
}

#[test]
fn the_date_is_written_out_in_dutch() {
    let date = jiff::civil::date(2026, 3, 5);
    assert_eq!(dutch_date(date), "5 maart 2026");
}

#[test]
fn typing_matches_a_shortcuts_start_or_a_words_in_the_title() {
    let s = Shortcut::parse("paspoort").unwrap();
    assert!(matches("/pas", &s, "Paspoort kwijt"));
    assert!(matches("PAS", &s, "x"));
    assert!(matches("kwijt", &s, "Paspoort kwijt"));
    assert!(matches("", &s, "x"));
    assert!(!matches("afval", &s, "Paspoort kwijt"));
}
