//! `loket backup`: a consistent copy of the database while Loket runs.

use std::path::Path;

use crate::settings::Settings;

pub async fn run(settings: &Settings, to: &Path) -> anyhow::Result<()> {
    let _ = (settings, to);
    anyhow::bail!("not implemented yet")
}
