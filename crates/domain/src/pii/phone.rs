//! Dutch phone numbers, mobile and landline: `06-12345678`, `(030) 555 5555`,
//! `+31 6 12345678`, `0031 (0)20 1234567`, `0800 1234`. Normalised to E.164 (`+316…`).

use super::PiiKind;
use super::scan::{Candidate, starts_word};

/// Service numbers that are shorter or longer than the ten digits of other numbers.
const SERVICE: &[&[u8]] = &[b"0800", b"0900", b"0906", b"0909"];

/// Numbers go to `out`; numbers glued to a code (`06-12345678.5`) to `glued`: not personal
/// data on their own, but a number found elsewhere in the text is masked there too.
pub(super) fn find(text: &str, out: &mut Vec<Candidate>, glued: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A "+" or "(" starts a number even right after a word ("…300+31 6 12345678"), so
        // that masking what stood before it cannot make it appear.
        let trigger = matches!(b, b'+' | b'(') || (b == b'0' && starts_word(text, i));
        if trigger
            && (i == 0 || !matches!(bytes[i - 1], b'+' | b'-' | b'.' | b'/' | b'('))
            && let Some(number) = phone_at(bytes, i, true)
        {
            let found = Candidate::new(PiiKind::Phone, number.value, number.start..number.end);
            if number.glued {
                glued.push(found);
                i += 1;
            } else {
                out.push(found);
                i = number.end;
            }
        } else {
            i += 1;
        }
    }
}

/// The number starting at `i`: its range (without an unmatched parenthesis) and E.164 form.
/// With `look_ahead`, a number glued to the digits after it still counts when those digits
/// are a number of their own (`06-12345678.06-87654321`).
fn phone_at(bytes: &[u8], i: usize, look_ahead: bool) -> Option<Number> {
    let mut p = i;
    let open = bytes[p] == b'(';
    p += usize::from(open);
    let international = if bytes[p..].starts_with(b"+31") {
        p += 3;
        true
    } else if bytes[p..].starts_with(b"0031") {
        p += 4;
        true
    } else {
        false
    };
    let mut closed = !open;
    if international {
        if open {
            if bytes.get(p) != Some(&b')') {
                return None;
            }
            p += 1;
            closed = true;
        }
        p = skip_separator(bytes, p);
        if bytes[p..].starts_with(b"(0)") {
            p = skip_separator(bytes, p + 3);
        }
        if !matches!(bytes.get(p), Some(b'1'..=b'9')) {
            return None;
        }
    } else if bytes.get(p) != Some(&b'0') {
        return None;
    }
    let digits = collect(bytes, p, &mut closed, international, look_ahead)?;
    let start = if open && !closed { i + 1 } else { i };
    let national = if international {
        let mut n = vec![b'0'];
        n.extend_from_slice(&digits.digits);
        n
    } else {
        digits.digits.clone()
    };
    if !international && !plausible_grouping(&digits) {
        return None;
    }
    let service = SERVICE.iter().any(|s| national.starts_with(s));
    let ok = (national.len() == 10 && national[1] != b'0')
        || (service && matches!(national.len(), 8 | 11));
    if !ok {
        return None;
    }
    let mut value = String::from("+31");
    value.extend(national[1..].iter().map(|&b| char::from(b)));
    Some(Number {
        start,
        end: digits.end,
        value,
        glued: digits.glued,
    })
}

/// A number's range, its E.164 form, and whether it is glued to a code after it.
struct Number {
    start: usize,
    end: usize,
    value: String,
    glued: bool,
}

/// The digits of a number written in groups, and how they were grouped.
struct Digits {
    digits: Vec<u8>,
    groups: Vec<usize>,
    separators: Vec<u8>,
    end: usize,
    glued: bool,
}

/// Digit groups from `p` on, joined by a short separator (space, dash, dot, a closing
/// parenthesis), up to the eleven digits of the longest service number.
fn collect(
    bytes: &[u8],
    mut p: usize,
    closed: &mut bool,
    international: bool,
    look_ahead: bool,
) -> Option<Digits> {
    let mut d = Digits {
        digits: Vec::with_capacity(11),
        groups: Vec::new(),
        separators: Vec::new(),
        end: p,
        glued: false,
    };
    let max = if international { 10 } else { 11 };
    loop {
        let start = p;
        while p < bytes.len() && bytes[p].is_ascii_digit() && d.digits.len() < max + 1 {
            d.digits.push(bytes[p]);
            p += 1;
        }
        if p == start {
            break;
        }
        d.groups.push(p - start);
        d.end = p;
        let full = d.digits.len() >= if international { 9 } else { 10 };
        if d.digits.len() > max {
            return None;
        }
        let mut q = p;
        if !*closed && bytes.get(q) == Some(&b')') {
            q += 1;
        }
        let r = skip_separator(bytes, q);
        let next_digit = bytes.get(r).is_some_and(u8::is_ascii_digit);
        if !next_digit || r == p && q == p {
            break;
        }
        if full && bytes[p..r].contains(&b' ') {
            // A list of numbers separated by spaces: this one is complete.
            break;
        }
        let next_run = bytes[r..].iter().take_while(|b| b.is_ascii_digit()).count();
        if full && d.digits.len() + next_run > max {
            // Too long to be one number: this one ends here (whether what follows is a
            // number of its own or glues it into a code is for the caller to judge).
            break;
        }
        if q > p {
            *closed = true;
        }
        d.separators.push(
            bytes[p..r]
                .iter()
                .copied()
                .find(|b| *b != b' ')
                .unwrap_or(b' '),
        );
        p = r;
    }
    let after = bytes.get(d.end);
    if after.is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    // "06-12345678-9" or "0612345678.5": part of a longer code. But two numbers joined by a
    // mark are two numbers: were the second one masked, the first would stand alone, and
    // masking must never make a number appear. (No look-ahead from the look-ahead: linear.)
    d.glued = matches!(after, Some(b'-' | b'.' | b'/' | b':'))
        && bytes.get(d.end + 1).is_some_and(u8::is_ascii_digit)
        && !(look_ahead && phone_at(bytes, d.end + 1, false).is_some_and(|n| !n.glued));
    Some(d)
}

/// At most three characters of spaces with one dash, dot or slash among them.
fn skip_separator(bytes: &[u8], mut p: usize) -> usize {
    let mut marks = 0;
    let start = p;
    while p < bytes.len() && p - start < 3 {
        match bytes[p] {
            b' ' => {}
            b'-' | b'.' | b'/' if marks == 0 => marks += 1,
            _ => break,
        }
        p += 1;
    }
    p
}

/// Area codes are written with their own digits: a first group of two digits is `06`,
/// and three groups like a date (`06-12-2019`) are a date, not a number.
fn plausible_grouping(d: &Digits) -> bool {
    let first = d.groups[0];
    if first == 1 || (first == 2 && d.digits[1] != b'6') {
        return false;
    }
    let date_like = d.groups.len() >= 3
        && d.groups[0] <= 2
        && d.groups[1] <= 2
        && matches!(d.groups[2], 2 | 4)
        && d.separators[0] == d.separators[1]
        && d.separators[0] != b' ';
    !date_like
}
