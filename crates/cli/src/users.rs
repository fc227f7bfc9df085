//! `loket user add|list|disable|reset-password|reset-2fa`: managing people from the shell.
//!
//! Each command applies the configuration first (idempotent, as `serve` does at start-up),
//! so `--org` names an organisation the file declares even before the first `serve`.
//! A generated password is printed once, on standard output, and never logged.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};
use loket_domain::people::{Locale, Role};
use loket_domain::time::SystemClock;
use loket_engine::Engine;
use loket_engine::people::NewUserRequest;
use secrecy::{ExposeSecret, SecretString};

use crate::runtime::build_engine;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user with a role in an organisation (or add that role to an existing user).
    Add {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// agent, team_lead, admin or back_office.
        #[arg(long)]
        role: Role,
        /// Read the password from standard input (else a strong one is generated and
        /// printed once).
        #[arg(long)]
        password_stdin: bool,
        /// A deployment operator: may see Meta apps and unrouted events.
        #[arg(long)]
        operator: bool,
        /// nl or en.
        #[arg(long, default_value = "nl")]
        locale: Locale,
    },
    /// List users (all, or one organisation's members).
    List {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        #[arg(long)]
        org: Option<String>,
    },
    /// Disable a user: they sign in nowhere and every session ends at once.
    Disable {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        #[arg(long)]
        email: String,
    },
    /// Set a new password (generated unless --password-stdin); every session ends.
    ResetPassword {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove the user's second factor and recovery codes (they enrol again); every
    /// session ends.
    #[command(name = "reset-2fa")]
    Reset2fa {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        #[arg(long)]
        email: String,
    },
}

impl UserCommand {
    fn config(&self) -> &PathBuf {
        match self {
            Self::Add { config, .. }
            | Self::List { config, .. }
            | Self::Disable { config, .. }
            | Self::ResetPassword { config, .. }
            | Self::Reset2fa { config, .. } => config,
        }
    }
}

/// Run a user command: what it reads comes from `input`, what it tells from `out`.
pub async fn run(
    command: UserCommand,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let settings = Settings::load(command.config())?;
    let engine = build_engine(&settings, Arc::new(SystemClock)).await?;
    engine
        .provision(&settings.provisioning()?)
        .await
        .context("applying the configuration")?;
    engine
        .apply_privacy_policies(&settings.privacy_policies()?)
        .await
        .context("applying the organisations' privacy policies")?;
    engine
        .apply_office_hours(&settings.office_hours()?)
        .await
        .context("applying the organisations' office hours")?;
    run_on(&engine, command, input, out).await
}

async fn run_on(
    engine: &Engine,
    command: UserCommand,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            org,
            email,
            name,
            role,
            password_stdin,
            operator,
            locale,
            ..
        } => {
            let password = password_stdin.then(|| read_password(input)).transpose()?;
            let request = NewUserRequest {
                email,
                name,
                membership: Some((org.clone(), role)),
                operator,
                locale,
                password,
            };
            let added = engine.add_user(request).await?;
            let email = added.user.email.as_str();
            if added.created {
                writeln!(out, "Added {email} to {org} as {}.", role.as_str())?;
            } else {
                writeln!(out, "{email} exists: now {} in {org}.", role.as_str())?;
            }
            print_password(out, added.generated_password.as_ref())?;
        }
        UserCommand::List { org, .. } => {
            for listing in engine.list_users(org.as_deref()).await? {
                let user = &listing.user;
                let roles: Vec<String> = listing
                    .memberships
                    .iter()
                    .map(|m| format!("{}:{}", m.org_slug, m.role.as_str()))
                    .collect();
                let flags = [
                    (!user.active).then_some("disabled"),
                    user.operator.then_some("operator"),
                    user.totp_enabled.then_some("2fa"),
                ];
                let flags: Vec<&str> = flags.into_iter().flatten().collect();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    user.email,
                    user.name,
                    roles.join(","),
                    flags.join(",")
                )?;
            }
        }
        UserCommand::Disable { email, .. } => {
            engine.disable_user(&email).await?;
            writeln!(out, "Disabled {email}; their sessions ended.")?;
        }
        UserCommand::ResetPassword {
            email,
            password_stdin,
            ..
        } => {
            let password = password_stdin.then(|| read_password(input)).transpose()?;
            let generated = engine.reset_password(&email, password).await?;
            writeln!(out, "New password set for {email}; their sessions ended.")?;
            print_password(out, generated.as_ref())?;
        }
        UserCommand::Reset2fa { email, .. } => {
            engine.reset_two_factor(&email).await?;
            writeln!(
                out,
                "Two-factor authentication removed for {email}; they enrol again at sign-in."
            )?;
        }
    }
    Ok(())
}

/// The first line of `input`, without its line end.
fn read_password(input: &mut dyn BufRead) -> anyhow::Result<SecretString> {
    let mut line = String::new();
    input.read_line(&mut line).context("reading the password")?;
    let password = line.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(!password.is_empty(), "no password on standard input");
    Ok(SecretString::from(password.to_owned()))
}

fn print_password(out: &mut dyn Write, password: Option<&SecretString>) -> anyhow::Result<()> {
    if let Some(password) = password {
        writeln!(out, "Password (shown once): {}", password.expose_secret())?;
    }
    Ok(())
}
