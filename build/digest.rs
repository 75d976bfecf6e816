// The digest of a spec's text that `hookspec-codegen` writes into the header of each generated
// module (`// spec digest: fnv1a64 <hex>`), so that the build script, which has no generator
// without `regenerate`, can tell by content whether `generated/<vendor>.rs` still matches
// `specs/<vendor>.yaml`. A copy of `hookspec_codegen::spec_digest` (the packaged crate cannot
// reach the generator's sources); `tests/generated.rs` checks that the two agree.

/// FNV-1a (64 bits) of `text` with `\r\n` read as `\n` (a checkout with CRLF line ends is the
/// same spec), as 16 lowercase hex digits.
fn spec_digest(text: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut bytes = text.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if byte == b'\r' && bytes.peek() == Some(&&b'\n') {
            continue;
        }
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}
