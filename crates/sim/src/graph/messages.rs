//! `POST /{phone-number-id}/messages`: sends (validated like Meta, with the 24-hour window,
//! faults and rate limits) and mark-as-read calls (§3.1 of the reference).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};

use super::error::{MetaError, status_error};
use super::validate::{Valid, as_object, opt_str, string, validate};
use super::{meta_json, refuse_unauthorized, unknown_object};
use crate::faults::{SendFault, expired_token};
use crate::outbound::{ReadMark, SentMessage};
use crate::sim::Shared;
use crate::statuses::{Outcome, StatusJob, free_inside_window, schedule, service_pricing};
use crate::window::{RE_ENGAGEMENT_DETAILS, WindowEnforcement};

/// The `errors[]` entry of an undeliverable message (131026).
pub(crate) fn undeliverable() -> Value {
    status_error(
        131026,
        "Message undeliverable",
        "Message Undeliverable: the recipient is not a WhatsApp user, has not accepted the \
         latest terms or uses an old client.",
    )
}

fn re_engagement() -> Value {
    status_error(131047, "Re-engagement message", RE_ENGAGEMENT_DETAILS)
}

/// An accepted send, before its answer goes out.
struct Accepted {
    input: String,
    wa_id: String,
    user_id: Option<String>,
    wamid: String,
    hold: bool,
}

