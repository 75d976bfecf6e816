//! `hookspec replay`: sends the deliveries a receiver's spool kept again, signed anew, or
//! (`--dry-run`) says which of them the specs compiled in parse now.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use hookspec::Vendor;
use hookspec::spool::{KeptDelivery, SpoolError, archive, scan};
use hookspec::verify::{Signing, TimestampUnit};

use super::send::agent;
use super::{Failure, say};
use crate::args::ReplayArgs;

/// Replays (or, with `--dry-run`, parses) every delivery under `args.paths`.
pub fn replay(args: &ReplayArgs, max_body_bytes: u64) -> Result<(), Failure> {
    let stems = stems(&args.paths)?;
    // Read everything first: a usage error (a missing secret) sends nothing.
    let mut failed = 0;
    let mut deliveries = Vec::new();
    for stem in stems {
        match read(&stem, max_body_bytes) {
            Ok((kept, vendor)) => deliveries.push((kept, vendor)),
            Err(message) => {
                failed += 1;
                say(format_args!("{} -> {message}", name(&stem)))?;
            }
        }
    }
    if args.dry_run {
        for (kept, vendor) in &deliveries {
            let headers: Vec<(&str, &[u8])> = kept
                .headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes()))
                .collect();
            match vendor.parse_request(&headers, &kept.body) {
                Ok(event) => say(format_args!("{} -> parses ({})", kept.name(), event.name()))?,
                Err(error) => {
                    failed += 1;
                    say(format_args!("{} -> still fails: {error}", kept.name()))?;
                }
            }
        }
        return finish(failed, deliveries.len(), "still fail to parse");
    }
    let Some(to) = &args.to else {
        return Err(Failure::Usage("replay needs --to (or --dry-run)".into()));
    };
    let mut signed = Vec::with_capacity(deliveries.len());
    for (kept, vendor) in deliveries {
        let secret = secret_for(vendor, &args.secret)?;
        let headers = kept
            .replay_headers(secret, &timestamp(vendor.signing))
            .map_err(|error| Failure::Invalid(format!("cannot sign {}: {error}", kept.name())))?;
        signed.push((kept, vendor, headers));
    }
    let agent = agent();
    let count = signed.len();
    for (kept, vendor, headers) in signed {
        let url = to.replace("{vendor}", vendor.id);
        let mut request = agent
            .post(&url)
            .header("content-type", "application/json")
            .header(
                "user-agent",
                concat!("hookspec/", env!("CARGO_PKG_VERSION")),
            );
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = match request.send(&kept.body[..]) {
            Ok(response) => response,
            Err(error) => {
                failed += 1;
                say(format_args!("{} -> not sent: {error}", kept.name()))?;
                continue;
            }
        };
        let status = response.status();
        let mut line = format!(
            "{} -> {} {}",
            kept.name(),
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        );
        if !status.is_success() {
            failed += 1;
        } else if let Some(dir) = &args.archive {
            match archive(&kept.stem, dir) {
                Ok(moved) => line.push_str(&format!(" (archived to {})", moved.display())),
                Err(error) => {
                    failed += 1;
                    line.push_str(&format!(" (not archived: {error})"));
                }
            }
        }
        say(format_args!("{line}"))?;
    }
    finish(
        failed,
        count,
        "were not replayed (non-2xx status or an error)",
    )
}

/// Exit 1 when some of the deliveries failed.
fn finish(failed: usize, of: usize, what: &str) -> Result<(), Failure> {
    if failed == 0 {
        return Ok(());
    }
    Err(Failure::Invalid(format!(
        "{failed} of {} deliveries {what}",
        of.max(failed)
    )))
}

/// The stems named: each directory's complete deliveries (incomplete ones reported on
/// stderr), each file's stem.
fn stems(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut stems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let listing = scan(path).map_err(|error| Failure::Invalid(error.to_string()))?;
            for stem in listing.incomplete {
                eprintln!(
                    "hookspec: skipped {}: no .meta (the receiver stopped while keeping it; it was \
                     never answered 2xx)",
                    stem.display()
                );
            }
            stems.extend(listing.complete);
        } else {
            stems.push(path.clone());
        }
    }
    Ok(stems)
}

/// Reads a kept delivery and finds its vendor.
fn read(stem: &Path, max_body_bytes: u64) -> Result<(KeptDelivery, &'static Vendor), String> {
    let body = stem.with_file_name(format!("{}.json", name(stem)));
    if let Ok(meta) = std::fs::metadata(&body)
        && meta.len() > max_body_bytes
    {
        return Err(format!(
            "error: the body is larger than {max_body_bytes} bytes (--max-body-bytes)"
        ));
    }
    let kept = KeptDelivery::read(stem).map_err(|error| match error {
        SpoolError::Incomplete { reason, .. } => format!("error: {reason}"),
        error => format!("error: {error}"),
    })?;
    let vendor = hookspec::vendor(&kept.vendor)
        .ok_or_else(|| format!("error: vendor `{}` is not compiled in", kept.vendor))?;
    Ok((kept, vendor))
}

/// A stem's file name, for the report.
fn name(stem: &Path) -> String {
    let name = stem.file_name().unwrap_or_default().to_string_lossy();
    ["json", "headers", "meta"]
        .iter()
        .find_map(|ext| name.strip_suffix(&format!(".{ext}")))
        .unwrap_or(&name)
        .to_owned()
}

/// The `--secret` for `vendor`: its `VENDOR=SECRET`, else a bare one; none for a vendor that
/// does not sign.
fn secret_for<'a>(vendor: &Vendor, secrets: &'a [String]) -> Result<Option<&'a str>, Failure> {
    if let Signing::Unsigned { .. } = vendor.signing {
        return Ok(None);
    }
    let mut bare = None;
    for secret in secrets {
        match secret.split_once('=') {
            Some((id, value)) if id == vendor.id => return Ok(Some(value)),
            Some((id, _)) if hookspec::vendor(id).is_some() => {}
            _ => bare = bare.or(Some(secret.as_str())),
        }
    }
    bare.map(Some).ok_or_else(|| {
        Failure::Usage(format!(
            "replaying {} deliveries needs --secret {}=SECRET",
            vendor.id, vendor.id
        ))
    })
}

/// The current time in the scheme's unit.
fn timestamp(signing: &Signing) -> String {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    match signing {
        Signing::Hmac(scheme) if scheme.timestamp_unit == TimestampUnit::Milliseconds => {
            since_epoch.as_millis().to_string()
        }
        _ => since_epoch.as_secs().to_string(),
    }
}
