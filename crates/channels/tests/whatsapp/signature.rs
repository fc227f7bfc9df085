//! The third-party signature vector: HMAC over the exact escaped bytes Meta sends.

use loket_channels::whatsapp::signature;
use serde_json::Value;

use crate::support::fixture_dir;

fn vector() -> Value {
    let bytes = std::fs::read(fixture_dir().join("webhook_signature_vector.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The vector's `app_secret` is `"YOUR_APP_SECRET (placeholder from the test)"`: the
/// secret itself is the placeholder before the parenthetical.
const APP_SECRET: &[u8] = b"YOUR_APP_SECRET";

#[test]
fn the_vector_verifies_over_the_escaped_body_bytes() {
    let v = vector();
    assert!(
        v["app_secret"]
            .as_str()
            .unwrap()
            .starts_with("YOUR_APP_SECRET ")
    );
    let body = v["body_signed_bytes"].as_str().unwrap();
    assert!(
        body.contains("\\u307f"),
        "the signed body keeps its \\u escapes"
    );
    let header = v["x_hub_signature_256"].as_str().unwrap();
    assert!(signature::verify(APP_SECRET, body.as_bytes(), header));
    assert_eq!(signature::sign(APP_SECRET, body.as_bytes()), header);
}

#[test]
fn the_vector_fails_over_the_decoded_utf8_text() {
    let v = vector();
    let decoded = v["body_as_in_test"].as_str().unwrap();
    assert!(decoded.contains("みどりいろ"));
    let header = v["x_hub_signature_256"].as_str().unwrap();
    assert!(!signature::verify(APP_SECRET, decoded.as_bytes(), header));
}

#[test]
fn the_vector_fails_with_the_literal_app_secret_field() {
    let v = vector();
    let literal = v["app_secret"].as_str().unwrap();
    let body = v["body_signed_bytes"].as_str().unwrap();
    let header = v["x_hub_signature_256"].as_str().unwrap();
    assert!(!signature::verify(
        literal.as_bytes(),
        body.as_bytes(),
        header
    ));
}
