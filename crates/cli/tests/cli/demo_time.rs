//! `loket demo --start-at --speed` (issue 12): Saturday 22:00 at high speed. A resident's
//! first message gets the out-of-hours receipt naming Monday's opening; the scripted agent
//! answers only from Monday 8.30 on; the progress lines show the simulated time.

use jiff::Timestamp;
use loket_domain::message::{Direction, SenderKind};
use loket_engine::records::{ConversationFilter, MessageRecord, PageRequest};

use super::demo::{demo_engine, run_demo};

/// Every message the demo stored, oldest first per conversation.
async fn all_messages(engine: &loket_engine::Engine) -> Vec<Vec<MessageRecord>> {
    let org = (engine.find_organisation_by_slug("voorbeeld").await.unwrap()).unwrap();
    let page = PageRequest {
        after: None,
        limit: 500,
    };
    let list = engine
        .list_conversations(org.id, &ConversationFilter::default(), page)
        .await
        .unwrap();
    let mut all = Vec::new();
    for item in list.items {
        let page = engine
            .conversation_page(org.id, item.conversation.id, None, 500)
            .await
            .unwrap();
        all.push(page.detail.messages.into_iter().map(|m| m.record).collect());
    }
    all
}

#[tokio::test]
async fn on_a_saturday_night_residents_get_the_receipt_naming_monday_and_the_agent_answers_after_opening()
 {
    let dir = tempfile::tempdir().unwrap();
    // 10 000 times real time: Monday 8.30 comes about 12.4 s after the start.
    let stdout = run_demo(
        dir.path(),
        &[
            "--start-at",
            "2026-12-05T22:00",
            "--speed",
            "10000",
            "--for",
            "15",
            "--per-minute",
            "300",
        ],
    );
    assert!(
        stdout.contains("Gesimuleerde tijd: nu za 2026-12-05 22:00, 10000x"),
        "{stdout}"
    );
    assert!(stdout.contains("[za 2026-12-05 22:"), "{stdout}");
    assert!(
        stdout.contains("De gesimuleerde medewerker antwoordde."),
        "{stdout}"
    );

    let monday_opening: Timestamp = "2026-12-07T07:30:00Z".parse().unwrap();
    let sunday: Timestamp = "2026-12-05T23:00:00Z".parse().unwrap();
    let engine = demo_engine(dir.path()).await;
    assert_the_passport_rule_fired(&engine).await;
    let conversations = all_messages(&engine).await;
    let first = conversations
        .iter()
        .min_by_key(|c| c[0].created_at)
        .expect("residents wrote");
    assert_eq!(first[0].direction, Direction::Inbound);
    assert!(first[0].created_at < sunday, "{:?}", first[0].created_at);
    let receipt = first
        .iter()
        .find(|m| m.sender == SenderKind::System)
        .expect("the first message got a receipt");
    let text = receipt.content.text().unwrap_or_default();
    assert!(
        text.contains("We zijn nu gesloten en reageren maandag vanaf 8.30 uur."),
        "{text}"
    );

    let answers: Vec<&MessageRecord> = conversations
        .iter()
        .flatten()
        .filter(|m| m.sender == SenderKind::Agent)
        .collect();
    assert!(!answers.is_empty(), "{stdout}");
    for answer in answers {
        assert!(
            answer.created_at >= monday_opening,
            "answered while closed, at {}",
            answer.created_at
        );
        let body = answer.content.text().unwrap_or_default();
        assert!(body.starts_with("[Gesimuleerde medewerker]"), "{body}");
    }
}

/// Every conversation where a resident wrote about a passport has the label and the team
/// the demo's automation rule gives (the worker's event pass ran while the demo did).
async fn assert_the_passport_rule_fired(engine: &loket_engine::Engine) {
    let org = (engine.find_organisation_by_slug("voorbeeld").await.unwrap()).unwrap();
    let teams = engine.list_teams(org.id).await.unwrap();
    let burgerzaken = teams.iter().find(|t| t.slug == "burgerzaken").unwrap().id;
    let page = PageRequest {
        after: None,
        limit: 500,
    };
    let list = engine
        .list_conversations(org.id, &ConversationFilter::default(), page)
        .await
        .unwrap();
    let (mut fired, mut missed) = (0, 0);
    for item in list.items {
        let page = engine
            .conversation_page(org.id, item.conversation.id, None, 500)
            .await
            .unwrap();
        let about_passport = page.detail.messages.iter().any(|m| {
            m.record.direction == Direction::Inbound
                && (m.record.content.text().unwrap_or_default())
                    .to_lowercase()
                    .contains("paspoort")
        });
        if !about_passport {
            continue;
        }
        let labelled = item.conversation.labels.iter().any(|l| l == "paspoort");
        if labelled {
            assert_eq!(item.conversation.team, Some(burgerzaken));
            fired += 1;
        } else {
            missed += 1;
        }
    }
    // A resident's very last message may arrive as the demo stops, before the worker's
    // next pass: one conversation may still wait for its label.
    assert!(fired > 0 && missed <= 1, "fired {fired}, missed {missed}");
}

#[test]
fn a_speed_out_of_range_or_a_start_that_is_no_time_stops_the_demo_with_a_clear_error() {
    for (args, expected) in [
        (["--speed", "0"], "at most 10000"),
        (["--speed", "20000"], "at most 10000"),
        (["--start-at", "zaterdag"], "2026-12-05T22:00"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .arg("demo")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
