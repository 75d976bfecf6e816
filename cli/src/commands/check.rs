//! `hookspec check`: validates spec files and summarizes them.

use std::path::PathBuf;

use hookspec_codegen::Generator;

use super::{Failure, say};

/// `hookspec check`: validates every spec and prints one summary line per vendor.
pub fn check(dir: PathBuf) -> Result<(), Failure> {
    let generator = Generator::new(&dir);
    let vendors = generator.load().map_err(|diagnostics| {
        // Each problem with its snippet; in colour only on a terminal.
        use std::io::IsTerminal;
        let rendered = diagnostics.render(std::io::stderr().is_terminal());
        Failure::Invalid(format!("invalid specs:\n{rendered}"))
    })?;
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
        let signing = match &vendor.signing {
            hookspec_codegen::model::Signing::Unsigned { .. } => "unsigned".to_owned(),
            hookspec_codegen::model::Signing::Hmac(scheme) => {
                format!("hmac-sha256 ({})", scheme.signature_header)
            }
        };
        say(format_args!(
            "{}: ok - {} events, {} examples ({} corrected), {} structs ({} fields{}), {} enums, {} unions, {}",
            vendor.id,
            vendor.events.len(),
            examples,
            corrected,
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
