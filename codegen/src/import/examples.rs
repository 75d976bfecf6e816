//! Whole-delivery examples for imported events, so that an imported vendor gets the golden
//! tests and doctests a hand-written one has.
//!
//! Three sources, in this order for each event:
//!
//! 1. **An OpenAPI document's own examples**: `example` and `examples` on the webhook's
//!    `application/json` request body (an `examples` entry may be a `$ref` to
//!    `#/components/examples/<name>`, whose `value` is the example; an `externalValue` cannot be
//!    read and is reported by its pointer), then `example` and the 3.1 `examples` array on the
//!    event's schema (following `$ref`s to it). Each is a delivery as a whole.
//! 2. **A directory of bodies** (`--examples DIR`), every `*.json` file under it one delivery,
//!    in the order of their paths. The event the file stands for: with `--layout folders`, the
//!    first folder of its path (`issues/opened.with-organization.payload.json` is an `issues`
//!    delivery), with `--layout files` its path without `.json` (`orders/create.json`); where
//!    the base names events by a body member (`identity.name.member`), that member instead.
//!    Where the base declares a sub-name member (`identity.sub_name.member`, GitHub's
//!    `action`), the body's value of it picks the event `<name>.<value>`; an event of the name
//!    without sub-names takes the body otherwise. A file that is not JSON, or whose body names
//!    no imported event, is reported by file.
//! 3. **Synthesized** (opt-in, `--synthesize-examples`), for an event that has none from the
//!    above: built from the schema, each required member (and each optional one that has an
//!    `example`) from its `example`, first `examples` entry, `const`, `default` or first `enum`
//!    value, else a plain value of its type (`format: date-time` gives an RFC 3339 text),
//!    through `$ref`s and `allOf`. Written as `corrected` only, with a `note` saying so.
//!
//! The text written is the example exactly as published for JSON input (a file's bytes; an
//! embedded example's text, its lines moved left by the indentation of the line it starts on),
//! and a pretty-printed JSON rendering otherwise (YAML input, synthesized examples).
//!
//! Every example is checked, before it is written, by the generator's own example checker on
//! the drafted spec ([`crate::validate::check_example`]), the same check `cargo build` runs.
//! One the generated parser would reject is left out and each of its misfits reported by file
//! and JSON pointer; one it accepts but the spec does not fully describe (a member kept in
//! `extra`, an enum value not listed) is written and each such place reported. The overlay
//! (`examples:`, see [`super::overlay`]) replaces an example with a corrected one or drops it,
//! each with a note.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::read::Documents;
use super::yaml::{EventOut, quoted};
use super::{Layout, Options, Problem};
use crate::model::{NameSource, SubName, Vendor};
use crate::validate::{Step, check_example};

/// The note of a synthesized example.
pub(crate) const SYNTHESIZED_NOTE: &str = "Synthesized by `hookspec import` from the schema's property-level examples (and plain values of each type where it gives none), not documented by the vendor.";

/// An example as written under an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExampleOut {
    /// The example exactly as published.
    pub(crate) documented: Option<String>,
    /// The JSON that stands for it, where the overlay corrects it or the importer made it.
    pub(crate) corrected: Option<String>,
    /// Why there is a `corrected`.
    pub(crate) note: Option<String>,
    /// Where it came from, as a comment.
    pub(crate) source: String,
}

/// An overlay's entry for one example (`examples:` in the overlay file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleCorrection {
    /// The example, as the import report names it: its file under `--examples`
    /// (`check_run/rerequested.payload.json`), or `<document>#<pointer>` for one in an
    /// OpenAPI document.
    pub(crate) from: String,
    /// Leave the example out.
    #[serde(default)]
    pub(crate) drop: bool,
    /// The corrected delivery (JSON), written as `corrected` beside the published text.
    pub(crate) corrected: Option<String>,
    /// Why: which delivery or document supports it.
    pub(crate) note: String,
}

#[derive(Debug, Default, Deserialize)]
struct OverlayExamples {
    #[serde(default)]
    examples: Vec<ExampleCorrection>,
}

/// What happened to the examples, for the import report.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Examples written (synthesized ones included).
    pub(crate) written: usize,
    /// Of those, synthesized.
    pub(crate) synthesized: usize,
    /// Left out by the overlay.
    pub(crate) dropped: usize,
    /// Events documented from their example files (`--event-doc-pointer`).
    pub(crate) documented: usize,
    /// Bodies that could not be read or placed, misfits, and examples left out.
    pub(crate) problems: Vec<Problem>,
}

