//! Unit tests of detection: the kinds that depend on shape and context (postcode, date of
//! birth, document number, licence plate), BSN context, recurrences, overlaps and ranges.

use super::tests::{found, one};
use super::*;

#[test]
fn postcodes_are_found_with_the_house_number_that_follows() {
    for (text, value) in [
        ("1234 AB", "1234AB"),
        ("1234AB", "1234AB"),
        ("1234ab", "1234AB"),
        ("Ik woon op 1234 AB 12a in Utrecht", "1234AB 12A"),
        ("1234AB, 12", "1234AB 12"),
        ("1234 AB 12-A", "1234AB 12A"),
        ("1234 AB 7-2", "1234AB 7-2"),
        ("1234 AB Utrecht", "1234AB"),
    ] {
        assert_eq!(found(text), one("postcode", value), "{text}");
    }
}

#[test]
fn a_postcode_whose_house_number_belongs_to_an_email_address_is_still_found() {
    // Found by the property test: the e-mail address won the house number and the
    // postcode with it, which appeared only once the address was masked.
    let text = "1234 AB, 7@example.nl";
    let kinds: Vec<(&str, String)> = find(text)
        .into_iter()
        .map(|f| (f.kind.as_str(), f.value))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("postcode", "1234AB".to_string()),
            ("email", "7@example.nl".to_string())
        ]
    );
}

#[test]
fn masking_never_lets_a_value_appear_that_was_hidden_beside_a_finding() {
    // Cases the property test found: each time the text masked read differently from the
    // text itself (a glued copy, a context word brought within reach), so `find` reads the
    // text again as it will be masked.
    for text in [
        "NL91 ABNA 0417 1643 00éNL91ABNA0417164300nl91abna0417164300\n",
        "06-12345678-0NL91ABNA0417164300€NL91ABNA0417164300+31 6 12345678",
        "geb.1980-05-12 NL91ABNA0417164300€12-05-1980",
        "111.222.333Ĳ111.222.333111222333",
    ] {
        let findings = find(text);
        let masked = mask(text, &findings, |_| true);
        let again = find(&masked);
        assert!(again.is_empty(), "{text:?} → {masked:?}: {again:?}");
    }
}

#[test]
fn words_after_a_number_are_not_a_postcode() {
    for text in [
        "in 2020 en 2021",
        "1500 de mensen",
        "0123 AB",
        "1234 SS",
        "12345 AB",
        "1234 ABC",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::Postcode),
            "{text}"
        );
    }
}

#[test]
fn a_date_is_a_date_of_birth_only_where_the_context_says_so() {
    for (text, value) in [
        ("geboren op 12-05-1980", "1980-05-12"),
        ("Geboortedatum: 1-2-1975", "1975-02-01"),
        ("geb. 12 mei 1980", "1980-05-12"),
        ("geb 3/4/2001", "2001-04-03"),
        ("ik ben 12.05.1980 geboren", "1980-05-12"),
        ("date of birth 1980-05-12", "1980-05-12"),
        ("Geboren: 29 februari 2000", "2000-02-29"),
        ("geboren 7-sep-1999", "1999-09-07"),
    ] {
        assert_eq!(found(text), one("date_of_birth", value), "{text}");
    }
    for text in [
        "afspraak op 12-05-2024",
        "12 mei 1980",
        "geboren op 31-02-1980",
        "geboren op 12-13-1980",
        "dat gebruik ik sinds 12-05-1980",
        "geboren in Utrecht\nafspraak 12-05-2024",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::DateOfBirth),
            "{text}"
        );
    }
}

#[test]
fn document_numbers_are_found_by_shape_or_by_context() {
    assert_eq!(found("SPECI2014"), one("document_number", "SPECI2014"));
    assert_eq!(
        found("mijn paspoort: XR12AB345"),
        one("document_number", "XR12AB345")
    );
    assert_eq!(
        found("paspoortnummer nx1234567"),
        one("document_number", "NX1234567")
    );
    assert_eq!(
        found("Identiteitskaart IR1234567"),
        one("document_number", "IR1234567")
    );
    for text in [
        "artikel AB1234567",
        "SPECIO2014",
        "AB12CD34E",
        "speci2014",
        "ABCDEFGH1",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::DocumentNumber),
            "{text}"
        );
    }
}

