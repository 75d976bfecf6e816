//! Keeping verified deliveries that do not fit the spec, durably, until they can be replayed
//! (feature `spool`).
//!
//! A receiver that answers 2xx promises the vendor it has the delivery: the vendor will not
//! send it again. For a delivery that verifies but does not parse (the vendor changed a
//! payload before the spec caught up), [`Spool::keep`] must therefore return only once the
//! delivery is on disk, and fail rather than drop it. [`FsSpool`] is the filesystem
//! implementation; `hookspec replay` sends what it kept again, and the axum integration
//! (`WebhookConfig::spool`) uses it in one line.
//!
//! # On disk
//!
//! Each delivery is three files in the spool directory with a common stem,
//! `<UTC time, µs>Z-<sequence>-<vendor>` (unique, sorting by arrival):
//!
//! - `<stem>.json`: the body, byte for byte (named `.json` even when it is not JSON, so that
//!   `hookspec audit` reads the spool as it is);
//! - `<stem>.headers`: one `Name: value` line per header worth replaying (every header but
//!   the transport's, `Content-Type`, `User-Agent` and the vendor's signing headers, which a
//!   replay makes anew; values that are not UTF-8 are left out);
//! - `<stem>.meta`: JSON: the vendor, the event name as far as it could be read, the receive
//!   time, the error and its JSON path, the signing id (Svix's `svix-id`, reused by a replay so
//!   that the idempotency key survives), the idempotency key, and the body's length and
//!   SHA-256.
//!
//! Each file is first written under a hidden temporary name (`.<stem>.<ext>.partial`) and
//! `fsync`ed, then hard-linked to its name (which fails rather than overwrite anything), the
//! `.meta` last; then the directory is `fsync`ed and only then does [`Spool::keep`] return.
//! **A delivery is complete when its `.meta` exists and the body matches the length and
//! SHA-256 it records.** A receiver killed while keeping a delivery leaves at most hidden
//! `.partial` files and a stem without `.meta`: it never answered that delivery 2xx, so the
//! vendor retries it; [`scan`] reports such stems as incomplete.
//!
//! # Limits
//!
//! [`FsSpool::max_deliveries`] and [`FsSpool::max_bytes`] bound the spool: when keeping a
//! delivery would pass one, [`Spool::keep`] fails with [`SpoolError::Full`] (the axum
//! integration answers 503, so the vendor retries later) and nothing is dropped. Deliveries
//! that replay moves out (`--archive`) free their room: a full spool counts its directory
//! again before refusing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::verify::{IdempotencyKey, Signing, Unparsed, VerifyError};

/// Keeps verified deliveries that do not fit the spec.
pub trait Spool: Send + Sync {
    /// Keeps `delivery` durably; returns its id (for [`FsSpool`], the file stem) only once it
    /// is kept. Blocking: call it off async workers (the axum integration does).
    ///
    /// # Errors
    /// [`SpoolError::Full`] when a limit is reached (answer 503: the vendor retries);
    /// [`SpoolError::Io`] when it cannot be written (answer 500). Either way the delivery
    /// was not kept: never answer it 2xx.
    fn keep(&self, delivery: &Unparsed) -> Result<String, SpoolError>;
}

/// Why a delivery was not kept, or a kept one cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpoolError {
    /// Keeping it would pass a limit.
    #[error(
        "the spool is full ({deliveries} deliveries, {bytes} bytes; limits: {max_deliveries:?} \
         deliveries, {max_bytes:?} bytes)"
    )]
    Full {
        /// Deliveries kept now.
        deliveries: u64,
        /// Bytes kept now.
        bytes: u64,
        /// The delivery limit.
        max_deliveries: Option<u64>,
        /// The byte limit.
        max_bytes: Option<u64>,
    },
    /// A file could not be written or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// A kept delivery is incomplete or damaged.
    #[error("{}: {reason}", stem.display())]
    Incomplete {
        /// The delivery's stem path.
        stem: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> SpoolError + '_ {
    move |source| SpoolError::Io {
        path: path.to_owned(),
        source,
    }
}

/// How much a spool holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Complete deliveries.
    pub deliveries: u64,
    /// Bytes of all their files (and of incomplete stems').
    pub bytes: u64,
}

