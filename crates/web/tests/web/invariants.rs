//! The architecture's invariants (docs/ARCHITECTURE.md, "Invariants") that the compiler
//! cannot check for us, read from the manifests and sources of the workspace.

use std::path::{Path, PathBuf};

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

/// The crate names listed under `[dependencies]` (not dev- or build-dependencies).
fn dependencies(krate: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(crate_dir(krate).join("Cargo.toml")).unwrap();
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[dependencies]";
        } else if inside && let Some((name, _)) = line.split_once(['=', '.']) {
            names.push(name.trim().to_owned());
        }
    }
    names
}

/// Every `.rs` file under a crate's `src`, with its text.
fn sources(krate: &str) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut folders = vec![crate_dir(krate).join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path, text));
            }
        }
    }
    found
}

/// Lines of `krate`'s sources that contain `needle`.
fn mentions(krate: &str, needle: &str) -> Vec<String> {
    sources(krate)
        .into_iter()
        .flat_map(|(path, text)| {
            text.lines()
                .filter(|l| l.contains(needle))
                .map(|l| format!("{}: {}", path.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn web_reaches_the_store_only_through_the_engine() {
    assert!(
        !dependencies("web").contains(&"loket-store".to_owned()),
        "web must not depend on loket-store: {:?}",
        dependencies("web")
    );
    let uses = mentions("web", "loket_store");
    assert!(uses.is_empty(), "web names the store: {uses:#?}");
}

#[test]
fn the_simulator_depends_on_neither_store_nor_engine() {
    let deps = dependencies("sim");
    for forbidden in ["loket-store", "loket-engine", "loket-web"] {
        assert!(
            !deps.contains(&forbidden.to_owned()),
            "sim depends on {forbidden}"
        );
    }
}

#[test]
fn the_domain_does_no_io() {
    let deps = dependencies("domain");
    for io in [
        "tokio",
        "sqlx",
        "reqwest",
        "axum",
        "object_store",
        "loket-store",
    ] {
        assert!(!deps.contains(&io.to_owned()), "domain depends on {io}");
    }
    for needle in ["std::fs", "std::net", "std::process", "SystemTime::now"] {
        let uses = mentions("domain", needle);
        assert!(uses.is_empty(), "domain does I/O: {uses:#?}");
    }
}

/// Only web decides what API JSON looks like: store rows and engine views are not
/// `Serialize`, so a change to them cannot leak to clients unnoticed.
#[test]
fn store_rows_and_engine_views_are_not_api_json() {
    let models = std::fs::read_to_string(crate_dir("store").join("src/models.rs")).unwrap();
    let mut serialised = Vec::new();
    let mut derive_serialize = false;
    for line in models.lines().map(str::trim) {
        if line.starts_with("#[derive(") {
            derive_serialize = line.contains("Serialize");
        } else if let Some(rest) = line
            .strip_prefix("pub struct ")
            .or(line.strip_prefix("pub enum "))
        {
            if derive_serialize {
                serialised.push(rest.split([' ', '{', '<']).next().unwrap().to_owned());
            }
            derive_serialize = false;
        }
    }
    // Stored as JSON in a column, and only read back by the store.
    let stored_as_json = ["MediaState"];
    serialised.retain(|name| !stored_as_json.contains(&name.as_str()));
    assert!(
        serialised.is_empty(),
        "store rows derive Serialize: {serialised:?}"
    );
    let views = mentions("engine", "Serialize")
        .into_iter()
        .filter(|l| l.contains("query.rs"))
        .collect::<Vec<_>>();
    assert!(
        views.is_empty(),
        "engine views derive Serialize: {views:#?}"
    );
}
