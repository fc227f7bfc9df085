//! Property: whatever the store writes into a JSON column reads back — every inbound event
//! and every content variant, with hostile values (deep nesting, huge and empty strings,
//! any unicode, control characters, extreme times and numbers).

use loket_domain::Timestamp;
use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::delivery::{DeliveryStatus, ProviderError};
use loket_domain::inbound::{
    AddressedEvent, InboundEvent, InboundMessage, StatusUpdate, TemplateStatusUpdate,
};
use loket_domain::message::*;
use loket_domain::outbound::*;
use proptest::prelude::*;
use serde_json::Value;

use crate::encoding::{WRITE_MAX_DEPTH, decode, encode, text_depth};

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        1 => Just(String::new()),
        1 => "[\\x00-\\x1f\\x7f\"\\\\]{0,16}",
        1 => (0usize..200_000).prop_map(|n| "é".repeat(n)),
        1 => Just("\u{feff}\u{202e}\u{1f600}\u{10ffff}".to_owned()),
    ]
}

fn opt_string() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(hostile_string())
}

/// Decimal numbers print and parse back exactly (arbitrary binary floats need not).
fn finite_f64() -> impl Strategy<Value = f64> {
    (-1_000_000_000i64..1_000_000_000).prop_map(|n| n as f64 / 1000.0)
}

