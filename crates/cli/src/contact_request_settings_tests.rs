use super::*;

fn settings(contact_requests: &str) -> anyhow::Result<Vec<OrgContactRequests>> {
    Settings::from_toml(&format!(
        "[server]\nlisten = \"127.0.0.1:0\"\ndatabase_url = \"sqlite::memory:\"\n\
         [[organisation]]\nslug = \"utrecht\"\nname = \"Gemeente Utrecht\"\n\
         [[organisation.team]]\nslug = \"communicatie\"\nname = \"Communicatie\"\n\
         contact_request_questions = [\"Welk medium?\"]\n\
         {contact_requests}"
    ))?
    .contact_requests()
}

#[test]
fn without_the_table_the_defaults_hold_and_the_teams_questions_are_kept() {
    let got = settings("").unwrap();
    assert_eq!(got[0].settings.working, Duration::from_secs(8 * 3600));
    assert_eq!(got[0].settings.expectation, DEFAULT_EXPECTATION);
    assert_eq!(got[0].press_team, None);
    assert_eq!(
        got[0].settings.questions["communicatie"],
        vec!["Welk medium?".to_owned()]
    );
}

#[test]
fn every_key_is_read_and_the_template_parameters_keep_their_order() {
    let got = settings(
        "[organisation.contact_requests]\nworking_minutes = 120\n\
         expectation_text = \"Je hoort uiterlijk {{uiterlijk}} van {{naar}}.\"\n\
         signal_text = \"Dank je!\"\npress_team = \"communicatie\"\n\
         [organisation.contact_requests.expectation_template]\n\
         name = \"contactverzoek\"\nlanguage = \"nl\"\nparameters = [\"uiterlijk\", \"naar\"]\n",
    )
    .unwrap();
    let org = &got[0];
    assert_eq!(org.settings.working, Duration::from_secs(7200));
    assert_eq!(org.settings.signal_text, "Dank je!");
    assert_eq!(org.press_team.as_deref(), Some("communicatie"));
    assert_eq!(
        org.settings.template.as_ref().unwrap().name,
        "contactverzoek"
    );
    assert_eq!(
        org.settings.template_parameters,
        vec![TemplateField::Uiterlijk, TemplateField::Naar]
    );
}

#[test]
fn an_unknown_team_slug_is_refused_naming_the_organisation_and_the_key() {
    let error = settings("[organisation.contact_requests]\nsignal_team = \"nieuwsredactie\"\n")
        .unwrap_err();
    let text = format!("{error:#}");
    assert!(text.contains("utrecht"), "{text}");
    assert!(text.contains("signal_team \"nieuwsredactie\""), "{text}");
}

#[test]
fn an_expectation_without_uiterlijk_or_with_a_misspelt_placeholder_is_refused() {
    let without = settings(
        "[organisation.contact_requests]\nexpectation_text = \"Ik heb je vraag doorgezet naar {{naar}}.\"\n",
    );
    assert!(format!("{:#}", without.unwrap_err()).contains("{{uiterlijk}}"));
    let misspelt = settings("[organisation.contact_requests]\nsignal_text = \"Dank, {{naam}}.\"\n");
    assert!(misspelt.is_err());
    let zero = settings("[organisation.contact_requests]\nworking_minutes = 0\n");
    assert!(zero.is_err());
    let parameter = settings(
        "[organisation.contact_requests.expectation_template]\nname = \"x\"\nlanguage = \"nl\"\nparameters = [\"wanneer\"]\n",
    );
    assert!(parameter.is_err());
}
