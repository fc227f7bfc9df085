//! No webhook body makes parsing panic: random bytes, fixtures cut short, and fixtures with
//! one value anywhere in the tree replaced by another JSON value of any type.

use loket_channels::whatsapp::parse_webhook;
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Variant, all_variants};

/// The fixtures, read once for all cases.
fn variants() -> &'static [Variant] {
    static VARIANTS: std::sync::OnceLock<Vec<Variant>> = std::sync::OnceLock::new();
    VARIANTS.get_or_init(all_variants)
}

/// JSON pointers to every node of `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        Just(Value::String("9".repeat(400))),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_make_webhook_parsing_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_webhook(&body);
    }

    #[test]
    fn a_fixture_cut_short_never_makes_webhook_parsing_panic(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let variants = variants();
        let body = &variants[pick.index(variants.len())].body;
        let _ = parse_webhook(&body[..cut.index(body.len() + 1)]);
    }

    #[test]
    fn a_fixture_with_any_value_replaced_never_makes_webhook_parsing_panic(
        pick in any::<prop::sample::Index>(),
        node in any::<prop::sample::Index>(),
        replacement in any_json(),
    ) {
        let variants = variants();
        let mut envelope = variants[pick.index(variants.len())].envelope.clone();
        let mut all = Vec::new();
        pointers(&envelope, String::new(), &mut all);
        let pointer = &all[node.index(all.len())];
        match envelope.pointer_mut(pointer) {
            Some(slot) => *slot = replacement,
            None => envelope = replacement,
        }
        let body = serde_json::to_vec(&envelope).expect("serialisable");
        let _ = parse_webhook(&body);
    }
}
