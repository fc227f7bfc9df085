//! Detection and masking on any text: no panic, findings well formed, and after masking
//! every kind no found value is readable or found again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loket_domain::pii::{find, mask};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let findings = find(text);
    let len = text.chars().count();
    let mut previous_end = 0;
    for f in &findings {
        assert!(f.start >= previous_end && f.start < f.end && f.end <= len);
        previous_end = f.end;
    }
    let masked = mask(text, &findings, |_| true);
    let again = find(&masked);
    for f in &findings {
        assert!(!masked.contains(&f.value), "{:?} readable", f.value);
        assert!(!again.iter().any(|g| g.value == f.value), "{:?} found again", f.value);
    }
});
