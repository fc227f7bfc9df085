//! `loket generate`: a large organisation's history (a million conversations, five million
//! messages by default) through the store's bulk-load path, for benchmarks. Also a known
//! admin to sign in with, and conversations of 200 messages labelled [`LONG_LABEL`].

mod shape;
pub mod synth;
mod texts;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use loket_domain::people::{Locale, Role};
use loket_domain::time::{Clock, SystemClock};
use loket_domain::{OrgId, UserId};
use loket_engine::Engine;
use loket_engine::people::NewUserRequest;
use loket_store::bulk::BulkBatch;
use loket_store::{DynStore, NewOrganisation, NewTeam, NewWhatsappChannel};
use secrecy::{ExposeSecret, SecretString};

use synth::{Cast, Synth};
pub use synth::{LONG_LABEL, LONG_MESSAGES};

#[derive(Args, Debug, Clone)]
pub struct GenerateArgs {
    /// `sqlite://path` (a new file is best) or `postgres://…` (an empty database is best).
    #[arg(long)]
    pub database: String,
    #[arg(long, default_value_t = 1_000_000)]
    pub conversations: u64,
    #[arg(long, default_value_t = 5_000_000)]
    pub messages: u64,
    /// The organisation's slug.
    #[arg(long, default_value = "bench")]
    pub org: String,
    #[arg(long, default_value = "beheerder@bench.example")]
    pub admin_email: String,
    /// The admin's password; generated and printed when not given.
    #[arg(long, env = "LOKET_GENERATE_PASSWORD")]
    pub admin_password: Option<String>,
    /// Agents besides the admin.
    #[arg(long, default_value_t = 24)]
    pub agents: u32,
    #[arg(long, default_value_t = 9)]
    pub seed: u64,
    /// Days of history.
    #[arg(long, default_value_t = 365)]
    pub days: i64,
    /// Every n-th conversation has 200 messages.
    #[arg(long, default_value_t = 10_000)]
    pub long_every: u64,
    /// Conversations per transaction.
    #[arg(long, default_value_t = 5_000)]
    pub batch: u64,
}

/// What was generated.
#[derive(Debug)]
pub struct Generated {
    pub org: OrgId,
    pub conversations: u64,
    pub messages: u64,
    pub admin_password: SecretString,
    pub elapsed: Duration,
}

pub async fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let done = generate(&args).await?;
    println!(
        "{} conversations, {} messages in {:.1} s (organisation {}: {})",
        done.conversations,
        done.messages,
        done.elapsed.as_secs_f64(),
        args.org,
        done.org
    );
    println!(
        "sign in: {} / {}",
        args.admin_email,
        done.admin_password.expose_secret()
    );
    Ok(())
}

pub async fn generate(args: &GenerateArgs) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let store = loket_store::connect(&args.database)
        .await
        .context("connecting")?;
    store.migrate().await.context("migrating")?;
    let (org, cast, admin_password) = setup(&store, args).await?;
    let mut loader = loket_store::bulk::loader(&args.database).await?;
    loader.begin().await?;
    let mut synth = Synth::new(
        args.seed,
        cast,
        SystemClock.now(),
        args.days,
        args.conversations,
        args.long_every,
    );
    let long = (0..args.conversations)
        .filter(|i| synth.is_long(*i))
        .count() as u64;
    let mut messages_left = args.messages.saturating_sub(long * LONG_MESSAGES);
    let mut short_left = args.conversations - long;
    let (mut batch, mut written) = (BulkBatch::default(), 0u64);
    for index in 0..args.conversations {
        let count = if synth.is_long(index) {
            LONG_MESSAGES
        } else {
            let n = share(&mut synth, messages_left, short_left);
            messages_left = messages_left.saturating_sub(n);
            short_left -= 1;
            n
        };
        let generated = synth.conversation(index, count);
        batch.contacts.extend(generated.contact);
        batch.conversations.push(generated.conversation);
        written += generated.messages.len() as u64;
        batch.messages.extend(generated.messages);
        if batch.conversations.len() as u64 >= args.batch {
            loader.write(org, &batch).await?;
            batch = BulkBatch::default();
        }
    }
    if !batch.is_empty() {
        loader.write(org, &batch).await?;
    }
    loader.finish().await?;
    Ok(Generated {
        org,
        conversations: args.conversations,
        messages: written,
        admin_password,
        elapsed: started.elapsed(),
    })
}

