use loket_domain::ContactId;
use loket_domain::contact::ChannelIdentity;
use loket_domain::conversation::ConversationEventKind::{self, *};
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::{ConversationId, Timestamp};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

/// The events recorded at `when`, in order.
async fn events_at(
    f: &Fixture,
    conversation: ConversationId,
    when: Timestamp,
) -> Vec<ConversationEventKind> {
    f.store
        .list_conversation_events(f.org.id, conversation)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.at == when)
        .map(|e| e.kind)
        .collect()
}

fn labels(labels: &[&str]) -> Option<Vec<String>> {
    Some(labels.iter().map(|l| (*l).to_owned()).collect())
}

#[tokio::test]
async fn update_conversation_records_exactly_the_real_changes_as_events() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (agent, team) = (
            f.member("agent@utrecht.nl").await,
            f.team("burgerzaken").await,
        );
        let patch = ConversationPatch {
            status: Some(ConversationStatus::Pending),
            assignee: Some(Some(agent)),
            team: Some(Some(team)),
            priority: Some(Priority::High),
            labels: labels(&["paspoort", "afspraak"]),
            snoozed_until: None,
            only_if_unassigned: true,
        };
        let updated = f
            .store
            .update_conversation(f.org.id, conversation, &patch, at(20))
            .await
            .unwrap();
        assert_eq!(
            (
                updated.status,
                updated.assignee,
                updated.team,
                updated.priority
            ),
            (
                ConversationStatus::Pending,
                Some(agent),
                Some(team),
                Priority::High
            )
        );
        assert_eq!(updated.labels, vec!["afspraak", "paspoort"]);
        assert_eq!(
            updated,
            f.store
                .get_conversation(f.org.id, conversation)
                .await
                .unwrap()
        );
        assert_eq!(
            events_at(&f, conversation, at(20)).await,
            vec![
                StatusChanged {
                    from: ConversationStatus::Open,
                    to: ConversationStatus::Pending
                },
                Assigned {
                    assignee: Some(agent.to_string())
                },
                TeamChanged {
                    team: Some(team.to_string())
                },
                PriorityChanged {
                    priority: Priority::High
                },
                LabelAdded {
                    label: "afspraak".into()
                },
                LabelAdded {
                    label: "paspoort".into()
                },
            ]
        );

        // Automatic assignment never overrules a holder: `Conflict`, nothing changes.
        let taken = f
            .store
            .update_conversation(f.org.id, conversation, &patch, at(25))
            .await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
        assert!(events_at(&f, conversation, at(25)).await.is_empty());
        let patch = ConversationPatch {
            only_if_unassigned: false,
            ..patch
        };

        // The same values again, and an empty patch: nothing changes, nothing is recorded.
        let same = f
            .store
            .update_conversation(f.org.id, conversation, &patch, at(30))
            .await
            .unwrap();
        let empty = ConversationPatch::default();
        let unchanged = f
            .store
            .update_conversation(f.org.id, conversation, &empty, at(31))
            .await
            .unwrap();
        assert_eq!((&same, &unchanged), (&updated, &updated));
        assert_eq!(events_at(&f, conversation, at(30)).await, vec![]);
        assert_eq!(events_at(&f, conversation, at(31)).await, vec![]);

        // Unassigning and clearing the team are changes too.
        let clear = ConversationPatch {
            assignee: Some(None),
            team: Some(None),
            ..Default::default()
        };
        let cleared = f
            .store
            .update_conversation(f.org.id, conversation, &clear, at(40))
            .await
            .unwrap();
        assert_eq!((cleared.assignee, cleared.team), (None, None));
        assert_eq!(
            events_at(&f, conversation, at(40)).await,
            vec![Assigned { assignee: None }, TeamChanged { team: None }]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn resolving_sets_resolved_at_and_leaving_resolved_clears_it() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let set = |status| ConversationPatch {
            status: Some(status),
            ..Default::default()
        };

        let resolved = f
            .store
            .update_conversation(
                f.org.id,
                conversation,
                &set(ConversationStatus::Resolved),
                at(20),
            )
            .await
            .unwrap();
        assert_eq!(
            (resolved.status, resolved.resolved_at),
            (ConversationStatus::Resolved, Some(at(20)))
        );
        // Resolving again changes nothing, not even the time.
        let again = f
            .store
            .update_conversation(
                f.org.id,
                conversation,
                &set(ConversationStatus::Resolved),
                at(25),
            )
            .await
            .unwrap();
        assert_eq!(again.resolved_at, Some(at(20)));

        let snoozed = f
            .store
            .update_conversation(
                f.org.id,
                conversation,
                &set(ConversationStatus::Snoozed),
                at(30),
            )
            .await
            .unwrap();
        assert_eq!(
            (snoozed.status, snoozed.resolved_at),
            (ConversationStatus::Snoozed, None)
        );
        assert_eq!(
            events_at(&f, conversation, at(30)).await,
            vec![StatusChanged {
                from: ConversationStatus::Resolved,
                to: ConversationStatus::Snoozed
            }]
        );
        assert_eq!(events_at(&f, conversation, at(25)).await, vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn labels_are_replaced_with_added_and_removed_events_trimmed_and_without_duplicates() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let patch = |l: &[&str]| ConversationPatch {
            labels: labels(l),
            ..Default::default()
        };

        let first = f
            .store
            .update_conversation(
                f.org.id,
                conversation,
                &patch(&[" Paspoort ", "afval", "", "afval"]),
                at(20),
            )
            .await
            .unwrap();
        assert_eq!(first.labels, vec!["Paspoort", "afval"]);

        let second = f
            .store
            .update_conversation(
                f.org.id,
                conversation,
                &patch(&["afval", "parkeren"]),
                at(30),
            )
            .await
            .unwrap();
        assert_eq!(second.labels, vec!["afval", "parkeren"]);
        assert_eq!(
            events_at(&f, conversation, at(30)).await,
            vec![
                LabelAdded {
                    label: "parkeren".into()
                },
                LabelRemoved {
                    label: "Paspoort".into()
                }
            ]
        );
        let filtered = f
            .store
            .list_conversations(
                f.org.id,
                &ConversationFilter {
                    label: Some("parkeren".into()),
                    ..Default::default()
                },
                PageRequest {
                    after: None,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert_eq!(filtered.items.len(), 1);

        let none = f
            .store
            .update_conversation(f.org.id, conversation, &patch(&[]), at(40))
            .await
            .unwrap();
        assert!(none.labels.is_empty());
        assert_eq!(
            events_at(&f, conversation, at(40)).await,
            vec![
                LabelRemoved {
                    label: "afval".into()
                },
                LabelRemoved {
                    label: "parkeren".into()
                }
            ]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn updating_another_organisations_conversation_is_not_found_and_changes_nothing() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let patch = ConversationPatch {
            status: Some(ConversationStatus::Resolved),
            ..Default::default()
        };
        let result = other
            .store
            .update_conversation(other.org.id, conversation, &patch, at(20))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        let unknown = ConversationId::new_at(at(20));
        let result = f
            .store
            .update_conversation(f.org.id, unknown, &patch, at(20))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        assert_eq!(
            f.store
                .get_conversation(f.org.id, conversation)
                .await
                .unwrap()
                .status,
            ConversationStatus::Open
        );
        assert_eq!(events_at(&f, conversation, at(20)).await, vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn get_contact_returns_every_identity_bound_to_the_contact() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let identity = ChannelIdentity {
            wa_id: Some("31612345678".into()),
            user_id: Some("NL.1234567890".into()),
            username: Some("janjansen".into()),
        };
        let (_, conversation, _) = f
            .ingest_new(from_identity("wamid.1", identity.clone(), at(10)))
            .await;
        let contact_id = f
            .store
            .get_conversation(f.org.id, conversation)
            .await
            .unwrap()
            .contact_id;
        let contact = f.store.get_contact(f.org.id, contact_id).await.unwrap();
        assert_eq!(
            (
                contact.id,
                contact.org_id,
                contact.display_name.as_deref(),
                &contact.identity,
                contact.created_at
            ),
            (contact_id, f.org.id, Some("Jan Jansen"), &identity, at(10))
        );

        // A resident known only by phone number.
        let (_, other_conversation, _) = f.ingest_new(text("wamid.2", "31687654321", at(20))).await;
        let other_id = f
            .store
            .get_conversation(f.org.id, other_conversation)
            .await
            .unwrap()
            .contact_id;
        let other = f.store.get_contact(f.org.id, other_id).await.unwrap();
        assert_eq!(
            other.identity,
            ChannelIdentity {
                wa_id: Some("31687654321".into()),
                ..Default::default()
            }
        );

        let elsewhere = Fixture::named(&db, "amersfoort", "2002").await;
        for (org, id) in [
            (elsewhere.org.id, contact_id),
            (f.org.id, ContactId::new_at(at(30))),
        ] {
            let result = f.store.get_contact(org, id).await;
            assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        }
        db.cleanup().await;
    }
}
