//! The digest of a spec's text, written into the header of each generated module
//! (`// spec digest: fnv1a64 <hex>`). The `hookspec` build script compiles the committed
//! `generated/` code without the generator; it recomputes this digest from `specs/<vendor>.yaml`
//! to tell by content, not by file times (which a fresh clone sets arbitrarily), whether the
//! committed module was generated from the spec as it is now.

/// The header line's prefix, followed by the digest.
pub const HEADER: &str = "// spec digest: fnv1a64 ";

/// FNV-1a (64 bits) of `text` with `\r\n` read as `\n` (a checkout with CRLF line ends is the
/// same spec), as 16 lowercase hex digits. Not a cryptographic hash: it detects edits, nothing
/// more. The `hookspec` build script has a copy (`build/digest.rs`) that must agree.
pub fn spec_digest(text: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_and_line_ends() {
        // FNV-1a 64 reference values.
        assert_eq!(spec_digest(b""), "cbf29ce484222325");
        assert_eq!(spec_digest(b"a"), "af63dc4c8601ec8c");
        assert_eq!(spec_digest(b"foobar"), "85944171f73967e8");
        assert_eq!(
            spec_digest(b"a: 1\r\nb: 2\r\n"),
            spec_digest(b"a: 1\nb: 2\n")
        );
        assert_ne!(spec_digest(b"a: 1\rb"), spec_digest(b"a: 1b"));
    }
}
