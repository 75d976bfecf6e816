//! A spec's documentation text (vendor prose, Markdown) made safe for rustdoc and clippy: what
//! the vendor wrote shows as written, and nothing in it becomes a doctest, an intra-doc link or
//! a lint warning.
//!
//! - A fenced code block that rustdoc would compile (no language, or `rust`) is marked `text`,
//!   and an indented code block becomes a `text` fence;
//! - brackets that are not a Markdown link (`[sic]`, `[`Kind`]`) are escaped, so they are not
//!   read as intra-doc links;
//! - `<` that does not open an autolink (`<https://…>`) is escaped, so no HTML tag is left
//!   unclosed;
//! - a bare URL becomes an autolink;
//! - a list item's lazy continuation line is indented under it, and tabs become spaces.

/// The fence info strings rustdoc reads as Rust (a code block with only these is a doctest).
const RUST_INFO: &[&str] = &[
    "rust",
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "standalone_crate",
    "test_harness",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// `text` as rustdoc-safe Markdown.
pub(crate) fn prose(text: &str) -> String {
    let text = text.replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    // The open fence (its character and length) while inside a fenced code block.
    let mut fence: Option<(char, usize)> = None;
    // Inside an indented code block (turned into a `text` fence).
    let mut indented = false;
    // The content column of the list item the text is in, if any.
    let mut list: Option<usize> = None;
    let mut previous_blank = true;
    for line in text.lines() {
        if let Some((marker, length)) = fence {
            out.push(line.to_owned());
            if fence_of(line)
                .is_some_and(|(c, n, info)| c == marker && n >= length && info.is_empty())
            {
                fence = None;
            }
            continue;
        }
        let blank = line.trim().is_empty();
        let indent = line.len() - line.trim_start().len();
        if indented {
            if blank || indent >= 4 {
                out.push(line.get(4..).unwrap_or(line.trim_start()).to_owned());
                continue;
            }
            close_indented(&mut out);
            indented = false;
        }
        if blank {
            out.push(String::new());
            previous_blank = true;
            continue;
        }
        if indent >= 4 && previous_blank && list.is_none() {
            out.push("```text".to_owned());
            out.push(line.get(4..).unwrap_or(line.trim_start()).to_owned());
            indented = true;
            continue;
        }
        if let Some((c, n, info)) = fence_of(line) {
            let rust = info.is_empty()
                || info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|token| !token.is_empty())
                    .all(|token| RUST_INFO.contains(&token));
            let open = line.get(..indent + n).unwrap_or(line);
            out.push(if rust {
                format!("{open}text")
            } else {
                line.to_owned()
            });
            fence = Some((c, n));
            previous_blank = false;
            continue;
        }
        let line = match (list_item(line), list) {
            (Some(column), _) => {
                list = Some(column);
                line.to_owned()
            }
            // A continuation of the item's paragraph: indented under its text.
            (None, Some(column)) if !previous_blank && indent < column => {
                format!("{}{}", " ".repeat(column), line.trim_start())
            }
            (None, Some(column)) if indent >= column => line.to_owned(),
            _ => {
                list = None;
                line.to_owned()
            }
        };
        out.push(inline(&line));
        previous_blank = false;
    }
    if indented {
        close_indented(&mut out);
    }
    // Text that opens with a code block starts on a line of its own, also where the generated
    // doc puts it after a label (`` `value`: ``).
    if out.first().is_some_and(|line| fence_of(line).is_some()) {
        out.insert(0, String::new());
    }
    out.join("\n")
}

/// Ends an indented code block turned into a fence (before its trailing blank lines).
fn close_indented(out: &mut Vec<String>) {
    let blanks = out.iter().rev().take_while(|line| line.is_empty()).count();
    let at = out.len() - blanks;
    out.insert(at, "```".to_owned());
}

/// A fence line: its character, length and info string.
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    if indent > 3 {
        return None;
    }
    let rest = line.trim_start();
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = rest.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    let info = rest[length..].trim();
    (marker == '~' || !info.contains('`')).then_some((marker, length, info))
}

/// The content column of a list item line (`- a`, `* a`, `1. a`), if it is one.
fn list_item(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    let marker = if rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ") {
        1
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = rest.get(digits..)?;
        if digits == 0 || !(after.starts_with(". ") || after.starts_with(") ")) {
            return None;
        }
        digits + 1
    };
    let spaces = rest[marker..].len() - rest[marker..].trim_start().len();
    Some(indent + marker + spaces)
}

/// One line outside code blocks: code spans kept, brackets and `<` escaped unless they make a
/// link, bare URLs made autolinks.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    // A reference definition (`[1]: https://…`) stays as written.
    if line.trim_start().starts_with('[')
        && let Some(close) = line.find("]:")
        && !line[..close].contains(']')
    {
        return line.to_owned();
    }
    while at < chars.len() {
        let c = chars[at];
        match c {
            '\\' if at + 1 < chars.len() => {
                out.push(c);
                out.push(chars[at + 1]);
                at += 2;
            }
            '`' => {
                let run = chars[at..].iter().take_while(|c| **c == '`').count();
                match closing_run(&chars, at + run, run) {
                    Some(end) => {
                        out.extend(&chars[at..end + run]);
                        at = end + run;
                    }
                    None => {
                        out.extend(&chars[at..at + run]);
                        at += run;
                    }
                }
            }
            '[' => match link_end(&chars, at) {
                Some(end) => {
                    out.extend(&chars[at..end]);
                    at = end;
                }
                None => {
                    out.push_str("\\[");
                    at += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                at += 1;
            }
            '<' => match autolink_end(&chars, at) {
                Some(end) => {
                    out.extend(&chars[at..end]);
                    at = end;
                }
                None => {
                    out.push_str("&lt;");
                    at += 1;
                }
            },
            // Links and autolinks were copied whole above: a URL here is bare.
            'h' if url_at(&chars, at) => {
                let end = url_end(&chars, at);
                out.push('<');
                out.extend(&chars[at..end]);
                out.push('>');
                at = end;
            }
            _ => {
                out.push(c);
                at += 1;
            }
        }
    }
    out
}