/// The filesystem [`Spool`]: one directory, three files per delivery (see the
/// [module documentation](self)). Several processes may share a directory.
#[derive(Debug)]
pub struct FsSpool {
    dir: PathBuf,
    max_deliveries: Option<u64>,
    max_bytes: Option<u64>,
    usage: Mutex<Usage>,
}

impl FsSpool {
    /// Opens (creating it if needed) the spool in `dir`, counting what it holds.
    ///
    /// # Errors
    /// [`SpoolError::Io`] when the directory cannot be created or read.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, SpoolError> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        if let Some(parent) = dir.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        let usage = scan(&dir)?.usage;
        Ok(Self {
            dir,
            max_deliveries: None,
            max_bytes: None,
            usage: Mutex::new(usage),
        })
    }

    /// Refuses ([`SpoolError::Full`]) a delivery once `deliveries` are kept.
    #[must_use]
    pub fn max_deliveries(mut self, deliveries: u64) -> Self {
        self.max_deliveries = Some(deliveries);
        self
    }

    /// Refuses ([`SpoolError::Full`]) a delivery that would bring the files kept past `bytes`.
    #[must_use]
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = Some(bytes);
        self
    }

    /// The spool's directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the spool holds, as this process counts it.
    #[must_use]
    pub fn usage(&self) -> Usage {
        *self.usage.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts room for one more delivery of `bytes`, counting the directory again when the
    /// count says it is full (replay may have moved deliveries out).
    fn reserve(&self, bytes: u64) -> Result<(), SpoolError> {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let fits = |usage: &Usage| {
            self.max_deliveries.is_none_or(|max| usage.deliveries < max)
                && self
                    .max_bytes
                    .is_none_or(|max| usage.bytes.saturating_add(bytes) <= max)
        };
        if !fits(&usage) {
            *usage = scan(&self.dir)?.usage;
            if !fits(&usage) {
                return Err(SpoolError::Full {
                    deliveries: usage.deliveries,
                    bytes: usage.bytes,
                    max_deliveries: self.max_deliveries,
                    max_bytes: self.max_bytes,
                });
            }
        }
        usage.deliveries += 1;
        usage.bytes = usage.bytes.saturating_add(bytes);
        Ok(())
    }

    fn unreserve(&self, bytes: u64) {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        usage.deliveries = usage.deliveries.saturating_sub(1);
        usage.bytes = usage.bytes.saturating_sub(bytes);
    }

    /// Writes the three files under a new stem; returns the stem.
    fn write(
        &self,
        files: &[(&str, &[u8]); 3],
        vendor: &str,
        stamp: &str,
    ) -> Result<String, SpoolError> {
        let first = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        // The process id too: another process sharing the directory may use the same sequence
        // number in the same microsecond.
        let pid = std::process::id();
        let partial = |ext: &str| {
            self.dir
                .join(format!(".{stamp}-{first:06}-{pid}-{vendor}.{ext}.partial"))
        };
        // Written and synced under hidden names first: a published name is always complete.
        for (ext, bytes) in files {
            let path = partial(ext);
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(io_error(&path))?;
            file.write_all(bytes).map_err(io_error(&path))?;
            file.sync_all().map_err(io_error(&path))?;
        }
        let published = self.publish(files, vendor, stamp, first, &partial);
        for (ext, _) in files {
            // Left over only if the process dies here; harmless (hidden, ignored).
            let _ = fs::remove_file(partial(ext));
        }
        let stem = published?;
        sync_dir(&self.dir)?;
        Ok(stem)
    }

    /// Links the partial files to their names under the first free stem, `.meta` last.
    fn publish(
        &self,
        files: &[(&str, &[u8]); 3],
        vendor: &str,
        stamp: &str,
        first: u64,
        partial: &dyn Fn(&str) -> PathBuf,
    ) -> Result<String, SpoolError> {
        let mut sequence = first;
        for _ in 0..1000 {
            let stem = format!("{stamp}-{sequence:06}-{vendor}");
            let mut linked = Vec::new();
            let mut taken = false;
            for (ext, _) in files {
                let target = self.dir.join(format!("{stem}.{ext}"));
                match fs::hard_link(partial(ext), &target) {
                    Ok(()) => linked.push(target),
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                        taken = true;
                        break;
                    }
                    Err(error) => {
                        unlink_all(&linked);
                        return Err(io_error(&target)(error));
                    }
                }
            }
            if !taken {
                return Ok(stem);
            }
            unlink_all(&linked);
            sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        }
        Err(SpoolError::Incomplete {
            stem: self.dir.join(format!("{stamp}-{first:06}-{vendor}")),
            reason: "no free name for the delivery".to_owned(),
        })
    }
}

