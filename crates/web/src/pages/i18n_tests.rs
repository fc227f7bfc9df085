//! The templates hold no user-facing text of their own, every message they use exists
//! in every language, and the languages have the same messages.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::i18n::{Lang, Tr};
use super::shells::{ConversationStatus, Role};

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn templates() -> Vec<(String, String)> {
    let mut all: Vec<_> = std::fs::read_dir(dir("templates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    all.sort();
    all
}

/// Removes every `open … close` span.
fn strip(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// Message keys a template names literally: `t("key")`, `t1("key", …)`.
fn keys_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for opener in [".t(\"", ".t1(\""] {
        for (i, _) in text.match_indices(opener) {
            let after = &text[i + opener.len()..];
            keys.push(after[..after.find('"').unwrap()].to_owned());
        }
    }
    keys
}

fn ftl_keys(lang: Lang) -> BTreeSet<String> {
    let path = dir("locales").join(lang.code()).join("main.ftl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[test]
fn templates_contain_no_literal_user_facing_text() {
    for (name, text) in templates() {
        let code = strip(&strip(&strip(&text, "{#", "#}"), "{%", "%}"), "{{", "}}");
        let words = strip(&code, "<", ">");
        let letters: String = words.chars().filter(|c| c.is_alphabetic()).collect();
        assert!(
            letters.is_empty(),
            "{name} has literal text: {:?}",
            words.trim()
        );
        for attribute in [" alt=\"", " title=\"", " aria-label=\"", " placeholder=\""] {
            for (i, _) in text.match_indices(attribute) {
                let value = &text[i + attribute.len()..];
                assert!(value.starts_with("{{"), "{name}: literal{attribute}…");
            }
        }
    }
}

#[test]
fn every_message_a_page_uses_exists_in_every_language() {
    let mut used: Vec<String> = templates().iter().flat_map(|(_, t)| keys_in(t)).collect();
    used.extend(
        [Role::Agent, Role::TeamLead, Role::Admin, Role::BackOffice]
            .map(|r| r.message().to_owned()),
    );
    use ConversationStatus::*;
    used.extend([Open, Pending, Snoozed, Resolved].map(|s| s.message().to_owned()));
    used.extend(Lang::ALL.map(|l| format!("language-{}", l.code())));
    used.extend(
        [
            "page-title",
            "sign-in-title",
            "two-factor-title",
            "enrol-title",
        ]
        .map(String::from),
    );
    used.extend(["organisations-title", "password-title", "inbox-title"].map(String::from));
    assert!(used.len() > 40, "{used:?}");
    for lang in Lang::ALL {
        for key in &used {
            assert!(
                Tr::has_message(lang, key),
                "{key} is missing in {}",
                lang.code()
            );
        }
    }
}

#[test]
fn dutch_and_english_have_the_same_messages() {
    assert_eq!(ftl_keys(Lang::Nl), ftl_keys(Lang::En));
}