pub(crate) async fn send(
    State(shared): State<Arc<Shared>>,
    Path(phone_number_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = refuse_unauthorized(&shared, &headers, None) {
        shared.outbound.refused(190);
        return refused;
    }
    if phone_number_id != shared.config.phone_number_id {
        shared.outbound.refused(100);
        return unknown_object(&phone_number_id);
    }
    let request = match serde_json::from_slice::<Value>(&body) {
        Ok(request) => request,
        Err(error) => {
            return refuse(
                &shared,
                MetaError::invalid(format!("The request body is not valid JSON: {error}")),
            );
        }
    };
    if request.get("status").is_some() {
        return match mark_read(&shared, &request) {
            Ok(()) => meta_json(StatusCode::OK, &json!({"success": true})),
            Err(error) => refuse(&shared, error),
        };
    }
    let slow = shared.faults_mut().take_slow();
    if let Some(delay) = slow {
        tokio::time::sleep(delay).await;
    }
    let accepted = match accept(&shared, request) {
        Ok(accepted) => accepted,
        Err(error) => return refuse(&shared, error),
    };
    if accepted.hold {
        shared.outbound.stats().held += 1;
        let hold = shared.faults_mut().timeout_hold;
        let mut stopping = shared.stopping.clone();
        tokio::select! {
            () = tokio::time::sleep(hold) => {}
            _ = stopping.wait_for(|stopping| *stopping) => {}
        }
    }
    // A send to a business-scoped user id names the resident by that id, not by a number.
    let contact = match &accepted.user_id {
        Some(user_id) => json!({"input": accepted.input, "user_id": user_id}),
        None => json!({"input": accepted.input, "wa_id": accepted.wa_id}),
    };
    let body = json!({
        "messaging_product": "whatsapp",
        "contacts": [contact],
        "messages": [{"id": accepted.wamid}],
    });
    meta_json(StatusCode::OK, &body)
}

fn refuse(shared: &Shared, error: MetaError) -> Response {
    shared.outbound.refused(error.code);
    error.into_response()
}

/// Everything between a parsed body and a wamid: faults, validation, templates, rate
/// limits, the window; then the log entry and the scheduled status webhooks.
fn accept(shared: &Arc<Shared>, request: Value) -> Result<Accepted, MetaError> {
    let now = shared.clock.now();
    if shared.faults_mut().take(SendFault::ExpiredToken) {
        return Err(expired_token(now));
    }
    let media_mime = |id: &str| shared.media().get(id, now).map(|m| m.mime.clone());
    let country_code = business_country_code(&shared.config.display_phone_number);
    let Valid {
        input,
        wa_id,
        user_id,
        kind,
        voice,
    } = validate(&request, &media_mime, country_code)?;
    let is_template = kind == "template";
    if let Some(refusal) = shared.faults_mut().take_refusal(is_template) {
        return Err(refusal);
    }
    let window_open = shared.window().is_open(&wa_id, now);
    let pricing = if is_template {
        let checked = super::template_send::check_send(&shared.templates(), &request["template"])?;
        if user_id.is_some() && checked.category.starts_with("authentication") {
            return Err(MetaError::new(
                131062,
                "Business-scoped user ID recipients are not supported for this message",
                "Authentication templates can only be sent to a phone number.",
            ));
        }
        let free = window_open && checked.category == "utility" && free_inside_window(now);
        json!({
            "billable": !free,
            "pricing_model": "PMP",
            "category": checked.category,
            "type": if free { "free_customer_service" } else { "regular" },
        })
    } else {
        service_pricing(now)
    };
    if let Some(refusal) = shared.faults_mut().check_rates(&wa_id) {
        return Err(refusal);
    }
    let enforcement = shared.window().enforcement;
    let mut outcome = if kind == "reaction" {
        Outcome::Reaction
    } else {
        Outcome::Delivered { pricing }
    };
    if !is_template && !window_open {
        match enforcement {
            WindowEnforcement::Sync => return Err(MetaError::re_engagement()),
            WindowEnforcement::Async => outcome = Outcome::Failed(re_engagement()),
            WindowEnforcement::Off => {}
        }
    }
    let mut faults = shared.faults_mut();
    if !matches!(outcome, Outcome::Failed(_)) && faults.take(SendFault::Undeliverable) {
        outcome = Outcome::Failed(undeliverable());
    }
    let hold = faults.take(SendFault::Timeout);
    drop(faults);
    let wamid = crate::ids::outbound_wamid(&wa_id);
    let callback = request["biz_opaque_callback_data"]
        .as_str()
        .map(str::to_owned);
    shared.outbound.record(SentMessage {
        wamid: wamid.clone(),
        to: wa_id.clone(),
        body: request,
        at: now,
    });
    let job = StatusJob {
        wamid: wamid.clone(),
        recipient: wa_id.clone(),
        recipient_user_id: user_id.clone(),
        callback,
        voice,
        outcome,
    };
    schedule(shared, job);
    Ok(Accepted {
        input,
        wa_id,
        user_id,
        wamid,
        hold,
    })
}

/// `{"messaging_product":"whatsapp","status":"read","message_id":…,"typing_indicator":…}`.
fn mark_read(shared: &Shared, request: &Value) -> Result<(), MetaError> {
    let root = as_object(request, "body")?;
    if string(root, "messaging_product", "messaging_product")? != "whatsapp" {
        return Err(MetaError::invalid(
            "Param messaging_product must be 'whatsapp'.",
        ));
    }
    if string(root, "status", "status")? != "read" {
        return Err(MetaError::invalid("Param status must be 'read'."));
    }
    let message_id = string(root, "message_id", "message_id")?;
    let typing_indicator = match root.get("typing_indicator") {
        None => false,
        Some(indicator) => {
            let indicator = as_object(indicator, "typing_indicator")?;
            match opt_str(indicator, "type", "typing_indicator['type']")? {
                Some("text") => true,
                _ => {
                    return Err(MetaError::invalid(
                        "Param typing_indicator['type'] must be 'text'.",
                    ));
                }
            }
        }
    };
    let now = shared.clock.now();
    if !shared.window().can_mark_read(message_id, now) {
        return Err(MetaError::invalid_value(format!(
            "Message ID {message_id} is not valid or older than 30 days."
        )));
    }
    shared.outbound.record_read(ReadMark {
        message_id: message_id.to_owned(),
        typing_indicator,
        at: now,
    });
    Ok(())
}

/// The business number's country calling code, for national recipient numbers: `1` for
/// NANP numbers, else the first two digits (`31` for the Netherlands).
fn business_country_code(display_phone_number: &str) -> &str {
    if display_phone_number.starts_with('1') {
        "1"
    } else {
        display_phone_number.get(..2).unwrap_or("31")
    }
}