/// The sequence number in stems: unique within the process (a stem taken by another
/// process sharing the directory is skipped).
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

fn unlink_all(paths: &[PathBuf]) {
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

impl Spool for FsSpool {
    fn keep(&self, delivery: &Unparsed) -> Result<String, SpoolError> {
        let received_at = jiff::Timestamp::now();
        let body = delivery.body();
        let headers = replayable_headers(delivery);
        let meta = Meta {
            format: FORMAT,
            vendor: delivery.vendor().to_owned(),
            event: delivery.event_name().map(str::to_owned),
            received_at: received_at.to_string(),
            error: delivery.error().to_string(),
            error_path: delivery.error().path().to_owned(),
            signing_id: delivery.verified().idempotency_key().map(str::to_owned),
            idempotency_key: idempotency_key(delivery),
            body_bytes: body.len() as u64,
            body_sha256: hex(&Sha256::digest(body)),
        };
        let meta = serde_json::to_vec_pretty(&meta).map_err(|error| SpoolError::Io {
            path: self.dir.clone(),
            source: io::Error::other(error),
        })?;
        let size = (body.len() + headers.len() + meta.len()) as u64;
        self.reserve(size)?;
        let stamp = format!(
            "{}{:06}Z",
            received_at.strftime("%Y%m%dT%H%M%S"),
            received_at.subsec_microsecond()
        );
        let files = [
            ("json", body),
            ("headers", headers.as_bytes()),
            ("meta", &meta[..]),
        ];
        self.write(&files, delivery.vendor(), &stamp)
            .inspect_err(|_| self.unreserve(size))
    }
}

impl<S: Spool + ?Sized> Spool for std::sync::Arc<S> {
    fn keep(&self, delivery: &Unparsed) -> Result<String, SpoolError> {
        (**self).keep(delivery)
    }
}

/// `fsync` of a directory, so that the names linked in it survive a crash (a no-op where
/// directories cannot be opened as files).
fn sync_dir(dir: &Path) -> Result<(), SpoolError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(io_error(dir))?;
    #[cfg(not(unix))]
    let _ = (dir, File::open);
    Ok(())
}

/// The `.meta` format's version.
const FORMAT: u32 = 1;

/// What `<stem>.meta` holds.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    #[serde(rename = "hookspec_spool")]
    format: u32,
    vendor: String,
    event: Option<String>,
    received_at: String,
    error: String,
    error_path: String,
    signing_id: Option<String>,
    idempotency_key: Option<String>,
    body_bytes: u64,
    body_sha256: String,
}

/// Headers not worth replaying: the transport's own, and those a replay sets itself.
const NOT_REPLAYED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "expect",
    "content-type",
    "user-agent",
];

/// The scheme's signing headers (made anew by a replay).
fn signing_headers(signing: &Signing) -> Vec<&'static str> {
    match signing {
        Signing::Hmac(scheme) => [
            Some(scheme.signature_header),
            scheme.id_header,
            scheme.timestamp_header,
        ]
        .into_iter()
        .flatten()
        .collect(),
        Signing::Unsigned { .. } => Vec::new(),
    }
}

/// `Name: value` lines of the headers worth replaying.
fn replayable_headers(delivery: &Unparsed) -> String {
    let signing = crate::vendor(delivery.vendor())
        .map_or_else(Vec::new, |vendor| signing_headers(vendor.signing));
    let mut lines = String::new();
    for (name, value) in delivery.headers() {
        let skip = NOT_REPLAYED
            .iter()
            .chain(&signing)
            .any(|skipped| skipped.eq_ignore_ascii_case(name));
        if let (false, Ok(value)) = (skip, std::str::from_utf8(value))
            && !value.contains(['\r', '\n'])
        {
            lines.push_str(name);
            lines.push_str(": ");
            lines.push_str(value);
            lines.push('\n');
        }
    }
    lines
}