/// This conversation's share of what is left: uniform around the mean, the last takes all.
fn share(synth: &mut Synth, messages_left: u64, conversations_left: u64) -> u64 {
    if conversations_left <= 1 {
        return messages_left.max(1);
    }
    let mean = (messages_left / conversations_left).max(1);
    1 + synth.rng().below(2 * mean - 1)
}

/// The organisation, two WhatsApp numbers, teams, the admin and agents.
async fn setup(
    store: &DynStore,
    args: &GenerateArgs,
) -> anyhow::Result<(OrgId, Cast, SecretString)> {
    let now = SystemClock.now();
    let new_org = NewOrganisation {
        slug: args.org.clone(),
        name: format!("Gemeente {}", args.org),
        reopen_within: Duration::from_secs(7 * 24 * 3600),
    };
    let org = store.upsert_organisation(&new_org, now).await?.id;
    let mut channels = Vec::new();
    for (n, name) in ["Gemeente (algemeen)", "Buitenruimte en afval"]
        .iter()
        .enumerate()
    {
        let channel = NewWhatsappChannel {
            name: (*name).into(),
            app_name: "bench".into(),
            phone_number_id: format!("{}-{}", args.org, n + 1),
            display_phone_number: format!("+31 14 0{}0", n + 1),
            waba_id: format!("{}-waba", args.org),
            access_token: "not-a-real-token".into(),
        };
        channels.push(store.upsert_whatsapp_channel(org, &channel, now).await?.id);
    }
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(object_store::memory::InMemory::new()),
        reqwest::Client::new(),
    );
    let password = args.admin_password.clone().map(SecretString::from);
    let admin = add_user(
        &engine,
        args,
        &args.admin_email,
        "Beheerder",
        Role::Admin,
        password,
    )
    .await?;
    let admin_password = match (admin.1, &args.admin_password) {
        (Some(generated), _) => generated,
        (None, Some(given)) => SecretString::from(given.clone()),
        (None, None) => anyhow::bail!("{} exists: give --admin-password", args.admin_email),
    };
    let mut agents = vec![admin.0];
    for n in 1..=args.agents {
        let email = format!("medewerker{n}@{}.example", args.org);
        let name = format!("Medewerker {n}");
        agents.push(
            add_user(&engine, args, &email, &name, Role::Agent, None)
                .await?
                .0,
        );
    }
    let mut teams = Vec::new();
    for (slug, name) in texts::TEAMS {
        let team = NewTeam {
            slug: slug.into(),
            name: name.into(),
        };
        let team = match store.insert_team(org, &team, now).await {
            Ok(team) => team,
            Err(_) => store
                .list_teams(org)
                .await?
                .into_iter()
                .find(|t| t.slug == slug)
                .context("team")?,
        };
        teams.push(team.id);
    }
    for (n, agent) in agents.iter().enumerate() {
        store
            .add_team_member(org, teams[n % teams.len()], *agent)
            .await?;
    }
    // The admin is in two teams, so "my teams" is more than one.
    store.add_team_member(org, teams[1], agents[0]).await?;
    Ok((
        org,
        Cast {
            channels,
            agents,
            teams,
        },
        admin_password,
    ))
}

async fn add_user(
    engine: &Engine,
    args: &GenerateArgs,
    email: &str,
    name: &str,
    role: Role,
    password: Option<SecretString>,
) -> anyhow::Result<(UserId, Option<SecretString>)> {
    let request = NewUserRequest {
        email: email.into(),
        name: name.into(),
        membership: Some((args.org.clone(), role)),
        operator: false,
        locale: Locale::Nl,
        password,
    };
    let added = engine.add_user(request).await?;
    Ok((added.user.id, added.generated_password))
}
