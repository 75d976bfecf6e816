//! The crate compiles the committed `generated/` code: a user who depends on hookspec never
//! runs the generator, nor compiles it, its YAML loader or its formatter.
//!
//! With the `regenerate` feature (which building this workspace turns on, through the
//! fixtures crate), the build script regenerates `generated/` from `specs/*.yaml` first, so
//! that editing a spec and running `cargo build` is the whole loop. It writes only inside this
//! repository's working tree, and only files whose contents changed.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=specs");
    println!("cargo::rerun-if-changed=generated");
    println!("cargo::rerun-if-env-changed=HOOKSPEC_REPO_ROOT");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let in_repository = in_repository(&manifest_dir);
    #[cfg(feature = "regenerate")]
    regenerate(&manifest_dir, in_repository);
    #[cfg(not(feature = "regenerate"))]
    check_generated(&manifest_dir, in_repository);
}

/// Regenerates `generated/` from `specs/`; a spec error fails the build with every problem.
#[cfg(feature = "regenerate")]
fn regenerate(manifest_dir: &Path, in_repository: bool) {
    if !in_repository {
        println!(
            "cargo::warning=hookspec: the `regenerate` feature only works in the hookspec repository; compiling the packaged generated/ code"
        );
        return;
    }
    let generator = hookspec_codegen::Generator::new(manifest_dir.join("specs"));
    check_features(manifest_dir, &generator);
    let output = match generator.generate() {
        Ok(output) => output,
        Err(diagnostics) => {
            let count = diagnostics.0.len();
            println!(
                "cargo::error=hookspec: {count} problem(s) in specs/; see the build script output below"
            );
            // Cargo shows a failed build script's stderr under `--- stderr`: every problem
            // with its snippet, plain (the script's stderr is not a terminal).
            eprintln!("{}", diagnostics.render(false));
            std::process::exit(1);
        }
    };
    if let Err(error) = output.write_to(manifest_dir.join("generated")) {
        println!("cargo::error=hookspec: cannot write generated/: {error}");
        std::process::exit(1);
    }
    warn(&output.warnings);
}

/// Shows the specs' warnings (examples that show what a spec does not describe) as cargo
/// warnings: each one while there are few, else one line per spec with their count, since
/// `hookspec check` lists them all.
#[cfg(feature = "regenerate")]
fn warn(warnings: &[hookspec_codegen::Diagnostic]) {
    const SHOWN: usize = 10;
    if warnings.len() <= SHOWN {
        for warning in warnings {
            println!("cargo::warning=hookspec: {warning}");
        }
        return;
    }
    let mut files: Vec<(&Path, usize)> = Vec::new();
    for warning in warnings {
        match files.iter_mut().find(|(file, _)| *file == warning.file) {
            Some((_, count)) => *count += 1,
            None => files.push((&warning.file, 1)),
        }
    }
    for (file, count) in files {
        println!(
            "cargo::warning=hookspec: {}: {count} warning(s) in examples; `cargo run -p hookspec-cli -- check` lists them",
            file.display()
        );
    }
}

/// Every spec needs its cargo feature: without one its module would never be compiled (and the
/// generated `cfg(feature = ...)` would name an undeclared feature). Fails the build with the
/// line to add.
#[cfg(feature = "regenerate")]
fn check_features(manifest_dir: &Path, generator: &hookspec_codegen::Generator) {
    let declared = std::fs::read_to_string(manifest_dir.join("Cargo.toml"))
        .map_err(|error| error.to_string())
        .and_then(|text| {
            text.parse::<toml::Table>()
                .map_err(|error| error.to_string())
        });
    let features = match declared {
        Ok(mut table) => match table.remove("features") {
            Some(toml::Value::Table(features)) => features,
            _ => toml::Table::new(),
        },
        Err(error) => {
            println!("cargo::error=hookspec: cannot read Cargo.toml: {error}");
            std::process::exit(1);
        }
    };
    // An unreadable specs directory is the generator's to report.
    let files = generator.spec_files().unwrap_or_default();
    let missing: Vec<String> = files
        .iter()
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .filter(|id| !features.contains_key(id))
        .collect();
    for id in &missing {
        println!(
            "cargo::error=specs/{id}.yaml has no cargo feature: add the line `{id} = []` under [features] in Cargo.toml"
        );
    }
    if !missing.is_empty() {
        std::process::exit(1);
    }
}