/// The idempotency key where the vendor's spec says it is, read leniently.
fn idempotency_key(delivery: &Unparsed) -> Option<String> {
    match crate::vendor(delivery.vendor())?.idempotency_key? {
        IdempotencyKey::Header(name) => delivery.verified().header(name).map(str::to_owned),
        IdempotencyKey::Field(field) => {
            let json = serde_json::Deserializer::from_slice(delivery.body())
                .into_iter::<serde_json::Value>()
                .next()?
                .ok()?;
            json.get(field)?.as_str().map(str::to_owned)
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A kept delivery, read back ([`KeptDelivery::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeptDelivery {
    /// Its stem path (`dir/<stem>`, without an extension).
    pub stem: PathBuf,
    /// The vendor id.
    pub vendor: String,
    /// The event name as far as it could be read.
    pub event_name: Option<String>,
    /// When it was received (RFC 3339, UTC).
    pub received_at: String,
    /// Why it did not fit the spec.
    pub error: String,
    /// The JSON path of the error.
    pub error_path: String,
    /// The value of the scheme's id header (Svix's `svix-id`), which a replay signs again.
    pub signing_id: Option<String>,
    /// The idempotency key where the vendor's spec says it is.
    pub idempotency_key: Option<String>,
    /// The headers kept for replaying, in order.
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
}

impl KeptDelivery {
    /// Reads the delivery at `path`: its stem path or any of its three files.
    ///
    /// # Errors
    /// [`SpoolError::Incomplete`] when a file is missing or the body does not match what the
    /// `.meta` records; [`SpoolError::Io`] when a file cannot be read.
    pub fn read(path: &Path) -> Result<Self, SpoolError> {
        let stem = stem_of(path);
        let incomplete = |reason: String| SpoolError::Incomplete {
            stem: stem.clone(),
            reason,
        };
        let meta_path = with_ext(&stem, "meta");
        let meta = match fs::read(&meta_path) {
            Ok(meta) => meta,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let kept = ["json", "headers"]
                    .iter()
                    .any(|ext| with_ext(&stem, ext).exists());
                return Err(incomplete(if kept {
                    "no .meta: not completely kept (never answered 2xx)".to_owned()
                } else {
                    "no such kept delivery (no .meta, .json or .headers)".to_owned()
                }));
            }
            Err(error) => return Err(io_error(&meta_path)(error)),
        };
        let meta: Meta = serde_json::from_slice(&meta)
            .map_err(|error| incomplete(format!("unreadable .meta: {error}")))?;
        if meta.format != FORMAT {
            return Err(incomplete(format!(
                "spool format {} (this hookspec reads {FORMAT})",
                meta.format
            )));
        }
        let body_path = with_ext(&stem, "json");
        let body = fs::read(&body_path).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => incomplete("no .json body".to_owned()),
            _ => io_error(&body_path)(error),
        })?;
        if body.len() as u64 != meta.body_bytes || hex(&Sha256::digest(&body)) != meta.body_sha256 {
            return Err(incomplete(format!(
                "the body ({} bytes) is not the one kept ({} bytes, SHA-256 {})",
                body.len(),
                meta.body_bytes,
                meta.body_sha256
            )));
        }
        let headers_path = with_ext(&stem, "headers");
        let text = fs::read_to_string(&headers_path).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => incomplete("no .headers".to_owned()),
            _ => io_error(&headers_path)(error),
        })?;
        let headers = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let (name, value) = line
                    .split_once(':')
                    .ok_or_else(|| incomplete(format!("a .headers line without `:`: {line}")))?;
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect::<Result<_, SpoolError>>()?;
        Ok(Self {
            stem,
            vendor: meta.vendor,
            event_name: meta.event,
            received_at: meta.received_at,
            error: meta.error,
            error_path: meta.error_path,
            signing_id: meta.signing_id,
            idempotency_key: meta.idempotency_key,
            headers,
            body,
        })
    }

    /// The stem's file name (`20261206T032407123456Z-000001-gately`).
    #[must_use]
    pub fn name(&self) -> String {
        self.stem
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The headers to send it again with, as the vendor would: those kept, then the vendor's
    /// signing headers for `secret` at `timestamp` (the scheme's unit: seconds or
    /// milliseconds since the epoch) with the kept signing id (a vendor whose id header is
    /// its idempotency key, as Svix's, keeps its key). None added for a vendor that does not
    /// sign, or when `secret` is `None`.
    ///
    /// # Errors
    /// An unusable secret; a vendor that is not compiled in.
    pub fn replay_headers(
        &self,
        secret: Option<&str>,
        timestamp: &str,
    ) -> Result<Vec<(String, String)>, VerifyError> {
        let vendor = crate::vendor(&self.vendor)
            .ok_or(VerifyError::InvalidScheme("the vendor is not compiled in"))?;
        let signing = signing_headers(vendor.signing);
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| !signing.iter().any(|s| s.eq_ignore_ascii_case(name)))
            .cloned()
            .collect();
        if let (Signing::Hmac(scheme), Some(secret)) = (vendor.signing, secret) {
            let fresh;
            let id = match (&self.signing_id, scheme.id_header) {
                (Some(id), _) => Some(id.as_str()),
                (None, Some(_)) => {
                    fresh = format!("replay_{}", self.name());
                    Some(fresh.as_str())
                }
                (None, None) => None,
            };
            let timestamp = (scheme.timestamp_header.is_some() || scheme.timestamp_entry.is_some())
                .then_some(timestamp);
            for (name, value) in
                crate::verify::sign(vendor.signing, secret, &self.body, id, timestamp)?
            {
                headers.push((name.to_owned(), value));
            }
        }
        Ok(headers)
    }
}

/// `path` without a spool extension (`.json`, `.headers`, `.meta`).
fn stem_of(path: &Path) -> PathBuf {
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("json" | "headers" | "meta") => path.with_extension(""),
        _ => path.to_owned(),
    }
}

fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_owned();
    path.push(".");
    path.push(ext);
    PathBuf::from(path)
}

/// What a spool directory holds ([`scan`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The stems with a `.meta` (read them with [`KeptDelivery::read`], which checks the
    /// body), in name order: arrival order.
    pub complete: Vec<PathBuf>,
    /// The stems without one (the receiver stopped while keeping them: never answered 2xx).
    pub incomplete: Vec<PathBuf>,
    /// What they take.
    pub usage: Usage,
}

/// Lists the deliveries in a spool directory (not recursively; hidden files ignored).
///
/// # Errors
/// [`SpoolError::Io`] when the directory cannot be read.
pub fn scan(dir: &Path) -> Result<Listing, SpoolError> {
    let mut stems = std::collections::BTreeMap::<PathBuf, (bool, u64)>::new();
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let ext = path.extension().and_then(|ext| ext.to_str());
        if name.starts_with('.') || !matches!(ext, Some("json" | "headers" | "meta")) {
            continue;
        }
        let len = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
        let slot = stems.entry(stem_of(&path)).or_default();
        slot.0 |= ext == Some("meta");
        slot.1 += len;
    }
    let mut listing = Listing::default();
    for (stem, (complete, bytes)) in stems {
        listing.usage.bytes += bytes;
        if complete {
            listing.usage.deliveries += 1;
            listing.complete.push(stem);
        } else {
            listing.incomplete.push(stem);
        }
    }
    Ok(listing)
}

/// Moves a kept delivery's files out of its spool into `to` (created if needed): the `.meta`
/// first, so the spool never offers it again even if the move stops half-way. Returns its
/// new stem path.
///
/// # Errors
/// [`SpoolError::Io`] when a file cannot be moved (another filesystem: `rename` does not
/// cross them).
pub fn archive(stem: &Path, to: &Path) -> Result<PathBuf, SpoolError> {
    let stem = stem_of(stem);
    fs::create_dir_all(to).map_err(io_error(to))?;
    let name = stem.file_name().unwrap_or_default();
    let target = to.join(name);
    for ext in ["meta", "json", "headers"] {
        let from = with_ext(&stem, ext);
        fs::rename(&from, with_ext(&target, ext)).map_err(io_error(&from))?;
    }
    sync_dir(to)?;
    if let Some(dir) = stem.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        sync_dir(dir)?;
    }
    Ok(target)
}
