//! Unit tests of detection: every kind, normalisation, overlaps, ranges.

use super::*;

#[test]
fn a_valid_bsn_passes_the_eleven_test_and_a_changed_digit_fails_it() {
    assert!(is_valid_bsn("111222333"));
    assert!(is_valid_bsn("999990019"));
    assert!(!is_valid_bsn("111222334"));
    assert!(!is_valid_bsn("12345678"));
}

#[test]
fn bsns_are_found_in_running_text_with_or_without_separators() {
    let text = "Mijn BSN is 111222333 en van mijn zoon 999.990.019, klopt dat?";
    let found: Vec<&str> = find_bsns(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(found, vec!["111222333", "999.990.019"]);
}

#[test]
fn a_bsn_next_to_another_number_is_still_found() {
    for text in [
        "BSN's: 111222333 999990019",
        "kamer 3 111222333",
        "111222333 2 keer",
    ] {
        assert!(!find_bsns(text).is_empty(), "{text}");
    }
    assert_eq!(find_bsns("BSN's: 111222333 999990019").len(), 2);
}

#[test]
fn findings_report_code_point_ranges_and_masking_removes_every_digit() {
    let text = "Één vraag: BSN 111.222.333 graag";
    let findings = find(text);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].value, "111222333");
    let chars: Vec<char> = text.chars().collect();
    let found: String = chars[findings[0].start..findings[0].end].iter().collect();
    assert_eq!(found, "111.222.333");
    assert_eq!(
        mask(text, &findings, |_| true),
        "Één vraag: BSN [BSN] graag"
    );
    assert_eq!(mask(text, &findings, |_| false), text);
}

#[test]
fn longer_numbers_and_phone_numbers_are_not_taken_for_a_bsn() {
    assert!(find_bsns("bel 0612345678 of 31612345678").is_empty());
    assert!(find_bsns("order 1112223330").is_empty());
    assert!(find_bsns("code A111222333").is_empty());
}

/// `(kind, value)` of every finding.
fn found(text: &str) -> Vec<(&'static str, String)> {
    find(text)
        .into_iter()
        .map(|f| (f.kind.as_str(), f.value))
        .collect()
}

fn one(kind: &'static str, value: &str) -> Vec<(&'static str, String)> {
    vec![(kind, value.to_string())]
}

#[test]
fn ibans_of_every_country_are_found_with_or_without_spaces_and_in_lower_case() {
    for (text, value) in [
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("rekening NL91 ABNA 0417 1643 00.", "NL91ABNA0417164300"),
        ("iban: nl91abna0417164300", "NL91ABNA0417164300"),
        ("BE68 5390 0754 7034", "BE68539007547034"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"),
        ("NO93 8601 1117 947", "NO9386011117947"),
    ] {
        assert_eq!(found(text), one("iban", value), "{text}");
    }
}

#[test]
fn an_iban_with_a_wrong_check_digit_or_length_or_shape_is_not_one() {
    for text in [
        "NL92ABNA0417164300",
        "NL91ABNA041716430",
        "NL91ABNA04171643001",
        "NL56 3003 0A17 1643 00",
        "QQ93 1234 5678 9012",
        "XNL91ABNA0417164300",
    ] {
        assert!(find(text).iter().all(|f| f.kind != PiiKind::Iban), "{text}");
    }
    assert!(is_valid_iban("NL91ABNA0417164300"));
    assert!(!is_valid_iban("nl91abna0417164300"));
}

#[test]
fn an_iban_is_not_also_reported_as_the_bsn_or_phone_number_inside_it() {
    // The digits 0417164300 and groups in it must not surface as another kind.
    let text = "NL91 ABNA 0417 1643 00 graag";
    assert_eq!(found(text), one("iban", "NL91ABNA0417164300"));
}

#[test]
fn dutch_mobile_numbers_in_every_common_form_become_e164() {
    for text in [
        "0612345678",
        "06-12345678",
        "06 12345678",
        "06 12 34 56 78",
        "06-1234 5678",
        "(06)12345678",
        "(06)-1234 5678",
        "+31612345678",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "+31-6-12345678",
        "0031612345678",
        "0031 6 1234 5678",
    ] {
        let with_text = format!("Bel me op {text}, dank je");
        assert_eq!(found(&with_text), one("phone", "+31612345678"), "{text}");
    }
}

#[test]
fn dutch_landlines_and_service_numbers_become_e164() {
    for (text, value) in [
        ("030-5555555", "+31305555555"),
        ("(030) 555 5555", "+31305555555"),
        ("030 - 5555 555", "+31305555555"),
        ("0314-555555", "+31314555555"),
        ("(0517)555555", "+31517555555"),
        ("088 755 55 55", "+31887555555"),
        ("+31 20 123 4567", "+31201234567"),
        ("0800 5555", "+318005555"),
        ("0900-1234567", "+319001234567"),
    ] {
        assert_eq!(found(text), one("phone", value), "{text}");
    }
}

#[test]
fn numbers_that_only_look_like_phone_numbers_are_not_reported() {
    for text in [
        "1234567890",
        "06-12-2019",
        "06-12-2019 15",
        "0612345678901",
        "06123456",
        "code A0612345678",
        "ref 0612345678-2",
        "01-02-1990 12",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::Phone),
            "{text}"
        );
    }
}

#[test]
fn two_phone_numbers_separated_by_a_space_are_two_findings() {
    let values: Vec<String> = find("030 555 5555 0612345678")
        .into_iter()
        .map(|f| f.value)
        .collect();
    assert_eq!(values, vec!["+31305555555", "+31612345678"]);
}

#[test]
fn email_addresses_are_found_and_lower_cased() {
    for (text, value) in [
        (
            "Mail naar Poli.Opname@UMCUtrecht.nl.",
            "poli.opname@umcutrecht.nl",
        ),
        ("a.b.c.naam-12@umcutrecht.nl", "a.b.c.naam-12@umcutrecht.nl"),
        ("(henk+loket@example.co.uk)", "henk+loket@example.co.uk"),
    ] {
        assert_eq!(found(text), one("email", value), "{text}");
    }
    for text in [
        "@gemeente",
        "info@localhost",
        "a@b.c",
        "twitter @loket.nl",
        "x@.nl",
    ] {
        assert!(
            find(text).iter().all(|f| f.kind != PiiKind::Email),
            "{text}"
        );
    }
}

#[test]
fn an_email_address_wins_over_the_numbers_inside_it() {
    assert_eq!(
        found("111222333@example.nl"),
        one("email", "111222333@example.nl")
    );
}

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
