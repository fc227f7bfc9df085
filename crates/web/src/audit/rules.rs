//! Which requests are audited, as what: a pure mapping from method and path (pages, or
//! API paths relative to `/api/v1`) to actions and their targets. Handlers may refine it
//! (`AuditSlot`) where the path alone cannot tell (a note or a reply, a bulk action).
//!
//! Left out on purpose: the timeline's live refresh (`GET /inbox/{id}/messages`) and
//! media downloads, which a browser repeats while a conversation is open — the opening
//! itself is recorded once per page view.

use axum::http::Method;
use loket_domain::audit::{Action, Target};
use loket_domain::{ContactId, ConversationId, MessageId};

pub type Planned = Vec<(Action, Target)>;

fn conversation(id: &str) -> Option<Target> {
    id.parse::<ConversationId>().ok().map(Target::conversation)
}

fn message(conversation_id: &str, message_id: &str) -> Option<Target> {
    let mut target = conversation(conversation_id)?;
    target.message = Some(message_id.parse::<MessageId>().ok()?);
    Some(target)
}

fn contact(id: &str) -> Option<Target> {
    let contact = id.parse::<ContactId>().ok()?;
    Some(Target {
        contact: Some(contact),
        ..Target::default()
    })
}

fn one(action: Action, target: Option<Target>) -> Planned {
    target.map(|t| vec![(action, t)]).unwrap_or_default()
}

/// The web pages' audited requests.
pub fn page(method: &Method, path: &str) -> Planned {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let get = method == Method::GET;
    let post = method == Method::POST;
    match parts.as_slice() {
        ["inbox", id] if get && *id != "new" && *id != "rows" => {
            one(Action::ConversationOpened, conversation(id))
        }
        ["inbox", "new"] if post => vec![(Action::MessageSent, Target::default())],
        ["inbox", "bulk"] if post => vec![(Action::ConversationUpdated, Target::default())],
        ["inbox", id, what] if post => {
            let action = match *what {
                "compose" | "template" => Action::MessageSent,
                "assign" => Action::ConversationAssigned,
                "status" | "wrap-up" => Action::StatusChanged,
                "labels" => Action::LabelsChanged,
                "resident" | "block" | "priority" | "legal-hold" | "transfer" => {
                    Action::ConversationUpdated
                }
                _ => return Vec::new(),
            };
            one(action, conversation(id))
        }
        ["inbox", id, "messages", message_id, "retry"] if post => {
            one(Action::MessageSent, message(id, message_id))
        }
        // The message hits show residents' texts (the suggestions too, as one types).
        ["inbox", id, "contactverzoek"] | ["inbox", id, "contactverzoek", _] if post => {
            one(Action::ContactRequestCreated, conversation(id))
        }
        ["contactverzoeken", id] if get && id.parse::<loket_domain::ContactRequestId>().is_ok() => {
            vec![(
                Action::ContactRequestOpened,
                Target::setting(&format!("contactverzoeken/{id}")),
            )]
        }
        ["contactverzoeken", id]
            if post && id.parse::<loket_domain::ContactRequestId>().is_ok() =>
        {
            vec![(
                Action::ContactRequestStep,
                Target::setting(&format!("contactverzoeken/{id}")),
            )]
        }
        ["search"] | ["search", "suggest"] if get => {
            vec![(Action::MessagesSearched, Target::default())]
        }
        ["admin", "residents", id] if get && *id != "erased" => {
            one(Action::ResidentOpened, contact(id))
        }
        ["admin", "residents", id, "export"] if get => one(Action::Exported, contact(id)),
        ["admin", "residents", id, "erase"] if post => one(Action::Erased, contact(id)),
        ["admin", "audit.csv"] if get => {
            vec![(Action::AuditExported, Target::setting("audit"))]
        }
        ["admin", rest @ ..] if post && !rest.is_empty() => {
            vec![(Action::SettingChanged, Target::setting(&rest.join("/")))]
        }
        ["account", "password"] if post => {
            vec![(Action::SettingChanged, Target::setting("account/password"))]
        }
        _ => Vec::new(),
    }
}

