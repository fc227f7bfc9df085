//! Deterministic synthesis of conversations: the same seed gives the same rows (except the
//! random bits of the ids), and each conversation's queue columns follow from its messages
//! exactly as the store keeps them (`last_message_id`, `waiting_since`, `unread_count`).

use loket_domain::delivery::DeliveryStatus;
use loket_domain::message::{Content, Direction, Media, MediaKind, MessageContext, SenderKind};
use loket_domain::time::{from_micros, to_micros};
use loket_domain::{ChannelId, ContactId, ConversationId, MessageId, TeamId, Timestamp, UserId};
use loket_store::MediaState;
use loket_store::bulk::{BulkContact, BulkConversation, BulkMessage};

use super::shape::{Frame, shape};
use super::texts::{AGENT_REPLIES, FIRST_NAMES, LAST_NAMES, RESIDENT_SHORT, TOPICS};

/// The label the long conversations carry, so a benchmark can find one.
pub const LONG_LABEL: &str = "bench-200";
pub const LONG_MESSAGES: u64 = 200;
const MINUTE: i64 = 60_000_000;
const DAY: i64 = 24 * 60 * MINUTE;

/// A small, fast, seedable generator (SplitMix64): enough for test data, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// In `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Who and where: the organisation's channels, agents (the known admin first) and teams.
pub struct Cast {
    pub channels: Vec<ChannelId>,
    pub agents: Vec<UserId>,
    pub teams: Vec<TeamId>,
}

/// One conversation's rows; `contact` is `None` when the resident wrote before.
pub struct Generated {
    pub contact: Option<BulkContact>,
    pub conversation: BulkConversation,
    pub messages: Vec<BulkMessage>,
}

pub struct Synth {
    rng: Rng,
    cast: Cast,
    now: i64,
    start: i64,
    total: u64,
    long_every: u64,
    /// Per conversation so far: its contact and channel (index into `cast.channels`).
    residents: Vec<(ContactId, u8)>,
    contacts_made: u64,
    provider_seq: u64,
}

