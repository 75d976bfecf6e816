//! `hookspec diff`'s library: each kind of change between two versions of a small spec
//! (`tests/diff/acme.yaml`, edited one thing at a time) is found and classified as Rust's semver
//! rules say for the code the generator emits; a reformatted spec has no changes; the JSON shape.

use std::path::Path;

use hookspec_codegen::diff::{
    self, Change, Diff, Impact, Item, Kind, Scope, SourceError, SpecSource,
};
use hookspec_codegen::{Vendor, load_str};

const BASE: &str = include_str!("diff/acme.yaml");

fn load(text: &str) -> Vendor {
    match load_str(Path::new("acme.yaml"), text) {
        Ok(vendor) => vendor,
        Err(problems) => panic!("invalid fixture: {problems:#?}\n{text}"),
    }
}

/// The base spec with `from` replaced by `to` (which must occur exactly once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "`{from}` must occur once in acme.yaml"
    );
    BASE.replacen(from, to, 1)
}

/// The diff from the base spec to its edit.
fn diff_to(from: &str, to: &str) -> Diff {
    diff::diff(&load(BASE), &load(&edited(from, to)))
}

/// The one change of the diff, which must have exactly one (besides documentation changes).
fn only(diff: &Diff) -> &Change {
    let changes: Vec<&Change> = (diff.changes.iter())
        .filter(|change| change.kind != Kind::DocChanged)
        .collect();
    assert_eq!(changes.len(), 1, "{}", diff.render_text());
    changes[0]
}

fn member(scope: &Change) -> Option<&str> {
    (scope.item == Item::Member)
        .then_some(scope.name.as_deref())
        .flatten()
}

#[test]
fn the_same_spec_has_no_changes_and_is_patch() {
    let diff = diff::diff(&load(BASE), &load(BASE));
    assert!(diff.changes.is_empty());
    assert_eq!(diff.verdict(), Impact::Patch);
}

#[test]
fn formatting_comments_and_key_order_are_no_change() {
    let reformatted = include_str!("diff/acme.reformatted.yaml");
    assert_ne!(reformatted, BASE);
    let diff = diff::diff(&load(BASE), &load(reformatted));
    assert!(diff.changes.is_empty(), "{}", diff.render_text());
    assert_eq!(diff.verdict(), Impact::Patch);
    assert!(diff.render_text().contains("no changes"));
}

#[test]
fn a_new_event_is_minor() {
    let diff = diff_to(
        "events:\n",
        "events:\n  order.refunded:\n    doc: Refunded.\n    payload: { type: Order }\n",
    );
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Event("order.refunded".into()));
    assert_eq!((change.item, change.impact), (Item::Whole, Impact::Minor));
    assert_eq!(change.new.as_deref(), Some("Event::OrderRefunded"));
    assert_eq!(diff.verdict(), Impact::Minor);
}

#[test]
fn a_removed_event_is_major() {
    let diff = diff_to(
        "  order.paid:\n    doc: An order was paid.\n    payload: { type: Order }\n",
        "",
    );
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Event("order.paid".into()));
    assert_eq!((change.kind, change.impact), (Kind::Removed, Impact::Major));
    assert_eq!(diff.verdict(), Impact::Major);
}

#[test]
fn a_new_optional_member_is_minor() {
    let diff = diff_to(
        "      total:",
        "      coupon: { type: string, doc: A coupon., optional: true }\n      total:",
    );
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Struct("Order".into()));
    assert_eq!(member(change), Some("coupon"));
    assert_eq!(change.new.as_deref(), Some("Option<String>"));
    assert_eq!(change.impact, Impact::Minor);
}

#[test]
fn a_new_required_member_is_major_when_strict_and_minor_when_tolerant() {
    let strict = diff_to(
        "      total:",
        "      coupon: { type: string, doc: A coupon. }\n      total:",
    );
    let change = only(&strict);
    assert_eq!(member(change), Some("coupon"));
    assert_eq!(
        (change.kind, change.impact),
        (
            Kind::Added {
                required: true,
                tolerant: false
            },
            Impact::Major
        )
    );

    // The same addition to a tolerant spec: deliveries without it still parse.
    let tolerant_base = BASE.replacen("types:\n", "presence: tolerant\ntypes:\n", 1);
    let tolerant_new = tolerant_base.replacen(
        "      total:",
        "      coupon: { type: string, doc: A coupon. }\n      total:",
        1,
    );
    let diff = diff::diff(&load(&tolerant_base), &load(&tolerant_new));
    let change = only(&diff);
    assert_eq!(member(change), Some("coupon"));
    assert_eq!(change.impact, Impact::Minor);
}