/// A body found in the input, before it is checked.
struct Candidate {
    /// How the report and the overlay name it: a file, or `file#pointer`.
    from: String,
    /// The file it is in (for problems).
    file: String,
    /// The JSON pointer of the example in `file` (empty for a whole file).
    pointer: String,
    /// Index of its event in `events`.
    event: usize,
    /// The text to write.
    text: String,
    value: Value,
    synthesized: bool,
}

/// Where the examples of an imported document are.
pub(crate) struct Input<'a> {
    /// The imported documents (an OpenAPI document's examples are read from them).
    pub(crate) documents: &'a Documents,
    /// For each event (in `events` order), the file and JSON pointer of its schema.
    pub(crate) schemas: Vec<(&'a str, &'a str)>,
    /// Whether the input is an OpenAPI document (whose request bodies may hold examples).
    pub(crate) openapi: bool,
    /// The spec drafted without examples, which each example is checked against.
    pub(crate) draft: &'a str,
}

/// Finds, checks and attaches every example; the outcome, or the overlay's problems.
pub(crate) fn attach(
    input: &Input<'_>,
    options: &Options,
    events: &mut [EventOut],
) -> Result<Outcome, Vec<Problem>> {
    let mut outcome = Outcome::default();
    let corrections = overlay_examples(options.overlay.as_deref())?;
    if options.examples.is_none() {
        for (flag, given) in [
            ("--example-pointer", &options.example_pointer),
            ("--event-doc-pointer", &options.event_doc_pointer),
        ] {
            if given.is_some() {
                return Err(vec![Problem::file(
                    "options",
                    format!("`{flag}` reads the files of `--examples DIR`: give that too"),
                )]);
            }
        }
    }
    let wanted = input.openapi || options.examples.is_some() || options.synthesize_examples;
    if !wanted {
        if let Some(first) = corrections.first() {
            return Err(vec![Problem {
                file: "overlay".to_owned(),
                pointer: "/examples/0".to_owned(),
                message: format!(
                    "`{}`: no examples were imported (give `--examples DIR`)",
                    first.from
                ),
            }]);
        }
        return Ok(outcome);
    }
    let file = format!("{}.yaml", options.vendor);
    let vendor = match crate::check_str(Path::new(&file), input.draft) {
        Ok((vendor, _)) => Some(vendor),
        Err(diagnostics) => {
            outcome.problems.push(Problem::file(
                file.as_str(),
                format!(
                    "the drafted spec does not load ({} problems, the first: {}), so examples were not checked; written unchecked",
                    diagnostics.len(),
                    diagnostics
                        .first()
                        .map_or_else(String::new, |first| first.message.clone())
                ),
            ));
            None
        }
    };

    let mut candidates = Vec::new();
    if input.openapi {
        for (index, (file, pointer)) in input.schemas.iter().enumerate() {
            openapi_examples(input, file, pointer, index, &mut candidates, &mut outcome);
        }
    }
    let pointers = Pointers::of(options)?;
    if let Some(dir) = &options.examples
        && !dir.is_dir()
    {
        return Err(vec![Problem::file(
            dir.display(),
            "`--examples` is not a directory of example bodies",
        )]);
    }
    if let Some(dir) = &options.examples {
        // An OpenAPI document's events are named by their keys: `<event>.json`.
        let layout = if input.openapi {
            Layout::Files
        } else {
            options.layout
        };
        let docs = directory_examples(
            dir,
            layout,
            &pointers,
            vendor.as_ref(),
            events,
            &mut candidates,
            &mut outcome,
        );
        for (index, doc) in docs {
            if let Some(event) = events.get_mut(index)
                && !event.schema_doc
            {
                event.doc = doc;
                outcome.documented += 1;
            }
        }
    }
    let mut used = vec![false; corrections.len()];
    // The published examples, then (when asked) one synthesized for each event left without.
    for round in 0..2 {
        if round == 1 {
            if !options.synthesize_examples {
                break;
            }
            candidates = synthesized(input, events);
        }
        for candidate in std::mem::take(&mut candidates) {
            let correction = corrections
                .iter()
                .position(|correction| correction.from == candidate.from);
            let mut example = ExampleOut {
                documented: (!candidate.synthesized).then(|| candidate.text.clone()),
                corrected: candidate.synthesized.then(|| candidate.text.clone()),
                note: candidate.synthesized.then(|| SYNTHESIZED_NOTE.to_owned()),
                source: if candidate.synthesized {
                    format!("synthesized from the schema at {}", candidate.from)
                } else {
                    format!("from {}", candidate.from)
                },
            };
            let mut value = candidate.value;
            let mut pointer = candidate.pointer.clone();
            let mut file = candidate.file.clone();
            if let Some(at) = correction {
                used[at] = true;
                let correction = &corrections[at];
                if correction.drop {
                    outcome.dropped += 1;
                    continue;
                }
                if let Some(corrected) = &correction.corrected {
                    match serde_json::from_str::<Value>(corrected) {
                        Ok(parsed) => value = parsed,
                        Err(error) => {
                            return Err(vec![overlay_problem(
                                at,
                                format!("`corrected` is not JSON: {error}"),
                            )]);
                        }
                    }
                    let text = if corrected.ends_with('\n') {
                        corrected.clone()
                    } else {
                        format!("{corrected}\n")
                    };
                    example.corrected = Some(text);
                    example.note = Some(correction.note.trim().to_owned());
                    file = "overlay".to_owned();
                    pointer = format!("/examples/{at}/corrected");
                }
            }
            let Some(event) = events.get_mut(candidate.event) else {
                continue;
            };
            if let Some(vendor) = &vendor {
                let mut errors = 0;
                let mut found = name_misfits(vendor, &event.key, &value);
                match check_example(vendor, &event.key, &value) {
                    Ok(misfits) => {
                        for misfit in misfits {
                            let error = misfit.severity == crate::Severity::Error;
                            found.push((error, json_pointer(&misfit.path.0), misfit.to_string()));
                        }
                    }
                    Err(error) => found.push((true, String::new(), error.to_string())),
                }
                for (error, at, message) in found {
                    errors += usize::from(error);
                    let what = if error {
                        "error"
                    } else {
                        "warning (written; the spec does not describe it: add it in the overlay)"
                    };
                    // A synthesized example is no place in the document: its schema is.
                    let at = if candidate.synthesized {
                        ""
                    } else {
                        at.as_str()
                    };
                    outcome.problems.push(Problem {
                        file: file.clone(),
                        pointer: format!("{pointer}{at}"),
                        message: format!("example of `{}`: {what}: {message}", event.key),
                    });
                }
                if errors > 0 {
                    outcome.problems.push(Problem {
                    file: file.clone(),
                    pointer: pointer.clone(),
                    message: format!(
                        "example of `{}` left out: the generated parser would reject it ({errors} errors above); correct the types in the overlay, or replace or drop the example there (`examples: [{{ from: {}, ... }}]`)",
                        event.key,
                        quoted(&candidate.from)
                    ),
                });
                    continue;
                }
            }
            outcome.written += 1;
            outcome.synthesized += usize::from(candidate.synthesized);
            event.examples.push(example);
        }
    }
    let unused: Vec<Problem> = used
        .iter()
        .enumerate()
        .filter(|(_, used)| !**used)
        .map(|(at, _)| {
            overlay_problem(
                at,
                format!(
                    "no imported example comes from `{}` (the report names each example's `from`)",
                    corrections[at].from
                ),
            )
        })
        .collect();
    if !unused.is_empty() {
        return Err(unused);
    }
    Ok(outcome)
}

