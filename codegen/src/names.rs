//! Wire names → Rust identifiers, through `heck`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition-2024) that need a raw identifier as a field name.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: an underscore is appended (`self` → `self_`,
/// `Self` → `Self_`).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// The field name for a wire key: `conversationId` → `conversation_id`, `type` → `r#type`,
/// `self` → `self_`, `_` → `underscore`.
pub fn field(wire: &str) -> Result<String, String> {
    checked(wire, converted(wire, wire.to_snake_case(), "underscore"))
}

/// The type, variant or enum-value name for a wire name: `payment.paid` → `PaymentPaid`,
/// `self` → `Self_`, `_` → `Underscore`.
pub fn type_name(wire: &str) -> Result<String, String> {
    checked(
        wire,
        converted(wire, wire.to_upper_camel_case(), "Underscore"),
    )
}

/// Checks a name given by `rust_name` (which is used as written, except that keywords become
/// raw identifiers and `self`, `Self`, `super` and `crate` take a trailing underscore).
pub fn explicit(name: &str) -> Result<String, String> {
    checked(name, name.to_owned())
}

/// [`explicit`] for a field (or method) name: it must be snake_case as Rust writes it (no
/// capitals, no `__` inside), or the generated code would warn.
pub fn explicit_field(name: &str) -> Result<String, String> {
    let trimmed = name.trim_matches('_');
    if trimmed.chars().any(char::is_uppercase) || trimmed.contains("__") {
        return Err(format!(
            "`{name}` is not a snake_case field name (try `{}`)",
            name.to_snake_case()
        ));
    }
    explicit(name)
}

/// [`explicit`] for a type, variant or enum-value name: it must be UpperCamelCase as Rust
/// writes it (a capital first, no `_` beside a letter, no `__`), or the generated code would
/// warn.
pub fn explicit_type(name: &str) -> Result<String, String> {
    let trimmed = name.trim_matches('_');
    let chars: Vec<char> = trimmed.chars().collect();
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    let camel = !chars.first().is_some_and(|first| first.is_lowercase())
        && !trimmed.contains("__")
        && !chars.windows(2).any(|pair| {
            (has_case(pair[0]) && pair[1] == '_') || (pair[0] == '_' && has_case(pair[1]))
        });
    if !camel {
        return Err(format!(
            "`{name}` is not an UpperCamelCase name (try `{}`)",
            name.to_upper_camel_case()
        ));
    }
    explicit(name)
}

/// `heck`'s conversion, except for a wire name of underscores alone (`_`, which `heck` turns
/// into nothing), which becomes `underscore`.
fn converted(wire: &str, name: String, underscore: &str) -> String {
    if name.is_empty() && !wire.is_empty() && wire.bytes().all(|byte| byte == b'_') {
        underscore.to_owned()
    } else {
        name
    }
}

fn checked(wire: &str, name: String) -> Result<String, String> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_');
    if !starts_well || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || name == "_" {
        return Err(format!(
            "`{wire}` gives no valid Rust identifier (got `{name}`); set `rust_name`"
        ));
    }
    if NOT_RAW.contains(&name.as_str()) {
        return Ok(format!("{name}_"));
    }
    if KEYWORDS.contains(&name.as_str()) {
        return Ok(format!("r#{name}"));
    }
    Ok(name)
}

