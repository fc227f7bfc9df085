//! `loket demo`: Loket on a fresh SQLite file, a WhatsApp channel wired to the built-in Graph
//! API simulator, and simulated residents writing in Dutch. Zero set-up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use loket_domain::Timestamp;
use loket_sim::{GraphSim, Pace, SimConfig, Traffic};
use tokio::net::TcpListener;

use crate::runtime;
use crate::settings::Settings;

/// The demo organisation's API token (printed; the demo is local only).
pub const DEMO_TOKEN: &str = "dev-token-voorbeeld";

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address Loket listens on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The database; the default SQLite file is started afresh each run.
    #[arg(long, default_value = "sqlite://loket-demo.db")]
    pub database_url: String,
    /// Where media files go.
    #[arg(long, default_value = "loket-demo-data")]
    pub data_dir: PathBuf,
    /// How many resident messages per minute.
    #[arg(long, default_value_t = 20)]
    pub per_minute: u32,
    /// Stop by itself after this many seconds (default: until Ctrl-C).
    #[arg(long = "for")]
    pub run_for: Option<u64>,
    /// The Rijksoverheid question/answer CSV files the knowledge base is seeded with
    /// (skipped, saying so, when the folder is not there).
    #[arg(long, default_value = "../shared/fixtures/faq")]
    pub kb_fixtures: PathBuf,
    /// Run on simulated time from this moment: a local date-time in Europe/Amsterdam
    /// (2026-12-05T22:00) or RFC 3339. Gives the demo organisation office hours
    /// (Mon-Fri 8.30-17.00, Thu until 20.00); without it, it is always open.
    #[arg(long, value_parser = crate::demo_clock::parse_start_at)]
    pub start_at: Option<Timestamp>,
    /// How many times faster than real time the simulated time runs (above 0, at most
    /// 10000). --per-minute and --for stay in real time, so the screen stays readable.
    #[arg(long, default_value = "1", value_parser = crate::demo_clock::parse_speed)]
    pub speed: f64,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    if let Some(path) = args.database_url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    // One clock for Loket, the simulator, the residents and the scripted agent.
    let time = crate::demo_clock::DemoClock::new(args.start_at, args.speed)?;
    let clock = time.clock.clone();
    let listener = TcpListener::bind(args.listen).await.with_context(|| {
        format!(
            "binding {} (is another Loket running? try --listen 127.0.0.1:8081)",
            args.listen
        )
    })?;
    let url = format!("http://{}", listener.local_addr()?);
    let sim_listener = TcpListener::bind("127.0.0.1:0").await?;
    let sim = GraphSim::start(
        sim_listener,
        SimConfig::example(format!("{url}/webhooks/whatsapp")),
        clock.clone(),
    )
    .await?;
    let key = demo_secret_key(&args.data_dir)?;
    let settings = Settings::from_toml(&demo_config(&sim, &args, &key))?;
    let loket = runtime::start(&settings, clock, listener).await?;
    let logins = crate::demo_logins::create(&loket.engine).await?;
    seed_labels(&loket.engine).await?;
    crate::demo_automation::seed(&loket.engine).await?;
    crate::demo_replies::seed(&loket.engine).await?;
    seed_knowledge(&loket.engine, &args.kb_fixtures).await?;
    print_banner(&url, &sim);
    println!("{}", crate::demo_logins::banner(&url, &logins));

    time.run();
    let (progress_stop, progress_stopped) = tokio::sync::oneshot::channel::<()>();
    let progress = tokio::spawn(crate::demo_clock::print_progress(
        loket.engine.clone(),
        async move {
            let _ = progress_stopped.await;
        },
    ));
    let (agent_stop, agent_stopped) = tokio::sync::oneshot::channel::<()>();
    let agent = tokio::spawn(crate::scripted_agent::run(
        loket.engine.clone(),
        0.6,
        async move {
            let _ = agent_stopped.await;
        },
    ));
    let pace = Pace::Steady {
        per_minute: args.per_minute.max(1),
    };
    let stop = async {
        match args.run_for {
            Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    let report = Traffic::new(&sim, pace).run_until(usize::MAX, stop).await;
    println!(
        "\nGesimuleerde inwoners stuurden {} berichten in {} gesprekken; {} geaccepteerd door Loket, {} mislukt.",
        report.outcomes.len(),
        report.conversations,
        report.accepted(),
        report.failed()
    );
    let _ = agent_stop.send(());
    let _ = agent.await;
    let _ = progress_stop.send(());
    let _ = progress.await;
    loket.shutdown().await?;
    sim.shutdown().await;
    if report.failed() > 0 {
        anyhow::bail!("{} simulated deliveries failed", report.failed());
    }
    Ok(())
}

/// The demo's own secret key, kept beside its data so a demo on a database that outlives
/// the run (PostgreSQL) can start again.
fn demo_secret_key(data_dir: &std::path::Path) -> anyhow::Result<String> {
    let path = data_dir.join("secret.key");
    if let Ok(key) = std::fs::read_to_string(&path) {
        return Ok(key.trim().to_owned());
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let key = loket_engine::secrets::SecretKey::generate_encoded();
    // Readable by its owner only: it opens the secrets stored in the demo's database.
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    std::io::Write::write_all(
        &mut file
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?,
        key.as_bytes(),
    )
    .with_context(|| format!("writing {}", path.display()))?;
    Ok(key)
}

fn demo_config(sim: &GraphSim, args: &DemoArgs, secret_key: &str) -> String {
    let c = sim.config();
    format!(
        r#"
[server]
listen = "{listen}"
database_url = "{db}"
secret_key = "{secret_key}"

[storage]
blob_dir = "{blobs}"

[[whatsapp_app]]
name = "default"
app_secret = "{secret}"
verify_token = "{verify}"
graph_base_url = "{graph}"

[[organisation]]
slug = "voorbeeld"
name = "Gemeente Voorbeeld"
api_tokens = ["{token}"]
require_2fa = false
opening_hours_text = "{opening_hours}"
{office_hours}

[[organisation.team]]
slug = "burgerzaken"
name = "Burgerzaken"

[[organisation.team]]
slug = "afval"
name = "Afval en reiniging"

[[organisation.team]]
slug = "communicatie"
name = "Communicatie"

[[organisation.team]]
slug = "nieuwsredactie"
name = "Nieuwsredactie"

[organisation.contact_requests]
press_team = "communicatie"
signal_team = "nieuwsredactie"

[organisation.sla]
first_response_minutes = 60
resolution_minutes = 480
warn_before_minutes = 15

[[organisation.channel]]
kind = "whatsapp"
name = "WhatsApp"
app = "default"
phone_number_id = "{pnid}"
display_phone_number = "{display}"
waba_id = "{waba}"
access_token = "{access}"
"#,
        opening_hours = crate::demo_clock::OPENING_HOURS_TEXT,
        // Only on simulated time: the plain demo answers at any real hour.
        office_hours = if args.start_at.is_some() {
            crate::demo_clock::OFFICE_HOURS_TOML
        } else {
            ""
        },
        listen = args.listen,
        db = args.database_url,
        blobs = args.data_dir.join("blobs").display(),
        secret = c.app_secret,
        verify = c.verify_token,
        graph = sim.base_url(),
        token = DEMO_TOKEN,
        pnid = c.phone_number_id,
        display = c.display_phone_number,
        waba = c.waba_id,
        access = c.access_token,
    )
}

fn print_banner(url: &str, sim: &GraphSim) {
    println!(
        "\nLoket draait op {url} voor Gemeente Voorbeeld.\n\
         WhatsApp-kanaal: gesimuleerd (Graph API-simulator op {graph}); inwoners schrijven nu berichten.\n\
         Een gesimuleerde medewerker beantwoordt een deel van de gesprekken (gemarkeerd als gesimuleerd).\n\n\
         API-token: {DEMO_TOKEN}\n\
         Gesprekken:  curl -H 'Authorization: Bearer {DEMO_TOKEN}' {url}/api/v1/conversations\n\
         Eén gesprek: curl -H 'Authorization: Bearer {DEMO_TOKEN}' {url}/api/v1/conversations/<id>\n\
         API-beschrijving: {url}/api/v1/openapi.json\n\n\
         Stoppen: Ctrl-C\n",
        graph = sim.base_url()
    );
}

/// The demo organisation's labels taxonomy (`data/labels.tsv`: Signalen's main categories
/// and the products residents ask most about).
async fn seed_labels(engine: &loket_engine::Engine) -> anyhow::Result<()> {
    let org = (engine.find_organisation_by_slug("voorbeeld").await?)
        .context("the demo organisation voorbeeld")?;
    let lines = include_str!("../data/labels.tsv").lines();
    for line in lines.filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let (Some(group), Some(slug), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            anyhow::bail!("labels.tsv: a line without group, slug and name");
        };
        let label = loket_engine::records::Label {
            slug: slug.into(),
            name: name.into(),
            group: group.into(),
            active: true,
        };
        engine.put_label(org.id, label).await?;
    }
    Ok(())
}

/// The knowledge base from the Rijksoverheid files, the way `loket kb import` does it (an
/// import again leaves them unchanged; the index is built in the background).
async fn seed_knowledge(
    engine: &loket_engine::Engine,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!(
            "Kennisbank: no fixtures at {} (--kb-fixtures DIR); left empty.",
            dir.display()
        );
        return Ok(());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let report = crate::kb_import::import_files(engine, "voorbeeld", &files)
        .await
        .context("seeding the demo's knowledge base")?;
    println!(
        "Kennisbank: {} articles ({} new).",
        report.inserted + report.updated + report.unchanged + report.kept_edited.len(),
        report.inserted
    );
    Ok(())
}
