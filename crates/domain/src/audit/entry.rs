//! What one audit entry says. Every field is an id, a fixed word or an address; the types
//! make it impossible to put a message body, a name or a phone number in.

use crate::{ContactId, ConversationId, MessageId, OrgId, UserId};
use sha2::{Digest, Sha256};

/// Which chain an entry belongs to: an organisation's, or the deployment's (sign-in
/// failures for an e-mail address no organisation is known for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuditChain {
    Org(OrgId),
    Deployment,
}

impl AuditChain {
    /// The stored chain key: the organisation's id, or `deployment`.
    pub fn key(&self) -> String {
        match self {
            Self::Org(org) => org.to_string(),
            Self::Deployment => "deployment".to_owned(),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        if key == "deployment" {
            return Some(Self::Deployment);
        }
        key.parse().ok().map(Self::Org)
    }
}

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(UserId),
    /// An API token, by its fingerprint ([`token_fingerprint`]; never the token).
    Token(String),
    /// The system itself (retention job, provisioning).
    System,
    /// A sign-in attempt for an address that is no user: the address's SHA-256
    /// ([`hash_email`]), a pseudonym that lets repeated attempts be seen together.
    Unknown(String),
}

impl Actor {
    /// The stored form: `user:<id>`, `token:<fingerprint>`, `system`, `unknown:<hash>`.
    pub fn encode(&self) -> String {
        match self {
            Self::User(id) => format!("user:{id}"),
            Self::Token(fingerprint) => format!("token:{fingerprint}"),
            Self::System => "system".to_owned(),
            Self::Unknown(hash) => format!("unknown:{hash}"),
        }
    }
}

/// The first 16 hex digits of the token's SHA-256 hash (`hash_hex`, as stored for the
/// token): enough to tell tokens apart, useless to sign in with.
pub fn token_fingerprint(hash_hex: &str) -> String {
    hash_hex.chars().take(16).collect()
}

/// SHA-256 (hex) of a trimmed, lower-cased e-mail address.
pub fn hash_email(email: &str) -> String {
    hex(&Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

macro_rules! actions {
    ($($variant:ident => $word:literal),* $(,)?) => {
        /// What was done. The stored word is stable (it is hashed into the chain).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &[Action] = &[$(Action::$variant),*];

            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$variant => $word),* }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    ConversationOpened => "conversation.opened",
    MessageSent => "message.sent",
    NoteWritten => "note.written",
    ConversationAssigned => "conversation.assigned",
    StatusChanged => "conversation.status_changed",
    LabelsChanged => "conversation.labels_changed",
    // Another change to a conversation or its resident (priority, details, blocking, a
    // PATCH with several fields, a bulk action).
    ConversationUpdated => "conversation.updated",
    // A person looked at what Loket holds about one resident (the admin's resident page).
    ResidentOpened => "resident.opened",
    // A full-text search over residents' messages (the words asked are not recorded).
    MessagesSearched => "messages.searched",
    Exported => "data.exported",
    Erased => "data.erased",
    SignedIn => "session.signed_in",
    SignInFailed => "session.sign_in_failed",
    // A second-factor code entered after the password (its outcome says whether it held).
    SecondFactor => "session.second_factor",
    SettingChanged => "setting.changed",
    AuditExported => "audit.exported",
    // Contactverzoeken (issue 12): one opened (it holds the resident's question and
    // contact details), created from a conversation, or a step taken on it.
    ContactRequestOpened => "contact_request.opened",
    ContactRequestCreated => "contact_request.created",
    ContactRequestStep => "contact_request.step",
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Ok,
    /// Refused: not allowed, wrong password, locked out.
    Denied,
    /// Allowed but it did not succeed (invalid input, an error).
    Failed,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Denied => "denied",
            Self::Failed => "failed",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "ok" => Self::Ok,
            "denied" => Self::Denied,
            "failed" => Self::Failed,
            _ => return None,
        })
    }
}

/// What was acted on: opaque references only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub conversation: Option<ConversationId>,
    pub contact: Option<ContactId>,
    pub message: Option<MessageId>,
    /// A setting's key, e.g. `users/<id>/role` or `labels` (see [`Target::setting`]).
    pub setting: Option<String>,
}

impl Target {
    pub fn conversation(id: ConversationId) -> Self {
        Self {
            conversation: Some(id),
            ..Self::default()
        }
    }

    /// A setting key: ASCII letters, digits and `/ _ - . :`, at most 200 characters; any
    /// other character becomes `_`, so no free text can travel in a key.
    pub fn setting(key: &str) -> Self {
        let key: String = key
            .chars()
            .take(200)
            .map(|c| {
                if c.is_ascii_alphanumeric() || "/_-.:".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Self {
            setting: Some(key),
            ..Self::default()
        }
    }
}

/// One thing to record; the store gives it its place in the chain and its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub chain: AuditChain,
    pub actor: Actor,
    pub action: Action,
    pub target: Target,
    /// The client's address as the server saw it (the TCP peer).
    pub client_ip: Option<String>,
    pub outcome: Outcome,
}

/// An entry as stored: text as it is in the database, so verification hashes exactly
/// what is there even when a tampered value would no longer parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFields {
    pub chain: String,
    pub seq: i64,
    /// Microseconds since the epoch.
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub conversation_id: Option<String>,
    pub contact_id: Option<String>,
    pub message_id: Option<String>,
    pub setting: Option<String>,
    pub client_ip: Option<String>,
    pub result: String,
}

impl AuditEntry {
    /// The stored text of this entry at place `seq`, time `at` (microseconds).
    pub fn fields(&self, seq: i64, at: i64) -> AuditFields {
        AuditFields {
            chain: self.chain.key(),
            seq,
            at,
            actor: self.actor.encode(),
            action: self.action.as_str().to_owned(),
            conversation_id: self.target.conversation.map(|id| id.to_string()),
            contact_id: self.target.contact.map(|id| id.to_string()),
            message_id: self.target.message.map(|id| id.to_string()),
            setting: self.target.setting.clone(),
            client_ip: self
                .client_ip
                .as_ref()
                .map(|ip| ip.chars().take(64).collect()),
            result: self.outcome.as_str().to_owned(),
        }
    }
}
