// Set-based ingestion. A run of requests that hold only plain resident messages is stored
// with a fixed number of statements per batch — one query each for the channels, the
// identities, the known messages and the latest conversations, then multi-row writes —
// instead of about ten statements per message. Every decision (duplicate, contact,
// conversation routing) is made in memory, in arrival order, by the same rules as the
// one-by-one path (`ingest.rs`). Whenever the database turns out to disagree with what was
// read (a concurrent ingestion bound an identity or stored a message meanwhile), the run is
// rolled back by the caller and taken one by one, which handles those races.
// Backend-neutral; included.

/// Rows per multi-row statement: at 13 parameters per message row this stays well under
/// SQLite's 32,766 bound parameters (and PostgreSQL's 65,535).
const ROWS_PER_STATEMENT: usize = 1000;

/// Whether the set-based path can take the request: only resident messages that name the
/// resident and change nothing elsewhere (edits, revocations and system notices such as a
/// number change go one by one, like every other kind of item).
fn batchable(request: &IngestRequest) -> bool {
    request.items.iter().all(|item| match item {
        IngestItem::Message { message, .. } => {
            !message.from.identity.keys().is_empty()
                && !matches!(
                    message.content,
                    Content::Edit { .. } | Content::Revoke { .. } | Content::System { .. }
                )
        }
        _ => false,
    })
}

/// One message of the run, with its request's context.
struct BatchMessage<'a> {
    request: usize,
    received_at: Timestamp,
    org: OrgId,
    channel: ChannelId,
    id: MessageId,
    reopen_within: Duration,
    message: &'a InboundMessage,
    pii: &'a [PiiKind],
    findings: &'a [StoredFinding],
    jobs: &'a [NewJob],
}

fn flatten(requests: &[IngestRequest]) -> Vec<BatchMessage<'_>> {
    let mut messages = Vec::new();
    for (request, r) in requests.iter().enumerate() {
        for item in &r.items {
            if let IngestItem::Message {
                org_id,
                channel_id,
                message_id,
                reopen_within,
                message,
                pii,
                findings,
                jobs_if_new,
            } = item
            {
                messages.push(BatchMessage {
                    request,
                    received_at: r.received_at,
                    org: *org_id,
                    channel: *channel_id,
                    id: *message_id,
                    reopen_within: *reopen_within,
                    message,
                    pii,
                    findings,
                    jobs: jobs_if_new,
                });
            }
        }
    }
    messages
}

type IdentityKey = (OrgId, &'static str, String);
type MessageKey = (ChannelId, String);

/// What the run writes, gathered in arrival order.
#[derive(Default)]
struct BatchWrites<'a> {
    contacts: Vec<(ContactId, OrgId, Option<String>, Timestamp)>,
    identities: Vec<(IdentityKey, ContactId)>,
    /// Per contact: the latest non-empty name and the latest time it wrote.
    touched: BTreeMap<ContactId, (Option<String>, Timestamp)>,
    reopened: Vec<ConversationId>,
    conversations: Vec<(ConversationId, &'a BatchMessage<'a>, ContactId)>,
    events: Vec<(OrgId, ConversationId, ConversationEventKind, Timestamp)>,
    /// The message, its conversation and the message it replies to.
    messages: Vec<(&'a BatchMessage<'a>, ConversationId, Option<MessageId>)>,
    /// Per conversation: what its new messages change (times, preview, unread, waiting).
    inbound: BTreeMap<ConversationId, InboundSummary>,
}

