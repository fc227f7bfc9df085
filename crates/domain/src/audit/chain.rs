//! The hash chain: each entry's hash covers a canonical encoding of its fields and the
//! previous entry's hash, so changing, removing or inserting an entry breaks every later
//! link. (Removing the newest entries is invisible to the chain alone: compare the count
//! and last hash `loket audit verify` prints with an earlier run.)

use sha2::{Digest, Sha256};

use super::entry::{AuditFields, hex};

/// The `prev_hash` of a chain's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 (hex) over `loket-audit-v1`, then every field and `prev_hash` in a fixed order,
/// each as its byte length, `:`, the bytes and `;` (an absent value is `-;`). Lengths make
/// the encoding unambiguous whatever the values contain.
pub fn entry_hash(fields: &AuditFields, prev_hash: &str) -> String {
    let seq = fields.seq.to_string();
    let at = fields.at.to_string();
    let parts: [Option<&str>; 12] = [
        Some(&fields.chain),
        Some(&seq),
        Some(&at),
        Some(&fields.actor),
        Some(&fields.action),
        fields.conversation_id.as_deref(),
        fields.contact_id.as_deref(),
        fields.message_id.as_deref(),
        fields.setting.as_deref(),
        fields.client_ip.as_deref(),
        Some(&fields.result),
        Some(prev_hash),
    ];
    let mut hasher = Sha256::new();
    hasher.update(b"loket-audit-v1;");
    for part in parts {
        match part {
            Some(value) => {
                hasher.update(value.len().to_string().as_bytes());
                hasher.update(b":");
                hasher.update(value.as_bytes());
                hasher.update(b";");
            }
            None => hasher.update(b"-;"),
        }
    }
    hex(&hasher.finalize())
}

/// The first broken link of a chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error("seq {found}: expected seq {expected} (an entry is missing or was inserted)")]
    Gap { expected: i64, found: i64 },
    #[error("seq {seq}: prev_hash is not the hash of the entry before it")]
    PrevHash { seq: i64 },
    #[error("seq {seq}: hash does not match the entry's contents (changed after it was written)")]
    Hash { seq: i64 },
}

/// Walks one chain in `seq` order, entry by entry (so a chain of any length is checked
/// page by page), and stops at the first broken link.
#[derive(Debug, Clone)]
pub struct Verifier {
    count: u64,
    last_hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            count: 0,
            last_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl Verifier {
    /// Check the next entry, as stored with its `prev_hash` and `hash`.
    pub fn push(&mut self, fields: &AuditFields, prev_hash: &str, hash: &str) -> Result<(), Break> {
        let expected = self.count as i64 + 1;
        if fields.seq != expected {
            return Err(Break::Gap {
                expected,
                found: fields.seq,
            });
        }
        if prev_hash != self.last_hash {
            return Err(Break::PrevHash { seq: fields.seq });
        }
        if entry_hash(fields, prev_hash) != hash {
            return Err(Break::Hash { seq: fields.seq });
        }
        self.count += 1;
        self.last_hash = hash.to_owned();
        Ok(())
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn last_hash(&self) -> &str {
        &self.last_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Action, Actor, AuditChain, AuditEntry, Outcome, Target};

    fn entry() -> AuditEntry {
        AuditEntry {
            chain: AuditChain::Deployment,
            actor: Actor::System,
            action: Action::SignInFailed,
            target: Target::default(),
            client_ip: Some("192.0.2.1".into()),
            outcome: Outcome::Denied,
        }
    }

    fn chain(n: i64) -> Vec<(AuditFields, String, String)> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let fields = entry().fields(seq, seq * 1000);
                let hash = entry_hash(&fields, &prev);
                let row = (fields, prev.clone(), hash.clone());
                prev = hash;
                row
            })
            .collect()
    }

    fn verify(rows: &[(AuditFields, String, String)]) -> Result<u64, Break> {
        let mut verifier = Verifier::default();
        for (fields, prev, hash) in rows {
            verifier.push(fields, prev, hash)?;
        }
        Ok(verifier.count())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn a_changed_field_is_named_by_its_seq() {
        let mut rows = chain(5);
        rows[2].0.result = "ok".into();
        assert_eq!(verify(&rows), Err(Break::Hash { seq: 3 }));
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(
            verify(&rows),
            Err(Break::Gap {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn a_rehashed_entry_still_breaks_the_next_link() {
        let mut rows = chain(5);
        rows[1].0.actor = "user:someone-else".into();
        rows[1].2 = entry_hash(&rows[1].0, &rows[1].1);
        assert_eq!(verify(&rows), Err(Break::PrevHash { seq: 3 }));
    }

    #[test]
    fn a_missing_value_and_an_empty_one_hash_differently() {
        let mut a = entry().fields(1, 1);
        a.setting = None;
        let mut b = a.clone();
        b.setting = Some(String::new());
        assert_ne!(entry_hash(&a, GENESIS_HASH), entry_hash(&b, GENESIS_HASH));
    }

    #[test]
    fn setting_keys_carry_no_free_text() {
        let target = Target::setting("users/Jan de Vries <jan@x.nl>");
        assert_eq!(
            target.setting.as_deref(),
            Some("users/Jan_de_Vries__jan_x.nl_")
        );
    }
}
