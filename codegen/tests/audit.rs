//! `hookspec audit`'s loop on a small imported vendor (`tests/audit/`): JSON Schemas imported
//! into a spec, deliveries that drift from it audited, the overlay the audit writes applied
//! by re-importing, and the same deliveries then checked against the re-imported spec with no
//! misfit at all (the example checker stands in for the regenerated parser: compiling a crate
//! here would be too slow).

#[path = "support/head.rs"]
mod head;

use std::path::{Path, PathBuf};

use hookspec_codegen::Vendor;
use hookspec_codegen::audit::{Audit, Delivery, Verdict};
use hookspec_codegen::import::{self, Layout, Options};
use hookspec_codegen::validate::{MisfitKind, Place, check_example};
use serde_json::json;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The fixture vendor imported, with `overlay` if any, and validated.
fn import(overlay: Option<String>) -> Vendor {
    let options = Options {
        vendor: "acmepay".to_owned(),
        layout: Layout::Files,
        shared: vec!["common".to_owned()],
        base: Some(read(&fixtures().join("base.yaml"))),
        overlay,
        command: "hookspec import json-schema tests/audit/schemas --vendor acmepay".to_owned(),
        examples: None,
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let imported = import::json_schema(&fixtures().join("schemas"), &options)
        .unwrap_or_else(|problems| panic!("import: {problems:?}"));
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    hookspec_codegen::load_str(Path::new("specs/acmepay.yaml"), &imported.yaml)
        .unwrap_or_else(|problems| panic!("{problems:?}\n{}", imported.yaml))
}

/// The fixture deliveries: file name, event (from its `.headers`), body.
fn deliveries() -> Vec<(String, String, String)> {
    let dir = fixtures().join("deliveries");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let headers = read(&path.with_extension("headers"));
            let event = headers
                .trim()
                .strip_prefix("X-Acme-Event:")
                .unwrap()
                .trim()
                .to_owned();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, event, read(&path))
        })
        .collect()
}

fn audit(spec: &Vendor) -> Audit<'_> {
    let mut audit = Audit::new(spec);
    for (name, event, body) in deliveries() {
        audit.record(Delivery {
            source: &name,
            header_name: Some(&event),
            body: body.as_bytes(),
            parsed: Ok(()),
        });
    }
    audit
}

#[test]
fn audit_overlay_reimport_leaves_no_drift() {
    let spec = import(None);
    let audit = audit(&spec);
    let report = audit.report();
    assert_eq!((report.strict, report.drift, report.failed), (1, 3, 0));

    let overlay = audit.overlay();
    assert_eq!(overlay.corrections, 6, "{}", overlay.yaml);
    assert!(overlay.left.is_empty(), "{:?}", overlay.left);
    for expected in [
        "- in: \"Customer\"\n    field: \"name\"\n    optional: true\n    nullable: true\n",
        "- in: \"invoice.paid\"\n    field: \"tax\"\n    add: true\n    type: { type: number }\n    optional: true\n",
        "- in: \"invoice.paid\"\n    field: \"tags\"\n    add: true\n    type: { type: array, items: { type: string } }\n",
        "- in: \"invoice.voided\"\n    field: \"reason\"\n    nullable: true\n",
        // Only an empty array seen: its items could be anything.
        "- in: \"invoice.voided\"\n    field: \"tags\"\n    add: true\n    type: { type: array, items: { type: json } }\n",
        "- in: \"InvoicePaidStatus\"\n    values: [\"refunded\"]\n",
        "absent in 1 delivery (absent.json); null in 1 delivery (null.json)",
    ] {
        assert!(
            overlay.yaml.contains(expected),
            "{expected}\nnot in\n{}",
            overlay.yaml
        );
    }

    // Re-imported with the overlay: every delivery fits, without a warning either.
    let corrected = import(Some(overlay.yaml.clone()));
    for (name, event, body) in deliveries() {
        let json = serde_json::from_str(&body).unwrap();
        let misfits = check_example(&corrected, &event, &json).unwrap();
        assert!(misfits.is_empty(), "{name}: {misfits:?}\n{}", overlay.yaml);
    }
    // And a second audit finds nothing to correct.
    let again = self::audit(&corrected);
    let report = again.report();
    assert_eq!((report.strict, report.drift, report.failed), (4, 0, 0));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(again.overlay().corrections, 0);
}

