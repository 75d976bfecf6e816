//! Spec errors are clear, complete, and point at `file:line:col`.

#[path = "support/head.rs"]
mod head;

use std::path::Path;

use hookspec_codegen::{Diagnostic, Vendor, load_str};

use head::{ENVELOPE, HEAD};

/// A small valid spec; `events` is spliced in under `events:` (its first line is line 17).
fn spec(events: &str) -> String {
    format!(
        r#"{HEAD}{ENVELOPE}types: {{}}
events:
{events}"#
    )
}

fn load(text: &str) -> Result<Vendor, Vec<Diagnostic>> {
    load_str(Path::new("specs/acme.yaml"), text)
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match load(text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(errors) => errors,
    }
}

fn messages(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_valid_spec_loads() {
    let vendor = load(&spec(
        r#"  order.created:
    doc: An order was created.
    payload:
      type: object
      fields:
        id: { type: string, doc: The order id. }
    examples:
      - documented: '{"event": "order.created", "data": {"id": "1"}}'
"#,
    ))
    .unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(vendor.events[0].rust, "OrderCreated");
    assert_eq!(vendor.structs[0].name, "OrderCreated");
}

#[test]
fn keywords_become_raw_identifiers() {
    let vendor = load(&spec(
        r#"  thing:
    doc: A thing.
    payload:
      type: object
      fields:
        type: { type: string, doc: The kind. }
        match: { type: bool, doc: Whether it matched. }
"#,
    ))
    .unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    let fields: Vec<&str> = vendor.structs[0]
        .fields
        .iter()
        .map(|field| field.rust.as_str())
        .collect();
    assert_eq!(fields, ["r#type", "r#match"]);
}

#[test]
fn names_colliding_after_case_conversion_are_errors() {
    let found = errors(&spec(
        r#"  thing:
    doc: A thing.
    payload:
      type: object
      fields:
        orderId: { type: string, doc: One. }
        order_id: { type: string, doc: Two. }
"#,
    ));
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:23:9: error: fields `orderId` and `order_id` both become `order_id`; set `rust_name` on one"
    );

    let found = errors(&spec(
        "  order.created:\n    doc: A.\n  order_created:\n    doc: B.\n",
    ));
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:19:3: error: events `order.created` and `order_created` both become the variant `OrderCreated`; set `rust_name` on one"
    );
}

#[test]
fn wire_names_with_digits_and_punctuation() {
    let vendor = load(&spec(
        r#"  payment.purchaseItemConfirmed:
    doc: Digits and dots.
    payload:
      type: object
      fields:
        card_last_4: { type: string, doc: Last four digits. }
        "x-request-id": { type: string, doc: Dashes. }
  CONTACT_FORM_SENT_V2:
    doc: Upper snake case.
"#,
    ))
    .unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(vendor.events[0].rust, "PaymentPurchaseItemConfirmed");
    assert_eq!(vendor.events[1].rust, "ContactFormSentV2");
    let fields: Vec<&str> = vendor.structs[0]
        .fields
        .iter()
        .map(|field| field.rust.as_str())
        .collect();
    assert_eq!(fields, ["card_last_4", "x_request_id"]);

    let leading_digit = "  thing:\n    doc: A thing.\n    payload:\n      type: object\n      fields:\n        3ds: { type: bool, doc: Leading digit. }\n";
    let found = errors(&spec(leading_digit));
    assert!(
        found[0]
            .message
            .contains("`3ds` gives no valid Rust identifier"),
        "{}",
        messages(&found)
    );
    // `rust_name` resolves it.
    let renamed = leading_digit.replace(
        "doc: Leading digit. }",
        "doc: Leading digit., rust_name: three_d_secure }",
    );
    let vendor = load(&spec(&renamed)).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(vendor.structs[0].fields[0].rust, "three_d_secure");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let found = errors(&spec(
        r#"  a:
    doc: A.
    payload:
      type: object
      fields:
        x: { type: strng, doc: Typo. }
        y: { type: string }   # fields may omit `doc` (imported schemas document few)
        extra: { type: string, doc: Reserved. }
  b:
    doc: B.
    payload: { type: Missing }
    examples:
      - documented: '{"event": "c", "data": {}}'
      - documented: '{event: "b"}'
"#,
    ));
    let all = messages(&found);
    let expected = [
        "22:20: error: unknown type `strng`",
        "24:9: error: `extra` would become `extra`",
        "27:22: error: unknown type `Missing`",
        "29:21: error: example of `b` has `event` = \"c\"",
        "30:21: error: example of `b` is not valid JSON",
    ];
    for expected in expected {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    assert_eq!(found.len(), expected.len(), "{all}");
}

#[test]
fn yaml_problems_point_at_their_line() {
    let found = errors(&spec("  a:\n    doc: A.\n    doc: again\n"));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:19:5: error: duplicate key `doc`"
    );

    let found = errors(&spec("  a:\n    doc: A.\n    colour: red\n"));
    assert!(
        found[0].message.contains("unknown key `colour`"),
        "{}",
        found[0]
    );
}

