//! The demo organisation's saved replies (snelle antwoorden): what a KCC answers most,
//! with the variables the composer fills in. A reply already there (a PostgreSQL demo
//! database outlives its run) is left as it is.

use anyhow::Context;
use loket_engine::{Engine, EngineError};

/// (shortcut, title, text, team slug).
const REPLIES: [(&str, &str, &str, Option<&str>); 5] = [
    (
        "paspoort",
        "Paspoort of ID-kaart aanvragen",
        "Beste {{voornaam}}, een paspoort of ID-kaart vraagt u aan bij de balie van \
         {{gemeente}}. Maak eerst een afspraak via de website en neem een pasfoto en uw \
         oude document mee. Ophalen kan na ongeveer 5 werkdagen. Met vriendelijke groet, \
         {{medewerker}}",
        Some("burgerzaken"),
    ),
    (
        "afval",
        "Grofvuil en afvalkalender",
        "Beste {{voornaam}}, grofvuil laat u gratis ophalen: meld het aan via de website van \
         {{gemeente}} of de afval-app. De ophaaldagen voor uw adres staan in de \
         afvalkalender. Met vriendelijke groet, {{medewerker}}",
        Some("afval"),
    ),
    (
        "verhuizing",
        "Verhuizing doorgeven",
        "Beste {{voornaam}}, een verhuizing geeft u door met DigiD op de website van \
         {{gemeente}}, vanaf 4 weken vóór tot 5 dagen na de verhuisdatum. Alle bewoners \
         die meeverhuizen kunt u in één keer opgeven. Met vriendelijke groet, {{medewerker}}",
        Some("burgerzaken"),
    ),
    (
        "openingstijden",
        "Openingstijden",
        "Beste {{voornaam}}, het gemeentehuis van {{gemeente}} is open {{openingstijden}}. \
         Voor de meeste producten maakt u eerst een afspraak. Met vriendelijke groet, \
         {{medewerker}}",
        None,
    ),
    (
        "bedankt",
        "Bedankt en afsluiten",
        "Graag gedaan, {{voornaam}}! Heeft u later nog een vraag, stuur dan gerust weer een \
         bericht. Met vriendelijke groet, {{medewerker}} van {{gemeente}}",
        None,
    ),
];

pub async fn seed(engine: &Engine) -> anyhow::Result<()> {
    let org = (engine.find_organisation_by_slug("voorbeeld").await?)
        .context("the demo organisation voorbeeld")?;
    let teams = engine.list_teams(org.id).await?;
    for (shortcut, title, text, team) in REPLIES {
        let team = team.and_then(|slug| teams.iter().find(|t| t.slug == slug).map(|t| t.id));
        match (engine.create_saved_reply(org.id, shortcut, title, text, team)).await {
            Ok(_) | Err(EngineError::Conflict(_)) => {}
            Err(e) => return Err(e).context("seeding the demo's saved replies"),
        }
    }
    Ok(())
}
