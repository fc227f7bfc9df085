//! The demo's scripted agent, clearly marked as simulated: it answers some conversations
//! through the same engine operations a person would use, so outbound statuses walk to read.
//! It keeps the organisation's office hours and the engine's (maybe simulated) clock: a
//! question asked on Saturday night is answered on Monday after opening.

use std::collections::HashSet;
use std::time::Duration;

use loket_domain::message::{Direction, SenderKind};
use loket_domain::time::real_duration;
use loket_domain::{ChannelId, OrgId};
use loket_engine::outbound::{Outgoing, SendRequest};
use loket_engine::{Engine, EngineError, Event};
use rand::RngExt;

const MARK: &str = "[Gesimuleerde medewerker]";

/// Answer roughly `share` of new conversations, a few (simulated) seconds after the resident
/// wrote, or after opening when the organisation is closed.
pub async fn run(engine: Engine, share: f64, stop: impl std::future::Future<Output = ()>) {
    let mut events = engine.bus().subscribe();
    let mut answered = HashSet::new();
    tokio::pin!(stop);
    loop {
        let event = tokio::select! {
            _ = &mut stop => return,
            event = events.recv() => event,
        };
        let Ok(Event::MessageCreated {
            org_id,
            conversation_id,
            message_id,
        }) = event
        else {
            continue;
        };
        let skip = rand::rng().random_bool(1.0 - share);
        if answered.contains(&conversation_id) || skip {
            continue;
        }
        let Ok(message) = engine.get_message(org_id, message_id).await else {
            continue;
        };
        if message.direction != Direction::Inbound {
            continue;
        }
        answered.insert(conversation_id);
        // A BSN was already masked and the resident warned by Loket's own notice: the
        // agent just answers the question.
        let reply = answer(message.content.text().unwrap_or_default());
        let engine = engine.clone();
        let delay = Duration::from_millis(rand::rng().random_range(1500..5000));
        let channel = message.channel_id;
        tokio::spawn(async move {
            if !wait_until_open(&engine, org_id, channel).await {
                return;
            }
            let _ = engine.mark_read(org_id, conversation_id, true).await;
            tokio::time::sleep(real_duration(engine.clock().as_ref(), delay)).await;
            let request = SendRequest {
                outgoing: Outgoing::Text {
                    body: format!("{MARK} {reply}"),
                    preview_url: false,
                },
                sender: SenderKind::Agent,
                reply_to: None,
                confirm_personal_data: false,
            };
            match engine.send_message(org_id, conversation_id, request).await {
                Ok(_) => {}
                // Two days closed outlast the 24-hour window; a person would send a template.
                Err(EngineError::WindowClosed(_)) => {
                    tracing::info!("scripted agent skipped a conversation whose window closed")
                }
                Err(e) => tracing::warn!(error = %e, "scripted agent could not reply"),
            }
        });
    }
}

/// Sleep until the office hours of `channel` are open (now, if they are); `false` when they
/// never open or cannot be read.
async fn wait_until_open(engine: &Engine, org: OrgId, channel: ChannelId) -> bool {
    let Ok(hours) = engine.office_hours(org, Some(channel)).await else {
        return false;
    };
    let clock = engine.clock();
    loop {
        let now = clock.now();
        if hours.is_open(now) {
            return true;
        }
        let Some(opening) = hours.next_opening(now) else {
            return false;
        };
        let closed_for = Duration::try_from(now.duration_until(opening)).unwrap_or_default();
        // Checked again after the sleep: the real sleep and the clock may differ a little.
        tokio::time::sleep(real_duration(clock.as_ref(), closed_for)).await;
    }
}

/// A short Dutch answer in the municipality's informal tone.
fn answer(text: &str) -> String {
    let t = text.to_lowercase();
    let topic = [
        (
            "paspoort",
            "Je kunt een afspraak voor een nieuw paspoort maken via onze website. Neem je oude paspoort en een pasfoto mee.",
        ),
        (
            "verhuiz",
            "Een verhuizing geef je door via Mijn Gemeente met DigiD, uiterlijk 5 dagen na je verhuisdatum.",
        ),
        (
            "container",
            "Dank voor je melding! We hebben de container doorgegeven aan de afvalinzameling; hij wordt binnen 2 werkdagen geleegd.",
        ),
        (
            "geparkeerd",
            "Bedankt, we sturen een handhaver langs om naar de auto te kijken.",
        ),
        (
            "auto",
            "Bedankt, we sturen een handhaver langs om naar de auto te kijken.",
        ),
    ];
    topic
        .iter()
        .find(|(word, _)| t.contains(word))
        .map(|(_, reply)| (*reply).to_owned())
        .unwrap_or_else(|| {
            "Dank je wel voor je bericht! We kijken ernaar en laten het je vandaag nog weten."
                .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripted_agent_answers_the_topic_and_leaves_the_bsn_warning_to_the_notice() {
        assert!(answer("Mijn paspoort, BSN [BSN]").contains("pasfoto"));
        assert!(answer("Ik wil een nieuw paspoort").contains("pasfoto"));
        assert!(answer("Wij verhuizen per 1 maart").contains("Mijn Gemeente"));
        assert!(answer("Iets anders").contains("Dank je wel"));
    }
}