#[test]
fn corrections_need_a_note_and_reserved_type_names_are_refused() {
    let found = errors(&spec(
        r#"  a:
    doc: A.
    payload:
      type: object
      name: Event
      fields: {}
    examples:
      - documented: '{event: "a"}'
        corrected: '{"event": "a", "data": {}}'
"#,
    ));
    let all = messages(&found);
    assert!(all.contains("`Event` is reserved"), "{all}");
    assert!(all.contains("needs a `note`"), "{all}");
}

#[test]
fn the_vendor_id_must_match_the_file() {
    let found = load_str(Path::new("specs/other.yaml"), &spec("  a:\n    doc: A.\n")).unwrap_err();
    assert_eq!(
        found[0].to_string(),
        "specs/other.yaml:1:9: error: vendor `acme` must match the file name `other`"
    );
}

#[test]
fn match_members_named_like_keywords_or_bindings_generate_valid_rust() {
    let text = spec("  a:\n    doc: A.\n")
        .replace(
            "  event_name: event\n",
            "  event_name: event\n  match:\n    type: ACME\n    name: billing\n",
        )
        .replace(
            "    data: { doc: The payload. }\n",
            "    data: { doc: The payload. }\n    type: { type: string, doc: The product. }\n    name: { type: string, doc: The module. }\n",
        );
    let vendor = load(&text).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    let source = hookspec_codegen::format::format(
        hookspec_codegen::emit::vendor(&vendor, &Default::default()),
        "test",
    )
    .unwrap_or_else(|error| panic!("generated code does not parse: {error}"));
    assert!(
        source.contains(
            r#"let [name, r#type, name_] = source.names([&["event"], &["type"], &["name"]], 1)?;"#
        ),
        "{source}"
    );
    assert!(
        source.contains(
            r#"r#type.as_deref() != Some("ACME") || name_.as_deref() != Some("billing")"#
        ),
        "{source}"
    );
}

/// A body without an envelope, named by the `common` member `event_type`; `events` is spliced
/// in under `events:` (its first line is line 13).
fn bodyless(events: &str) -> String {
    format!(
        r#"{HEAD}identity:
  name: {{ member: event_type }}
common:
  event_type: {{ type: string, doc: The event name. }}
events:
{events}"#
    )
}

#[test]
fn a_payload_may_redeclare_the_name_member_as_a_required_enum_or_string() {
    let vendor = load(&bodyless(
        r#"  a:
    doc: A.
    payload:
      type: object
      fields:
        event_type: { type: enum, name: AName, doc: The name., values: [a] }
  b:
    doc: B.
    payload:
      type: object
      fields:
        event_type: { type: string, doc: The name. }
"#,
    ))
    .unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(vendor.events.len(), 2);
}

#[test]
fn a_payload_redeclaring_the_name_member_optional_or_of_another_type_is_refused() {
    let found = errors(&bodyless(
        r#"  a:
    doc: A.
    payload:
      type: object
      fields:
        event_type: { type: enum, name: AName, doc: The name., values: [a], optional: true }
  b:
    doc: B.
    payload:
      type: object
      fields:
        event_type: { type: integer, doc: The name. }
"#,
    ));
    assert_eq!(found.len(), 2, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:13:3: error: the payload of `a` redeclares `event_type`, which names the event: `event_type` identifies the event, so it must be a required, non-null `string` (or `enum`) field"
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some(
            "`parse` reads the event name from `event_type`, so a payload that declares it must declare it as a required, non-null `string` or `enum`; or remove it from the payload's `fields` to use the `common` member"
        )
    );
    assert_eq!(
        found[1].to_string(),
        "specs/acme.yaml:19:3: error: the payload of `b` redeclares `event_type`, which names the event: `event_type` identifies the event, so it must be a required, non-null `string` (or `enum`) field"
    );
}

