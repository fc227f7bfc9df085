use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;

fn day(seed: u64, residents: usize) -> Vec<&'static Scenario> {
    let mix = weighted();
    let mut rng = StdRng::seed_from_u64(seed);
    (0..residents).map(|_| pick(&mut rng, &mix)).collect()
}

#[test]
fn a_day_covers_many_topics_and_none_takes_more_than_a_quarter() {
    let played = day(11, 2_000);
    let mut topics: HashMap<&str, usize> = HashMap::new();
    for s in &played {
        *topics.entry(s.topic).or_default() += 1;
    }
    assert!(topics.len() >= 12, "{topics:?}");
    for (topic, n) in &topics {
        assert!(*n * 4 <= played.len(), "{topic}: {n} of {}", played.len());
    }
}

#[test]
fn a_day_has_quoted_replies_edits_media_and_reactions() {
    let steps: Vec<Step> = day(12, 300)
        .iter()
        .flat_map(|s| s.steps.iter().copied())
        .collect();
    let has = |f: fn(&Step) -> bool| steps.iter().any(f);
    assert!(has(|s| matches!(s, Step::ReplyTo { .. })));
    assert!(has(|s| matches!(s, Step::Edit { .. })));
    assert!(has(|s| matches!(s, Step::React { .. })));
    assert!(has(|s| matches!(s, Step::Photo { .. })));
    assert!(has(|s| matches!(s, Step::Document { .. })));
    assert!(has(|s| matches!(s, Step::VoiceNote { .. })));
}

#[test]
fn the_same_seed_gives_the_same_day() {
    let names = |seed| day(seed, 200).iter().map(|s| s.name).collect::<Vec<_>>();
    assert_eq!(names(5), names(5));
    assert_ne!(names(5), names(6));
}

#[test]
fn every_edit_reply_and_reaction_points_at_an_earlier_step() {
    for (scenario, _) in weighted() {
        for (i, step) in scenario.steps.iter().enumerate() {
            if let Step::Edit { step, .. } | Step::ReplyTo { step, .. } | Step::React { step, .. } =
                step
            {
                assert!(*step < i, "{}", scenario.name);
            }
        }
    }
}
