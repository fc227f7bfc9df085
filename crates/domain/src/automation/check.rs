//! Bounds on a rule, checked all at once so the admin sees every problem together.

use crate::input::{FieldProblem, MAX_LABEL_CHARS};

use super::{Action, Condition, Rule, Trigger};

/// Most rules per organisation (each is evaluated for every message).
pub const MAX_RULES: usize = 50;
/// Most words of one "contains" condition.
pub const MAX_WORDS: usize = 20;
/// Longest word (the analyser skips longer ones anyway).
pub const MAX_WORD_CHARS: usize = 60;
pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_CONDITIONS: usize = 10;
pub const MAX_ACTIONS: usize = 10;
/// The longest wait a time rule may name: two working weeks of 40 hours.
pub const MAX_WAIT_MINUTES: u32 = 80 * 60;

/// The rule with its name and words trimmed (empty words dropped), or every problem, named
/// `name`, `trigger`, `conditions`, `actions` (never quoting the input).
pub fn check_rule(mut rule: Rule) -> Result<Rule, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    rule.name = rule.name.trim().to_owned();
    let name_chars = rule.name.chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS || rule.name.chars().any(char::is_control) {
        problems.push(FieldProblem::new(
            "name",
            format!("must be 1 to {MAX_NAME_CHARS} characters, without control characters"),
        ));
    }
    let trigger = rule.definition.trigger;
    if let Trigger::NoReplyWithin { working_minutes } = trigger
        && !(1..=MAX_WAIT_MINUTES).contains(&working_minutes)
    {
        problems.push(FieldProblem::new(
            "trigger",
            format!("the wait must be 1 to {MAX_WAIT_MINUTES} working minutes"),
        ));
    }
    for condition in &mut rule.definition.conditions {
        check_condition(condition, trigger, &mut problems);
    }
    if rule.definition.conditions.len() > MAX_CONDITIONS {
        problems.push(FieldProblem::new(
            "conditions",
            format!("at most {MAX_CONDITIONS} conditions"),
        ));
    }
    for action in &mut rule.definition.actions {
        if let Action::AddLabel { label } = action {
            *label = label.trim().to_owned();
        }
    }
    check_actions(&rule.definition.actions, &mut problems);
    if problems.is_empty() {
        Ok(rule)
    } else {
        Err(problems)
    }
}

fn check_condition(condition: &mut Condition, trigger: Trigger, problems: &mut Vec<FieldProblem>) {
    match condition {
        Condition::ContainsAny { words } => {
            words.iter_mut().for_each(|w| *w = w.trim().to_owned());
            words.retain(|w| !w.is_empty());
            if !trigger.has_message() {
                problems.push(FieldProblem::new(
                    "conditions",
                    "words can only be matched when a message triggers the rule",
                ));
            }
            if words.is_empty() || words.len() > MAX_WORDS {
                problems.push(FieldProblem::new(
                    "conditions",
                    format!("give 1 to {MAX_WORDS} words"),
                ));
            }
            if words
                .iter()
                .any(|w| w.chars().count() > MAX_WORD_CHARS || w.chars().any(char::is_control))
            {
                problems.push(FieldProblem::new(
                    "conditions",
                    format!("each word must be at most {MAX_WORD_CHARS} characters"),
                ));
            }
        }
        Condition::HasLabel { label } | Condition::LacksLabel { label } => {
            *label = label.trim().to_owned();
            if !label_ok(label) {
                problems.push(FieldProblem::new(
                    "conditions",
                    format!("a label must be 1 to {MAX_LABEL_CHARS} characters"),
                ));
            }
        }
        _ => {}
    }
}

fn check_actions(actions: &[Action], problems: &mut Vec<FieldProblem>) {
    if actions.is_empty() || actions.len() > MAX_ACTIONS {
        problems.push(FieldProblem::new(
            "actions",
            format!("give 1 to {MAX_ACTIONS} actions"),
        ));
    }
    if actions
        .iter()
        .any(|a| matches!(a, Action::AddLabel { label } if !label_ok(label)))
    {
        problems.push(FieldProblem::new(
            "actions",
            format!("a label must be 1 to {MAX_LABEL_CHARS} characters"),
        ));
    }
}

fn label_ok(label: &str) -> bool {
    let n = label.chars().count();
    n > 0 && n <= MAX_LABEL_CHARS && !label.chars().any(char::is_control)
}
