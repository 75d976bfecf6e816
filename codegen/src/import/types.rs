//! The spec types the passes produce: what a schema maps to (`Ty`), named types (`TypeDef`)
//! with their fields and variants, and a mapped schema (`Mapped`). The YAML writer and the
//! overlay read these.

/// A spec type, as written in the YAML.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    /// `string`, `bool`, `integer`, `number`, `datetime`, `epoch_seconds` or `json`.
    Scalar(&'static str),
    /// A type under `types:`.
    Named(String),
    /// `array` of items.
    Array(Box<Ty>),
    /// `map` of values.
    Map(Box<Ty>),
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldOut {
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) doc: Option<String>,
    pub(crate) optional: bool,
    pub(crate) nullable: bool,
    /// An overlay's correction of the schema.
    pub(crate) note: Option<String>,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VariantOut {
    pub(crate) ty: Ty,
    pub(crate) rust_name: Option<String>,
    pub(crate) tag: Option<String>,
    /// The required key that tells it apart; `None` with several objects: the `otherwise`
    /// variant.
    pub(crate) key: Option<String>,
    /// One of several objects told apart by keys.
    pub(crate) keyed: bool,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeDef {
    Object {
        doc: String,
        fields: Vec<FieldOut>,
    },
    Enum {
        doc: String,
        values: Vec<String>,
    },
    Union {
        doc: String,
        tag: Option<String>,
        variants: Vec<VariantOut>,
    },
}

/// A mapped schema: its type, whether `null` is allowed, and its description.
#[derive(Debug, Clone)]
pub(crate) struct Mapped {
    pub(crate) ty: Ty,
    pub(crate) nullable: bool,
    pub(crate) doc: Option<String>,
}
