//! `spawn_apps()`: one running Loket per test database, with an organisation whose
//! WhatsApp channel is wired to a fresh Graph API simulator.

use std::sync::Arc;

use loket_domain::Timestamp;
use loket_domain::time::ManualClock;
use loket_engine::Engine;
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_engine::testing::{TestBlobs, local_blobs, s3_blobs};
use loket_sim::{GraphSim, SimConfig};
use loket_store::testing::{TestDb, test_databases};
use loket_store::{Backend, DynStore, MetaApp, NewWhatsappChannel};
use loket_web::AppState;
use serde_json::Value;
use tokio::sync::watch;

pub const TOKEN: &str = "test-token-voorbeeld-0001";
pub const OTHER_TOKEN: &str = "test-token-andere-gemeente";
pub const ADMIN_TOKEN: &str = "test-admin-token-00000001";

pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub engine: Engine,
    /// The same database the engine uses, for assertions the API does not expose.
    pub store: DynStore,
    pub sim: GraphSim,
    pub clock: Arc<ManualClock>,
    pub backend: Backend,
    db: TestDb,
    stop: watch::Sender<bool>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Where this app keeps media (a local directory unless the test asked for every kind).
    pub blobs: TestBlobs,
    /// Seals the database's secrets; a second instance must start with the same one.
    secret_key: loket_engine::secrets::SecretKey,
}

/// Every object in a blob store, `(key, bytes)`, by key.
pub async fn every_blob(store: &Arc<dyn object_store::ObjectStore>) -> Vec<(String, bytes::Bytes)> {
    use futures::TryStreamExt;
    use object_store::ObjectStoreExt;
    let listed: Vec<_> = store.list(None).try_collect().await.unwrap();
    let mut blobs = Vec::new();
    for meta in listed {
        let bytes = store
            .get(&meta.location)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        blobs.push((meta.location.to_string(), bytes));
    }
    blobs.sort_by(|a, b| a.0.cmp(&b.0));
    blobs
}

/// A realistic "now": a weekday morning in November 2026.
pub fn start_time() -> Timestamp {
    "2026-11-19T09:30:00Z".parse().unwrap()
}

/// One app per available backend, each with the channel provisioned.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in test_databases().await {
        apps.push(spawn_app(db, true, local_blobs()).await);
    }
    apps
}

/// Every backend on a local blob directory, then every backend on an S3 bucket (when
/// `LOKET_TEST_S3_ENDPOINT` is set): for the tests that keep or read media.
pub async fn spawn_apps_on_every_blob_store() -> Vec<TestApp> {
    let mut apps = spawn_apps().await;
    apps.extend(spawn_apps_on_s3().await);
    apps
}

/// Every backend, each with a bucket of its own on the S3 test server; none (and a line
/// saying S3 was skipped) when `LOKET_TEST_S3_ENDPOINT` is not set.
pub async fn spawn_apps_on_s3() -> Vec<TestApp> {
    let Some(first) = s3_blobs().await else {
        return Vec::new();
    };
    let mut bucket = Some(first);
    let mut apps = Vec::new();
    for db in test_databases().await {
        let blobs = match bucket.take() {
            Some(b) => b,
            None => s3_blobs().await.expect("the S3 test server"),
        };
        apps.push(spawn_app(db, true, blobs).await);
    }
    apps
}

/// One app per backend whose organisation has no channel yet.
pub async fn spawn_apps_without_channel() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in test_databases().await {
        apps.push(spawn_app(db, false, local_blobs()).await);
    }
    apps
}

async fn spawn_app(db: TestDb, with_channel: bool, blobs: TestBlobs) -> TestApp {
    let clock = Arc::new(ManualClock::new(start_time()));
    let server_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", server_listener.local_addr().unwrap());
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = SimConfig::example(format!("{url}/webhooks/whatsapp"));
    let sim = GraphSim::start(sim_listener, config, clock.clone())
        .await
        .unwrap();
    sim.set_status_plan(loket_sim::StatusPlan::immediate());
    let secret_key = loket_engine::secrets::SecretKey::generate();
    let options = loket_engine::EngineOptions {
        send_timeout: std::time::Duration::from_secs(2),
        secret_key: secret_key.clone(),
        ..Default::default()
    };
    let engine = Engine::with_options(
        db.store.clone(),
        clock.clone(),
        blobs.store.clone(),
        reqwest::Client::new(),
        options,
    );
    engine
        .provision(&provisioning(&sim, with_channel))
        .await
        .unwrap();
    let state = AppState {
        engine: engine.clone(),
        admin_token_hashes: Arc::new(vec![loket_engine::provision::hash_api_token(ADMIN_TOKEN)]),
        web: crate::settings::test_web_settings(),
    };
    let (stop, mut stopped) = watch::channel(false);
    let server = tokio::spawn(loket_web::serve(
        server_listener,
        loket_web::router(state),
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
    ));
    TestApp {
        url,
        http: reqwest::Client::new(),
        engine,
        store: db.store.clone(),
        sim,
        clock,
        backend: db.backend,
        db,
        stop,
        server,
        blobs,
        secret_key,
    }
}

