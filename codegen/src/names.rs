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

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// The field name for a wire key: `conversationId` → `conversation_id`, `type` → `r#type`.
pub fn field(wire: &str) -> Result<String, String> {
    checked(wire, wire.to_snake_case())
}

/// The type, variant or enum-value name for a wire name: `payment.paid` → `PaymentPaid`.
pub fn type_name(wire: &str) -> Result<String, String> {
    checked(wire, wire.to_upper_camel_case())
}

/// Checks a name given by `rust_name` (which is used as written, keywords excepted).
pub fn explicit(name: &str) -> Result<String, String> {
    checked(name, name.to_owned())
}

fn checked(wire: &str, name: String) -> Result<String, String> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_');
    if !starts_well || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "`{wire}` gives no valid Rust identifier (got `{name}`); set `rust_name`"
        ));
    }
    if NOT_RAW.contains(&name.as_str()) {
        return Err(format!(
            "`{wire}` gives the reserved word `{name}`, which cannot be an identifier; set `rust_name`"
        ));
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
        assert!(field("self").unwrap_err().contains("reserved word"));
        assert!(explicit("has space").is_err());
        assert_eq!(explicit("Kind").as_deref(), Ok("Kind"));
    }

    #[test]
    fn bare_strips_the_raw_prefix() {
        assert_eq!(bare("r#type"), "type");
        assert_eq!(bare("id"), "id");
    }
}
