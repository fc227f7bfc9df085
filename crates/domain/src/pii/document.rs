//! Dutch passport and identity card numbers: nine characters, two letters, six letters or
//! digits, one digit, never the letter O (`SPECI2014`). Without a word like "paspoort"
//! nearby, only upper-case numbers that mix letters and digits in the middle count, so
//! product codes such as "AB1234567" are left alone.

use super::PiiKind;
use super::scan::{Candidate, ascii_words, ends_word, last_label, starts_word};

const LABELS: &[&str] = &[
    "paspoort",
    "passport",
    "identiteit",
    "id-kaart",
    "idkaart",
    "id kaart",
    "id-bewijs",
    "idbewijs",
    "document",
    "docnr",
    "rijbewijs",
    "verblijfs",
    "id:",
    "id-nummer",
];
const WINDOW: usize = 40;

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    // One ASCII word at a time: a document number is exactly nine of its bytes.
    for word in ascii_words(bytes, |_| false) {
        let i = word.start;
        if word.len() == 9
            && bytes[i].is_ascii_alphabetic()
            && starts_word(text, i)
            && let Some(value) = number_at(text, i)
        {
            out.push(Candidate::new(PiiKind::DocumentNumber, value, word));
        }
    }
}

fn number_at(text: &str, i: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let token = &bytes[i..i + 9];
    let letter = |b: &u8| b.is_ascii_alphabetic() && !b.eq_ignore_ascii_case(&b'O');
    let shape = token[..2].iter().all(letter)
        && token[2..8].iter().all(|b| letter(b) || b.is_ascii_digit())
        && token[8].is_ascii_digit();
    if !shape || !ends_word(text, i + 9) {
        return None;
    }
    let upper = token.iter().all(|b| !b.is_ascii_lowercase());
    let middle = &token[2..8];
    let mixed = middle.iter().any(u8::is_ascii_digit) && middle.iter().any(u8::is_ascii_alphabetic);
    let labelled = || last_label(bytes, i, WINDOW, LABELS, false).is_some();
    ((upper && mixed) || labelled()).then(|| text[i..i + 9].to_ascii_uppercase())
}
