//! The demo's people: an agent, a team lead, an admin, a back-office colleague of
//! Burgerzaken (of Gemeente Voorbeeld) and a deployment operator, each with a generated
//! password printed once with the URL. The demo organisation does not require 2FA, so
//! signing in needs only these.

use loket_domain::people::{Locale, Role};
use loket_engine::Engine;
use loket_engine::people::NewUserRequest;
use secrecy::{ExposeSecret, SecretString};

/// (what the login is for, e-mail, role in `voorbeeld`; `None`: the operator).
const LOGINS: [(&str, &str, Option<Role>); 5] = [
    ("medewerker", "medewerker@voorbeeld.nl", Some(Role::Agent)),
    (
        "teamleider",
        "teamleider@voorbeeld.nl",
        Some(Role::TeamLead),
    ),
    ("beheerder", "beheerder@voorbeeld.nl", Some(Role::Admin)),
    (
        "backoffice",
        "backoffice@voorbeeld.nl",
        Some(Role::BackOffice),
    ),
    ("operator", "operator@loket.example", None),
];

/// The team whose contactverzoeken the back-office login works.
const BACK_OFFICE_TEAM: &str = "burgerzaken";

async fn join_team(engine: &Engine, user: loket_domain::UserId, slug: &str) -> anyhow::Result<()> {
    let org = (engine.find_organisation_by_slug("voorbeeld").await?)
        .ok_or_else(|| anyhow::anyhow!("the demo organisation voorbeeld"))?;
    let teams = engine.list_teams(org.id).await?;
    let team = (teams.iter().find(|t| t.slug == slug))
        .ok_or_else(|| anyhow::anyhow!("the demo team {slug}"))?;
    engine.add_team_member(org.id, team.id, user).await?;
    Ok(())
}

pub struct DemoLogin {
    pub label: &'static str,
    pub email: &'static str,
    pub password: SecretString,
}

/// Create the demo logins, or give them new passwords when the database already has them
/// (a PostgreSQL demo database outlives its run).
pub async fn create(engine: &Engine) -> anyhow::Result<Vec<DemoLogin>> {
    let mut logins = Vec::new();
    for (label, email, role) in LOGINS {
        let password = if engine.find_user(email).await?.is_some() {
            engine.reset_password(email, None).await?
        } else {
            let request = NewUserRequest {
                email: email.into(),
                name: format!("Demo-{label}"),
                membership: role.map(|r| ("voorbeeld".to_owned(), r)),
                operator: role.is_none(),
                locale: Locale::Nl,
                password: None,
            };
            let added = engine.add_user(request).await?;
            if role == Some(Role::BackOffice) {
                join_team(engine, added.user.id, BACK_OFFICE_TEAM).await?;
            }
            added.generated_password
        };
        let password = password.ok_or_else(|| anyhow::anyhow!("no password for {label}"))?;
        logins.push(DemoLogin {
            label,
            email,
            password,
        });
    }
    Ok(logins)
}

/// The lines the banner shows: where to sign in and with what (passwords shown once).
pub fn banner(url: &str, logins: &[DemoLogin]) -> String {
    let mut text = format!("Inloggen: {url}/\n");
    for login in logins {
        text.push_str(&format!(
            "  {:<11} {:<26} wachtwoord: {}\n",
            login.label,
            login.email,
            login.password.expose_secret()
        ));
    }
    text
}