/// One example built from the schema for each event that has none.
fn synthesized(input: &Input<'_>, events: &[EventOut]) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (index, (file, pointer)) in input.schemas.iter().enumerate() {
        if events
            .get(index)
            .is_none_or(|event| !event.examples.is_empty())
        {
            continue;
        }
        let Some(schema) = input
            .documents
            .files
            .get(*file)
            .and_then(|document| document.pointer(pointer))
        else {
            continue;
        };
        let mut synthesis = Synthesis {
            documents: input.documents,
            file,
        };
        let value = synthesis.value(schema, 0);
        candidates.push(Candidate {
            from: format!("{file}#{pointer}"),
            file: (*file).to_owned(),
            pointer: (*pointer).to_owned(),
            event: index,
            text: pretty(&value),
            value,
            synthesized: true,
        });
    }
    candidates
}

fn overlay_problem(index: usize, message: String) -> Problem {
    Problem {
        file: "overlay".to_owned(),
        pointer: format!("/examples/{index}"),
        message,
    }
}

/// The overlay's `examples`, checked: each with a note, and `drop` or `corrected`.
fn overlay_examples(text: Option<&str>) -> Result<Vec<ExampleCorrection>, Vec<Problem>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let overlay: OverlayExamples = serde_saphyr::from_str(text).map_err(|error| {
        vec![Problem::file(
            "overlay",
            format!("not a valid overlay: {}", error.without_snippet()),
        )]
    })?;
    let mut problems = Vec::new();
    for (index, correction) in overlay.examples.iter().enumerate() {
        if correction.note.trim().is_empty() {
            problems.push(overlay_problem(
                index,
                "an example's correction needs a `note`: which delivery or document supports it"
                    .to_owned(),
            ));
        }
        if correction.drop == correction.corrected.is_some() {
            problems.push(overlay_problem(
                index,
                "give either `drop: true` or `corrected` (JSON)".to_owned(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(overlay.examples)
    } else {
        Err(problems)
    }
}

/// Checks what the generator checks of an example besides its types: the event's name and
/// sub-name members, and the envelope's `match` members.
fn name_misfits(vendor: &Vendor, key: &str, value: &Value) -> Vec<(bool, String, String)> {
    let mut found = Vec::new();
    let Some(event) = vendor.events.iter().find(|event| event.wire == key) else {
        return found;
    };
    if let NameSource::Member(path) = &vendor.identity.name {
        let name = path
            .iter()
            .try_fold(value, |value, key| value.get(key))
            .and_then(Value::as_str);
        let expected = |name: &str| match event.compound {
            Some(_) => name == event.base,
            None => event.names().any(|known| known == name),
        };
        if !name.is_some_and(expected) {
            found.push((
                true,
                pointer_of(path.iter().map(String::as_str)),
                format!("`{}` must name the event", path.join(".")),
            ));
        }
    }
    if let (Some(member), SubName::Value(sub)) = (&vendor.identity.sub_name, &event.sub)
        && value.get(member).and_then(Value::as_str) != Some(sub.as_str())
    {
        found.push((
            true,
            pointer_of([member.as_str()]),
            format!("`{member}` must be `{sub}`"),
        ));
    }
    if let Some(envelope) = &vendor.envelope {
        for (member, wanted) in &envelope.matches {
            if value.get(member).and_then(Value::as_str) != Some(wanted.as_str()) {
                found.push((
                    true,
                    pointer_of([member.as_str()]),
                    format!("`{member}` must be `{wanted}`"),
                ));
            }
        }
    }
    found
}

fn pointer_of<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    keys.into_iter()
        .map(|key| format!("/{}", key.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn json_pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

/// The examples an OpenAPI document gives for the event whose schema is at `pointer`.
fn openapi_examples(
    input: &Input<'_>,
    file: &str,
    pointer: &str,
    event: usize,
    candidates: &mut Vec<Candidate>,
    outcome: &mut Outcome,
) {
    let Some(document) = input.documents.files.get(file) else {
        return;
    };
    // Rendered from the value, never copied from the document's text, so that the same document
    // in JSON and in YAML gives the same spec byte for byte.
    let push = |at: String, value: &Value, candidates: &mut Vec<Candidate>| {
        let published = pretty(value);
        candidates.push(Candidate {
            from: format!("{file}#{at}"),
            file: file.to_owned(),
            pointer: at,
            event,
            text: published,
            value: value.clone(),
            synthesized: false,
        });
    };
    // The media type: `.../application~1json/schema` without `/schema`.
    if let Some(media) = pointer.strip_suffix("/schema") {
        let example = format!("{media}/example");
        if let Some(value) = document.pointer(&example) {
            push(example, value, candidates);
        }
        let examples = format!("{media}/examples");
        if let Some(map) = document.pointer(&examples).and_then(Value::as_object) {
            for (name, entry) in map {
                let at = super::resolve::child(&examples, name);
                let (entry_file, entry_at, entry) = match entry.get("$ref").and_then(Value::as_str)
                {
                    Some(reference) => match resolve(input.documents, file, reference) {
                        Some((target_file, target_at, target)) => (target_file, target_at, target),
                        None => {
                            outcome.problems.push(Problem {
                                file: file.to_owned(),
                                pointer: at,
                                message: format!(
                                    "example `$ref` to `{reference}` leads nowhere; left out"
                                ),
                            });
                            continue;
                        }
                    },
                    None => (file.to_owned(), at.clone(), entry),
                };
                if let Some(value) = entry.get("value") {
                    if entry_file == file {
                        push(format!("{entry_at}/value"), value, candidates);
                    } else {
                        candidates.push(Candidate {
                            from: format!("{entry_file}#{entry_at}/value"),
                            file: entry_file.clone(),
                            pointer: format!("{entry_at}/value"),
                            event,
                            text: pretty(value),
                            value: value.clone(),
                            synthesized: false,
                        });
                    }
                } else if let Some(external) = entry.get("externalValue").and_then(Value::as_str) {
                    outcome.problems.push(Problem {
                        file: entry_file,
                        pointer: format!("{entry_at}/externalValue"),
                        message: format!(
                            "example `{name}` is an `externalValue` (`{external}`), which the importer does not fetch; left out (give the body with `--examples DIR`)"
                        ),
                    });
                } else {
                    outcome.problems.push(Problem {
                        file: entry_file,
                        pointer: entry_at,
                        message: format!(
                            "example `{name}` has neither `value` nor `externalValue`; left out"
                        ),
                    });
                }
            }
        }
    }
    // The event's schema, and the schemas its `$ref`s lead to (3.1 allows an example beside a
    // `$ref`), in that order.
    let mut at = (file.to_owned(), pointer.to_owned());
    for _ in 0..16 {
        if at.0 != file {
            return;
        }
        let Some(schema) = document.pointer(&at.1) else {
            return;
        };
        if let Some(value) = schema.get("example") {
            push(format!("{}/example", at.1), value, candidates);
        }
        if let Some(list) = schema.get("examples").and_then(Value::as_array) {
            for (index, value) in list.iter().enumerate() {
                push(format!("{}/examples/{index}", at.1), value, candidates);
            }
        }
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return;
        };
        match resolve(input.documents, &at.0, reference) {
            Some((target_file, target_at, _)) => at = (target_file, target_at),
            None => return,
        }
    }
}

fn resolve<'d>(
    documents: &'d Documents,
    from: &str,
    reference: &str,
) -> Option<(String, String, &'d Value)> {
    let (file, pointer) = documents.resolve(from, reference).ok()?;
    let value = documents.files.get(&file)?.pointer(&pointer)?;
    Some((file, pointer, value))
}

/// Every `*.json` under `dir`, by path relative to it (`/`-separated), sorted.
fn json_files(dir: &Path, outcome: &mut Outcome) -> Vec<String> {
    let (files, mut problems) = super::read::files_under(
        dir,
        |name| name.ends_with(".json"),
        " the examples directory",
    );
    outcome.problems.append(&mut problems);
    files.into_iter().map(|(relative, _)| relative).collect()
}

/// The JSON pointers applied to each `--examples` file, checked.
struct Pointers<'o> {
    /// Where the body is (`--example-pointer`); `None` for the whole file.
    body: Option<&'o str>,
    /// Where the event's doc is (`--event-doc-pointer`).
    doc: Option<&'o str>,
}

impl<'o> Pointers<'o> {
    /// The options' pointers, each empty or starting with `/` (RFC 6901).
    fn of(options: &'o Options) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut check = |flag: &str, pointer: &'o Option<String>| {
            let pointer = pointer.as_deref()?;
            if !pointer.is_empty() && !pointer.starts_with('/') {
                problems.push(Problem::file(
                    "options",
                    format!(
                        "`{flag} {pointer}` is not a JSON pointer (RFC 6901): empty, or `/` and the path, such as `/response`"
                    ),
                ));
                return None;
            }
            Some(pointer)
        };
        let body = check("--example-pointer", &options.example_pointer).filter(|p| !p.is_empty());
        let doc = check("--event-doc-pointer", &options.event_doc_pointer);
        if problems.is_empty() {
            Ok(Pointers { body, doc })
        } else {
            Err(problems)
        }
    }
}

/// The text of the JSON value at `pointer` (RFC 6901) in the JSON `text`, exactly as written
/// there; `None` where the pointer finds nothing.
fn raw_at<'t>(text: &'t str, pointer: &str) -> Option<&'t str> {
    use serde_json::value::RawValue;
    let mut at: &'t str = text;
    let Some(path) = pointer.strip_prefix('/') else {
        return pointer.is_empty().then_some(text.trim());
    };
    for token in path.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let trimmed = at.trim_start();
        at = if trimmed.starts_with('{') {
            let members: std::collections::BTreeMap<String, &'t RawValue> =
                serde_json::from_str(at).ok()?;
            members.get(&token)?.get()
        } else if trimmed.starts_with('[') {
            // As `Value::pointer` reads an index: digits, without a leading zero.
            if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
                return None;
            }
            let index: usize = token.parse().ok()?;
            let items: Vec<&'t RawValue> = serde_json::from_str(at).ok()?;
            items.get(index)?.get()
        } else {
            return None;
        };
    }
    Some(at)
}