#[test]
fn reserved_words_are_escaped_and_escapes_collide_like_other_names() {
    let vendor = load(&spec(
        r#"  self:
    doc: A.
    payload:
      type: object
      fields:
        self: { type: string, doc: One. }
        super: { type: string, doc: Two. }
        _: { type: string, doc: Three. }
"#,
    ))
    .unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(vendor.events[0].rust, "Self_");
    let fields: Vec<&str> = vendor.structs[0]
        .fields
        .iter()
        .map(|field| field.rust.as_str())
        .collect();
    assert_eq!(fields, ["self_", "super_", "underscore"]);

    let found = errors(&spec(
        r#"  a:
    doc: A.
    payload:
      type: object
      fields:
        self: { type: string, doc: One. }
        Self: { type: string, doc: Two. }
"#,
    ));
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:23:9: error: fields `self` and `Self` both become `self_`; set `rust_name` on one"
    );
}

#[test]
fn explicit_names_must_follow_rust_case() {
    let found = errors(&spec(
        r#"  a:
    doc: A.
    rust_name: not_camel
  b:
    doc: B.
    payload:
      type: object
      name: AlsoNot_Camel
      fields: {}
  c:
    doc: C.
    payload:
      type: object
      fields:
        x: { type: string, doc: One., rust_name: IDENTITY }
"#,
    ));
    let all: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        all,
        [
            "specs/acme.yaml:19:16: error: `not_camel` is not an UpperCamelCase name (try `NotCamel`)",
            "specs/acme.yaml:24:13: error: `AlsoNot_Camel` is not an UpperCamelCase name (try `AlsoNotCamel`)",
            "specs/acme.yaml:31:50: error: `IDENTITY` is not a snake_case field name (try `identity`)",
        ]
    );
}

#[test]
fn type_names_the_generated_module_uses_are_refused() {
    for name in ["Cow", "From", "IntoIterator", "Option"] {
        let found = errors(&spec(&format!(
            "  a:\n    doc: A.\n    payload:\n      type: object\n      name: {name}\n      fields: {{}}\n"
        )));
        assert_eq!(
            found[0].to_string(),
            format!(
                "specs/acme.yaml:21:13: error: `{name}` is reserved in the generated module; choose another name"
            )
        );
    }
}

#[test]
fn a_compound_enum_and_a_payload_type_of_the_same_name_collide() {
    let text = format!(
        "{HEAD}identity:\n  name: {{ member: event }}\n  sub_name: {{ member: kind }}\n{}",
        &ENVELOPE.replace("  event_name: event\n", "")
    )
    .replace(
        "    data: { doc: The payload. }\n",
        "    kind: { type: string, doc: The sub-name., optional: true }\n    data: { doc: The payload. }\n",
    ) + "events:\n  thing.event:\n    doc: A.\n    payload: { type: object, fields: {} }\n";
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert!(
        found[0].to_string().ends_with(
            "error: the type name `ThingEvent` is already used (line 20); set `name` on one"
        ) || found[0].to_string().contains("`ThingEvent`"),
        "{}",
        found[0]
    );
}

#[test]
fn common_members_cannot_take_the_generated_methods() {
    let text = format!(
        "{HEAD}identity:\n  name: {{ header: X-Event }}\ncommon:\n  from_source: {{ type: string, optional: true }}\n  serialize: {{ type: string, optional: true }}\nevents:\n  a:\n    doc: A.\n"
    );
    let found = errors(&text);
    let all: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        all,
        [
            "specs/acme.yaml:11:3: error: `from_source` would become the method `from_source` of `Event`, which it already has; set `rust_name`",
            "specs/acme.yaml:12:3: error: `serialize` would become the method `serialize` of `Event`, which it already has; set `rust_name`",
        ]
    );
}

#[test]
fn an_envelope_field_cannot_have_the_type_named_like_its_type_parameter() {
    let text = format!(
        "{HEAD}{}types:\n  P:\n    type: object\n    doc: A type.\n    fields: {{}}\nevents:\n  a:\n    doc: A.\n    payload: {{ type: P }}\n",
        ENVELOPE.replace(
            "    data: { doc: The payload. }\n",
            "    data: { doc: The payload. }\n    p: { type: array, items: { type: P }, doc: Ps. }\n"
        )
    );
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:15:5: error: `p` has a type named `P`, which is the envelope's payload type parameter (`Envelope<P>`); give that type another name"
    );
}

#[test]
fn an_enum_value_cannot_take_the_hidden_variant() {
    let found = errors(&spec(
        "  a:\n    doc: A.\n    payload:\n      type: enum\n      name: Kind\n      values: [{ value: x, rust_name: _Unknown }]\n",
    ));
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:22:16: error: `_Unknown` is the hidden variant of values the spec does not list; set another `rust_name`"
    );
}