#[test]
fn the_report_names_kinds_places_deliveries_and_coverage() {
    let spec = import(None);
    let audit = audit(&spec);
    let report = audit.report();
    let find = |kind: MisfitKind, place: &str| {
        report
            .findings
            .iter()
            .find(|finding| finding.kind == kind && finding.place.as_deref() == Some(place))
            .unwrap_or_else(|| panic!("no {kind:?} at {place}: {:?}", report.findings))
    };
    let absent = find(MisfitKind::Absent, "Customer.name");
    assert_eq!(absent.path, "customer.name");
    assert_eq!(
        absent.deliveries.iter().collect::<Vec<_>>(),
        ["absent.json"]
    );
    let null = find(MisfitKind::Null, "Customer.name");
    assert_eq!(null.path, "customer.name");
    let tags = find(MisfitKind::UndocumentedMember, "invoice.paid.tags");
    assert_eq!(tags.kinds.iter().copied().collect::<Vec<_>>(), ["array"]);
    let tax = find(MisfitKind::UndocumentedMember, "invoice.paid.tax");
    assert_eq!(
        tax.kinds.iter().copied().collect::<Vec<_>>(),
        ["integer", "number"]
    );
    let unlisted = find(MisfitKind::UnlistedValue, "InvoicePaidStatus");
    assert_eq!(unlisted.value.as_deref(), Some("refunded"));
    // `voided.json` has `tags` too, on another event's payload.
    assert!(
        find(MisfitKind::UndocumentedMember, "invoice.voided.tags")
            .kinds
            .contains("array")
    );

    let events: Vec<(&str, usize, usize, usize)> = (report.events.iter())
        .map(|tally| {
            (
                tally.event.as_str(),
                tally.strict,
                tally.drift,
                tally.failed,
            )
        })
        .collect();
    assert_eq!(
        events,
        [("invoice.paid", 1, 2, 0), ("invoice.voided", 0, 1, 0)]
    );
    assert!(report.unseen_events.is_empty());
    // `Customer.name` was seen (null counts as present); every member was.
    assert!(report.unobserved.is_empty(), "{:?}", report.unobserved);

    let json = report.to_json();
    assert_eq!(json["drift"], 3);
    assert_eq!(json["findings"][0]["kind"], "absent");
    assert_eq!(json["findings"][0]["drift"], true);
    let table = report.to_string();
    assert!(
        table.starts_with("acmepay: 4 deliveries: 1 strict, 3 with drift, 0 failed"),
        "{table}"
    );
    assert!(
        table.contains("unlisted value InvoicePaidStatus \"refunded\""),
        "{table}"
    );
}

#[test]
fn failures_unknown_events_and_unreadable_names_are_counted() {
    let spec = import(None);
    let mut audit = Audit::new(&spec);
    let body = br#"{"id":"in_1","amount":"12","currency":"eur","status":"paid","customer":{"id":"c","email":"e","name":"n"},"paid_at":"2026-11-14T22:13:20Z"}"#;
    let verdict = audit.record(Delivery {
        source: "type.json",
        header_name: Some("invoice.paid"),
        body,
        parsed: Err("amount: invalid type: string \"12\", expected an integer".to_owned()),
    });
    assert_eq!(verdict, Verdict::Failed);
    let verdict = audit.record(Delivery {
        source: "refund.json",
        header_name: Some("invoice.refunded"),
        body: b"{}",
        parsed: Ok(()),
    });
    assert_eq!(verdict, Verdict::Strict);
    let verdict = audit.record(Delivery {
        source: "nameless.json",
        header_name: None,
        body: b"{}",
        parsed: Err("no `X-Acme-Event` header".to_owned()),
    });
    assert_eq!(verdict, Verdict::Failed);
    let verdict = audit.record(Delivery {
        source: "broken.json",
        header_name: Some("invoice.paid"),
        body: b"{",
        parsed: Err("EOF while parsing an object at line 1 column 1".to_owned()),
    });
    assert_eq!(verdict, Verdict::Failed);

    let report = audit.report();
    assert_eq!((report.strict, report.drift, report.failed), (1, 0, 3));
    assert!(report.any_failed());
    let paid = &report.events[0];
    assert_eq!(paid.failures[0].source, "type.json");
    assert!(paid.failures[0].error.starts_with("amount: "));
    let refunded = &report.events[1];
    assert_eq!(
        (refunded.event.as_str(), refunded.known),
        ("invoice.refunded", false)
    );
    let unnamed: Vec<&str> = report
        .unnamed
        .iter()
        .map(|failure| failure.source.as_str())
        .collect();
    assert_eq!(unnamed, ["nameless.json", "broken.json"]);
    assert_eq!(report.unseen_events, ["invoice.voided"]);

    // A type error is left to a person, in the overlay's comments.
    let overlay = audit.overlay();
    assert_eq!(overlay.corrections, 0);
    assert_eq!(overlay.left.len(), 1, "{:?}", overlay.left);
    assert!(
        overlay
            .yaml
            .contains("# not written: type at invoice.paid.amount"),
        "{}",
        overlay.yaml
    );
    assert!(overlay.yaml.contains("corrections: []"));
}