#[test]
fn a_removed_member_is_major() {
    let diff = diff_to("      total: { type: integer, doc: The total. }\n", "");
    let change = only(&diff);
    assert_eq!(member(change), Some("total"));
    assert_eq!((change.kind, change.impact), (Kind::Removed, Impact::Major));
    assert_eq!(change.old.as_deref(), Some("i64"));
}

#[test]
fn a_member_type_change_is_major() {
    let diff = diff_to("total: { type: integer", "total: { type: number");
    let change = only(&diff);
    assert_eq!(member(change), Some("total"));
    assert_eq!(change.kind, Kind::TypeChanged);
    assert_eq!(change.old.as_deref(), Some("i64"));
    assert_eq!(change.new.as_deref(), Some("serde_json::Number"));
    assert_eq!(change.impact, Impact::Major);
}

#[test]
fn required_to_optional_and_back_are_major() {
    let diff = diff_to(
        "total: { type: integer, doc: The total. }",
        "total: { type: integer, doc: The total., optional: true }",
    );
    let change = only(&diff);
    assert_eq!(
        (change.kind, change.impact),
        (Kind::BecameOptional, Impact::Major)
    );
    assert_eq!(change.old.as_deref(), Some("i64"));
    assert_eq!(change.new.as_deref(), Some("Option<i64>"));

    let diff = diff_to(
        "note: { type: string, doc: A note., optional: true }",
        "note: { type: string, doc: A note. }",
    );
    let change = only(&diff);
    assert_eq!(
        (change.kind, change.impact),
        (Kind::BecameRequired, Impact::Major)
    );
}

#[test]
fn nullable_changes_are_major() {
    let diff = diff_to(
        "id: { type: string, doc: The order id. }",
        "id: { type: string, doc: The order id., nullable: true }",
    );
    let change = only(&diff);
    assert_eq!(
        (change.kind, change.impact),
        (Kind::BecameNullable, Impact::Major)
    );

    // Optional and nullable: `Option<T>` becomes `Option<Option<T>>`.
    let diff = diff_to(
        "note: { type: string, doc: A note., optional: true }",
        "note: { type: string, doc: A note., optional: true, nullable: true }",
    );
    let change = only(&diff);
    assert_eq!(change.kind, Kind::BecameNullable);
    assert_eq!(change.new.as_deref(), Some("Option<Option<String>>"));
}

#[test]
fn a_rust_name_change_is_major() {
    let diff = diff_to(
        "total: { type: integer, doc: The total. }",
        "total: { type: integer, doc: The total., rust_name: sum }",
    );
    let change = only(&diff);
    assert_eq!((change.kind, change.impact), (Kind::Renamed, Impact::Major));
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("total"), Some("sum"))
    );
}

#[test]
fn enum_values_added_are_minor_and_removed_are_major() {
    let diff = diff_to("values: [paid, open]", "values: [paid, open, refunded]");
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Enum("Status".into()));
    assert_eq!(
        (change.item, change.name.as_deref(), change.impact),
        (Item::Value, Some("refunded"), Impact::Minor)
    );

    let diff = diff_to("values: [paid, open]", "values: [paid]");
    let change = only(&diff);
    assert_eq!(
        (change.kind, change.name.as_deref(), change.impact),
        (Kind::Removed, Some("open"), Impact::Major)
    );
}

#[test]
fn union_branches_added_are_minor_and_removed_are_major() {
    let diff = diff_to(
        "      - { type: string }\n",
        "      - { type: string }\n      - { type: bool }\n",
    );
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Union("Amount".into()));
    assert_eq!(
        (change.item, change.name.as_deref(), change.impact),
        (Item::Branch, Some("Bool"), Impact::Minor)
    );

    let back = diff::diff(
        &load(&edited(
            "      - { type: string }\n",
            "      - { type: string }\n      - { type: bool }\n",
        )),
        &load(BASE),
    );
    assert_eq!(only(&back).kind, Kind::Removed);
    assert_eq!(back.verdict(), Impact::Major);
}

