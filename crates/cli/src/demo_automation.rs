//! The demo's automation rules (issue 12, point 7), made the way an admin makes them on
//! `/admin/automation`: a resident writing about a passport gets the label Paspoort and the
//! team Burgerzaken; a question unanswered for 2 working hours gets priority high. Kept
//! when the database already has them (a PostgreSQL demo database outlives its run).

use anyhow::Context;
use loket_domain::automation::{Action, Condition, Rule, RuleDefinition, Trigger};
use loket_domain::conversation::Priority;
use loket_engine::Engine;

const PASSPORT: &str = "Paspoortvragen naar Burgerzaken";
const WAITING: &str = "Wacht 2 werkuren: prioriteit hoog";

pub async fn seed(engine: &Engine) -> anyhow::Result<()> {
    let org = (engine.find_organisation_by_slug("voorbeeld").await?)
        .context("the demo organisation voorbeeld")?
        .id;
    let teams = engine.list_teams(org).await?;
    let burgerzaken = (teams.iter().find(|t| t.slug == "burgerzaken"))
        .context("the demo team burgerzaken")?
        .id;
    let existing = engine.automation_rules(org).await?;
    let has = |name: &str| existing.iter().any(|r| r.name == name);
    let rules = [
        (
            PASSPORT,
            Trigger::MessageReceived,
            vec![Condition::ContainsAny {
                words: vec!["paspoort".into(), "identiteitskaart".into()],
            }],
            vec![
                Action::AddLabel {
                    label: "paspoort".into(),
                },
                Action::SetTeam { team: burgerzaken },
            ],
        ),
        (
            WAITING,
            Trigger::NoReplyWithin {
                working_minutes: 120,
            },
            vec![],
            vec![Action::SetPriority {
                priority: Priority::High,
            }],
        ),
    ];
    for (name, trigger, conditions, actions) in rules {
        if has(name) {
            continue;
        }
        let rule = Rule {
            name: name.into(),
            enabled: true,
            definition: RuleDefinition {
                trigger,
                conditions,
                actions,
            },
        };
        engine.put_automation_rule(org, None, rule).await?;
    }
    Ok(())
}