#[test]
fn licence_plates_of_every_sidecode_are_found_with_dashes() {
    for plate in [
        "AB-12-34", "12-34-AB", "12-AB-34", "AB-12-CD", "AB-CD-12", "12-AB-CD", "12-ABC-3",
        "1-ABC-23", "AB-123-C", "A-123-BC", "ABC-12-D", "A-12-BCD", "1-AB-234", "123-AB-4",
    ] {
        let text = format!("auto met {plate} stond er");
        assert_eq!(found(&text), one("licence_plate", plate), "{plate}");
    }
}

#[test]
fn plates_without_dashes_or_in_lower_case_need_a_word_like_kenteken() {
    assert_eq!(found("kenteken 12ABC3"), one("licence_plate", "12ABC3"));
    assert_eq!(
        found("kenteken: ab-12-cd"),
        one("licence_plate", "AB-12-CD")
    );
    for text in [
        "code 12ABC3",
        "ab-12-cd",
        "12-34-56",
        "AB-12-34-56",
        "ABC123",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::LicencePlate),
            "{text}"
        );
    }
}

#[test]
fn order_numbers_customer_numbers_and_amounts_are_not_taken_for_a_bsn() {
    // 123456782 passes the eleven-test.
    assert!(is_valid_bsn("123456782"));
    for text in [
        "ordernummer 123456782",
        "Mijn klantnummer is 123456782",
        "factuur 123456782 betaald",
        "€ 123.456.782",
        "€123456782",
        "123.456.782,- euro",
        "123456782 euro",
        "kenmerk: 123 456 782",
    ] {
        assert!(find(text).iter().all(|f| f.kind != PiiKind::Bsn), "{text}");
    }
    assert_eq!(found("123456782"), one("bsn", "123456782"));
    assert_eq!(
        found("ordernummer 5, mijn BSN is 123456782"),
        one("bsn", "123456782")
    );
}

#[test]
fn a_value_found_once_is_found_wherever_it_recurs() {
    let text = "BSN 111222333. Ordernummer 111222333? Nee, 111.222.333 is mijn BSN";
    let findings = find(text);
    assert_eq!(findings.len(), 3);
    assert!(findings.iter().all(|f| f.value == "111222333"));
    let masked = mask(text, &findings, |_| true);
    assert!(!masked.contains("111"), "{masked}");
}

#[test]
fn ranges_are_code_points_and_masking_keeps_the_rest_of_the_text() {
    let text = "Ça va? 📱 06-12345678 of é@x.nl, postcode 1234 AB 5";
    let findings = find(text);
    let chars: Vec<char> = text.chars().collect();
    let written: Vec<String> = findings
        .iter()
        .map(|f| chars[f.start..f.end].iter().collect())
        .collect();
    assert_eq!(written, vec!["06-12345678", "1234 AB 5"]);
    assert_eq!(
        mask(text, &findings, |k| k == PiiKind::Phone),
        "Ça va? 📱 [TELEFOONNUMMER] of é@x.nl, postcode 1234 AB 5"
    );
}

#[test]
fn every_kind_in_one_message_is_found_in_order() {
    let text = "Ik ben Jan, geboren op 1-2-1980, BSN 111222333, IBAN NL91ABNA0417164300, \
                bel 06-12345678 of mail jan@example.nl. Adres 1234 AB 5. \
                Paspoort SPECI2014, kenteken AB-12-CD.";
    let kinds: Vec<&str> = find(text).iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "date_of_birth",
            "bsn",
            "iban",
            "phone",
            "email",
            "postcode",
            "document_number",
            "licence_plate"
        ]
    );
    assert_eq!(detect(text).len(), 8);
}

#[test]
fn empty_and_huge_texts_are_handled() {
    assert!(find("").is_empty());
    let huge = "woord 12 ".repeat(100_000);
    assert!(find(&huge).is_empty());
    let many = "111222333 ".repeat(10_000);
    assert_eq!(find(&many).len(), 10_000);
}