#[test]
fn opening_a_union_is_minor_and_closing_it_major() {
    let open = edited(
        "    doc: An amount, as a number or as text.\n",
        "    doc: An amount, as a number or as text.\n    open: true\n",
    );
    let diff = diff::diff(&load(BASE), &load(&open));
    assert_eq!(
        (only(&diff).kind, only(&diff).impact),
        (Kind::Opened, Impact::Minor)
    );
    let diff = diff::diff(&load(&open), &load(BASE));
    assert_eq!(
        (only(&diff).kind, only(&diff).impact),
        (Kind::Closed, Impact::Major)
    );
}

#[test]
fn signing_changes_are_major() {
    let diff = diff_to("X-Acme-Signature", "X-Acme-Signature-256");
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Signing);
    assert_eq!(change.name.as_deref(), Some("signature_header"));
    assert_eq!(
        (change.kind, change.impact),
        (Kind::ValueChanged, Impact::Major)
    );

    let diff = diff_to(
        "  key: utf8\n",
        "  key: utf8\n  idempotency_key: { header: X-Acme-Id }\n",
    );
    let change = only(&diff);
    assert_eq!(change.name.as_deref(), Some("idempotency_key"));
    assert_eq!(change.impact, Impact::Minor);
}

#[test]
fn presence_strict_to_tolerant_is_minor_and_back_is_major() {
    let tolerant = BASE.replacen("types:\n", "presence: tolerant\ntypes:\n", 1);
    let diff = diff::diff(&load(BASE), &load(&tolerant));
    let presence: Vec<&Change> = (diff.changes.iter())
        .filter(|change| change.kind == Kind::BecameTolerant)
        .collect();
    assert!(
        presence
            .iter()
            .any(|change| change.scope == Scope::Struct("Order".into())),
        "{}",
        diff.render_text()
    );
    assert!(presence.iter().all(|change| change.impact == Impact::Minor));
    // Nothing in the base spec is a text format `Lenient` would wrap, so no type changes.
    assert_eq!(diff.verdict(), Impact::Minor, "{}", diff.render_text());

    let back = diff::diff(&load(&tolerant), &load(BASE));
    assert!(
        back.changes
            .iter()
            .any(|change| change.kind == Kind::BecameStrict)
    );
    assert_eq!(back.verdict(), Impact::Major);
}

#[test]
fn documentation_alone_is_patch() {
    let diff = diff_to("doc: The order id.", "doc: The unique order id.");
    assert_eq!(diff.changes.len(), 1);
    let change = &diff.changes[0];
    assert_eq!(
        (change.kind, change.impact),
        (Kind::DocChanged, Impact::Patch)
    );
    assert_eq!(member(change), Some("id"));
    assert_eq!(diff.verdict(), Impact::Patch);
}

#[test]
fn deprecating_is_minor() {
    let diff = diff_to(
        "total: { type: integer, doc: The total. }",
        "total: { type: integer, doc: The total., deprecated: Use amount. }",
    );
    let change = only(&diff);
    assert_eq!(
        (change.kind, change.impact),
        (Kind::Deprecated, Impact::Minor)
    );
}

#[test]
fn a_payload_type_change_is_major() {
    let diff = diff_to(
        "    doc: An order was paid.\n    payload: { type: Order }\n",
        "    doc: An order was paid.\n    payload: { type: Status }\n",
    );
    let change = only(&diff);
    assert_eq!(change.scope, Scope::Event("order.paid".into()));
    assert_eq!(change.kind, Kind::TypeChanged);
    assert_eq!(change.old.as_deref(), Some("Envelope<Order>"));
    assert_eq!(change.new.as_deref(), Some("Envelope<Status>"));
    assert_eq!(diff.verdict(), Impact::Major);
}

