//! `hookspec audit`: captured deliveries checked against a vendor's spec.
//!
//! The compiled-in vendor parses each delivery (what a receiver built from this hookspec
//! would do); the spec file, validated by the generator, is what the analysis walks
//! (`hookspec_codegen::audit`). The model is read from `--specs` (default `specs`, as `check`
//! reads it) rather than embedded in the crate: the generator that validates it is already in
//! the command, the crate's users would otherwise carry every spec's text (GitHub's is
//! 350 KB), and the audit loop edits the spec, so the analysis should read it as it is now.
//! A spec file that is not the one compiled in (the registry's `spec_digest`) is reported on
//! stderr.

use std::path::{Path, PathBuf};

use hookspec::Vendor;
use hookspec_codegen::audit::{Audit, Delivery};

use super::{Failure, read_input, read_spec, say};
use crate::args::{AuditArgs, Header, ReportFormat};

/// Audits the deliveries of `args`: prints the report, writes the overlay if asked; fails
/// (exit 1) when a delivery did not parse.
pub fn audit(args: &AuditArgs, max_body_bytes: u64) -> Result<(), Failure> {
    let vendor = args.vendor;
    let spec = load_spec(&args.specs, vendor)?;
    let files = delivery_files(&args.inputs)?;
    if files.is_empty() {
        return Err(Failure::Invalid(format!(
            "no deliveries (*.json) in {}",
            args.inputs
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut audit = Audit::new(&spec);
    for (file, source) in &files {
        let source = source.as_str();
        let delivery = read_delivery(file, &args.header, max_body_bytes);
        let (body, headers) = match delivery {
            Ok(read) => read,
            Err(reason) => {
                audit.record(Delivery {
                    source,
                    header_name: None,
                    body: b"",
                    parsed: Err(reason),
                });
                continue;
            }
        };
        let header_name = vendor.name_header().and_then(|name| {
            (headers.iter())
                .find(|header| header.name.eq_ignore_ascii_case(name))
                .map(|header| header.value.as_str())
        });
        let parsed = match (vendor.name_header(), header_name) {
            (Some(name), None) => Err(format!(
                "no `{name}` header: give it with --header '{name}: <event>' or in {}",
                file.with_extension("headers").display()
            )),
            _ => {
                let pairs: Vec<(&str, &[u8])> = (headers.iter())
                    .map(|header| (header.name.as_str(), header.value.as_bytes()))
                    .collect();
                vendor
                    .parse_request(&pairs, &body)
                    .map(drop)
                    .map_err(|error| error.to_string())
            }
        };
        audit.record(Delivery {
            source,
            header_name,
            body: &body,
            parsed,
        });
    }
    let report = audit.report();
    match args.format {
        ReportFormat::Table => say(format_args!("{}", report.to_string().trim_end()))?,
        ReportFormat::Json => say(format_args!("{}", report.to_json()))?,
    }
    if let Some(path) = &args.overlay_out {
        let overlay = audit.overlay();
        std::fs::write(path, &overlay.yaml).map_err(|error| {
            Failure::Invalid(format!("cannot write {}: {error}", path.display()))
        })?;
        eprintln!(
            "hookspec: wrote {} correction(s) to {}{}",
            overlay.corrections,
            path.display(),
            match overlay.left.len() {
                0 => String::new(),
                left => format!(" ({left} finding(s) left to a person: see its comments)"),
            }
        );
    }
    if report.any_failed() {
        return Err(Failure::Invalid(format!(
            "{} of {} deliveries did not parse",
            report.failed, report.deliveries
        )));
    }
    Ok(())
}

/// The validated spec of `vendor` in `dir`, warning when it is not the one compiled in (by
/// its digest).
fn load_spec(dir: &Path, vendor: &Vendor) -> Result<hookspec_codegen::Vendor, Failure> {
    let file = dir.join(format!("{}.yaml", vendor.id));
    if !file.is_file() {
        return Err(Failure::Usage(format!(
            "no spec {}: give --specs with the folder of the specs this hookspec was built from",
            file.display()
        )));
    }
    read_spec(
        &file,
        "parsing follows the compiled spec, the analysis this file",
    )
}

/// The body files among `inputs`, each with the name the report gives it: files as given,
/// `*.json` under directories (recursively, in name order) by their path inside the
/// directory.
fn delivery_files(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            files.extend(found.into_iter().map(|file| {
                let name = file
                    .strip_prefix(input)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                (file, name)
            }));
        } else if input.is_file() {
            files.push((input.clone(), input.display().to_string()));
        } else {
            return Err(Failure::Usage(format!(
                "{} is neither a file nor a directory",
                input.display()
            )));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| Failure::Invalid(format!("cannot read {}: {error}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            files.push(path);
        }
    }
    Ok(())
}

/// A body and its headers: those of `<stem>.headers` when there is one, then each of
/// `defaults` the file does not give.
fn read_delivery(
    file: &Path,
    defaults: &[Header],
    max_body_bytes: u64,
) -> Result<(Vec<u8>, Vec<Header>), String> {
    let body = read_input(Some(file), max_body_bytes).map_err(|failure| match failure {
        Failure::Usage(message) | Failure::Invalid(message) | Failure::Verdict(message) => message,
    })?;
    let mut headers = Vec::new();
    let headers_file = file.with_extension("headers");
    if headers_file.is_file() {
        let text = std::fs::read_to_string(&headers_file)
            .map_err(|error| format!("cannot read {}: {error}", headers_file.display()))?;
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .split_once(':')
                .filter(|(name, _)| !name.trim().is_empty())
                .ok_or_else(|| {
                    format!(
                        "{}:{}: expected `Name: value`",
                        headers_file.display(),
                        index + 1
                    )
                })?;
            headers.push(Header {
                name: name.trim().to_owned(),
                value: value.trim().to_owned(),
            });
        }
    }
    for default in defaults {
        if !(headers.iter()).any(|header| header.name.eq_ignore_ascii_case(&default.name)) {
            headers.push(default.clone());
        }
    }
    Ok((body, headers))
}