/// Store a run of [`batchable`] requests inside the open transaction. `Ok(None)`: the
/// database disagreed with what was read; the caller rolls the run back and goes one by one.
async fn ingest_batch(
    conn: &mut Conn,
    requests: &[IngestRequest],
) -> StoreResult<Option<Vec<IngestOutcome>>> {
    let messages = flatten(requests);
    if !channels_in_orgs(conn, &messages).await? {
        return Ok(None); // the one-by-one path answers NotFound to the right request
    }
    let mut identities = find_identities(conn, &messages).await?;
    if has_unbound_identity(&messages, &identities) {
        // New residents: batches that bind identities take turns (PostgreSQL), and read the
        // bindings again once it is their turn, so they never race for the same resident.
        lock_identity_binding(conn).await?;
        identities = find_identities(conn, &messages).await?;
    }
    let known = find_messages(conn, &messages).await?;

    // Duplicates and contacts, in arrival order.
    let mut writes = BatchWrites::default();
    let mut outcomes: Vec<Option<ItemOutcome>> = vec![None; messages.len()];
    let mut contact_of = vec![None; messages.len()];
    let mut seen: HashMap<MessageKey, (usize, MessageId)> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        let key = (m.channel, m.message.provider_message_id.clone());
        let earlier = seen.get(&key).map(|(_, id)| *id);
        if let Some(existing) = known.get(&key).copied().or(earlier) {
            outcomes[i] = Some(ItemOutcome::DuplicateMessage { existing });
            continue;
        }
        seen.insert(key, (i, m.id));
        contact_of[i] = Some(resolve_in_batch(m, &mut identities, &mut writes));
    }
    if !write_contacts(conn, &writes).await? {
        return Ok(None);
    }
    // Blocked senders are rare: their runs go one by one (`route_message` knows them).
    let senders: Vec<ContactId> = writes.touched.keys().copied().collect();
    if any_blocked(conn, &senders).await? {
        return Err(StoreError::Conflict("a blocked sender: one by one".into()));
    }

    // Conversations, in arrival order, from the latest ones as they are now (contacts locked).
    let pairs: BTreeSet<(ChannelId, ContactId)> = messages
        .iter()
        .zip(&contact_of)
        .filter_map(|(m, c)| c.map(|c| (m.channel, c)))
        .collect();
    let mut latest = latest_conversations(conn, &pairs).await?;
    for (i, m) in messages.iter().enumerate() {
        let Some(contact) = contact_of[i] else {
            continue;
        };
        let (conversation, change) = route_in_batch(m, contact, &mut latest, &mut writes);
        let reply_to = m.message.context.reply_to.as_ref().and_then(|target| {
            let key = (m.channel, target.clone());
            // Stored before, or earlier in this run (as the one-by-one path would see it).
            known
                .get(&key)
                .copied()
                .or_else(|| seen.get(&key).filter(|(at, _)| *at < i).map(|(_, id)| *id))
        });
        writes.messages.push((m, conversation, reply_to));
        // The window opens when the resident sent it, if their clock is plausible (§3).
        let opened_at = window_opened_at(m.message.sent_at, m.received_at);
        (writes.inbound.entry(conversation))
            .or_insert(InboundSummary::new(opened_at))
            .add(m.id, &m.message.content, opened_at);
        outcomes[i] = Some(ItemOutcome::MessageCreated {
            org_id: m.org,
            message_id: m.id,
            conversation_id: conversation,
            change,
        });
    }
    if !write_conversations_and_messages(conn, &writes).await? {
        return Ok(None);
    }

    let mut results: Vec<IngestOutcome> = requests
        .iter()
        .map(|_| IngestOutcome { items: Vec::new() })
        .collect();
    for (m, outcome) in messages.iter().zip(outcomes) {
        let outcome = outcome.ok_or_else(|| StoreError::corrupt("a message without outcome"))?;
        results[m.request].items.push(outcome);
    }
    Ok(Some(results))
}

/// Whether any sender has an identity no contact holds yet.
fn has_unbound_identity(
    messages: &[BatchMessage<'_>],
    identities: &HashMap<IdentityKey, ContactId>,
) -> bool {
    messages.iter().any(|m| {
        m.message
            .from
            .identity
            .keys()
            .into_iter()
            .any(|(kind, value)| {
                !identities.contains_key(&(m.org, kind.as_str(), value.to_owned()))
            })
    })
}

/// The contact the message's identities name (bound earlier, or created now), as
/// `resolve_contact` finds it: the first key already bound wins, unbound keys are added.
fn resolve_in_batch(
    m: &BatchMessage<'_>,
    identities: &mut HashMap<IdentityKey, ContactId>,
    writes: &mut BatchWrites<'_>,
) -> ContactId {
    let keys: Vec<IdentityKey> = m
        .message
        .from
        .identity
        .keys()
        .into_iter()
        .map(|(kind, value)| (m.org, kind.as_str(), value.to_owned()))
        .collect();
    let found = keys.iter().find_map(|k| identities.get(k).copied());
    let contact = found.unwrap_or_else(|| {
        let id = ContactId::new_at(m.received_at);
        let name = m.message.from.name.clone();
        writes.contacts.push((id, m.org, name, m.received_at));
        id
    });
    for key in keys {
        if let std::collections::hash_map::Entry::Vacant(slot) = identities.entry(key.clone()) {
            slot.insert(contact);
            writes.identities.push((key, contact));
        }
    }
    let touched = writes
        .touched
        .entry(contact)
        .or_insert((None, m.received_at));
    if m.message.from.name.is_some() {
        touched.0 = m.message.from.name.clone();
    }
    touched.1 = touched.1.max(m.received_at);
    contact
}

/// Continue, reopen or start the conversation, as `route_message` decides it.
fn route_in_batch<'a>(
    m: &'a BatchMessage<'a>,
    contact: ContactId,
    latest: &mut HashMap<(ChannelId, ContactId), LatestConversation<ConversationId>>,
    writes: &mut BatchWrites<'a>,
) -> (ConversationId, ConversationChange) {
    let now = m.received_at;
    let slot = (m.channel, contact);
    let open = |id| LatestConversation {
        id,
        status: ConversationStatus::Open,
        resolved_at: None,
    };
    match route_inbound(latest.get(&slot).cloned(), now, m.reopen_within) {
        Routing::Continue(id) => (id, ConversationChange::Continued),
        Routing::Reopen(id) => {
            writes.reopened.push(id);
            let changed = ConversationEventKind::StatusChanged {
                from: ConversationStatus::Resolved,
                to: ConversationStatus::Open,
            };
            writes
                .events
                .push((m.org, id, ConversationEventKind::Reopened, now));
            writes.events.push((m.org, id, changed, now));
            latest.insert(slot, open(id));
            (id, ConversationChange::Reopened)
        }
        Routing::New => {
            let id = ConversationId::new_at(now);
            writes.conversations.push((id, m, contact));
            writes
                .events
                .push((m.org, id, ConversationEventKind::Created, now));
            latest.insert(slot, open(id));
            (id, ConversationChange::Created)
        }
    }
}