/// A chain of arrays and objects, `levels` deep, around a scalar.
fn deep_json() -> impl Strategy<Value = Value> {
    (1usize..400, any::<bool>()).prop_map(|(levels, arrays)| {
        let mut v = Value::from(1);
        for _ in 0..levels {
            v = if arrays {
                Value::Array(vec![v])
            } else {
                serde_json::json!({ "a": v })
            };
        }
        v
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        hostile_string().prop_map(Value::from),
    ];
    let tree = leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(hostile_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![4 => tree, 1 => deep_json()]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    let (min, max) = (Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    (min + 1..max, 0i32..1_000_000_000)
        .prop_map(|(s, ns)| Timestamp::new(s, ns).unwrap_or(Timestamp::UNIX_EPOCH))
}

fn media() -> impl Strategy<Value = Media> {
    let kind = prop_oneof![
        Just(MediaKind::Image),
        Just(MediaKind::Video),
        Just(MediaKind::Audio),
        Just(MediaKind::Document),
        Just(MediaKind::Sticker),
    ];
    (
        kind,
        hostile_string(),
        opt_string(),
        opt_string(),
        any::<(bool, bool)>(),
    )
        .prop_map(|(kind, id, mime, caption, (voice, animated))| Media {
            kind,
            provider_media_id: id,
            mime_type: mime,
            sha256: None,
            caption: caption.clone(),
            filename: caption,
            voice,
            animated,
        })
}

fn outbound_content() -> impl Strategy<Value = Content> {
    prop_oneof![
        (
            hostile_string(),
            hostile_string(),
            proptest::collection::vec(hostile_string(), 0..4)
        )
            .prop_map(
                |(name, language, params)| Content::Template(TemplateMessage {
                    name,
                    language,
                    rendered: Some(loket_domain::outbound::RenderedTemplate {
                        header: params.first().cloned(),
                        body: params.join(" "),
                        footer: params.last().cloned(),
                        buttons: params.clone(),
                    }),
                    parameters: TemplateParams::Positional(params),
                    header_media: None,
                    buttons: vec![TemplateButtonParam {
                        index: 0,
                        kind: TemplateButtonKind::Url,
                        value: "x".into(),
                    }],
                })
            ),
        (opt_string(), hostile_string(), hostile_string()).prop_map(|(header, body, id)| {
            Content::Interactive(Interactive {
                header,
                body,
                footer: None,
                action: InteractiveAction::List {
                    button: id.clone(),
                    sections: vec![ListSection {
                        title: None,
                        rows: vec![ListRow {
                            id,
                            title: "t".into(),
                            description: None,
                        }],
                    }],
                },
            })
        }),
    ]
}

fn simple_content() -> impl Strategy<Value = Content> {
    prop_oneof![
        hostile_string().prop_map(|body| Content::Text { body }),
        media().prop_map(Content::Media),
        (finite_f64(), finite_f64(), opt_string()).prop_map(|(latitude, longitude, name)| {
            Content::Location(Location {
                latitude,
                longitude,
                name: name.clone(),
                address: name,
                url: None,
            })
        }),
        (opt_string(), json_value()).prop_map(|(formatted_name, card)| Content::Contacts {
            contacts: vec![SharedContact {
                formatted_name,
                phones: vec!["+31 6".into()],
                card,
            }],
        }),
        (hostile_string(), hostile_string(), opt_string()).prop_map(|(id, title, description)| {
            Content::InteractiveReply {
                reply_kind: ReplyKind::List,
                id,
                title,
                description,
            }
        }),
        (opt_string(), opt_string(), json_value()).prop_map(|(name, body, response)| {
            Content::FlowReply {
                name,
                body,
                response,
            }
        }),
        (hostile_string(), hostile_string())
            .prop_map(|(payload, text)| Content::TemplateButtonReply { payload, text }),
        (hostile_string(), opt_string())
            .prop_map(|(target, emoji)| Content::Reaction { target, emoji }),
        (opt_string(), finite_f64(), hostile_string()).prop_map(|(text, price, currency)| {
            Content::Order {
                catalog_id: text.clone(),
                text,
                items: vec![OrderItem {
                    product_retailer_id: currency.clone(),
                    quantity: price,
                    item_price: price,
                    currency,
                }],
            }
        }),
        (hostile_string(), opt_string(), opt_string()).prop_map(|(kind, body, new_wa_id)| {
            Content::System {
                kind,
                body,
                new_wa_id,
            }
        }),
        hostile_string().prop_map(|original| Content::Revoke { original }),
        (hostile_string(), json_value())
            .prop_map(|(provider_type, raw)| Content::Unsupported { provider_type, raw }),
        Just(Content::Unreadable),
        outbound_content(),
    ]
}

fn content() -> impl Strategy<Value = Content> {
    simple_content().prop_recursive(4, 8, 1, |inner| {
        (hostile_string(), inner).prop_map(|(original, content)| Content::Edit {
            original,
            content: Box::new(content),
        })
    })
}

fn identity() -> impl Strategy<Value = ChannelIdentity> {
    (opt_string(), opt_string(), opt_string()).prop_map(|(wa_id, user_id, username)| {
        ChannelIdentity {
            wa_id,
            user_id,
            username,
        }
    })
}

fn errors() -> impl Strategy<Value = Vec<ProviderError>> {
    proptest::collection::vec(
        (any::<i64>(), hostile_string(), opt_string()).prop_map(|(code, title, details)| {
            ProviderError {
                code,
                title,
                details,
            }
        }),
        0..3,
    )
}

fn message() -> impl Strategy<Value = InboundMessage> {
    let context = (
        opt_string(),
        any::<(bool, bool)>(),
        proptest::option::of(deep_json()),
    )
        .prop_map(
            |(reply_to, (forwarded, frequently_forwarded), referred_product)| MessageContext {
                reply_to,
                forwarded,
                frequently_forwarded,
                referred_product,
            },
        );
    (
        (hostile_string(), timestamp(), identity(), opt_string()),
        (content(), context),
        (proptest::option::of(deep_json()), errors(), json_value()),
    )
        .prop_map(
            |((id, sent_at, identity, name), (content, context), (referral, errors, raw))| {
                InboundMessage {
                    provider_message_id: id,
                    sent_at,
                    from: ContactProfile { identity, name },
                    content,
                    context,
                    referral,
                    errors,
                    raw,
                }
            },
        )
}

fn pricing() -> impl Strategy<Value = Option<loket_domain::delivery::Pricing>> {
    proptest::option::of(
        (
            opt_string(),
            opt_string(),
            opt_string(),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(|(pricing_model, kind, category, billable)| {
                loket_domain::delivery::Pricing {
                    pricing_model,
                    kind,
                    category,
                    billable,
                }
            }),
    )
}

fn event() -> impl Strategy<Value = InboundEvent> {
    let status = prop_oneof![
        Just(DeliveryStatus::Sent),
        Just(DeliveryStatus::Read),
        Just(DeliveryStatus::Failed),
    ];
    prop_oneof![
        3 => message().prop_map(InboundEvent::Message),
        1 => (hostile_string(), status, timestamp(), identity(), errors(), json_value(), pricing()).prop_map(
            |(provider_message_id, status, at, recipient, errors, raw, pricing)| {
                InboundEvent::Status(StatusUpdate { provider_message_id, status, at, recipient, errors, raw, pricing })
            }
        ),
        1 => (
            (hostile_string(), hostile_string(), hostile_string(), hostile_string()),
            (opt_string(), proptest::option::of(timestamp()), json_value())
        ).prop_map(|((template_id, name, language, event), (reason, at, raw))| {
            InboundEvent::TemplateStatus(TemplateStatusUpdate { template_id, name, language, event, reason, at, raw })
        }),
        1 => (errors(), json_value()).prop_map(|(errors, raw)| InboundEvent::ChannelError { errors, raw }),
        1 => (hostile_string(), json_value()).prop_map(|(field, raw)| InboundEvent::Other { field, raw }),
    ]
}

fn addressed() -> impl Strategy<Value = AddressedEvent> {
    (
        hostile_string(),
        opt_string(),
        event(),
        proptest::collection::vec(hostile_string(), 0..2),
    )
        .prop_map(
            |(account_id, phone_number_id, event, signed_by)| AddressedEvent {
                account_id,
                display_phone_number: phone_number_id.clone(),
                phone_number_id,
                event,
                signed_by,
            },
        )
}

/// What is written reads back; unchanged unless it had to be bounded to be readable, and
/// then reading and writing again changes nothing more.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = encode(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = decode(&text).map_err(|e| TestCaseError::fail(format!("unreadable: {e}")))?;
    let unbounded = serde_json::to_string(value).unwrap();
    if text_depth(&unbounded) <= WRITE_MAX_DEPTH {
        prop_assert_eq!(&back, value);
    } else {
        // The same document again (as trees: bounding may have reordered object keys).
        let again: Value = decode(&encode(&back).unwrap()).unwrap();
        prop_assert_eq!(again, decode::<Value>(&text).unwrap());
    }
    Ok(())
}

/// Values nest up to 400 levels, and serialising, comparing and dropping them recurses once per
/// level: a debug build needs more than a test thread's 2 MiB of stack for that. (Ingested JSON
/// never gets that deep: the parser stops at 128 levels.)
fn on_a_big_stack<S>(strategy: fn() -> S, test: fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy + 'static,
{
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let config = ProptestConfig {
                cases: 192,
                ..ProptestConfig::default()
            };
            let mut runner = proptest::test_runner::TestRunner::new(config);
            if let Err(e) = runner.run(&strategy(), test) {
                panic!("{e}");
            }
        })
        .expect("a test thread")
        .join()
        .expect("the property holds for every generated value");
}

#[test]
fn every_content_variant_reads_back() {
    on_a_big_stack(content, |content| round_trips(&content));
}

#[test]
fn every_inbound_event_reads_back() {
    on_a_big_stack(addressed, |event| round_trips(&event));
}
