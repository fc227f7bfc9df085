//! Auto-assignment through the engine, on both databases: new conversations go round robin
//! to the online agents of the configured team below capacity (the team is set too); away
//! colleagues and full ones are skipped; a channel can switch it off; going offline hands
//! conversations back when the organisation says so; unknown teams are refused.

use loket_domain::assignment::{Availability, WhenOffline};
use loket_domain::people::{Locale, Role};
use loket_domain::{OrgId, UserId};
use loket_engine::Engine;
use loket_engine::assignment::{AutoAssignConfig, OrgAutoAssign};
use loket_engine::commit::GroupCommitConfig;
use loket_engine::people::NewUserRequest;
use loket_engine::provision::Provisioning;
use loket_engine::records::NewTeam;
use loket_store::testing::test_databases;

fn provisioning() -> Provisioning {
    let mut p = super::provisioning();
    p.organisations[0].teams = vec![NewTeam {
        slug: "kcc".into(),
        name: "KCC".into(),
    }];
    p
}

async fn agent(engine: &Engine, org: OrgId, email: &str, team: bool) -> UserId {
    let added = engine
        .add_user(NewUserRequest {
            email: email.into(),
            name: email.into(),
            membership: Some(("voorbeeld".into(), Role::Agent)),
            operator: false,
            locale: Locale::Nl,
            password: None,
        })
        .await
        .unwrap();
    if team {
        let teams = engine.list_teams(org).await.unwrap();
        let kcc = teams.iter().find(|t| t.slug == "kcc").unwrap().id;
        engine
            .add_team_member(org, kcc, added.user.id)
            .await
            .unwrap();
    }
    added.user.id
}

fn rule(capacity: u32, when_offline: WhenOffline) -> OrgAutoAssign {
    OrgAutoAssign {
        slug: "voorbeeld".into(),
        organisation: Some(AutoAssignConfig {
            team: Some("kcc".into()),
            capacity,
            when_offline,
        }),
        channels: vec![],
    }
}

static FILTER: std::sync::LazyLock<loket_store::ConversationFilter> =
    std::sync::LazyLock::new(Default::default);

fn page() -> loket_store::PageRequest {
    loket_store::PageRequest {
        after: None,
        limit: 100,
    }
}

/// Resident `i` writes (a new conversation); who got it.
async fn new_conversation(engine: &Engine, org: OrgId, i: usize) -> Option<UserId> {
    engine
        .submit(super::webhook(i, "1122334455667"))
        .await
        .unwrap();
    let list = engine.list_conversations(org, &FILTER, page());
    let list = list.await.unwrap();
    let newest = list
        .items
        .iter()
        .find(|c| c.conversation.contact_name.as_deref() == Some(&*format!("Inwoner {i}")))
        .unwrap();
    newest.conversation.assignee
}