/// The organisation "voorbeeld" (with the simulator's number when `with_channel`) and a
/// second organisation "andere" that must never see voorbeeld's data.
pub fn provisioning(sim: &GraphSim, with_channel: bool) -> Provisioning {
    let c = sim.config();
    let channel = NewWhatsappChannel {
        name: "WhatsApp".into(),
        app_name: "default".into(),
        phone_number_id: c.phone_number_id.clone(),
        display_phone_number: c.display_phone_number.clone(),
        waba_id: c.waba_id.clone(),
        access_token: c.access_token.clone(),
    };
    Provisioning {
        apps: vec![MetaApp {
            name: "default".into(),
            app_secret: c.app_secret.clone(),
            verify_token: c.verify_token.clone(),
            graph_base_url: sim.base_url(),
        }],
        organisations: vec![
            OrgSpec {
                slug: "voorbeeld".into(),
                name: "Gemeente Voorbeeld".into(),
                api_tokens: vec![TOKEN.into()],
                reopen_within: None,
                teams: vec![team("burgerzaken")],
                require_2fa: false,
                whatsapp_channels: if with_channel { vec![channel] } else { vec![] },
            },
            OrgSpec {
                slug: "andere".into(),
                name: "Andere Gemeente".into(),
                api_tokens: vec![OTHER_TOKEN.into()],
                reopen_within: None,
                teams: vec![team("afval")],
                require_2fa: false,
                whatsapp_channels: vec![],
            },
        ],
    }
}

fn team(slug: &str) -> loket_engine::records::NewTeam {
    loket_engine::records::NewTeam {
        slug: slug.into(),
        name: format!("Team {slug}"),
    }
}

impl TestApp {
    /// A new agent of `org` (`voorbeeld` or `andere`); their user id.
    pub async fn agent(&self, email: &str, org: &str) -> String {
        let request = loket_engine::people::NewUserRequest {
            email: email.into(),
            name: email.into(),
            membership: Some((org.into(), loket_domain::people::Role::Agent)),
            operator: false,
            locale: Default::default(),
            password: None,
        };
        let added = self.engine.add_user(request).await.unwrap();
        added.user.id.to_string()
    }

    /// The id of a declared team of `org` (`burgerzaken` of `voorbeeld`, `afval` of `andere`).
    pub async fn team_id(&self, org: &str, slug: &str) -> String {
        let org = self.engine.find_organisation_by_slug(org).await.unwrap();
        let teams = self.engine.list_teams(org.unwrap().id).await.unwrap();
        let team = teams.into_iter().find(|t| t.slug == slug).unwrap();
        team.id.to_string()
    }

    pub async fn get_with(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// GET with the organisation's token; asserts 200 and returns the JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get_with(path, Some(TOKEN)).await;
        assert_eq!(response.status(), 200, "GET {path} on {:?}", self.backend);
        response.json().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .patch(format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A resident writes; returns the new conversation's id.
    pub async fn resident_writes(&self, text: &str) -> String {
        let r = loket_sim::Resident::new("Fatima de Vries", "31612345678");
        let envelope = self
            .sim
            .envelope(vec![self.sim.text(&r, text)], vec![r.contact()]);
        assert_eq!(self.sim.deliver(&envelope).await.unwrap().status, 200);
        self.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// One message of a conversation by id.
    pub async fn message(&self, conversation: &str, id: &str) -> Value {
        let detail = self
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        detail["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .cloned()
            .expect("message in conversation")
    }

    /// Run due jobs, deliver the simulator's status webhooks, repeat until quiet.
    pub async fn settle(&self) {
        for _ in 0..5 {
            self.run_jobs().await;
            self.sim.flush_statuses().await;
        }
    }

    pub async fn conversations(&self) -> Vec<Value> {
        self.get_json("/api/v1/conversations?limit=100").await["items"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Every message of every conversation.
    pub async fn all_messages(&self) -> Vec<Value> {
        let mut all = Vec::new();
        for c in self.conversations().await {
            let detail = self
                .get_json(&format!(
                    "/api/v1/conversations/{}",
                    c["id"].as_str().unwrap()
                ))
                .await;
            all.extend(detail["messages"].as_array().unwrap().iter().cloned());
        }
        all
    }

    /// Run queued jobs until none is due.
    pub async fn run_jobs(&self) -> usize {
        let mut n = 0;
        while self.engine.run_next_job().await.unwrap().is_some() {
            n += 1;
        }
        n
    }

    /// Another Loket instance on the same database and blob store (its own connections and
    /// bucket client), as a second `loket serve` behind the same load balancer would be.
    pub async fn second_instance(&self) -> Engine {
        self.second_instance_with(loket_engine::live::LiveOptions::default())
            .await
    }

    /// [`Self::second_instance`] with its own live event tunables.
    pub async fn second_instance_with(&self, live: loket_engine::live::LiveOptions) -> Engine {
        let store = loket_store::connect(&self.db.url)
            .await
            .expect("a second connection to the test database");
        let options = loket_engine::EngineOptions {
            send_timeout: std::time::Duration::from_secs(2),
            secret_key: self.secret_key.clone(),
            live,
            ..Default::default()
        };
        let engine = Engine::with_options(
            store,
            self.clock.clone(),
            self.blobs.reopen(),
            reqwest::Client::new(),
            options,
        );
        engine
            .load_apps()
            .await
            .expect("the second instance loads the apps");
        engine
    }

    /// The text columns of what `sql` selects, to check what is really stored (issue 10).
    pub async fn fetch_strings(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        self.db.fetch_strings(sql).await.unwrap()
    }

    /// Raw SQL on the app's database, for states no API can make (damaged rows).
    pub async fn execute_sql(&self, sql: &str) {
        self.db.execute_sql(sql).await.unwrap();
    }

    pub async fn cleanup(self) {
        let _ = self.stop.send(true);
        self.engine.end_live_streams();
        let _ = self.server.await;
        self.sim.shutdown().await;
        self.db.cleanup().await;
    }
}
