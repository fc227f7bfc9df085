//! How a request's kind and expectation read on the pages (message keys per value).

use loket_domain::contact_requests::Kind;
use loket_engine::records::{ContactRequest, Expectation};

use super::super::i18n::Tr;

pub fn kind_label(tr: &Tr, kind: Kind) -> String {
    tr.t(&format!("cv-kind-{}", kind.as_str()))
}

/// What became of the message to the resident; a failure with its reason.
pub fn expectation_label(tr: &Tr, r: &ContactRequest) -> String {
    expectation_of(tr, r.expectation, r.expectation_problem.as_deref())
}

pub fn expectation_of(tr: &Tr, expectation: Expectation, problem: Option<&str>) -> String {
    match expectation {
        Expectation::Sent => tr.t("cv-expectation-sent"),
        Expectation::Template => tr.t("cv-expectation-template"),
        Expectation::NotSent => tr.t("cv-expectation-not-sent"),
        Expectation::Pending => tr.t("cv-expectation-pending"),
        Expectation::Failed => {
            let reason = problem.unwrap_or("error").replace('_', "-");
            let reason = match reason.as_str() {
                "window-closed" | "personal-data" | "refused" => reason,
                _ => "error".to_owned(),
            };
            format!(
                "{} {}",
                tr.t("cv-expectation-failed"),
                tr.t(&format!("cv-failed-{reason}"))
            )
        }
    }
}
