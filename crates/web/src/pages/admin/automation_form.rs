//! The "add a rule" form of `/admin/automation`: what was typed (kept to show the form
//! again after a refusal) and its reading into a domain [`Rule`]. Ids that do not parse
//! are problems of their field, like ids of another organisation (the engine's check).

use loket_domain::automation::{Action, Condition, Rule, RuleDefinition, Trigger};
use loket_domain::conversation::Priority;
use loket_domain::input::FieldProblem;
use serde::Deserialize;

/// The form as typed. Every field is optional text, so a hostile or partial post reads.
#[derive(Deserialize, Default, Clone)]
pub struct RuleForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub trigger: String,
    #[serde(default)]
    pub wait_minutes: String,
    #[serde(default)]
    pub words: String,
    #[serde(default)]
    pub channel: String,
    /// "" any, "none" no team, else a team id.
    #[serde(default)]
    pub team_is: String,
    #[serde(default)]
    pub has_label: String,
    #[serde(default)]
    pub lacks_label: String,
    #[serde(default)]
    pub priority_is: String,
    #[serde(default)]
    pub add_label: String,
    #[serde(default)]
    pub set_team: String,
    #[serde(default)]
    pub set_priority: String,
    #[serde(default)]
    pub assign_to: String,
    pub escalate: Option<String>,
}

impl RuleForm {
    /// The rule, or the problems of the fields that do not read (the engine checks the
    /// rest: bounds and the organisation's own ids).
    pub fn read(&self) -> Result<Rule, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let trigger = match self.trigger.as_str() {
            "message_received" => Trigger::MessageReceived,
            "conversation_created" => Trigger::ConversationCreated,
            "no_reply_within" => match self.wait_minutes.trim().parse::<u32>() {
                Ok(working_minutes) => Trigger::NoReplyWithin { working_minutes },
                Err(_) => {
                    problems.push(FieldProblem::new("trigger", "wait_minutes is no number"));
                    Trigger::NoReplyWithin { working_minutes: 0 }
                }
            },
            _ => {
                problems.push(FieldProblem::new("trigger", "unknown trigger"));
                Trigger::MessageReceived
            }
        };
        let mut conditions = Vec::new();
        let words: Vec<String> = self.words.split(',').map(str::to_owned).collect();
        if words.iter().any(|w| !w.trim().is_empty()) {
            conditions.push(Condition::ContainsAny { words });
        }
        if let Some(channel) = id(&self.channel, "conditions", &mut problems) {
            conditions.push(Condition::ChannelIs { channel });
        }
        match self.team_is.as_str() {
            "" => {}
            "none" => conditions.push(Condition::HasNoTeam),
            other => {
                if let Some(team) = id(other, "conditions", &mut problems) {
                    conditions.push(Condition::TeamIs { team });
                }
            }
        }
        if !self.has_label.trim().is_empty() {
            let label = self.has_label.clone();
            conditions.push(Condition::HasLabel { label });
        }
        if !self.lacks_label.trim().is_empty() {
            let label = self.lacks_label.clone();
            conditions.push(Condition::LacksLabel { label });
        }
        if let Some(priority) = priority(&self.priority_is, "conditions", &mut problems) {
            conditions.push(Condition::PriorityIs { priority });
        }
        let actions = self.actions(&mut problems);
        let rule = Rule {
            name: self.name.clone(),
            enabled: true,
            definition: RuleDefinition {
                trigger,
                conditions,
                actions,
            },
        };
        if problems.is_empty() {
            Ok(rule)
        } else {
            Err(problems)
        }
    }

    fn actions(&self, problems: &mut Vec<FieldProblem>) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.add_label.trim().is_empty() {
            let label = self.add_label.clone();
            actions.push(Action::AddLabel { label });
        }
        if let Some(team) = id(&self.set_team, "actions", problems) {
            actions.push(Action::SetTeam { team });
        }
        if let Some(priority) = priority(&self.set_priority, "actions", problems) {
            actions.push(Action::SetPriority { priority });
        }
        if let Some(user) = id(&self.assign_to, "actions", problems) {
            actions.push(Action::AssignTo { user });
        }
        if self.escalate.is_some() {
            actions.push(Action::Escalate);
        }
        actions
    }
}

/// An optional id: `None` when empty; a problem of `field` when it does not read.
fn id<T: std::str::FromStr>(
    text: &str,
    field: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<T> {
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        problems.push(FieldProblem::new(field, "names an unknown item"));
    }
    parsed
}

fn priority(text: &str, field: &str, problems: &mut Vec<FieldProblem>) -> Option<Priority> {
    id::<Priority>(text, field, problems)
}