// `spec_digest`, the generator's digest of a spec's text (a copy: see the file).
#[cfg(not(feature = "regenerate"))]
include!("build/digest.rs");

/// Without `regenerate` (`cargo build -p hookspec`, or `-p hookspec-cli`), the crate compiles the
/// committed `generated/` code. A vendor feature that is on while its module was never generated
/// (a spec just added to `specs/`) would build silently without the vendor: that fails, saying
/// what to run. Inside the repository, a module generated from another version of its spec
/// (judged by content: the spec's digest in the module's header) is a warning.
#[cfg(not(feature = "regenerate"))]
fn check_generated(manifest_dir: &Path, in_repository: bool) {
    let Ok(specs) = std::fs::read_dir(manifest_dir.join("specs")) else {
        return;
    };
    let mut specs: Vec<PathBuf> = specs
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    specs.sort();
    let mut missing = false;
    for path in specs {
        let Some(id) = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
        else {
            continue;
        };
        let generated = manifest_dir.join("generated").join(format!("{id}.rs"));
        let code = std::fs::read_to_string(&generated).ok();
        let feature = format!("CARGO_FEATURE_{}", id.to_uppercase().replace('-', "_"));
        let enabled = std::env::var_os(&feature).is_some();
        let declared = code.is_some() && declares_module(manifest_dir, &id);
        if enabled && !declared {
            println!(
                "cargo::error=hookspec: the `{id}` feature is on but generated/{id}.rs has not been generated from specs/{id}.yaml yet: run `cargo build` at the workspace root (it regenerates generated/), then build again"
            );
            missing = true;
            continue;
        }
        if !in_repository {
            continue;
        }
        let Some(code) = code else {
            continue;
        };
        let recorded = code
            .lines()
            .take(3)
            .find_map(|line| line.strip_prefix("// spec digest: fnv1a64 "));
        let current = std::fs::read(&path).ok().map(|text| spec_digest(&text));
        if current.is_some() && recorded != current.as_deref() {
            println!(
                "cargo::warning=hookspec: generated/{id}.rs was not generated from specs/{id}.yaml as it is now: run `cargo build` at the workspace root to regenerate"
            );
        }
    }
    if missing {
        std::process::exit(1);
    }
}

/// Whether `generated/vendors.rs` declares the module `id` (the generator writes it with the
/// modules; a module file it does not declare is never compiled).
#[cfg(not(feature = "regenerate"))]
fn declares_module(manifest_dir: &Path, id: &str) -> bool {
    std::fs::read_to_string(manifest_dir.join("generated").join("vendors.rs"))
        .is_ok_and(|index| index.contains(&format!("pub mod {id} {{")))
}

/// True only when building this repository's working tree: the repo's `.cargo/config.toml`
/// sets `HOOKSPEC_REPO_ROOT` to this directory and `.git` is here. A packaged copy (cargo
/// package verification, docs.rs, a registry download) fails one of the two, and there a
/// build script must not write outside `OUT_DIR`.
fn in_repository(manifest_dir: &Path) -> bool {
    let configured = std::env::var_os("HOOKSPEC_REPO_ROOT").map(PathBuf::from);
    let same_dir = match (
        configured.map(|dir| dir.canonicalize()),
        manifest_dir.canonicalize(),
    ) {
        (Some(Ok(configured)), Ok(manifest)) => configured == manifest,
        _ => false,
    };
    same_dir && manifest_dir.join(".git").exists()
}