/// The text of a value found inside a file, as a body of its own: its lines after the first
/// moved left by the indentation of the line it starts on (JSON has line breaks only between
/// tokens, so only layout changes), with a final line break.
fn dedented(file: &str, value: &str) -> String {
    let start = (value.as_ptr() as usize).saturating_sub(file.as_ptr() as usize);
    let line_start = file
        .get(..start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |at| at + 1);
    let indent = file.get(line_start..).map_or(0, |line| {
        line.len() - line.trim_start_matches([' ', '\t']).len()
    });
    let mut out = String::with_capacity(value.len() + 1);
    for (index, line) in value.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
            let blank = line.len() - line.trim_start_matches([' ', '\t']).len();
            out.push_str(&line[blank.min(indent)..]);
        } else {
            out.push_str(line);
        }
    }
    out.push('\n');
    out
}

/// The bodies of `--examples DIR`, each placed at its event; with an event doc pointer, the doc
/// each event's first file gives (by index in `events`).
fn directory_examples(
    dir: &Path,
    layout: Layout,
    pointers: &Pointers<'_>,
    vendor: Option<&Vendor>,
    events: &[EventOut],
    candidates: &mut Vec<Candidate>,
    outcome: &mut Outcome,
) -> std::collections::BTreeMap<usize, String> {
    let mut docs = std::collections::BTreeMap::new();
    let files = json_files(dir, outcome);
    if files.is_empty() {
        outcome.problems.push(Problem::file(
            dir.display(),
            "no `*.json` example bodies in the examples directory",
        ));
    }
    let sub_member = vendor.and_then(|vendor| vendor.identity.sub_name.clone());
    let name_member = vendor.and_then(|vendor| match &vendor.identity.name {
        NameSource::Member(path) => Some(path.clone()),
        NameSource::Header(_) => None,
    });
    for file in files {
        let problem = |message: String| Problem::file(&file, message);
        let text = match std::fs::read(dir.join(&file)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    outcome
                        .problems
                        .push(problem("not UTF-8 text; left out".to_owned()));
                    continue;
                }
            },
            Err(error) => {
                outcome
                    .problems
                    .push(problem(format!("cannot read: {error}; left out")));
                continue;
            }
        };
        let whole: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(error) => {
                outcome
                    .problems
                    .push(problem(format!("not JSON ({error}); left out")));
                continue;
            }
        };
        // The body: the whole file, or what the pointer finds in it.
        let body = match pointers.body {
            None => Some((whole.clone(), text.clone())),
            Some(pointer) => whole.pointer(pointer).map(|value| {
                let text = match raw_at(&text, pointer) {
                    Some(raw) => dedented(&text, raw),
                    None => pretty(value),
                };
                (value.clone(), text)
            }),
        };
        if body.is_none()
            && let Some(pointer) = pointers.body
        {
            outcome.problems.push(problem(format!(
                "`--example-pointer {pointer}` finds nothing in the file: no example; left out"
            )));
        }
        let doc = pointers.doc.map(|pointer| {
            let found = whole
                .pointer(pointer)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|doc| !doc.is_empty())
                .map(str::to_owned);
            if found.is_none() {
                outcome.problems.push(problem(format!(
                    "`--event-doc-pointer {pointer}` finds no text in the file: its event keeps the doc it has"
                )));
            }
            found
        });
        let null = Value::Null;
        let value = body.as_ref().map_or(&null, |(value, _)| value);
        let from_path = match layout {
            Layout::Folders => file.split_once('/').map(|(folder, _)| folder.to_owned()),
            Layout::Files => Some(file.strip_suffix(".json").unwrap_or(&file).to_owned()),
        };
        let name = match &name_member {
            Some(path) => path
                .iter()
                .try_fold(value, |value, key| value.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned),
            None => from_path,
        };
        let Some(name) = name else {
            if body.is_none() {
                continue;
            }
            let why = match &name_member {
                Some(path) => format!("has no `{}` string member", path.join(".")),
                None => "is not in an event's folder (`<event>/<any name>.json`)".to_owned(),
            };
            outcome
                .problems
                .push(problem(format!("names no event: the body {why}; left out")));
            continue;
        };
        let sub = sub_member
            .as_deref()
            .and_then(|member| value.get(member))
            .and_then(Value::as_str);
        let compound = sub.map(|sub| format!("{name}.{sub}"));
        let index = compound
            .as_deref()
            .and_then(|key| events.iter().position(|event| event.key == key))
            .or_else(|| events.iter().position(|event| event.key == name));
        let Some(index) = index else {
            if body.is_none() {
                continue;
            }
            let named = match (&compound, &sub_member) {
                (Some(compound), _) => format!("`{compound}` (nor `{name}`)"),
                (None, Some(member)) => format!("`{name}` (without `{member}`)"),
                (None, None) => format!("`{name}`"),
            };
            outcome.problems.push(problem(format!(
                "names no imported event: {named}; left out"
            )));
            continue;
        };
        if let Some(doc) = doc.flatten() {
            docs.entry(index).or_insert(doc);
        }
        let Some((value, text)) = body else {
            continue;
        };
        let pointer = pointers.body.unwrap_or_default().to_owned();
        candidates.push(Candidate {
            from: if pointer.is_empty() {
                file.clone()
            } else {
                format!("{file}#{pointer}")
            },
            file,
            pointer,
            event: index,
            text,
            value,
            synthesized: false,
        });
    }
    docs
}