/// The identifier without a raw prefix (`r#type` → `type`), for messages and derived names.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_are_raw() {
        assert_eq!(field("conversationId").as_deref(), Ok("conversation_id"));
        assert_eq!(
            field("originCommunityId").as_deref(),
            Ok("origin_community_id")
        );
        assert_eq!(field("type").as_deref(), Ok("r#type"));
        assert_eq!(field("match").as_deref(), Ok("r#match"));
        assert_eq!(field("card_last_4").as_deref(), Ok("card_last_4"));
        assert_eq!(field("address_1").as_deref(), Ok("address_1"));
    }

    #[test]
    fn event_names_with_punctuation_become_type_names() {
        assert_eq!(
            type_name("payment.purchaseItemConfirmed").as_deref(),
            Ok("PaymentPurchaseItemConfirmed")
        );
        assert_eq!(
            type_name("member.plan_changed").as_deref(),
            Ok("MemberPlanChanged")
        );
        assert_eq!(
            type_name("STORE_ORDER_CREATED").as_deref(),
            Ok("StoreOrderCreated")
        );
        assert_eq!(
            type_name("CONTACT_FORM_SENT_V2").as_deref(),
            Ok("ContactFormSentV2")
        );
        assert_eq!(
            type_name("order-created/v2").as_deref(),
            Ok("OrderCreatedV2")
        );
    }

    #[test]
    fn names_that_cannot_be_identifiers_ask_for_an_override() {
        let error = field("3ds_result").unwrap_err();
        assert!(error.contains("set `rust_name`"), "{error}");
        assert!(type_name("2fa").is_err());
        assert!(type_name("...").is_err());
        assert!(explicit("has space").is_err());
        assert!(explicit("_").is_err());
        assert!(field("$").is_err());
        assert_eq!(explicit("Kind").as_deref(), Ok("Kind"));
    }

    #[test]
    fn words_that_cannot_be_raw_take_an_underscore() {
        assert_eq!(field("self").as_deref(), Ok("self_"));
        assert_eq!(field("Self").as_deref(), Ok("self_"));
        assert_eq!(field("super").as_deref(), Ok("super_"));
        assert_eq!(field("crate").as_deref(), Ok("crate_"));
        assert_eq!(type_name("self").as_deref(), Ok("Self_"));
        assert_eq!(type_name("super").as_deref(), Ok("Super"));
        assert_eq!(explicit("self").as_deref(), Ok("self_"));
        assert_eq!(explicit("Self").as_deref(), Ok("Self_"));
        assert_eq!(explicit("type").as_deref(), Ok("r#type"));
        assert_eq!(explicit_type("Self").as_deref(), Ok("Self_"));
        assert_eq!(explicit_field("self").as_deref(), Ok("self_"));
    }

    #[test]
    fn explicit_names_follow_rust_case_conventions() {
        assert_eq!(explicit_field("extra_value").as_deref(), Ok("extra_value"));
        assert_eq!(explicit_field("r_2").as_deref(), Ok("r_2"));
        assert!(explicit_field("IDENTITY").is_err());
        assert!(explicit_field("fooBar").is_err());
        assert!(explicit_field("a__b").is_err());
        assert_eq!(explicit_type("HTTPStatus").as_deref(), Ok("HTTPStatus"));
        assert_eq!(explicit_type("V2").as_deref(), Ok("V2"));
        assert_eq!(explicit_type("Item_").as_deref(), Ok("Item_"));
        assert!(explicit_type("snake_case").is_err());
        assert!(explicit_type("lower").is_err());
        assert!(explicit_type("Foo_Bar").is_err());
        assert!(explicit_type("V_2").is_err());
        assert!(explicit_type("Foo__Bar").is_err());
    }

    #[test]
    fn an_underscore_alone_is_spelt_out() {
        assert_eq!(field("_").as_deref(), Ok("underscore"));
        assert_eq!(field("__").as_deref(), Ok("underscore"));
        assert_eq!(type_name("_").as_deref(), Ok("Underscore"));
        assert_eq!(field("_id").as_deref(), Ok("id"));
    }

    #[test]
    fn keywords_of_every_edition_are_raw() {
        for keyword in [
            "async", "await", "dyn", "gen", "try", "abstract", "yield", "fn",
        ] {
            assert_eq!(field(keyword), Ok(format!("r#{keyword}")));
        }
    }

    #[test]
    fn bare_strips_the_raw_prefix() {
        assert_eq!(bare("r#type"), "type");
        assert_eq!(bare("id"), "id");
    }
}
