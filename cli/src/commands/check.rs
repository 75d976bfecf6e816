//! `hookspec check`: validates spec files and summarizes them.

use std::io::IsTerminal;
use std::path::PathBuf;

use hookspec_codegen::{Diagnostics, Generator};

use super::{Failure, say};

/// `hookspec check`: validates every spec and prints one summary line per vendor, and each
/// warning (on stderr); warnings alone do not fail it.
pub fn check(dir: PathBuf) -> Result<(), Failure> {
    let generator = Generator::new(&dir);
    // Each problem with its snippet; in colour only on a terminal.
    let styled = std::io::stderr().is_terminal();
    let hookspec_codegen::Checked { vendors, warnings } =
        generator.check().map_err(|diagnostics| {
            Failure::Invalid(format!("invalid specs:\n{}", diagnostics.render(styled)))
        })?;
    let warnings = Diagnostics(warnings);
    if !warnings.0.is_empty() {
        eprintln!("{}", warnings.render(styled));
    }
    if vendors.is_empty() {
        return Err(Failure::Invalid(format!(
            "no specs (*.yaml) in {}",
            dir.display()
        )));
    }
    for vendor in &vendors {
        let examples: usize = vendor.events.iter().map(|event| event.examples.len()).sum();
        let corrected = vendor
            .events
            .iter()
            .flat_map(|event| &event.examples)
            .filter(|example| example.corrected.is_some())
            .count();
        let fields = vendor.field_count();
        let undocumented = match vendor.undocumented_fields() {
            0 => String::new(),
            count => format!(", {count} without doc"),
        };
        let warned = match warnings
            .0
            .iter()
            .filter(|warning| warning.file == vendor.source)
            .count()
        {
            0 => String::new(),
            1 => ", 1 warning".to_owned(),
            count => format!(", {count} warnings"),
        };
        let signing = match &vendor.signing {
            hookspec_codegen::model::Signing::Unsigned { .. } => "unsigned".to_owned(),
            hookspec_codegen::model::Signing::Hmac(scheme) => {
                format!("hmac-sha256 ({})", scheme.signature_header)
            }
        };
        say(format_args!(
            "{}: ok - {} events, {} examples ({} corrected{}), {} structs ({} fields{}), {} enums, {} unions, {}",
            vendor.id,
            vendor.events.len(),
            examples,
            corrected,
            warned,
            vendor.structs.len(),
            fields,
            undocumented,
            vendor.enums.len(),
            vendor.unions.len(),
            signing
        ))?;
    }
    Ok(())
}
