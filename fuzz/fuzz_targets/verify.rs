//! `Unverified::verify` for every compiled vendor's `Signing`, on arbitrary headers, body,
//! secret and clock: never panics; an unsigned vendor never verifies; and what `sign` produces
//! for the same body and secret always verifies.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use hookspec::verify::{Signing, TimestampUnit, Unverified, VerifyError, sign};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, mut rest)) = data.split_first() else {
        return;
    };
    let now = hookspec_fuzz::line(&mut rest)
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.parse::<u64>().ok())
        .unwrap_or(1_700_000_000);
    let Some(secret) = hookspec_fuzz::line(&mut rest) else {
        return;
    };
    let secret = String::from_utf8_lossy(secret);
    let mut delivery_bytes = vec![selector];
    delivery_bytes.extend_from_slice(rest);
    let Some(input) = hookspec_fuzz::delivery(&delivery_bytes) else {
        return;
    };
    let signing = input.vendor.signing;
    // Far-future clocks overflow `SystemTime` on some platforms: keep `now` representable.
    let Some(clock) = UNIX_EPOCH.checked_add(Duration::from_secs(now % (1 << 40))) else {
        return;
    };

    let result =
        Unverified::new(input.body, input.headers.iter().copied()).verify(signing, &secret, clock);
    if let Signing::Unsigned { .. } = signing {
        assert!(
            matches!(result, Err(VerifyError::Unsigned { .. })),
            "{result:?}"
        );
        return;
    }
    if let Ok(verified) = &result {
        assert_eq!(verified.body(), input.body);
    }

    // What `sign` produces verifies, at the time it was signed.
    let Signing::Hmac(scheme) = signing else {
        return;
    };
    let seconds = now % (1 << 40);
    let stamp = match scheme.timestamp_unit {
        TimestampUnit::Seconds => seconds.to_string(),
        TimestampUnit::Milliseconds => (seconds * 1000).to_string(),
    };
    let Ok(headers) = sign(signing, &secret, input.body, Some("msg_fuzz"), Some(&stamp)) else {
        return;
    };
    let signed = Unverified::new(input.body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
        .verify(signing, &secret, clock);
    assert!(
        signed.is_ok(),
        "{}: own signature rejected: {signed:?}",
        input.vendor.id
    );
});
