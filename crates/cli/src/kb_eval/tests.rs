use std::path::Path;

use super::*;

fn row(id: &str, question: &str, answer: &str) -> FaqRow {
    FaqRow {
        id: id.into(),
        question: question.into(),
        answer: answer.into(),
        subjects: Vec::new(),
        canonical: String::new(),
        keywords: Vec::new(),
    }
}

/// Three articles, two of them about passports.
fn tiny_corpus() -> Vec<FaqRow> {
    vec![
        row("a", "Wat kost een paspoort?", "De kosten staan op de site."),
        row("b", "Paspoort kwijt, wat nu?", "Doe aangifte."),
        row("c", "Hoe geef ik mijn verhuizing door?", "Via de gemeente."),
    ]
}

#[test]
fn the_figures_are_computed_from_the_rankings_on_a_tiny_corpus() {
    let rows = tiny_corpus();
    let case = |set, query: &str, target: &str| Case {
        set,
        query: query.into(),
        target: target.into(),
    };
    let cases = vec![
        case(Set::Questions, "paspoort kwijt", "b"),
        case(Set::Questions, "verhuizing", "c"),
        case(Set::Tune, "wat kost een paspoort", "a"),
        case(Set::Holdout(1), "kosten", "c"),
    ];
    let index = build_index(&rows);
    let synonyms = Synonyms::parse("").unwrap();
    let (tallies, misses) = evaluate(&cases, |q| rank(&index, &synonyms, q));
    assert_eq!(
        tallies,
        [
            (
                Set::Questions,
                Tally {
                    cases: 2,
                    top1: 2,
                    top3: 2
                }
            ),
            (
                Set::Tune,
                Tally {
                    cases: 1,
                    top1: 1,
                    top3: 1
                }
            ),
            (
                Set::Holdout(1),
                Tally {
                    cases: 1,
                    top1: 0,
                    top3: 0
                }
            ),
        ]
    );
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0].first.as_deref(), Some("a"));
    // A ranking that always answers "c" scores differently: nothing is hard-coded.
    let (always_c, _) = evaluate(&cases, |_| vec!["c".to_string()]);
    assert_eq!(
        always_c[0].1,
        Tally {
            cases: 2,
            top1: 1,
            top3: 1
        }
    );
}

#[test]
fn absent_fixtures_are_a_clear_error_naming_the_path() {
    let args = KbEvalArgs {
        fixtures: "/nonexistent/faq".into(),
        show_misses: false,
        show_holdout_misses: false,
        without_keywords: false,
        query: None,
        dump: None,
    };
    let error = run(args).unwrap_err().to_string();
    assert!(error.contains("/nonexistent/faq"), "{error}");
}

#[test]
fn every_paraphrase_names_a_fixture_article_and_the_halves_are_even() {
    // From the crate folder (cargo test's working directory) to the shared fixtures.
    let dir = Path::new("../../../shared/fixtures/faq");
    if !dir.is_dir() {
        eprintln!("skipped: no knowledge-base fixtures at {}", dir.display());
        return;
    }
    let rows = read_faq_dir(dir).unwrap();
    assert_eq!(rows.len(), 179);
    let cases = cases(&rows).unwrap();
    let count = |set| cases.iter().filter(|c| c.set == set).count();
    assert_eq!(count(Set::Questions), 179);
    assert!(count(Set::Tune) >= 30);
    let holdout: usize = (1..=UNTOUCHED_ROUND).map(|r| count(Set::Holdout(r))).sum();
    assert_eq!(count(Set::Tune), holdout);
    assert_eq!(count(Set::Holdout(1)), 40);
    assert!(count(Set::Holdout(5)) >= 40);
    assert!(count(Set::Holdout(6)) >= 30);
    assert!(count(Set::Holdout(UNTOUCHED_ROUND)) >= 20);
}

#[test]
fn the_dump_lists_every_case_with_its_target_and_scored_articles_best_first() {
    let rows = tiny_corpus();
    let cases = vec![
        Case {
            set: Set::Questions,
            query: "paspoort kwijt".into(),
            target: "b".into(),
        },
        Case {
            set: Set::Holdout(2),
            query: "zwanenvijver".into(),
            target: "c".into(),
        },
    ];
    let index = build_index(&rows);
    let synonyms = Synonyms::parse("").unwrap();
    let out = std::env::temp_dir().join(format!("kb-dump-{}.tsv", std::process::id()));
    dump(&out, &cases, &index, &synonyms).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0][..3], ["Questions", "paspoort kwijt", "b"]);
    let hits: Vec<(&str, f32)> = lines[0][3..]
        .iter()
        .map(|h| h.rsplit_once(':').unwrap())
        .map(|(id, score)| (id, score.parse().unwrap()))
        .collect();
    // Both paspoort articles, the one that is about losing it first; best first.
    assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), ["b", "a"]);
    assert!(hits[0].1 > hits[1].1 && hits[1].1 > 0.0, "{hits:?}");
    // A query that finds nothing still has its line, with no articles.
    assert_eq!(lines[1], ["Holdout(2)", "zwanenvijver", "c"]);
}
