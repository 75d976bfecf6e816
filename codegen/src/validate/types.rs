//! Fields and types: scalars, arrays, maps, objects and open enums, with their Rust names.

use super::*;

impl Resolver<'_> {
    /// Resolves the fields of an object named `parent`.
    pub(super) fn fields(
        &mut self,
        raw: &IndexMap<Spanned<String>, RawNode>,
        parent: &str,
    ) -> Vec<Field> {
        let mut seen = HashMap::new();
        raw.iter()
            .filter_map(|(key, node)| self.field(key, node, parent, &mut seen))
            .collect()
    }

    pub(super) fn field(
        &mut self,
        key: &Spanned<String>,
        node: &RawNode,
        parent: &str,
        seen: &mut HashMap<String, String>,
    ) -> Option<Field> {
        self.check_keys(node, Role::Field);
        let rust = self.field_name(key, node, seen);
        let doc = doc_text(node);
        let inline_name = format!(
            "{parent}{}",
            names::type_name(&key.value).unwrap_or_default()
        );
        // A field's `presence` is its own policy and the default of an inline object's fields.
        let scoped = self.enter_presence(node.presence.as_ref());
        let tolerant = self.tolerant();
        let ty = self.resolve(node, &NameHint::Inline(inline_name), &doc, &key.referenced);
        self.leave_presence(scoped);
        Some(Field {
            tolerant,
            wire: key.value.clone(),
            rust: rust?,
            doc,
            ty: ty?,
            optional: flag(&node.optional),
            nullable: flag(&node.nullable),
            deprecated: node.deprecated.as_ref().map(|note| note.value.clone()),
            note: node.note.as_ref().map(|note| note.value.clone()),
            boxed: false,
        })
    }

    /// The Rust name of a field, checked against the others of its struct.
    pub(super) fn field_name(
        &mut self,
        key: &Spanned<String>,
        node: &RawNode,
        seen: &mut HashMap<String, String>,
    ) -> Option<String> {
        let rust = self.rust_name(
            key,
            node.rust_name.as_ref(),
            names::field,
            names::explicit_field,
        )?;
        if rust == "extra" || rust == "drift" {
            self.error(
                &key.referenced,
                format!(
                    "`{}` would become `{rust}`, which holds {}; set `rust_name`",
                    key.value,
                    if rust == "extra" {
                        "undocumented members"
                    } else {
                        "the record of drift"
                    }
                ),
            );
        }
        if let Some(other) = seen.insert(rust.clone(), key.value.clone()) {
            self.error(
                &key.referenced,
                format!(
                    "fields `{other}` and `{}` both become `{}`; set `rust_name` on one",
                    key.value,
                    names::bare(&rust)
                ),
            );
        }
        Some(rust)
    }

    /// The `rust_name` override if given, else the name `derive`d from the wire `key`; a name
    /// that cannot be an identifier is reported where it was written.
    pub(super) fn rust_name(
        &mut self,
        key: &Spanned<String>,
        rust_name: Option<&Spanned<String>>,
        derive: fn(&str) -> Result<String, String>,
        explicit: fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        let (named, at) = match rust_name {
            Some(name) => (explicit(&name.value), name.referenced),
            None => (derive(&key.value), key.referenced),
        };
        named.map_err(|error| self.error(&at, error)).ok()
    }

    /// Resolves a node's type; inline objects and enums become named definitions.
    pub(super) fn resolve(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        doc: &str,
        at: &Location,
    ) -> Option<Type> {
        self.resolve_in(node, hint, doc, at, false)
    }

    /// [`Self::resolve`]; `branch` when the node is a union's branch (which may say `tag`
    /// or `key`).
    pub(super) fn resolve_in(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        doc: &str,
        at: &Location,
        branch: bool,
    ) -> Option<Type> {
        let Some(ty) = &node.ty else {
            self.error(at, "missing `type`");
            return None;
        };
        let kind = ty.value.as_str();
        self.check_type_keys(node, kind, branch);
        match kind {
            "string" => Some(Type::String),
            "bool" => Some(Type::Bool),
            "integer" => Some(Type::Integer),
            "number" => Some(Type::Number),
            "rfc3339" => Some(Type::Rfc3339),
            "epoch_seconds" => Some(Type::EpochSeconds),
            "epoch_millis" => Some(Type::EpochMillis),
            "decimal_string" => Some(Type::DecimalString),
            "datetime" => Some(Type::DateTime),
            "json" => Some(Type::Json),
            "union" => self.union(node, hint, doc, at),
            "array" | "map" => {
                let Some(items) = &node.items else {
                    self.error(
                        &ty.referenced,
                        format!("`{kind}` needs `items`: the type of its elements"),
                    );
                    return None;
                };
                self.check_keys(&items.value, Role::Items);
                let inner = self.resolve(&items.value, hint, doc, &items.referenced)?;
                Some(if kind == "array" {
                    Type::Array(Box::new(inner))
                } else {
                    Type::Map(Box::new(inner))
                })
            }
            "object" => {
                let name = self.definition_name(node, hint, at)?;
                let scoped = self.enter_presence(node.presence.as_ref());
                let fields = match &node.fields {
                    Some(fields) => self.fields(&fields.value, &name),
                    None => {
                        self.error(&ty.referenced, "`object` needs `fields`");
                        Vec::new()
                    }
                };
                self.leave_presence(scoped);
                self.structs.push(Struct {
                    name: name.clone(),
                    doc: doc.to_owned(),
                    fields,
                });
                Some(Type::Named(name))
            }
            "enum" => {
                let name = self.definition_name(node, hint, at)?;
                let values = self.enum_values(node, &ty.referenced);
                self.enums.push(Enum {
                    name: name.clone(),
                    doc: doc.to_owned(),
                    values,
                });
                Some(Type::Named(name))
            }
            other if self.shared_name(other).is_some() => self.shared_name(other).map(Type::Named),
            other => {
                let quoted = |names: &[&str]| {
                    names
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let shared: Vec<String> = self.shared.keys().cloned().collect();
                let shared: Vec<&str> = shared.iter().map(String::as_str).collect();
                let named = match shared.as_slice() {
                    [] => "a name under `types` (none is defined)".to_owned(),
                    names if names.len() <= 8 => {
                        format!("a name under `types` ({})", quoted(names))
                    }
                    _ => "a name under `types`".to_owned(),
                };
                let otherwise = format!(
                    "a `type` is one of {}, {}, or {named}",
                    quoted(SCALARS),
                    quoted(KINDS)
                );
                let candidates: Vec<&str> = SCALARS
                    .iter()
                    .chain(KINDS)
                    .copied()
                    .chain(shared.iter().copied())
                    .collect();
                self.error_unknown(
                    &ty.referenced,
                    format!("unknown type `{other}`"),
                    other,
                    candidates,
                    Some(otherwise),
                );
                None
            }
        }
    }

    /// The Rust name of the named type whose key is `key` (`Self` is `Self_`), if one is.
    fn shared_name(&self, key: &str) -> Option<String> {
        let name = names::explicit(key).ok()?;
        self.shared.contains_key(&name).then_some(name)
    }

    pub(super) fn enum_values(&mut self, node: &RawNode, at: &Location) -> Vec<EnumValue> {
        let Some(values) = &node.values else {
            self.error(at, "`enum` needs `values`");
            return Vec::new();
        };
        if values.value.is_empty() {
            self.error(&values.referenced, "`values` is empty");
        }
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut wires: HashMap<String, ()> = HashMap::new();
        let mut out = Vec::new();
        for value in &values.value {
            let raw = &value.value;
            let named = match &raw.rust_name {
                Some(name) => names::explicit_type(name),
                None => names::type_name(&raw.value),
            };
            let rust = match named {
                Ok(rust) => rust,
                Err(error) => {
                    self.error(&value.referenced, error);
                    continue;
                }
            };
            if rust == "_Unknown" {
                self.error(
                    &value.referenced,
                    "`_Unknown` is the hidden variant of values the spec does not list; set another `rust_name`",
                );
            }
            if wires.insert(raw.value.clone(), ()).is_some() {
                self.error(
                    &value.referenced,
                    format!("value `{}` is listed twice", raw.value),
                );
            }
            if let Some(other) = seen.insert(rust.clone(), raw.value.clone()) {
                self.error(
                    &value.referenced,
                    format!(
                        "values `{other}` and `{}` both become `{rust}`; set `rust_name` on one",
                        raw.value
                    ),
                );
            }
            out.push(EnumValue {
                wire: raw.value.clone(),
                rust,
                doc: raw.doc.clone(),
            });
        }
        out
    }

    /// The Rust name of a struct or enum definition, registered against collisions.
    pub(super) fn definition_name(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        at: &Location,
    ) -> Option<String> {
        let (name, name_at) = match (&node.name, hint) {
            (Some(name), NameHint::Inline(_)) => (name.value.clone(), name.referenced),
            (Some(name), NameHint::Shared(_)) => {
                self.error(
                    &name.referenced,
                    "a named type takes its name from its key; remove `name`",
                );
                (hint.default_name().to_owned(), *at)
            }
            (None, _) => (hint.default_name().to_owned(), *at),
        };
        let name = match self.type_name(
            &name,
            &name_at,
            node.name.is_some() || matches!(hint, NameHint::Shared(_)),
        ) {
            Ok(name) => name,
            Err(()) => return None,
        };
        if let Some(previous) = self.type_names.insert(name.clone(), name_at) {
            self.error(
                &name_at,
                format!(
                    "the type name `{name}` is already used (line {}); set `name` on one",
                    previous.line()
                ),
            );
        }
        Some(name)
    }

    /// Checks a type name; `explicit` names must already be UpperCamelCase.
    pub(super) fn type_name(
        &mut self,
        name: &str,
        at: &Location,
        explicit: bool,
    ) -> Result<String, ()> {
        let checked = if explicit {
            names::explicit_type(name)
        } else {
            names::type_name(name)
        };
        match checked {
            Ok(rust) if RESERVED_TYPES.contains(&rust.as_str()) => {
                self.error(
                    at,
                    format!("`{rust}` is reserved in the generated module; choose another name"),
                );
                Err(())
            }
            Ok(rust) if rust.starts_with("r#") => {
                self.error(at, format!("`{name}` cannot be a type name"));
                Err(())
            }
            Ok(rust) => Ok(rust),
            Err(error) => {
                self.error(at, error);
                Err(())
            }
        }
    }

    pub(super) fn require_doc(&mut self, node: &RawNode, at: &Location) {
        if node
            .doc
            .as_ref()
            .is_none_or(|doc| doc.value.trim().is_empty())
        {
            self.error(at, "missing `doc`: every field and type is documented");
        }
    }

    /// Keys that only some kinds of type take.
    pub(super) fn check_type_keys(&mut self, node: &RawNode, kind: &str, branch: bool) {
        let misplaced = [
            (
                node.name.as_ref().map(|name| name.referenced),
                "name",
                matches!(kind, "object" | "enum" | "union"),
            ),
            (
                node.values.as_ref().map(|values| values.referenced),
                "values",
                kind == "enum",
            ),
            (
                node.fields.as_ref().map(|fields| fields.referenced),
                "fields",
                kind == "object",
            ),
            (
                node.items.as_ref().map(|items| items.referenced),
                "items",
                matches!(kind, "array" | "map"),
            ),
            (
                node.variants.as_ref().map(|variants| variants.referenced),
                "variants",
                kind == "union",
            ),
            (
                node.open.as_ref().map(|open| open.referenced),
                "open",
                kind == "union",
            ),
            (
                node.tag.as_ref().map(|tag| tag.referenced),
                "tag",
                kind == "union" || branch,
            ),
        ];
        for (at, key, allowed) in misplaced {
            if let (Some(at), false) = (at, allowed) {
                self.error(&at, format!("`{key}` does not apply to type `{kind}`"));
            }
        }
        if let (Some(otherwise), false) = (&node.otherwise, branch) {
            self.error(
                &otherwise.referenced,
                "`otherwise` belongs on a union's variant: the object variant for objects no other variant selects",
            );
        }
        if let (Some(key), false) = (&node.key, branch) {
            self.error(
                &key.referenced,
                "`key` belongs on a union's variant: the required key that tells it apart",
            );
        }
    }

    /// Under `presence: tolerant` where the spec is read now (the innermost `presence` that
    /// encloses it: field, object, then the spec's top level; `strict` without any).
    pub(super) fn tolerant(&self) -> bool {
        self.presence.last().copied().unwrap_or(false)
    }

    /// Enters the scope of a `presence` key, if given (checked: `strict` or `tolerant`);
    /// returns whether a scope was entered, for [`Self::leave_presence`].
    pub(super) fn enter_presence(&mut self, presence: Option<&Spanned<String>>) -> bool {
        let Some(presence) = presence else {
            return false;
        };
        let tolerant = match presence.value.as_str() {
            "tolerant" => true,
            "strict" => false,
            other => {
                self.error_unknown(
                    &presence.referenced,
                    format!("unknown presence policy `{other}`"),
                    other,
                    ["strict", "tolerant"],
                    Some("`presence` is `strict` or `tolerant`".to_owned()),
                );
                return false;
            }
        };
        self.presence.push(tolerant);
        true
    }

    /// Leaves the scope [`Self::enter_presence`] entered.
    pub(super) fn leave_presence(&mut self, entered: bool) {
        if entered {
            self.presence.pop();
        }
    }

    /// Keys that only some places take (fields, items, named types, payloads).
    pub(super) fn check_keys(&mut self, node: &RawNode, role: Role) {
        if let Some(presence) = &node.presence {
            let object = node.ty.as_ref().is_some_and(|ty| ty.value == "object");
            let allowed = match role {
                Role::Field => true,
                Role::Shared | Role::Payload => object,
                Role::Items | Role::EnvelopePayload | Role::Branch => false,
            };
            if !allowed {
                self.error(
                    &presence.referenced,
                    format!(
                        "`presence` is not allowed {}: it belongs on a field, an object type, or the spec's top level",
                        role.place()
                    ),
                );
            }
        }
        let present = [
            ("optional", node.optional.as_ref().map(|key| key.referenced)),
            ("nullable", node.nullable.as_ref().map(|key| key.referenced)),
            (
                "rust_name",
                node.rust_name.as_ref().map(|key| key.referenced),
            ),
            (
                "deprecated",
                node.deprecated.as_ref().map(|key| key.referenced),
            ),
        ];
        for (key, key_at) in present {
            if let Some(key_at) = key_at
                && !role.allows(key)
            {
                self.error(&key_at, format!("`{key}` is not allowed {}", role.place()));
            }
        }
    }
}
