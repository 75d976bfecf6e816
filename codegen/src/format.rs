//! Stage 4: tokens → formatted source with `prettyplease`.
//!
//! prettyplease prints a file item after item, each from the start of a line at indentation
//! zero, so printing the items one at a time gives the same text as printing the whole file.
//! That is what this stage does: the syntax tree of one item exists at a time (a large module's
//! whole tree would take gigabytes), and the generator formats the parts of a large module
//! (its head, each struct, enum and union, its tail) on several threads, putting the text back
//! together in order.

use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

/// Formats generated tokens as a source file with a header naming its origin.
pub fn format(tokens: TokenStream, origin: &str) -> Result<String, syn::Error> {
    let mut source = Source::new(origin);
    unparse_items(tokens, &mut |text| source.push(text))?;
    Ok(source.finish())
}

/// [`format`] of the concatenation of `part(0)`, `part(1)`, ... `part(count - 1)`, each of
/// which holds whole items (and no inner attributes). Large modules are formatted on several
/// threads, each calling `part` for the parts it formats; the text is the same whatever the
/// number of threads.
pub(crate) fn format_parts<F>(count: usize, part: F, origin: &str) -> Result<String, syn::Error>
where
    F: Fn(usize) -> TokenStream + Sync,
{
    let mut source = Source::new(origin);
    let threads = threads_for(count);
    if threads <= 1 {
        for index in 0..count {
            unparse_items(part(index), &mut |text| source.push(text))?;
        }
        return Ok(source.finish());
    }
    // Threads take batches of consecutive parts in order (the first, the head of the module,
    // is the largest); each batch's text is kept by its index and appended in order.
    let next = AtomicUsize::new(0);
    let batches = count.div_ceil(BATCH);
    let work = || -> Vec<(usize, Result<String, String>)> {
        let mut done = Vec::new();
        loop {
            let batch = next.fetch_add(1, Ordering::Relaxed);
            if batch >= batches {
                return done;
            }
            let mut text = String::new();
            let mut result = Ok(());
            for index in batch * BATCH..((batch + 1) * BATCH).min(count) {
                result = unparse_items(part(index), &mut |item| text.push_str(item));
                if result.is_err() {
                    break;
                }
            }
            // A `syn::Error` holds spans, which stay on their thread: keep its message.
            done.push((
                batch,
                result.map(|()| text).map_err(|error| error.to_string()),
            ));
        }
    };
    let mut results: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .name("hookspec-format".to_owned())
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut results = Vec::with_capacity(batches);
        // A thread that could not start leaves its work to the others (or to the loop below,
        // when none started).
        for worker in workers.into_iter().flatten() {
            match worker.join() {
                Ok(mut done) => results.append(&mut done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(batch, _)| *batch);
    let mut expected = 0;
    for (batch, text) in results {
        if batch != expected {
            break;
        }
        expected += 1;
        match text {
            Ok(text) => source.push(&text),
            Err(message) => return Err(syn::Error::new(proc_macro2::Span::call_site(), message)),
        }
    }
    // Batches no thread took (only when threads could not be started).
    for index in expected * BATCH..count {
        unparse_items(part(index), &mut |text| source.push(text))?;
    }
    Ok(source.finish())
}

/// Parts per batch a thread takes at a time.
const BATCH: usize = 32;

/// Parts below which one more thread is not worth starting.
const PARTS_PER_THREAD: usize = 256;

/// At most this many threads format one module.
const MAX_THREADS: usize = 8;

/// The stack of a formatting thread: as much as a main thread has (parsing and printing recurse
/// as deep as the generated code nests).
const STACK_SIZE: usize = 8 * 1024 * 1024;

/// How many threads format `count` parts: one for small modules, else up to the machine's
/// parallelism.
fn threads_for(count: usize) -> usize {
    let available = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    available
        .min(MAX_THREADS)
        .min(count / PARTS_PER_THREAD)
        .max(1)
}

/// Prints each item of `tokens` and hands its text to `out`, one at a time.
fn unparse_items(tokens: TokenStream, out: &mut dyn FnMut(&str)) -> Result<(), syn::Error> {
    use syn::parse::{ParseStream, Parser};

    let mut file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: Vec::with_capacity(1),
    };
    let parser = |input: ParseStream| {
        file.attrs = input.call(syn::Attribute::parse_inner)?;
        if !file.attrs.is_empty() {
            // Inner attributes (`#![...]`) belong to the file: print it whole.
            while !input.is_empty() {
                file.items.push(input.parse()?);
            }
            out(&prettyplease::unparse(&file));
            return Ok(());
        }
        while !input.is_empty() {
            let item: syn::Item = input.parse()?;
            if let Some(text) = table(&item) {
                out(&text);
                continue;
            }
            file.items.push(item);
            out(&prettyplease::unparse(&file));
            file.items.clear();
        }
        Ok(())
    };
    parser.parse2(tokens)
}

/// A struct's `object!` table (`hookspec::__private::object! { ... }`), printed a row per
/// line: prettyplease flows a macro's tokens like a paragraph, which would bury the rows.
/// `None` for any other item.
fn table(item: &syn::Item) -> Option<String> {
    use proc_macro2::TokenTree;

    let syn::Item::Macro(item) = item else {
        return None;
    };
    let path = &item.mac.path;
    if item.ident.is_some() || !item.attrs.is_empty() || path.segments.last()?.ident != "object" {
        return None;
    }
    let path: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let mut text = format!("{}! {{\n", path.join("::"));
    let mut row: Vec<TokenTree> = Vec::new();
    for token in item.mac.tokens.clone() {
        // An attribute (`#[...]`) is a line of its own.
        let attribute = matches!(&token, TokenTree::Group(group)
            if group.delimiter() == proc_macro2::Delimiter::Bracket)
            && matches!(row.as_slice(), [TokenTree::Punct(hash)] if hash.as_char() == '#');
        let end = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ';');
        row.push(token);
        if end || attribute {
            text.push_str("    ");
            text.push_str(&tokens_text(&row));
            text.push('\n');
            row.clear();
        }
    }
    if !row.is_empty() {
        text.push_str("    ");
        text.push_str(&tokens_text(&row));
        text.push('\n');
    }
    text.push_str("}\n");
    Some(text)
}

