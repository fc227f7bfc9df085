//! E-mail addresses: `local@domain.tld`, normalised to lower case.

use super::PiiKind;
use super::scan::Candidate;

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut floor = 0;
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|&b| b == b'@') {
        let k = at + k;
        at = k + 1;
        if let Some(range) = address_around(bytes, k, floor) {
            floor = range.end;
            at = range.end;
            let value = text[range.clone()].to_ascii_lowercase();
            out.push(Candidate::new(PiiKind::Email, value, range));
        }
    }
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// The address whose `@` is at `k`, not reaching back before `floor`.
fn address_around(bytes: &[u8], k: usize, floor: usize) -> Option<std::ops::Range<usize>> {
    let mut start = k;
    while start > floor && is_local(bytes[start - 1]) {
        start -= 1;
    }
    while start < k && matches!(bytes[start], b'.' | b'-' | b'+') {
        start += 1;
    }
    if start == k || bytes[k - 1] == b'.' {
        return None;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        return None;
    }
    let mut end = k + 1;
    while end < bytes.len() && is_domain(bytes[end]) {
        end += 1;
    }
    while end > k + 1 && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &bytes[k + 1..end];
    let labels: Vec<&[u8]> = domain.split(|b| *b == b'.').collect();
    let tld = labels.last()?;
    let ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l[0] != b'-')
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic)
        && bytes.get(end).is_none_or(|b| b.is_ascii() && *b != b'@');
    ok.then_some(start..end)
}
