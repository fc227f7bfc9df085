//! The order and pricing of the simulated delivery statuses.

use super::*;

fn job(outcome: Outcome, voice: bool) -> StatusJob {
    StatusJob {
        recipient_user_id: None,
        wamid: "wamid.x".into(),
        recipient: "31612345678".into(),
        callback: None,
        voice,
        outcome,
    }
}

fn order(plan: &StatusPlan, job: &StatusJob) -> Vec<&'static str> {
    plan.steps(job).into_iter().map(|(_, s)| s).collect()
}

#[test]
fn plans_order_skip_and_extend_the_progression() {
    let delivered = job(
        Outcome::Delivered {
            pricing: service_pricing(Timestamp::UNIX_EPOCH),
        },
        false,
    );
    let plan = StatusPlan::default();
    assert_eq!(order(&plan, &delivered), ["sent", "delivered", "read"]);
    let skip = StatusPlan {
        skip_delivered: true,
        ..StatusPlan::immediate()
    };
    assert_eq!(order(&skip, &delivered), ["sent", "read"]);
    let reorder = StatusPlan {
        read_before_delivered: true,
        ..StatusPlan::immediate()
    };
    assert_eq!(order(&reorder, &delivered), ["sent", "read", "delivered"]);
    let voice = job(
        Outcome::Delivered {
            pricing: service_pricing(Timestamp::UNIX_EPOCH),
        },
        true,
    );
    assert_eq!(
        order(&plan, &voice),
        ["sent", "delivered", "read", "played"]
    );
    assert_eq!(order(&plan, &job(Outcome::Reaction, false)), ["sent"]);
    assert!(order(&StatusPlan::manual(), &delivered).is_empty());
    let failed = job(Outcome::Failed(json!({"code": 131047})), false);
    assert_eq!(order(&StatusPlan::manual(), &failed), ["failed"]);
}