/// `value` as pretty-printed JSON with a final line break.
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

/// Building an example from a schema (`--synthesize-examples`).
struct Synthesis<'d> {
    documents: &'d Documents,
    file: &'d str,
}

impl Synthesis<'_> {
    /// A value for `schema`: its own example-like keyword, else one of its type.
    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        if depth > 24 {
            return Value::Null;
        }
        let mut schema = schema;
        let mut file = self.file;
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match resolve(self.documents, file, reference) {
                Some((target_file, _, target)) => {
                    schema = target;
                    // The target's own refs are relative to its file.
                    file = self
                        .documents
                        .files
                        .get_key_value(&target_file)
                        .map_or(file, |(name, _)| name.as_str());
                }
                None => return Value::Null,
            }
        }
        if let Some(given) = given(schema) {
            return given;
        }
        let mut inner = Synthesis {
            documents: self.documents,
            file,
        };
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            // Each part an object: their members together.
            let mut merged = Map::new();
            let mut other = None;
            for part in parts {
                match inner.value(part, depth + 1) {
                    Value::Object(members) => merged.extend(members),
                    value => other = other.or(Some(value)),
                }
            }
            if let Some(Value::Object(own)) = inner.object(schema, depth) {
                merged.extend(own);
            }
            return match other {
                Some(value) if merged.is_empty() => value,
                _ => Value::Object(merged),
            };
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = schema.get(key).and_then(Value::as_array) {
                let chosen = variants
                    .iter()
                    .find(|variant| variant.get("type").and_then(Value::as_str) != Some("null"))
                    .or(variants.first());
                if let Some(chosen) = chosen {
                    return inner.value(chosen, depth + 1);
                }
            }
        }
        let ty = match schema.get("type") {
            Some(Value::String(ty)) => Some(ty.as_str()),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|ty| *ty != "null")
                .or_else(|| types.iter().find_map(Value::as_str)),
            _ => None,
        };
        match ty {
            Some("object") => inner
                .object(schema, depth)
                .unwrap_or_else(|| Value::Object(Map::new())),
            None if schema.get("properties").is_some() => inner
                .object(schema, depth)
                .unwrap_or_else(|| Value::Object(Map::new())),
            Some("array") => match schema.get("items") {
                Some(items) if items.is_object() => {
                    Value::Array(vec![inner.value(items, depth + 1)])
                }
                _ => Value::Array(Vec::new()),
            },
            Some("string") => Value::String(plain_string(schema)),
            Some("integer") => {
                Value::from(schema.get("minimum").and_then(Value::as_i64).unwrap_or(0))
            }
            Some("number") => {
                Value::from(schema.get("minimum").and_then(Value::as_i64).unwrap_or(0))
            }
            Some("boolean") => Value::Bool(false),
            Some("null") => Value::Null,
            _ => Value::Null,
        }
    }

    /// The object of `schema`'s `properties`: required members, and optional ones with an
    /// example-like keyword.
    fn object(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        let properties = schema.get("properties")?.as_object()?;
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut members = Map::new();
        for (key, property) in properties {
            let wanted = required.contains(&key.as_str())
                || ["example", "examples"]
                    .iter()
                    .any(|keyword| property.get(keyword).is_some());
            if wanted {
                members.insert(key.clone(), self.value(property, depth + 1));
            }
        }
        Some(Value::Object(members))
    }
}

