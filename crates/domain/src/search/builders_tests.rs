use proptest::prelude::*;

use super::*;
use crate::search::Synonyms;

fn parse(q: &str) -> Query {
    Query::parse(q, &Synonyms::parse("").unwrap())
}

/// Checks that outside its quoted strings `s` holds nothing but the operators the builder
/// writes, with balanced parentheses and closed quotes.
fn well_formed(s: &str, quote: char, operators: &[&str]) -> bool {
    let mut depth = 0i32;
    let mut outside = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == quote {
            loop {
                match chars.next() {
                    None => return false,
                    Some('\\') if quote == '\'' => {
                        chars.next();
                    }
                    Some(q) if q == quote => {
                        if chars.peek() == Some(&quote) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    Some(_) => {}
                }
            }
            outside.push_str(" T ");
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
        outside.push(if matches!(c, '(' | ')') { ' ' } else { c });
    }
    depth == 0
        && outside
            .split_whitespace()
            .all(|w| w == "T" || operators.contains(&w))
}

fn fts5_ok(s: &str) -> bool {
    well_formed(&s.replace("\"*", "\" *"), '"', &["AND", "OR", "*"])
}

fn tsquery_ok(s: &str) -> bool {
    well_formed(&s.replace("':*", "' :*"), '\'', &["&", "|", ":*"])
}

#[test]
fn words_become_quoted_groups_of_their_forms() {
    let q = parse("paspoorten kwijt");
    assert_eq!(
        fts5_match(&q, Combine::All).unwrap(),
        r#"("paspoorten" OR "paspoor") AND "kwijt"*"#
    );
    assert_eq!(
        tsquery(&q, Combine::Any).unwrap(),
        "('paspoorten' | 'paspoor') | 'kwijt':*"
    );
}

#[test]
fn stop_words_are_left_out_unless_the_query_has_nothing_else() {
    let q = parse("ik ben de kluts kwijt");
    assert_eq!(
        fts5_match(&q, Combine::All).unwrap(),
        r#"("kluts" OR "klut") AND "kwijt"*"#
    );
    let only_stop = parse("ik ben de");
    assert_eq!(
        tsquery(&only_stop, Combine::All).unwrap(),
        "'ik' & 'ben' & 'de'"
    );
}

#[test]
fn a_synonym_phrase_is_an_and_inside_the_or_group() {
    let syn = Synonyms::parse("brp, basisregistratie personen").unwrap();
    let q = Query::parse("brp", &syn);
    assert_eq!(
        fts5_match(&q, Combine::All).unwrap(),
        r#"("brp"* OR (("basisregistratie" OR "basisregistreer") AND ("personen" OR "persoon")))"#
    );
}

#[test]
fn nothing_searchable_gives_no_query_at_all() {
    for q in ["", "   ", "?!*:()\"'", "-- ; /* */"] {
        assert_eq!(fts5_match(&parse(q), Combine::All), None, "{q:?}");
        assert_eq!(tsquery(&parse(q), Combine::Any), None, "{q:?}");
    }
}

#[test]
fn operators_and_quotes_typed_by_users_stay_plain_words() {
    for q in [
        r#"paspoort" OR "bsn"#,
        "NEAR(a b) OR NOT c AND d",
        "title:paspoort ^begin -minus",
        "a & b | !c <-> d:* e:A",
        "'); drop table kb; --",
        "a\\'b \"\" c''d \\",
    ] {
        let fts = fts5_match(&parse(q), Combine::Any).unwrap();
        let ts = tsquery(&parse(q), Combine::All).unwrap();
        assert!(fts5_ok(&fts), "{q:?} → {fts}");
        assert!(tsquery_ok(&ts), "{q:?} → {ts}");
    }
    assert!(
        fts5_match(&parse("NEAR OR"), Combine::Any)
            .unwrap()
            .contains(r#""near""#)
    );
}

#[test]
fn forms_built_by_hand_are_escaped_too() {
    let q = Query {
        groups: vec![Group {
            stop: false,
            alternatives: vec![Alternative {
                weight: 1.0,
                terms: vec![Term {
                    forms: vec!["a\"b".into(), "c'd\\".into(), "\0".into(), String::new()],
                    prefix: false,
                }],
            }],
        }],
    };
    assert_eq!(
        fts5_match(&q, Combine::All).unwrap(),
        r#"("a""b" OR "c'd\")"#
    );
    assert_eq!(tsquery(&q, Combine::All).unwrap(), r#"('a"b' | 'c''d\\')"#);
}

#[test]
fn a_ten_kilobyte_query_is_capped_and_stays_well_formed() {
    let huge = "paspoort \"OR\" (NEAR) *:".repeat(500);
    assert!(huge.len() > 10_000);
    let q = parse(&huge);
    assert!(q.groups.len() <= crate::search::MAX_QUERY_WORDS);
    assert!(fts5_ok(&fts5_match(&q, Combine::All).unwrap()));
    assert!(tsquery_ok(&tsquery(&q, Combine::All).unwrap()));
}

proptest! {
    #[test]
    fn any_input_gives_a_well_formed_query_or_none(q in "\\PC{0,200}") {
        let query = Query::parse(&q, &Synonyms::default_nl());
        if let Some(s) = fts5_match(&query, Combine::All) {
            prop_assert!(fts5_ok(&s), "{s}");
        }
        if let Some(s) = tsquery(&query, Combine::Any) {
            prop_assert!(tsquery_ok(&s), "{s}");
        }
    }
}

#[test]
fn a_prefix_form_that_extends_another_prefix_form_is_left_out() {
    // "fiets*" matches everything "fietsen*" does; the stem "doorgeef" does not begin
    // "doorgeven", so it matches itself only.
    assert_eq!(
        tsquery(&parse("fietsen"), Combine::All).unwrap(),
        "'fiets':*"
    );
    assert_eq!(
        fts5_match(&parse("fietsen"), Combine::All).unwrap(),
        "\"fiets\"*"
    );
    assert_eq!(
        tsquery(&parse("verhuizing doorgeven"), Combine::All).unwrap(),
        "('verhuizing' | 'verhuis') & ('doorgeven':* | 'doorgeef')"
    );
}

#[test]
fn forms_of_a_word_that_is_not_a_prefix_all_stay() {
    // Only a prefix term's forms subsume each other: an exact "fiets" does not match
    // "fietsen".
    assert_eq!(
        tsquery(&parse("fietsen kwijt"), Combine::All).unwrap(),
        "('fietsen' | 'fiets') & 'kwijt':*"
    );
}
