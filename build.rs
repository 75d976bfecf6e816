//! Generates the vendor modules from `specs/*.yaml` into `OUT_DIR`. Inside this repository it
//! also refreshes the committed review copy in `generated/` (only files whose contents changed).

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=specs");
    println!("cargo::rerun-if-env-changed=HOOKSPEC_REPO_ROOT");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());

    let specs = manifest_dir.join("specs");
    let in_repository = in_repository(&manifest_dir);
    // A user's build generates only the vendors whose features it enables (each module is
    // behind its feature anyway); inside this repository every spec is generated, so that
    // `generated/` stays whole.
    let generator = hookspec_codegen::Generator::new(&specs);
    let generator = if in_repository {
        generator
    } else {
        let enabled = enabled_vendors(&generator);
        generator.only(enabled)
    };
    let output = match generator.generate() {
        Ok(output) => output,
        Err(diagnostics) => {
            let count = diagnostics.0.len();
            println!(
                "cargo::error=hookspec: {count} problem(s) in specs/; see the build script output below"
            );
            for diagnostic in &diagnostics.0 {
                eprintln!("{diagnostic}");
            }
            std::process::exit(1);
        }
    };
    if let Err(error) = output.write_to(&out_dir) {
        println!("cargo::error=hookspec: cannot write generated code to OUT_DIR: {error}");
        std::process::exit(1);
    }
    if in_repository && let Err(error) = output.write_to(manifest_dir.join("generated")) {
        println!("cargo::warning=hookspec: cannot refresh generated/: {error}");
    }
}

/// The vendor ids (spec file stems) whose cargo feature this build enables.
fn enabled_vendors(generator: &hookspec_codegen::Generator) -> Vec<String> {
    let files = generator.spec_files().unwrap_or_default();
    files
        .iter()
        .filter_map(|file| file.file_stem()?.to_str())
        .filter(|id| {
            let feature = format!("CARGO_FEATURE_{}", id.to_uppercase().replace('-', "_"));
            std::env::var_os(feature).is_some()
        })
        .map(str::to_owned)
        .collect()
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