/// The value a schema itself gives: `example`, first of `examples`, `const`, `default`, first
/// of `enum`.
fn given(schema: &Value) -> Option<Value> {
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|list| list.first())
    {
        return Some(first.clone());
    }
    for key in ["const", "default"] {
        if let Some(value) = schema.get(key) {
            return Some(value.clone());
        }
    }
    schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|value| !value.is_null()))
        .cloned()
}

/// A plain string that fits the schema's `format`.
fn plain_string(schema: &Value) -> String {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-15T10:00:00Z",
        Some("date") => "2024-01-15",
        Some("time") => "10:00:00Z",
        Some("email") => "user@example.com",
        Some("uri" | "url" | "uri-reference") => "https://example.com/",
        Some("uuid") => "00000000-0000-0000-0000-000000000000",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        _ => "string",
    }
    .to_owned()
}

/// Writes an event's examples (at four spaces of indentation, under the event).
pub(crate) fn write(out: &mut String, examples: &[ExampleOut]) {
    if examples.is_empty() {
        return;
    }
    out.push_str("    examples:\n");
    for example in examples {
        let _ = writeln!(out, "      # {}", example.source);
        let mut first = true;
        let mut item = |key: &str, text: &str, out: &mut String| {
            let lead = if first { "      - " } else { "        " };
            first = false;
            out.push_str(lead);
            out.push_str(key);
            out.push(':');
            block(out, text, 10);
        };
        if let Some(documented) = &example.documented {
            item("documented", documented, out);
        }
        if let Some(corrected) = &example.corrected {
            item("corrected", corrected, out);
        }
        if let Some(note) = &example.note {
            let lead = if first { "      - " } else { "        " };
            let _ = writeln!(out, "{lead}note: {}", quoted(note));
        }
    }
}

