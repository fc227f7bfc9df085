//! Detection of personal data in free text. Pure and fast: it runs inside ingestion.

mod birth_date;
mod bsn;
mod document;
mod email;
mod iban;
mod phone;
mod plate;
mod postcode;
mod resolve;
mod scan;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_context;

pub use bsn::{find_bsns, is_valid_bsn};
pub use iban::is_valid_iban;

use scan::Candidate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Bsn,
    Iban,
    Phone,
    Email,
    Postcode,
    DateOfBirth,
    DocumentNumber,
    LicencePlate,
}

impl PiiKind {
    pub const ALL: [PiiKind; 8] = [
        PiiKind::Bsn,
        PiiKind::Iban,
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::Postcode,
        PiiKind::DateOfBirth,
        PiiKind::DocumentNumber,
        PiiKind::LicencePlate,
    ];

    /// The wire name (`bsn`, `date_of_birth`, …), as in the API and the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Bsn => "bsn",
            PiiKind::Iban => "iban",
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::Postcode => "postcode",
            PiiKind::DateOfBirth => "date_of_birth",
            PiiKind::DocumentNumber => "document_number",
            PiiKind::LicencePlate => "licence_plate",
        }
    }

    /// What replaces a masked value in stored text: the kind, never any of its characters.
    pub fn mask_token(self) -> &'static str {
        match self {
            PiiKind::Bsn => "[BSN]",
            PiiKind::Iban => "[IBAN]",
            PiiKind::Phone => "[TELEFOONNUMMER]",
            PiiKind::Email => "[E-MAILADRES]",
            PiiKind::Postcode => "[ADRES]",
            PiiKind::DateOfBirth => "[GEBOORTEDATUM]",
            PiiKind::DocumentNumber => "[DOCUMENTNUMMER]",
            PiiKind::LicencePlate => "[KENTEKEN]",
        }
    }
}

/// One piece of personal data in a text: its kind, its normalised value (`bsn`: 9 digits;
/// `iban`: upper case without spaces; `phone`: E.164; …) and its range in Unicode code
/// points, `end` exclusive (as the API reports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: PiiKind,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Every piece of personal data in `text`, in order, without overlaps. Where two would
/// overlap, the one that holds the other wins (an IBAN holds digits that may pass the
/// eleven-test); otherwise the more specific kind wins (a BSN is not also a phone number).
/// A value found once is found wherever it recurs in the same text, even where its
/// context alone would not have been enough, so masking never leaves a copy readable.
pub fn find(text: &str) -> Vec<Finding> {
    // Benchmark builds only (`scripts/bench.sh` with DETECTION=compare): a binary that finds
    // nothing, to measure what detection costs ingestion. Never in a normal build.
    if cfg!(feature = "bench-without-detection") {
        return Vec::new();
    }
    // Every kind but e-mail holds a digit, and e-mail an "@": most messages hold neither.
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b'@') {
        return Vec::new();
    }
    let (found, mut glued) = candidates(text);
    let mut chosen = resolve::overlaps(found);
    if chosen.is_empty() {
        return Vec::new();
    }
    chosen = resolve::recurrences(text, chosen, glued.clone());
    // Masking puts a token where a finding stood, and a number that was glued to it may
    // now stand alone: read the text again as it will be masked, and take what appears.
    for _ in 0..AGAIN {
        let masked = resolve::Masked::new(text, &chosen);
        let (more, more_glued) = candidates(&masked.text);
        let more: Vec<Candidate> = resolve::overlaps(more)
            .into_iter()
            .filter_map(|c| masked.place(c))
            .collect();
        if more.is_empty() {
            break;
        }
        glued.extend(more_glued.into_iter().filter_map(|c| masked.place(c)));
        chosen.extend(more);
        chosen.sort_by_key(|c| c.range.start);
        chosen = resolve::recurrences(text, chosen, glued.clone());
    }
    resolve::to_code_points(text, chosen)
}

/// How often [`find`] reads the text again as masked (each time only where it found more).
const AGAIN: usize = 2;

/// Every candidate in `text` and the numbers glued to a code (see `phone::find`).
fn candidates(text: &str) -> (Vec<Candidate>, Vec<Candidate>) {
    let mut candidates = Vec::new();
    let mut glued = Vec::new();
    iban::find(text, &mut candidates);
    email::find(text, &mut candidates);
    bsn::find(text, &mut candidates);
    phone::find(text, &mut candidates, &mut glued);
    birth_date::find(text, &mut candidates);
    document::find(text, &mut candidates);
    plate::find(text, &mut candidates);
    postcode::find(text, &mut candidates);
    (candidates, glued)
}

/// `text` with every finding for which `masked(kind)` holds replaced by its kind's token.
/// `findings` must come from [`find`] on this same text (ordered, code-point ranges).
pub fn mask(text: &str, findings: &[Finding], masked: impl Fn(PiiKind) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().enumerate().peekable();
    for finding in findings.iter().filter(|f| masked(f.kind)) {
        while let Some((_, c)) = chars.next_if(|(i, _)| *i < finding.start) {
            out.push(c);
        }
        while chars.next_if(|(i, _)| *i < finding.end).is_some() {}
        out.push_str(finding.kind.mask_token());
    }
    out.extend(chars.map(|(_, c)| c));
    out
}

/// The kinds of personal data found in `text`, each once.
pub fn detect(text: &str) -> Vec<PiiKind> {
    let mut kinds: Vec<PiiKind> = find(text).into_iter().map(|f| f.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    kinds
}
