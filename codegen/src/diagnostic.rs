//! Problems found in specs: each points at `file:line:col` and the text it concerns, may say
//! how to fix it (`help`) and where something related was written (`note`), and renders as a
//! source snippet with a caret under that text.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_saphyr::Location;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The spec cannot be generated from.
    Error,
    /// The spec generates, but something in it is probably wrong.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: u64,
    /// 1-based column, in characters (0 when the problem concerns the whole file).
    pub column: u64,
    /// How many characters from `column` the problem covers (0 for a point).
    pub length: u64,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when the generator can say (such as "did you mean `string`?").
    pub help: Option<String>,
    /// Other places in the same file that explain the problem (such as a first definition).
    pub related: Vec<Related>,
}

/// A place in the same file that a [`Diagnostic`] refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// How many characters from `column` it covers (0 for a point).
    pub length: u64,
    /// What is there (such as "first defined here").
    pub message: String,
}

impl Related {
    /// The related place at `location`.
    pub fn at(location: &Location, message: impl Into<String>) -> Self {
        Related {
            line: location.line(),
            column: location.column(),
            length: location.span().len(),
            message: message.into(),
        }
    }
}

impl Diagnostic {
    /// An error at `location`, covering the text its span covers.
    pub fn at(file: &Path, location: &Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: location.line(),
            column: location.column(),
            length: location.span().len(),
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// An error about a whole file.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            length: 0,
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// The same problem as a warning.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem with advice on fixing it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem with advice on fixing it, if there is any.
    #[must_use]
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help.or(self.help);
        self
    }

    /// The same problem, also pointing at a related place in the file.
    #[must_use]
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// The full form: the one-line summary's message, a snippet of `source` (the text of
    /// [`Self::file`]) with a caret under the offending text, related places and the help.
    /// Plain text; [`Self::render_styled`] colours it.
    pub fn render(&self, source: &str) -> String {
        self.render_with(source, Renderer::plain())
    }

    /// [`Self::render`] with terminal colours (ANSI escapes), for a terminal.
    pub fn render_styled(&self, source: &str) -> String {
        self.render_with(source, Renderer::styled())
    }

    fn render_with(&self, source: &str, renderer: Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let title = level.primary_title(self.message.as_str());
        let mut group = match self.snippet(source, &path) {
            Some(snippet) => title.element(snippet),
            None if self.line == 0 => Group::with_title(title),
            // The position is not in this text (a stale file): say where, without a snippet.
            None => title
                .element(Level::NOTE.message(format!("at {}:{}:{}", path, self.line, self.column))),
        };
        if self.line == 0 {
            group = group.element(Level::NOTE.message(format!("in {path}")));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    }

    /// The lines from the first to the last place this problem points at, annotated (lines
    /// in between without an annotation are folded away).
    fn snippet<'a>(
        &'a self,
        source: &'a str,
        path: &'a str,
    ) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
        if self.line == 0 {
            return None;
        }
        let lines = LineIndex::new(source);
        let primary = lines.range(self.line, self.column, self.length)?;
        let related: Vec<(Range<usize>, &str)> = self
            .related
            .iter()
            .filter_map(|place| {
                let range = lines.range(place.line, place.column, place.length)?;
                Some((range, place.message.as_str()))
            })
            .collect();
        let first = related
            .iter()
            .map(|(range, _)| range.start)
            .fold(primary.start, usize::min);
        let last = related
            .iter()
            .map(|(range, _)| range.end)
            .fold(primary.end, usize::max);
        let (first_line, start) = lines.line_start(first);
        let end = lines.line_end(last);
        let text = source.get(start..end)?;
        let shift = |range: &Range<usize>| range.start - start..range.end - start;
        let mut snippet = Snippet::source(text)
            .line_start(first_line)
            .path(path)
            .fold(true)
            .annotation(AnnotationKind::Primary.span(shift(&primary)));
        for (range, message) in &related {
            snippet =
                snippet.annotation(AnnotationKind::Context.span(shift(range)).label(*message));
        }
        Some(snippet)
    }
}

/// Line starts of a text, to turn 1-based line and character column into byte offsets.
struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The bytes of `length` characters from `line:column`, kept within that line; a point
    /// (length 0) covers one character, or is empty at the end of the line.
    fn range(&self, line: u64, column: u64, length: u64) -> Option<Range<usize>> {
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        let line_start = *self.starts.get(index)?;
        let line_end = self.line_end(line_start);
        let line_text = self.text.get(line_start..line_end)?;
        let skip = usize::try_from(column.saturating_sub(1)).ok()?;
        let mut chars = line_text.char_indices().skip(skip);
        let start = chars.next().map_or(line_text.len(), |(at, _)| at);
        let length = usize::try_from(length.max(1)).unwrap_or(usize::MAX);
        let end = line_text[start..]
            .char_indices()
            .nth(length)
            .map_or(line_text.len(), |(at, _)| start + at);
        Some(line_start + start..line_start + end)
    }

    /// The 1-based line holding byte `offset`, and that line's first byte.
    fn line_start(&self, offset: usize) -> (usize, usize) {
        let index = self.starts.partition_point(|&start| start <= offset).max(1) - 1;
        (index + 1, self.starts[index])
    }

    /// The end of the line holding byte `offset` (before its line break).
    fn line_end(&self, offset: usize) -> usize {
        let rest = self.text.get(offset..).unwrap_or_default();
        let end = offset + rest.find('\n').unwrap_or(rest.len());
        if end > offset && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form, `file:line:col: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(
                f,
                "{}: {}: {}",
                self.file.display(),
                self.severity,
                self.message
            )
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.severity,
                self.message
            )
        }
    }
}

/// Every problem found in a set of specs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Every problem in full form ([`Diagnostic::render`]), each file read once from disk;
    /// a problem whose file cannot be read gets its one-line form. `styled` adds terminal
    /// colours.
    pub fn render(&self, styled: bool) -> String {
        let mut sources: Vec<(&Path, Option<String>)> = Vec::new();
        let mut out = String::new();
        for diagnostic in &self.0 {
            let source = match sources
                .iter()
                .position(|(file, _)| *file == diagnostic.file)
            {
                Some(index) => &sources[index].1,
                None => {
                    let text = std::fs::read_to_string(&diagnostic.file).ok();
                    sources.push((&diagnostic.file, text));
                    &sources[sources.len() - 1].1
                }
            };
            let rendered = match source {
                Some(source) if styled => diagnostic.render_styled(source),
                Some(source) => diagnostic.render(source),
                None => diagnostic.to_string(),
            };
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(rendered.trim_end());
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    /// One line per problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `word`, if one is close enough to be a likely misspelling:
/// the same but for case, or within an edit distance (insertions, deletions, substitutions
/// and swaps of adjacent letters) of about a third of the word's length, at most 3. Of
/// equally close candidates, the first in alphabetical order.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let allowed = match word.chars().count() {
        0 => return None,
        1..=3 => 1,
        length => length.div_ceil(3).min(3),
    };
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| {
            let distance = if candidate.to_lowercase() == lower {
                0
            } else {
                strsim::damerau_levenshtein(&lower, &candidate.to_lowercase())
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, candidate)| candidate)
}

/// `did you mean `x`?` for [`did_you_mean`]'s suggestion.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|found| format!("did you mean `{found}`?"))
}
