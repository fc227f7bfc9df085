//! Dates of birth: a date counts only where the words around it say it is one ("geboren
//! op 12-05-1980", "geb. 12 mei 1980", "12-05-1980 geboren"); a date on its own is not
//! personal data of this kind. Normalised to ISO `YYYY-MM-DD`. Years have four digits.

use super::PiiKind;
use super::scan::{
    Candidate, digits_at, label_after, last_label, newline_between, number, starts_word, word_end,
};

/// Words before a date that make it a date of birth (prefixes of words).
const BEFORE: &[&str] = &[
    "geboren", "geboorte", "geb.", "geb:", "gebdat", "born", "birth", "dob", "d.o.b",
];
/// The same for a word after the date ("ik ben 12-05-1980 geboren").
const AFTER: &[&str] = &["geboren", "born"];
/// "geb" alone must be a whole word (not "gebruik").
const BEFORE_WHOLE: &[&str] = &["geb"];

const WINDOW_BEFORE: usize = 32;
const WINDOW_AFTER: usize = 12;

const MONTHS: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("maart", 3),
    ("march", 3),
    ("mrt", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("augustus", 8),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit()
            && starts_word(text, i)
            && let Some((end, value)) = date_at(text, i)
        {
            if has_context(bytes, i, end) {
                out.push(Candidate::new(PiiKind::DateOfBirth, value, i..end));
            }
            i = end;
        } else if bytes[i].is_ascii_alphanumeric() {
            i = word_end(bytes, i);
        } else {
            i += 1;
        }
    }
}

fn has_context(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = last_label(bytes, start, WINDOW_BEFORE, BEFORE, false)
        .or_else(|| last_label(bytes, start, WINDOW_BEFORE, BEFORE_WHOLE, true));
    before.is_some_and(|at| !newline_between(bytes, at, start))
        || label_after(bytes, end, WINDOW_AFTER, AFTER)
}

/// A valid date written at `i`: `12-05-1980`, `12/5/1980`, `12.05.1980`, `1980-05-12`,
/// `12 mei 1980`, `12-mei-1980`. Its end and ISO form.
fn date_at(text: &str, i: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let first = digits_at(bytes, i);
    let (year, month, day, end) = match first {
        4 => match numeric_tail(bytes, i + 4)? {
            (m, d, 1 | 2, end) => (number(&bytes[i..i + 4]), m, d, end),
            _ => return None,
        },
        1 | 2 => {
            let day = number(&bytes[i..i + first]);
            match numeric_tail(bytes, i + first) {
                Some((m, y, 4, end)) => (y, m, day, end),
                Some(_) => return None,
                None => {
                    let (m, y, end) = month_name_tail(bytes, i + first)?;
                    (y, m, day, end)
                }
            }
        }
        _ => return None,
    };
    if !super::scan::ends_word(text, end) || !valid(year, month, day) {
        return None;
    }
    Some((end, format!("{year:04}-{month:02}-{day:02}")))
}

/// `-05-1980` after the first number: the two numbers, the digits of the last and the
/// end. Both separators are the same (`-`, `/`, `.`).
fn numeric_tail(bytes: &[u8], p: usize) -> Option<(u32, u32, usize, usize)> {
    let sep = *bytes.get(p)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let a = digits_at(bytes, p + 1);
    if !(1..=2).contains(&a) || bytes.get(p + 1 + a) != Some(&sep) {
        return None;
    }
    let q = p + 1 + a + 1;
    let b = digits_at(bytes, q);
    if !matches!(b, 1 | 2 | 4) {
        return None;
    }
    Some((
        number(&bytes[p + 1..p + 1 + a]),
        number(&bytes[q..q + b]),
        b,
        q + b,
    ))
}

/// ` mei 1980`, `-mei-1980`, ` mei. 1980` after the day: month, year, end.
fn month_name_tail(bytes: &[u8], p: usize) -> Option<(u32, u32, usize)> {
    let mut q = p;
    if matches!(bytes.get(q), Some(b' ' | b'-' | b'.')) {
        q += 1;
    } else {
        return None;
    }
    let word = bytes[q..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let name = &bytes[q..q + word];
    let month = MONTHS
        .iter()
        .find(|(m, _)| name.eq_ignore_ascii_case(m.as_bytes()))?
        .1;
    q += word;
    if bytes.get(q) == Some(&b'.') {
        q += 1;
    }
    if !matches!(bytes.get(q), Some(b' ' | b'-')) {
        return None;
    }
    q += 1;
    if digits_at(bytes, q) != 4 {
        return None;
    }
    Some((month, number(&bytes[q..q + 4]), q + 4))
}

fn valid(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&year) && (1..=days).contains(&day)
}
