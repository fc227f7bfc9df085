//! The people tests' harness: an engine with three organisations, users, sign-in.

use std::sync::Arc;

use loket_domain::people::{Locale, Role};
use loket_domain::time::ManualClock;
use loket_engine::people::{NewSession, NewUserRequest, SignInOutcome};
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_engine::records::NewTeam;
use loket_engine::{Engine, EngineOptions};
use loket_store::testing::TestDb;
use secrecy::SecretString;

pub const PASSWORD: &str = "correct horse battery staple";
pub const ADDRESS: &str = "192.0.2.7";

pub struct People {
    pub engine: Engine,
    pub clock: Arc<ManualClock>,
    _blobs: tempfile::TempDir,
}

pub fn org(slug: &str, require_2fa: bool, teams: &[&str]) -> OrgSpec {
    OrgSpec {
        slug: slug.into(),
        name: format!("Gemeente {slug}"),
        api_tokens: vec![],
        reopen_within: None,
        teams: teams
            .iter()
            .map(|t| NewTeam {
                slug: (*t).into(),
                name: format!("Team {t}"),
            })
            .collect(),
        require_2fa,
        whatsapp_channels: vec![],
    }
}

impl People {
    /// An engine over `db` with organisations `utrecht` (teams `burgerzaken`, `wmo`),
    /// `zeist` (team `afval`) and `veilig` (requires 2FA).
    pub async fn on(db: &TestDb) -> Self {
        Self::with_options(db, EngineOptions::default()).await
    }

    /// As [`People::on`], with these engine options.
    pub async fn with_options(db: &TestDb, options: EngineOptions) -> Self {
        println!("backend: {:?}", db.backend);
        let clock = Arc::new(ManualClock::new("2026-11-19T09:30:00Z".parse().unwrap()));
        let blobs = tempfile::tempdir().unwrap();
        let store =
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs.path()).unwrap());
        let engine = Engine::with_options(
            db.store.clone(),
            clock.clone(),
            store,
            reqwest::Client::new(),
            options,
        );
        // Utrecht has the WhatsApp channel of `super::provisioning()`, for conversations.
        let whatsapp = super::provisioning();
        let mut utrecht = org("utrecht", false, &["burgerzaken", "wmo"]);
        utrecht.whatsapp_channels = whatsapp.organisations[0].whatsapp_channels.clone();
        let spec = Provisioning {
            apps: whatsapp.apps,
            organisations: vec![
                utrecht,
                org("zeist", false, &["afval"]),
                org("veilig", true, &[]),
            ],
        };
        engine.provision(&spec).await.unwrap();
        Self {
            engine,
            clock,
            _blobs: blobs,
        }
    }

    pub async fn add(&self, email: &str, org: &str, role: Role) -> loket_domain::UserId {
        let added = self
            .engine
            .add_user(NewUserRequest {
                email: email.into(),
                name: "Anna de Vries".into(),
                membership: Some((org.into(), role)),
                operator: false,
                locale: Locale::Nl,
                password: Some(SecretString::from(PASSWORD)),
            })
            .await
            .unwrap();
        added.user.id
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> SignInOutcome {
        self.engine
            .sign_in(email, SecretString::from(password), ADDRESS, None)
            .await
            .unwrap()
    }

    pub async fn signed_in(&self, email: &str) -> NewSession {
        match self.sign_in(email, PASSWORD).await {
            SignInOutcome::SignedIn(session) => *session,
            other => panic!("expected a session, got {other:?}"),
        }
    }

    pub async fn org_id(&self, slug: &str) -> loket_domain::OrgId {
        self.engine
            .find_organisation_by_slug(slug)
            .await
            .unwrap()
            .unwrap()
            .id
    }
}

pub fn now(p: &People) -> loket_domain::Timestamp {
    loket_domain::Clock::now(&*p.clock)
}
