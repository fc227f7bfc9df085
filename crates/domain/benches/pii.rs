//! Detection throughput on one core: `cargo bench -p loket-domain --bench pii`.
//! A plain bench (no harness): builds ~8 MB of resident-like messages, mostly plain Dutch
//! with numbers, dates and amounts and now and then personal data, and times `find`.

use std::hint::black_box;
use std::time::Instant;

const MESSAGES: &[&str] = &[
    "Goedemorgen, ik heb een vraag over mijn aanslag gemeentelijke belastingen van 2024. ",
    "Het bedrag van € 312,45 klopt volgens mij niet, ordernummer 123456782. ",
    "Kunt u mij terugbellen op 06-12345678? Ik ben bereikbaar na 17:00 uur. ",
    "De container in de Dorpsstraat is al 3 weken niet geleegd, het stinkt enorm!! ",
    "Mijn BSN is 111222333 en ik woon op 1234 AB 12a. ",
    "Wanneer kan ik mijn paspoort ophalen? Afspraak was op 12-05-2025 om 10.30 uur. ",
    "Ik ben geboren op 1-2-1980 en wil een uittreksel uit de BRP aanvragen. ",
    "Betaling naar NL91 ABNA 0417 1643 00 is gedaan, kenmerk 2024-000123. ",
    "Er staat een auto met kenteken AB-12-CD al dagen op de stoep geparkeerd. ",
    "Mail gerust naar jan.jansen@example.nl als dat makkelijker is, dank je wel 😊 ",
    "Dank u wel voor de snelle reactie, fijne dag nog en tot ziens. ",
    "Hoe laat is het milieupark open op zaterdag? Ik wil 2 matrassen wegbrengen. ",
];

fn corpus(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while text.len() < bytes {
        // Plain messages far more often than ones with personal data, as in real traffic.
        let pick = if i.is_multiple_of(5) {
            i / 5 % MESSAGES.len()
        } else {
            [0, 3, 10, 11][i % 4]
        };
        text.push_str(MESSAGES[pick]);
        i += 1;
    }
    text
}

/// Nanoseconds this thread has run on a CPU (Linux), so that a busy shared machine does
/// not count other processes' time; wall-clock time where that is not available.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Seconds `f` took: CPU time where known, else wall-clock time.
fn timed(f: impl FnOnce()) -> f64 {
    let (cpu, wall) = (cpu_ns(), Instant::now());
    f();
    match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e9,
        _ => wall.elapsed().as_secs_f64(),
    }
}

fn main() {
    let text = corpus(8 * 1024 * 1024);
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let mut found = 0;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let secs = timed(|| found = black_box(loket_domain::pii::find(black_box(&text))).len());
        best = best.min(secs);
    }
    println!(
        "pii::find: {mb:.1} MB in {:.1} ms (best of 5, CPU time) = {:.0} MB/s, {found} findings",
        best * 1000.0,
        mb / best
    );
    // Message-sized calls, as ingestion makes them.
    let messages: Vec<&str> = MESSAGES.to_vec();
    let rounds = 20_000;
    let mut bytes = 0usize;
    let secs = timed(|| {
        for _ in 0..rounds {
            for m in &messages {
                bytes += m.len();
                black_box(loket_domain::pii::find(black_box(m)));
            }
        }
    });
    println!(
        "pii::find per message: {} messages, {:.0} MB/s, {:.2} µs per message",
        rounds * messages.len(),
        bytes as f64 / (1024.0 * 1024.0) / secs,
        secs * 1e6 / (rounds * messages.len()) as f64
    );
    ingest_masking();
}

/// What ingestion does per message of a webhook like `loket load`'s: mask the text (find)
/// and walk the stored raw message (every string: wa_id, wamid, timestamp, the text again).
fn ingest_masking() {
    use loket_domain::privacy::PrivacyPolicy;
    use loket_domain::privacy::masking::{mask_json, mask_text};
    let policy = PrivacyPolicy::default();
    let raws: Vec<serde_json::Value> = (0..MESSAGES.len())
        .map(|i| {
            serde_json::json!({
                "from": format!("316{:08}", 10_000_000 + i),
                "id": format!("wamid.HBgLMzE2MTAwMDAwNDIVAgASGBQzQTFBN0Y5QjE2{i:08}"),
                "timestamp": "1764150000",
                "type": "text",
                "text": {"body": MESSAGES[i]},
            })
        })
        .collect();
    let rounds = 5_000;
    let mut copies: Vec<serde_json::Value> = Vec::with_capacity(rounds * raws.len());
    for _ in 0..rounds {
        copies.extend(raws.iter().cloned());
    }
    let secs = timed(|| {
        for (i, raw) in copies.iter_mut().enumerate() {
            black_box(mask_text(black_box(MESSAGES[i % MESSAGES.len()]), &policy));
            black_box(mask_json(black_box(raw), &policy));
        }
    });
    println!(
        "ingestion's masking per message (text + raw message JSON): {:.2} µs, CPU time",
        secs * 1e6 / copies.len() as f64
    );
}
