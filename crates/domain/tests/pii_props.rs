//! Property tests of detection and masking: no input panics, and masking never leaves a
//! detected value readable.

use loket_domain::pii::{Finding, find, mask};
use proptest::prelude::*;

/// Pieces residents' messages are made of: personal data in many writings, numbers that
/// are not personal data, words, punctuation, and characters outside ASCII.
fn piece() -> impl Strategy<Value = String> {
    let samples = prop::sample::select(vec![
        "111222333",
        "111.222.333",
        "999 990 019",
        "123456782",
        "ordernummer",
        "BSN",
        "bsn:",
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "06-12345678",
        "0612345678",
        "+31 6 12345678",
        "(030) 555 5555",
        "0031 20 1234567",
        "jan@example.nl",
        "Jan.Jansen@Example.NL",
        "1234 AB",
        "1234AB 12a",
        "1234 AB, 7-2",
        "geboren op",
        "12-05-1980",
        "1980-05-12",
        "12 mei 1980",
        "geb.",
        "SPECI2014",
        "paspoort",
        "XR12AB345",
        "AB-12-CD",
        "kenteken",
        "12abc3",
        "€",
        "euro",
        ",-",
        "de",
        "en",
        "woon",
        "op",
        "bel",
        "mail",
        "\n",
        " ",
        " ",
        ", ",
        ".",
        "-",
        "(",
        ")",
        "é",
        "📱",
        "Ĳ",
        "\u{a0}",
        "@",
        "+",
        "0",
        "9",
        "O",
    ])
    .prop_map(str::to_string);
    prop_oneof![4 => samples, 1 => ".{0,6}", 1 => "[0-9 .-]{1,12}", 1 => "[A-Za-z0-9]{1,10}"]
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|pieces| pieces.concat())
}

fn well_formed(text: &str, findings: &[Finding]) {
    let len = text.chars().count();
    let mut previous_end = 0;
    for f in findings {
        assert!(f.start < f.end && f.end <= len, "{f:?} in {text:?}");
        assert!(f.start >= previous_end, "overlap at {f:?} in {text:?}");
        previous_end = f.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_text_makes_find_or_mask_panic(text in any::<String>()) {
        let findings = find(&text);
        well_formed(&text, &findings);
        let _ = mask(&text, &findings, |_| true);
    }

    #[test]
    fn no_message_of_personal_data_pieces_makes_find_or_mask_panic(text in message()) {
        let findings = find(&text);
        well_formed(&text, &findings);
        let _ = mask(&text, &findings, |_| false);
    }

    #[test]
    fn after_masking_every_kind_no_found_value_is_readable_or_found_again(text in message()) {
        let findings = find(&text);
        let masked = mask(&text, &findings, |_| true);
        let again = find(&masked);
        for f in &findings {
            prop_assert!(!masked.contains(&f.value), "{:?} still in {:?}", f.value, masked);
            prop_assert!(
                !again.iter().any(|g| g.value == f.value),
                "{:?} found again in {:?}", f.value, masked
            );
        }
    }
}