impl Synth {
    /// `total` conversations spread over the `days` before `now`; every `long_every`-th has
    /// [`LONG_MESSAGES`] messages.
    pub fn new(
        seed: u64,
        cast: Cast,
        now: Timestamp,
        days: i64,
        total: u64,
        long_every: u64,
    ) -> Self {
        let now = to_micros(now);
        Self {
            rng: Rng::new(seed),
            cast,
            now,
            start: now - days * DAY,
            total,
            long_every: long_every.max(1),
            residents: Vec::with_capacity(total as usize),
            contacts_made: 0,
            provider_seq: 0,
        }
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    pub fn is_long(&self, index: u64) -> bool {
        index % self.long_every == self.long_every / 2
    }

    /// Conversation `index` (called in order 0, 1, 2…) with `messages` messages (≥ 1).
    pub fn conversation(&mut self, index: u64, messages: u64) -> Generated {
        let slot = (self.now - self.start) / self.total.max(1) as i64;
        let created = self.start + index as i64 * slot + self.rng.below(slot.max(1) as u64) as i64;
        let (contact, channel) = self.resident(index, created);
        let topic = self.rng.below(TOPICS.len() as u64) as usize;
        let id = ConversationId::new_at(from_micros(created));
        let channel_id = self.cast.channels[channel as usize];
        let contact_id = contact
            .as_ref()
            .map_or_else(|| self.residents[index as usize].0, |c| c.id);
        let rows = self.messages(id, channel_id, topic, created, messages);
        let frame = Frame {
            id,
            channel: channel_id,
            contact: contact_id,
            topic,
            created,
            now: self.now,
            long: self.is_long(index),
            messages: &rows,
        };
        let conversation = shape(&mut self.rng, &self.cast, frame);
        Generated {
            contact,
            conversation,
            messages: rows,
        }
    }

    /// A new resident, or (15%) one who wrote before on the other channel.
    fn resident(&mut self, index: u64, created: i64) -> (Option<BulkContact>, u8) {
        let channels = self.cast.channels.len() as u8;
        if index > 10_000 && channels > 1 && self.rng.chance(15) {
            let earlier = index - 5_000 - self.rng.below(5_000);
            let (contact, channel) = self.residents[earlier as usize];
            let channel = (channel + 1) % channels;
            self.residents.push((contact, channel));
            return (None, channel);
        }
        let channel = if self.rng.chance(75) {
            0
        } else {
            (channels - 1).min(1)
        };
        let seq = self.contacts_made;
        self.contacts_made += 1;
        let name = self.rng.chance(90).then(|| {
            format!(
                "{} {}",
                self.rng.pick(&FIRST_NAMES),
                self.rng.pick(&LAST_NAMES)
            )
        });
        let contact = BulkContact {
            id: ContactId::new_at(from_micros(created)),
            display_name: name,
            wa_id: format!("316{:08}", seq % 100_000_000),
            created_at: from_micros(created),
        };
        self.residents.push((contact.id, channel));
        (Some(contact), channel)
    }

    fn messages(
        &mut self,
        conversation: ConversationId,
        channel: ChannelId,
        topic: usize,
        created: i64,
        count: u64,
    ) -> Vec<BulkMessage> {
        let mut out: Vec<BulkMessage> = Vec::with_capacity(count as usize);
        let mut at = created;
        for n in 0..count {
            let inbound = n == 0
                || match out.last() {
                    Some(m) if m.direction == Direction::Inbound => self.rng.chance(35),
                    _ => self.rng.chance(80),
                };
            let left = (self.now - at) / (count - n + 1) as i64;
            if n > 0 {
                at += (MINUTE + self.rng.below(30 * MINUTE as u64) as i64).min(left.max(1));
            }
            let message = if inbound {
                self.inbound(&out, topic, n == 0)
            } else {
                self.outbound()
            };
            let (content, context, reply_to, media) = message;
            self.provider_seq += 1;
            let direction = if inbound {
                Direction::Inbound
            } else {
                Direction::Outbound
            };
            let age = self.now - at;
            out.push(BulkMessage {
                id: MessageId::new_at(from_micros(at)),
                conversation_id: conversation,
                channel_id: channel,
                direction,
                sender: if inbound {
                    SenderKind::Resident
                } else {
                    SenderKind::Agent
                },
                provider_message_id: format!("wamid.bulk.{:012x}", self.provider_seq),
                content,
                context,
                reply_to_message_id: reply_to,
                sent_at: from_micros(at),
                status: (!inbound).then_some(if age > DAY {
                    DeliveryStatus::Read
                } else {
                    DeliveryStatus::Delivered
                }),
                media,
            });
        }
        out
    }

    #[allow(clippy::type_complexity)]
    fn inbound(
        &mut self,
        earlier: &[BulkMessage],
        topic: usize,
        first: bool,
    ) -> (
        Content,
        MessageContext,
        Option<MessageId>,
        Option<MediaState>,
    ) {
        let (_, openers, follow_up) = TOPICS[topic];
        let mut context = MessageContext::default();
        let mut reply_to = None;
        if first {
            let body = (*self.rng.pick(openers)).to_owned();
            return (Content::Text { body }, context, None, None);
        }
        let roll = self.rng.below(100);
        let last_out = earlier
            .iter()
            .rev()
            .find(|m| m.direction == Direction::Outbound);
        if roll < 3 {
            let (kind, mime, caption, voice) = match self.rng.below(3) {
                0 => (MediaKind::Image, "image/jpeg", Some(follow_up), false),
                1 => (MediaKind::Document, "application/pdf", None, false),
                _ => (MediaKind::Audio, "audio/ogg", None, true),
            };
            let media = Media {
                kind,
                provider_media_id: format!("bulk-media-{}", self.provider_seq),
                mime_type: Some(mime.into()),
                sha256: None,
                caption: caption.map(str::to_owned),
                filename: (kind == MediaKind::Document).then(|| "brief-gemeente.pdf".into()),
                voice,
                animated: false,
            };
            let state = MediaState::Stored {
                blob_key: format!("bulk/{}", self.provider_seq),
                size: 20_000 + self.rng.below(2_000_000),
                mime_type: Some(mime.into()),
            };
            return (Content::Media(media), context, None, Some(state));
        }
        if let (true, Some(target)) = (roll < 5, last_out) {
            let content = Content::Reaction {
                target: target.provider_message_id.clone(),
                emoji: Some("👍".into()),
            };
            return (content, context, None, None);
        }
        if let (true, Some(target)) = (roll < 9, last_out) {
            context.reply_to = Some(target.provider_message_id.clone());
            reply_to = Some(target.id);
        }
        let body = if self.rng.chance(40) {
            follow_up.to_owned()
        } else {
            (*self.rng.pick(&RESIDENT_SHORT)).to_owned()
        };
        (Content::Text { body }, context, reply_to, None)
    }

    #[allow(clippy::type_complexity)]
    fn outbound(
        &mut self,
    ) -> (
        Content,
        MessageContext,
        Option<MessageId>,
        Option<MediaState>,
    ) {
        let body = (*self.rng.pick(&AGENT_REPLIES)).to_owned();
        (
            Content::Text { body },
            MessageContext::default(),
            None,
            None,
        )
    }
}