/// ` |` and `text` as a literal block scalar indented by `indent`, where YAML reads it back
/// exactly; else ` "..."` (a double-quoted scalar, exact for any text).
fn block(out: &mut String, text: &str, indent: usize) {
    let literal = text.ends_with('\n')
        && !text.ends_with("\n\n")
        && !text.starts_with([' ', '\t', '\n'])
        && text.chars().all(|c| {
            matches!(c, '\t' | '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
                && c != '\u{feff}'
        });
    if !literal {
        let _ = writeln!(out, " {}", quoted(text));
        return;
    }
    out.push_str(" |\n");
    let pad = " ".repeat(indent);
    for line in text.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of one OpenAPI document (a value: JSON and YAML read to the same one).
    fn document_examples(value: Value) -> Vec<(String, String)> {
        let documents = Documents::single("hub", value);
        let input = Input {
            documents: &documents,
            schemas: Vec::new(),
            openapi: true,
            draft: "",
        };
        let mut candidates = Vec::new();
        let mut outcome = Outcome::default();
        let pointer = "/webhooks/a/post/requestBody/content/application~1json/schema";
        openapi_examples(&input, "hub", pointer, 0, &mut candidates, &mut outcome);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        candidates
            .into_iter()
            .map(|candidate| (candidate.from, candidate.text))
            .collect()
    }

    #[test]
    fn openapi_examples_from_the_media_type_refs_and_schemas() {
        let value = serde_json::json!({
            "webhooks": { "a": { "post": { "requestBody": { "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/A", "example": {"id": "x"} },
                "example": { "type": "a", "data": { "n": [1, 2.5, null], "s": "é\"" } },
                "examples": { "one": { "$ref": "#/components/examples/one" } }
            } } } } } },
            "components": {
                "examples": { "one": { "value": { "type": "a", "data": {} } } },
                "schemas": { "A": { "type": "object", "examples": [ { "type": "a" } ] } }
            }
        });
        let examples = document_examples(value.clone());
        assert_eq!(examples.len(), 4, "{examples:#?}");
        // Each is the value's pretty rendering (the same whatever syntax the document was in).
        for (from, text) in &examples {
            let pointer = from.strip_prefix("hub#").unwrap();
            assert_eq!(text, &pretty(value.pointer(pointer).unwrap()), "{from}");
        }
    }

    #[test]
    fn a_pointer_finds_the_text_of_a_value_as_written() {
        let file = "{\n  \"a/b\": [\n    1,\n    { \"c~d\": {\"e\" :  2.50 } }\n  ],\n  \"x\": 1, \"x\": \"last\"\n}\n";
        // `~1` is `/` and `~0` is `~` (RFC 6901); the text is the value's, spacing and all.
        assert_eq!(raw_at(file, "/a~1b/1/c~0d"), Some("{\"e\" :  2.50 }"));
        assert_eq!(raw_at(file, "/a~1b/0"), Some("1"));
        // As `Value::pointer` reads: the last of two equal keys, indexes without leading zeros.
        assert_eq!(raw_at(file, "/x"), Some("\"last\""));
        assert_eq!(raw_at(file, "/a~1b/01"), None);
        assert_eq!(raw_at(file, "/a~1b/2"), None);
        assert_eq!(raw_at(file, "/a~1b/0/deeper"), None);
        assert_eq!(raw_at(file, "/missing"), None);
        assert_eq!(raw_at(file, ""), Some(file.trim()));
        let value: Value = serde_json::from_str(file).unwrap();
        for pointer in ["/a~1b", "/a~1b/1", "/x"] {
            let raw = raw_at(file, pointer).unwrap();
            let text = dedented(file, raw);
            assert_eq!(
                serde_json::from_str::<Value>(&text).unwrap(),
                value.pointer(pointer).cloned().unwrap(),
                "{pointer}"
            );
        }
        // Moved left by the indentation of the line the value starts on.
        assert_eq!(
            dedented(file, raw_at(file, "/a~1b").unwrap()),
            "[\n  1,\n  { \"c~d\": {\"e\" :  2.50 } }\n]\n"
        );
    }

    #[test]
    fn texts_yaml_cannot_hold_literally_are_quoted() {
        let mut out = String::new();
        block(&mut out, "{\n  \"a\": 1\n}\n", 4);
        assert_eq!(out, " |\n    {\n      \"a\": 1\n    }\n");
        let mut out = String::new();
        block(&mut out, "{\r\n}\r\n", 4);
        assert_eq!(out, " \"{\\r\\n}\\r\\n\"\n");
        let mut out = String::new();
        block(&mut out, "no final line break", 4);
        assert_eq!(out, " \"no final line break\"\n");
    }
}
