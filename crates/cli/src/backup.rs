//! `loket backup`: a consistent copy of the database while Loket runs.

use std::path::Path;

use anyhow::Context;

use crate::settings::Settings;

pub async fn run(settings: &Settings, to: &Path) -> anyhow::Result<()> {
    let store = loket_store::connect(&settings.server.database_url)
        .await
        .context("connecting to the database")?;
    let destination = to.to_str().context("the backup path must be valid UTF-8")?;
    store
        .backup(destination)
        .await
        .context("making the backup")?;
    println!("Backup written to {destination}");
    Ok(())
}
