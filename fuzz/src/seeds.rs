//! Writes the seed corpora under `fuzz/corpus/<target>/`:
//!
//! - `parse`: every compiled vendor's documented examples (`Vendor::events[..].example`), with
//!   the event-name header for vendors that name events in a header; and, for each
//!   `--corpus VENDOR DIR` argument, the deliveries `DIR/<event name>/*.json` of up to 16 KiB
//!   (minified), with the event name in the vendor's name header (GitHub's documents no
//!   examples of its own: its seeds come from octokit's payload examples);
//! - `verify`: the same deliveries, signed with `sign` (a fixed secret and clock);
//! - `spec_loader`: the spec files of `specs/` and `fixtures/specs/` up to 64 KiB (GitHub's
//!   300 KB spec would slow every mutation down), renamed to the vendor `fuzz` so that a seed
//!   validates.
//!
//! Built by `cargo fuzz build` with the targets; run `fuzz/target/<triple>/release/seeds` (see
//! `fuzz/README.md`).

use std::path::{Path, PathBuf};

use hookspec::verify::{Signing, TimestampUnit, sign};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW: u64 = 1_700_000_000;
const MAX_SPEC: u64 = 64 * 1024;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = fuzz.join("corpus");
    let (mut parse, mut verify, mut loader) = (0, 0, 0);
    for (index, vendor) in hookspec::VENDORS.iter().enumerate() {
        for event in vendor.events {
            let Some(example) = event.example else {
                continue;
            };
            let header = vendor.name_header_for(event);
            let headers: Vec<(&str, &[u8])> = header.into_iter().collect();
            let file = format!("{}-{}", vendor.id, event.name.replace('/', "_"));
            let input = hookspec_fuzz::encode(index, &headers, example.as_bytes());
            write(&corpus.join("parse"), &file, &input)?;
            parse += 1;

            let mut signed = headers.clone();
            let stamp = match vendor.signing {
                Signing::Hmac(scheme) if scheme.timestamp_unit == TimestampUnit::Milliseconds => {
                    (NOW * 1000).to_string()
                }
                _ => NOW.to_string(),
            };
            let signature = sign(
                vendor.signing,
                SECRET,
                example.as_bytes(),
                Some("msg_1"),
                Some(&stamp),
            )
            .unwrap_or_default();
            signed.extend(
                signature
                    .iter()
                    .map(|(name, value)| (*name, value.as_bytes())),
            );
            // The vendor byte, the clock and secret lines, then headers and body.
            let delivery = hookspec_fuzz::encode(index, &signed, example.as_bytes());
            let (vendor_byte, rest) = delivery.split_at(1);
            let mut input = vendor_byte.to_vec();
            input.extend_from_slice(format!("{NOW}\n{SECRET}\n").as_bytes());
            input.extend_from_slice(rest);
            write(&corpus.join("verify"), &file, &input)?;
            verify += 1;
        }
    }
    for dir in ["../specs", "../specs/import", "../fixtures/specs"] {
        for entry in std::fs::read_dir(fuzz.join(dir))? {
            let path: PathBuf = entry?.path();
            if path.extension().is_none_or(|ext| ext != "yaml") || path.metadata()?.len() > MAX_SPEC
            {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let renamed: String = text
                .lines()
                .map(|line| {
                    if line.starts_with("vendor:") {
                        "vendor: fuzz"
                    } else {
                        line
                    }
                })
                .flat_map(|line| [line, "\n"])
                .collect();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("spec.yaml");
            write(&corpus.join("spec_loader"), name, renamed.as_bytes())?;
            loader += 1;
        }
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(3) {
        let [flag, id, dir] = pair else {
            return Err("usage: seeds [--corpus VENDOR DIR]...".into());
        };
        let index = hookspec::VENDORS
            .iter()
            .position(|vendor| vendor.id == id)
            .filter(|_| flag == "--corpus")
            .ok_or_else(|| {
                format!("usage: seeds [--corpus VENDOR DIR]...; `{id}` is not a compiled vendor")
            })?;
        let vendor = &hookspec::VENDORS[index];
        for entry in std::fs::read_dir(dir)? {
            let event = entry?.path();
            let Some(name) = event.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            if !event.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&event)? {
                let file = file?.path();
                if file.metadata()?.len() > 16 * 1024 {
                    continue;
                }
                let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file)?)?;
                let body = serde_json::to_vec(&json)?;
                let headers: Vec<(&str, &[u8])> = vendor
                    .name_header()
                    .map(|header| (header, name.as_bytes()))
                    .into_iter()
                    .collect();
                let stem = file
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or("delivery");
                let seed = format!("{}-{name}-{stem}", vendor.id);
                write(
                    &corpus.join("parse"),
                    &seed,
                    &hookspec_fuzz::encode(index, &headers, &body),
                )?;
                parse += 1;
            }
        }
    }
    println!(
        "seeds: parse {parse}, verify {verify}, spec_loader {loader} in {}",
        corpus.display()
    );
    Ok(())
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(name), contents)
}
