//! The YAML loader's errors in a spec author's terms: what is wrong with the line, in plain
//! words, and how to fix it (bad indentation above all, which the YAML parser reports as
//! "did not find expected key" or "mapping values are not allowed in this context").

use std::path::Path;

use serde_saphyr::Location;

use crate::diagnostic::{Diagnostic, Related};

/// The diagnostic for a YAML error at `location` whose text is `message`.
pub(super) fn explain(
    file: &Path,
    text: &str,
    message: &str,
    location: Option<Location>,
) -> Diagnostic {
    let message = clean_message(message);
    let Some(location) = location.filter(|location| location.line() > 0) else {
        return Diagnostic::file(file, message);
    };
    let at = Diagnostic::at(file, &location, &message);
    let lines: Vec<&str> = text.lines().collect();
    let Some(line) = usize::try_from(location.line() - 1)
        .ok()
        .and_then(|index| Line::new(&lines, index))
    else {
        return at;
    };
    if message.contains("did not find expected key") {
        misaligned(at, &line)
    } else if message.contains("mapping values are not allowed") {
        colon(at, &line, location.column())
    } else if message.starts_with("tabs disallowed") {
        tab(at)
    } else if message.contains("simple key expected ':'") {
        no_colon(at, &line)
    } else {
        at
    }
}

/// A line of the spec, with the lines above it.
struct Line<'a> {
    lines: &'a [&'a str],
    index: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn new(lines: &'a [&'a str], index: usize) -> Option<Self> {
        Some(Line {
            lines,
            index,
            text: lines.get(index)?,
        })
    }

    fn indent(&self) -> usize {
        indent_of(self.text)
    }

    /// The key this line starts with (without `- ` and quotes), or its first word.
    fn key(&self) -> &'a str {
        key_of(self.text)
    }

    /// The nearest line above with content (not blank, not a comment): 1-based number and text.
    fn above(&self) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let lines = self.lines;
        (0..self.index)
            .rev()
            .map(move |index| (index + 1, lines[index]))
            .filter(|(_, text)| {
                let content = text.trim_start();
                !content.is_empty() && !content.starts_with('#')
            })
    }
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

fn key_of(text: &str) -> &str {
    let content = text.trim_start_matches([' ', '-']);
    let key = content
        .split_once(':')
        .map_or(content, |(key, _)| key)
        .split_whitespace()
        .next()
        .unwrap_or_default();
    key.trim_matches(['"', '\''])
}

/// A point at `key` on 1-based line `number` indented by `indent`.
fn key_at(number: usize, indent: usize, key: &str) -> (u64, u64, u64) {
    (number as u64, indent as u64 + 1, key.chars().count() as u64)
}

fn related(place: (u64, u64, u64), message: String) -> Related {
    Related {
        line: place.0,
        column: place.1,
        length: place.2,
        message,
    }
}

fn spaces(count: usize) -> String {
    match count {
        1 => "1 space".to_owned(),
        count => format!("{count} spaces"),
    }
}

/// "did not find expected key": the line is indented to no level of the mappings around it.
fn misaligned(mut at: Diagnostic, line: &Line<'_>) -> Diagnostic {
    let indent = line.indent();
    let key = line.key();
    // The keys above that it could line up with: the nearest one deeper than it and the
    // nearest one shallower (the levels of the enclosing mappings).
    let mut deeper = None;
    let mut shallower = None;
    let mut level = usize::MAX;
    for (number, text) in line.above() {
        let other = indent_of(text);
        if other >= level {
            continue;
        }
        level = other;
        if other > indent {
            deeper = Some((number, other, key_of(text)));
        } else if other < indent {
            shallower = Some((number, other, key_of(text)));
            break;
        }
    }
    at.message = format!(
        "bad indentation: `{key}` is indented by {}, which lines up with no key above it",
        spaces(indent)
    );
    at.column = indent as u64 + 1;
    at.length = key.chars().count() as u64;
    let mut options = Vec::new();
    for (number, other, above) in [deeper, shallower].into_iter().flatten() {
        options.push(format!(
            "by {} to sit beside `{above}` (line {number})",
            spaces(other)
        ));
        at.related.push(related(
            key_at(number, other, above),
            format!("`{above}` is indented by {}", spaces(other)),
        ));
    }
    at.help = Some(match options.as_slice() {
        [] => {
            "the keys of one mapping line up; indent it like the key it belongs beside".to_owned()
        }
        options => format!(
            "the keys of one mapping line up: indent `{key}` {}",
            options.join(", or ")
        ),
    });
    at
}

/// "mapping values are not allowed in this context": either the line is indented under a key
/// whose value is already on its line, or an unquoted value holds `: `.
fn colon(mut at: Diagnostic, line: &Line<'_>, column: u64) -> Diagnostic {
    let indent = line.indent();
    let key = line.key();
    let before_colon: String = line
        .text
        .chars()
        .take(usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX))
        .collect();
    let first_colon = !before_colon.trim_start_matches([' ', '-']).contains(": ");
    let above = line.above().next();
    match above {
        Some((number, text)) if first_colon && indent > indent_of(text) => {
            let other = indent_of(text);
            let parent = key_of(text);
            let value = text.split_once(':').map_or("", |(_, value)| value.trim());
            at.message = format!(
                "bad indentation: `{key}` is indented deeper than `{parent}` above it, but `{parent}` has its value (`{value}`) on its line, so nothing can nest under it"
            );
            at.column = indent as u64 + 1;
            at.length = key.chars().count() as u64;
            at.related.push(related(
                key_at(number, other, parent),
                format!("`{parent}` is indented by {}", spaces(other)),
            ));
            at.help = Some(format!(
                "indent `{key}` by {} to sit beside `{parent}`",
                spaces(other)
            ));
        }
        _ => {
            at.message = format!(
                "the value of `{key}` holds `: `, which YAML reads as the start of another key"
            );
            at.help = Some(
                "quote the value (`key: \"a: b\"`) or write it as a block (`key: |`, then the text indented on the lines below)"
                    .to_owned(),
            );
        }
    }
    at
}

fn tab(mut at: Diagnostic) -> Diagnostic {
    at.message = "a tab in the indentation: YAML indents with spaces only".to_owned();
    at.help = Some("replace the tab with spaces".to_owned());
    at
}

fn no_colon(mut at: Diagnostic, line: &Line<'_>) -> Diagnostic {
    let key = line.key();
    at.message = format!("`{key}` is followed by no `:`; each line of a mapping is `key: value`");
    at.length = key.chars().count() as u64;
    at.help = Some(format!(
        "write `{key}: ...`, or continue the value of the key above on an indented line"
    ));
    at
}

/// The loader's message without what the diagnostic says itself (severity, position) and
/// without advice meant for Rust callers of the YAML library.
pub(super) fn clean_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    let mut text = first_line.trim_start_matches("error: ");
    if let Some(rest) = text.strip_prefix("line ") {
        // "line 19 column 5: duplicate mapping key: doc"
        if let Some((_, after)) = rest.split_once(": ") {
            text = after;
        }
    }
    let text = text
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(text);
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::clean_message;

    #[test]
    fn loader_messages_lose_position_and_library_advice() {
        assert_eq!(
            clean_message(
                "error: line 19 column 5: duplicate mapping key: doc, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "duplicate mapping key: doc"
        );
        assert_eq!(
            clean_message("invalid type: string \"maybe\", expected a boolean"),
            "invalid type: string \"maybe\", expected a boolean"
        );
    }
}