/// The API's audited requests (paths relative to `/api/v1`).
pub fn api(method: &Method, path: &str) -> Planned {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["conversations", id]) | ("GET", ["conversations", id, "events"]) => {
            one(Action::ConversationOpened, conversation(id))
        }
        ("POST", ["conversations", id, "messages"]) => one(Action::MessageSent, conversation(id)),
        ("POST", ["conversations", id, "messages", message_id, "retry"]) => {
            one(Action::MessageSent, message(id, message_id))
        }
        ("PATCH", ["conversations", id]) | ("PATCH", ["conversations", id, "retention"]) => {
            one(Action::ConversationUpdated, conversation(id))
        }
        ("POST", ["contact-requests"]) => {
            vec![(Action::ContactRequestCreated, Target::default())]
        }
        ("GET", ["contact-requests", id]) => {
            vec![(
                Action::ContactRequestOpened,
                Target::setting(&format!("contactverzoeken/{id}")),
            )]
        }
        ("GET", ["messages", "search"]) => {
            vec![(Action::MessagesSearched, Target::default())]
        }
        ("GET", ["contacts", id, "export"]) => one(Action::Exported, contact(id)),
        ("POST", ["contacts", id, "erasure"]) => one(Action::Erased, contact(id)),
        ("POST", ["templates", "sync"]) => {
            vec![(Action::SettingChanged, Target::setting("templates/sync"))]
        }
        // Saved replies: named as the admin page names them (`replies`, `replies/{id}`).
        ("POST", ["saved-replies"]) => vec![(Action::SettingChanged, Target::setting("replies"))],
        ("PATCH" | "DELETE", ["saved-replies", id]) => {
            vec![(
                Action::SettingChanged,
                Target::setting(&format!("replies/{id}")),
            )]
        }
        // The synonym list: named as the admin page names it.
        ("PUT", ["knowledge", "synonyms"]) => {
            vec![(
                Action::SettingChanged,
                Target::setting("knowledge/synonyms"),
            )]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01900000-0000-7000-8000-000000000001";
    const MID: &str = "01900000-0000-7000-8000-000000000002";

    #[test]
    fn opening_a_conversation_page_is_audited_but_its_live_refresh_is_not() {
        let planned = page(&Method::GET, &format!("/inbox/{ID}"));
        assert_eq!(planned[0].0, Action::ConversationOpened);
        assert_eq!(planned[0].1.conversation.unwrap().to_string(), ID);
        assert!(page(&Method::GET, &format!("/inbox/{ID}/messages")).is_empty());
        assert!(page(&Method::GET, "/inbox/rows").is_empty());
        assert!(page(&Method::GET, "/").is_empty());
    }

    #[test]
    fn side_panel_forms_and_admin_posts_map_to_their_actions() {
        let assign = page(&Method::POST, &format!("/inbox/{ID}/assign"));
        assert_eq!(assign[0].0, Action::ConversationAssigned);
        let retry = page(&Method::POST, &format!("/inbox/{ID}/messages/{MID}/retry"));
        assert_eq!(retry[0].1.message.unwrap().to_string(), MID);
        let role = page(&Method::POST, &format!("/admin/users/{ID}/role"));
        assert_eq!(role[0].0, Action::SettingChanged);
        assert_eq!(
            role[0].1.setting.as_deref(),
            Some(format!("users/{ID}/role").as_str())
        );
        assert!(page(&Method::GET, "/admin/users").is_empty());
        let resident = page(&Method::GET, &format!("/admin/residents/{ID}"));
        assert_eq!(resident[0].0, Action::ResidentOpened);
        assert_eq!(resident[0].1.contact.unwrap().to_string(), ID);
        assert!(page(&Method::GET, "/admin/residents/erased").is_empty());
    }

    #[test]
    fn saved_reply_changes_are_audited_as_settings_on_the_page_and_the_api() {
        let page_create = page(&Method::POST, "/admin/replies");
        assert_eq!(page_create[0].0, Action::SettingChanged);
        assert_eq!(page_create[0].1.setting.as_deref(), Some("replies"));
        let api_create = api(&Method::POST, "/saved-replies");
        assert_eq!(api_create[0].1.setting.as_deref(), Some("replies"));
        for method in [Method::PATCH, Method::DELETE] {
            let changed = api(&method, &format!("/saved-replies/{ID}"));
            assert_eq!(changed[0].0, Action::SettingChanged);
            let expected = format!("replies/{ID}");
            assert_eq!(changed[0].1.setting.as_deref(), Some(expected.as_str()));
        }
        assert!(api(&Method::GET, "/saved-replies").is_empty());
        assert!(page(&Method::GET, "/admin/replies").is_empty());
    }

    #[test]
    fn the_synonym_list_is_audited_as_one_setting_on_the_page_and_the_api() {
        let saved = page(&Method::POST, "/admin/knowledge/synonyms");
        let replaced = api(&Method::PUT, "/knowledge/synonyms");
        for planned in [saved, replaced] {
            assert_eq!(planned[0].0, Action::SettingChanged);
            assert_eq!(planned[0].1.setting.as_deref(), Some("knowledge/synonyms"));
        }
        assert!(api(&Method::GET, "/knowledge/synonyms").is_empty());
        assert!(page(&Method::GET, "/admin/knowledge/synonyms").is_empty());
    }

    #[test]
    fn a_malformed_id_is_not_audited_as_a_target() {
        assert!(page(&Method::GET, "/inbox/not-an-id").is_empty());
        assert!(api(&Method::GET, "/conversations/06123456789").is_empty());
    }

    #[test]
    fn access_and_erasure_requests_and_legal_holds_are_audited_with_the_resident_or_conversation() {
        let export = api(&Method::GET, &format!("/contacts/{ID}/export"));
        assert_eq!(export[0].0, Action::Exported);
        assert_eq!(export[0].1.contact.unwrap().to_string(), ID);
        let erase = api(&Method::POST, &format!("/contacts/{ID}/erasure"));
        assert_eq!(erase[0].0, Action::Erased);
        let page_erase = page(&Method::POST, &format!("/admin/residents/{ID}/erase"));
        assert_eq!(page_erase[0].0, Action::Erased);
        assert_eq!(page_erase[0].1.contact.unwrap().to_string(), ID);
        let download = page(&Method::GET, &format!("/admin/residents/{ID}/export"));
        assert_eq!(download[0].0, Action::Exported);
        let hold = page(&Method::POST, &format!("/inbox/{ID}/legal-hold"));
        assert_eq!(hold[0].0, Action::ConversationUpdated);
        let patch = api(&Method::PATCH, &format!("/conversations/{ID}/retention"));
        assert_eq!(patch[0].1.conversation.unwrap().to_string(), ID);
    }

    #[test]
    fn api_reads_and_writes_map_to_their_actions() {
        let read = api(&Method::GET, &format!("/conversations/{ID}/events"));
        assert_eq!(read[0].0, Action::ConversationOpened);
        let send = api(&Method::POST, &format!("/conversations/{ID}/messages"));
        assert_eq!(send[0].0, Action::MessageSent);
        assert!(api(&Method::GET, "/conversations").is_empty());
    }

    #[test]
    fn a_message_search_is_audited_as_a_read_of_content_on_the_api_and_the_page() {
        let api_search = api(&Method::GET, "/messages/search");
        assert_eq!(api_search[0].0, Action::MessagesSearched);
        assert_eq!(api_search[0].1, Target::default());
        assert_eq!(page(&Method::GET, "/search")[0].0, Action::MessagesSearched);
        assert_eq!(
            page(&Method::GET, "/search/suggest")[0].0,
            Action::MessagesSearched
        );
        assert!(page(&Method::POST, "/search").is_empty());
    }
}