#[test]
fn the_verdict_is_the_largest_impact() {
    let text = edited("values: [paid, open]", "values: [paid, open, refunded]")
        .replacen("total: { type: integer", "total: { type: number", 1)
        .replacen("doc: The order id.", "doc: The id.", 1);
    let diff = diff::diff(&load(BASE), &load(&text));
    assert_eq!(
        (
            diff.count(Impact::Major),
            diff.count(Impact::Minor),
            diff.count(Impact::Patch)
        ),
        (1, 1, 1)
    );
    assert_eq!(diff.verdict(), Impact::Major);
    let text = diff.render_text();
    // Grouped by scope, the verdict last.
    assert!(
        text.contains("struct `Order`\n  patch  member `id` documentation changed"),
        "{text}"
    );
    assert!(
        text.contains("\n  major  member `total` type changed: `i64` → `serde_json::Number` — "),
        "{text}"
    );
    assert!(
        text.contains("enum `Status`\n  minor  value `refunded` added"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("verdict: major (1 major, 1 minor, 1 patch)"),
        "{text}"
    );
}

#[test]
fn json_is_one_object_with_the_verdict_and_the_changes() {
    let diff = diff_to(
        "note: { type: string, doc: A note., optional: true }",
        "note: { type: string, doc: A note. }",
    );
    let json = diff.to_json();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["old_vendor"], "acme");
    assert_eq!(json["counts"]["major"], 1);
    let changes = json["changes"].as_array().expect("changes is an array");
    assert_eq!(changes.len(), 1);
    let change = &changes[0];
    assert_eq!(change["scope"], "struct");
    assert_eq!(change["name"], "Order");
    assert_eq!(change["item"], "member");
    assert_eq!(change["item_name"], "note");
    assert_eq!(change["change"], "became_required");
    assert_eq!(change["old"], "Option<String>");
    assert_eq!(change["new"], "String");
    assert_eq!(change["impact"], "major");
    assert!(change["why"].as_str().is_some_and(|why| !why.is_empty()));

    let none = diff::diff(&load(BASE), &load(BASE)).to_json();
    assert_eq!(none["verdict"], "patch");
    assert_eq!(none["changes"], serde_json::json!([]));
}

#[test]
fn sources_parse_git_revisions_and_files() {
    assert_eq!(
        SpecSource::parse("git:HEAD~1:specs/acme.yaml"),
        SpecSource::Git {
            rev: "HEAD~1".into(),
            path: "specs/acme.yaml".into()
        }
    );
    assert_eq!(
        SpecSource::parse("specs/acme.yaml"),
        SpecSource::File("specs/acme.yaml".into())
    );
    // Not a git source without both parts.
    assert_eq!(
        SpecSource::parse("git:HEAD"),
        SpecSource::File("git:HEAD".into())
    );
}

#[test]
fn a_missing_file_and_an_invalid_spec_are_typed_errors() {
    let missing = SpecSource::parse("/nonexistent/acme.yaml").load();
    assert!(matches!(missing, Err(SourceError::Read { .. })));

    let dir = std::env::temp_dir().join(format!("hookspec-diff-invalid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("acme.yaml");
    std::fs::write(&file, BASE.replacen("type: integer", "type: integr", 1)).expect("write");
    let invalid = SpecSource::File(file.clone()).load();
    let Err(error @ SourceError::Invalid { .. }) = invalid else {
        panic!("expected an invalid spec, got {invalid:?}");
    };
    let rendered = error.render(false);
    assert!(rendered.contains("integr"), "{rendered}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// The `pub struct` and `pub enum` items of generated source that are not `#[non_exhaustive]`.
fn exhaustive_items(source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let item = line.trim_start();
        if !(item.starts_with("pub struct ") || item.starts_with("pub enum ")) {
            continue;
        }
        let attributes = lines[..index]
            .iter()
            .rev()
            .take_while(|line| line.trim_start().starts_with("#["));
        if !attributes
            .into_iter()
            .any(|line| line.trim() == "#[non_exhaustive]")
        {
            found.push(item.to_owned());
        }
    }
    found
}

/// The classification's premise: a generated module has no exhaustive public struct or enum,
/// so a new member, event, enum value or union branch is a minor change.
#[test]
fn every_generated_struct_and_enum_is_non_exhaustive() {
    // The check itself tells the two apart.
    assert_eq!(
        exhaustive_items("#[derive(Debug)]\npub struct A {}\n#[non_exhaustive]\npub enum B {}"),
        vec!["pub struct A {}".to_owned()]
    );
    let tokens = hookspec_codegen::emit::vendor(&load(BASE), &Default::default());
    let source = hookspec_codegen::format::format(tokens, "acme.yaml").expect("formats");
    // The fixture has structs, an envelope, an open enum and a union.
    for item in [
        "pub struct Order",
        "pub struct Envelope<P>",
        "pub enum Status",
        "pub enum Amount",
        "pub enum Event",
    ] {
        assert!(source.contains(item), "{item}");
    }
    assert_eq!(exhaustive_items(&source), Vec::<String>::new());

    // And the committed modules of every bundled vendor.
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut modules = 0;
    for entry in std::fs::read_dir(&generated).expect("generated/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let source = std::fs::read_to_string(&path).expect("a generated module");
            assert_eq!(
                exhaustive_items(&source),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
            modules += 1;
        }
    }
    assert!(modules > 1, "no modules in {}", generated.display());
}