#[tokio::test]
async fn new_conversations_go_round_robin_to_online_team_members_below_capacity() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let anna = agent(&engine, org, "anna@voorbeeld.nl", true).await;
        let bram = agent(&engine, org, "bram@voorbeeld.nl", true).await;
        let cees = agent(&engine, org, "cees@voorbeeld.nl", true).await;
        let dirk = agent(&engine, org, "dirk@voorbeeld.nl", false).await;
        for (user, a) in [
            (anna, Availability::Online),
            (bram, Availability::Online),
            (cees, Availability::Away),
            (dirk, Availability::Online),
        ] {
            engine.set_availability(org, user, a).await.unwrap();
        }
        // Without a rule nothing is assigned.
        assert_eq!(new_conversation(&engine, org, 1).await, None);

        engine
            .apply_auto_assignment(&[rule(2, WhenOffline::Keep)])
            .await
            .unwrap();
        let got: Vec<_> = [
            new_conversation(&engine, org, 2).await,
            new_conversation(&engine, org, 3).await,
            new_conversation(&engine, org, 4).await,
            new_conversation(&engine, org, 5).await,
            new_conversation(&engine, org, 6).await,
        ]
        .into_iter()
        .collect();
        // Two each (capacity 2), alternating; nobody away or outside the team; then the queue.
        let first = got[0].unwrap();
        let second = if first == anna { bram } else { anna };
        assert_eq!(
            got,
            vec![Some(first), Some(second), Some(first), Some(second), None]
        );
        let items = engine.list_conversations(org, &FILTER, page());
        let items = items.await.unwrap().items;
        let teams = engine.list_teams(org).await.unwrap();
        let kcc = teams.iter().find(|t| t.slug == "kcc").unwrap().id;
        assert!(
            items
                .iter()
                .filter(|c| c.conversation.assignee.is_some())
                .all(|c| c.conversation.team == Some(kcc)),
            "the rule's team comes with the assignment"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn going_offline_hands_conversations_back_only_where_configured_and_channels_can_opt_out() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let anna = agent(&engine, org, "anna@voorbeeld.nl", true).await;
        engine
            .set_availability(org, anna, Availability::Online)
            .await
            .unwrap();

        engine
            .apply_auto_assignment(&[rule(8, WhenOffline::Keep)])
            .await
            .unwrap();
        assert_eq!(new_conversation(&engine, org, 1).await, Some(anna));
        assert_eq!(
            engine
                .set_availability(org, anna, Availability::Offline)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            engine.availability(org, anna).await.unwrap(),
            Availability::Offline
        );

        engine
            .set_availability(org, anna, Availability::Online)
            .await
            .unwrap();
        engine
            .apply_auto_assignment(&[rule(8, WhenOffline::Unassign)])
            .await
            .unwrap();
        assert_eq!(new_conversation(&engine, org, 2).await, Some(anna));
        let handed_back = engine
            .set_availability(org, anna, Availability::Offline)
            .await;
        assert_eq!(handed_back.unwrap(), 2);
        let items = engine.list_conversations(org, &FILTER, page());
        assert!(
            items
                .await
                .unwrap()
                .items
                .iter()
                .all(|c| c.conversation.assignee.is_none())
        );

        // The channel switches it off for itself.
        engine
            .set_availability(org, anna, Availability::Online)
            .await
            .unwrap();
        let mut off = rule(8, WhenOffline::Keep);
        off.channels = vec![("1122334455667".into(), None)];
        engine.apply_auto_assignment(&[off]).await.unwrap();
        assert_eq!(new_conversation(&engine, org, 3).await, None);

        // A team that does not exist is refused and the rules in force stay.
        let mut wrong = rule(8, WhenOffline::Keep);
        wrong.organisation.as_mut().unwrap().team = Some("bestaat-niet".into());
        assert!(engine.apply_auto_assignment(&[wrong]).await.is_err());
        assert_eq!(new_conversation(&engine, org, 4).await, None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn conversations_waiting_unassigned_go_to_a_colleague_who_comes_online_up_to_capacity() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let anna = agent(&engine, org, "anna@voorbeeld.nl", true).await;
        let bram = agent(&engine, org, "bram@voorbeeld.nl", true).await;
        engine
            .apply_auto_assignment(&[rule(2, WhenOffline::Keep)])
            .await
            .unwrap();
        // Nobody is online: three residents wait in the queue.
        for i in 1..=3 {
            assert_eq!(new_conversation(&engine, org, i).await, None);
        }
        let held_by = |user: UserId| {
            let engine = engine.clone();
            async move {
                let list = engine.list_conversations(org, &FILTER, page()).await;
                let items = list.unwrap().items;
                let mut names: Vec<String> = items
                    .iter()
                    .filter(|c| c.conversation.assignee == Some(user))
                    .filter_map(|c| c.conversation.contact_name.clone())
                    .collect();
                names.sort();
                names
            }
        };

        engine
            .set_availability(org, anna, Availability::Online)
            .await
            .unwrap();
        // The two who waited longest, no more than her capacity.
        assert_eq!(held_by(anna).await, ["Inwoner 1", "Inwoner 2"]);

        // Bram comes online: he gets the third; nothing is taken from Anna.
        engine
            .set_availability(org, bram, Availability::Online)
            .await
            .unwrap();
        assert_eq!(held_by(bram).await, ["Inwoner 3"]);
        assert_eq!(held_by(anna).await, ["Inwoner 1", "Inwoner 2"]);

        // Capacity frees up when Anna resolves one; the worker's pass hands out the next.
        assert_eq!(new_conversation(&engine, org, 4).await, Some(bram));
        assert_eq!(new_conversation(&engine, org, 5).await, None);
        let list = engine.list_conversations(org, &FILTER, page()).await;
        let first = list
            .unwrap()
            .items
            .into_iter()
            .find(|c| c.conversation.contact_name.as_deref() == Some("Inwoner 1"))
            .unwrap();
        let resolve = loket_store::ConversationPatch {
            status: Some(loket_domain::conversation::ConversationStatus::Resolved),
            ..Default::default()
        };
        engine
            .update_conversation(org, first.conversation.id, resolve)
            .await
            .unwrap();
        assert_eq!(engine.assign_waiting(org).await.unwrap(), 1);
        assert_eq!(held_by(anna).await, ["Inwoner 1", "Inwoner 2", "Inwoner 5"]);
        assert_eq!(engine.assign_waiting(org).await.unwrap(), 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn automatic_assignment_never_takes_a_conversation_a_colleague_holds() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let anna = agent(&engine, org, "anna@voorbeeld.nl", true).await;
        let bram = agent(&engine, org, "bram@voorbeeld.nl", true).await;
        assert_eq!(new_conversation(&engine, org, 1).await, None);
        let list = engine.list_conversations(org, &FILTER, page()).await;
        let id = list.unwrap().items[0].conversation.id;
        let take = |user| loket_store::ConversationPatch {
            assignee: Some(Some(user)),
            only_if_unassigned: true,
            ..Default::default()
        };
        engine
            .update_conversation(org, id, take(anna))
            .await
            .unwrap();
        let second = engine.update_conversation(org, id, take(bram)).await;
        assert!(
            matches!(second, Err(loket_engine::EngineError::Conflict(_))),
            "{second:?}"
        );
        let list = engine.list_conversations(org, &FILTER, page()).await;
        assert_eq!(list.unwrap().items[0].conversation.assignee, Some(anna));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_waiting_conversation_routed_to_another_team_is_not_handed_to_the_rules_team() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = super::engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let org = engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let anna = agent(&engine, org, "anna@voorbeeld.nl", true).await;
        let afval = engine.create_team(org, "afval", "Afval").await.unwrap();
        engine
            .apply_auto_assignment(&[rule(8, WhenOffline::Keep)])
            .await
            .unwrap();
        assert_eq!(new_conversation(&engine, org, 1).await, None);
        assert_eq!(new_conversation(&engine, org, 2).await, None);
        let list = engine.list_conversations(org, &FILTER, page()).await;
        let items = list.unwrap().items;
        let routed = items
            .iter()
            .find(|c| c.conversation.contact_name.as_deref() == Some("Inwoner 1"))
            .unwrap()
            .conversation
            .id;
        let to_afval = loket_store::ConversationPatch {
            team: Some(Some(afval.id)),
            ..Default::default()
        };
        engine
            .update_conversation(org, routed, to_afval)
            .await
            .unwrap();

        engine
            .set_availability(org, anna, Availability::Online)
            .await
            .unwrap();
        let list = engine.list_conversations(org, &FILTER, page()).await;
        for item in list.unwrap().items {
            let name = item.conversation.contact_name.as_deref();
            let expected = (name == Some("Inwoner 2")).then_some(anna);
            assert_eq!(item.conversation.assignee, expected, "{name:?}");
        }
        db.cleanup().await;
    }
}
