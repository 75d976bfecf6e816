//! The input formats the fuzz targets share with the seed writer (`examples/seeds`).
//!
//! A delivery input is one byte choosing the vendor (`index % hookspec::VENDORS.len()`), then
//! header lines `name: value` up to the first empty line, then the body (the rest, raw bytes):
//!
//! ```text
//! \x02X-GitHub-Event: issues\n\n{"action": "opened", ...}
//! ```
//!
//! The `verify` input adds two lines before the headers: the current time (decimal Unix
//! seconds) and the secret.

/// A decoded delivery input.
#[derive(Debug)]
pub struct Delivery<'a> {
    /// The vendor picked by the first byte.
    pub vendor: &'static hookspec::Vendor,
    /// The header lines, in order (names that are not UTF-8 are dropped).
    pub headers: Vec<(&'a str, &'a [u8])>,
    /// The body.
    pub body: &'a [u8],
}

/// Splits off the next line (without its `\n`); `None` when no `\n` is left.
pub fn line<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let end = data.iter().position(|&byte| byte == b'\n')?;
    let (line, rest) = data.split_at(end);
    *data = &rest[1..];
    Some(line)
}

/// Decodes `vendor byte, header lines, empty line, body`; `None` for an empty input.
pub fn delivery(data: &[u8]) -> Option<Delivery<'_>> {
    let (&selector, mut rest) = data.split_first()?;
    let vendors = hookspec::VENDORS;
    let vendor = vendors.get(usize::from(selector) % vendors.len())?;
    let mut headers = Vec::new();
    // Without an empty line, what follows the last newline is the body.
    while let Some(line) = line(&mut rest) {
        if line.is_empty() {
            break;
        }
        let colon = line
            .iter()
            .position(|&byte| byte == b':')
            .unwrap_or(line.len());
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default();
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if let Ok(name) = std::str::from_utf8(name) {
            headers.push((name, value));
        }
    }
    Some(Delivery {
        vendor,
        headers,
        body: rest,
    })
}

/// Encodes a delivery input (the inverse of [`delivery`] for well-formed headers).
pub fn encode(vendor: usize, headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut out = vec![u8::try_from(vendor).unwrap_or(0)];
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}