/// Tokens as Rust source on one line, spaced as rustfmt would space a table row.
fn tokens_text(tokens: &[proc_macro2::TokenTree]) -> String {
    use proc_macro2::{Delimiter, TokenTree};

    let mut text = String::new();
    let mut glue = true;
    for token in tokens {
        let (piece, tight_before, tight_after) = match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                let tight = group.delimiter() != Delimiter::Brace;
                (
                    format!("{open}{}{close}", tokens_text(&inner)),
                    tight,
                    false,
                )
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                (
                    c.to_string(),
                    matches!(c, ',' | ';' | ':' | '<' | '>'),
                    matches!(c, '#' | '<'),
                )
            }
            TokenTree::Ident(ident) => (ident.to_string(), false, false),
            TokenTree::Literal(literal) => (literal.to_string(), false, false),
        };
        if !text.is_empty() && !glue && !tight_before {
            text.push(' ');
        }
        text.push_str(&piece);
        glue = tight_after;
    }
    text
}

/// The source file being put together: the header, then the printed items with a blank line
/// between items (see [`Separator`]).
struct Source {
    text: String,
    separator: Separator,
    /// The end of the text so far when it does not end a line (never, with prettyplease).
    partial: String,
}

impl Source {
    fn new(origin: &str) -> Self {
        Source {
            text: format!(
                "// @generated by hookspec-codegen from {origin}. Do not edit: edit the spec and run `cargo build`.\n\n"
            ),
            separator: Separator::default(),
            partial: String::new(),
        }
    }