/// Where a run of exactly `run` backticks starts at or after `from`.
fn closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut at = from;
    while at < chars.len() {
        if chars[at] == '`' {
            let length = chars[at..].iter().take_while(|c| **c == '`').count();
            if length == run {
                return Some(at);
            }
            at += length;
        } else {
            at += 1;
        }
    }
    None
}

/// The end of a Markdown link starting at `[` (`[text](url)` or `[text][ref]`), if it is one.
fn link_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut at = open;
    let close = loop {
        match chars.get(at)? {
            '\\' => at += 1,
            '`' => {
                let run = chars[at..].iter().take_while(|c| **c == '`').count();
                at = closing_run(chars, at + run, run)? + run - 1;
            }
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break at;
                }
            }
            _ => {}
        }
        at += 1;
    };
    let (opening, closing) = match chars.get(close + 1)? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0;
    for (offset, c) in chars[close + 1..].iter().enumerate() {
        if *c == opening {
            depth += 1;
        } else if *c == closing {
            depth -= 1;
            if depth == 0 {
                return Some(close + 2 + offset);
            }
        }
    }
    None
}

/// The end of an autolink starting at `<` (`<https://…>` or `<name@host>`), if it is one.
fn autolink_end(chars: &[char], open: usize) -> Option<usize> {
    let close = open + chars[open..].iter().position(|c| *c == '>')?;
    let inner: String = chars[open + 1..close].iter().collect();
    let url = inner.contains("://")
        && inner.split("://").next().is_some_and(|scheme| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
    let email = inner.contains('@') && !inner.starts_with('@') && !inner.ends_with('@');
    let plain = !inner.is_empty() && !inner.contains(|c: char| c.is_whitespace() || c == '<');
    (plain && (url || email)).then_some(close + 1)
}

/// Whether an `http://` or `https://` URL starts at `at` (not inside a word).
fn url_at(chars: &[char], at: usize) -> bool {
    let rest: String = chars[at..chars.len().min(at + 8)].iter().collect();
    let starts = rest.starts_with("http://") || rest.starts_with("https://");
    let word = at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '/');
    starts && !word
}

/// The end of a bare URL: at whitespace or `<`, without trailing punctuation.
fn url_end(chars: &[char], at: usize) -> usize {
    let mut end = at;
    while end < chars.len() && !chars[end].is_whitespace() && chars[end] != '<' {
        end += 1;
    }
    while end > at && ".,;:!?)]'\"*_".contains(chars[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn links_code_and_plain_text_stay_as_written() {
        for text in [
            "The [comment](https://example.com/a#b) itself.",
            "A [`check_run`](#check_run) object.",
            "Text with `[code]` and `<tag>` and `https://x.y`.",
            "See <https://example.com> and <a@b.c>.",
            "Plain text, *emphasis*, and a\\[n escape\\].",
            "[1]: https://example.com",
            "A:\n```json\n{\"a\": [1]}\n```",
        ] {
            assert_eq!(prose(text), text);
        }
    }

    #[test]
    fn brackets_angles_and_bare_urls_are_escaped() {
        assert_eq!(prose("[sic] and [`Kind`]"), "\\[sic\\] and \\[`Kind`\\]");
        assert_eq!(prose("a <b>bold</b> <div"), "a &lt;b>bold&lt;/b> &lt;div");
        assert_eq!(
            prose("see https://example.com/x."),
            "see <https://example.com/x>."
        );
        assert_eq!(
            prose("(https://a.b) <https://c"),
            "(<https://a.b>) &lt;<https://c>"
        );
        assert_eq!(
            prose("`refs/heads/<branch name>`"),
            "`refs/heads/<branch name>`"
        );
    }

    #[test]
    fn code_that_rustdoc_would_compile_is_text() {
        assert_eq!(prose("```\n{\"a\": 1}\n```"), "\n```text\n{\"a\": 1}\n```");
        assert_eq!(prose("x\n```rust\nfn x\n```"), "x\n```text\nfn x\n```");
        assert_eq!(
            prose("Before:\n\n    indented code\n\nAfter."),
            "Before:\n\n```text\nindented code\n```\n\nAfter."
        );
        assert_eq!(
            prose("Before:\n\n    code"),
            "Before:\n\n```text\ncode\n```"
        );
    }

    #[test]
    fn lists_continue_under_their_items_and_tabs_are_spaces() {
        assert_eq!(
            prose("- one\ncontinued\n- two\n\nAfter."),
            "- one\n  continued\n- two\n\nAfter."
        );
        assert_eq!(
            prose("1. one\n\n    more of one"),
            "1. one\n\n    more of one"
        );
        assert_eq!(prose("a\tb"), "a    b");
    }
}
