//! `hookspec verify`: checks a delivery's signature.

use std::path::Path;
use std::time::SystemTime;

use hookspec::Vendor;
use hookspec::verify::{Signing, Unverified, VerifyError};

use super::{Failure, read_input, say};
use crate::args::Header;

/// Checks the body's (`input`, or stdin) signature in `headers` with each of `secrets` at
/// `now`; prints `valid` when one of them signed it, else fails with the reason.
pub fn verify(
    vendor: &Vendor,
    input: Option<&Path>,
    secrets: &[String],
    headers: &[Header],
    now: SystemTime,
    max_body_bytes: u64,
) -> Result<(), Failure> {
    if let Signing::Unsigned { advice } = vendor.signing {
        return Err(Failure::Invalid(format!(
            "{} does not sign its webhooks, so there is nothing to verify. Vendor advice: {advice}",
            vendor.id
        )));
    }
    if secrets.is_empty() {
        return Err(Failure::Usage(format!(
            "verify {} needs --secret",
            vendor.id
        )));
    }
    let body = read_input(input, max_body_bytes)?;
    let delivery = Unverified::new(
        &body,
        headers
            .iter()
            .map(|header| (header.name.as_str(), header.value.as_bytes())),
    );
    verify_any(delivery, vendor.signing, secrets, now)
        .map_err(|error| Failure::Invalid(format!("not valid: {error}")))?;
    say(format_args!("valid"))?;
    Ok(())
}

/// Verifies `delivery` against every secret (the runtime's multi-secret check): `Ok` when one
/// of them signed it, else the reason it is not valid.
fn verify_any(
    delivery: Unverified<'_>,
    signing: &Signing,
    secrets: &[String],
    now: SystemTime,
) -> Result<(), VerifyError> {
    delivery.verify_any(signing, secrets, now).map(|_| ())
}
