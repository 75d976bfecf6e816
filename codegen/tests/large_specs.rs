//! Large specs load, validate and generate: no loader budget stops them, and generation stays
//! roughly linear in the spec's size (`benches/generate.rs` measures it). Specs too deep or too
//! large for the loader say so, naming the file.

use std::path::{Path, PathBuf};

use hookspec_codegen::{Generator, load_str};

#[path = "support/synthetic.rs"]
mod synthetic;

/// A specs directory of its own for `test`, holding `text` as the synthetic vendor's spec.
fn specs_dir(test: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{}.yaml", synthetic::VENDOR)), text).unwrap();
    dir
}

fn spec_file() -> PathBuf {
    Path::new("specs").join(format!("{}.yaml", synthetic::VENDOR))
}

#[test]
fn a_spec_of_5000_events_generates() {
    let events = 5000;
    let dir = specs_dir("events_5000", &synthetic::spec(events));
    let output = Generator::new(&dir)
        .generate()
        .unwrap_or_else(|diagnostics| {
            let shown: Vec<String> = diagnostics
                .0
                .iter()
                .take(5)
                .map(ToString::to_string)
                .collect();
            panic!(
                "the synthetic spec does not generate:\n{}",
                shown.join("\n")
            )
        });
    let vendor = &output.vendors[0];
    assert_eq!(vendor.events.len(), events);
    assert_eq!(
        vendor.field_count(),
        events * synthetic::FIELDS + synthetic::SHARED_FIELDS
    );
    let (name, source) = &output.files[0];
    assert_eq!(name, "synthetic.rs");
    assert!(source.contains("pub enum Event {"));
    assert!(source.contains("pub struct Resource999Restored {"));
    // Speed is measured by `cargo bench -p hookspec-codegen --bench generate` (a time bound
    // here failed on a busy 2-core machine while the code was fine), not asserted here.
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_synthetic_spec_is_a_valid_spec_of_20_fields_per_event() {
    let vendor = load_str(&spec_file(), &synthetic::spec(3)).unwrap_or_else(|diagnostics| {
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("the synthetic spec does not load:\n{}", shown.join("\n"))
    });
    assert_eq!(vendor.events.len(), 3);
    assert_eq!(
        vendor.field_count(),
        3 * synthetic::FIELDS + synthetic::SHARED_FIELDS
    );
}

#[test]
fn one_module_whatever_the_path_to_it() {
    // `Generator` formats a large module in parts, on several threads; `format::format` prints
    // the module's tokens as one file, on one thread. Both give the same text.
    let text = synthetic::spec(300);
    let dir = specs_dir("events_300", &text);
    let output = Generator::new(&dir).generate().expect("generates");
    let vendor = load_str(&spec_file(), &text).expect("loads");
    let tokens =
        hookspec_codegen::emit::vendor(&vendor, &hookspec_codegen::emit::Options::default());
    let whole = hookspec_codegen::format::format(tokens, "specs/synthetic.yaml").expect("parses");
    // `generate` also records the spec's digest as the second line.
    let generated: Vec<&str> = (output.files[0].1.lines())
        .filter(|line| !line.starts_with(hookspec_codegen::digest::HEADER))
        .collect();
    assert!(
        generated == whole.lines().collect::<Vec<_>>(),
        "the two paths differ"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_too_deep_for_the_loader_says_so() {
    // Objects nested in objects, 40 deep: more YAML levels than the loader's limit.
    let mut payload = String::from("{ type: string, doc: The innermost value. }");
    for _ in 0..40 {
        payload = format!("{{ type: object, doc: A level., fields: {{ inner: {payload} }} }}");
    }
    let text = format!(
        "vendor: synthetic\nname: Synthetic\ndocs: https://example.com\ndoc: Deep.\n\
         signing: {{ scheme: none, advice: Use an unguessable URL. }}\n\
         envelope:\n  doc: A delivery.\n  event_name: event\n  payload: data\n  fields:\n    \
         event: {{ type: string, doc: The event name. }}\n    data: {{ doc: The payload. }}\n\
         events:\n  deep:\n    doc: A deep event.\n    payload: {payload}\n"
    );
    // Reading 30-odd nested objects takes more stack in an unoptimized build than a test
    // thread's 2 MiB (a build script's main thread has 8 MiB): load on a thread with more.
    let errors = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || load_str(&spec_file(), &text).expect_err("too deep"))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let shown = errors[0].to_string();
    assert!(
        shown.contains("synthetic.yaml:") && shown.contains("levels of YAML mappings"),
        "{shown}"
    );
}