    /// Appends printed text, which continues the text so far.
    fn push(&mut self, printed: &str) {
        let joined;
        let printed = if self.partial.is_empty() {
            printed
        } else {
            joined = std::mem::take(&mut self.partial) + printed;
            &joined
        };
        let complete = match printed.rfind('\n') {
            Some(end) => {
                self.partial.push_str(&printed[end + 1..]);
                &printed[..=end]
            }
            None => {
                self.partial.push_str(printed);
                return;
            }
        };
        self.text.reserve(complete.len() + complete.len() / 16);
        for line in complete.lines() {
            self.separator.line(line, &mut self.text);
        }
    }

    fn finish(mut self) -> String {
        let partial = std::mem::take(&mut self.partial);
        for line in partial.lines() {
            self.separator.line(line, &mut self.text);
        }
        self.text
    }
}

/// prettyplease prints items back to back; a person separates them with a blank line. Adds one
/// where an item (or its docs and attributes) starts right after the end of another item or
/// after the `use` block.
#[derive(Default)]
struct Separator {
    /// The previous line ends an item (`}` or `};` alone on it).
    ends_item: bool,
    /// The previous line is a `use` declaration.
    in_uses: bool,
}

impl Separator {
    /// Appends `line` and a newline to `out`, after a blank line where it starts an item.
    fn line(&mut self, line: &str, out: &mut String) {
        let current = line.trim_start();
        let ends_uses = self.in_uses && !current.starts_with("use ");
        let starts_item = [
            "///", "#[", "pub ", "impl", "fn ", "struct ", "enum ", "const ", "use ",
        ]
        .iter()
        .any(|start| current.starts_with(start));
        if (self.ends_item || ends_uses) && starts_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        self.ends_item = matches!(line.trim(), "}" | "};");
        self.in_uses = current.starts_with("use ");
    }
}

#[cfg(test)]
mod tests {
    use super::Source;

    fn separate_items(source: &str) -> String {
        let mut out = Source::new("test");
        // In pieces, as printed items arrive, to check that pieces join as one text.
        for piece in source.split_inclusive(';') {
            out.push(piece);
        }
        let text = out.finish();
        let header_end = text.find("\n\n").unwrap() + 2;
        text[header_end..].to_owned()
    }

    #[test]
    fn items_are_separated_by_one_blank_line() {
        let source = "use a::b;\nuse c::d;\n/// Doc.\npub struct A {\n    x: u8,\n}\nimpl A {\n    fn f() {}\n    fn g() {\n        h();\n    }\n    fn i() {}\n}\n";
        let expected = "use a::b;\nuse c::d;\n\n/// Doc.\npub struct A {\n    x: u8,\n}\n\nimpl A {\n    fn f() {}\n    fn g() {\n        h();\n    }\n\n    fn i() {}\n}\n";
        assert_eq!(separate_items(source), expected);
    }

    #[test]
    fn parts_formatted_on_threads_equal_the_whole_file() {
        let item = |index: usize| {
            let name = quote::format_ident!("S{index}");
            quote::quote! {
                /// A struct.
                pub struct #name { pub x: u8 }
                impl #name { fn f(&self) -> u8 { match self.x { 0 => 1, _ => 2 } } }
            }
        };
        let count = 1000;
        // The whole file parsed and printed at once, as the generator did before.
        let whole: proc_macro2::TokenStream = (0..count).map(item).collect();
        let file: syn::File = syn::parse2(whole).unwrap();
        let mut expected = Source::new("test");
        expected.push(&prettyplease::unparse(&file));
        let parts = super::format_parts(count, item, "test").unwrap();
        assert!(
            super::threads_for(count) > 1
                || std::thread::available_parallelism().is_ok_and(|n| n.get() == 1)
        );
        assert_eq!(parts, expected.finish());
    }
}