/// The overlay's `add` and `values`, which the audit writes, and what they refuse.
#[test]
fn overlays_add_members_and_enum_values() {
    let yaml = |overlay: &str| {
        let options = Options {
            vendor: "acmepay".to_owned(),
            layout: Layout::Files,
            shared: vec!["common".to_owned()],
            base: Some(read(&fixtures().join("base.yaml"))),
            overlay: Some(overlay.to_owned()),
            command: "hookspec import".to_owned(),
            examples: None,
            synthesize_examples: false,
            example_pointer: None,
            event_doc_pointer: None,
        };
        import::json_schema(&fixtures().join("schemas"), &options)
    };
    let imported = yaml(
        "corrections:
  - in: Customer
    field: locale
    add: true
    type: { type: array, items: { type: string } }
    optional: true
    note: Seen in a.json.
  - in: InvoicePaidStatus
    values: [refunded, disputed]
    note: Seen in b.json.
",
    )
    .unwrap();
    assert_eq!(imported.report.corrections, 2);
    assert!(
        imported.yaml.contains(
            r#"locale: { type: array, items: { type: string }, optional: true, note: "Seen in a.json." }"#
        ),
        "{}",
        imported.yaml
    );
    assert!(
        imported
            .yaml
            .contains("      - refunded\n      - disputed\n"),
        "{}",
        imported.yaml
    );
    assert!(
        imported.yaml.contains("Seen in b.json."),
        "{}",
        imported.yaml
    );
    let spec = hookspec_codegen::load_str(Path::new("specs/acmepay.yaml"), &imported.yaml).unwrap();
    let status = spec
        .enums
        .iter()
        .find(|def| def.name == "InvoicePaidStatus")
        .unwrap();
    let values: Vec<&str> = status
        .values
        .iter()
        .map(|value| value.wire.as_str())
        .collect();
    assert_eq!(values, ["paid", "open", "refunded", "disputed"]);

    for (overlay, expected) in [
        (
            "{ in: Customer, field: name, add: true, type: { type: string }, note: n }",
            "has a field `name` already",
        ),
        (
            "{ in: Customer, field: locale, add: true, note: n }",
            "needs the new field's `type`",
        ),
        (
            "{ in: Customer, field: locale, note: n }",
            "no field `locale` (`add: true` adds one)",
        ),
        (
            "{ in: Customer, values: [x], note: n }",
            "`Customer` is not an imported enum type",
        ),
        (
            "{ in: InvoicePaidStatus, values: [paid], note: n }",
            "lists `paid` already",
        ),
        (
            "{ in: InvoicePaidStatus, values: [], note: n }",
            "`values` is empty",
        ),
        (
            "{ in: InvoicePaidStatus, values: [x], optional: true, note: n }",
            "`values` goes with `in` and `note` only",
        ),
        (
            "{ in: InvoicePaidStatus, field: x, values: [x], note: n }",
            "needs `field` (a member) or `values`",
        ),
    ] {
        let problems = yaml(&format!("corrections:\n  - {overlay}\n")).unwrap_err();
        assert_eq!(problems.len(), 1, "{overlay}: {problems:?}");
        assert_eq!(problems[0].pointer, "/corrections/0");
        assert!(
            problems[0].message.contains(expected),
            "{overlay}: {}",
            problems[0]
        );
    }
}

/// Each misfit names the spec element a correction would change: the member itself (`whole`),
/// or the member whose value holds it (an array's element), the enum, the union; the envelope
/// as `owner: None`.
#[test]
fn misfits_name_the_member_enum_or_union_they_are_about() {
    let text = format!(
        "{}{}events:
  order.created:
    doc: An order was created.
    payload:
      type: object
      fields:
        status: {{ type: enum, name: Status, doc: Its status., values: [open, paid] }}
        tags: {{ type: array, items: {{ type: string }}, doc: Tags. }}
        ref:
          type: union
          name: Ref
          doc: By number or name.
          open: true
          variants:
            - {{ type: integer }}
            - {{ type: string }}
        buyer:
          type: object
          name: Buyer
          doc: Who.
          fields:
            email: {{ type: string, doc: The email. }}
",
        head::HEAD,
        head::ENVELOPE
    );
    let spec = hookspec_codegen::load_str(Path::new("specs/acme.yaml"), &text)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    let body = json!({
        "event": "order.created",
        "extra": 1,
        "data": {"status": "lost", "tags": ["a", null], "ref": true, "buyer": {"email": null}}
    });
    let misfits = check_example(&spec, "order.created", &body).unwrap();
    let member = |owner: Option<&str>, member: &str, whole: bool| {
        Some(Place::Member {
            owner: owner.map(str::to_owned),
            member: member.to_owned(),
            whole,
        })
    };
    let found: Vec<(MisfitKind, String, Option<Place>)> = misfits
        .into_iter()
        .map(|misfit| (misfit.kind, misfit.path.to_string(), misfit.place))
        .collect();
    assert_eq!(
        found,
        [
            (
                MisfitKind::UnlistedValue,
                "data.status".to_owned(),
                Some(Place::Enum("Status".to_owned()))
            ),
            (
                MisfitKind::Null,
                "data.tags[1]".to_owned(),
                member(Some("OrderCreated"), "tags", false)
            ),
            (
                MisfitKind::OtherBranch,
                "data.ref".to_owned(),
                Some(Place::Union("Ref".to_owned()))
            ),
            (
                MisfitKind::Null,
                "data.buyer.email".to_owned(),
                member(Some("Buyer"), "email", true)
            ),
            (
                MisfitKind::UndocumentedMember,
                "extra".to_owned(),
                member(None, "extra", true)
            ),
        ]
    );
}
